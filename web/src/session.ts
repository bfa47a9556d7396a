// The signed-in person, shared by every page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request, setCsrf } from './api';
import type { Session, User } from './types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'out' }
  | { status: 'in'; user: User };

let state: SessionState = { status: 'loading' };
const listeners = new Set<(s: SessionState) => void>();

function set(s: SessionState): void {
  state = s;
  for (const l of listeners) l(s);
}

export function currentUser(): User | null {
  return state.status === 'in' ? state.user : null;
}

export function useSession(): SessionState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    if (s !== state) setS(state);
    return () => {
      listeners.delete(setS);
    };
  }, []);
  return s;
}

/** On start-up: is the cookie still good? GET /session answers the person and the CSRF token. */
export async function restoreSession(): Promise<void> {
  if (state.status === 'unreachable') set({ status: 'loading' });
  try {
    const s = await request<Session>('GET', '/session', undefined, { quiet401: true });
    setCsrf(s.csrf_token);
    set({ status: 'in', user: s.user });
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'method_not_allowed' || e.status === 405 || e.status === 404)) {
      // An older server without GET /session: /me says whether the cookie is
      // good; the CSRF token is the one kept in sessionStorage.
      try {
        const me = await request<User>('GET', '/me', undefined, { quiet401: true });
        set({ status: 'in', user: me });
        return;
      } catch {
        /* fall through */
      }
    }
    if (e instanceof ApiError && (e.code === 'network' || e.status >= 500)) {
      set({ status: 'unreachable' });
      return;
    }
    setCsrf(null);
    set({ status: 'out' });
  }
}

export async function signIn(login: string, password: string): Promise<User> {
  const s = await request<Session>('POST', '/session', { login, password }, { quiet401: true });
  setCsrf(s.csrf_token);
  set({ status: 'in', user: s.user });
  return s.user;
}

/** Signing out on purpose also drops the drafts: the next person at this computer must not see them. */
export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/session', undefined, { quiet401: true });
  } finally {
    setCsrf(null);
    try {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('staffroom.draft.')) sessionStorage.removeItem(k);
    } catch {
      /* ignore */
    }
    set({ status: 'out' });
  }
}

/** The server said the session is gone. */
export function sessionEnded(): void {
  setCsrf(null);
  if (state.status !== 'out') set({ status: 'out' });
}
