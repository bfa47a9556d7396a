// Photos. In a post or a held post: thumbnails in a grid, each a link to the
// full image, its text alternative as alt and as a caption (ImageGrid). In
// the composer: "Add photo" (a real file input), each chosen file uploaded at
// once (POST /images, raw bytes, with progress), then shown in order with its
// text alternative and "Students can be recognised in this photo" (both saved
// with PATCH, the text debounced), and Remove (DELETE). What the privacy
// guard found about a photo is shown under it (PhotoFindings).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, describeError, patch, sendBytes } from '../api';
import type { GuardFinding, Id, PostImage } from '../types';
import { announce, useId } from '../util';
import { ErrorNote, FieldError } from './common';
import { PhotoIcon } from './icons';
import { type CheckedImage, findingsFor, PhotoFindings, type PrivacyResult } from './privacy';

/** A post can have this many photos (the server's limit too). */
export const MAX_PHOTOS = 10;
/** How long after the last keystroke a text alternative is saved. */
const ALT_SAVE_DELAY_MS = 800;
export const ALT_MAX = 1000;

/**
 * A post's (or a held post's) photos: thumbnails in a grid, width and height
 * given so nothing moves as they load; each opens the full image in a new
 * tab. findings: the guard's, shown under the photo they are about.
 */
export function ImageGrid(props: { images: PostImage[] | undefined; findings?: GuardFinding[] }) {
  const images = props.images || [];
  const n = images.length;
  if (!n) return null;
  return (
    <ul class={`image-grid image-grid-${Math.min(n, 3)}`} aria-label={n === 1 ? 'Photo' : `${n} photos`}>
      {images.map((img, i) => {
        const found = props.findings ? findingsFor(props.findings, img.id) : [];
        return (
          <li key={img.id}>
            <figure class="image-figure">
              <a href={img.url} target="_blank" rel="noopener" class="image-link">
                <img
                  src={img.thumbnail.url}
                  width={img.thumbnail.width}
                  height={img.thumbnail.height}
                  alt={img.alt || ''}
                  loading="lazy"
                  decoding="async"
                />
                <span class="sr-only">
                  {img.alt ? ' ' : n === 1 ? 'Photo, not described ' : `Photo ${i + 1} of ${n}, not described `}
                  (full size, opens in a new tab)
                </span>
              </a>
              {/* The caption is the alt text, which the link already reads out. */}
              {img.alt && <figcaption aria-hidden="true">{img.alt}</figcaption>}
              {found.length > 0 && (
                <PhotoFindings
                  caption={img.alt || ''}
                  findings={found}
                  label={n === 1 ? 'What the privacy guard found about the photo' : `What the privacy guard found about photo ${i + 1}`}
                />
              )}
            </figure>
          </li>
        );
      })}
    </ul>
  );
}

/* ---- the composer's attachments ---- */

export interface Attachment {
  /** Local, stable for the item's life (an upload has no id yet). */
  key: number;
  name: string;
  state: 'uploading' | 'ready' | 'failed';
  /** Of the upload, 0 to 1. */
  progress: number;
  /** The stored image as the server last answered (its alt and flag are what the guard checks). */
  image: PostImage | null;
  /** The text alternative as typed (saved after a pause, on change, and before posting). */
  alt: string;
  /** The checkbox as ticked (saved at once). */
  showsStudents: boolean;
  /** The upload's failure (state failed), or the last save's or removal's. */
  error: unknown;
  removing: boolean;
}

let seq = 0;

/**
 * The composer's photos: upload, describe, flag, remove, in order. `ref`
 * holds the current list (the state re-renders); saves to one image run one
 * after another, each sending what is on screen when it starts.
 */
export function useAttachments(onActivity?: () => void) {
  const [items, setItems] = useState<Attachment[]>([]);
  const [limitNote, setLimitNote] = useState<string | null>(null);
  const ref = useRef<Attachment[]>([]);
  const timers = useRef(new Map<number, number>());
  const chains = useRef(new Map<number, Promise<boolean>>());
  const uploads = useRef(new Map<number, AbortController>());

  useEffect(
    () => () => {
      for (const t of timers.current.values()) window.clearTimeout(t);
      for (const c of uploads.current.values()) c.abort();
    },
    [],
  );

  const commit = (fn: (list: Attachment[]) => Attachment[]) => {
    ref.current = fn(ref.current);
    setItems(ref.current);
  };
  const update = (key: number, change: Partial<Attachment>) =>
    commit((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  const find = (key: number) => ref.current.find((a) => a.key === key);

  const add = (files: File[]) => {
    if (!files.length) return;
    onActivity?.();
    const room = MAX_PHOTOS - ref.current.filter((a) => a.state !== 'failed').length;
    const taken = files.slice(0, Math.max(0, room));
    const left = files.length - taken.length;
    setLimitNote(
      left > 0
        ? `A post can have at most ${MAX_PHOTOS} photos: ${left === 1 ? '1 photo was' : `${left} photos were`} not added.`
        : null,
    );
    for (const file of taken) {
      const key = ++seq;
      const ctl = new AbortController();
      uploads.current.set(key, ctl);
      commit((list) => [
        ...list,
        { key, name: file.name, state: 'uploading', progress: 0, image: null, alt: '', showsStudents: false, error: null, removing: false },
      ]);
      sendBytes<PostImage>('/images', file, { signal: ctl.signal, onProgress: (p) => update(key, { progress: p }) })
        .then((img) => {
          update(key, { state: 'ready', progress: 1, image: img, alt: img.alt || '', showsStudents: !!img.shows_students });
          announce(`Photo added: ${file.name}. Describe it for people who can't see it.`);
        })
        .catch((e) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          update(key, { state: 'failed', error: e });
          announce(`${file.name} could not be added: ${describeError(e)}`);
        })
        .finally(() => uploads.current.delete(key));
    }
  };

  // Sends what differs between the screen and the server; true when saved (or nothing to save).
  const save = async (key: number): Promise<boolean> => {
    const a = find(key);
    if (!a || a.state !== 'ready' || !a.image || a.removing) return true;
    const body: { alt?: string; shows_students?: boolean } = {};
    const alt = a.alt.trim();
    if (alt !== (a.image.alt || '')) body.alt = alt;
    if (a.showsStudents !== a.image.shows_students) body.shows_students = a.showsStudents;
    if (body.alt === undefined && body.shows_students === undefined) return true;
    try {
      const img = await patch<PostImage>(`/images/${a.image.id}`, body);
      const now = find(key);
      if (now) update(key, { image: img, error: null });
      return true;
    } catch (e) {
      const now = find(key);
      // The box goes back to what is stored; the text stays, to be corrected.
      if (now && body.shows_students !== undefined) update(key, { showsStudents: now.image?.shows_students ?? false });
      if (now) update(key, { error: e });
      return false;
    }
  };
  const enqueue = (key: number): Promise<boolean> => {
    const t = timers.current.get(key);
    if (t) window.clearTimeout(t);
    timers.current.delete(key);
    const next = (chains.current.get(key) || Promise.resolve(true)).then(() => save(key));
    chains.current.set(key, next);
    return next;
  };

  const setAlt = (key: number, alt: string) => {
    onActivity?.();
    const a = find(key);
    update(key, { alt, error: a && a.error instanceof ApiError && a.error.field === 'alt' ? null : a?.error ?? null });
    const t = timers.current.get(key);
    if (t) window.clearTimeout(t);
    timers.current.set(key, window.setTimeout(() => void enqueue(key), ALT_SAVE_DELAY_MS));
  };

  const setShowsStudents = (key: number, on: boolean) => {
    onActivity?.();
    update(key, { showsStudents: on });
    void enqueue(key);
  };

  /** Deletes the photo on the server (an upload in flight is cancelled); true when it is gone. */
  const remove = async (key: number): Promise<boolean> => {
    const a = find(key);
    if (!a || a.removing) return false;
    onActivity?.();
    const drop = () => commit((list) => list.filter((x) => x.key !== key));
    if (a.state !== 'ready' || !a.image) {
      uploads.current.get(key)?.abort();
      drop();
      return true;
    }
    update(key, { removing: true, error: null });
    try {
      await (chains.current.get(key) || Promise.resolve(true));
      await del(`/images/${a.image.id}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        update(key, { removing: false, error: e });
        return false;
      }
    }
    const t = timers.current.get(key);
    if (t) window.clearTimeout(t);
    timers.current.delete(key);
    chains.current.delete(key);
    drop();
    return true;
  };

  /** Saves every pending change now and waits for all saves; false when one failed. */
  const flush = async (): Promise<boolean> => {
    const results = await Promise.all(ref.current.filter((a) => a.state === 'ready').map((a) => enqueue(a.key)));
    return results.every(Boolean);
  };

  /** After posting: the photos are the post's now, the list starts again. */
  const clear = () => {
    for (const t of timers.current.values()) window.clearTimeout(t);
    timers.current.clear();
    chains.current.clear();
    setLimitNote(null);
    commit(() => []);
  };

  const ready = items.filter((a) => a.state === 'ready' && a.image).map((a) => a.image as PostImage);
  return {
    items,
    limitNote,
    add,
    setAlt,
    saveAlt: (key: number) => void enqueue(key),
    setShowsStudents,
    remove,
    flush,
    clear,
    /** The stored images, in order, as the guard checks them. */
    ready,
    /** The same, read after a flush (the state may not have re-rendered yet). */
    readyNow: () => ref.current.filter((a) => a.state === 'ready' && a.image).map((a) => a.image as PostImage),
    uploading: items.some((a) => a.state === 'uploading'),
    /** Photos attached or on their way (failed uploads aside). */
    count: items.filter((a) => a.state !== 'failed').length,
  };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** What the guard checks of an image. */
export function checkedImage(img: PostImage): CheckedImage {
  return { id: img.id, alt: img.alt, shows_students: img.shows_students };
}

/**
 * "Add photo" and the attached photos, in order. result: the privacy
 * guard's current answer (findings about a photo show under it). inputId:
 * the file input's id (for focus after an error). error: a problem about
 * the photos as a whole (field image_ids).
 */
export function PhotoPicker(props: {
  att: Attachments;
  inputId: string;
  result: PrivacyResult | null;
  error: string | null;
  disabled?: boolean;
}) {
  const { att } = props;
  const id = useId('photos');
  const hintId = id + '-hint';
  const errId = id + '-err';
  const full = att.count >= MAX_PHOTOS;
  let n = 0;

  // Focus goes to the next photo's button (else the previous one's, else "Add photo").
  const removeAndFocus = async (key: number, message: string) => {
    const i = att.items.findIndex((a) => a.key === key);
    const others = att.items.filter((a) => a.key !== key);
    const next = others[i] || others[i - 1];
    if (await att.remove(key)) {
      announce(message);
      requestAnimationFrame(() => {
        const el = next && document.getElementById(`${id}-remove-${next.key}`);
        (el || document.getElementById(props.inputId))?.focus();
      });
    }
  };

  return (
    <div class="photos">
      <div class="photo-add">
        <input
          type="file"
          id={props.inputId}
          class="sr-only photo-input"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={full || props.disabled}
          aria-describedby={[props.error ? errId : '', hintId].filter(Boolean).join(' ')}
          onChange={(e) => {
            const input = e.currentTarget;
            const files = input.files ? Array.from(input.files) : [];
            input.value = '';
            att.add(files);
          }}
        />
        <label for={props.inputId} class="btn btn-secondary btn-small photo-add-btn">
          <PhotoIcon />
          Add photo
        </label>
        <span class="hint photo-hint" id={hintId}>
          {full
            ? `${MAX_PHOTOS} photos attached, the most a post can have.`
            : `JPEG, PNG or WebP; up to ${MAX_PHOTOS}. Location and camera details are removed.`}
        </span>
      </div>
      <FieldError id={errId} message={props.error} />
      {att.limitNote && <p class="field-error">{att.limitNote}</p>}
      {att.items.length > 0 && (
        <ol class="photo-list" aria-label="Photos to post">
          {att.items.map((a) => {
            if (a.state === 'failed') {
              return (
                <li key={a.key} class="photo-item photo-failed">
                  <div class="error-note" role="alert">
                    <p>
                      <strong>{a.name}</strong> could not be added: {describeError(a.error)}
                    </p>
                    <button
                      type="button"
                      id={`${id}-remove-${a.key}`}
                      class="btn btn-small"
                      onClick={() => void removeAndFocus(a.key, 'Message dismissed.')}
                    >
                      Dismiss<span class="sr-only"> the message about {a.name}</span>
                    </button>
                  </div>
                </li>
              );
            }
            const num = ++n;
            return (
              <li key={a.key} class="photo-item">
                {a.state === 'ready' && a.image ? (
                  <ReadyPhoto
                    id={id}
                    a={a}
                    num={num}
                    att={att}
                    result={props.result}
                    onRemove={(key) => void removeAndFocus(key, 'Photo removed.')}
                  />
                ) : (
                  <>
                    <div class="photo-thumb photo-placeholder" aria-hidden="true">
                      <PhotoIcon />
                    </div>
                    <div class="photo-fields">
                      <p class="photo-title">
                        <strong>Photo {num}</strong> <span class="muted small">{a.name}</span>
                      </p>
                      <p class="small photo-progress">
                        <progress max={100} value={Math.round(a.progress * 100)} aria-label={`Uploading ${a.name}`} />{' '}
                        Uploading… {Math.round(a.progress * 100)}%
                      </p>
                      <button
                        type="button"
                        id={`${id}-remove-${a.key}`}
                        class="btn btn-small btn-secondary"
                        onClick={() => void removeAndFocus(a.key, 'Upload cancelled.')}
                      >
                        Cancel<span class="sr-only"> the upload of {a.name}</span>
                      </button>
                    </div>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

function ReadyPhoto(props: {
  id: string;
  a: Attachment;
  num: number;
  att: Attachments;
  result: PrivacyResult | null;
  onRemove: (key: number) => void;
}) {
  const { a, num, att, result } = props;
  const img = a.image as PostImage;
  const base = `${props.id}-${a.key}`;
  const altId = base + '-alt';
  const altErrId = base + '-alt-err';
  const findingsId = base + '-findings';
  const found = result ? findingsFor(result.findings, img.id) : [];
  const altErr = a.error instanceof ApiError && a.error.field === 'alt' ? describeError(a.error) : null;
  const otherErr = a.error && !altErr ? a.error : null;
  return (
    <>
      <img
        class="photo-thumb"
        src={img.thumbnail.url}
        width={img.thumbnail.width}
        height={img.thumbnail.height}
        alt=""
      />
      <div class="photo-fields">
        <p class="photo-title">
          <strong>Photo {num}</strong> <span class="muted small">{a.name}</span>
        </p>
        <div class="field photo-alt">
          <label for={altId} class="label">
            Describe the photo for people who can't see it<span class="sr-only"> (photo {num})</span>
          </label>
          <input
            id={altId}
            type="text"
            maxLength={ALT_MAX}
            value={a.alt}
            onInput={(e) => att.setAlt(a.key, e.currentTarget.value)}
            onChange={() => att.saveAlt(a.key)}
            onBlur={() => att.saveAlt(a.key)}
            aria-invalid={altErr ? 'true' : undefined}
            aria-describedby={[altErr ? altErrId : '', found.length ? findingsId : ''].filter(Boolean).join(' ') || undefined}
          />
          <FieldError id={altErrId} message={altErr} />
        </div>
        <div class="photo-students">
          <label class="check">
            <input
              type="checkbox"
              checked={a.showsStudents}
              onChange={(e) => att.setShowsStudents(a.key, e.currentTarget.checked)}
            />
            <span>
              Students can be recognised in this photo<span class="sr-only"> (photo {num})</span>
            </span>
          </label>
        </div>
        {found.length > 0 && (
          <div class="privacy-check photo-check">
            <PhotoFindings
              id={findingsId}
              caption={result?.captions[img.id] ?? img.alt ?? ''}
              findings={found}
              label={`What to check in photo ${num}`}
            />
          </div>
        )}
        {otherErr ? <ErrorNote error={otherErr} /> : null}
        <button
          type="button"
          id={`${props.id}-remove-${a.key}`}
          class="btn btn-small btn-secondary"
          aria-disabled={a.removing ? 'true' : undefined}
          onClick={() => props.onRemove(a.key)}
        >
          {a.removing ? 'Removing…' : 'Remove'}
          <span class="sr-only"> photo {num}</span>
        </button>
      </div>
    </>
  );
}

/** The ids of the photos (0 for one still uploading), as numbered on screen. */
export function photoIds(att: Attachments): Id[] {
  return att.items.filter((a) => a.state !== 'failed').map((a) => (a.image ? a.image.id : 0));
}
