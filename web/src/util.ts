// Small helpers shared by the pages: times, names, drafts, titles,
// announcements for screen readers, focus after navigation, and the hooks
// for a fetched value and for a request in flight.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

const rtf = typeof Intl !== 'undefined' && 'RelativeTimeFormat' in Intl
  ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
  : null;
const dateFmt = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
const dateYearFmt = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' });
const fullFmt = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short' });

/** "just now", "5 minutes ago", "yesterday", "Mar 3", "Mar 3, 2025". */
export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const abs = Math.abs(s);
  if (abs < 45) return 'just now';
  if (rtf) {
    if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
    if (abs < 7 * 86400) return rtf.format(Math.round(s / 86400), 'day');
  }
  const d = new Date(t);
  return d.getFullYear() === new Date(now).getFullYear() ? dateFmt.format(d) : dateYearFmt.format(d);
}

export function fullTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : fullFmt.format(new Date(t));
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  const first = Array.from(parts[0])[0] || '';
  const last = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] || '' : '';
  return (first + last).toUpperCase();
}

/** One of eight avatar colours (all with ≥ 4.5:1 contrast against white text). */
export function avatarTone(id: number): string {
  return 'tone-' + (Math.abs(id) % 8);
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/* ---- drafts: kept in sessionStorage until they are sent ---- */

export function loadDraft<T>(key: string): T | null {
  try {
    const s = sessionStorage.getItem('staffroom.draft.' + key);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem('staffroom.draft.' + key, JSON.stringify(value));
  } catch {
    /* storage full or unavailable: the draft stays in memory */
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem('staffroom.draft.' + key);
  } catch {
    /* ignore */
  }
}

/* ---- page title ---- */

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · staffroom` : 'staffroom';
  }, [title]);
}

/* ---- screen-reader announcements ---- */

let announcer: HTMLElement | null = null;
let announceTimer = 0;

export function setAnnouncer(el: HTMLElement | null): void {
  announcer = el;
}

export function announce(message: string): void {
  if (!announcer) return;
  const el = announcer;
  el.textContent = '';
  window.clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => {
    el.textContent = message;
  }, 50);
}

/* ---- focus the page's heading after navigation ---- */

let focusPending = false;

export function requestHeadingFocus(): void {
  focusPending = true;
}

/** Focuses the main heading if a navigation asked for it. Returns true when done. */
export function takeHeadingFocus(el?: HTMLElement | null): boolean {
  if (!focusPending) return false;
  const h = el || (document.querySelector('main h1') as HTMLElement | null);
  if (!h) return false;
  focusPending = false;
  h.focus({ preventScroll: true });
  return true;
}

/* ---- misc hooks ---- */

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

let idSeq = 0;
/** A stable unique id for label/describedby wiring. */
export function useId(prefix = 'id'): string {
  const r = useRef<string>('');
  if (!r.current) r.current = `${prefix}-${++idSeq}`;
  return r.current;
}

/* ---- a value fetched on mount, and requests in flight ---- */

/**
 * A value fetched on mount (and again when `deps` change, while `enabled`):
 * undefined until it arrives; the failure, if any; and a retry.
 */
export function useFetched<T>(fetch: () => Promise<T>, deps: unknown[], enabled = true) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const reload = () => {
    setError(null);
    fetch().then(setValue).catch(setError);
  };
  useEffect(() => {
    if (enabled) reload();
  }, deps);
  return { value, setValue, error, reload };
}

/**
 * One request at a time over the rows of a list (or the buttons of a form):
 * which one is busy, and the failure of the last one that failed. `run`
 * ignores a press while another request is in flight; `onError` sees the
 * failure after it is shown.
 */
export function useRowAction<K>() {
  const [busy, setBusy] = useState<K | null>(null);
  const [failed, setFailed] = useState<{ key: K; error: unknown } | null>(null);
  const run = async (key: K, action: () => Promise<unknown>, onError?: (e: unknown) => void) => {
    if (busy !== null) return;
    setBusy(key);
    setFailed(null);
    try {
      await action();
    } catch (e) {
      setFailed({ key, error: e });
      onError?.(e);
    } finally {
      setBusy(null);
    }
  };
  return {
    busy,
    run,
    error: failed ? failed.error : null,
    errorOf: (key: K) => (failed && failed.key === key ? failed.error : null),
    setError: (key: K, e: unknown) => setFailed(e ? { key, error: e } : null),
  };
}

/** One request at a time (a form's submit, a button): busy, its failure, and `run`. */
export function useAction() {
  const a = useRowAction<true>();
  return {
    busy: a.busy !== null,
    error: a.error,
    setError: (e: unknown) => a.setError(true, e),
    run: (action: () => Promise<unknown>, onError?: (e: unknown) => void) => a.run(true, action, onError),
  };
}

/**
 * Checks required fields before a request: the first one left empty becomes
 * the error the server would give (with its `field`), and its input takes
 * focus. Returns false when one was empty.
 */
export function requireFields(
  setError: (e: unknown) => void,
  checks: [empty: boolean, field: string, inputId: string, message: string][],
): boolean {
  for (const [empty, field, inputId, message] of checks) {
    if (!empty) continue;
    setError(new ApiError(422, 'required', message, field));
    document.getElementById(inputId)?.focus();
    return false;
  }
  return true;
}

export function privacyLabel(p: string): string {
  return p === 'open' ? 'Open group' : p === 'secret' ? 'Secret group' : 'Closed group';
}
