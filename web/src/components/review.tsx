// Held for review, on screen: the notice after a held write (composer,
// comment box, post edit), a held text as a card (who, where, the text with
// the guard's findings marked, a held post's photos with what was found about
// each, the author's reason, the decision and the monitor's note), and the
// dialogs that release, reject or withdraw it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, fieldError, get, post as apiPost } from '../api';
import { heldBecause, kindWord, refreshPending, stateLabel } from '../reviews';
import type { Review } from '../types';
import { announce, requireFields, useAction, useId } from '../util';
import { Avatar, Dialog, ErrorNote, FieldError, H1, PrivacyBadge, RelTime } from './common';
import { ImageGrid } from './images';
import { FindingList, MarkedText, onText } from './privacy';

/** After a held write: what happens now, politely, with a link to the held text. */
export function HeldNotice(props: { review: Review }) {
  const r = props.review;
  const what = kindWord(r.kind);
  return (
    <div class="notice held-notice" role="status">
      <p>
        <strong>Held for review:</strong> a monitor will look at this {what} before anyone sees it,{' '}
        {heldBecause(r)}. You'll be told when it's published or not.
      </p>
      <p>
        <a href={`/reviews/${r.id}`}>See your held {what}</a>
      </p>
    </div>
  );
}

export type Decision = 'release' | 'reject' | 'withdraw';

const NOTE_MAX = 500;

/** "Post by Maria Lopez", "Your comment", … for headings and button names. */
function title(r: Review, own: boolean): string {
  const k = kindWord(r.kind);
  const K = k === 'edit' ? 'Edit' : k[0].toUpperCase() + k.slice(1);
  return own ? `Your ${k}` : `${K} by ${r.author.name}`;
}

/**
 * One held text. level 1 on its own page (the heading is the page's h1).
 * me: the viewer's id; monitor: the viewer reviews held texts. onDecide
 * opens the dialog for a decision (the buttons show only when the server
 * says the viewer may: can_decide, or withdraw for the author while pending).
 */
export function ReviewCard(props: {
  review: Review;
  level: 1 | 2;
  me: number;
  monitor: boolean;
  onDecide: (d: Decision, r: Review) => void;
}) {
  const r = props.review;
  const own = r.author.id === props.me;
  const hid = `review-${r.id}-h`;
  const what = kindWord(r.kind);
  const heading = (
    <>
      {title(r, own)}
      <span class="post-in">
        {' in '}
        <a href={`/groups/${r.group.id}`}>{r.group.name}</a>
      </span>
    </>
  );
  const about =
    r.kind === 'post' ? null : r.post_id ? (
      <p class="small">
        {r.kind === 'edit' ? 'A change to ' : r.parent_id ? 'A reply on ' : 'A comment on '}
        <a href={`/posts/${r.post_id}`}>this post</a>
        {r.kind === 'edit' ? ' (the post stays as it was until the change is released)' : ''}.
      </p>
    ) : null;
  const published =
    r.state === 'released' && r.post_id ? (
      <a href={`/posts/${r.post_id}`}>See the {r.kind === 'comment' ? 'comment' : 'post'}</a>
    ) : null;
  const whose = own ? `your ${what}` : `${what} by ${r.author.name}`;
  // The text's findings; those about a photo (its caption, media consent) show under it.
  const textFindings = r.findings.filter(onText);
  const by = props.monitor && r.decided_by ? ` by ${r.decided_by.name}` : '';
  return (
    <article class="card review" aria-labelledby={hid}>
      <header class="post-head">
        <Avatar id={r.author.id} name={r.author.name} />
        <div class="post-head-text">
          {props.level === 1 ? (
            <H1 id={hid} class="post-title">
              {heading}
            </H1>
          ) : (
            <h2 id={hid} class="post-title">
              {heading}
            </h2>
          )}
          <p class="post-meta small">
            {!own && r.author.title ? <span>{r.author.title} · </span> : null}
            <PrivacyBadge privacy={r.group.privacy} /> · held <RelTime iso={r.created_at} />
          </p>
        </div>
        <p class={`badge review-state review-${r.state}`} id={`review-${r.id}-state`}>
          {stateLabel(r.state)}
        </p>
      </header>
      {about}
      <MarkedText
        body={r.body}
        findings={textFindings}
        id={`review-${r.id}-text`}
        label={`The ${what}, with what the privacy guard found marked:`}
      />
      {textFindings.length > 0 && (
        <FindingList body={r.body} findings={textFindings} label="What the privacy guard found" />
      )}
      <ImageGrid images={r.images} findings={r.findings} />
      {r.reason && (
        <p class="review-reason">
          <strong>{own ? 'Your reason for posting it:' : 'The author’s reason for posting it:'}</strong> {r.reason}
        </p>
      )}
      <div class="review-decision">
        {r.state === 'pending' &&
          (own ? (
            <p>
              {props.monitor ? 'This is your own ' + what + ': another monitor decides on it. ' : ''}
              Nothing of it is published until a monitor has looked at it. You'll be told when it's published or not.
            </p>
          ) : !r.can_decide && props.monitor ? (
            <p>You can't decide on this one.</p>
          ) : null)}
        {r.state === 'released' && (
          <p>
            {own ? `A monitor${by} published your ${what}` : `Published${by}`}
            {r.decided_at ? (
              <>
                {' '}
                <RelTime iso={r.decided_at} />
              </>
            ) : null}
            . {published}
          </p>
        )}
        {r.state === 'rejected' && (
          <p>
            {own ? `A monitor${by} did not publish your ${what}` : `Not published${by}`}
            {r.decided_at ? (
              <>
                {' '}
                <RelTime iso={r.decided_at} />
              </>
            ) : null}
            .
          </p>
        )}
        {r.state === 'withdrawn' && (
          <p>
            {own ? 'You withdrew it' : 'Its author withdrew it'}
            {r.decided_at ? (
              <>
                {' '}
                <RelTime iso={r.decided_at} />
              </>
            ) : null}
            ; it was not published.
          </p>
        )}
        {r.note && (
          <div class="review-note">
            <p class="review-note-label">
              <strong>
                {r.state === 'rejected' ? (own ? 'Why, in the monitor’s words:' : 'Reason given to the author:') : 'Monitor’s note:'}
              </strong>
            </p>
            <p class="review-note-text">{r.note}</p>
          </div>
        )}
        {r.state === 'rejected' && own && (
          <p>You can write it again without the marked text{r.kind === 'post' ? <>, in <a href={`/groups/${r.group.id}`}>{r.group.name}</a></> : null}.</p>
        )}
      </div>
      {(r.can_decide || (own && r.state === 'pending')) && (
        <div class="form-actions">
          {r.can_decide && (
            <>
              <button type="button" class="btn btn-primary" aria-haspopup="dialog" onClick={() => props.onDecide('release', r)}>
                Release<span class="sr-only"> {whose}</span>
              </button>
              <button type="button" class="btn btn-danger" aria-haspopup="dialog" onClick={() => props.onDecide('reject', r)}>
                Reject<span class="sr-only"> {whose}</span>
              </button>
            </>
          )}
          {own && r.state === 'pending' && (
            <button type="button" class="btn" aria-haspopup="dialog" onClick={() => props.onDecide('withdraw', r)}>
              Withdraw<span class="sr-only"> your {what}</span>
            </button>
          )}
        </div>
      )}
    </article>
  );
}

/**
 * The dialog for one decision on `target` (null: closed). Release takes an
 * optional note, Reject a required reason (several lines are fine), Withdraw
 * a confirmation. onDone gets the review as it is now; focus goes back to the
 * card (its state), since the button that opened the dialog is gone.
 */
export function DecisionDialog(props: {
  target: { decision: Decision; review: Review } | null;
  onClose: () => void;
  onDone: (r: Review) => void;
}) {
  const t = props.target;
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useAction();
  const id = useId('decide');
  const noteId = id + '-note';
  const hintId = id + '-hint';
  const errId = id + '-err';
  useEffect(() => {
    setNote('');
    setError(null);
  }, [t?.decision, t?.review.id]);
  const r = t?.review;
  const d = t?.decision;
  // The card to focus once the dialog has closed (the target is gone by then).
  const last = useRef<number | null>(null);
  if (r) last.current = r.id;
  const what = r ? kindWord(r.kind) : 'post';
  const reasonErr = fieldError(error, 'reason');
  const otherErr = error && !reasonErr ? error : null;

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (!r || !d || busy) return;
    if (d === 'reject' && !requireFields(setError, [[!note.trim(), 'reason', noteId, 'Say why this can’t be published: its author is told.']]))
      return;
    return run(
      async () => {
        let next: Review;
        if (d === 'withdraw') {
          await del(`/reviews/${r.id}`);
          next = { ...r, state: 'withdrawn', decided_at: new Date().toISOString() };
          announce(`Withdrawn: your ${what} will not be published.`);
        } else {
          const body = note.trim() ? { reason: note.trim() } : {};
          next = await apiPost<Review>(`/reviews/${r.id}/${d}`, body);
          announce(
            d === 'release'
              ? `Released: the ${what} is published in ${r.group.name}, and ${r.author.name} is told.`
              : `Rejected: ${r.author.name} is told it was not published, with your reason.`,
          );
          void refreshPending();
        }
        props.onDone(next);
      },
      (er) => {
        if (er instanceof ApiError && er.field === 'reason') document.getElementById(noteId)?.focus();
        // Decided meanwhile (by another monitor, or withdrawn): show it as it is now.
        if (er instanceof ApiError && (er.code === 'already_decided' || er.code === 'not_found')) {
          get<Review>(`/reviews/${r.id}`)
            .then((x) => props.onDone(x))
            .catch(() => {});
          void refreshPending();
        }
      },
    );
  };

  const titleText =
    d === 'release' ? `Release this ${what}?` : d === 'reject' ? `Reject this ${what}?` : `Withdraw your ${what}?`;
  return (
    <Dialog
      open={!!t}
      onClose={props.onClose}
      title={titleText}
      restoreFocus={() => (last.current ? document.getElementById(`review-${last.current}-state`) : null)}
    >
      {r && d && (
        <form onSubmit={submit} noValidate>
          <div class="dialog-body">
            {d === 'release' && (
              <p>
                It is published in {r.group.name} as {r.author.name}, who is told. They are not told who you are.
              </p>
            )}
            {d === 'reject' && (
              <p>
                It is not published. {r.author.name} is told, with your reason; they are not told who you are.
              </p>
            )}
            {d === 'withdraw' && <p>It will not be published, and the monitors will no longer review it.</p>}
            {d !== 'withdraw' && (
              <div class="field">
                <label for={noteId} class="label">
                  {d === 'reject' ? 'Reason for the author' : 'Note for the author (optional)'}
                </label>
                <textarea
                  id={noteId}
                  rows={4}
                  maxLength={NOTE_MAX}
                  required={d === 'reject'}
                  aria-required={d === 'reject' ? 'true' : undefined}
                  value={note}
                  data-autofocus
                  onInput={(e) => {
                    setNote(e.currentTarget.value);
                    if (reasonErr) setError(null);
                  }}
                  aria-invalid={reasonErr ? 'true' : undefined}
                  aria-describedby={[reasonErr ? errId : '', hintId].filter(Boolean).join(' ')}
                />
                <p class="hint" id={hintId}>
                  {d === 'reject'
                    ? `Required. Say what to change; up to ${NOTE_MAX} characters, several lines are fine.`
                    : `Up to ${NOTE_MAX} characters. The author sees it with the ${what}'s review.`}
                </p>
                <FieldError id={errId} message={reasonErr} />
              </div>
            )}
          </div>
          <ErrorNote error={otherErr} />
          <div class="dialog-actions">
            <button type="button" class="btn btn-secondary" onClick={props.onClose} data-autofocus={d === 'withdraw' ? true : undefined}>
              Cancel
            </button>
            <button
              type="submit"
              class={d === 'release' ? 'btn btn-primary' : 'btn btn-danger'}
              aria-disabled={busy ? 'true' : undefined}
            >
              {busy ? 'Working…' : d === 'release' ? 'Release and publish' : d === 'reject' ? 'Reject' : 'Withdraw'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
