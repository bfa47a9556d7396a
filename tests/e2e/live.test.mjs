// The live stream in the browser: two people (two browser contexts) in the
// same group; what one posts appears in the other's feed without a reload,
// a mention counts on the other's badge at once, two tabs of one browser
// share a single stream (the leader tab), which another tab takes over when
// the leader closes, and signing out in one tab ends the shared stream and
// sends every tab to the sign-in page without the stream coming back.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, postCard, signInContext, startDemo, until,
  visit,
} from './lib/browser.mjs';

const A = { login: 'maria.lopez', name: 'Maria Lopez' }; // posts
const B = { login: 'tiffany.bautista', name: 'Tiffany Bautista' }; // watches
const GROUP = { id: 25, name: 'Classroom Technology & EdTech' }; // open; A and B are members

let srv;
let browser;
let apiA;
let apiB;

before(async () => {
  srv = await startDemo();
  browser = await launch();
  apiA = await apiAs(srv, A.login);
  apiB = await apiAs(srv, B.login);
  for (const c of [apiA, apiB]) {
    const g = await c.get(`/api/v1/groups/${GROUP.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.viewer.state, 'active', `${c.user.login} is a member of ${GROUP.name}`);
  }
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function as(login) {
  const p = await newPage(browser);
  await signInContext(p.context, srv, login);
  return p;
}

async function postAs(api, body) {
  const r = await api.post(`/api/v1/groups/${GROUP.id}/posts`, { body });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

const feedOf = (page) =>
  page.getByRole('region', { name: 'Recent posts from your groups' }).getByRole('list', { name: 'Posts' });

/** Waits for A's post with this text in the page's home feed: inserted, or behind "N new posts — show". */
async function seesPost(page, text) {
  const card = postCard(feedOf(page), A.name, GROUP.name, text);
  const button = page.getByRole('button', { name: /^\d+ new posts? — show$/ });
  await until(async () => {
    if ((await card.count()) === 1) return true;
    if ((await button.count()) === 1) await button.click({ timeout: 1000 }).catch(() => {});
    return false;
  }, `the post "${text}" should appear in the feed without a reload`);
}

/** Counts the /api/v1/stream requests each page of a context makes. */
function countStreams(context) {
  const seen = [];
  context.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/stream') seen.push({ page: r.frame().page(), url: r.url() });
  });
  return seen;
}

describe('the live stream', () => {
  test("one person's post appears in the other's home feed, and a mention counts on the badge, without a reload", async () => {
    await apiB.post('/api/v1/notifications/read', { all: true });
    const a = await as(A.login);
    const b = await as(B.login);
    try {
      const streams = countStreams(b.context);
      await visit(b.page, srv, '/', 'Home');
      await until(() => streams.length === 1, 'the home page opens the stream');
      await b.page.getByRole('banner').getByRole('link', { name: 'Notifications', exact: true }).waitFor();
      let loads = 0;
      b.page.on('framenavigated', (f) => f === b.page.mainFrame() && loads++);

      // A writes through the UI in the group's page.
      await visit(a.page, srv, `/groups/${GROUP.id}`, GROUP.name);
      const text = `Live check ${Date.now()}: the projector in room 12 works again.`;
      await a.page.getByRole('textbox', { name: 'Write a post' }).fill(text);
      await a.page.getByRole('button', { name: 'Post', exact: true }).click();
      await postCard(a.page, A.name, GROUP.name, text).waitFor();
      await seesPost(b.page, text);

      // A mention: the badge counts up at once.
      await postAs(apiA, `Live mention: @${B.login}, the cart is in the library.`);
      await b.page.getByRole('banner').getByRole('link', { name: 'Notifications, 1 unread', exact: true }).waitFor();
      await seesPost(b.page, 'Live mention');
      assert.equal(loads, 0, 'no reload');
      assert.equal(streams.length, 1, 'one stream, kept open');
      await assertNoAxeViolations(b.page, 'home with live posts');
      assertNoPageErrors(a.page);
      assertNoPageErrors(b.page);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  test('a post far down the page waits behind "N new posts — show"; focus stays put', async () => {
    const b = await as(B.login);
    try {
      const streams = countStreams(b.context);
      await b.page.setViewportSize({ width: 1280, height: 500 });
      await visit(b.page, srv, '/', 'Home');
      await feedOf(b.page).getByRole('listitem').first().waitFor();
      await until(() => streams.length === 1, 'the stream is open');
      await b.page.evaluate(() => window.scrollTo(0, 400));
      const more = b.page.getByRole('button', { name: 'Load more' });
      await more.focus();
      const text = `Waiting post ${Date.now()}`;
      await postAs(apiA, text);
      const button = b.page.getByRole('button', { name: '1 new post — show', exact: true });
      await button.waitFor();
      assert.ok(await more.evaluate((el) => el === document.activeElement), 'focus did not move');
      await button.click();
      await postCard(feedOf(b.page), A.name, GROUP.name, text).waitFor();
      assert.equal(await button.count(), 0);
      assert.ok(await b.page.locator('#feed-h').evaluate((el) => el === document.activeElement),
        'after "show" focus is on the feed heading');
      assertNoPageErrors(b.page);
    } finally {
      await b.context.close();
    }
  });

  test('two tabs share one stream; when the leader closes the other takes over and still receives events', async () => {
    const { context, page: first } = await as(B.login);
    try {
      const streams = countStreams(context);
      await visit(first, srv, '/', 'Home');
      await until(() => streams.length === 1, 'the first tab opens the stream');
      assert.equal(streams[0].page, first);

      const second = await context.newPage();
      second.errors = [];
      second.on('pageerror', (e) => second.errors.push(e.message));
      await visit(second, srv, '/', 'Home');
      await feedOf(second).getByRole('listitem').first().waitFor();

      // Events reach the second tab through the first one's stream.
      const one = `Relayed post ${Date.now()}`;
      await postAs(apiA, one);
      await seesPost(second, one);
      await seesPost(first, one);
      assert.equal(streams.length, 1, `one stream for two tabs, not ${streams.length}`);

      // The leader closes: the second tab opens the stream, from the last event it saw.
      await first.close();
      await until(() => streams.length === 2, 'the second tab takes the stream over');
      assert.equal(streams[1].page, second);
      assert.match(streams[1].url, /[?&]last_event_id=\d+/, 'it resumes after the last event it saw');
      const two = `After the handover ${Date.now()}`;
      await postAs(apiA, two);
      await seesPost(second, two);
      assert.equal(streams.length, 2);
      assertNoPageErrors(second);
    } finally {
      await context.close();
    }
  });

  test('signing out in one tab ends the shared stream; every tab goes to sign-in and no stream reopens', async () => {
    const { context, page: first } = await as(B.login);
    try {
      const streams = countStreams(context);
      const refused = [];
      context.on('response', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/stream' && r.status() !== 200) refused.push(r.status());
      });
      await visit(first, srv, '/', 'Home');
      await until(() => streams.length === 1, 'the first tab opens the stream');
      const second = await context.newPage();
      second.errors = [];
      second.on('pageerror', (e) => second.errors.push(e.message));
      await visit(second, srv, '/', 'Home');
      await feedOf(second).getByRole('listitem').first().waitFor();

      // Sign out in the tab that does not hold the stream.
      await second.getByRole('button', { name: 'Sign out', exact: true }).click();
      await until(() => new URL(second.url()).pathname === '/login', 'the second tab is on the sign-in page');
      await until(() => new URL(first.url()).pathname === '/login', 'the tab that held the stream is on the sign-in page too');
      // Longer than the stream's retry hint (3 s) and the first backoff.
      await first.waitForTimeout(4500);
      assert.equal(streams.length, 1, `no stream was opened again (${streams.length} requests, refused: ${refused})`);
      assertNoPageErrors(second);
    } finally {
      await context.close();
    }
  });
});
