import { useEffect, useState } from 'preact/hooks';
import { ApiError, del, get, patch, post } from '../api';
import { Avatar, Confirm, ErrorNote, H1, ListState, LoadMore, RelTime } from '../components/common';
import { GroupFormFields, type GroupFields } from '../components/group-form';
import { forgetMyGroups } from '../groups-cache';
import { forgetLists, usePaged } from '../list';
import type { Group, Member, Membership, Page, User } from '../types';
import { announce, useDebounced, useTitle } from '../util';
import { GroupNotFound, useGroup } from './group';

export function GroupSettingsPage(props: { id: number }) {
  const { group, setGroup, error, reload } = useGroup(props.id);
  useTitle(group ? `Settings · ${group.name}` : 'Group settings');
  if (error && !group) return <GroupNotFound error={error} onRetry={reload} />;
  if (!group)
    return (
      <p class="page muted" role="status">
        Loading the group…
      </p>
    );
  const onChange = (g: Group) => {
    setGroup(g);
    forgetMyGroups();
    forgetLists('groups:');
  };
  if (!group.viewer.can_manage) {
    return (
      <div class="page narrow">
        <p class="small">
          <a href={`/groups/${group.id}`}>← {group.name}</a>
        </p>
        <H1>Group settings</H1>
        <p>Only the admins of {group.name} can change its settings.</p>
      </div>
    );
  }
  return (
    <div class="page narrow">
      <p class="small">
        <a href={`/groups/${group.id}`}>← {group.name}</a>
      </p>
      <H1>Group settings</H1>
      <p class="muted">{group.name}</p>
      <AboutForm group={group} onChange={onChange} />
      <Requests group={group} onChange={onChange} />
      <Invite group={group} />
      <ArchiveBox group={group} onChange={onChange} />
    </div>
  );
}

function AboutForm(props: { group: Group; onChange: (g: Group) => void }) {
  const g = props.group;
  const [v, setV] = useState<GroupFields>({ name: g.name, purpose: g.purpose, privacy: g.privacy });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const body: Partial<GroupFields> = {};
    if (v.name !== g.name) body.name = v.name.trim();
    if (v.purpose !== g.purpose) body.purpose = v.purpose.trim();
    if (v.privacy !== g.privacy) body.privacy = v.privacy;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const ng = await patch<Group>(`/groups/${g.id}`, body);
      props.onChange(ng);
      setV({ name: ng.name, purpose: ng.purpose, privacy: ng.privacy });
      setSaved(true);
      announce('The group settings were saved.');
    } catch (er) {
      setError(er);
      if (er instanceof ApiError && er.field) document.getElementById('gs-' + er.field)?.focus();
    } finally {
      setBusy(false);
    }
  };
  const known = error instanceof ApiError && ['name', 'purpose', 'privacy'].includes(error.field || '');
  return (
    <section class="card form-card" aria-labelledby="gs-about-h">
      <h2 id="gs-about-h" class="section-title">
        About this group
      </h2>
      {g.archived && <p class="notice">The group is archived: restore it below to change its settings.</p>}
      <form onSubmit={submit} noValidate>
        <GroupFormFields
          value={v}
          onChange={(nv) => {
            setV(nv);
            setSaved(false);
          }}
          error={error}
          idPrefix="gs"
        />
        {error && !known ? <ErrorNote error={error} /> : null}
        {saved && (
          <p class="success" role="status">
            Saved.
          </p>
        )}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" aria-disabled={busy || g.archived ? 'true' : undefined}>
            {busy ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Requests(props: { group: Group; onChange: (g: Group) => void }) {
  const g = props.group;
  const pending = usePaged<Member>(`group:${g.id}:pending`, (cursor) =>
    get<Page<Member>>(`/groups/${g.id}/members`, { state: 'pending', limit: 50, cursor }),
  );
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<{ user: number; error: unknown } | null>(null);
  const act = async (m: Member, approve: boolean) => {
    if (busy) return;
    setBusy(m.user_id);
    setError(null);
    try {
      if (approve) await post<Membership>(`/groups/${g.id}/members`, { user_id: m.user_id });
      else await del(`/groups/${g.id}/members/${m.user_id}`);
      pending.setItems((items) => items.filter((x) => x.user_id !== m.user_id));
      forgetLists(`group:${g.id}:`);
      announce(approve ? `${m.name} is now a member.` : `${m.name}'s request was declined.`);
      if (approve) props.onChange({ ...g, member_count: g.member_count + 1 });
    } catch (e) {
      setError({ user: m.user_id, error: e });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card" aria-labelledby="gs-req-h">
      <h2 id="gs-req-h" class="section-title">
        Requests to join
      </h2>
      <ListState
        loading={pending.loading}
        loaded={pending.loaded}
        count={pending.items.length}
        error={pending.error}
        onRetry={pending.reload}
        what="requests"
        empty={<p class="muted">No one is waiting.</p>}
      />
      {pending.items.length > 0 && (
        <ul class="people-list" aria-label="Requests to join">
          {pending.items.map((m) => (
            <li key={m.user_id} class="person-row">
              <Avatar id={m.user_id} name={m.name} />
              <div class="person-row-main">
                <a href={`/people/${encodeURIComponent(m.login)}`} class="person-name">
                  {m.name}
                </a>
                <span class="muted small block">
                  {m.title ? m.title + ' · ' : ''}asked <RelTime iso={m.since} />
                </span>
                {error && error.user === m.user_id ? <ErrorNote error={error.error} /> : null}
              </div>
              <div class="person-row-actions">
                <button
                  type="button"
                  class="btn btn-primary btn-small"
                  aria-disabled={busy === m.user_id || g.archived ? 'true' : undefined}
                  onClick={() => act(m, true)}
                >
                  Approve<span class="sr-only"> {m.name}</span>
                </button>
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  aria-disabled={busy === m.user_id ? 'true' : undefined}
                  onClick={() => act(m, false)}
                >
                  Decline<span class="sr-only"> {m.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {pending.loaded && pending.items.length > 0 && (
        <LoadMore
          loading={pending.loading}
          done={pending.done}
          error={pending.error}
          onLoad={pending.loadMore}
          what="requests"
          label="Load more requests"
          auto={false}
        />
      )}
    </section>
  );
}

function Invite(props: { group: Group }) {
  const g = props.group;
  const invited = usePaged<Member>(`group:${g.id}:invited`, (cursor) =>
    get<Page<Member>>(`/groups/${g.id}/members`, { state: 'invited', limit: 50, cursor }),
  );
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [found, setFound] = useState<User[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Member | null>(null);

  useEffect(() => {
    if (!dq) {
      setFound(null);
      return;
    }
    const ctl = new AbortController();
    setSearchError(null);
    get<Page<User>>('/users', { q: dq.slice(0, 100), limit: 8 }, ctl.signal)
      .then((p) => setFound(p.items.filter((u) => u.status === 'active')))
      .catch((e) => {
        if (!(e instanceof DOMException)) setSearchError(e);
      });
    return () => ctl.abort();
  }, [dq]);

  const invite = async (u: User) => {
    if (busy) return;
    setBusy(u.id);
    setError(null);
    setDone(null);
    try {
      const m = await post<Membership>(`/groups/${g.id}/members`, { user_id: u.id });
      const msg =
        m.state === 'active'
          ? `${u.name} is already a member (or had asked to join, and is now in).`
          : `${u.name} was invited.`;
      setDone(msg);
      announce(msg);
      invited.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card" aria-labelledby="gs-inv-h">
      <h2 id="gs-inv-h" class="section-title">
        Invitations
      </h2>
      <div class="field">
        <label for="gs-invite-q" class="label">
          Find a colleague to invite
        </label>
        <input
          id="gs-invite-q"
          type="search"
          value={q}
          maxLength={100}
          placeholder="Name, login or title"
          aria-describedby="gs-invite-hint"
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        />
        <p class="hint" id="gs-invite-hint">
          Invited people see the group and join when they accept.
        </p>
      </div>
      {searchError ? <ErrorNote error={searchError} /> : null}
      {found && (
        <div role="region" aria-label="Colleagues found">
          {found.length === 0 ? (
            <p class="muted" role="status">
              No colleague matches “{dq}”.
            </p>
          ) : (
            <ul class="people-list" aria-label="Colleagues found">
              {found.map((u) => (
                <li key={u.id} class="person-row">
                  <Avatar id={u.id} name={u.name} />
                  <div class="person-row-main">
                    <span class="person-name">{u.name}</span>
                    <span class="muted small block">
                      {[u.title, u.org?.name].filter(Boolean).join(' · ')}
                    </span>
                  </div>
                  <div class="person-row-actions">
                    <button
                      type="button"
                      class="btn btn-primary btn-small"
                      aria-disabled={busy === u.id || g.archived ? 'true' : undefined}
                      onClick={() => invite(u)}
                    >
                      Invite<span class="sr-only"> {u.name}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error ? <ErrorNote error={error} /> : null}
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      <h3 class="subsection-title">Open invitations</h3>
      <ListState
        loading={invited.loading}
        loaded={invited.loaded}
        count={invited.items.length}
        error={invited.error}
        onRetry={invited.reload}
        what="invitations"
        empty={<p class="muted">No open invitations.</p>}
      />
      {invited.items.length > 0 && (
        <ul class="people-list" aria-label="Open invitations">
          {invited.items.map((m) => (
            <li key={m.user_id} class="person-row">
              <Avatar id={m.user_id} name={m.name} />
              <div class="person-row-main">
                <a href={`/people/${encodeURIComponent(m.login)}`} class="person-name">
                  {m.name}
                </a>
                <span class="muted small block">
                  invited <RelTime iso={m.since} />
                </span>
              </div>
              <div class="person-row-actions">
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  aria-haspopup="dialog"
                  onClick={() => setCancelling(m)}
                >
                  Cancel invitation<span class="sr-only"> for {m.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {invited.loaded && invited.items.length > 0 && (
        <LoadMore
          loading={invited.loading}
          done={invited.done}
          error={invited.error}
          onLoad={invited.loadMore}
          what="invitations"
          label="Load more invitations"
          auto={false}
        />
      )}
      {cancelling && (
        <Confirm
          open
          title="Cancel this invitation?"
          message={<p>{cancelling.name} will no longer be able to join by this invitation.</p>}
          confirmLabel="Cancel invitation"
          cancelLabel="Keep it"
          onClose={() => setCancelling(null)}
          onConfirm={async () => {
            const m = cancelling;
            await del(`/groups/${g.id}/members/${m.user_id}`);
            invited.setItems((items) => items.filter((x) => x.user_id !== m.user_id));
            announce(`The invitation for ${m.name} was cancelled.`);
            setCancelling(null);
          }}
        />
      )}
    </section>
  );
}

function ArchiveBox(props: { group: Group; onChange: (g: Group) => void }) {
  const g = props.group;
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const restore = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      props.onChange(await patch<Group>(`/groups/${g.id}`, { archived: false }));
      announce('The group was restored.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="gs-arch-h">
      <h2 id="gs-arch-h" class="section-title">
        Archive
      </h2>
      {g.archived ? (
        <>
          <p>
            This group is archived
            {g.archived_at ? (
              <>
                {' '}
                since <RelTime iso={g.archived_at} />
              </>
            ) : null}
            . Members can still read it, but nobody can post, comment or react.
          </p>
          <button type="button" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined} onClick={restore}>
            Restore group
          </button>
        </>
      ) : (
        <>
          <p>
            Archive a group when its work is done. It stays readable for its members, and nothing is deleted: all
            posts and comments are kept in the district's archive.
          </p>
          <button type="button" class="btn btn-danger" aria-haspopup="dialog" onClick={() => setConfirm(true)}>
            Archive group
          </button>
        </>
      )}
      {error ? <ErrorNote error={error} /> : null}
      {confirm && (
        <Confirm
          open
          title={`Archive ${g.name}?`}
          message={<p>The group becomes read-only until an admin restores it.</p>}
          confirmLabel="Archive group"
          onClose={() => setConfirm(false)}
          onConfirm={async () => {
            props.onChange(await patch<Group>(`/groups/${g.id}`, { archived: true }));
            announce('The group was archived.');
            setConfirm(false);
          }}
        />
      )}
    </section>
  );
}
