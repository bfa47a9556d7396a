import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { ErrorNote, H1, ListState, LoadMore } from '../components/common';
import { CommentForm, CommentView, PostCard } from '../components/post';
import { usePaged } from '../list';
import { navigate } from '../router';
import type { Comment, Page, Post } from '../types';
import { useTitle } from '../util';

export function PostPage(props: { id: number }) {
  const [post, setPost] = useState<Post | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    get<Post>(`/posts/${props.id}`).then(setPost).catch(setError);
  };
  useEffect(load, [props.id]);
  useTitle(post ? `${post.author.name} in ${post.group.name}` : 'Post');

  if (error && !post) {
    const nf = error instanceof ApiError && error.status === 404;
    return (
      <div class="page narrow">
        <H1>{nf ? 'Post not found' : 'The post could not be loaded'}</H1>
        {nf ? <p>This post was deleted, or it is in a group you cannot read.</p> : <ErrorNote error={error} onRetry={load} />}
        <p>
          <a href="/">Go to your home feed</a>
        </p>
      </div>
    );
  }
  if (!post)
    return (
      <p class="page muted" role="status">
        Loading the post…
      </p>
    );
  return (
    <div class="page narrow">
      <PostCard
        post={post}
        level={1}
        full
        onChange={setPost}
        onRemoved={() => navigate(`/groups/${post.group.id}`, { replace: true })}
      >
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
      <ListState
        loading={list.loading}
        loaded={list.loaded}
        count={list.items.length}
        error={list.error}
        onRetry={list.reload}
        what="comments"
        empty={<p class="muted">No comments yet.{canComment ? ' Start the conversation.' : ''}</p>}
      />
      {top.length > 0 && (
        <ul class="comment-list" aria-label="Comments">
          {top.map((c) => {
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
          })}
        </ul>
      )}
      {list.loaded && list.items.length > 0 && (
        <LoadMore
          loading={list.loading}
          done={list.done}
          error={list.error}
          onLoad={list.loadMore}
          what="comments"
          label="Load more comments"
        />
      )}
      {list.loaded && canComment && (
        <CommentForm postId={p.id} label="Write a comment" button="Comment" onPosted={added} />
      )}
    </section>
  );
}
