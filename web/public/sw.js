/* staffroom service worker: keeps the app shell (index.html, the JS bundle,
 * the CSS, the manifest and the icons) so the app starts on a flaky network.
 * It NEVER touches /api/: those requests go to the network only, untouched
 * and uncached (they carry the session and private content).
 *
 * - Navigations (any page URL): network first, the cached shell when offline.
 * - /assets/* (file names carry a content hash): cache first.
 * - Icons and the manifest: cache, refreshed in the background.
 * On install and whenever a fresh index.html arrives, the assets it names are
 * cached and any older ones dropped, so a new release is picked up without
 * changing this file. */
'use strict';

const CACHE = 'staffroom-shell-v1';
const STATIC = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

function isApi(url) {
  return url.pathname === '/api' || url.pathname.startsWith('/api/');
}

function assetsOf(html) {
  const out = new Set();
  const re = /(?:src|href)="(\/assets\/[^"?#]+)"/g;
  let m;
  while ((m = re.exec(html))) out.add(m[1]);
  return Array.from(out);
}

async function cacheShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
  await cache.put('/', response.clone());
  await Promise.all(
    assets.map(async (a) => {
      if (!(await cache.match(a))) {
        const r = await fetch(a, { cache: 'no-cache' });
        if (r.ok) await cache.put(a, r);
      }
    }),
  );
  // Drop assets of older releases.
  const keep = new Set(assets);
  for (const req of await cache.keys()) {
    const p = new URL(req.url).pathname;
    if (p.startsWith('/assets/') && !keep.has(p)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(STATIC.filter((u) => u !== '/'));
      const r = await fetch('/', { cache: 'no-cache' });
      if (r.ok) await cacheShell(r);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const k of await caches.keys()) if (k !== CACHE && k.startsWith('staffroom-')) await caches.delete(k);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (isApi(url)) return; // network only, never cached
  if (url.pathname === '/sw.js') return;

  if (req.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const r = await fetch(req);
          const type = r.headers.get('Content-Type') || '';
          if (r.ok && type.includes('text/html')) event.waitUntil(cacheShell(r.clone()).catch(() => {}));
          return r;
        } catch (e) {
          const cached = await caches.match('/');
          if (cached) return cached;
          throw e;
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(url.pathname);
        if (cached) return cached;
        const r = await fetch(req);
        if (r.ok) {
          const copy = r.clone();
          event.waitUntil(caches.open(CACHE).then((c) => c.put(url.pathname, copy)));
        }
        return r;
      })(),
    );
    return;
  }

  if (STATIC.includes(url.pathname) && url.pathname !== '/') {
    event.respondWith(
      (async () => {
        const cached = await caches.match(url.pathname);
        const refresh = fetch(req)
          .then(async (r) => {
            if (r.ok) await (await caches.open(CACHE)).put(url.pathname, r.clone());
            return r;
          })
          .catch(() => cached);
        if (cached) {
          event.waitUntil(refresh);
          return cached;
        }
        return refresh;
      })(),
    );
  }
});
