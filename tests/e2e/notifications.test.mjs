// Notifications in the browser: the top bar's badge, the notification
// centre (/notifications), a group's notification settings and following a
// post. What the people do happens in Chromium; what others do to them
// (mentions, comments) goes through the API.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, overflowsSideways,
  screenshot, signInContext, startDemo, until, visit, waitForFocus, waitForH1,
} from './lib/browser.mjs';

const A = { login: 'maria.lopez', name: 'Maria Lopez' }; // writes the mentions
const B = { login: 'tiffany.bautista', name: 'Tiffany Bautista' }; // hears of them
const C = { login: 'hiroshi.evans', name: 'Hiroshi Evans' }; // comments
const GROUP = { id: 25, name: 'Classroom Technology & EdTech' }; // open; A, B and C are members

let srv;
let browser;
let apiA;
let apiB;
let apiC;

before(async () => {
  srv = await startDemo();
  browser = await launch();
  apiA = await apiAs(srv, A.login);
  apiB = await apiAs(srv, B.login);
  apiC = await apiAs(srv, C.login);
  for (const c of [apiA, apiB, apiC]) {
    const g = await c.get(`/api/v1/groups/${GROUP.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.name, GROUP.name);
    assert.equal(g.json.viewer.state, 'active', `${c.user.login} is a member of ${GROUP.name}`);
  }
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

/** The top bar's notifications link, whatever its count. */
const bell = (page) => page.getByRole('banner').getByRole('link', { name: /^Notifications/ });

/** Waits until the badge's accessible name is exactly name. */
async function badgeIs(page, name) {
  await until(async () => (await bell(page).getAttribute('href')) === '/notifications' &&
    (await page.getByRole('banner').getByRole('link', { name, exact: true }).count()) === 1,
  async () => `the notifications link should be named "${name}", not ` +
    `"${(await bell(page).textContent().catch(() => '?'))?.replace(/\s+/g, ' ')}"`);
}

async function unreadOf(api) {
  const r = await api.get('/api/v1/notifications?limit=1');
  assert.equal(r.status, 200, r.text);
  return r.json.unread_count;
}

async function postAs(api, body) {
  const r = await api.post(`/api/v1/groups/${GROUP.id}/posts`, { body });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function readAll(api) {
  const r = await api.post('/api/v1/notifications/read', { all: true });
  assert.equal(r.status, 200, r.text);
}

describe('the badge and the notification centre', () => {
  test('a mention counts on the badge, reads in words, and following it to the post reads it', async () => {
    await readAll(apiB);
    const { context, page } = await as(B.login);
    try {
      await visit(page, srv, '/', 'Home');
      await badgeIs(page, 'Notifications');

      const postId = await postAs(apiA, `Could @${B.login} share the slides from the tech PD?`);
      // The count is asked for again when the page changes.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
      await waitForH1(page, 'Groups');
      await badgeIs(page, 'Notifications, 1 unread');

      await bell(page).click();
      await waitForH1(page, 'Notifications');
      assert.equal(await bell(page).getAttribute('aria-current'), 'page');
      const list = page.getByRole('list', { name: 'Notifications' });
      const text = `${A.name} mentioned you in ${GROUP.name}`;
      const link = list.getByRole('link', { name: `Unread: ${text}`, exact: true });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), `/posts/${postId}`);
      assert.equal(await list.getByRole('button', { name: 'Mark as read' }).count(), 1);

      await link.click();
      await waitForH1(page, `${A.name} in ${GROUP.name}`);
      await badgeIs(page, 'Notifications');
      assert.equal(await unreadOf(apiB), 0, 'the server has it read');

      // Back in the centre it is read: no "Unread:", no "Mark as read".
      await bell(page).click();
      await list.getByRole('link', { name: text, exact: true }).waitFor();
      assert.equal(await list.getByRole('button', { name: 'Mark as read' }).count(), 0);
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('"Mark as read", "Unread only", "Mark all as read" and "Load more"', async () => {
    await readAll(apiB);
    // 22 mentions, newest last: more than one page of 20.
    for (let i = 1; i <= 22; i++) await postAs(apiA, `Lab schedule ${i}: @${B.login}, please check.`);
    // One comment on a post of B's: a second kind of notification, newest of all.
    const mine = await postAs(apiB, 'Which document cameras do you all use?');
    await readAll(apiB);
    const comment = await apiC.post(`/api/v1/posts/${mine}/comments`, { body: 'The IPEVO ones work well.' });
    assert.equal(comment.status, 201, comment.text);
    for (let i = 1; i <= 2; i++) await postAs(apiA, `Lab schedule ${22 + i}: @${B.login}, please check.`);
    assert.equal(await unreadOf(apiB), 3);

    const { context, page } = await as(B.login);
    try {
      await visit(page, srv, '/notifications', 'Notifications');
      await badgeIs(page, 'Notifications, 3 unread');
      const list = page.getByRole('list', { name: 'Notifications' });
      await list.getByRole('link', { name: `Unread: ${C.name} commented on your post in ${GROUP.name}`, exact: true }).waitFor();
      assert.equal(await list.getByRole('listitem').count(), 20, 'a first page of 20');

      // "Load more" (with the keyboard) brings the rest.
      const more = page.getByRole('button', { name: 'Load more' });
      await more.focus();
      await page.keyboard.press('Enter');
      await until(async () => (await list.getByRole('listitem').count()) > 20, 'more notifications after "Load more"');

      // Unread only: the three unread ones.
      await page.getByRole('checkbox', { name: 'Unread only' }).check();
      await until(async () => (await list.getByRole('listitem').count()) === 3, 'three unread notifications');
      const unreadLinks = list.getByRole('link', { name: /^Unread: / });
      assert.equal(await unreadLinks.count(), 3);

      // "Mark as read" on the first: focus goes to its link; the badge says 2.
      const first = list.getByRole('listitem').first();
      const firstLink = first.getByRole('link');
      await first.getByRole('button', { name: 'Mark as read' }).click();
      await waitForFocus(firstLink, 'the notification\'s link after "Mark as read"');
      await badgeIs(page, 'Notifications, 2 unread');
      assert.doesNotMatch(await firstLink.textContent(), /^Unread/);
      assert.equal(await unreadOf(apiB), 2);

      // Mark all as read.
      await page.getByRole('checkbox', { name: 'Unread only' }).uncheck();
      await until(async () => (await list.getByRole('listitem').count()) === 20, 'all notifications again');
      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await badgeIs(page, 'Notifications');
      await until(async () => (await list.getByRole('button', { name: 'Mark as read' }).count()) === 0,
        'no "Mark as read" left');
      assert.equal(await unreadLinks.count(), 0);
      assert.equal(await unreadOf(apiB), 0);
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});

describe('settings', () => {
  test("a group's level: All posts brings new posts; Off and Mute are kept after a reload and by the server", async () => {
    await readAll(apiB);
    const { context, page } = await as(B.login);
    try {
      await visit(page, srv, `/groups/${GROUP.id}`, GROUP.name);
      const open = page.getByRole('button', { name: 'Notifications: Highlights', exact: true });
      await open.click();
      assert.equal(await open.getAttribute('aria-expanded'), 'true');
      const settings = page.getByRole('group', { name: 'Notifications for this group' });
      const radio = (name) => settings.getByRole('radio', { name, exact: true });
      await radio('Highlights').waitFor();
      assert.equal(await radio('Highlights').isChecked(), true, 'Highlights is the default');

      // All posts: a colleague's post (no mention) arrives as "New post in …".
      await radio('All posts').check();
      await page.getByText('Saved: All posts.').waitFor();
      await postAs(apiA, 'The new projector in room 4 is installed.');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
      await waitForH1(page, 'Groups');
      await badgeIs(page, 'Notifications, 1 unread');
      await bell(page).click();
      await page.getByRole('list', { name: 'Notifications' })
        .getByRole('link', { name: `Unread: New post in ${GROUP.name} by ${A.name}`, exact: true }).waitFor();

      // Off, with the keyboard (arrow keys move through the radios).
      await visit(page, srv, `/groups/${GROUP.id}`, GROUP.name);
      await page.getByRole('button', { name: 'Notifications: All posts', exact: true }).click();
      await radio('All posts').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.getByText('Saved: Off.').waitFor();
      assert.equal(await radio('Off').isChecked(), true);

      await page.reload();
      await waitForH1(page, GROUP.name);
      const offButton = page.getByRole('button', { name: 'Notifications: Off', exact: true });
      await offButton.click();
      assert.equal(await radio('Off').isChecked(), true, 'Off after a reload');
      const setting = async () => {
        for (let cursor = null, i = 0; i < 20; i++) {
          const r = await apiB.get(`/api/v1/notifications/settings?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(r.status, 200, r.text);
          const s = r.json.items.find((x) => x.group.id === GROUP.id);
          if (s) return s;
          cursor = r.json.next_cursor;
          if (!cursor) break;
        }
        return null;
      };
      assert.deepEqual(await setting(), { group: { id: GROUP.id, name: GROUP.name }, level: 'off', muted: false });

      // Mute, then unmute.
      const mute = settings.getByRole('checkbox', { name: 'Mute', exact: true });
      await mute.check();
      await page.getByText('Saved: Muted.').waitFor();
      await page.getByRole('button', { name: 'Notifications: Muted', exact: true }).waitFor();
      assert.equal((await setting()).muted, true);
      await mute.uncheck();
      await page.getByText('Saved: Off.').waitFor();
      assert.deepEqual(await setting(), { group: { id: GROUP.id, name: GROUP.name }, level: 'off', muted: false });
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
    // Back to the default for the other tests.
    const r = await apiB.put(`/api/v1/groups/${GROUP.id}/notification-settings`, { level: 'highlights', muted: false });
    assert.equal(r.status, 200, r.text);
  });

  test('"Follow post" toggles, is kept after a reload, and decides whether comments notify', async () => {
    await readAll(apiB);
    const postId = await postAs(apiA, 'Chromebook cart sign-up for next week is open.');
    const comment = async (text) => {
      const r = await apiC.post(`/api/v1/posts/${postId}/comments`, { body: text });
      assert.equal(r.status, 201, r.text);
    };
    const { context, page } = await as(B.login);
    try {
      const title = `${A.name} in ${GROUP.name}`;
      await visit(page, srv, `/posts/${postId}`, title);
      const follow = page.getByRole('button', { name: 'Follow post', exact: true });
      assert.equal(await follow.getAttribute('aria-pressed'), 'false', 'a post of someone else is not followed');

      // Follow, with the keyboard.
      await follow.focus();
      await page.keyboard.press('Space');
      await until(async () => (await follow.getAttribute('aria-pressed')) === 'true', 'pressed after following');
      await page.reload();
      await waitForH1(page, title);
      assert.equal(await follow.getAttribute('aria-pressed'), 'true', 'still followed after a reload');
      await comment('I signed up for Tuesday.');
      const notes = (await apiB.get('/api/v1/notifications?unread=true')).json.items;
      assert.deepEqual(notes.map((n) => [n.kind, n.post_id]), [['followed_comment', postId]],
        'a comment on the followed post notifies');
      await readAll(apiB);

      // Unfollow.
      await follow.click();
      await until(async () => (await follow.getAttribute('aria-pressed')) === 'false', 'not pressed after unfollowing');
      await page.reload();
      await waitForH1(page, title);
      assert.equal(await follow.getAttribute('aria-pressed'), 'false', 'still unfollowed after a reload');
      await comment('Wednesday too, please.');
      assert.equal(await unreadOf(apiB), 0, 'a comment on a post no longer followed does not notify');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  describe(`at ${size} size (${viewport.width}x${viewport.height})`, () => {
    test('the notification centre and a group\'s settings: no axe violation, nothing sideways', async () => {
      await readAll(apiB);
      await postAs(apiA, `Reminder for @${B.login}: the Wi-Fi survey closes Friday.`);
      const { context, page } = await as(B.login, { viewport });
      try {
        await visit(page, srv, '/notifications', 'Notifications');
        await page.getByRole('list', { name: 'Notifications' }).waitFor();
        await badgeIs(page, 'Notifications, 1 unread');
        await page.waitForLoadState('networkidle');
        await screenshot(page, `notifications-${size}`);
        await assertNoAxeViolations(page, `/notifications at ${size} size`);
        assert.equal(await overflowsSideways(page), false, `/notifications scrolls sideways at ${viewport.width} px`);

        await visit(page, srv, `/groups/${GROUP.id}`, GROUP.name);
        await page.getByRole('button', { name: /^Notifications: / }).click();
        await page.getByRole('group', { name: 'Notifications for this group' }).waitFor();
        await page.getByRole('list', { name: 'Posts' }).waitFor();
        await page.waitForLoadState('networkidle');
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `group-notifications-${size}`);
        await assertNoAxeViolations(page, `a group's notification settings at ${size} size`);
        assert.equal(await overflowsSideways(page), false, `the group page scrolls sideways at ${viewport.width} px`);
        assertNoPageErrors(page);
      } finally {
        await context.close();
      }
    });
  });
}
