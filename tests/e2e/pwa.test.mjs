// The client is installable (a manifest with icons, a service worker) and
// its service worker keeps the app shell only: after browsing the feed as
// one person, no /api/ response is in any cache, so nothing of theirs is
// shown to the next person on a shared school computer.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, newPage, signInPage, until, WAIT_MS } from './lib/browser.mjs';

let srv, browser;

before(async () => {
  srv = await startDemo();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the manifest names the app and gives icons of 192 and 512 pixels', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(srv.url + '/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.ok(href, 'index.html links a manifest');
  const res = await page.request.get(new URL(href, srv.url).href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /manifest\+json/);
  const m = await res.json();
  assert.equal(typeof m.name, 'string');
  assert.ok(m.name.length > 0);
  assert.equal(m.display, 'standalone');
  assert.ok(m.start_url, 'a start_url');
  const sizes = (m.icons ?? []).flatMap((i) => String(i.sizes).split(' '));
  for (const want of ['192x192', '512x512']) assert.ok(sizes.includes(want), `an icon of ${want}: ${sizes}`);
  for (const icon of m.icons) {
    const r = await page.request.get(new URL(icon.src, srv.url).href);
    assert.equal(r.status(), 200, `icon ${icon.src}`);
  }
  await context.close();
});

test('the service worker controls the page and never caches /api/ responses', async () => {
  const { context, page } = await newPage(browser, { serviceWorkers: 'allow' });
  await page.goto(srv.url + '/login');
  await signInPage(page, 'maria.lopez');
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await until(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), 'the service worker is ready');
  // Browse with the worker in control: the feed, a reload, a group.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 'the worker controls the page', WAIT_MS);
  await page.getByRole('list', { name: 'Posts' }).getByRole('article').first().waitFor();
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  assert.ok(cached.length > 0, 'the app shell is cached');
  assert.ok(cached.some((u) => u === '/' || u.endsWith('.html')), `index.html is in the shell: ${cached}`);
  assert.ok(cached.some((u) => u.endsWith('.js')), `the bundle is in the shell: ${cached}`);
  assert.deepEqual(cached.filter((u) => u.startsWith('/api/')), [], 'no API response is ever cached');
  await context.close();
});
