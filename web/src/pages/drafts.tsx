// The viewer's drafts and scheduled posts: each with its group, its state
// (a scheduled time, or why publishing failed), and "Edit", "Publish now",
// "Cancel schedule" and "Delete". Editing happens in place.
import { useState } from 'preact/hooks';
import { del, describeError, get, patch, post } from '../api';
import { ErrorNote, H1, PagedItems, RelTime } from '../components/common';
import type { Draft, DraftPage } from '../drafts';
import { whenText } from '../drafts';
import { usePaged } from '../list';
import { navigate } from '../router';
import type { Post } from '../types';
import { announce, useId, useRowAction, useTitle } from '../util';

function DraftRow(props: {
  draft: Draft;
  busy: boolean;
  error: unknown;
  onPublish: () => void;
  onUnschedule: () => void;
  onDelete: () => void;
  onSave: (body: string) => Promise<boolean>;
}) {
  const d = props.draft;
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(d.body);
  const id = useId('draft');
  const group = d.group ? d.group.name ?? 'a group you can no longer see' : null;
  const first = d.body.split('\n')[0].slice(0, 80);
  return (
    <li class="card draft" id={`draft-${d.id}`}>
      <p class="draft-meta">
        {d.state === 'scheduled' && d.publish_at ? (
          <strong>Scheduled for {whenText(d.publish_at)}</strong>
        ) : d.state === 'failed' ? (
          <strong class="error-text">Could not be published: {d.failure?.detail ?? 'it was refused.'}</strong>
        ) : d.state === 'publishing' ? (
          <strong>Publishing…</strong>
        ) : (
          <strong>Draft</strong>
        )}{' '}
        · {group ? `in ${group}` : 'no group chosen'} · saved <RelTime iso={d.updated_at} />
      </p>
      {editing ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await props.onSave(body)) setEditing(false);
          }}
        >
          <label for={id + '-body'} class="label">
            Draft text
          </label>
          <textarea id={id + '-body'} rows={4} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" aria-disabled={props.busy ? 'true' : undefined}>
              Save changes
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              Cancel editing
            </button>
          </div>
        </form>
      ) : (
        <p class="draft-body">{d.body}</p>
      )}
      {props.error ? <ErrorNote error={props.error} /> : null}
      {!editing && (
        <div class="form-actions">
          <button type="button" class="btn" onClick={() => setEditing(true)} aria-label={`Edit draft: ${first}`}>
            Edit
          </button>
          {d.group && d.state !== 'publishing' && (
            <button
              type="button"
              class="btn btn-primary"
              onClick={props.onPublish}
              aria-label={`Publish now: ${first}`}
              aria-disabled={props.busy ? 'true' : undefined}
            >
              Publish now
            </button>
          )}
          {d.state === 'scheduled' && (
            <button
              type="button"
              class="btn"
              onClick={props.onUnschedule}
              aria-label={`Cancel schedule: ${first}`}
              aria-disabled={props.busy ? 'true' : undefined}
            >
              Cancel schedule
            </button>
          )}
          <button
            type="button"
            class="btn btn-danger"
            onClick={props.onDelete}
            aria-label={`Delete draft: ${first}`}
            aria-disabled={props.busy ? 'true' : undefined}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

export function DraftsPage() {
  useTitle('Drafts and scheduled posts');
  const list = usePaged<Draft>('drafts', (cursor) => get<DraftPage>('/drafts', { limit: 20, cursor }));
  const row = useRowAction<number>();
  const replace = (d: Draft) => list.setItems((items) => items.map((x) => (x.id === d.id ? d : x)));
  const drop = (id: number) => list.setItems((items) => items.filter((x) => x.id !== id));

  return (
    <div class="page narrow">
      <H1>Drafts and scheduled posts</H1>
      <p class="muted">Only you see your drafts. A scheduled post is published at its time, as you.</p>
      <PagedItems
        list={list}
        label="Your drafts"
        class="drafts"
        what="drafts"
        empty="No drafts. Use “Save draft” or “Schedule…” when you write a post."
        item={(d: Draft) => (
          <DraftRow
            key={d.id}
            draft={d}
            busy={row.busy === d.id}
            error={row.errorOf(d.id)}
            onPublish={() =>
              row.run(d.id, async () => {
                const p = await post<Post>(`/drafts/${d.id}/publish`);
                drop(d.id);
                announce('Your post was published.');
                navigate(`/posts/${p.id}`);
              })
            }
            onUnschedule={() =>
              row.run(d.id, async () => {
                replace(await del<Draft>(`/drafts/${d.id}/schedule`));
                announce('The post is no longer scheduled; it stays in your drafts.');
              })
            }
            onDelete={() =>
              row.run(d.id, async () => {
                await del(`/drafts/${d.id}`);
                drop(d.id);
                announce('Draft deleted.');
              })
            }
            onSave={async (body) => {
              let saved = false;
              await row.run(d.id, async () => {
                replace(await patch<Draft>(`/drafts/${d.id}`, { body }));
                announce('Draft saved.');
                saved = true;
              });
              return saved;
            }}
          />
        )}
      />
      {row.error && !list.items.some((x) => row.errorOf(x.id)) ? <p role="alert">{describeError(row.error)}</p> : null}
    </div>
  );
}
