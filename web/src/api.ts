// The one way the client talks to the server: JSON over /api/v1, the session
// cookie, and the CSRF token on every write. Errors become ApiError with the
// problem's code, detail and field.
import type { Page } from './types';

const CSRF_KEY = 'staffroom.csrf';

let csrf: string | null = readCsrf();
let onUnauthenticated: (() => void) | null = null;

function readCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

export function setCsrf(token: string | null): void {
  csrf = token;
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    /* private mode: keep it in memory only */
  }
}

/** Called when the server says the session is gone (401 on a request that needed one). */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export class ApiError extends Error {
  status: number;
  code: string;
  field: string | null;
  findings: unknown[] | null;
  /** Seconds from the Retry-After header (429, 503), or null. */
  retryAfter: number | null = null;
  constructor(status: number, code: string, detail: string, field?: string | null, findings?: unknown[] | null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    this.findings = findings ?? null;
  }
}

/** Plain words for a failed request, preferring the server's own sentence. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    switch (e.code) {
      case 'network':
        return 'staffroom could not be reached. Check your connection and try again; nothing you typed is lost.';
      case 'csrf_failed':
      case 'unauthenticated':
        return 'Your sign-in has ended. Sign in again to continue; nothing you typed is lost.';
      case 'busy':
      case 'database_unavailable':
        return 'staffroom is busy right now. Please try again in a moment.';
      case 'internal':
        return 'Something went wrong on the server. Please try again; if it keeps happening, tell your IT help desk.';
      case 'too_many_attempts':
        return e.message || 'Too many sign-in attempts. Wait a few minutes and try again.';
      default:
        return e.message || 'Something went wrong. Please try again.';
    }
  }
  return 'Something went wrong. Please try again.';
}

/** The plain words for a failed request when the problem is about `field`, otherwise null. */
export function fieldError(error: unknown, field: string): string | null {
  return error instanceof ApiError && error.field === field ? describeError(error) : null;
}

type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  opts: { quiet401?: boolean; signal?: AbortSignal; retried?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'staffroom could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  let data: any = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(
      res.status,
      (data && typeof data.code === 'string' && data.code) || `http_${res.status}`,
      (data && typeof data.detail === 'string' && data.detail) || res.statusText || 'The request failed.',
      data && typeof data.field === 'string' ? data.field : null,
      data && Array.isArray(data.findings) ? data.findings : null,
    );
    const retry = Number(res.headers.get('Retry-After'));
    if (res.headers.has('Retry-After') && Number.isFinite(retry) && retry >= 0) err.retryAfter = retry;
    // Another tab signed in again (a new session, a new token): fetch the
    // current token once and repeat the request.
    if (err.code === 'csrf_failed' && method !== 'GET' && !opts.retried) {
      try {
        const s = await request<{ csrf_token: string | null }>('GET', '/session', undefined, { quiet401: true });
        if (s && s.csrf_token) {
          setCsrf(s.csrf_token);
          return request<T>(method, path, body, { ...opts, retried: true });
        }
      } catch {
        /* fall through to the original error */
      }
    }
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return data as T;
}

export const get = <T>(path: string, q?: Query, signal?: AbortSignal) =>
  request<T>('GET', withQuery(path, q), undefined, { signal });
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body);
export const del = <T = void>(path: string) => request<T>('DELETE', path);

export type PageFetcher<T> = (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>;

/* ---- start-up: the home feed is asked for together with the session ---- */

const prefetched = new Map<string, Promise<unknown>>();

/** Starts a GET now (before the session is confirmed); a 401 is left to the session check. */
export function prefetch(path: string): void {
  const p = request<unknown>('GET', path, undefined, { quiet401: true });
  p.catch(() => {});
  prefetched.set(path, p);
}

/** The prefetched answer for this path, once (asked again if it failed); otherwise null. */
export function takePrefetched<T>(path: string): Promise<T> | null {
  const p = prefetched.get(path);
  if (!p) return null;
  prefetched.delete(path);
  return (p as Promise<T>).catch(() => request<T>('GET', path));
}
