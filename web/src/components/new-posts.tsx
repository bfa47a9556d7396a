// New posts from the live stream in a feed (home, a group): "N new posts —
// show" above the list, or the posts at once when the person is at the top
// of the page. Focus never moves on its own; after "show" it goes to the
// feed's heading (the button is gone).
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import type { PagedList } from '../list';
import { useLive } from '../live';
import type { Page, Post } from '../types';
import { announce, plural } from '../util';

export function useNewPosts(
  list: PagedList<Post>,
  first: () => Promise<Page<Post>>,
  /** Is a post of this group for this feed? undefined: not known yet. */
  accepts: (groupId: number) => boolean | undefined,
  headingId: string,
) {
  const [pending, setPending] = useState<Map<number, { g: number; top: boolean }>>(() => new Map());
  const busy = useRef(false);
  const shown = new Set(list.items.map((p) => p.id));
  const waiting = Array.from(pending).filter(([id, p]) => !shown.has(id) && accepts(p.g));
  // At the top of the page when it came: in at once, without a button.
  const direct = waiting.filter(([, p]) => p.top).length;
  const count = waiting.length - direct;

  const show = async (direct: boolean) => {
    if (busy.current) return;
    busy.current = true;
    const want = new Set(Array.from(pending).filter(([, p]) => accepts(p.g)).map(([id]) => id));
    try {
      const page = await first();
      const got = new Set(page.items.map((p) => p.id));
      let fresh: Post[] = [];
      let missing = false;
      list.setItems((items) => {
        // The list as it is now (not as it was when this was pressed).
        const have = new Set(items.map((p) => p.id));
        fresh = page.items.filter((p) => !have.has(p.id));
        missing = Array.from(want).some((id) => !got.has(id) && !have.has(id)) && !!page.next_cursor;
        return fresh.length && !missing ? [...fresh, ...items] : items;
      });
      if (missing) list.reload();
      setPending((m) => {
        const n = new Map(m);
        for (const id of want) n.delete(id);
        return n;
      });
      if (fresh.length) announce(`${plural(fresh.length, 'new post')} ${direct ? 'added at the top' : 'shown'}.`);
      if (!direct) {
        const h = document.getElementById(headingId);
        if (h) {
          h.tabIndex = -1;
          h.focus();
        }
      }
    } catch {
      /* the button stays; pressing it again tries again */
    } finally {
      busy.current = false;
    }
  };

  useLive((e) => {
    if (e.kind === 'reset') {
      setPending(new Map());
      if (list.loaded) list.reload();
    } else if (e.kind === 'post_created' && e.post_id && e.group_id) {
      const id = e.post_id;
      const g = e.group_id;
      if (list.items.some((p) => p.id === id)) return;
      setPending((m) => new Map(m).set(id, { g, top: window.scrollY <= 0 }));
    } else if (e.kind === 'post_deleted' && e.post_id) {
      const id = e.post_id;
      setPending((m) => {
        if (!m.has(id)) return m;
        const n = new Map(m);
        n.delete(id);
        return n;
      });
      if (list.items.some((p) => p.id === id)) list.setItems((items) => items.filter((p) => p.id !== id));
    } else if (e.kind === 'post_edited' && e.post_id && list.items.some((p) => p.id === e.post_id)) {
      get<Post>(`/posts/${e.post_id}`)
        .then((np) => list.setItems((items) => items.map((p) => (p.id === np.id ? np : p))))
        .catch(() => {
          /* it stays as it was */
        });
    }
  });

  // At the top of the page: in at once. Otherwise: say how many wait.
  const said = useRef(0);
  useEffect(() => {
    if (!list.loaded) return;
    if (direct > 0) void show(true);
    if (count === 0) said.current = 0;
    else if (count > said.current) {
      said.current = count;
      announce(`${plural(count, 'new post')}. The "show" button is above the posts.`);
    }
  }, [count, direct, list.loaded]);

  return { count, show: () => void show(false) };
}

export function NewPostsButton(props: { count: number; onShow: () => void }) {
  if (!props.count) return null;
  return (
    <p class="new-posts">
      <button type="button" class="btn btn-secondary" onClick={props.onShow}>
        {plural(props.count, 'new post')} — show
      </button>
    </p>
  );
}
