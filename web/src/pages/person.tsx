import { ApiError, get } from '../api';
import { Avatar, H1, PageLoading, PageNotShown, RelTime } from '../components/common';
import { PostFeed } from '../components/post';
import { usePaged } from '../list';
import { currentUser } from '../session';
import type { Page, Post, User } from '../types';
import { useFetched, useTitle } from '../util';

let loginParamSupported = true;

/** GET /users?login= (exact); older servers: search and pick the exact login. */
async function findByLogin(login: string): Promise<User | null> {
  const want = login.toLowerCase();
  if (loginParamSupported) {
    try {
      const p = await get<Page<User>>('/users', { login: want });
      return p.items.find((u) => u.login === want) || null;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 400 && e.field === 'login')) throw e;
      if (e.code !== 'unknown_parameter') return null; // not a login at all
      loginParamSupported = false;
    }
  }
  const p = await get<Page<User>>('/users', { q: want, limit: 100 });
  return p.items.find((u) => u.login === want) || null;
}

export function PersonPage(props: { login: string }) {
  // null: no one has that login.
  const { value: user, error, reload } = useFetched(() => findByLogin(props.login), [props.login]);
  const missing = user === null;
  useTitle(user ? user.name : missing ? 'Person not found' : 'Profile');

  if (missing || (error && !user)) {
    return (
      <PageNotShown
        notFound={missing}
        notFoundTitle="Person not found"
        notFoundText={<>No one in the directory has the login “{props.login}”.</>}
        failedTitle="The profile could not be loaded"
        error={error}
        onRetry={reload}
        href="/people"
        link="Search the directory"
      />
    );
  }
  if (!user) return <PageLoading text="Loading the profile…" />;
  const me = currentUser();
  return (
    <div class="page narrow">
      <section class="card profile" aria-labelledby="profile-h">
        <Avatar id={user.id} name={user.name} size="lg" />
        <div>
          <H1 id="profile-h">{user.name}</H1>
          {user.title && <p class="profile-title">{user.title}</p>}
          <dl class="facts">
            {user.org && (
              <>
                <dt>School or department</dt>
                <dd>
                  <a href={`/people?org=${user.org.id}`}>{user.org.name}</a>
                </dd>
              </>
            )}
            <dt>Login</dt>
            <dd>@{user.login}</dd>
            <dt>On staffroom since</dt>
            <dd>
              <RelTime iso={user.created_at} />
            </dd>
            {user.status === 'deactivated' && (
              <>
                <dt>Status</dt>
                <dd>No longer active</dd>
              </>
            )}
          </dl>
          {me && me.id === user.id && <p class="small muted">This is you.</p>}
        </div>
      </section>
      <PersonPosts user={user} />
    </div>
  );
}

function PersonPosts(props: { user: User }) {
  const u = props.user;
  const list = usePaged<Post>(`person:${u.id}:posts`, (cursor) =>
    get<Page<Post>>(`/users/${u.id}/posts`, { limit: 20, cursor }),
  );
  const unsupported = list.error && list.error.status === 404 && list.items.length === 0;
  return (
    <section aria-labelledby="person-posts-h">
      <h2 id="person-posts-h" class="section-title">
        Posts by {u.name}
      </h2>
      <PostFeed
        list={list}
        empty={<p class="muted">No posts that you can see.</p>}
        state={unsupported ? <p class="muted">Posts by a person cannot be listed on this server yet.</p> : undefined}
      />
    </section>
  );
}
