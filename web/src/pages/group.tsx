import { useState } from 'preact/hooks';
import { ApiError, del, get, patch } from '../api';
import {
  Confirm,
  ErrorNote,
  H1,
  PageLoading,
  PageNotShown,
  PagedItems,
  MemberRow,
  PrivacyBadge,
} from '../components/common';
import { PinnedSection, usePinned } from '../components/announce';
import { Composer } from '../components/composer';
import { MembershipControls } from '../components/group';
import { NotificationsButton, NotificationsPanel, useGroupNotifications } from '../components/notify-settings';
import { NewPostsButton, useNewPosts } from '../components/new-posts';
import { PostCard, PostFeed } from '../components/post';
import { forgetGroupLists } from '../groups-cache';
import { usePaged, type PagedList } from '../list';
import { useLocation } from '../router';
import { currentUser } from '../session';
import type { FeedPage, Group, Member, Membership, Page, Post } from '../types';
import { announce, plural, useFetched, useRowAction, useTitle } from '../util';

/**
 * A group's page (or its settings) while the group loads or fails, or the
 * group with `changed`: shows a change to it and forgets the lists of groups.
 */
export function useGroup(id: number) {
  const { value: group, setValue: setGroup, error, reload } = useFetched(() => get<Group>(`/groups/${id}`), [id]);
  const changed = (g: Group) => {
    setGroup(g);
    forgetGroupLists();
  };
  let fallback = null;
  if (error && !group)
    fallback = (
      <PageNotShown
        notFound={error instanceof ApiError && error.status === 404}
        notFoundTitle="Group not found"
        notFoundText="This group does not exist, or it is not visible to you."
        failedTitle="The group could not be loaded"
        error={error}
        onRetry={reload}
        href="/groups"
        link="Browse groups"
      />
    );
  else if (!group) fallback = <PageLoading text="Loading the group…" />;
  return { group, changed, fallback };
}

/** The members of a group in one state (active, pending, invited), 50 a page; nothing while not `enabled`. */
export function useMembers(g: Group, state: 'active' | 'pending' | 'invited', enabled = true): PagedList<Member> {
  const key = state === 'active' ? 'members' : state;
  return usePaged<Member>(enabled ? `group:${g.id}:${key}` : null, (cursor) =>
    get<Page<Member>>(`/groups/${g.id}/members`, { state, limit: 50, cursor }),
  );
}

export function GroupPage(props: { id: number }) {
  const loc = useLocation();
  const view = loc.query.get('view') === 'members' ? 'members' : 'posts';
  const { group, changed: onChange, fallback } = useGroup(props.id);
  useTitle(group ? (view === 'members' ? `Members · ${group.name}` : group.name) : 'Group');

  if (!group) return fallback;
  const g = group;
  return <GroupView group={g} view={view} onChange={onChange} />;
}

function GroupView(props: { group: Group; view: 'posts' | 'members'; onChange: (g: Group) => void }) {
  const { group: g, view, onChange } = props;
  // For members: what they hear from the group.
  const member = g.viewer.state === 'active';
  const n = useGroupNotifications(g, member);
  const notes = member ? n : null;
  return (
    <div class="page">
      <section class="card group-hero" aria-labelledby="group-h1">
        <div class="group-hero-top">
          <div>
            <H1 id="group-h1">{g.name}</H1>
            <p class="muted small">
              <PrivacyBadge privacy={g.privacy} /> · {plural(g.member_count, 'member')}
              {g.viewer.role === 'admin' ? ' · You are an admin' : ''}
            </p>
          </div>
          <div class="group-hero-actions">
            <MembershipControls group={g} onChange={onChange} />
            {notes && <NotificationsButton n={notes} />}
            {g.viewer.can_manage && (
              <a href={`/groups/${g.id}/settings`} class="btn btn-secondary">
                <span aria-hidden="true">⚙ </span>Group settings
              </a>
            )}
          </div>
        </div>
        {notes && <NotificationsPanel n={notes} />}
        {g.archived && (
          <p class="notice">
            This group is archived: it stays readable but accepts no new posts, comments or reactions.
          </p>
        )}
        <section class="pinned" aria-labelledby="group-purpose-h">
          <h2 id="group-purpose-h" class="pinned-title">
            <span aria-hidden="true">📌 </span>Purpose
          </h2>
          <p class="purpose">{g.purpose}</p>
        </section>
      </section>
      <nav class="tabs" aria-label="Group sections">
        <a href={`/groups/${g.id}`} aria-current={view === 'posts' ? 'page' : undefined}>
          Posts
        </a>
        <a href={`/groups/${g.id}?view=members`} aria-current={view === 'members' ? 'page' : undefined}>
          Members
        </a>
      </nav>
      {view === 'members' ? <MembersView group={g} onGroupChange={onChange} /> : <PostsView group={g} />}
    </div>
  );
}

function PostsView(props: { group: Group }) {
  const g = props.group;
  // Its important posts to acknowledge come with the first page (`pinned`).
  const list = usePaged<Post>(g.viewer.can_read ? `group:${g.id}:posts` : null, (cursor) =>
    cursor
      ? get<FeedPage>(`/groups/${g.id}/posts`, { limit: 20, cursor })
      : get<FeedPage>(`/groups/${g.id}/posts`, { limit: 20 }).then(pins.take),
  );
  const accepts = (id: number) => g.viewer.can_read && id === g.id;
  const pins = usePinned(`group:${g.id}:posts`, list, accepts);
  const fresh = useNewPosts(
    list,
    () => get<FeedPage>(`/groups/${g.id}/posts`, { limit: 20 }).then(pins.take),
    accepts,
    'group-posts-h',
  );
  if (!g.viewer.can_read) {
    return (
      <section class="card locked" aria-labelledby="locked-h">
        <h2 id="locked-h" class="section-title">
          Posts are for members
        </h2>
        <p>
          {g.privacy === 'secret'
            ? 'This is a secret group: only its members know it and read its posts.'
            : 'This is a closed group: anyone can see its name and purpose, but only members read its posts.'}
          {g.viewer.state === 'pending'
            ? ' Your request to join is waiting for an admin.'
            : g.viewer.state === 'invited'
              ? ' You have been invited: accept the invitation above to join.'
              : g.viewer.can_manage
                ? ' As an admin you can join it above to read them.'
                : ' Ask to join above; an admin of the group will approve your request.'}
        </p>
      </section>
    );
  }
  return (
    <>
      <PinnedSection
        pins={pins}
        card={(p, onAcknowledged) => (
          <PostCard
            post={p}
            level={3}
            group={g}
            pinned
            onChange={pins.update}
            onAcknowledged={onAcknowledged}
            onRemoved={pins.removed}
          />
        )}
      />
      {g.viewer.can_post && !g.archived && (
        <Composer group={g} onPosted={(p) => list.setItems((items) => [p, ...items])} />
      )}
      <section aria-labelledby="group-posts-h">
        <h2 id="group-posts-h" class="section-title">
          Posts
        </h2>
        <NewPostsButton count={fresh.count} onShow={fresh.show} />
        <PostFeed
          list={list}
          group={g}
          empty={<p>No posts yet.{g.viewer.can_post ? ' Be the first to write one.' : ''}</p>}
        />
      </section>
    </>
  );
}

function MembersView(props: { group: Group; onGroupChange: (g: Group) => void }) {
  const g = props.group;
  const me = currentUser();
  const list = useMembers(g, 'active', g.viewer.can_read);
  const { busy, run, errorOf } = useRowAction<number>();
  const [removing, setRemoving] = useState<Member | null>(null);

  if (!g.viewer.can_read) {
    return (
      <section class="card locked" aria-labelledby="locked-m-h">
        <h2 id="locked-m-h" class="section-title">
          Members
        </h2>
        <p>Only members of this {g.privacy} group see who else is in it.</p>
      </section>
    );
  }

  const setRole = (m: Member, role: 'admin' | 'member') =>
    run(m.user_id, async () => {
      const r = await patch<Membership>(`/groups/${g.id}/members/${m.user_id}`, { role });
      list.setItems((items) => items.map((x) => (x.user_id === m.user_id ? { ...x, role: r.role } : x)));
      announce(role === 'admin' ? `${m.name} is now an admin.` : `${m.name} is no longer an admin.`);
      if (me && m.user_id === me.id) props.onGroupChange(await get<Group>(`/groups/${g.id}`));
    });

  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h" class="section-title">
        Members ({g.member_count.toLocaleString('en')})
      </h2>
      <PagedItems
        list={list}
        label="Members"
        class="people-list card"
        what="members"
        empty={<p>No members.</p>}
        item={(m) => (
          <MemberRow
            key={m.user_id}
            member={m}
            actions={
              g.viewer.can_manage &&
              !g.archived && (
                <>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    aria-disabled={busy === m.user_id ? 'true' : undefined}
                    aria-label={`${m.role === 'admin' ? 'Remove admin role' : 'Make admin'}: ${m.name}`}
                    onClick={() => setRole(m, m.role === 'admin' ? 'member' : 'admin')}
                  >
                    {m.role === 'admin' ? 'Remove admin role' : 'Make admin'}
                  </button>
                  {(!me || me.id !== m.user_id) && (
                    <button
                      type="button"
                      class="btn btn-ghost btn-small"
                      aria-haspopup="dialog"
                      onClick={() => setRemoving(m)}
                    >
                      Remove<span class="sr-only"> {m.name} from the group</span>
                    </button>
                  )}
                </>
              )
            }
          >
            {m.role === 'admin' && <span class="badge badge-admin">Admin</span>}
            {m.title && <span class="muted small block">{m.title}</span>}
            <ErrorNote error={errorOf(m.user_id)} />
          </MemberRow>
        )}
      />
      {removing && (
        <Confirm
          open
          title={`Remove ${removing.name}?`}
          message={<p>{removing.name} will no longer be a member of {g.name}.</p>}
          confirmLabel="Remove from group"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            const m = removing;
            await del(`/groups/${g.id}/members/${m.user_id}`);
            list.setItems((items) => items.filter((x) => x.user_id !== m.user_id));
            props.onGroupChange({ ...g, member_count: Math.max(0, g.member_count - 1) });
            announce(`${m.name} was removed from the group.`);
            setRemoving(null);
          }}
        />
      )}
    </section>
  );
}
