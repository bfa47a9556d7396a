// What the viewer hears about: a group's notification level and mute (for
// its members), and following a post.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, put, del } from '../api';
import type { Follow, Group, NotificationLevel, NotificationSetting, Post } from '../types';
import { announce, useId } from '../util';
import { ErrorNote } from './common';

/** The levels and what each lets through (core/notify.h). */
export const LEVELS: { value: NotificationLevel; label: string; hint: string }[] = [
  {
    value: 'all',
    label: 'All posts',
    hint: 'Every new post in the group, and everything under Highlights.',
  },
  {
    value: 'highlights',
    label: 'Highlights',
    hint: 'Mentions, replies to you, comments on your posts and on posts you follow, and reactions to your posts. The default.',
  },
  {
    value: 'off',
    label: 'Off',
    hint: 'Only what is meant for you: mentions, replies to your comments, and requests and invitations.',
  },
];

const MUTE_HINT = 'Nothing at all from this group, not even mentions.';

/** The viewer's setting for one group (null when they are not a member). */
async function fetchSetting(groupId: number): Promise<NotificationSetting | null> {
  try {
    return await get<NotificationSetting>(`/groups/${groupId}/notification-settings`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

function levelLabel(s: { level: NotificationLevel; muted: boolean }): string {
  if (s.muted) return 'Muted';
  return LEVELS.find((l) => l.value === s.level)?.label || s.level;
}

/**
 * The viewer's settings for a group, loaded once, saved as soon as they
 * change (one request at a time, the newest wins). The page shows them
 * with NotificationsButton and NotificationsPanel.
 */
export function useGroupNotifications(g: Group, enabled = true) {
  const id = useId('gnote');
  const [open, setOpen] = useState(false);
  const [setting, setSetting] = useState<{ level: NotificationLevel; muted: boolean } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const wanted = useRef<{ level: NotificationLevel; muted: boolean } | null>(null);
  const sending = useRef(false);

  const load = () => {
    setLoadError(null);
    fetchSetting(g.id)
      .then((s) => setSetting(s ? { level: s.level, muted: s.muted } : { level: 'highlights', muted: false }))
      .catch(setLoadError);
  };
  useEffect(() => {
    if (enabled && !setting) load();
  }, [g.id, enabled]);

  const send = async () => {
    if (sending.current) return;
    sending.current = true;
    try {
      while (wanted.current) {
        const w = wanted.current;
        wanted.current = null;
        try {
          const s = await put<NotificationSetting>(`/groups/${g.id}/notification-settings`, w);
          setSaveError(null);
          if (!wanted.current) {
            setSetting({ level: s.level, muted: s.muted });
            setSaved(`Saved: ${levelLabel(s)}.`);
          }
        } catch (e) {
          setSaveError(e);
          setSaved('');
          if (!wanted.current) load();
        }
      }
    } finally {
      sending.current = false;
    }
  };

  const change = (next: Partial<{ level: NotificationLevel; muted: boolean }>) => {
    if (!setting) return;
    const s = { ...setting, ...next };
    setSetting(s);
    setSaved('');
    wanted.current = s;
    void send();
  };

  return { id, open, setOpen, setting, loadError, saveError, saved, load, change };
}

export type GroupNotifications = ReturnType<typeof useGroupNotifications>;

/** Button "Notifications: Highlights" (aria-expanded): shows or hides the panel. */
export function NotificationsButton(props: { n: GroupNotifications }) {
  const { n } = props;
  return (
    <button
      type="button"
      class="btn btn-secondary"
      aria-expanded={n.open ? 'true' : 'false'}
      aria-controls={n.id + '-panel'}
      onClick={() => n.setOpen(!n.open)}
    >
      <span aria-hidden="true">🔔 </span>Notifications{n.setting ? `: ${levelLabel(n.setting)}` : ''}
    </button>
  );
}

/** Radio group "Notifications for this group" (All posts, Highlights, Off) and checkbox "Mute". */
export function NotificationsPanel(props: { n: GroupNotifications }) {
  const { n } = props;
  const { id, setting } = n;
  return (
    <div id={id + '-panel'} class="gnote-panel" hidden={!n.open}>
      {n.loadError && !setting ? (
        <ErrorNote error={n.loadError} onRetry={n.load} />
      ) : !setting ? (
        <p class="muted small" role="status">
          Loading your settings…
        </p>
      ) : (
        <fieldset class="field gnote-fieldset">
          <legend class="label">Notifications for this group</legend>
          {LEVELS.map((l) => (
            <div class="radio" key={l.value}>
              <input
                type="radio"
                id={`${id}-${l.value}`}
                name={`${id}-level`}
                value={l.value}
                checked={setting.level === l.value}
                aria-describedby={`${id}-${l.value}-hint`}
                onChange={() => n.change({ level: l.value })}
              />
              <label for={`${id}-${l.value}`}>
                <strong>{l.label}</strong>
              </label>
              <p class="hint radio-hint" id={`${id}-${l.value}-hint`}>
                {l.hint}
              </p>
            </div>
          ))}
          <div class="radio gnote-mute">
            <input
              type="checkbox"
              id={`${id}-mute`}
              checked={setting.muted}
              aria-describedby={`${id}-mute-hint`}
              onChange={(e) => n.change({ muted: (e.currentTarget as HTMLInputElement).checked })}
            />
            <label for={`${id}-mute`}>
              <strong>Mute</strong>
            </label>
            <p class="hint radio-hint" id={`${id}-mute-hint`}>
              {MUTE_HINT}
            </p>
          </div>
        </fieldset>
      )}
      <ErrorNote error={n.saveError} />
      <p class="small success gnote-saved" role="status">
        {n.saved}
      </p>
    </div>
  );
}

/* ---- following a post ---- */

/**
 * Toggle button "Follow post" (aria-pressed; its name stays the same in both
 * states, as for the reactions): new comments on the post notify the viewer.
 */
export function FollowButton(props: { post: Post }) {
  const p = props.post;
  const [on, setOn] = useState(p.viewer.following);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const hintId = useId('follow-hint');
  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = on ? await del<Follow>(`/posts/${p.id}/follow`) : await put<Follow>(`/posts/${p.id}/follow`);
      const now = r && typeof r.following === 'boolean' ? r.following : !on;
      setOn(now);
      announce(now ? 'You follow this post.' : 'You no longer follow this post.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="follow">
      <button
        type="button"
        class={'btn btn-small follow-btn' + (on ? ' pressed' : ' btn-secondary')}
        aria-pressed={on ? 'true' : 'false'}
        aria-describedby={hintId}
        aria-busy={busy ? 'true' : undefined}
        onClick={() => void toggle()}
      >
        <span aria-hidden="true">{on ? '✓ ' : '🔔 '}</span>
        Follow post
      </button>
      <span class="small muted" id={hintId}>
        {on
          ? 'Following: you get a notification for each new comment.'
          : 'Not following: follow to get a notification for each new comment.'}
      </span>
      <ErrorNote error={error} />
    </div>
  );
}
