// A tiny router over the History API: real URLs, client-side navigation for
// same-origin links (including those inside server-rendered bodies), and the
// scroll position remembered per history entry.
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  search: string;
  query: URLSearchParams;
  /** 'push' for a link or navigate(), 'pop' for back/forward, 'load' for the first page. */
  how: 'push' | 'pop' | 'load';
  /** Bumped on every navigation, even to the same URL. */
  seq: number;
}

type Listener = (l: Loc) => void;
const listeners = new Set<Listener>();
let seq = 0;
let current: Loc = read('load');

function read(how: Loc['how']): Loc {
  return {
    path: window.location.pathname,
    search: window.location.search,
    query: new URLSearchParams(window.location.search),
    how,
    seq: seq++,
  };
}

function emit(how: Loc['how']): void {
  current = read(how);
  for (const l of listeners) l(current);
}

function saveScroll(): void {
  try {
    history.replaceState({ ...(history.state || {}), scroll: window.scrollY }, '');
  } catch {
    /* ignore */
  }
}

export function savedScroll(): number {
  const s = history.state && history.state.scroll;
  return typeof s === 'number' ? s : 0;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  const target = url.pathname + url.search + url.hash;
  if (opts.replace) {
    history.replaceState({ scroll: 0 }, '', target);
  } else {
    saveScroll();
    history.pushState({ scroll: 0 }, '', target);
  }
  emit('push');
}

export function getLocation(): Loc {
  return current;
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l: Listener = (n) => setLoc(n);
    listeners.add(l);
    if (current !== loc) setLoc(current);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}

/** Matches '/groups/:id' against a path; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        out[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return out;
}

/**
 * Paths the client renders itself. Not the API nor the static files; logins
 * contain dots (/people/maria.lopez), so a dot does not make a path a file.
 */
export function isAppPath(path: string): boolean {
  return !/^\/(api|assets|icons)(\/|$)/.test(path) && !/^\/(sw\.js|manifest\.webmanifest|favicon\.ico|robots\.txt)$/.test(path);
}

/** Same-origin links navigate without reloading the page. */
export function installRouter(): void {
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  window.addEventListener('popstate', () => emit('pop'));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    if (!isAppPath(url.pathname)) return;
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
