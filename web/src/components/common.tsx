// Building blocks used across pages.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, describeError } from '../api';
import type { PagedList } from '../list';
import type { Member } from '../types';
import { announce, avatarTone, fullTime, initials, privacyLabel, relativeTime, takeHeadingFocus, useAction } from '../util';

/** The page's one h1; takes focus after a navigation. */
export function H1(props: { children: ComponentChildren; class?: string; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    takeHeadingFocus(ref.current);
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} id={props.id} class={props.class}>
      {props.children}
    </h1>
  );
}

/** The whole page while its one thing (a group, a post, a profile) loads. */
export function PageLoading(props: { text: string }) {
  return (
    <p class="page muted" role="status">
      {props.text}
    </p>
  );
}

/**
 * The whole page when its one thing could not be shown: not found (a
 * sentence why), or failed (the error, with a retry); then a way on.
 */
export function PageNotShown(props: {
  notFound: boolean;
  notFoundTitle: string;
  notFoundText: ComponentChildren;
  failedTitle: string;
  error: unknown;
  onRetry: () => void;
  href: string;
  link: string;
}) {
  return (
    <div class="page narrow">
      <H1>{props.notFound ? props.notFoundTitle : props.failedTitle}</H1>
      {props.notFound ? <p>{props.notFoundText}</p> : <ErrorNote error={props.error} onRetry={props.onRetry} />}
      <p>
        <a href={props.href}>{props.link}</a>
      </p>
    </div>
  );
}

export function Avatar(props: { id: number; name: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <span class={`avatar ${avatarTone(props.id)} avatar-${props.size || 'md'}`} aria-hidden="true">
      {initials(props.name)}
    </span>
  );
}

export function RelTime(props: { iso: string }) {
  return (
    <time dateTime={props.iso} title={fullTime(props.iso)}>
      {relativeTime(props.iso)}
    </time>
  );
}

/** The message under an input; the input refers to it with aria-describedby. */
export function FieldError(props: { id: string; message: string | null | undefined }) {
  if (!props.message) return null;
  return (
    <p id={props.id} class="field-error">
      <span aria-hidden="true">⚠ </span>
      {props.message}
    </p>
  );
}

/** A failed request, in plain words, next to what caused it. */
export function ErrorNote(props: { error: unknown; onRetry?: () => void; id?: string }) {
  if (!props.error) return null;
  return (
    <div class="error-note" role="alert" id={props.id}>
      <p>{describeError(props.error)}</p>
      <Findings error={props.error} />
      {props.onRetry && (
        <button type="button" class="btn btn-small" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What the privacy guard found, when it refused a post (422 with findings). */
export function Findings(props: { error: unknown }) {
  const e = props.error;
  if (!(e instanceof ApiError) || !e.findings || !e.findings.length) return null;
  return (
    <ul class="findings">
      {e.findings.map((f, i) => (
        <li key={i}>{describeFinding(f)}</li>
      ))}
    </ul>
  );
}

function describeFinding(f: unknown): string {
  if (typeof f === 'string') return f;
  if (f && typeof f === 'object') {
    const o = f as Record<string, unknown>;
    for (const k of ['explanation', 'message', 'detail', 'reason', 'description']) if (typeof o[k] === 'string') return o[k] as string;
    const what = typeof o.kind === 'string' ? o.kind : typeof o.type === 'string' ? o.type : 'finding';
    const text = typeof o.text === 'string' ? `: “${o.text}”` : typeof o.match === 'string' ? `: “${o.match}”` : '';
    return what.replace(/_/g, ' ') + text;
  }
  return String(f);
}

/**
 * The button after a list: loads the next page when pressed, and by itself
 * when it scrolls into view (infinite scroll). Keyboard and screen-reader
 * users press it.
 */
export function LoadMore(props: {
  loading: boolean;
  done: boolean;
  error: unknown;
  onLoad: () => Promise<number>;
  label?: string;
  what?: string;
  auto?: boolean;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const { loading, done, error, onLoad } = props;
  const label = props.label || 'Load more';
  const what = props.what || 'items';
  const click = async () => {
    if (loading) return;
    const n = await onLoad();
    if (n > 0) announce(`${n} more ${what} loaded.`);
  };
  useEffect(() => {
    if (props.auto === false || done || error || loading || !ref.current) return;
    if (typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void onLoad();
      },
      { rootMargin: '600px 0px' },
    );
    io.observe(ref.current);
    return () => io.disconnect();
  }, [done, error, loading, props.auto]);
  if (done && !error) return null;
  return (
    <div class="load-more">
      {error ? <ErrorNote error={error} /> : null}
      <button
        ref={ref}
        type="button"
        class="btn btn-secondary"
        aria-disabled={loading ? 'true' : undefined}
        onClick={click}
      >
        {loading ? 'Loading…' : label}
      </button>
    </div>
  );
}

/** A list is loading, empty, or failed; otherwise nothing. */
export function ListState(props: {
  loading: boolean;
  loaded: boolean;
  count: number;
  error: unknown;
  empty: ComponentChildren;
  onRetry?: () => void;
  what?: string;
}) {
  if (!props.loaded && props.loading) return <p class="muted" role="status">Loading {props.what || ''}…</p>;
  if (props.error && props.count === 0) return <ErrorNote error={props.error} onRetry={props.onRetry} />;
  if (props.loaded && props.count === 0 && !props.error) return <div class="empty">{props.empty}</div>;
  return null;
}

/**
 * A paged list (list.ts): its state (loading, empty, failed; `state`
 * replaces that note when given), the items as a labelled <ul> (`item`
 * renders each <li>, with its key; `items` when only some are listed at the
 * top level), and the button for more.
 */
export function PagedItems<T>(props: {
  list: PagedList<T>;
  item: (x: T) => ComponentChildren;
  items?: T[];
  label: string;
  class: string;
  what: string;
  empty: ComponentChildren;
  state?: ComponentChildren;
  more?: string;
  auto?: boolean;
}) {
  const { list } = props;
  const shown = props.items || list.items;
  return (
    <>
      {props.state ?? (
        <ListState
          loading={list.loading}
          loaded={list.loaded}
          count={list.items.length}
          error={list.error}
          onRetry={list.reload}
          what={props.what}
          empty={props.empty}
        />
      )}
      {shown.length > 0 && (
        <ul class={props.class} aria-label={props.label}>
          {shown.map((x) => props.item(x))}
        </ul>
      )}
      {list.loaded && list.items.length > 0 && (
        <LoadMore
          loading={list.loading}
          done={list.done}
          error={list.error}
          onLoad={list.loadMore}
          what={props.what}
          label={props.more}
          auto={props.auto}
        />
      )}
    </>
  );
}

/**
 * A person in a list of people (members, requests, invitations): avatar,
 * name (a link to the profile when `login` is given), what `children` add
 * under it, and the row's buttons.
 */
export function PersonRow(props: {
  id: number;
  name: string;
  login?: string;
  children?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <li class="person-row">
      <Avatar id={props.id} name={props.name} />
      <div class="person-row-main">
        {props.login !== undefined ? (
          <a href={`/people/${encodeURIComponent(props.login)}`} class="person-name">
            {props.name}
          </a>
        ) : (
          <span class="person-name">{props.name}</span>
        )}
        {props.children}
      </div>
      {props.actions ? <div class="person-row-actions">{props.actions}</div> : null}
    </li>
  );
}

/** A member of a group (or one asking or invited to be) as a PersonRow. */
export function MemberRow(props: { member: Member; children?: ComponentChildren; actions?: ComponentChildren }) {
  const m = props.member;
  return (
    <PersonRow id={m.user_id} name={m.name} login={m.login} actions={props.actions}>
      {props.children}
    </PersonRow>
  );
}

/**
 * A modal dialog (native <dialog>): focus moves into it when it opens and
 * back to where it was when it closes; Escape closes it.
 */
export function Dialog(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ComponentChildren;
  wide?: boolean;
  /** Where focus goes on close when the element that opened the dialog is gone. */
  restoreFocus?: () => HTMLElement | null | undefined;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const restoreRef = useRef(props.restoreFocus);
  restoreRef.current = props.restoreFocus;
  const back = useRef<HTMLElement | null>(null);
  const titleId = useRef('dlg-' + Math.random().toString(36).slice(2, 9)).current;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      back.current = document.activeElement as HTMLElement | null;
      d.showModal();
      const first = d.querySelector<HTMLElement>('[data-autofocus]') || d.querySelector<HTMLElement>('h2');
      first?.focus();
    } else if (!props.open && d.open) {
      d.close();
    }
  }, [props.open]);
  const onCloseRef = useRef(props.onClose);
  onCloseRef.current = props.onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onClose = () => {
      const b = back.current;
      back.current = null;
      if (b && b.isConnected) b.focus();
      else focusFallback(restoreRef.current);
    };
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    d.addEventListener('close', onClose);
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('close', onClose);
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
      const b = back.current;
      back.current = null;
      if (b && b.isConnected) b.focus();
      else if (b) requestAnimationFrame(() => focusFallback(restoreRef.current));
    };
  }, []);
  return (
    <dialog ref={ref} class={props.wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={titleId}>
      {props.open && (
        <div class="dialog-inner">
          <div class="dialog-head">
            <h2 id={titleId} tabIndex={-1}>
              {props.title}
            </h2>
            <button type="button" class="btn-icon" onClick={props.onClose} aria-label="Close">
              <span aria-hidden="true">×</span>
            </button>
          </div>
          {props.children}
        </div>
      )}
    </dialog>
  );
}

function focusFallback(f?: () => HTMLElement | null | undefined): void {
  const el = (f && f()) || (document.querySelector('main h1') as HTMLElement | null);
  if (!el || !el.isConnected) return;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

/** A confirmation dialog with one destructive button and Cancel. */
export function Confirm(props: {
  open: boolean;
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
  restoreFocus?: () => HTMLElement | null | undefined;
}) {
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    if (props.open) setError(null);
  }, [props.open]);
  const go = () => run(async () => props.onConfirm());
  return (
    <Dialog open={props.open} onClose={props.onClose} title={props.title} restoreFocus={props.restoreFocus}>
      <div class="dialog-body">{props.message}</div>
      <ErrorNote error={error} />
      <div class="dialog-actions">
        <button type="button" class="btn btn-secondary" onClick={props.onClose} data-autofocus>
          {props.cancelLabel || 'Cancel'}
        </button>
        <button type="button" class="btn btn-danger" onClick={go} aria-disabled={busy ? 'true' : undefined}>
          {busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

export function PrivacyBadge(props: { privacy: string }) {
  const icon = props.privacy === 'open' ? '🌐' : props.privacy === 'secret' ? '🔒' : '👥';
  return (
    <span class={`badge badge-${props.privacy}`}>
      <span aria-hidden="true">{icon} </span>
      {privacyLabel(props.privacy)}
    </span>
  );
}
