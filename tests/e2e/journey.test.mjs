// A new teacher's first day, end to end in real Chromium: sign in through the
// sign-in page, find a suggested group, join it, post in it mentioning a
// colleague picked from the autocomplete with the keyboard; the colleague (a
// second browser context) sees the post, comments and reacts; the teacher
// sees both after a reload. Then the same journey on a phone-sized screen,
// and once more with the keyboard only.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_PASSWORD, PHONE, addUser, assertNoPageErrors, focusedDescription, launch, newPage,
  overflowsSideways, postCard, signInPage, startDemo, tabTo, until, waitForFocus, waitForH1,
} from './lib/browser.mjs';

const GROUP = "Teachers' Lounge"; // open, suggested to newcomers, Maria Lopez is a member
const COLLEAGUE = { login: 'maria.lopez', name: 'Maria Lopez' };
const MEMBER_BADGE = /(^|\s)Member$/; // the badge that replaces "Join" once joined

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

/** Picks `login` from the open mention listbox with the arrow keys and Enter. */
async function pickMention(page, textbox, login) {
  const listbox = page.getByRole('listbox', { name: 'Colleagues to mention' });
  const option = listbox.getByRole('option').filter({ hasText: `@${login}` });
  await option.waitFor();
  const options = await listbox.getByRole('option').allTextContents();
  const want = options.findIndex((t) => t.includes(`@${login}`));
  assert.ok(want >= 0, `@${login} among the suggestions ${JSON.stringify(options)}`);
  // Down to the one after it (when there is one) and back up: both keys work.
  const extra = want + 1 < options.length ? 1 : 0;
  for (let i = 0; i < want + extra; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < extra; i++) await page.keyboard.press('ArrowUp');
  assert.equal(await option.getAttribute('aria-selected'), 'true', 'the colleague is the active option');
  const active = await textbox.getAttribute('aria-activedescendant');
  assert.equal(active, await option.getAttribute('id'), 'aria-activedescendant names the active option');
  await page.keyboard.press('Enter');
  await listbox.waitFor({ state: 'detached' });
  await until(async () => (await textbox.inputValue()).includes(`@${login} `),
    async () => `the mention was not inserted: "${await textbox.inputValue()}"`);
  await waitForFocus(textbox, 'the post textbox after choosing a mention');
}

/** The text of a new post, unique per journey. */
function postText(tag) {
  return { before: `Hello everyone, I'm new in Grade 3 (${tag}). `, after: 'could you show me where the laminator is?' };
}

/**
 * The teacher's part with a pointer (mouse, or touch with tap: true): sign in
 * on the sign-in page, join GROUP from the suggestions, post with a mention.
 * Returns { id, text } of the new post.
 */
async function teacherJourney(page, { login, password, name, tag, tap = false }) {
  const press = (loc) => (tap ? loc.tap() : loc.click());
  await page.goto(srv.url + '/');
  // Not signed in: the client sends the person to the sign-in page.
  await waitForH1(page, 'Sign in to staffroom');
  // The sign-in page may render a moment before the address changes to it.
  await page.waitForURL((u) => new URL(u).pathname === '/login', { timeout: 5_000 });
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByRole('textbox', { name: 'Login' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await press(page.getByRole('button', { name: 'Sign in' }));
  await waitForH1(page, 'Home');
  await page.getByRole('link', { name, exact: true }).waitFor(); // the signed-in person in the top bar
  // A brand-new teacher is in no group yet: the feed says where to go.
  await page.getByText('Nothing here yet.').waitFor();

  await press(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }));
  await waitForH1(page, 'Groups');
  const suggested = page.getByRole('list', { name: 'Suggested groups' });
  const card = suggested.getByRole('article', { name: GROUP, exact: true });
  await card.waitFor();
  assert.match(await card.textContent(), /Open group/);
  await press(card.getByRole('button', { name: 'Join', exact: true }));
  // Joined: the card says so and offers no Join button any more.
  await card.getByText(MEMBER_BADGE).waitFor();
  assert.equal(await card.getByRole('button', { name: 'Join', exact: true }).count(), 0);

  await press(card.getByRole('link', { name: GROUP, exact: true }));
  await waitForH1(page, GROUP);
  await page.getByRole('button', { name: 'Leave group' }).waitFor();

  const composer = page.getByRole('region', { name: 'Write a post in this group' });
  const box = composer.getByRole('textbox', { name: 'Write a post' });
  await press(box);
  const t = postText(tag);
  await page.keyboard.type(t.before + '@mari');
  await pickMention(page, box, COLLEAGUE.login);
  await page.keyboard.type(t.after);
  const text = `${t.before}@${COLLEAGUE.login} ${t.after}`;
  assert.equal(await box.inputValue(), text);
  // The server's preview shows the mention as a link before posting.
  await composer.getByRole('region', { name: 'Preview' })
    .getByRole('link', { name: `@${COLLEAGUE.login}` }).waitFor();

  const created = page.waitForResponse((r) => r.request().method() === 'POST' &&
    new URL(r.url()).pathname.match(/^\/api\/v1\/groups\/\d+\/posts$/));
  await press(composer.getByRole('button', { name: 'Post', exact: true }));
  const res = await created;
  assert.equal(res.status(), 201, `POST …/posts answered ${res.status()}`);
  const id = (await res.json()).id;

  const posts = page.getByRole('region', { name: 'Posts' }).getByRole('list', { name: 'Posts' });
  const mine = postCard(posts, name, GROUP, t.after);
  await mine.waitFor();
  const mention = mine.getByRole('link', { name: `@${COLLEAGUE.login}` });
  assert.equal(await mention.getAttribute('href'), `/people/${COLLEAGUE.login}`);
  // The composer is empty again, ready for the next post.
  assert.equal(await box.inputValue(), '');
  return { id, text: t.after };
}

describe('a new teacher and a colleague', () => {
  test('the teacher joins a suggested group and posts with a mention; the colleague comments and reacts', async () => {
    const password = 'first-day-password';
    await addUser(srv, { login: 'nina.new', name: 'Nina Newman', title: 'Grade 3 Teacher', org: 'Mission Hills Elementary', password });
    const teacher = await newPage(browser);
    const colleague = await newPage(browser);
    try {
      const p = await teacherJourney(teacher.page, { login: 'nina.new', password, name: 'Nina Newman', tag: 'desktop' });

      // The colleague, in a second browser context, signs in and sees the post in the home feed.
      const cp = colleague.page;
      await cp.goto(srv.url + '/');
      await signInPage(cp, COLLEAGUE.login, DEMO_PASSWORD);
      await waitForH1(cp, 'Home');
      const feed = cp.getByRole('list', { name: 'Posts' });
      const card = postCard(feed, 'Nina Newman', GROUP, p.text);
      await card.waitFor();
      assert.equal(await card.getByRole('link', { name: `@${COLLEAGUE.login}` }).count(), 1);
      await card.getByRole('textbox', { name: 'Write a comment' }).fill('Welcome, Nina! It is in the copy room next to the office.');
      await card.getByRole('button', { name: 'Comment', exact: true }).click();
      await card.getByRole('list', { name: 'Latest comments' })
        .getByRole('article', { name: `Comment by ${COLLEAGUE.name}` }).waitFor();
      await card.getByRole('link', { name: '1 comment', exact: true }).waitFor();
      await card.getByRole('group', { name: 'Reactions' }).getByRole('button', { name: 'Like', exact: true }).click();
      const liked = card.getByRole('button', { name: 'Like 1', exact: true });
      await liked.waitFor();
      assert.equal(await liked.getAttribute('aria-pressed'), 'true');

      // Back to the teacher: after a reload, the comment and the reaction are there.
      const tp = teacher.page;
      await tp.reload();
      await waitForH1(tp, GROUP);
      const own = postCard(tp.getByRole('list', { name: 'Posts' }), 'Nina Newman', GROUP, p.text);
      await own.waitFor();
      const comment = own.getByRole('article', { name: `Comment by ${COLLEAGUE.name}` });
      await comment.waitFor();
      assert.match(await comment.textContent(), /copy room next to the office/);
      const like = own.getByRole('group', { name: 'Reactions' }).getByRole('button', { name: 'Like 1', exact: true });
      await like.waitFor();
      assert.equal(await like.getAttribute('aria-pressed'), 'false', 'the teacher did not react herself');
      await own.getByText('1 reaction', { exact: true }).waitFor();
      await own.getByRole('link', { name: '1 comment', exact: true }).waitFor();
      assertNoPageErrors(tp);
      assertNoPageErrors(cp);
    } finally {
      await teacher.context.close();
      await colleague.context.close();
    }
  });

  test('the same journey on a 360x740 phone screen, with touch', async () => {
    const password = 'phone-day-password';
    await addUser(srv, { login: 'nina.phone', name: 'Nina Phone', title: 'Grade 3 Teacher', password });
    const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const p = await teacherJourney(page, { login: 'nina.phone', password, name: 'Nina Phone', tag: 'phone', tap: true });
      assert.equal(await overflowsSideways(page), false, 'the group page scrolls sideways at 360 px');
      // The main navigation stays on screen at this size.
      for (const name of ['Home', 'Groups', 'People']) {
        const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
        assert.ok(await link.isVisible(), `link "${name}" visible at 360 px`);
        const box = await link.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1,
          `link "${name}" inside the 360 px screen: ${JSON.stringify(box)}`);
      }
      await page.goto(srv.url + `/posts/${p.id}`);
      await page.getByRole('heading', { level: 1, name: `Nina Phone in ${GROUP}` }).waitFor();
      assert.equal(await overflowsSideways(page), false, 'the post page scrolls sideways at 360 px');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('the same journey with the keyboard only', async () => {
    const password = 'keyboard-day-password';
    const name = 'Nina Keys';
    await addUser(srv, { login: 'nina.keys', name, title: 'Grade 3 Teacher', password });
    const { context, page } = await newPage(browser);
    const kb = page.keyboard;
    const problems = [];
    try {
      await page.goto(srv.url + '/');
      const signInH1 = await waitForH1(page, 'Sign in to staffroom');
      // Sent from / to the sign-in page: the focus is on its h1, the form is next.
      await waitForFocus(signInH1, 'the h1 of the sign-in page');
      const login = page.getByRole('textbox', { name: 'Login' });
      await tabTo(page, login, 'the Login textbox', { max: 1 });
      await kb.type('nina.keys');
      await kb.press('Tab');
      await waitForFocus(page.getByRole('textbox', { name: 'Password' }), 'the Password textbox');
      await kb.type(password);
      await kb.press('Enter');
      const home = await waitForH1(page, 'Home');
      await waitForFocus(home, 'the h1 "Home" after signing in');
      assert.equal(await signInH1.count(), 0);

      // To Groups: back up from the h1 through the top bar.
      const groupsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' });
      await tabTo(page, groupsLink, 'the "Groups" link', { back: true, max: 10 });
      await kb.press('Enter');
      const groupsH1 = await waitForH1(page, 'Groups');
      await waitForFocus(groupsH1, 'the h1 "Groups" after following the link');

      const card = page.getByRole('list', { name: 'Suggested groups' }).getByRole('article', { name: GROUP, exact: true });
      await card.waitFor();
      const join = card.getByRole('button', { name: 'Join', exact: true });
      await tabTo(page, join, `"Join" on ${GROUP}`, { max: 80 });
      await kb.press('Space');
      await card.getByText(MEMBER_BADGE).waitFor();
      // The Join button is gone; the focus must not be lost with it. (Checked
      // at the end, so that the rest of the journey runs either way.)
      if (await page.evaluate(() => !document.activeElement || document.activeElement === document.body)) {
        problems.push(`/groups: after pressing "Join" on ${GROUP} in "Suggested groups", the button is replaced ` +
          `by the "Member" badge and the keyboard focus falls back to <body> (expected: on the card, e.g. its link)`);
      }
      const groupLink = card.getByRole('link', { name: GROUP, exact: true });
      await tabTo(page, groupLink, `the link to ${GROUP}`, { back: true, max: 10 });
      await kb.press('Enter');
      const groupH1 = await waitForH1(page, GROUP);
      await waitForFocus(groupH1, `the h1 "${GROUP}" after following the link`);

      const composer = page.getByRole('region', { name: 'Write a post in this group' });
      const box = composer.getByRole('textbox', { name: 'Write a post' });
      await tabTo(page, box, 'the "Write a post" textbox', { max: 10 });
      const t = postText('keyboard');
      await kb.type(t.before + '@mari');
      await pickMention(page, box, COLLEAGUE.login);
      await kb.type(t.after);
      const post = composer.getByRole('button', { name: 'Post', exact: true });
      await tabTo(page, post, 'the "Post" button', { max: 10 });
      const created = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/groups\/\d+\/posts$/.test(r.url()));
      await kb.press('Enter');
      assert.equal((await created).status(), 201);
      const mine = postCard(page.getByRole('list', { name: 'Posts' }), name, GROUP, t.after);
      await mine.waitFor();
      await mine.getByRole('link', { name: `@${COLLEAGUE.login}` }).waitFor();
      assert.equal(await box.inputValue(), '');

      // The new post's own page, by keyboard: its time link, then Enter.
      const timeLink = mine.locator('a[href^="/posts/"]').first();
      await tabTo(page, timeLink, 'the link to the new post', { max: 20 });
      await kb.press('Enter');
      const postH1 = page.getByRole('heading', { level: 1, name: `${name} in ${GROUP}` });
      await postH1.waitFor();
      await waitForFocus(postH1, 'the post page h1 after following the link');
      assertNoPageErrors(page);
      assert.deepEqual(problems, [], 'keyboard problems on the way');
    } finally {
      await context.close();
    }
  });
});
