// The one way the client talks to the server: JSON over /api/v1 (raw bytes
// for an image upload), the session cookie, and the CSRF token on every
// write. Errors become ApiError with the problem's code, detail and field.
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

/** The ApiError for a failed answer: the problem's code, detail and field, and Retry-After. */
function problemOf(status: number, statusText: string, text: string, retryAfter: string | null): ApiError {
  let data: any = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  const err = new ApiError(
    status,
    (data && typeof data.code === 'string' && data.code) || `http_${status}`,
    (data && typeof data.detail === 'string' && data.detail) || statusText || 'The request failed.',
    data && typeof data.field === 'string' ? data.field : null,
    data && Array.isArray(data.findings) ? data.findings : null,
  );
  const retry = Number(retryAfter);
  if (retryAfter !== null && retryAfter !== '' && Number.isFinite(retry) && retry >= 0) err.retryAfter = retry;
  return err;
}

/**
 * Another tab signed in again (a new session, a new token): fetches the
 * current token once. True when there is one to repeat the request with.
 */
async function refreshCsrf(): Promise<boolean> {
  try {
    const s = await request<{ csrf_token: string | null }>('GET', '/session', undefined, { quiet401: true });
    if (s && s.csrf_token) {
      setCsrf(s.csrf_token);
      return true;
    }
  } catch {
    /* the caller keeps the original error */
  }
  return false;
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
  const text = await res.text();
  if (!res.ok) {
    const err = problemOf(res.status, res.statusText, text, res.headers.get('Retry-After'));
    if (err.code === 'csrf_failed' && method !== 'GET' && !opts.retried && (await refreshCsrf())) {
      return request<T>(method, path, body, { ...opts, retried: true });
    }
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  if (!text) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null as T;
  }
}

/**
 * POSTs raw bytes (an image) rather than JSON, with the CSRF token, and
 * reports the upload's progress (0 to 1). XMLHttpRequest, since fetch
 * cannot tell how much of a body has been sent. Failures are ApiErrors as
 * for request(); an abort rejects with an AbortError.
 */
export function sendBytes<T>(
  path: string,
  data: Blob,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal; retried?: boolean } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1' + path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', data.type || 'application/octet-stream');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T);
        } catch {
          resolve(null as T);
        }
        return;
      }
      const err = problemOf(xhr.status, xhr.statusText, xhr.responseText, xhr.getResponseHeader('Retry-After'));
      if (err.code === 'csrf_failed' && !opts.retried) {
        refreshCsrf().then((ok) =>
          ok ? sendBytes<T>(path, data, { ...opts, retried: true }).then(resolve, reject) : reject(err),
        );
        return;
      }
      if (xhr.status === 401 && onUnauthenticated) onUnauthenticated();
      reject(err);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'staffroom could not be reached.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('The upload was cancelled.', 'AbortError'));
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(data);
  });
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
