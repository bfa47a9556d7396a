// Posts and the home feed in the browser: what the first load costs, the
// "Load more" button, the edit history, and a post that fails to send.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, postCard, signInContext,
  startDemo, until, visit, waitForFocus, waitForH1,
} from './lib/browser.mjs';

const AUTHOR = { login: 'maria.lopez', name: 'Maria Lopez' };
const GROUP = { id: 24, name: "Teachers' Lounge" }; // open; Maria Lopez is a member
const EDITED = /^Edited ?: show edit history$/;

let srv;
let browser;

before(async () => {
  srv = await startDemo();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function as(login, opts) {
  const p = await newPage(browser, opts);
  await signInContext(p.context, srv, login);
  return p;
}

/** The ids of the posts in a list, in order (from their time links). */
async function postIds(list) {
  const hrefs = await list.locator(':scope > li > article a[href^="/posts/"]').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs)].map((h) => Number(h.split('/')[2]));
}

describe('the home feed', () => {
  test('the first load is one HTML file, one JS bundle (< 100 KB gzipped), one CSS file and the feed', async (t) => {
    const { context, page } = await as(AUTHOR.login, { serviceWorkers: 'allow' });
    try {
      const requests = [];
      page.on('request', (r) => requests.push(r));
      await visit(page, srv, '/', 'Home');
      await page.getByRole('list', { name: 'Posts' }).waitFor();
      await page.waitForLoadState('networkidle');

      const byType = (t) => requests.filter((r) => r.resourceType() === t);
      const path = (r) => { const u = new URL(r.url()); return u.pathname + u.search; };
      const listing = requests.map((r) => `${r.resourceType()} ${r.method()} ${path(r)}`).join('\n');
      assert.ok(requests.every((r) => new URL(r.url()).origin === srv.url), `a request to another origin:\n${listing}`);

      assert.deepEqual(byType('document').map(path), ['/'], `one HTML document:\n${listing}`);
      const scripts = byType('script');
      assert.equal(scripts.length, 1, `one script:\n${listing}`);
      assert.match(path(scripts[0]), /^\/assets\/[^/]+\.js$/);
      const styles = byType('stylesheet');
      assert.equal(styles.length, 1, `one stylesheet:\n${listing}`);
      assert.match(path(styles[0]), /^\/assets\/[^/]+\.css$/);

      const api = requests.filter((r) => path(r).startsWith('/api/')).map((r) => `${r.method()} ${path(r)}`);
      assert.equal(api.filter((x) => x === 'GET /api/v1/feed?limit=20').length, 1, `the feed asked for once:\n${listing}`);
      assert.equal(api.filter((x) => x === 'GET /api/v1/session').length, 1, `the session asked for once:\n${listing}`);
      // Besides the feed and the session: the person's groups (for the composer)
      // and the unread count (for the bell), both fetched when the page is idle.
      const allowed = new Set(['GET /api/v1/feed?limit=20', 'GET /api/v1/session',
        'GET /api/v1/groups?filter=mine&limit=100', 'GET /api/v1/notifications?limit=1', 'GET /api/v1/stream']);
      // A pinned announcement on screen is recorded as seen (POST /posts/{id}/seen).
      const seen = /^POST \/api\/v1\/posts\/\d+\/seen$/;
      assert.deepEqual(api.filter((x) => !allowed.has(x) && !seen.test(x)), [], `unexpected API requests on first load:\n${listing}`);
      const shell = /^\/(sw\.js|manifest\.webmanifest|icons\/[^/]+)$/;
      const others = requests.filter((r) => !['document', 'script', 'stylesheet'].includes(r.resourceType()) &&
        !path(r).startsWith('/api/') && !shell.test(new URL(r.url()).pathname));
      assert.deepEqual(others.map((r) => `${r.resourceType()} ${path(r)}`), [], `unexpected requests:\n${listing}`);

      // The bundle's size on the wire (or gzipped here, when the server sent it plain).
      const res = await scripts[0].response();
      const body = await res.body();
      const encoded = (res.headers()['content-encoding'] ?? '').includes('gzip');
      const sizes = await scripts[0].sizes();
      const wire = encoded ? sizes.responseBodySize : gzipSync(body, { level: 9 }).length;
      assert.ok(wire > 1000 && wire < 100 * 1024, `JS bundle is ${wire} bytes gzipped (budget 100 KB)`);
      t.diagnostic(`JS bundle: ${body.length} bytes, ${wire} bytes gzipped (${encoded ? 'sent gzipped' : 'sent plain'})`);
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('"Load more" loads the next posts', async () => {
    const { context, page } = await as(AUTHOR.login);
    try {
      await visit(page, srv, '/', 'Home');
      const list = page.getByRole('region', { name: 'Recent posts from your groups' }).getByRole('list', { name: 'Posts' });
      await list.waitFor();
      const first = await postIds(list);
      assert.equal(first.length, 20, 'the first page has 20 posts');
      const more = page.getByRole('button', { name: 'Load more' });
      await more.focus();
      await page.keyboard.press('Enter');
      const ids = await until(async () => { const x = await postIds(list); return x.length > 20 && x; },
        'the number of posts did not grow after "Load more"');
      assert.deepEqual(ids.slice(0, 20), first, 'the first posts stay in place');
      assert.equal(new Set(ids).size, ids.length, 'no post is shown twice');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});

describe('a post', () => {
  test('an edited post says "Edited" and its history lists the original first and the current version last', async () => {
    const api = await apiAs(srv, AUTHOR.login);
    const v1 = 'Staff meeting on Tuesday in room 12.';
    const v2 = 'Staff meeting on Tuesday in the library.';
    const v3 = 'Staff meeting on Wednesday in the library, 3:15.';
    const created = await api.post(`/api/v1/groups/${GROUP.id}/posts`, { body: v1 });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;
    const { context, page } = await as(AUTHOR.login);
    try {
      const title = `${AUTHOR.name} in ${GROUP.name}`;
      await page.goto(`${srv.url}/posts/${id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const card = page.getByRole('article', { name: title });
      // (Chrome names it "Edited : show edit history"; the exact name of
      // web/README.md is checked in a11y.test.mjs.)
      const edited = card.getByRole('button', { name: EDITED });
      assert.equal(await edited.count(), 0, 'a post never edited is not marked "Edited"');

      for (const text of [v2, v3]) {
        const editBtn = card.getByRole('button', { name: 'Edit post' });
        await editBtn.click();
        const box = card.getByRole('textbox', { name: 'Edit post' });
        await waitForFocus(box, 'the "Edit post" textbox');
        await box.fill(text);
        await card.getByRole('button', { name: 'Save changes' }).click();
        await card.getByText(text).waitFor();
        await box.waitFor({ state: 'detached' });
        await waitForFocus(editBtn, 'the "Edit post" button after saving');
      }
      await edited.waitFor();
      // Still marked after a reload (the server keeps it).
      await page.reload();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await edited.click();
      const dialog = page.getByRole('dialog', { name: 'Edit history' });
      await dialog.waitFor();
      const items = dialog.getByRole('listitem');
      await items.first().waitFor();
      const texts = (await items.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.equal(texts.length, 3, `three versions: ${JSON.stringify(texts)}`);
      assert.match(texts[0], /^Original\b/);
      assert.ok(texts[0].includes(v1), `the original first: ${texts[0]}`);
      assert.ok(texts[1].includes(v2), `then the first edit: ${texts[1]}`);
      assert.match(texts[2], /^Current version\b/);
      assert.ok(texts[2].includes(v3), `the current version last: ${texts[2]}`);
      await assertNoAxeViolations(page, 'the "Edit history" dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await waitForFocus(edited, 'the "Edited" button after closing the dialog');

      // A colleague sees the mark and the same history.
      const other = await as('aaron.castillo');
      try {
        await other.page.goto(`${srv.url}/posts/${id}`);
        await other.page.getByRole('heading', { level: 1, name: title }).waitFor();
        await other.page.getByRole('button', { name: EDITED }).click();
        const d = other.page.getByRole('dialog', { name: 'Edit history' });
        await d.getByRole('listitem').first().waitFor();
        assert.equal(await d.getByRole('listitem').count(), 3);
        assert.equal(await other.page.getByRole('button', { name: 'Edit post' }).count(), 0, 'only the author may edit');
      } finally {
        await other.context.close();
      }
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('nothing typed is lost when a post fails to send', async () => {
    const { context, page } = await as(AUTHOR.login);
    try {
      await visit(page, srv, '/', 'Home');
      const composer = page.getByRole('region', { name: 'Create a post' });
      const group = composer.getByRole('combobox', { name: 'Group' });
      const box = composer.getByRole('textbox', { name: 'Write a post' });
      const text = 'Does anyone have a spare document camera for Friday?\n\n- 2nd period\n- room 14';
      await box.fill(text);
      await group.selectOption({ label: `${GROUP.name} (open)` });
      // The server's preview (a list) is on screen before anything is sent.
      await composer.getByRole('region', { name: 'Preview' }).getByRole('listitem').getByText('room 14').waitFor();

      // The server is busy: 503 with a problem.
      let sent = 0;
      await page.route('**/api/v1/groups/*/posts', (route) => {
        if (route.request().method() !== 'POST') return route.fallback();
        sent++;
        return route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503,
            detail: 'The database is busy.', code: 'busy', request_id: 'e2e-1' }),
        });
      });
      const post = composer.getByRole('button', { name: 'Post', exact: true });
      await post.click();
      const alert = composer.getByRole('alert');
      await alert.getByText('staffroom is busy right now. Please try again in a moment.').waitFor();
      assert.equal(sent, 1);
      assert.equal(await box.inputValue(), text, 'the text is still in the textbox');
      assert.equal(await group.inputValue(), String(GROUP.id), 'the group is still chosen');
      // The alert sits beside the Post button, inside the composer.
      const ab = await alert.boundingBox();
      const pb = await post.boundingBox();
      assert.ok(Math.abs(pb.y - (ab.y + ab.height)) < 80, `the message is next to the Post button: ${JSON.stringify({ ab, pb })}`);

      // The network is down: the same, in other words.
      await page.unroute('**/api/v1/groups/*/posts');
      await page.route('**/api/v1/groups/*/posts', (route) =>
        route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback());
      await post.click();
      await composer.getByRole('alert').getByText('staffroom could not be reached.', { exact: false }).waitFor();
      assert.equal(await box.inputValue(), text);

      // Even a reload keeps the draft.
      await page.unroute('**/api/v1/groups/*/posts');
      await page.reload();
      await waitForH1(page, 'Home');
      await until(async () => (await box.inputValue()) === text, 'the draft came back after a reload');
      await until(async () => (await group.inputValue()) === String(GROUP.id), 'the chosen group came back after a reload');

      // Once the server answers, the post goes out and the composer empties.
      const created = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/groups\/\d+\/posts$/.test(r.url()));
      await post.click();
      assert.equal((await created).status(), 201);
      await postCard(page.getByRole('list', { name: 'Posts' }), AUTHOR.name, GROUP.name, 'spare document camera').waitFor();
      await until(async () => (await box.inputValue()) === '', 'the composer is emptied once the post is sent');
      assert.equal(await composer.getByRole('alert').count(), 0, 'the error message is gone');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});
