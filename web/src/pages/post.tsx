import { useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { PageLoading, PageNotShown, PagedItems } from '../components/common';
import { FollowButton } from '../components/notify-settings';
import { CommentForm, CommentView, PostCard } from '../components/post';
import { usePaged } from '../list';
import { useLive } from '../live';
import { navigate } from '../router';
import type { Comment, Page, Post } from '../types';
import { useFetched, useTitle } from '../util';

export function PostPage(props: { id: number }) {
  const { value: post, setValue: setPost, error, reload } = useFetched(() => get<Post>(`/posts/${props.id}`), [props.id]);
  useTitle(post ? `${post.author.name} in ${post.group.name}` : 'Post');
  // Live: the post again (counts, reactions, an edit) when something happens to it.
  useLive((e) => {
    if (!post) return;
    if (e.kind === 'reset' || (e.post_id === props.id && e.kind !== 'post_deleted' && e.kind !== 'notification')) {
      get<Post>(`/posts/${props.id}`)
        .then(setPost)
        .catch(() => {
          /* it stays as it was */
        });
    }
  });

  if (error && !post) {
    return (
      <PageNotShown
        notFound={error instanceof ApiError && error.status === 404}
        notFoundTitle="Post not found"
        notFoundText="This post was deleted, or it is in a group you cannot read."
        failedTitle="The post could not be loaded"
        error={error}
        onRetry={reload}
        href="/"
        link="Go to your home feed"
      />
    );
  }
  if (!post) return <PageLoading text="Loading the post…" />;
  return (
    <div class="page narrow">
      <PostCard
        post={post}
        level={1}
        full
        onChange={setPost}
        onRemoved={() => navigate(`/groups/${post.group.id}`, { replace: true })}
      >
        <FollowButton key={post.id} post={post} />
        <Comments post={post} onCount={(d) => setPost((p) => p && { ...p, comment_count: p.comment_count + d })} />
      </PostCard>
    </div>
  );
}

function Comments(props: { post: Post; onCount: (delta: number) => void }) {
  const p = props.post;
  const list = usePaged<Comment>(`post:${p.id}:comments`, (cursor) =>
    get<Page<Comment>>(`/posts/${p.id}/comments`, { limit: 50, cursor }),
  );
  const [replyTo, setReplyTo] = useState<{ id: number; name: string; login: string | null } | null>(null);
  // Live: someone else's comment (or its deletion) loads the comments again.
  useLive((e) => {
    if (e.kind === 'reset') list.reload();
    if (e.post_id !== p.id || !e.comment_id) return;
    const here = list.items.some((c) => c.id === e.comment_id);
    if ((e.kind === 'comment_created' && !here) || (e.kind === 'comment_deleted' && here)) list.reload();
  });
  const canComment = !!p.viewer?.can_comment;
  const byParent = new Map<number, Comment[]>();
  const ids = new Set(list.items.map((c) => c.id));
  const top: Comment[] = [];
  for (const c of list.items) {
    if (c.parent_id && ids.has(c.parent_id)) {
      const arr = byParent.get(c.parent_id) || [];
      arr.push(c);
      byParent.set(c.parent_id, arr);
    } else top.push(c);
  }
  const removed = (id: number) => {
    list.setItems((items) => items.filter((c) => c.id !== id));
    props.onCount(-1);
  };
  const added = (c: Comment) => {
    list.setItems((items) => [...items, c]);
    props.onCount(1);
  };
  const me = (c: Comment, login: string | null) =>
    canComment ? () => setReplyTo({ id: c.parent_id || c.id, name: c.author.name, login }) : undefined;

  return (
    <section class="post-comments full" aria-labelledby="comments-h">
      <h2 id="comments-h" class="section-title">
        Comments
      </h2>
      <PagedItems
        list={list}
        items={top}
        label="Comments"
        class="comment-list"
        what="comments"
        more="Load more comments"
        empty={<p class="muted">No comments yet.{canComment ? ' Start the conversation.' : ''}</p>}
        item={(c) => {
          const replies = byParent.get(c.id) || [];
          return (
            <li key={c.id}>
              <CommentView comment={c} onReply={me(c, null)} onDeleted={removed}>
                {replies.length > 0 && (
                  <ul class="comment-list replies" aria-label={`Replies to ${c.author.name}`}>
                    {replies.map((r) => (
                      <li key={r.id}>
                        <CommentView
                          comment={r}
                          onReply={me(r, r.author.login)}
                          onDeleted={removed}
                        />
                      </li>
                    ))}
                  </ul>
                )}
                {canComment && replyTo && replyTo.id === c.id && (
                  <CommentForm
                    key={`${replyTo.id}-${replyTo.login}`}
                    postId={p.id}
                    parentId={c.id}
                    label={`Reply to ${replyTo.name}`}
                    button="Send reply"
                    autoFocus
                    initial={replyTo.login ? `@${replyTo.login} ` : ''}
                    onCancel={() => setReplyTo(null)}
                    onPosted={(r) => {
                      added(r);
                      setReplyTo(null);
                    }}
                  />
                )}
              </CommentView>
            </li>
          );
        }}
      />
      {list.loaded && canComment && (
        <CommentForm postId={p.id} label="Write a comment" button="Comment" onPosted={added} />
      )}
    </section>
  );
}
