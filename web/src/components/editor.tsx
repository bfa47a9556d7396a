// Writing: a textarea that suggests colleagues after "@", and a live preview
// rendered by the server exactly as the post will look.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import type { Page, Preview, User } from '../types';
import { useDebounced } from '../util';
import { Avatar } from './common';

interface MentionProps {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  describedBy?: string;
  invalid?: boolean;
  rows?: number;
  placeholder?: string;
  maxLength?: number;
  labelHidden?: boolean;
  required?: boolean;
  onSubmitShortcut?: () => void;
}

const MENTION_RE = /(^|[\s(\[{"'])@([a-z0-9][a-z0-9._-]{0,31})$/i;

/**
 * A textarea with @mention autocomplete (ARIA: textbox with
 * aria-autocomplete=list and aria-activedescendant on a listbox).
 */
export function MentionTextarea(p: MentionProps) {
  const ta = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ text: string; start: number } | null>(null);
  const [options, setOptions] = useState<User[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState('');
  const listId = p.id + '-mentions';
  const debounced = useDebounced(query?.text ?? '', 150);
  const open = !!query && options.length > 0;

  useEffect(() => {
    if (!query || !debounced) {
      setOptions([]);
      return;
    }
    const ctl = new AbortController();
    get<Page<User>>('/users', { q: debounced, limit: 6 }, ctl.signal)
      .then((page) => {
        const people = page.items.filter((u) => u.status !== 'deactivated');
        setOptions(people);
        setActive(0);
        setStatus(
          people.length
            ? `${people.length} ${people.length === 1 ? 'colleague' : 'colleagues'} found. Use up and down arrows to choose, Enter to insert.`
            : 'No colleague found.',
        );
      })
      .catch(() => setOptions([]));
    return () => ctl.abort();
  }, [debounced]);

  const detect = () => {
    const el = ta.current;
    if (!el) return;
    const caret = el.selectionStart ?? el.value.length;
    if (el.selectionEnd !== caret) {
      setQuery(null);
      return;
    }
    const m = MENTION_RE.exec(el.value.slice(0, caret));
    if (m) setQuery({ text: m[2], start: caret - m[2].length - 1 });
    else {
      setQuery(null);
      setStatus('');
    }
  };

  const choose = (u: User) => {
    const el = ta.current;
    if (!el || !query) return;
    const caret = el.selectionStart ?? el.value.length;
    const before = el.value.slice(0, query.start);
    const after = el.value.slice(caret);
    const insert = '@' + u.login + ' ';
    const next = before + insert + (after.startsWith(' ') ? after.slice(1) : after);
    p.onInput(next);
    setQuery(null);
    setOptions([]);
    setStatus(`Mentioned ${u.name}.`);
    const pos = before.length + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(pos, pos);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && p.onSubmitShortcut) {
      e.preventDefault();
      p.onSubmitShortcut();
      return;
    }
    if (!open) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a - 1 + options.length) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setQuery(null);
      setOptions([]);
    }
  };

  return (
    <div class="mention-field">
      <label for={p.id} class={p.labelHidden ? 'sr-only' : 'label'}>
        {p.label}
      </label>
      <textarea
        ref={ta}
        id={p.id}
        rows={p.rows || 3}
        value={p.value}
        placeholder={p.placeholder}
        required={p.required}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.invalid ? 'true' : undefined}
        aria-describedby={p.describedBy || undefined}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(e) => {
          p.onInput((e.currentTarget as HTMLTextAreaElement).value);
          detect();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => {
          if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) detect();
        }}
        onClick={detect}
        onBlur={() => window.setTimeout(() => setQuery(null), 150)}
      />
      {open && (
        <ul class="mention-list" id={listId} role="listbox" aria-label="Colleagues to mention">
          {options.map((u, i) => (
            <li
              key={u.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(u);
              }}
            >
              <Avatar id={u.id} name={u.name} size="sm" />
              <span>
                <strong>{u.name}</strong> <span class="muted">@{u.login}</span>
                {u.title ? <span class="muted small block">{u.title}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="sr-only" role="status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}

type PreviewState =
  | { kind: 'empty' }
  | { kind: 'loading'; html: string }
  | { kind: 'ok'; html: string }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string };

let previewSupported = true;

/** The server's rendering of a draft, refreshed as the person types. */
export function LivePreview(props: { body: string; id?: string }) {
  const body = useDebounced(props.body, 350);
  const [st, setSt] = useState<PreviewState>({ kind: 'empty' });
  useEffect(() => {
    if (!body.trim()) {
      setSt({ kind: 'empty' });
      return;
    }
    if (!previewSupported) {
      setSt({ kind: 'unavailable' });
      return;
    }
    let live = true;
    setSt((s) => ({ kind: 'loading', html: s.kind === 'ok' || s.kind === 'loading' ? s.html : '' }));
    post<Preview>('/preview', { body })
      .then((r) => live && setSt({ kind: 'ok', html: r.body_html }))
      .catch((e) => {
        if (!live) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
          previewSupported = false;
          setSt({ kind: 'unavailable' });
        } else {
          setSt({ kind: 'error', message: e instanceof ApiError ? e.message : 'The preview could not be made.' });
        }
      });
    return () => {
      live = false;
    };
  }, [body]);
  if (st.kind === 'empty') return null;
  return (
    <section class="preview" aria-label="Preview" id={props.id}>
      <p class="preview-title">Preview</p>
      {st.kind === 'unavailable' ? (
        <p class="muted small">The preview is not available on this server yet.</p>
      ) : st.kind === 'error' ? (
        <p class="muted small">{st.message}</p>
      ) : (
        <div class="md" aria-busy={st.kind === 'loading' ? 'true' : undefined} dangerouslySetInnerHTML={{ __html: st.html }} />
      )}
    </section>
  );
}

export const STUDENT_PRIVACY_HINT =
  "Don't post student names or photos without media consent on file (district social-media guidelines).";
