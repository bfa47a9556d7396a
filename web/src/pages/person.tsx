import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { Avatar, ErrorNote, H1, ListState, LoadMore, RelTime } from '../components/common';
import { PostCard } from '../components/post';
import { usePaged } from '../list';
import { currentUser } from '../session';
import type { Page, Post, User } from '../types';
import { useTitle } from '../util';

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
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const load = () => {
    setError(null);
    setMissing(false);
    findByLogin(props.login)
      .then((u) => (u ? setUser(u) : setMissing(true)))
      .catch(setError);
  };
  useEffect(load, [props.login]);
  useTitle(user ? user.name : missing ? 'Person not found' : 'Profile');

  if (missing || (error && !user)) {
    return (
      <div class="page narrow">
        <H1>{missing ? 'Person not found' : 'The profile could not be loaded'}</H1>
        {missing ? <p>No one in the directory has the login “{props.login}”.</p> : <ErrorNote error={error} onRetry={load} />}
        <p>
          <a href="/people">Search the directory</a>
        </p>
      </div>
    );
  }
  if (!user)
    return (
      <p class="page muted" role="status">
        Loading the profile…
      </p>
    );
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
      {unsupported ? (
        <p class="muted">Posts by a person cannot be listed on this server yet.</p>
      ) : (
        <ListState
          loading={list.loading}
          loaded={list.loaded}
          count={list.items.length}
          error={list.error}
          onRetry={list.reload}
          what="posts"
          empty={<p class="muted">No posts that you can see.</p>}
        />
      )}
      {list.items.length > 0 && (
        <ul class="feed" aria-label="Posts">
          {list.items.map((p) => (
            <li key={p.id}>
              <PostCard
                post={p}
                level={3}
                onChange={(np) => list.setItems((items) => items.map((x) => (x.id === np.id ? np : x)))}
                onRemoved={(id) => list.setItems((items) => items.filter((x) => x.id !== id))}
              />
            </li>
          ))}
        </ul>
      )}
      {list.loaded && list.items.length > 0 && (
        <LoadMore loading={list.loading} done={list.done} error={list.error} onLoad={list.loadMore} what="posts" />
      )}
    </section>
  );
}
