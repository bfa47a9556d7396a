// Cursor-paginated lists: the first page on mount, the next on demand, and
// a small in-memory cache so that going back shows the same items at once
// (and the scroll position can be restored).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PageFetcher } from './api';
import { ApiError } from './api';
import { getLocation } from './router';

interface Cached {
  items: unknown[];
  cursor: string | null;
  done: boolean;
}
const cache = new Map<string, Cached>();
const CACHE_MAX = 24;

function remember(key: string, c: Cached): void {
  cache.delete(key);
  cache.set(key, c);
  while (cache.size > CACHE_MAX) {
    const first = cache.keys().next().value;
    if (first === undefined) break;
    cache.delete(first);
  }
}

export function forgetLists(prefix = ''): void {
  for (const k of Array.from(cache.keys())) if (k.startsWith(prefix)) cache.delete(k);
}

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: ApiError | null;
  done: boolean;
  /** True once the first page has arrived (or failed). */
  loaded: boolean;
  loadMore: () => Promise<number>;
  reload: () => void;
  setItems: (f: (items: T[]) => T[]) => void;
}

/** key: identifies the list (null: do not load yet). */
export function usePaged<T>(key: string | null, fetcher: PageFetcher<T>): PagedList<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const gen = useRef(0);
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;
  const keyRef = useRef(key);
  keyRef.current = key;
  const itemsRef = useRef<T[]>([]);

  const store = () => {
    if (keyRef.current) remember(keyRef.current, { items: itemsRef.current, cursor: cursor.current, done: cursor.current === null });
  };

  const fetchPage = useCallback(async (first: boolean): Promise<number> => {
    if (busy.current && !first) return 0;
    const my = ++gen.current;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(first ? null : cursor.current);
      if (my !== gen.current) return 0;
      cursor.current = page.next_cursor;
      itemsRef.current = first ? page.items : itemsRef.current.concat(page.items);
      setItemsState(itemsRef.current);
      setDone(page.next_cursor === null);
      store();
      return page.items.length;
    } catch (e) {
      if (my !== gen.current) return 0;
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', 'The list could not be loaded.'));
      return 0;
    } finally {
      if (my === gen.current) {
        busy.current = false;
        setLoading(false);
        setLoaded(true);
      }
    }
  }, []);

  useEffect(() => {
    gen.current++;
    busy.current = false;
    cursor.current = null;
    itemsRef.current = [];
    setError(null);
    if (!key) {
      setItemsState([]);
      setDone(false);
      setLoaded(false);
      setLoading(false);
      return;
    }
    const hit = cache.get(key);
    if (hit && getLocation().how === 'pop') {
      cursor.current = hit.cursor;
      itemsRef.current = hit.items as T[];
      setItemsState(itemsRef.current);
      setDone(hit.done);
      setLoaded(true);
      setLoading(false);
      return;
    }
    setItemsState([]);
    setDone(false);
    setLoaded(false);
    void fetchPage(true);
  }, [key]);

  const loadMore = useCallback(() => {
    if (cursor.current === null) return Promise.resolve(0);
    return fetchPage(false);
  }, []);

  const reload = useCallback(() => {
    void fetchPage(true);
  }, []);

  const setItems = useCallback((f: (items: T[]) => T[]) => {
    itemsRef.current = f(itemsRef.current);
    setItemsState(itemsRef.current);
    store();
  }, []);

  return { items, loading, error, done, loaded, loadMore, reload, setItems };
}
