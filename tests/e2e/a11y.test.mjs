// Every page of the client at desktop (1280x800) and phone (360x740) sizes:
// axe-core finds no violation (WCAG 2.1 A and AA, best practices), nothing
// scrolls sideways, and a full-page screenshot of each is written to
// test-artifacts/screenshots/PAGE-SIZE.png for a person to look at. Then the
// accessible names that web/README.md promises, checked exactly.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, apiAs, assertNoAxeViolations, axe, assertNoPageErrors, launch, newPage,
  overflowsSideways, screenshot, signInContext, startDemo, visit,
} from './lib/browser.mjs';

const VIEWER = { login: 'maria.lopez', name: 'Maria Lopez' };
const ASKER = { login: 'aaron.castillo', name: 'Aaron Castillo' };
const INVITEE = { login: 'adriana.vo', name: 'Adriana Vo' };
const MEMBER = { login: 'andre.kapoor', name: 'Andre Kapoor' };
const GROUP_NAME = 'Mission Hills Grade 5 Team';

let srv;
let browser;
const fx = {}; // what before() made: group id, post id

before(async () => {
  srv = await startDemo();
  browser = await launch();
  // A closed group the viewer runs, with a member, a request and an invitation.
  const viewer = await apiAs(srv, VIEWER.login);
  const g = await viewer.post('/api/v1/groups', {
    name: GROUP_NAME, privacy: 'closed',
    purpose: 'The 5th grade teachers of Mission Hills Elementary: planning, field trips and shared assessments.',
  });
  assert.equal(g.status, 201, g.text);
  fx.group = g.json.id;
  const member = await apiAs(srv, MEMBER.login);
  assert.equal((await member.post(`/api/v1/groups/${fx.group}/members`, {})).status < 300, true);
  const ok = await viewer.post(`/api/v1/groups/${fx.group}/members`, { user_id: member.user.id });
  assert.ok(ok.status < 300, ok.text);
  const asker = await apiAs(srv, ASKER.login);
  assert.ok((await asker.post(`/api/v1/groups/${fx.group}/members`, {})).status < 300);
  const invitee = await apiAs(srv, INVITEE.login);
  const inv = await viewer.post(`/api/v1/groups/${fx.group}/members`, { user_id: invitee.user.id });
  assert.ok(inv.status < 300, inv.text);
  // A post with a Markdown body, an edit, comments, a reply and reactions.
  const p = await viewer.post(`/api/v1/groups/${fx.group}/posts`, {
    body: 'Field trip to the **science museum** on May 9.\n\n- permission slips by Friday\n- two chaperones per class',
  });
  assert.equal(p.status, 201, p.text);
  fx.post = p.json.id;
  await viewer.patch(`/api/v1/posts/${fx.post}`, {
    body: 'Field trip to the **science museum** on May 9.\n\n- permission slips by Friday\n- three chaperones per class',
  });
  const c = await member.post(`/api/v1/posts/${fx.post}/comments`, { body: 'I can chaperone. @maria.lopez' });
  assert.equal(c.status, 201, c.text);
  await viewer.post(`/api/v1/posts/${fx.post}/comments`, { body: 'Thank you!', parent_id: c.json.id });
  await member.put(`/api/v1/posts/${fx.post}/reactions/celebrate`);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The pages, each with how to know it is ready. */
function pages() {
  const list = (name) => (page) => page.getByRole('list', { name }).first().waitFor();
  return [
    { name: 'home', path: '/', h1: 'Home', ready: list('Posts') },
    { name: 'groups', path: '/groups', h1: 'Groups', ready: list('Suggested groups') },
    { name: 'groups-search', path: '/groups?q=team', h1: 'Groups', ready: list('Search results') },
    { name: 'group-new', path: '/groups/new', h1: 'Create a group' },
    {
      name: 'group-new-error', path: '/groups/new', h1: 'Create a group',
      ready: async (page) => {
        await page.getByRole('button', { name: 'Create group' }).click();
        await page.getByText('Say who the group is for and what it is for.').waitFor();
      },
    },
    { name: 'group', path: () => `/groups/${fx.group}`, h1: GROUP_NAME, ready: list('Posts') },
    { name: 'group-members', path: () => `/groups/${fx.group}?view=members`, h1: GROUP_NAME, ready: list('Members') },
    {
      name: 'group-settings', path: () => `/groups/${fx.group}/settings`, h1: 'Group settings',
      ready: async (page) => {
        await page.getByRole('list', { name: 'Requests to join' }).waitFor();
        await page.getByRole('list', { name: 'Open invitations' }).waitFor();
        await page.getByRole('searchbox', { name: 'Find a colleague to invite' }).fill('castillo');
        await page.getByRole('list', { name: 'Colleagues found' }).waitFor();
      },
    },
    { name: 'post', path: () => `/posts/${fx.post}`, h1: `${VIEWER.name} in ${GROUP_NAME}`, ready: list('Comments') },
    { name: 'people', path: '/people', h1: 'People', ready: list('People') },
    { name: 'people-search', path: '/people?q=teacher', h1: 'People', ready: list('People') },
    { name: 'profile', path: `/people/${MEMBER.login}`, h1: MEMBER.name, ready: list('Posts') },
    { name: 'not-found', path: '/no/such/page', h1: 'Page not found' },
  ];
}

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  describe(`every page at ${size} size (${viewport.width}x${viewport.height})`, () => {
    let signedIn;
    let signedOut;
    before(async () => {
      signedIn = await newPage(browser, { viewport });
      await signInContext(signedIn.context, srv, VIEWER.login);
      signedOut = await newPage(browser, { viewport });
    });
    after(async () => {
      await signedIn?.context.close();
      await signedOut?.context.close();
    });

    async function check(page, name) {
      await page.waitForLoadState('networkidle');
      // From the top, so that the sticky top bar is drawn where it belongs.
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `${name}-${size}`);
      await assertNoAxeViolations(page, `${name} at ${size} size`);
      assert.equal(await overflowsSideways(page), false, `${name} scrolls sideways at ${viewport.width} px`);
      assertNoPageErrors(page);
    }

    test('sign in', async () => {
      const { page } = signedOut;
      await visit(page, srv, '/login', 'Sign in to staffroom');
      await check(page, 'login');
    });

    test('sign in, after a wrong password', async () => {
      const { page } = signedOut;
      await visit(page, srv, '/login', 'Sign in to staffroom');
      await page.getByRole('textbox', { name: 'Login' }).fill(VIEWER.login);
      await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That login and password do not match.', { exact: false }).waitFor();
      const pw = page.getByRole('textbox', { name: 'Password' });
      assert.equal(await pw.getAttribute('aria-invalid'), 'true');
      await check(page, 'login-error');
    });

    for (const p of pages()) {
      test(p.name, async () => {
        const { page } = signedIn;
        await visit(page, srv, typeof p.path === 'function' ? p.path() : p.path, p.h1);
        if (p.ready) await p.ready(page);
        await check(page, p.name);
      });
    }
  });
}

describe('the checks themselves', () => {
  test('axe does report a violation when there is one (so the zeros above mean something)', async () => {
    const { context, page } = await newPage(browser);
    await signInContext(context, srv, VIEWER.login);
    try {
      await visit(page, srv, '/people', 'People');
      await page.evaluate(() => {
        const b = document.createElement('button'); // a button with no name
        document.querySelector('main').append(b);
        const img = document.createElement('img'); // an image with no alt text
        img.src = '/icons/icon-192.png';
        document.querySelector('main').append(img);
      });
      const v = await axe(page);
      const ids = v.map((x) => x.id);
      assert.ok(ids.includes('button-name'), `axe found: ${ids.join(', ')}`);
      assert.ok(ids.includes('image-alt'), `axe found: ${ids.join(', ')}`);
    } finally {
      await context.close();
    }
  });
});

describe('the accessible names of web/README.md', () => {
  test('controls carry exactly the names the README promises', async () => {
    const { context, page } = await newPage(browser);
    await signInContext(context, srv, VIEWER.login);
    const missing = [];
    const expectName = async (where, scope, role, name) => {
      const n = await scope.getByRole(role, { name, exact: true }).count();
      if (n === 0) {
        const first = name.split(/[ :]/)[0];
        const like = scope.getByRole(role, { name: new RegExp('^' + first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
        const similar = [];
        for (let i = 0; i < Math.min(await like.count(), 3); i++) {
          similar.push((await like.nth(i).ariaSnapshot()).split('\n')[0].replace(/^- /, ''));
        }
        missing.push(`${where}: no ${role} named "${name}"` +
          (similar.length ? `; Chrome computes: ${similar.join(', ')}` : ''));
      }
    };
    try {
      await visit(page, srv, `/posts/${fx.post}`, `${VIEWER.name} in ${GROUP_NAME}`);
      await page.getByRole('list', { name: 'Comments' }).waitFor();
      const where = `/posts/${fx.post}`;
      await expectName(where, page, 'link', 'Skip to content');
      await expectName(where, page, 'link', 'staffroom');
      await expectName(where, page, 'search', 'People');
      await expectName(where, page, 'searchbox', 'Search people');
      for (const l of ['Home', 'Groups', 'People']) await expectName(where, page.getByRole('navigation', { name: 'Main' }), 'link', l);
      await expectName(where, page, 'link', VIEWER.name);
      await expectName(where, page, 'button', 'Sign out');
      await expectName(where, page, 'button', 'Edited: show edit history');
      await expectName(where, page, 'button', 'Edit post');
      await expectName(where, page, 'button', 'Delete post');
      await expectName(where, page, 'button', 'Celebrate 1');
      await expectName(where, page, 'article', `Comment by ${MEMBER.name}`);
      await expectName(where, page, 'list', `Replies to ${MEMBER.name}`);
      await expectName(where, page, 'textbox', 'Write a comment');

      await visit(page, srv, `/groups/${fx.group}?view=members`, GROUP_NAME);
      await page.getByRole('list', { name: 'Members' }).waitFor();
      const m = `/groups/${fx.group}?view=members`;
      await expectName(m, page, 'region', 'Members (2)');
      await expectName(m, page, 'button', `Make admin: ${MEMBER.name}`);
      await expectName(m, page, 'button', `Remove admin role: ${VIEWER.name}`);
      await expectName(m, page, 'button', `Remove ${MEMBER.name} from the group`);
      await expectName(m, page, 'link', 'Group settings');

      await visit(page, srv, `/groups/${fx.group}/settings`, 'Group settings');
      await page.getByRole('list', { name: 'Open invitations' }).waitFor();
      const s = `/groups/${fx.group}/settings`;
      await expectName(s, page, 'button', `Approve ${ASKER.name}`);
      await expectName(s, page, 'button', `Decline ${ASKER.name}`);
      await expectName(s, page, 'button', `Cancel invitation for ${INVITEE.name}`);
      await page.getByRole('searchbox', { name: 'Find a colleague to invite' }).fill('castillo');
      await page.getByRole('list', { name: 'Colleagues found' }).waitFor();
      await expectName(s, page, 'button', `Invite ${ASKER.name}`);
      await expectName(s, page, 'button', 'Archive group');

      await visit(page, srv, '/groups/new', 'Create a group');
      for (const r of ['Closed (recommended)', 'Open', 'Secret']) await expectName('/groups/new', page, 'radio', r);

      assert.deepEqual(missing, [], 'controls whose accessible name differs from web/README.md');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});
