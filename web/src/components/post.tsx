// A post as a card: author, group, time, body, its photos, the edit
// history, reactions, comments and a comment box. A comment or an edit held
// for a monitor's review (202) is not shown; the box or editor closes as
// after success and says so (HeldNotice). A comment the privacy guard warns
// about (student information, or "think before you post") shows what it
// found and offers "Post anyway" with a reason, as the composer does.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, fieldError, get, patch, post as apiPost, put } from '../api';
import { useMyGroups } from '../groups-cache';
import type { PagedList } from '../list';
import { heldReview } from '../reviews';
import type { Comment, Group, Held, Page, Post, ReactionKind, Review, Revision } from '../types';
import {
  announce,
  clearDraft,
  fullTime,
  loadDraft,
  plural,
  requireFields,
  saveDraft,
  useAction,
  useFetched,
  useId,
  useRowAction,
} from '../util';
import { AcknowledgeRow, ImportantBar, MarkImportantButton, Receipts, useReceiptsToggle, useSeen } from './announce';
import { Avatar, Confirm, Dialog, ErrorNote, FieldError, Findings, H1, PagedItems, RelTime } from './common';
import { LivePreview, MentionTextarea, STUDENT_PRIVACY_HINT } from './editor';
import { ImageGrid } from './images';
import { PostAnyway, PrivacyFindings, type PrivacyResult, refusalOf } from './privacy';
import { HeldNotice } from './review';

export const REACTIONS: { kind: ReactionKind; label: string; emoji: string }[] = [
  { kind: 'like', label: 'Like', emoji: '👍' },
  { kind: 'love', label: 'Love', emoji: '❤️' },
  { kind: 'celebrate', label: 'Celebrate', emoji: '🎉' },
  { kind: 'support', label: 'Support', emoji: '🤝' },
  { kind: 'insightful', label: 'Insightful', emoji: '💡' },
  { kind: 'curious', label: 'Curious', emoji: '🤔' },
];

/** Six toggle buttons (aria-pressed); one reaction per person, a new one replaces the old. */
export function ReactionBar(props: { post: Post; onChange: (p: Post) => void }) {
  const { post } = props;
  const { busy, error, run } = useRowAction<ReactionKind>();
  const toggle = (kind: ReactionKind) =>
    run(kind, async () => {
      const on = post.viewer_reaction === kind;
      const path = `/posts/${post.id}/reactions/${kind}`;
      const next = on ? await del<Post>(path) : await put<Post>(path);
      if (next && typeof next === 'object') props.onChange({ ...post, ...next });
      const label = REACTIONS.find((r) => r.kind === kind)?.label || kind;
      announce(on ? `${label} reaction removed.` : `You reacted with ${label}.`);
    });
  return (
    <div class="reactions-wrap">
      <div class="reactions" role="group" aria-label="Reactions">
        {REACTIONS.map((r) => {
          const n = post.reactions[r.kind] || 0;
          const pressed = post.viewer_reaction === r.kind;
          return (
            <button
              key={r.kind}
              type="button"
              class={'reaction' + (pressed ? ' pressed' : '')}
              aria-pressed={pressed ? 'true' : 'false'}
              aria-busy={busy === r.kind ? 'true' : undefined}
              onClick={() => toggle(r.kind)}
            >
              <span class="reaction-emoji" aria-hidden="true">
                {r.emoji}
              </span>
              <span class="reaction-label">{r.label}</span>
              {n > 0 && ' '}
              {n > 0 && <span class="reaction-count">{n}</span>}
            </button>
          );
        })}
      </div>
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

/** "Edited" marker: opens every version of the post, the original first. */
export function EditedButton(props: { post: Post }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="linklike edited"
        aria-haspopup="dialog"
        aria-label="Edited: show edit history"
        title={props.post.edited_at ? `Edited ${fullTime(props.post.edited_at)}` : 'Edited'}
        onClick={() => setOpen(true)}
      >
        Edited
      </button>
      {open && <HistoryDialog post={props.post} open={open} onClose={() => setOpen(false)} />}
    </>
  );
}

function HistoryDialog(props: { post: Post; open: boolean; onClose: () => void }) {
  const {
    value: revs,
    error,
    reload: load,
  } = useFetched(
    () => get<Page<Revision>>(`/posts/${props.post.id}/revisions`).then((p) => p.items),
    [props.open, props.post.edited_at],
    props.open,
  );
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Edit history" wide>
      <p class="muted small">
        Every version of this post is kept and shown here, the original first. “If you choose to modify an earlier
        post, make it clear that you have done so” (district social-media guidelines).
      </p>
      {error ? <ErrorNote error={error} onRetry={load} /> : null}
      {!revs && !error && <p role="status">Loading the history…</p>}
      {revs && (
        <ol class="revisions">
          {revs.map((r, i) => (
            <li key={r.id} class="revision">
              <p class="revision-head">
                <strong>{i === 0 ? 'Original' : i === revs.length - 1 ? 'Current version' : `Edit ${i}`}</strong>
                {' · '}
                <RelTime iso={r.created_at} />
              </p>
              <div class="md" dangerouslySetInnerHTML={{ __html: r.body_html }} />
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}

/**
 * Editing a post in place, with the live preview; the draft survives a
 * failure or a reload. onHeld: the edit was held for review (the post stays
 * as it was).
 */
function PostEditor(props: { post: Post; onSaved: (p: Post) => void; onHeld: (r: Review) => void; onCancel: () => void }) {
  const key = `edit.${props.post.id}`;
  const [body, setBody] = useState(() => loadDraft<{ body: string }>(key)?.body ?? props.post.body);
  const { busy, error, run } = useAction();
  const id = useId('edit');
  const errId = id + '-err';
  const hintId = id + '-hint';
  useEffect(() => {
    document.getElementById(id)?.focus();
  }, []);
  const save = (e?: Event) => {
    e?.preventDefault();
    return run(async () => {
      const p = await patch<Post | Held>(`/posts/${props.post.id}`, { body });
      clearDraft(key);
      const review = heldReview(p);
      if (review) {
        announce('Held for review: a monitor will look at your changes before anyone sees them.');
        props.onHeld(review);
      } else {
        announce('Your changes were saved.');
        props.onSaved(p as Post);
      }
    });
  };
  const fieldErr = fieldError(error, 'body');
  return (
    <form class="post-editor" onSubmit={save} aria-label="Edit post">
      <MentionTextarea
        id={id}
        label="Edit post"
        value={body}
        onInput={(v) => {
          setBody(v);
          saveDraft(key, { body: v });
        }}
        rows={5}
        invalid={!!fieldErr}
        describedBy={[fieldErr ? errId : '', hintId].filter(Boolean).join(' ')}
        onSubmitShortcut={() => save()}
      />
      <FieldError id={errId} message={fieldErr} />
      <p class="hint" id={hintId}>
        Everyone who can read the post can see its earlier versions. {STUDENT_PRIVACY_HINT}
      </p>
      {error && !fieldErr ? <ErrorNote error={error} /> : null}
      {error && fieldErr ? <Findings error={error} /> : null}
      <LivePreview body={body} />
      <div class="form-actions">
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => {
            clearDraft(key);
            props.onCancel();
          }}
        >
          Cancel
        </button>
        <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

/** A comment box; its draft is kept until the comment is sent. */
export function CommentForm(props: {
  postId: number;
  parentId?: number | null;
  label: string;
  button: string;
  onPosted: (c: Comment) => void;
  autoFocus?: boolean;
  initial?: string;
  onCancel?: () => void;
}) {
  const key = `comment.${props.postId}.${props.parentId || 0}`;
  const [body, setBody] = useState(() => loadDraft<{ body: string }>(key)?.body ?? props.initial ?? '');
  const { busy, error, setError, run } = useAction();
  const [held, setHeld] = useState<Review | null>(null);
  const [refusal, setRefusal] = useState<PrivacyResult | null>(null);
  const [reason, setReason] = useState('');
  const id = useId('comment');
  const errId = id + '-err';
  const privacyId = id + '-privacy';
  const reasonId = id + '-reason';
  useEffect(() => {
    if (props.autoFocus) {
      const el = document.getElementById(id) as HTMLTextAreaElement | null;
      if (el) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
    }
  }, []);
  // confirm: publish past a warning with the reason given ("Post anyway").
  const send = (e?: Event, confirm?: boolean) => {
    e?.preventDefault();
    if (busy) return;
    const filled = requireFields(setError, [
      [!body.trim(), 'body', id, 'Write something first.'],
      [!!confirm && !reason.trim(), 'confirm.reason', reasonId, 'Say why this must be posted as it is.'],
    ]);
    if (!filled) return;
    setHeld(null);
    const sent = body;
    return run(async () => {
      const payload: { body: string; parent_id?: number; confirm?: { reason: string } } = { body: sent };
      if (props.parentId) payload.parent_id = props.parentId;
      if (confirm) payload.confirm = { reason: reason.trim() };
      const c = await apiPost<Comment | Held>(`/posts/${props.postId}/comments`, payload);
      clearDraft(key);
      setBody('');
      setRefusal(null);
      setReason('');
      const review = heldReview(c);
      if (review) {
        setHeld(review);
        announce('Held for review: a monitor will look at your comment before anyone sees it.');
      } else {
        announce('Your comment was posted.');
        props.onPosted(c as Comment);
      }
    }, (er) => {
      const r = refusalOf(er, sent);
      setRefusal(r);
      if (r && r.outcome === 'warn') requestAnimationFrame(() => document.getElementById(reasonId)?.focus());
      else if (er instanceof ApiError && er.field === 'body') document.getElementById(id)?.focus();
    });
  };
  const fieldErr = fieldError(error, 'body');
  const reasonErr = fieldError(error, 'confirm.reason');
  // A refusal stands while the text it was about is unchanged.
  const shownRefusal = refusal && refusal.body === body ? refusal : null;
  return (
    <form class="comment-form" onSubmit={send}>
      <div class="comment-form-row">
        <MentionTextarea
          id={id}
          label={props.label}
          labelHidden
          placeholder={props.label + '…'}
          value={body}
          rows={1}
          onInput={(v) => {
            setBody(v);
            if (v) saveDraft(key, { body: v });
            else clearDraft(key);
            if (reasonErr) setError(null);
          }}
          invalid={!!fieldErr}
          describedBy={[fieldErr ? errId : '', shownRefusal ? privacyId : ''].filter(Boolean).join(' ') || undefined}
          onSubmitShortcut={() => send()}
        />
        <button type="submit" class="btn btn-primary btn-small" aria-disabled={busy ? 'true' : undefined}>
          {busy ? 'Sending…' : props.button}
        </button>
        {props.onCancel && (
          <button type="button" class="btn btn-secondary btn-small" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <FieldError id={errId} message={fieldErr} />
      {error && fieldErr && !refusalOf(error, body) ? <Findings error={error} /> : null}
      <PrivacyFindings id={privacyId} result={shownRefusal} refused />
      {shownRefusal && shownRefusal.outcome === 'warn' && (
        <PostAnyway
          id={reasonId}
          result={shownRefusal}
          value={reason}
          onInput={(v) => {
            setReason(v);
            if (reasonErr) setError(null);
          }}
          error={reasonErr}
          busy={busy}
          onConfirm={(e) => send(e, true)}
        />
      )}
      {error && !fieldErr && !reasonErr ? <ErrorNote error={error} /> : null}
      {held && <HeldNotice review={held} />}
    </form>
  );
}

/** One comment (or reply). */
export function CommentView(props: {
  comment: Comment;
  onReply?: () => void;
  onDeleted?: (id: number) => void;
  children?: ComponentChildren;
}) {
  const c = props.comment;
  const [confirm, setConfirm] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const fallback = useRef<HTMLElement | null>(null);
  const canDelete = !!props.onDeleted && !!c.viewer?.can_delete;
  return (
    <article class="comment" aria-label={`Comment by ${c.author.name}`} ref={ref}>
      <Avatar id={c.author.id} name={c.author.name} size="sm" />
      <div class="comment-main">
        <div class="comment-bubble">
          <p class="comment-author">
            <a href={`/people/${encodeURIComponent(c.author.login)}`}>{c.author.name}</a>
            {c.author.title ? <span class="muted small"> · {c.author.title}</span> : null}
          </p>
          <div class="md" dangerouslySetInnerHTML={{ __html: c.body_html }} />
        </div>
        <p class="comment-meta small">
          <RelTime iso={c.created_at} />
          {c.edited ? <span class="muted"> · Edited</span> : null}
          {props.onReply && (
            <>
              {' · '}
              <button type="button" class="linklike" onClick={props.onReply}>
                Reply
              </button>
            </>
          )}
          {canDelete && (
            <>
              {' · '}
              <button type="button" class="linklike" onClick={() => setConfirm(true)} aria-haspopup="dialog">
                Delete
              </button>
            </>
          )}
        </p>
        {props.children}
      </div>
      {canDelete && confirm && (
        <Confirm
          open={confirm}
          title="Delete this comment?"
          message={<p>It disappears for everyone. As with everything in staffroom, it is kept in the district's archive.</p>}
          confirmLabel="Delete comment"
          onClose={() => setConfirm(false)}
          restoreFocus={() => fallback.current}
          onConfirm={async () => {
            await del(`/comments/${c.id}`);
            const section = ref.current?.closest('.post-comments');
            fallback.current =
              (section?.querySelector('h2') as HTMLElement | null) ||
              (section?.querySelector('textarea') as HTMLElement | null);
            setConfirm(false);
            announce('The comment was deleted.');
            props.onDeleted?.(c.id);
          }}
        />
      )}
    </article>
  );
}

/**
 * Why the viewer may neither comment nor react (post.viewer.can_comment is
 * false). Anyone who reads an open group may comment there unless it is
 * archived; in a closed or secret group it takes membership, which the group
 * (when the page has it) or the viewer's own groups (cached for the session)
 * tell.
 */
function CommentsClosed(props: { post: Post; group?: Group }) {
  const open = props.post.group.privacy === 'open';
  const { groups, error } = useMyGroups(!props.group && !open);
  let g: Group | null | undefined = props.group;
  if (!g && groups) g = groups.find((x) => x.id === props.post.group.id) || null;
  if (g === undefined && !open && !error) return null;
  const text =
    g?.archived || (open && !g)
      ? 'This group is archived: it takes no new comments or reactions.'
      : open || g?.viewer.state === 'active'
        ? 'Comments and reactions are closed for this post.'
        : 'Join this group to comment and react.';
  return <p class="comments-closed small muted">{text}</p>;
}

/**
 * The post card. level: the heading level of the card (1 on the post's own
 * page). children replace the short list of latest comments (the post page
 * shows them all). group: the post's group, when the page has it. What the
 * viewer may do (edit, delete, comment, react, mark important, acknowledge)
 * comes from post.viewer. onAcknowledged: "Mark as read" on a pinned post
 * (the feed moves it); otherwise the card stays and says so.
 */
export function PostCard(props: {
  post: Post;
  level: 1 | 2 | 3;
  onChange: (p: Post) => void;
  onRemoved?: (id: number) => void;
  onAcknowledged?: (p: Post) => void;
  pinned?: boolean;
  group?: Group;
  children?: ComponentChildren;
  full?: boolean;
}) {
  const p = props.post;
  const canEdit = !!p.viewer?.can_edit;
  const canDelete = !!p.viewer?.can_delete;
  const canComment = !!p.viewer?.can_comment;
  const canMark = !!p.viewer?.can_mark_important && !p.important?.active;
  const receipts = useReceiptsToggle(!!props.full);
  const [editing, setEditing] = useState(false);
  const [heldEdit, setHeldEdit] = useState<Review | null>(null);
  const [confirm, setConfirm] = useState(false);
  const editBtn = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLElement>(null);
  const fallback = useRef<HTMLElement | null>(null);
  useSeen(p, cardRef);
  const hid = `post-${p.id}-h`;
  const heading = (
    <>
      <a href={`/people/${encodeURIComponent(p.author.login)}`}>{p.author.name}</a>
      <span class="post-in">
        <span class="sr-only"> in </span>
        <span aria-hidden="true"> ▸ </span>
        <a href={`/groups/${p.group.id}`}>{p.group.name}</a>
      </span>
    </>
  );
  const shown = p.latest_comments || [];
  const acknowledged = (np: Post) => {
    if (props.onAcknowledged) {
      props.onAcknowledged(np);
      return;
    }
    props.onChange({ ...p, ...np });
    announce('Marked as read. Thank you.');
    requestAnimationFrame(() => document.getElementById(`acked-${p.id}`)?.focus());
  };
  const cls =
    'card post' + (p.important?.active ? ' post-important' : '') + (props.pinned ? ' post-pinned' : '');
  return (
    <article class={cls} aria-labelledby={hid} ref={cardRef}>
      <header class="post-head">
        <Avatar id={p.author.id} name={p.author.name} />
        <div class="post-head-text">
          {props.level === 1 ? (
            <H1 id={hid} class="post-title">
              {heading}
            </H1>
          ) : props.level === 2 ? (
            <h2 id={hid} class="post-title">
              {heading}
            </h2>
          ) : (
            <h3 id={hid} class="post-title">
              {heading}
            </h3>
          )}
          <p class="post-meta small">
            {p.author.title ? <span>{p.author.title} · </span> : null}
            <a href={`/posts/${p.id}`} class="muted-link">
              <RelTime iso={p.created_at} />
            </a>
            {p.edited ? (
              <>
                {' · '}
                <EditedButton post={p} />
              </>
            ) : null}
          </p>
        </div>
        {(canEdit || canDelete || canMark) && !editing && (
          <div class="post-actions">
            {canEdit && (
              <button type="button" ref={editBtn} class="btn btn-ghost btn-small" onClick={() => setEditing(true)}>
                Edit<span class="sr-only"> post</span>
              </button>
            )}
            {canDelete && (
              <button type="button" class="btn btn-ghost btn-small" aria-haspopup="dialog" onClick={() => setConfirm(true)}>
                Delete<span class="sr-only"> post</span>
              </button>
            )}
            {canMark && <MarkImportantButton post={p} onChange={(np) => props.onChange({ ...p, ...np })} />}
          </div>
        )}
      </header>
      <ImportantBar post={p} onChange={(np) => props.onChange({ ...p, ...np })} receipts={receipts} />
      {editing ? (
        <PostEditor
          post={p}
          onSaved={(np) => {
            setEditing(false);
            setHeldEdit(null);
            props.onChange({ ...p, ...np });
            requestAnimationFrame(() => editBtn.current?.focus());
          }}
          onHeld={(r) => {
            setEditing(false);
            setHeldEdit(r);
            requestAnimationFrame(() => editBtn.current?.focus());
          }}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => editBtn.current?.focus());
          }}
        />
      ) : (
        <div class="post-body md" dangerouslySetInnerHTML={{ __html: p.body_html }} />
      )}
      <ImageGrid images={p.images} />
      {heldEdit && !editing && <HeldNotice review={heldEdit} />}
      {p.status === 'held' && (
        <p class="notice">This post is waiting for a monitor's review; only you can see it for now.</p>
      )}
      <AcknowledgeRow post={p} headingId={hid} onAcknowledged={acknowledged} />
      <Receipts post={p} onChange={(np) => props.onChange({ ...p, ...np })} receipts={receipts} />
      <div class="post-stats small">
        {p.reaction_count > 0 ? <span>{plural(p.reaction_count, 'reaction')}</span> : <span />}
        {props.full ? (
          <span>{plural(p.comment_count, 'comment')}</span>
        ) : (
          <a href={`/posts/${p.id}`} class="muted-link">
            {plural(p.comment_count, 'comment')}
          </a>
        )}
      </div>
      {canComment ? (
        <ReactionBar post={p} onChange={props.onChange} />
      ) : (
        <CommentsClosed post={p} group={props.group} />
      )}
      {props.children !== undefined ? (
        props.children
      ) : (
        <div class="post-comments">
          {p.comment_count > shown.length && (
            <p class="small">
              <a href={`/posts/${p.id}`}>View all {plural(p.comment_count, 'comment')}</a>
            </p>
          )}
          {shown.length > 0 && (
            <ul class="comment-list" aria-label="Latest comments">
              {shown.map((c) => (
                <li key={c.id}>
                  <CommentView
                    comment={c}
                    onDeleted={(id) =>
                      props.onChange({
                        ...p,
                        comment_count: Math.max(0, p.comment_count - 1),
                        latest_comments: shown.filter((x) => x.id !== id),
                      })
                    }
                  />
                </li>
              ))}
            </ul>
          )}
          {canComment && (
            <CommentForm
              postId={p.id}
              label="Write a comment"
              button="Comment"
              onPosted={(c) =>
                props.onChange({
                  ...p,
                  comment_count: p.comment_count + 1,
                  latest_comments: [...shown, c].slice(-2),
                })
              }
            />
          )}
        </div>
      )}
      {confirm && (
      <Confirm
        open={confirm}
        title="Delete this post?"
        message={
          <p>
            It disappears for everyone, with its comments. As with everything in staffroom, it is kept in the district's
            archive.
          </p>
        }
        confirmLabel="Delete post"
        onClose={() => setConfirm(false)}
        restoreFocus={() => fallback.current}
        onConfirm={async () => {
          await del(`/posts/${p.id}`);
          fallback.current = cardRef.current?.closest('section')?.querySelector('h2') as HTMLElement | null;
          setConfirm(false);
          announce('The post was deleted.');
          props.onRemoved?.(p.id);
        }}
      />
      )}
    </article>
  );
}

/**
 * A paged list of post cards (list "Posts"): a card's edits and deletion
 * update the list in place.
 */
export function PostFeed(props: {
  list: PagedList<Post>;
  empty: ComponentChildren;
  group?: Group;
  state?: ComponentChildren;
}) {
  const { list } = props;
  return (
    <PagedItems
      list={list}
      label="Posts"
      class="feed"
      what="posts"
      empty={props.empty}
      state={props.state}
      item={(p) => (
        <li key={p.id}>
          <PostCard
            post={p}
            level={3}
            group={props.group}
            onChange={(np) => list.setItems((items) => items.map((x) => (x.id === np.id ? np : x)))}
            onRemoved={(id) => list.setItems((items) => items.filter((x) => x.id !== id))}
          />
        </li>
      )}
    />
  );
}
