// Groups in lists, and the join / ask / accept / leave controls.
import { useEffect, useRef, useState } from 'preact/hooks';
import { del, get, post } from '../api';
import { currentUser } from '../session';
import type { Group, Membership } from '../types';
import { announce, plural } from '../util';
import { Confirm, ErrorNote, PrivacyBadge } from './common';

/** What the viewer can do about their membership of a group, as buttons. */
export function MembershipControls(props: { group: Group; onChange: (g: Group) => void; compact?: boolean }) {
  const g = props.group;
  const me = currentUser();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  // The button pressed is replaced by the new state's controls: focus moves
  // to the first of them (or to the box when it holds only a badge), never
  // falling back to the page.
  const box = useRef<HTMLDivElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || !box.current) return;
    setRefocus(false);
    const target = box.current.querySelector<HTMLElement>('button') ?? box.current;
    if (!box.current.contains(document.activeElement)) target.focus();
  }, [refocus, g.viewer.state]);

  const refresh = async (fallback: Partial<Group['viewer']>) => {
    try {
      props.onChange(await get<Group>(`/groups/${g.id}`));
    } catch {
      // A secret group left behind answers 404: show the change we know of.
      props.onChange({ ...g, viewer: { ...g.viewer, ...fallback } });
    }
  };

  const join = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const m = await post<Membership>(`/groups/${g.id}/members`, {});
      announce(
        m.state === 'active' ? `You joined ${g.name}.` : m.state === 'pending' ? `You asked to join ${g.name}.` : 'Done.',
      );
      await refresh({ state: m.state, role: m.state === 'active' ? m.role : null });
      setRefocus(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const leave = async (message: string) => {
    if (!me) return;
    setBusy(true);
    setError(null);
    try {
      await del(`/groups/${g.id}/members/${me.id}`);
      announce(message);
      await refresh({ state: 'none', role: null, can_post: false, can_manage: false });
      setRefocus(true);
    } finally {
      setBusy(false);
    }
  };

  const safeLeave = (message: string) => () => {
    leave(message).catch(setError);
  };

  const state = g.viewer.state;
  const b = busy ? 'true' : undefined;
  let controls = null;
  if (state === 'active') {
    controls = props.compact ? (
      <span class="badge badge-member">
        <span aria-hidden="true">✓ </span>Member
      </span>
    ) : (
      <button type="button" class="btn btn-secondary" aria-haspopup="dialog" onClick={() => setConfirmLeave(true)}>
        Leave group
      </button>
    );
  } else if (state === 'pending') {
    controls = (
      <>
        <span class="badge">Request sent</span>
        <button type="button" class="btn btn-secondary" aria-disabled={b} onClick={safeLeave('Your request was withdrawn.')}>
          Cancel request
        </button>
      </>
    );
  } else if (state === 'invited') {
    controls = (
      <>
        <button type="button" class="btn btn-primary" aria-disabled={b} onClick={join}>
          Accept invitation
        </button>
        <button type="button" class="btn btn-secondary" aria-disabled={b} onClick={safeLeave('The invitation was declined.')}>
          Decline
        </button>
      </>
    );
  } else if (!g.archived) {
    const admin = g.viewer.can_manage;
    controls = (
      <button type="button" class="btn btn-primary" aria-disabled={b} onClick={join}>
        {g.privacy === 'open' || admin ? 'Join' : 'Ask to join'}
      </button>
    );
  }
  return (
    <div class="membership" ref={box} tabIndex={-1}>
      <div class="membership-buttons">{controls}</div>
      {error ? <ErrorNote error={error} /> : null}
      {confirmLeave && (
        <Confirm
          open
          title={`Leave ${g.name}?`}
          message={
            <p>
              {g.privacy === 'open'
                ? 'You can join again at any time.'
                : g.privacy === 'closed'
                  ? "You'll stop seeing its posts. To come back, you'll need an admin to approve a new request."
                  : "You'll stop seeing this secret group. To come back, you'll need a new invitation."}
            </p>
          }
          confirmLabel="Leave group"
          cancelLabel="Stay"
          onClose={() => setConfirmLeave(false)}
          onConfirm={async () => {
            await leave(`You left ${g.name}.`);
            setConfirmLeave(false);
          }}
        />
      )}
    </div>
  );
}

/** A group in a list: name, privacy, members, purpose, and the join button. */
export function GroupCard(props: { group: Group; onChange: (g: Group) => void; compact?: boolean }) {
  const g = props.group;
  const hid = `group-${g.id}-name`;
  // Compact (the viewer's own groups): no purpose and no buttons, but whether they are an admin.
  const compact = !!props.compact;
  return (
    <article class={compact ? 'card group-card compact' : 'card group-card'} aria-labelledby={hid}>
      <div class="group-card-main">
        <h3 id={hid} class="group-card-name">
          <a href={`/groups/${g.id}`}>{g.name}</a>
        </h3>
        <p class="small muted">
          <PrivacyBadge privacy={g.privacy} /> · {plural(g.member_count, 'member')}
          {compact && g.viewer.role === 'admin' ? ' · Admin' : null}
          {g.archived ? ' · Archived' : ''}
        </p>
        {!compact && <p class="group-card-purpose">{g.purpose}</p>}
      </div>
      {!compact && <MembershipControls group={g} onChange={props.onChange} compact />}
    </article>
  );
}
