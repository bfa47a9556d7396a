// Small helpers shared by the pages: times, names, drafts, titles,
// announcements for screen readers, and focus after navigation.
import { useEffect, useRef, useState } from 'preact/hooks';

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

export function privacyLabel(p: string): string {
  return p === 'open' ? 'Open group' : p === 'secret' ? 'Secret group' : 'Closed group';
}
