// Important announcements (issue 4): the pinned posts at the top of a feed
// (home, a group) with "Mark as read"; on any post card the "Important"
// marker, marking a post important for 1 to 7 days and ending that (group
// admins, district communications); and for the author and those who may
// see them, the receipts (who has and has not read it) with reminders.
//
// What the viewer may do comes from post.viewer (the server's own rules);
// the pinned posts come with the first page of a feed (`pinned`), so they
// cost no request of their own. Live: a `notification` event whose newest
// notification is `important` pins its post; `post_edited` on a pinned post
// fetches it again (acknowledged in another tab, importance ended).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, get, post as apiPost, put } from '../api';
import { usePaged, type PagedList } from '../list';
import { useLive } from '../live';
import { onNewestNotification } from '../notifications';
import { getLocation } from '../router';
import { currentUser } from '../session';
import type { FeedPage, Important, Post, Receipt, ReceiptPage } from '../types';
import { announce, fullTime, plural, useAction, useId } from '../util';
import { Confirm, Dialog, ErrorNote, PagedItems, PersonRow, RelTime } from './common';

/* ---- dates in words ---- */

const untilFmt = new Intl.DateTimeFormat('en', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const dayFmt = new Intl.DateTimeFormat('en', { weekday: 'short', month: 'short', day: 'numeric' });
const clockFmt = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });

/** "Thu, Nov 26, 3:15 PM". */
export function untilText(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : untilFmt.format(new Date(t));
}

function Until(props: { iso: string }) {
  return (
    <time dateTime={props.iso} title={fullTime(props.iso)}>
      {untilText(props.iso)}
    </time>
  );
}

/* ---- the pinned posts of a feed ---- */

/** The pinned posts of each feed, for going back (the lists keep their own cache). */
const pinCache = new Map<string, Post[]>();

export interface Pins {
  pinned: Post[];
  /** For the feed's first page: takes its pinned posts (returns the page). */
  take: <P extends FeedPage>(page: P) => P;
  /** A pinned post changed (a reaction, a comment, an edit; ended: it goes back into the feed). */
  update: (p: Post) => void;
  /** A pinned post was deleted. */
  removed: (id: number) => void;
  /** The viewer acknowledged it: out of the pinned posts, back into the feed in its place. */
  acknowledged: (p: Post) => void;
  /** What the last "Mark as read" did, for the section's status line. */
  note: string;
}

/**
 * The pinned posts of a feed (key: the feed's list key) and of the list
 * under them. accepts: is a post of this group for this feed (undefined:
 * not known yet)?
 */
export function usePinned(key: string, list: PagedList<Post>, accepts: (groupId: number) => boolean | undefined): Pins {
  const ck = `${currentUser()?.id ?? 0}:${key}`;
  const [pinned, setPinnedState] = useState<Post[]>(() => (getLocation().how === 'pop' && pinCache.get(ck)) || []);
  const [note, setNote] = useState('');
  const ref = useRef(pinned);
  const set = (f: (p: Post[]) => Post[]) => {
    ref.current = f(ref.current);
    pinCache.set(ck, ref.current);
    setPinnedState(ref.current);
  };
  const listRef = useRef(list);
  listRef.current = list;
  const acceptsRef = useRef(accepts);
  acceptsRef.current = accepts;

  /** Back into the list, newest first, when its place is among the posts loaded. */
  const putBack = (p: Post) => {
    const l = listRef.current;
    l.setItems((items) => {
      if (items.some((x) => x.id === p.id)) return items.map((x) => (x.id === p.id ? p : x));
      const i = items.findIndex((x) => x.id < p.id);
      if (i === -1) return l.done ? [...items, p] : items;
      return [...items.slice(0, i), p, ...items.slice(i)];
    });
  };

  const pin = (p: Post) => {
    set((ps) => (ps.some((x) => x.id === p.id) ? ps.map((x) => (x.id === p.id ? p : x)) : [p, ...ps]));
    listRef.current.setItems((items) => (items.some((x) => x.id === p.id) ? items.filter((x) => x.id !== p.id) : items));
  };

  const unpin = (p: Post) => {
    set((ps) => ps.filter((x) => x.id !== p.id));
    putBack(p);
  };

  // Fetches a post again and puts it where it belongs now.
  const fetching = useRef(new Set<number>());
  const refetch = (id: number, pinIfDue: boolean) => {
    if (fetching.current.has(id)) return;
    fetching.current.add(id);
    get<Post>(`/posts/${id}`)
      .then((np) => {
        const here = ref.current.some((x) => x.id === np.id);
        if (np.viewer?.must_acknowledge && np.important?.active) {
          if (!here && !pinIfDue) return;
          pin(np);
          if (!here) {
            setNote('');
            announce(`New important announcement from ${np.author.name} in ${np.group.name}, at the top of the page.`);
          }
        } else if (here) {
          unpin(np);
        }
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) set((ps) => ps.filter((x) => x.id !== id));
      })
      .finally(() => fetching.current.delete(id));
  };

  // A notification event names a post, not its kind: the unread count's
  // fetch (notifications.ts) brings the newest notification, and an
  // `important` (or a reminder) for that post pins it.
  const expected = useRef(new Set<number>());
  useLive((e) => {
    if (e.kind === 'notification' && e.post_id) {
      if (e.group_id && acceptsRef.current(e.group_id) === false) return;
      expected.current.add(e.post_id);
    } else if (e.kind === 'post_edited' && e.post_id && ref.current.some((x) => x.id === e.post_id)) {
      refetch(e.post_id, false);
    } else if (e.kind === 'post_deleted' && e.post_id) {
      const id = e.post_id;
      if (ref.current.some((x) => x.id === id)) set((ps) => ps.filter((x) => x.id !== id));
    }
  });
  useEffect(
    () =>
      onNewestNotification((n) => {
        if (!n.post_id || !expected.current.has(n.post_id)) return;
        expected.current.delete(n.post_id);
        if (n.kind !== 'important' && n.kind !== 'important_reminder') return;
        if (n.group && acceptsRef.current(n.group.id) === false) return;
        if (!ref.current.some((x) => x.id === n.post_id)) refetch(n.post_id, true);
      }),
    [],
  );

  return {
    pinned,
    note,
    take: (page) => {
      const ps = page.pinned ?? [];
      set(() => ps);
      // A post pinned since it was listed (not seen live) is not shown twice.
      const ids = new Set(ps.map((p) => p.id));
      if (ids.size) listRef.current.setItems((items) => (items.some((x) => ids.has(x.id)) ? items.filter((x) => !ids.has(x.id)) : items));
      return page;
    },
    update: (p) => {
      // No longer to acknowledge (its importance ended here): back into the feed.
      if (p.viewer?.must_acknowledge && p.important?.active) set((ps) => ps.map((x) => (x.id === p.id ? p : x)));
      else unpin(p);
    },
    removed: (id) => set((ps) => ps.filter((x) => x.id !== id)),
    acknowledged: (p) => {
      unpin(p);
      setNote(`Marked as read: the post by ${p.author.name} in ${p.group.name} is back in its place in the feed.`);
    },
  };
}

/**
 * Region "Important announcements" (heading "Important"): the pinned posts,
 * each with "Mark as read". After it, focus goes to the next pinned post's
 * "Mark as read", or to the heading when none is left (the status line says
 * what happened). Nothing at all when nothing is pinned.
 */
export function PinnedSection(props: { pins: Pins; card: (p: Post, onAcknowledged: (np: Post) => void) => ComponentChildren }) {
  const { pins } = props;
  const hid = useId('important-h');
  if (!pins.pinned.length && !pins.note) return null;
  const onAck = (np: Post) => {
    const rest = pins.pinned.filter((x) => x.id !== np.id);
    const at = Math.max(0, pins.pinned.findIndex((x) => x.id === np.id));
    const next = rest[Math.min(at, rest.length - 1)];
    pins.acknowledged(np);
    requestAnimationFrame(() => {
      const el = (next && document.getElementById(`ack-${next.id}`)) || document.getElementById(hid);
      el?.focus();
    });
  };
  const n = pins.pinned.length;
  return (
    <section class="announcements" aria-label="Important announcements">
      <div class="announcements-head">
        <h2 id={hid} class="announcements-title" tabIndex={-1}>
          <span aria-hidden="true">📣 </span>Important
        </h2>
        {n > 0 && (
          <span class="small muted">
            {plural(n, 'announcement')} to read. Mark each as read when you have read it.
          </span>
        )}
      </div>
      {n > 0 && (
        <ul class="feed" aria-label="Announcements to read">
          {pins.pinned.map((p) => (
            <li key={p.id}>{props.card(p, onAck)}</li>
          ))}
        </ul>
      )}
      <p class="announcements-note small" role="status">
        {pins.note && (
          <>
            <span aria-hidden="true">✓ </span>
            {pins.note}
          </>
        )}
      </p>
    </section>
  );
}

/* ---- on a post card ---- */

const seenSent = new Set<string>();
/** How long an announcement must be on screen to count as seen. */
export const SEEN_AFTER_MS = 3000;

/**
 * Records once that the viewer saw an important post they have yet to
 * acknowledge (POST /seen): when at least half of its card (or 40% of the
 * window) has been on screen for 3 seconds while the page is visible, so a
 * tab opened in the background or a post scrolled past does not count, and
 * nothing joins the requests of the first load. A failure is ignored
 * (acknowledging counts as seen too).
 */
export function useSeen(p: Post, ref: { current: HTMLElement | null }): void {
  const due = !!(p.important?.active && p.viewer?.must_acknowledge && !p.viewer.seen_at);
  useEffect(() => {
    const k = `${currentUser()?.id ?? 0}:${p.id}`;
    const el = ref.current;
    if (!due || !el || seenSent.has(k)) return;
    let timer = 0;
    let onScreen = false;
    const send = () => {
      if (seenSent.has(k)) return;
      seenSent.add(k);
      apiPost<Post>(`/posts/${p.id}/seen`).catch(() => {
        /* not counted as seen; acknowledging counts */
      });
    };
    const arm = () => {
      window.clearTimeout(timer);
      if (onScreen && document.visibilityState === 'visible') timer = window.setTimeout(send, SEEN_AFTER_MS);
    };
    let io: IntersectionObserver | null = null;
    if (typeof IntersectionObserver === 'undefined') {
      onScreen = true;
      arm();
    } else {
      io = new IntersectionObserver(
        (entries) => {
          const e = entries[entries.length - 1];
          onScreen = e.intersectionRatio >= 0.5 || e.intersectionRect.height >= window.innerHeight * 0.4;
          arm();
        },
        { threshold: [0, 0.25, 0.5, 0.75, 1] },
      );
      io.observe(el);
    }
    document.addEventListener('visibilitychange', arm);
    return () => {
      window.clearTimeout(timer);
      io?.disconnect();
      document.removeEventListener('visibilitychange', arm);
    };
  }, [p.id, due]);
}

/** Button "Mark important…" (the header of a card), for those who may, while it is not important. */
export function MarkImportantButton(props: { post: Post; onChange: (p: Post) => void }) {
  const [open, setOpen] = useState(false);
  const p = props.post;
  return (
    <>
      <button
        type="button"
        id={`imp-${p.id}-mark`}
        class="btn btn-ghost btn-small"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Mark important…
      </button>
      {open && (
        <MarkDialog
          post={p}
          onClose={() => setOpen(false)}
          onDone={props.onChange}
          restoreFocus={() => document.getElementById(`imp-${p.id}-change`)}
        />
      )}
    </>
  );
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Dialog "Mark this post important" (or "Change how long it stays important"): select "Important for", 1 to 7 days. */
function MarkDialog(props: {
  post: Post;
  onClose: () => void;
  onDone: (p: Post) => void;
  restoreFocus?: () => HTMLElement | null;
}) {
  const p = props.post;
  const active = !!p.important?.active;
  const [days, setDays] = useState(3);
  const { busy, error, run } = useAction();
  const id = useId('imp-days');
  const hintId = id + '-hint';
  const now = Date.now();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const np = await put<Post>(`/posts/${p.id}/important`, { days });
      props.onDone(np);
      const until = np.important ? untilText(np.important.until) : '';
      announce(
        active
          ? `It stays important until ${until}.`
          : `The post is important until ${until}. Every member of ${p.group.name} was notified.`,
      );
      props.onClose();
    });
  };
  return (
    <Dialog
      open
      onClose={props.onClose}
      title={active ? 'Change how long it stays important' : 'Mark this post important'}
      restoreFocus={props.restoreFocus}
    >
      <form onSubmit={submit} class="imp-form">
        <p class="dialog-body">
          {active
            ? 'It stays pinned, counted from now, for those who have not marked it as read. Nobody is notified again.'
            : `It is pinned at the top of the feed of every member of ${p.group.name}, and each is notified, whatever their notification settings, and asked to mark it as read. You will see who has.`}
        </p>
        <div class="field">
          <label for={id} class="label">
            Important for
          </label>
          <select
            id={id}
            data-autofocus
            value={String(days)}
            aria-describedby={hintId}
            aria-invalid={error instanceof ApiError && error.field === 'days' ? 'true' : undefined}
            onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {DAYS.map((d) => (
              <option key={d} value={String(d)}>
                {plural(d, 'day')} (until {dayFmt.format(new Date(now + d * 86_400_000))})
              </option>
            ))}
          </select>
          <p class="hint" id={hintId}>
            From 1 to 7 days. You can end it sooner.
          </p>
        </div>
        <ErrorNote error={error} />
        <div class="dialog-actions">
          <button type="button" class="btn btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Saving…' : active ? 'Save' : 'Mark important'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The strip at the top of an important post's card: badge "Important" and
 * until when; the viewer's own acknowledgement; for those who may, "Change
 * end date…" and "End importance"; for those who see receipts, the counts
 * (a toggle button that shows or hides the Receipts, under the post's body).
 */
export function ImportantBar(props: { post: Post; onChange: (p: Post) => void; receipts: ReceiptsToggle }) {
  const p = props.post;
  const imp = p.important;
  const v = p.viewer || ({} as Post['viewer']);
  const [dialog, setDialog] = useState<'change' | 'end' | null>(null);
  const { open, setOpen, id: panelId } = props.receipts;
  if (!imp) return null;
  const counts = v.can_see_receipts ? imp.receipts : undefined;
  // "Seen by 12 of 40 · Acknowledged by 9" (named with a comma, not a dot, for screen readers).
  const seenText = counts ? `Seen by ${counts.seen.toLocaleString('en')} of ${counts.audience.toLocaleString('en')}` : '';
  const ackText = counts ? `Acknowledged by ${counts.acknowledged.toLocaleString('en')}` : '';
  const manage = !!v.can_mark_important && imp.active;
  if (!imp.active && !counts && !v.acknowledged_at) return null;
  return (
    <div class={'important-bar' + (imp.active ? '' : ' ended')}>
      <p class="important-line">
        {imp.active ? (
          <>
            <span class="badge badge-important">Important</span>{' '}
            <span class="small">
              until <Until iso={imp.until} />
            </span>
          </>
        ) : (
          <span class="small muted">
            Was important until <Until iso={imp.until} />
          </span>
        )}
        {v.acknowledged_at && (
          <span class="small acked" id={`acked-${p.id}`} tabIndex={-1}>
            <span aria-hidden="true">✓ </span>You marked it as read <RelTime iso={v.acknowledged_at} />
          </span>
        )}
      </p>
      {(manage || counts) && (
        <div class="important-tools">
          {counts && (
            <button
              type="button"
              class="linklike receipts-toggle small"
              aria-expanded={open ? 'true' : 'false'}
              aria-controls={panelId}
              aria-label={`${seenText}, ${ackText}`}
              onClick={() => setOpen(!open)}
            >
              {seenText} · {ackText}
            </button>
          )}
          {manage && (
            <span class="important-actions">
              <button
                type="button"
                id={`imp-${p.id}-change`}
                class="btn btn-ghost btn-small"
                aria-haspopup="dialog"
                onClick={() => setDialog('change')}
              >
                Change end date…
              </button>
              <button
                type="button"
                class="btn btn-ghost btn-small"
                aria-haspopup="dialog"
                onClick={() => setDialog('end')}
              >
                End importance
              </button>
            </span>
          )}
        </div>
      )}
      {dialog === 'change' && (
        <MarkDialog post={p} onClose={() => setDialog(null)} onDone={props.onChange} />
      )}
      {dialog === 'end' && (
        <Confirm
          open
          title="End importance?"
          message={
            <p>
              It is no longer pinned for those who have not marked it as read, and no more reminders can be sent. Who
              has seen and acknowledged it so far is kept.
            </p>
          }
          confirmLabel="End importance"
          onClose={() => setDialog(null)}
          restoreFocus={() => document.getElementById(`imp-${p.id}-mark`)}
          onConfirm={async () => {
            const np = await del<Post>(`/posts/${p.id}/important`);
            props.onChange(np);
            setDialog(null);
            announce('The post is no longer important.');
          }}
        />
      )}
    </div>
  );
}

/**
 * Button "Mark as read" (acknowledge) under an important post the viewer
 * has yet to acknowledge, described by the post's heading.
 */
export function AcknowledgeRow(props: { post: Post; headingId: string; onAcknowledged: (p: Post) => void }) {
  const p = props.post;
  const { busy, error, run } = useAction();
  const hintId = useId('ack-hint');
  if (!p.viewer?.must_acknowledge) return null;
  const click = () =>
    run(async () => {
      const np = await apiPost<Post>(`/posts/${p.id}/acknowledge`);
      props.onAcknowledged(np);
    });
  return (
    <div class="ack-row">
      <button
        type="button"
        id={`ack-${p.id}`}
        class="btn btn-primary btn-small"
        aria-describedby={`${props.headingId} ${hintId}`}
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => void click()}
      >
        <span aria-hidden="true">✓ </span>
        {busy ? 'Marking…' : 'Mark as read'}
      </button>
      <span class="small muted" id={hintId}>
        Let {p.author.name} know you have read it.
      </span>
      <ErrorNote error={error} />
    </div>
  );
}

/* ---- receipts ---- */

export interface ReceiptsToggle {
  open: boolean;
  setOpen: (open: boolean) => void;
  id: string;
}

/** Whether a card's receipts are shown (open at first on the post's own page). */
export function useReceiptsToggle(open: boolean): ReceiptsToggle {
  const [o, setO] = useState(open);
  return { open: o, setOpen: setO, id: useId('receipts') };
}

/** The receipts of an important post, for those who see them, while the toggle is open. */
export function Receipts(props: { post: Post; onChange: (p: Post) => void; receipts: ReceiptsToggle }) {
  const p = props.post;
  const imp = p.important;
  const counts = p.viewer?.can_see_receipts && imp ? imp.receipts : undefined;
  if (!imp || !counts) return null;
  return (
    <div id={props.receipts.id} hidden={!props.receipts.open}>
      {props.receipts.open && <ReceiptsPanel post={p} important={imp} counts={counts} onChange={props.onChange} />}
    </div>
  );
}

type Shown = 'not_acknowledged' | 'acknowledged';

/**
 * Who has and has not acknowledged an important post: radios "Not yet (N)"
 * and "Acknowledged (N)", the list of people (20 a page, "Load more
 * people"), and button "Remind those who haven't" (at most once an hour).
 */
function ReceiptsPanel(props: {
  post: Post;
  important: Important;
  counts: NonNullable<Important['receipts']>;
  onChange: (p: Post) => void;
}) {
  const { post: p, important: imp, counts: c } = props;
  const [shown, setShown] = useState<Shown>('not_acknowledged');
  const id = useId('rcpt');
  // The counts in the key: an acknowledgement (live) loads the lists again.
  const list = usePaged<Receipt>(`receipts:${p.id}:${shown}:${c.audience}:${c.seen}:${c.acknowledged}`, (cursor) =>
    get<ReceiptPage>(`/posts/${p.id}/receipts`, { state: shown, limit: 20, cursor }),
  );
  const notYet = Math.max(0, c.audience - c.acknowledged);
  const options: { value: Shown; label: string }[] = [
    { value: 'not_acknowledged', label: `Not yet (${notYet.toLocaleString('en')})` },
    { value: 'acknowledged', label: `Acknowledged (${c.acknowledged.toLocaleString('en')})` },
  ];
  return (
    <div class="receipts" role="group" aria-label="Read receipts">
      <fieldset class="seg">
        <legend class="sr-only">Show who</legend>
        {options.map((o) => (
          <span class="seg-item" key={o.value}>
            <input
              type="radio"
              id={`${id}-${o.value}`}
              name={`${id}-shown`}
              value={o.value}
              checked={shown === o.value}
              onChange={() => setShown(o.value)}
            />
            <label for={`${id}-${o.value}`}>{o.label}</label>
          </span>
        ))}
      </fieldset>
      <PagedItems
        list={list}
        label={shown === 'acknowledged' ? 'Acknowledged' : 'Not yet acknowledged'}
        class="people-list receipt-list"
        what="people"
        more="Load more people"
        auto={false}
        empty={
          <p class="small">
            {shown === 'acknowledged' ? 'Nobody has acknowledged it yet.' : 'Everyone has acknowledged it.'}
          </p>
        }
        item={(r) => (
          <PersonRow key={r.user.id} id={r.user.id} name={r.user.name} login={r.user.login}>
            <span class="muted small block">
              {r.user.title ? `${r.user.title} · ` : ''}
              {r.acknowledged_at ? (
                <>
                  Acknowledged <RelTime iso={r.acknowledged_at} />
                </>
              ) : r.seen_at ? (
                <>
                  Seen <RelTime iso={r.seen_at} />, not acknowledged yet
                </>
              ) : (
                'Not seen yet'
              )}
            </span>
          </PersonRow>
        )}
      />
      {imp.active && notYet > 0 && <Nudge post={p} important={imp} notYet={notYet} onChange={props.onChange} />}
    </div>
  );
}

/** Button "Remind those who haven't": how many were reminded, or when it can be done again. */
function Nudge(props: { post: Post; important: Important; notYet: number; onChange: (p: Post) => void }) {
  const { post: p, important: imp } = props;
  const { busy, error, setError, run } = useAction();
  const [said, setSaid] = useState('');
  const [wait, setWait] = useState('');
  const hintId = useId('nudge-hint');
  const click = () =>
    run(
      async () => {
        setSaid('');
        setWait('');
        const r = await apiPost<{ nudged: number }>(`/posts/${p.id}/nudge`);
        setSaid(
          r.nudged > 0
            ? `Reminded ${plural(r.nudged, 'person', 'people')} who had not acknowledged it.`
            : 'Nobody needed a reminder.',
        );
        props.onChange({ ...p, important: { ...imp, nudged_at: new Date().toISOString() } });
      },
      (e) => {
        if (e instanceof ApiError && e.code === 'nudge_too_soon') {
          setError(null);
          setWait(waitText(e));
        }
      },
    );
  return (
    <div class="nudge">
      <button
        type="button"
        class="btn btn-secondary btn-small"
        aria-describedby={hintId}
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => void click()}
      >
        <span aria-hidden="true">🔔 </span>
        {busy ? 'Sending…' : "Remind those who haven't"}
      </button>
      <span class="small muted" id={hintId}>
        {imp.nudged_at ? (
          <>
            Last reminder <RelTime iso={imp.nudged_at} />. At most one reminder an hour.
          </>
        ) : (
          `Sends a notification to the ${plural(props.notYet, 'person', 'people')} who have not acknowledged it. At most one reminder an hour.`
        )}
      </span>
      <p class={'small nudge-status' + (wait ? ' notice' : said ? ' success' : '')} role="status">
        {wait || said}
      </p>
      <ErrorNote error={error} />
    </div>
  );
}

/** "People were reminded less than an hour ago. You can remind them again at 4:12 PM (in 58 minutes)." */
function waitText(e: ApiError): string {
  const first = e.message || 'People were reminded less than an hour ago.';
  if (e.retryAfter === null) return `${first} Try again later.`;
  const at = Date.now() + e.retryAfter * 1000;
  const mins = Math.max(1, Math.ceil(e.retryAfter / 60));
  return `${first} You can remind them again at ${clockFmt.format(new Date(at))} (in ${plural(mins, 'minute')}).`;
}
