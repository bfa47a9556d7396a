import { useEffect, useState } from 'preact/hooks';
import { get, takePrefetched } from '../api';
import { PinnedSection, usePinned } from '../components/announce';
import { H1 } from '../components/common';
import { Composer } from '../components/composer';
import { NewPostsButton, useNewPosts } from '../components/new-posts';
import { PostCard, PostFeed } from '../components/post';
import { useMyGroups } from '../groups-cache';
import { usePaged } from '../list';
import { useLive } from '../live';
import type { FeedPage, Post } from '../types';
import { loadDraft, useTitle } from '../util';

export const FEED_FIRST = '/feed?limit=20';

export function HomePage() {
  useTitle('Home');
  // The important posts to acknowledge come with the feed's first page
  // (`pinned`): no request of their own.
  const feed = usePaged<Post>('feed', (cursor) =>
    cursor
      ? get<FeedPage>('/feed', { limit: 20, cursor })
      : (takePrefetched<FeedPage>(FEED_FIRST) || get<FeedPage>('/feed', { limit: 20 })).then(pins.take),
  );
  // The critical path is the feed alone: the list of the person's groups
  // (for the composer's "which group" and the wide-screen sidebar) is asked
  // for once the feed is on screen and the browser is idle, or at once when
  // the composer is used or a draft is waiting.
  const [wantGroups, setWantGroups] = useState(() => !!loadDraft<{ body?: string; group?: string }>('post.home')?.body);
  useEffect(() => {
    if (!feed.loaded || wantGroups) return;
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(() => setWantGroups(true), { timeout: 1500 });
      return () => (window as any).cancelIdleCallback?.(id);
    }
    const t = window.setTimeout(() => setWantGroups(true), 500);
    return () => window.clearTimeout(t);
  }, [feed.loaded]);
  const { groups, error: groupsError } = useMyGroups(wantGroups);
  const inFeed = (id: number) => (groups ? groups.some((g) => g.id === id && g.viewer.state === 'active') : undefined);
  const pins = usePinned('feed', feed, inFeed);
  const postable = groups ? groups.filter((g) => g.viewer.can_post) : null;
  // New posts from the live stream: the feed is the groups the person is an
  // active member of (the stream also carries open groups they only read).
  useLive((e) => {
    if (e.kind === 'post_created' && !wantGroups) setWantGroups(true);
  });
  const fresh = useNewPosts(feed, () => get<FeedPage>('/feed', { limit: 20 }).then(pins.take), inFeed, 'feed-h');

  return (
    <div class="page with-side">
      <div class="center">
        <H1 class="page-title">Home</H1>
        <PinnedSection
          pins={pins}
          card={(p, onAcknowledged) => (
            <PostCard
              post={p}
              level={3}
              pinned
              onChange={pins.update}
              onAcknowledged={onAcknowledged}
              onRemoved={pins.removed}
            />
          )}
        />
        <Composer
          onActivate={() => setWantGroups(true)}
          groups={postable}
          groupsError={groupsError}
          onPosted={(p) => feed.setItems((items) => [p, ...items])}
        />
        <section aria-labelledby="feed-h">
          <h2 id="feed-h" class="section-title">
            Recent posts from your groups
          </h2>
          <NewPostsButton count={fresh.count} onShow={fresh.show} />
          <PostFeed
            list={feed}
            empty={
              <p>
                Nothing here yet. <a href="/groups">Join a few groups</a> and their posts will show up here.
              </p>
            }
          />
          {feed.done && feed.items.length > 0 && <p class="end-note muted small">You're all caught up.</p>}
        </section>
      </div>
      <div class="side">
        <section class="side-box" aria-labelledby="side-groups-h">
          <h2 id="side-groups-h" class="side-title">
            Your groups
          </h2>
          {groups && groups.length > 0 ? (
            <ul class="side-list">
              {groups.slice(0, 30).map((g) => (
                <li key={g.id}>
                  <a href={`/groups/${g.id}`}>{g.name}</a>
                </li>
              ))}
            </ul>
          ) : groups ? (
            <p class="small muted">You're not in any group yet.</p>
          ) : null}
          <p class="small">
            <a href="/groups">See all groups</a>
          </p>
        </section>
      </div>
    </div>
  );
}
