// Writing a post: which group (on the home feed), the text with mentions, a
// live preview, and the district's guidelines as a hint. The draft stays in
// sessionStorage until the server has accepted the post. "Save draft" keeps
// it on the server (the Drafts page); "Schedule…" publishes it at a time.
// As the person types, the student-privacy guard checks the text (see
// privacy.tsx); a warning at publishing offers "Post anyway" with a reason.
// A post held for a monitor's review (202) empties the composer like a
// published one, and says so (HeldNotice), with a link to the held post.
// Photos (images.tsx) are uploaded as they are chosen and sent as image_ids;
// the guard checks them with the text. Drafts and scheduled posts can't keep
// photos, so those buttons are off while any are attached.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, fieldError, post as apiPost } from '../api';
import type { Draft as SavedDraft } from '../drafts';
import { localToIso, whenText } from '../drafts';
import { heldReview } from '../reviews';
import type { Group, Held, Post, PostImage, Review } from '../types';
import { announce, clearDraft, loadDraft, requireFields, saveDraft, useAction, useId } from '../util';
import { ErrorNote, FieldError, Findings } from './common';
import { LivePreview, MentionTextarea, STUDENT_PRIVACY_HINT } from './editor';
import { checkedImage, PhotoPicker, photoIds, useAttachments } from './images';
import { type CheckedImage, imagesKey, PostAnyway, PrivacyFindings, type PrivacyResult, refusalOf, usePrivacyCheck } from './privacy';
import { HeldNotice } from './review';

interface Draft {
  group: string;
  body: string;
}

const NO_DRAFT_PHOTOS = 'Drafts and scheduled posts can’t keep photos yet: post it now, or remove the photos to save it.';

export function Composer(props: {
  /** The groups to choose from (home feed); omitted when `group` is fixed. */
  groups?: Group[] | null;
  groupsError?: unknown;
  group?: Group;
  onPosted: (p: Post) => void;
  /** Called when the person starts using the composer (focus or pointer). */
  onActivate?: () => void;
}) {
  const draftKey = props.group ? `post.group.${props.group.id}` : 'post.home';
  const initial = loadDraft<Draft>(draftKey);
  const [groupId, setGroupId] = useState<string>(initial?.group || (props.group ? String(props.group.id) : ''));
  const [body, setBody] = useState(initial?.body || '');
  const { busy, error, setError, run } = useAction();
  const [held, setHeld] = useState<Review | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [when, setWhen] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [typed, setTyped] = useState(false);
  const [refusal, setRefusal] = useState<PrivacyResult | null>(null);
  const [reason, setReason] = useState('');
  const id = useId('composer');
  const bodyId = id + '-body';
  const groupSel = id + '-group';
  const hintId = id + '-hint';
  const bodyErrId = id + '-body-err';
  const groupErrId = id + '-group-err';
  const whenId = id + '-when';
  const whenErrId = id + '-when-err';
  const privacyId = id + '-privacy';
  const reasonId = id + '-reason';
  const photoInputId = id + '-photo';
  const noDraftsId = id + '-nodrafts';
  const att = useAttachments(() => setTyped(true));

  useEffect(() => {
    if (body || (groupId && !props.group)) saveDraft(draftKey, { group: groupId, body });
    else clearDraft(draftKey);
  }, [groupId, body]);

  const target = props.group ? String(props.group.id) : groupId;
  const images: CheckedImage[] = att.ready.map(checkedImage);
  const key = imagesKey(images);
  const checked = usePrivacyCheck(body, target, typed, images);
  const hasPhotos = att.count > 0;

  // confirm: publish past a warning with this reason (the "Post anyway" path).
  const submit = (e?: Event, confirm?: boolean) => {
    e?.preventDefault();
    if (busy) return;
    setHeld(null);
    setSaved(null);
    const filled = requireFields(setError, [
      [!target, 'group', groupSel, 'Choose the group to post in.'],
      [!body.trim(), 'body', bodyId, 'Write something before posting.'],
      [att.uploading, 'image_ids', photoInputId, 'Wait until the photos have finished uploading.'],
      [!!confirm && !reason.trim(), 'confirm.reason', reasonId, 'Say why this must be posted as it is.'],
    ]);
    if (!filled) return;
    const sent = body;
    let sentImages: PostImage[] = [];
    return run(async () => {
      // A description typed a moment ago is saved first: the guard checks what is stored.
      if (!(await att.flush())) {
        throw new ApiError(422, 'image_not_saved', 'A photo’s description could not be saved: see the photo.', 'image_ids');
      }
      sentImages = att.readyNow();
      const p = await apiPost<Post | Held>(`/groups/${target}/posts`, {
        body: sent,
        ...(sentImages.length ? { image_ids: sentImages.map((i) => i.id) } : {}),
        ...(confirm ? { confirm: { reason: reason.trim() } } : {}),
      });
      clearDraft(draftKey);
      setBody('');
      att.clear();
      setRefusal(null);
      setReason('');
      setTyped(false);
      const review = heldReview(p);
      if (review) {
        setHeld(review);
        announce('Held for review: a monitor will look at your post before anyone sees it.');
      } else {
        announce('Your post was published.');
        props.onPosted(p as Post);
      }
    }, (er) => {
      const r = refusalOf(er, sent, sentImages.map(checkedImage));
      if (r) {
        setRefusal(r);
        // The reason field comes next on a warning; otherwise the text to change.
        if (r.outcome === 'warn') requestAnimationFrame(() => document.getElementById(reasonId)?.focus());
        else document.getElementById(bodyId)?.focus();
      } else if (er instanceof ApiError && er.field === 'body') document.getElementById(bodyId)?.focus();
    });
  };

  // Keeps the text on the server as a draft (in the chosen group, if
  // any), or with a time, as a scheduled post.
  const keep = (e: Event | undefined, schedule: boolean) => {
    e?.preventDefault();
    if (busy || hasPhotos) return;
    setSaved(null);
    setHeld(null);
    const at = schedule ? localToIso(when) : null;
    const filled = requireFields(setError, [
      [schedule && !target, 'group', groupSel, 'Choose the group to post in.'],
      [!body.trim(), 'body', bodyId, 'Write something first.'],
      [schedule && !at, 'publish_at', whenId, 'Choose the date and time to publish at.'],
    ]);
    if (!filled) return;
    return run(async () => {
      const d = await apiPost<SavedDraft>('/drafts', {
        body,
        ...(target ? { group_id: Number(target) } : {}),
        ...(at ? { publish_at: at } : {}),
      });
      clearDraft(draftKey);
      setBody('');
      setScheduling(false);
      setWhen('');
      const msg = d.publish_at ? `Your post is scheduled for ${whenText(d.publish_at)}.` : 'Your draft is saved.';
      setSaved(msg);
      announce(msg);
    });
  };

  const bodyErr = fieldError(error, 'body');
  const groupErr = fieldError(error, 'group');
  const whenErr = fieldError(error, 'publish_at');
  const reasonErr = fieldError(error, 'confirm.reason');
  const photosErr = fieldError(error, 'image_ids');
  const otherErr = error && !bodyErr && !groupErr && !whenErr && !reasonErr && !photosErr ? error : null;
  // A refusal stands while the text, photos and group it was about are unchanged.
  const shownRefusal = refusal && refusal.body === body && refusal.key === key ? refusal : null;
  const privacy = shownRefusal || (checked && checked.body === body && checked.key === key ? checked : null);
  const choices = props.groups || [];
  const archived = props.group?.archived;

  return (
    <section class="card composer" aria-labelledby={id + '-h'}>
      <h2 id={id + '-h'} class="composer-title">
        {props.group ? 'Write a post in this group' : 'Create a post'}
      </h2>
      <form onSubmit={submit} noValidate onFocusIn={props.onActivate} onPointerDown={props.onActivate}>
        {!props.group && (
          <div class="field">
            <label for={groupSel} class="label">
              Group
            </label>
            <select
              id={groupSel}
              value={groupId}
              onChange={(e) => {
                setGroupId((e.currentTarget as HTMLSelectElement).value);
                setRefusal(null);
                if (groupErr || refusal) setError(null);
              }}
              aria-invalid={groupErr ? 'true' : undefined}
              aria-describedby={groupErr ? groupErrId : undefined}
            >
              <option value="">{props.groups ? 'Choose a group…' : 'Loading your groups…'}</option>
              {choices.map((g) => (
                <option key={g.id} value={String(g.id)}>
                  {g.name}
                  {g.privacy === 'open' ? ' (open)' : g.privacy === 'secret' ? ' (secret)' : ' (closed)'}
                </option>
              ))}
            </select>
            <FieldError id={groupErrId} message={groupErr} />
            {props.groupsError ? <ErrorNote error={props.groupsError} /> : null}
          </div>
        )}
        <MentionTextarea
          id={bodyId}
          label="Write a post"
          labelHidden
          placeholder="Share an update, a question or a success with your colleagues…"
          value={body}
          onInput={(v) => {
            setBody(v);
            setTyped(true);
            if (bodyErr || reasonErr) setError(null);
          }}
          rows={3}
          invalid={!!bodyErr}
          describedBy={[bodyErr ? bodyErrId : '', hintId, privacy ? privacyId : ''].filter(Boolean).join(' ')}
          onSubmitShortcut={() => submit()}
        />
        <FieldError id={bodyErrId} message={bodyErr} />
        {bodyErr && !refusalOf(error, body) ? <Findings error={error} /> : null}
        <PhotoPicker att={att} inputId={photoInputId} result={privacy} error={photosErr} disabled={archived} />
        <PrivacyFindings id={privacyId} result={privacy} refused={!!shownRefusal} photos={photoIds(att)} />
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
            onConfirm={(e) => submit(e, true)}
          />
        )}
        <p class="hint" id={hintId}>
          {STUDENT_PRIVACY_HINT} Posts are archived. Markdown works (**bold**, lists, links); type @ to mention a
          colleague.
        </p>
        <LivePreview body={body} />
        {otherErr ? <ErrorNote error={otherErr} /> : null}
        {held && <HeldNotice review={held} />}
        {archived && <p class="notice">This group is archived: it accepts no new posts.</p>}
        {saved && (
          <p class="notice" role="status">
            {saved} <a href="/drafts">Your drafts and scheduled posts</a>
          </p>
        )}
        {scheduling && (
          <div class="field">
            <label for={whenId} class="label">
              Publish at
            </label>
            <input
              id={whenId}
              type="datetime-local"
              value={when}
              onInput={(e) => setWhen(e.currentTarget.value)}
              aria-invalid={whenErr ? 'true' : undefined}
              aria-describedby={whenErr ? whenErrId : undefined}
            />
            <FieldError id={whenErrId} message={whenErr} />
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" aria-disabled={busy || archived ? 'true' : undefined}>
            {busy ? 'Posting…' : 'Post'}
          </button>
          <button
            type="button"
            class={hasPhotos ? 'btn is-off' : 'btn'}
            onClick={(e) => keep(e, false)}
            aria-disabled={busy || hasPhotos ? 'true' : undefined}
            aria-describedby={hasPhotos ? noDraftsId : undefined}
            title={hasPhotos ? NO_DRAFT_PHOTOS : undefined}
          >
            Save draft
          </button>
          {scheduling ? (
            <button
              type="button"
              class={hasPhotos ? 'btn is-off' : 'btn'}
              onClick={(e) => keep(e, true)}
              aria-disabled={busy || archived || hasPhotos ? 'true' : undefined}
              aria-describedby={hasPhotos ? noDraftsId : undefined}
              title={hasPhotos ? NO_DRAFT_PHOTOS : undefined}
            >
              Schedule post
            </button>
          ) : (
            <button
              type="button"
              class={hasPhotos ? 'btn is-off' : 'btn'}
              aria-expanded="false"
              aria-disabled={hasPhotos ? 'true' : undefined}
              aria-describedby={hasPhotos ? noDraftsId : undefined}
              title={hasPhotos ? NO_DRAFT_PHOTOS : undefined}
              onClick={() => {
                if (hasPhotos) return;
                setScheduling(true);
                requestAnimationFrame(() => document.getElementById(whenId)?.focus());
              }}
            >
              Schedule…
            </button>
          )}
          {!saved && (
            <a href="/drafts" class="composer-drafts">
              Drafts and scheduled posts
            </a>
          )}
        </div>
        {hasPhotos && (
          <p class="hint composer-nodrafts" id={noDraftsId}>
            {NO_DRAFT_PHOTOS}
          </p>
        )}
      </form>
    </section>
  );
}
