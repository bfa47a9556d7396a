// The viewer's unread notification count (the top bar's badge), marking
// notifications read, a notification in words, and the newest notification
// for pages that act on its kind (an important post: the pinned posts).
//
// How the count stays fresh is one function, refreshUnread(): a GET of
// /notifications?limit=1 when the page changes, at once on a `notification`
// event of the live stream (watchUnread), and every 5 minutes while the
// stream is down.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from './api';
import { onLive, onStreamUp, startLive, streamUp } from './live';
import type { Notification, NotificationPage } from './types';

/** The fallback poll, for when the live stream is down. */
export const UNREAD_EVERY_MS = 300_000;

let unread: number | null = null;
const listeners = new Set<(n: number | null) => void>();
/** Bumped by every write (mark read): a count asked for before it is stale. */
let writes = 0;
let writing = 0;

/** Sets the badge's count (null: not known, e.g. signed out). */
export function setUnread(n: number | null): void {
  if (n === unread) return;
  unread = n;
  for (const l of listeners) l(n);
}

export function useUnread(): number | null {
  const [n, setN] = useState(unread);
  useEffect(() => {
    listeners.add(setN);
    if (n !== unread) setN(unread);
    return () => {
      listeners.delete(setN);
    };
  }, []);
  return n;
}

/** A count from a list of notifications (the notification centre's own GET). */
export function unreadFromPage(page: NotificationPage, askedAtWrite: number): void {
  if (askedAtWrite === writes && writing === 0) setUnread(page.unread_count);
}

/** For unreadFromPage: the write counter when a GET was sent. */
export function writeMark(): number {
  return writes;
}

let inflight: Promise<void> | null = null;
/** A refresh was asked for while one was in flight (it may predate what changed). */
let again = false;

const newestListeners = new Set<(n: Notification) => void>();

/**
 * Calls fn with the newest notification each time the unread count is asked
 * for (what a `notification` event of the live stream was about: the event
 * says which post, not what kind). Returns the function that stops it.
 */
export function onNewestNotification(fn: (n: Notification) => void): () => void {
  newestListeners.add(fn);
  return () => {
    newestListeners.delete(fn);
  };
}

/** Asks the server for the unread count (one request at a time; one more if asked again meanwhile). */
export function refreshUnread(): Promise<void> {
  if (inflight) {
    again = true;
    return inflight;
  }
  const at = writes;
  again = false;
  inflight = get<NotificationPage>('/notifications', { limit: 1 })
    .then((p) => {
      unreadFromPage(p, at);
      const n = p.items && p.items[0];
      if (n) {
        for (const l of newestListeners) {
          try {
            l(n);
          } catch {
            /* one page's handler must not stop the others */
          }
        }
      }
    })
    .catch(() => {
      /* the badge keeps its last count; the next refresh tries again */
    })
    .finally(() => {
      inflight = null;
      if (again && newestListeners.size) void refreshUnread();
    });
  return inflight;
}

/**
 * Keeps the count fresh while signed in: the live stream (one per browser,
 * live.ts) asks for it at once on every `notification` and `reset` event and
 * when the stream opens; while the stream is down, a slow poll (every 5
 * minutes while the page is visible) and a refresh when the page becomes
 * visible again. onClosed: the stream was refused (e.g. the session ended).
 * Returns the function that stops it (sign-out).
 */
export function watchUnread(onClosed: () => void = () => void refreshUnread()): () => void {
  let timer = 0;
  const start = () => {
    window.clearInterval(timer);
    timer = window.setInterval(() => {
      if (!streamUp()) void refreshUnread();
    }, UNREAD_EVERY_MS);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') {
      if (!streamUp()) void refreshUnread();
      start();
    } else {
      window.clearInterval(timer);
    }
  };
  if (document.visibilityState === 'visible') start();
  document.addEventListener('visibilitychange', onVisibility);
  let dropped = false;
  const offUp = onStreamUp((u) => {
    // Back after a gap (the replay covers events, but ask once anyway).
    if (u && dropped) void refreshUnread();
    if (!u) dropped = true;
  });
  const offLive = onLive((e) => {
    if (e.kind === 'notification' || e.kind === 'reset') void refreshUnread();
  });
  const stopLive = startLive(onClosed);
  return () => {
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
    offUp();
    offLive();
    stopLive();
  };
}

/** Marks some notifications (ids) or all of them (null) read; the badge follows. */
export async function markRead(ids: number[] | null): Promise<number> {
  writing++;
  try {
    const r = await post<{ unread_count: number }>('/notifications/read', ids ? { ids } : { all: true });
    writes++;
    writing--;
    setUnread(r.unread_count);
    return r.unread_count;
  } catch (e) {
    writes++;
    writing--;
    throw e;
  }
}

/** "Maria Lopez mentioned you in Grade 5 Team", in plain words. */
export function describeNotification(n: Notification): string {
  const who = n.actor ? n.actor.name : 'Someone';
  const group = n.group ? n.group.name : 'a group';
  switch (n.kind) {
    case 'mention':
      return `${who} mentioned you in ${group}`;
    case 'comment':
      return `${who} commented on your post in ${group}`;
    case 'reply':
      return `${who} replied to your comment in ${group}`;
    case 'followed_comment':
      return `${who} commented on a post you follow in ${group}`;
    case 'reaction':
      return n.count > 1
        ? `${n.count.toLocaleString('en')} people reacted to your post in ${group}`
        : `${who} reacted to your post in ${group}`;
    case 'join_request':
      return `${who} asked to join ${group}`;
    case 'request_approved':
      return `Your request to join ${group} was approved`;
    case 'invitation':
      return n.actor ? `You were invited to ${group} by ${who}` : `You were invited to ${group}`;
    case 'new_post':
      return n.actor ? `New post in ${group} by ${who}` : `New post in ${group}`;
    case 'important':
      return `${who} marked a post important in ${group}`;
    case 'important_reminder':
      return n.actor
        ? `Reminder from ${who}: please read and acknowledge the important post in ${group}`
        : `Reminder: please read and acknowledge the important post in ${group}`;
    // The monitor who decided is never named to the author (actor is null).
    case 'review_released':
      return `A monitor published your ${n.comment_id ? 'comment' : 'post'} in ${group}`;
    case 'review_rejected':
      return `A monitor did not publish your ${n.post_id ? 'comment or edit' : 'post'} in ${group} — see why`;
    default:
      return n.group ? `Something new in ${group}` : 'Something new';
  }
}

/**
 * Where a notification leads: its post, or its group (a join request: the
 * group's requests); a held post that was not published: its review (why).
 */
export function notificationHref(n: Notification): string {
  if (n.kind === 'review_rejected' && n.review_id) return `/reviews/${n.review_id}`;
  if (n.post_id) return `/posts/${n.post_id}`;
  if (n.group) return n.kind === 'join_request' ? `/groups/${n.group.id}/settings` : `/groups/${n.group.id}`;
  return '/notifications';
}
