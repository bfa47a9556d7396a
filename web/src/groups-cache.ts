// The viewer's own groups (for the composer's "which group" and the sidebar),
// fetched once per session and refreshed after a join or leave.
import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import { forgetLists } from './list';
import type { Group, Page } from './types';

let mine: Promise<Group[]> | null = null;
const listeners = new Set<() => void>();

export function myGroups(): Promise<Group[]> {
  if (!mine) {
    mine = (async () => {
      const all: Group[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: Page<Group> = await get<Page<Group>>('/groups', { filter: 'mine', limit: 100, cursor });
        all.push(...page.items);
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      return all;
    })();
    mine.catch(() => {
      mine = null;
    });
  }
  return mine;
}

export function forgetMyGroups(): void {
  mine = null;
  for (const l of listeners) l();
}

/** The viewer's groups; with enabled=false nothing is requested (yet). */
/** After a group is created or changed: the viewer's groups and the cached lists of groups are fetched again. */
export function forgetGroupLists(): void {
  forgetMyGroups();
  forgetLists('groups:');
}

export function useMyGroups(enabled = true): { groups: Group[] | null; error: unknown } {
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    myGroups()
      .then((g) => live && (setGroups(g), setError(null)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick, enabled]);
  return { groups, error };
}
