// Writing a post: which group (on the home feed), the text with mentions, a
// live preview, and the district's guidelines as a hint. The draft stays in
// sessionStorage until the server has accepted the post. "Save draft" keeps
// it on the server (the Drafts page); "Schedule…" publishes it at a time.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, fieldError, post as apiPost } from '../api';
import type { Draft as SavedDraft } from '../drafts';
import { localToIso, whenText } from '../drafts';
import type { Group, Post } from '../types';
import { announce, clearDraft, loadDraft, requireFields, saveDraft, useAction, useId } from '../util';
import { ErrorNote, FieldError, Findings } from './common';
import { LivePreview, MentionTextarea, STUDENT_PRIVACY_HINT } from './editor';

interface Draft {
  group: string;
  body: string;
}

export function Composer(props: {
  /** The groups to choose from (home feed); omitted when `group` is fixed. */
  groups?: Group[] | null;
  groupsError?: unknown;
  group?: Group;
  onPosted: (p: Post) => void;
  /** Called when the person starts using the composer (focus or pointer). */
  onActivate?: () => void;
}) {
  const key = props.group ? `post.group.${props.group.id}` : 'post.home';
  const initial = loadDraft<Draft>(key);
  const [groupId, setGroupId] = useState<string>(initial?.group || (props.group ? String(props.group.id) : ''));
  const [body, setBody] = useState(initial?.body || '');
  const { busy, error, setError, run } = useAction();
  const [held, setHeld] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [when, setWhen] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId('composer');
  const bodyId = id + '-body';
  const groupSel = id + '-group';
  const hintId = id + '-hint';
  const bodyErrId = id + '-body-err';
  const groupErrId = id + '-group-err';
  const whenId = id + '-when';
  const whenErrId = id + '-when-err';

  useEffect(() => {
    if (body || (groupId && !props.group)) saveDraft(key, { group: groupId, body });
    else clearDraft(key);
  }, [groupId, body]);

  const target = props.group ? String(props.group.id) : groupId;

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    setHeld(false);
    const filled = requireFields(setError, [
      [!target, 'group', groupSel, 'Choose the group to post in.'],
      [!body.trim(), 'body', bodyId, 'Write something before posting.'],
    ]);
    if (!filled) return;
    return run(async () => {
      const p = await apiPost<Post>(`/groups/${target}/posts`, { body });
      clearDraft(key);
      setBody('');
      if (p && p.status === 'held') {
        setHeld(true);
        announce('Your post is waiting for review.');
      } else {
        announce('Your post was published.');
        props.onPosted(p);
      }
    }, (er) => {
      if (er instanceof ApiError && er.field === 'body') document.getElementById(bodyId)?.focus();
    });
  };

  // Keeps the text on the server as a draft (in the chosen group, if
  // any), or with a time, as a scheduled post.
  const keep = (e: Event | undefined, schedule: boolean) => {
    e?.preventDefault();
    if (busy) return;
    setSaved(null);
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
      clearDraft(key);
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
  const otherErr = error && !bodyErr && !groupErr && !whenErr ? error : null;
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
                if (groupErr) setError(null);
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
            if (bodyErr) setError(null);
          }}
          rows={3}
          invalid={!!bodyErr}
          describedBy={[bodyErr ? bodyErrId : '', hintId].filter(Boolean).join(' ')}
          onSubmitShortcut={() => submit()}
        />
        <FieldError id={bodyErrId} message={bodyErr} />
        {bodyErr ? <Findings error={error} /> : null}
        <p class="hint" id={hintId}>
          {STUDENT_PRIVACY_HINT} Posts are archived. Markdown works (**bold**, lists, links); type @ to mention a
          colleague.
        </p>
        <LivePreview body={body} />
        {otherErr ? <ErrorNote error={otherErr} /> : null}
        {held && (
          <p class="notice" role="status">
            Your post was sent and is waiting for a monitor's review before others see it.
          </p>
        )}
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
          <button type="button" class="btn" onClick={(e) => keep(e, false)} aria-disabled={busy ? 'true' : undefined}>
            Save draft
          </button>
          {scheduling ? (
            <button
              type="button"
              class="btn"
              onClick={(e) => keep(e, true)}
              aria-disabled={busy || archived ? 'true' : undefined}
            >
              Schedule post
            </button>
          ) : (
            <button
              type="button"
              class="btn"
              aria-expanded="false"
              onClick={() => {
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
      </form>
    </section>
  );
}
