// Drafts and scheduled posts, and e-mail settings: the shapes of
// /api/v1/drafts and /api/v1/me/email-settings, and the local date-time
// value of an <input type="datetime-local"> as the API's RFC 3339 time.
import type { Id, Page } from './types';

export type DraftState = 'draft' | 'scheduled' | 'publishing' | 'published' | 'failed';

export interface Draft {
  id: Id;
  state: DraftState;
  body: string;
  group: { id: Id; name: string | null } | null;
  publish_at: string | null;
  post_id: Id | null;
  failure: { code: string; detail: string } | null;
  created_at: string;
  updated_at: string;
}

export type DraftPage = Page<Draft>;

export type EmailNotifications = 'off' | 'important' | 'all';

export interface EmailSettings {
  address: string | null;
  notifications: EmailNotifications;
  digest: boolean;
  digest_hour: number;
  timezone: string | null;
  email_enabled: boolean;
}

/** "2026-11-23T15:30" (the browser's local time) as an ISO time, or null. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** An ISO time as the value of a datetime-local input, in local time. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** When a scheduled post goes out, in words: "Mon, Nov 23, 3:30 PM". */
export function whenText(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

export function hourText(h: number): string {
  return new Date(2000, 0, 1, h).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}
