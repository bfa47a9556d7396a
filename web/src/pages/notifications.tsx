// The notification centre: the viewer's notifications, newest first, in
// words; each a link to its post or group (read once followed); "Mark as
// read", "Mark all as read", "Unread only" and "Load more".
import { useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { Avatar, ErrorNote, H1, PagedItems, RelTime } from '../components/common';
import { EmailSettingsSection } from '../components/email-settings';
import { usePaged } from '../list';
import {
  describeNotification,
  markRead,
  notificationHref,
  unreadFromPage,
  useUnread,
  writeMark,
} from '../notifications';
import type { Notification, NotificationPage } from '../types';
import { announce, useAction, useId, useRowAction, useTitle } from '../util';

export function NotificationsPage() {
  useTitle('Notifications');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnread();
  const list = usePaged<Notification>(unreadOnly ? 'notifications:unread' : 'notifications:all', async (cursor) => {
    const at = writeMark();
    const page = await get<NotificationPage>('/notifications', {
      limit: 20,
      cursor,
      unread: unreadOnly ? 'true' : null,
    });
    unreadFromPage(page, at);
    return page;
  });
  const all = useAction();
  const row = useRowAction<number>();
  const listRef = useRef<HTMLDivElement>(null);
  const filterId = useId('notes-unread');

  const setRead = (ids: number[] | null) =>
    list.setItems((items) => items.map((n) => (ids === null || ids.includes(n.id) ? { ...n, read: true } : n)));

  const markAll = () =>
    all.run(async () => {
      await markRead(null);
      setRead(null);
      announce('All notifications are marked as read.');
    });

  const markOne = (n: Notification) =>
    row.run(n.id, async () => {
      await markRead([n.id]);
      setRead([n.id]);
      announce('Marked as read.');
      // The button is gone: focus goes to the notification's link.
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`#note-${n.id} a`)?.focus());
    });

  // Following a notification marks it read (the navigation is the router's).
  const follow = (n: Notification) => {
    if (n.read) return;
    setRead([n.id]);
    markRead([n.id]).catch(() => {
      /* it stays unread on the server; the badge says so at the next refresh */
    });
  };

  const nothingUnread = unread === 0 || (list.loaded && !list.items.some((n) => !n.read) && list.done);

  return (
    <div class="page narrow">
      <div class="page-head">
        <H1>Notifications</H1>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          aria-disabled={all.busy || nothingUnread ? 'true' : undefined}
          onClick={() => {
            if (!nothingUnread) void markAll();
          }}
        >
          {all.busy ? 'Marking…' : 'Mark all as read'}
        </button>
      </div>
      <ErrorNote error={all.error} />
      <div class="notes-bar">
        <p class="muted small" role="status">
          {unread === null ? '' : unread === 0 ? 'Nothing unread.' : `${unread.toLocaleString('en')} unread`}
        </p>
        <div class="check">
          <input
            type="checkbox"
            id={filterId}
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={filterId}>Unread only</label>
        </div>
      </div>
      <div ref={listRef}>
        <PagedItems
          list={list}
          label="Notifications"
          class="notes card"
          what="notifications"
          empty={
            <p>
              {unreadOnly
                ? 'No unread notifications.'
                : 'No notifications yet. Mentions, replies, comments on your posts, important announcements and requests show up here.'}
            </p>
          }
          item={(n) => {
            const text = describeNotification(n);
            return (
              <li key={n.id} id={`note-${n.id}`} class={n.read ? 'note' : 'note unread'}>
                {n.actor ? <Avatar id={n.actor.id} name={n.actor.name} /> : <span class="avatar avatar-md note-icon" aria-hidden="true">🔔</span>}
                <div class="note-main">
                  <a href={notificationHref(n)} class="note-link" id={`note-${n.id}-text`} onClick={() => follow(n)}>
                    {!n.read && <span class="sr-only">Unread: </span>}
                    {text}
                  </a>
                  <span class="note-meta small muted">
                    {(n.kind === 'important' || n.kind === 'important_reminder') && (
                      <span class="badge badge-important note-badge">
                        {n.kind === 'important' ? 'Important' : 'Reminder'}
                      </span>
                    )}
                    {(n.kind === 'review_released' || n.kind === 'review_rejected') && (
                      <span class="badge note-badge">{n.kind === 'review_released' ? 'Published' : 'Not published'}</span>
                    )}
                    <RelTime iso={n.updated_at || n.created_at} />
                  </span>
                  <ErrorNote error={row.errorOf(n.id)} />
                </div>
                {!n.read && (
                  <div class="note-actions">
                    <span class="note-dot" aria-hidden="true" />
                    <button
                      type="button"
                      class="btn btn-ghost btn-small"
                      aria-describedby={`note-${n.id}-text`}
                      aria-disabled={row.busy === n.id ? 'true' : undefined}
                      onClick={() => void markOne(n)}
                    >
                      Mark as read
                    </button>
                  </div>
                )}
              </li>
            );
          }}
        />
      </div>
      <EmailSettingsSection />
    </div>
  );
}
