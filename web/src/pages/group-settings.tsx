import { useEffect, useState } from 'preact/hooks';
import { del, get, patch, post } from '../api';
import { Confirm, ErrorNote, H1, MemberRow, PagedItems, PersonRow, RelTime } from '../components/common';
import { GroupFormFields, focusFieldOf, formError, type GroupFields } from '../components/group-form';
import { forgetLists } from '../list';
import type { Group, Member, Membership, Page, User } from '../types';
import { announce, useAction, useDebounced, useRowAction, useTitle } from '../util';
import { useGroup, useMembers } from './group';

export function GroupSettingsPage(props: { id: number }) {
  const { group, changed: onChange, fallback } = useGroup(props.id);
  useTitle(group ? `Settings · ${group.name}` : 'Group settings');
  if (!group) return fallback;
  return (
    <div class="page narrow">
      <p class="small">
        <a href={`/groups/${group.id}`}>← {group.name}</a>
      </p>
      <H1>Group settings</H1>
      {group.viewer.can_manage ? (
        <>
          <p class="muted">{group.name}</p>
          <AboutForm group={group} onChange={onChange} />
          <Requests group={group} onChange={onChange} />
          <Invite group={group} />
          <ArchiveBox group={group} onChange={onChange} />
        </>
      ) : (
        <p>Only the admins of {group.name} can change its settings.</p>
      )}
    </div>
  );
}


function AboutForm(props: { group: Group; onChange: (g: Group) => void }) {
  const g = props.group;
  const [v, setV] = useState<GroupFields>({ name: g.name, purpose: g.purpose, privacy: g.privacy });
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Partial<GroupFields> = {};
      if (v.name !== g.name) body.name = v.name.trim();
      if (v.purpose !== g.purpose) body.purpose = v.purpose.trim();
      if (v.privacy !== g.privacy) body.privacy = v.privacy;
      setSaved(false);
      const ng = await patch<Group>(`/groups/${g.id}`, body);
      props.onChange(ng);
      setV({ name: ng.name, purpose: ng.purpose, privacy: ng.privacy });
      setSaved(true);
      announce('The group settings were saved.');
    }, focusFieldOf('gs'));
  };
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
        <ErrorNote error={formError(error)} />
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
  const pending = useMembers(g, 'pending');
  const { busy, run, errorOf } = useRowAction<number>();
  const act = (m: Member, approve: boolean) =>
    run(m.user_id, async () => {
      if (approve) await post<Membership>(`/groups/${g.id}/members`, { user_id: m.user_id });
      else await del(`/groups/${g.id}/members/${m.user_id}`);
      pending.setItems((items) => items.filter((x) => x.user_id !== m.user_id));
      forgetLists(`group:${g.id}:`);
      announce(approve ? `${m.name} is now a member.` : `${m.name}'s request was declined.`);
      if (approve) props.onChange({ ...g, member_count: g.member_count + 1 });
    });
  return (
    <section class="card" aria-labelledby="gs-req-h">
      <h2 id="gs-req-h" class="section-title">
        Requests to join
      </h2>
      <PagedItems
        list={pending}
        label="Requests to join"
        class="people-list"
        what="requests"
        more="Load more requests"
        auto={false}
        empty={<p class="muted">No one is waiting.</p>}
        item={(m) => (
          <MemberRow
            key={m.user_id}
            member={m}
            actions={
              <>
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
              </>
            }
          >
            <span class="muted small block">
              {m.title ? m.title + ' · ' : ''}asked <RelTime iso={m.since} />
            </span>
            <ErrorNote error={errorOf(m.user_id)} />
          </MemberRow>
        )}
      />
    </section>
  );
}

function Invite(props: { group: Group }) {
  const g = props.group;
  const invited = useMembers(g, 'invited');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [found, setFound] = useState<User[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const { busy, error, run } = useRowAction<number>();
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

  const invite = (u: User) =>
    run(u.id, async () => {
      setDone(null);
      const m = await post<Membership>(`/groups/${g.id}/members`, { user_id: u.id });
      const msg =
        m.state === 'active'
          ? `${u.name} is already a member (or had asked to join, and is now in).`
          : `${u.name} was invited.`;
      setDone(msg);
      announce(msg);
      invited.reload();
    });

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
                <PersonRow
                  key={u.id}
                  id={u.id}
                  name={u.name}
                  actions={
                    <button
                      type="button"
                      class="btn btn-primary btn-small"
                      aria-disabled={busy === u.id || g.archived ? 'true' : undefined}
                      onClick={() => invite(u)}
                    >
                      Invite<span class="sr-only"> {u.name}</span>
                    </button>
                  }
                >
                  <span class="muted small block">{[u.title, u.org?.name].filter(Boolean).join(' · ')}</span>
                </PersonRow>
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
      <PagedItems
        list={invited}
        label="Open invitations"
        class="people-list"
        what="invitations"
        more="Load more invitations"
        auto={false}
        empty={<p class="muted">No open invitations.</p>}
        item={(m) => (
          <MemberRow
            key={m.user_id}
            member={m}
            actions={
              <button
                type="button"
                class="btn btn-secondary btn-small"
                aria-haspopup="dialog"
                onClick={() => setCancelling(m)}
              >
                Cancel invitation<span class="sr-only"> for {m.name}</span>
              </button>
            }
          >
            <span class="muted small block">
              invited <RelTime iso={m.since} />
            </span>
          </MemberRow>
        )}
      />
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
  const { busy, error, run } = useAction();
  const restore = () =>
    run(async () => {
      props.onChange(await patch<Group>(`/groups/${g.id}`, { archived: false }));
      announce('The group was restored.');
    });
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
