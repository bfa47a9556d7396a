// Groups in the browser: a closed group from creation to an approved request
// (and what a non-member sees of it), a secret group that stays invisible to
// non-members everywhere, and API errors shown next to their cause.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser, apiAs, assertNoPageErrors, launch, newPage, postCard, signInContext,
  startDemo, visit, waitForFocus, waitForH1,
} from './lib/browser.mjs';

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

/** A signed-in page for a demo person (signed in through the API). */
async function as(login, opts) {
  const p = await newPage(browser, opts);
  await signInContext(p.context, srv, login);
  return p;
}

/** Goes to /groups and waits until all its lists have answered (the network is quiet). */
async function visitGroups(page, query = '') {
  await visit(page, srv, '/groups' + query, 'Groups');
  await page.waitForLoadState('networkidle');
}

describe('a closed group', () => {
  const NAME = 'Grade 5 Math Planning';
  const PURPOSE = 'For the 5th grade teachers of Mission Hills: pacing guides, unit plans and shared assessments.';
  const ADMIN = { login: 'adriana.vo', name: 'Adriana Vo' };
  const ASKER = { login: 'aaron.castillo', name: 'Aaron Castillo' };
  const OUTSIDER = { login: 'amanda.tesfaye', name: 'Amanda Tesfaye' };
  const POST = 'Unit 4 fractions pacing guide draft is ready for comments.';

  test('an admin creates it, a colleague asks to join, the admin approves; a non-member sees its name and purpose only', async () => {
    const admin = await as(ADMIN.login);
    const asker = await as(ASKER.login);
    const outsider = await as(OUTSIDER.login);
    try {
      // The admin creates the group on /groups/new.
      const ap = admin.page;
      await visit(ap, srv, '/groups', 'Groups');
      await ap.getByRole('link', { name: 'Create a group' }).click();
      await waitForH1(ap, 'Create a group');
      await ap.getByRole('textbox', { name: 'Name' }).fill(NAME);
      await ap.getByRole('textbox', { name: 'Purpose' }).fill(PURPOSE);
      const privacy = ap.getByRole('group', { name: 'Privacy' });
      const closed = privacy.getByRole('radio', { name: 'Closed (recommended)' });
      assert.equal(await closed.isChecked(), true, 'closed is the default privacy');
      await privacy.getByRole('radio', { name: 'Open' }).check();
      await closed.check();
      await ap.getByRole('button', { name: 'Create group' }).click();
      await waitForH1(ap, NAME);
      const id = Number(new URL(ap.url()).pathname.split('/')[2]);
      assert.ok(id > 0, `went to the new group's page: ${ap.url()}`);
      assert.equal(await ap.getByRole('region', { name: 'Purpose' }).getByText(PURPOSE).count(), 1);
      assert.match(await ap.getByRole('main').textContent(), /Closed group/);
      // The admin writes the first post.
      const composer = ap.getByRole('region', { name: 'Write a post in this group' });
      await composer.getByRole('textbox', { name: 'Write a post' }).fill(POST);
      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      await postCard(ap.getByRole('list', { name: 'Posts' }), ADMIN.name, NAME, POST).waitFor();
      const postId = (await (await apiAs(srv, ADMIN.login)).get(`/api/v1/groups/${id}/posts`)).json.items[0].id;

      // A colleague finds it with the group search and asks to join.
      const kp = asker.page;
      await visit(kp, srv, '/groups', 'Groups');
      await kp.getByRole('searchbox', { name: 'Search groups' }).fill('Math Planning');
      await kp.getByRole('search', { name: 'Groups' }).getByRole('button', { name: 'Search' }).click();
      const result = kp.getByRole('list', { name: 'Search results' }).getByRole('article', { name: NAME });
      await result.getByRole('link', { name: NAME }).click();
      await waitForH1(kp, NAME);
      await kp.getByRole('heading', { name: 'Posts are for members' }).waitFor();
      await kp.getByRole('button', { name: 'Ask to join' }).click();
      await kp.getByRole('button', { name: 'Cancel request' }).waitFor();
      await kp.getByText('Your request to join is waiting for an admin.', { exact: false }).waitFor();

      // The admin approves the request in the group's settings.
      await ap.getByRole('link', { name: 'Group settings' }).click();
      await waitForH1(ap, 'Group settings');
      const requests = ap.getByRole('region', { name: 'Requests to join' });
      const list = requests.getByRole('list', { name: 'Requests to join' });
      await list.getByRole('link', { name: ASKER.name }).waitFor();
      await requests.getByRole('button', { name: `Approve ${ASKER.name}` }).click();
      await requests.getByText('No one is waiting.').waitFor();

      // The colleague is now a member and reads the posts.
      await kp.reload();
      await waitForH1(kp, NAME);
      await kp.getByRole('button', { name: 'Leave group' }).waitFor();
      await postCard(kp.getByRole('list', { name: 'Posts' }), ADMIN.name, NAME, POST).waitFor();

      // A non-member sees the name and the purpose, not the posts.
      const op = outsider.page;
      await visit(op, srv, `/groups/${id}`, NAME);
      assert.equal(await op.getByRole('region', { name: 'Purpose' }).getByText(PURPOSE).count(), 1);
      await op.getByRole('heading', { name: 'Posts are for members' }).waitFor();
      await op.getByRole('button', { name: 'Ask to join' }).waitFor();
      assert.equal(await op.getByRole('list', { name: 'Posts' }).count(), 0);
      assert.doesNotMatch(await op.getByRole('main').textContent(), /fractions pacing guide/);
      // …nor the members.
      await op.getByRole('navigation', { name: 'Group sections' }).getByRole('link', { name: 'Members' }).click();
      await op.getByText('Only members of this closed group see who else is in it.').waitFor();
      assert.equal(await op.getByRole('list', { name: 'Members' }).count(), 0);
      // …nor the post's own page.
      await visit(op, srv, `/posts/${postId}`, 'Post not found');
      // The API agrees: the group is visible, its posts are not there for them.
      const api = await apiAs(srv, OUTSIDER.login);
      assert.equal((await api.get(`/api/v1/groups/${id}`)).status, 200);
      assert.equal((await api.get(`/api/v1/groups/${id}/posts`)).status, 404);
      assert.equal((await api.get(`/api/v1/posts/${postId}`)).status, 404);
      for (const p of [ap, kp, op]) assertNoPageErrors(p);
    } finally {
      for (const p of [admin, asker, outsider]) await p.context.close();
    }
  });
});

describe('a secret group', () => {
  const NAME = 'Nurses Confidential Huddle';
  const PURPOSE = 'Health-office coordination between the district nurses: medication logs and care plans.';
  const POST = 'Zebra-crossing medication audit moves to Thursday.';
  const MEMBER = 'ahmed.haile';
  const OTHER = { login: 'amara.rossi', name: 'Amara Rossi' };
  let gid;
  let pid;

  before(async () => {
    const api = await apiAs(srv, MEMBER);
    const g = await api.post('/api/v1/groups', { name: NAME, purpose: PURPOSE, privacy: 'secret' });
    assert.equal(g.status, 201, g.text);
    gid = g.json.id;
    const p = await api.post(`/api/v1/groups/${gid}/posts`, { body: POST });
    assert.equal(p.status, 201, p.text);
    pid = p.json.id;
  });

  test('its member finds it (the searches below do work)', async () => {
    const { context, page } = await as(MEMBER);
    try {
      await visitGroups(page);
      await page.getByRole('list', { name: 'Your groups' }).getByRole('article', { name: NAME }).waitFor();
      await visit(page, srv, '/groups?q=' + encodeURIComponent('Confidential Huddle'), 'Groups');
      await page.getByRole('list', { name: 'Search results' }).getByRole('article', { name: NAME }).waitFor();
      await visit(page, srv, '/', 'Home');
      await page.getByRole('list', { name: 'Posts' }).getByText(POST).waitFor();
      await visit(page, srv, `/people/${MEMBER}`, 'Ahmed Haile');
      await page.getByRole('region', { name: 'Posts by Ahmed Haile' }).getByText(POST).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a non-member finds no trace of it on any page or search', async () => {
    const { context, page } = await as(OTHER.login);
    const main = page.getByRole('main');
    const assertNoTrace = async (where) => {
      const text = await main.textContent();
      assert.ok(!text.includes(NAME), `${where} shows the secret group's name`);
      assert.ok(!text.includes(POST), `${where} shows the secret group's post`);
      assert.ok(!text.includes('Confidential'), `${where} shows part of the secret group's name`);
    };
    try {
      // /groups: every list, once they have all answered.
      await visitGroups(page);
      await page.getByRole('list', { name: 'Suggested groups' }).waitFor();
      await assertNoTrace('/groups');
      // Searching groups by its name and by a word of its purpose.
      for (const q of [NAME, 'Confidential', 'medication logs']) {
        await page.getByRole('searchbox', { name: 'Search groups' }).fill(q);
        await page.getByRole('search', { name: 'Groups' }).getByRole('button', { name: 'Search' }).click();
        await page.getByText(`No group matches “${q}”`, { exact: false }).waitFor();
        assert.equal(await page.getByRole('list', { name: 'Search results' }).count(), 0, `results for "${q}"`);
      }
      // The people directory, from the top bar's search and from /people.
      await page.getByRole('searchbox', { name: 'Search people' }).fill('Confidential Huddle');
      await page.getByRole('searchbox', { name: 'Search people' }).press('Enter');
      await waitForH1(page, 'People');
      // (The heading repeats what was typed; the results are what matters.)
      await page.getByText('No one matches.', { exact: false }).waitFor();
      assert.equal(await page.getByRole('list', { name: 'People' }).count(), 0);
      await visit(page, srv, '/people?q=' + encodeURIComponent(NAME), 'People');
      await page.getByText('No one matches.', { exact: false }).waitFor();
      assert.equal(await page.getByRole('list', { name: 'People' }).count(), 0);
      // The member's profile lists none of their secret posts.
      const postsAnswered = page.waitForResponse((r) => /\/api\/v1\/users\/\d+\/posts/.test(r.url()));
      await visit(page, srv, `/people/${MEMBER}`, 'Ahmed Haile');
      assert.equal((await postsAnswered).status(), 200);
      const posts = page.getByRole('region', { name: 'Posts by Ahmed Haile' });
      await posts.getByRole('list', { name: 'Posts' }).or(posts.getByText('No posts that you can see.')).waitFor();
      await assertNoTrace(`/people/${MEMBER}`);
      // The home feed.
      await visit(page, srv, '/', 'Home');
      await page.getByRole('list', { name: 'Posts' }).waitFor();
      await assertNoTrace('the home feed');
      // Direct visits.
      await visit(page, srv, `/groups/${gid}`, 'Group not found');
      await assertNoTrace(`/groups/${gid}`);
      await visit(page, srv, `/groups/${gid}?view=members`, 'Group not found');
      await visit(page, srv, `/groups/${gid}/settings`, 'Group not found');
      await visit(page, srv, `/posts/${pid}`, 'Post not found');
      await assertNoTrace(`/posts/${pid}`);
      // The page title does not leak the name either.
      assert.ok(!(await page.title()).includes(NAME));
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});

describe('errors next to their cause', () => {
  test('creating a group without a purpose: the message is under the Purpose field', async () => {
    const { context, page } = await as('andre.kapoor');
    try {
      let posted = 0;
      page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/groups')) posted++; });
      await visit(page, srv, '/groups/new', 'Create a group');
      await page.getByRole('textbox', { name: 'Name' }).fill('First Grade Phonics Share');
      await page.getByRole('textbox', { name: 'Purpose' }).fill('   ');
      await page.getByRole('button', { name: 'Create group' }).click();
      const purpose = page.getByRole('textbox', { name: 'Purpose' });
      await assertFieldError(page, purpose, /Say who the group is for and what it is for\./);
      await waitForFocus(purpose, 'the Purpose field with the error');
      // Still on the form, with what was typed.
      await waitForH1(page, 'Create a group');
      assert.equal(await page.getByRole('textbox', { name: 'Name' }).inputValue(), 'First Grade Phonics Share');
      assert.equal(posted, 0, 'nothing was sent');
      // Typing a purpose and creating works.
      await purpose.fill('Grade 1 teachers sharing phonics routines and decodable texts.');
      await page.getByRole('button', { name: 'Create group' }).click();
      await waitForH1(page, 'First Grade Phonics Share');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('the server refusing an empty purpose in the group settings: its message is under the Purpose field', async () => {
    const login = 'andre.kapoor';
    const api = await apiAs(srv, login);
    const g = await api.post('/api/v1/groups', { name: 'Grade 1 Reading Nook', purpose: 'Grade 1 reading ideas.', privacy: 'open' });
    assert.equal(g.status, 201, g.text);
    const { context, page } = await as(login);
    try {
      await visit(page, srv, `/groups/${g.json.id}/settings`, 'Group settings');
      const about = page.getByRole('region', { name: 'About this group' });
      const purpose = about.getByRole('textbox', { name: 'Purpose' });
      await purpose.fill('');
      const answered = page.waitForResponse((r) => r.request().method() === 'PATCH');
      await about.getByRole('button', { name: 'Save changes' }).click();
      const res = await answered;
      assert.equal(res.status(), 422);
      await assertFieldError(page, purpose, /Every group states its purpose/);
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});

/**
 * The field is marked invalid and described by a visible message matching re,
 * shown right under it.
 */
async function assertFieldError(page, field, re) {
  await page.getByText(re).waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked aria-invalid');
  const ids = (await field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const texts = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).textContent());
  const i = texts.findIndex((t) => re.test(t));
  assert.ok(i >= 0, `the field's aria-describedby (${ids.join(' ')}) includes the message; texts: ${JSON.stringify(texts)}`);
  const msg = page.locator(`[id="${ids[i]}"]`);
  assert.ok(await msg.isVisible(), 'the message is visible');
  const fb = await field.boundingBox();
  const mb = await msg.boundingBox();
  assert.ok(mb.y >= fb.y + fb.height - 1 && mb.y - (fb.y + fb.height) < 40,
    `the message is right under the field (field ${JSON.stringify(fb)}, message ${JSON.stringify(mb)})`);
}

describe('joining from the suggestions', () => {
  test('the joined group appears under "Your groups" on the same page', async () => {
    await addUser(srv, { login: 'omar.new', name: 'Omar Newcomer', title: 'Grade 2 Teacher' });
    const { context, page } = await as('omar.new');
    try {
      await visitGroups(page);
      const mine = page.getByRole('region', { name: 'Your groups' });
      await mine.getByText("You're not in any group yet.", { exact: false }).waitFor();
      const card = page.getByRole('list', { name: 'Suggested groups' }).getByRole('article', { name: 'Field Trip Planning' });
      await card.getByRole('button', { name: 'Join', exact: true }).click();
      await card.getByText(/(^|\s)Member$/).waitFor();
      // The page must not say "not in any group" next to the group just joined.
      await mine.getByRole('list', { name: 'Your groups' }).getByRole('article', { name: 'Field Trip Planning' })
        .waitFor({ timeout: 3000 })
        .catch(async () => assert.fail('/groups: after "Join" on "Field Trip Planning" in "Suggested groups", the region ' +
          `"Your groups" still says: "${(await mine.textContent()).replace(/\s+/g, ' ').trim()}" ` +
          '(expected the group listed there)'));
    } finally {
      await context.close();
    }
  });
});
