// The live stream (GET /api/v1/stream, Server-Sent Events), one per browser:
// the tab that holds the Web Lock "staffroom.stream" opens the EventSource
// and relays every event to the other tabs over the BroadcastChannel of the
// same name. When that tab closes, the lock goes to another tab, which opens
// the stream again from the last event id it saw (?last_event_id=), so no
// event is lost. Without Web Locks or BroadcastChannel each tab opens its own.
//
// The server may end the stream with an `end` event: reason `signed_out`
// (this session was signed out, in any tab or elsewhere, or it expired):
// unless the browser is signed in again, the stream stops for good, every
// tab is told, and onClosed runs; reason
// `replaced` (the same person opened more streams than the server allows,
// from other browsers): this one waits a minute before it tries again, so
// that two browsers do not take the place from each other in a loop. A
// stream the server refuses (401, 429, 503) is retried with a growing delay,
// unless the session is gone (GET /api/v1/session answers 401): then it
// stops and onClosed runs.
import { useEffect, useRef } from 'preact/hooks';

export interface LiveEvent {
  id: number;
  kind: string;
  group_id: number | null;
  post_id: number | null;
  comment_id: number | null;
  actor_id: number | null;
  created_at?: string;
  notification_id?: number;
}

const NAME = 'staffroom.stream';
const KINDS = [
  'post_created',
  'post_edited',
  'post_deleted',
  'comment_created',
  'comment_deleted',
  'post_reaction',
  'notification',
  'reset',
];

type Msg = { t: 'event'; e: LiveEvent } | { t: 'up'; up: boolean } | { t: 'hello' } | { t: 'closed' };

const REPLACED_DELAY_MS = 60_000;

const listeners = new Set<(e: LiveEvent) => void>();
const upListeners = new Set<(up: boolean) => void>();
let lastId: number | null = null;
let up = false;

/** Is the stream open (in this tab or in the tab that relays it)? */
export function streamUp(): boolean {
  return up;
}

export function onStreamUp(fn: (up: boolean) => void): () => void {
  upListeners.add(fn);
  return () => {
    upListeners.delete(fn);
  };
}

export function onLive(fn: (e: LiveEvent) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

/** Calls fn (its latest version) for every live event while mounted. */
export function useLive(fn: (e: LiveEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => onLive((e) => ref.current(e)), []);
}

function setUp(v: boolean): void {
  if (v === up) return;
  up = v;
  for (const l of upListeners) l(v);
}

function deliver(e: LiveEvent): void {
  if (lastId !== null && e.id <= lastId && e.kind !== 'reset') return;
  lastId = e.id;
  for (const l of listeners) {
    try {
      l(e);
    } catch {
      /* one page's handler must not stop the others */
    }
  }
}

/** Is the session still there? false only on a clear 401. */
async function signedIn(): Promise<boolean> {
  try {
    const r = await fetch('/api/v1/session', { credentials: 'same-origin' });
    return r.status !== 401;
  } catch {
    return true; /* the network, not the session: try again later */
  }
}

/**
 * Opens an EventSource and keeps it open (backoff after it is refused or
 * closed) until the returned function is called, or until the session is
 * found gone (then onClosed runs once and it stays closed).
 */
function openStream(onEvent: (e: LiveEvent) => void, onUp: (up: boolean) => void, onClosed: () => void): () => void {
  let es: EventSource | null = null;
  let timer = 0;
  let delay = 1000;
  let stopped = false;
  const later = (ms: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(connect, ms + Math.random() * 500);
  };
  const ended = () => {
    stopped = true;
    window.clearTimeout(timer);
    es?.close();
    onUp(false);
    onClosed();
  };
  const retryUnlessSignedOut = () => {
    void signedIn().then((yes) => {
      if (stopped) return;
      if (!yes) {
        ended();
        return;
      }
      later(delay);
      delay = Math.min(delay * 2, 60_000);
    });
  };
  function connect(): void {
    if (stopped) return;
    const url = '/api/v1/stream' + (lastId !== null ? `?last_event_id=${lastId}` : '');
    const src = new EventSource(url);
    es = src;
    src.onopen = () => {
      delay = 1000;
      onUp(true);
    };
    src.onerror = () => {
      onUp(false);
      // CONNECTING: the browser retries by itself (with Last-Event-ID).
      // CLOSED: refused (401, 429, 503): stop if the session is gone, else
      // try again later, more slowly each time.
      if (src.readyState !== EventSource.CLOSED || stopped) return;
      src.close();
      retryUnlessSignedOut();
    };
    src.addEventListener('end', (m) => {
      let reason = '';
      try {
        reason = (JSON.parse((m as MessageEvent<string>).data) as { reason?: string }).reason ?? '';
      } catch {
        /* not JSON: treat as an end without a reason */
      }
      src.close();
      if (stopped) return;
      onUp(false);
      // signed_out: the session it was opened with ended; the browser may
      // hold a newer one (signed in again in another tab), so ask.
      if (reason === 'signed_out') retryUnlessSignedOut();
      else later(reason === 'replaced' ? REPLACED_DELAY_MS : delay);
    });
    for (const k of KINDS) {
      src.addEventListener(k, (m) => {
        const me = m as MessageEvent<string>;
        try {
          const data = JSON.parse(me.data) as LiveEvent;
          const id = Number(me.lastEventId);
          onEvent({ ...data, kind: data.kind || k, id: Number.isFinite(id) && me.lastEventId !== '' ? id : (lastId ?? 0) });
        } catch {
          /* not JSON: ignore */
        }
      });
    }
  }
  connect();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    es?.close();
    onUp(false);
  };
}

/**
 * Starts the stream for the signed-in person (onClosed: it was refused, e.g.
 * the session ended). Returns the function that stops it (sign-out).
 */
export function startLive(onClosed: () => void): () => void {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks || typeof BroadcastChannel === 'undefined') {
    const stop = openStream(deliver, setUp, onClosed);
    return () => {
      stop();
      lastId = null;
    };
  }
  const ch = new BroadcastChannel(NAME);
  let leader = false;
  ch.onmessage = (m: MessageEvent<Msg>) => {
    const d = m.data;
    if (d.t === 'event') {
      if (!leader) deliver(d.e);
    } else if (d.t === 'up') {
      if (!leader) setUp(d.up);
    } else if (d.t === 'hello' && leader) {
      ch.postMessage({ t: 'up', up } satisfies Msg);
    } else if (d.t === 'closed' && !leader) {
      setUp(false);
      onClosed(); // the session ended: this tab learns it at once too
    }
  };
  ch.postMessage({ t: 'hello' } satisfies Msg);
  const abort = new AbortController();
  let release: (() => void) | null = null;
  locks
    .request(NAME, { signal: abort.signal }, () => {
      leader = true;
      const stop = openStream(
        (e) => {
          deliver(e);
          ch.postMessage({ t: 'event', e } satisfies Msg);
        },
        (v) => {
          setUp(v);
          ch.postMessage({ t: 'up', up: v } satisfies Msg);
        },
        () => {
          ch.postMessage({ t: 'closed' } satisfies Msg);
          onClosed();
        },
      );
      return new Promise<void>((resolve) => {
        release = () => {
          stop();
          leader = false;
          resolve();
        };
      });
    })
    .catch(() => {
      /* aborted while waiting: signed out */
    });
  return () => {
    abort.abort();
    release?.();
    ch.close();
    setUp(false);
    lastId = null;
  };
}
