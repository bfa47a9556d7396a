// Held for review in the browser. On the demo district a teacher (Maria
// Lopez) names the roster's student "Sofia Ramirez" in an open group: the
// composer says the post is held (politely, with a link) and the feed does
// not show it. A monitor (added with the monitor role) sees the number
// waiting in the top bar, opens the review queue, sees the name marked and
// explained, and releases it: the post is in the group's feed. A second held
// post is rejected with a reason of several lines: the teacher's notification
// leads to the held post's page, which shows the reason.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_PASSWORD, apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, postCard, screenshot,
  signInContext, startDemo, until, visit, waitForFocus,
} from './lib/browser.mjs';

const AUTHOR = { login: 'maria.lopez', name: 'Maria Lopez' };
const MONITOR = { login: 'mona.monitor', name: 'Mona Monitor', title: 'Student Privacy Monitor' };
const OPEN = { id: 24, name: "Teachers' Lounge" }; // open; Maria Lopez is a member
const STUDENT = 'Sofia Ramirez';
const EXPLANATION = /This looks like a student's name\./;

let srv;
let browser;

before(async () => {
  srv = await startDemo({ users: [{ ...MONITOR, password: DEMO_PASSWORD, monitor: true }] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The group's posts (first page) whose body contains text. */
async function postsWith(api, groupId, text) {
  const r = await api.get(`/api/v1/groups/${groupId}/posts?limit=50`);
  assert.equal(r.status, 200, `the group's posts: ${r.text}`);
  return r.json.items.filter((p) => p.body.includes(text));
}

describe('held for review', () => {
  const stamp = Date.now();
  const released = `science fair ${stamp}`;
  const rejected = `lunch duty ${stamp}`;
  const reason = 'Please leave out the student’s name in open groups.\nShare it in your grade team instead.';
  let author;
  let monitorApi;
  let heldId;

  before(async () => {
    author = await apiAs(srv, AUTHOR.login);
    monitorApi = await apiAs(srv, MONITOR.login);
  });

  test('a teacher naming a student in an open group is told the post is held, and the feed does not show it', async () => {
    const { context, page } = await newPage(browser);
    await signInContext(context, srv, AUTHOR.login);
    try {
      await visit(page, srv, '/', 'Home');
      const composer = page.getByRole('region', { name: 'Create a post' });
      await composer.getByRole('combobox', { name: 'Group' }).selectOption({ label: `${OPEN.name} (open)` });
      const box = composer.getByRole('textbox', { name: 'Write a post' });
      await box.fill(`Congratulations to ${STUDENT} on winning the ${released}!`);
      // The live check says what will happen before posting.
      await composer.getByText(/A monitor will review this before it is published/).waitFor();
      await composer.locator('mark', { hasText: STUDENT }).waitFor();

      const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/groups/${OPEN.id}/posts`) && r.request().method() === 'POST');
      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      assert.equal((await answer).status(), 202, 'the server held the post');
      const held = composer.getByRole('status').filter({ hasText: 'Held for review' });
      await held.waitFor();
      assert.match(await held.textContent(), /a monitor will look at this post before anyone sees it, because it seems to name a student in an open group\. You'll be told when it's published or not\./);
      assert.equal(await composer.getByRole('alert').count(), 0, 'no error is shown');
      assert.equal(await box.inputValue(), '', 'the composer is emptied as after posting');
      const link = held.getByRole('link', { name: 'See your held post' });
      heldId = Number((await link.getAttribute('href')).match(/^\/reviews\/(\d+)$/)?.[1]);
      assert.ok(heldId > 0, 'the notice links to the held post');
      assert.equal(await postCard(page, AUTHOR.name, OPEN.name, released).count(), 0, 'not in the feed');
      assert.deepEqual(await postsWith(author, OPEN.id, released), [], 'not published');
      await screenshot(page, 'review-held-in-composer');

      // The link: the author's own held post, waiting.
      await link.click();
      await page.getByRole('heading', { level: 1, name: `Your post in ${OPEN.name}` }).waitFor();
      await page.getByText('Waiting for review').waitFor();
      assert.equal(await page.getByRole('button', { name: /^Release/ }).count(), 0, 'the author cannot release');
      await page.getByRole('button', { name: 'Withdraw your post' }).waitFor();
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('a monitor sees the count, the marked name in the queue, releases it, and it is in the group feed', async () => {
    const second = await author.post(`/api/v1/groups/${OPEN.id}/posts`, { body: `${STUDENT} was late for ${rejected} again.` });
    assert.equal(second.status, 202, second.text);
    const waiting = (await monitorApi.get('/api/v1/reviews')).json.pending_count;
    assert.ok(waiting >= 2, `two held posts wait (${waiting})`);

    const { context, page } = await newPage(browser);
    await signInContext(context, srv, MONITOR.login);
    try {
      await visit(page, srv, '/', 'Home');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: `Review, ${waiting} waiting`, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
      await page.getByRole('status').filter({ hasText: `${waiting} waiting for review` }).waitFor();
      const tabs = page.getByRole('navigation', { name: 'Filter by state' });
      assert.equal(await tabs.getByRole('link', { name: /^Pending/ }).getAttribute('aria-current'), 'page');

      const item = page.getByRole('article', { name: `Post by ${AUTHOR.name} in ${OPEN.name}` }).filter({ hasText: released });
      await item.waitFor();
      assert.equal(await item.locator('mark').textContent(), STUDENT, 'the name is marked');
      await item.getByRole('list', { name: 'What the privacy guard found' }).getByText(EXPLANATION).waitFor();
      assert.match(await item.textContent(), /Open group/, 'the group is shown with its privacy');
      await screenshot(page, 'review-queue');
      await assertNoAxeViolations(page, 'the review queue');

      // Release, with a note, from a dialog.
      await item.getByRole('button', { name: `Release post by ${AUTHOR.name}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Release this post?' });
      await waitForFocus(dialog.getByRole('textbox', { name: 'Note for the author (optional)' }), 'the note');
      await assertNoAxeViolations(page, 'the release dialog');
      await dialog.getByRole('textbox', { name: 'Note for the author (optional)' }).fill('A prize is news: fine to share.');
      await dialog.getByRole('button', { name: 'Release and publish' }).click();
      await item.getByText('Published', { exact: true }).waitFor();
      await waitForFocus(item.getByText('Published', { exact: true }), 'the decided post’s state');
      assert.equal(await item.getByRole('button', { name: /^Release/ }).count(), 0, 'decided: no buttons');
      await item.getByText(`Published by ${MONITOR.name}`).waitFor();
      await nav.getByRole('link', { name: `Review, ${waiting - 1} waiting`, exact: true }).waitFor();

      // Keyboard: the Reject dialog opens with Enter, Escape closes it and focus goes back.
      const other = page.getByRole('article', { name: `Post by ${AUTHOR.name} in ${OPEN.name}` }).filter({ hasText: rejected });
      const rejectBtn = other.getByRole('button', { name: `Reject post by ${AUTHOR.name}` });
      await rejectBtn.focus();
      await page.keyboard.press('Enter');
      const rdialog = page.getByRole('dialog', { name: 'Reject this post?' });
      const why = rdialog.getByRole('textbox', { name: 'Reason for the author' });
      await waitForFocus(why, 'the reason');
      await page.keyboard.press('Escape');
      await rdialog.waitFor({ state: 'hidden' });
      await waitForFocus(rejectBtn, 'the Reject button');

      // A reason is required; several lines are kept.
      await page.keyboard.press('Enter');
      await waitForFocus(why, 'the reason');
      await rdialog.getByRole('button', { name: 'Reject', exact: true }).click();
      await rdialog.getByText('Say why this can’t be published: its author is told.').waitFor();
      assert.equal(await why.getAttribute('aria-invalid'), 'true');
      await waitForFocus(why, 'the reason, after the error');
      await why.fill(reason);
      await rdialog.getByRole('button', { name: 'Reject', exact: true }).click();
      await other.getByText('Not published', { exact: true }).waitFor();
      assert.equal(await other.locator('.review-note-text').textContent(), reason);
      await nav.getByRole('link', { name: `Review, ${waiting - 2} waiting`, exact: true }).or(nav.getByRole('link', { name: 'Review', exact: true })).waitFor();

      // Released: in the group's feed, as its author.
      await other.waitFor();
      await item.getByRole('link', { name: 'See the post' }).click();
      await postCard(page, AUTHOR.name, OPEN.name, released).waitFor();
      await visit(page, srv, `/groups/${OPEN.id}`, OPEN.name);
      await postCard(page, AUTHOR.name, OPEN.name, released).waitFor();
      assert.equal(await postCard(page, AUTHOR.name, OPEN.name, rejected).count(), 0, 'the rejected post is not in the feed');

      // The Rejected tab lists it.
      await visit(page, srv, '/reviews?state=rejected', 'Review queue');
      await page.getByRole('article').filter({ hasText: rejected }).waitFor();
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  test('the author’s notifications say what was decided; the rejection leads to the reason', async () => {
    const { context, page } = await newPage(browser);
    await signInContext(context, srv, AUTHOR.login);
    try {
      await visit(page, srv, '/notifications', 'Notifications');
      const notes = page.getByRole('list', { name: 'Notifications' });
      const published = notes.getByRole('link', { name: `A monitor published your post in ${OPEN.name}` });
      await published.waitFor();
      assert.match(await published.getAttribute('href'), /^\/posts\/\d+$/);
      const no = notes.getByRole('link', { name: `A monitor did not publish your post in ${OPEN.name} — see why` });
      const href = await no.getAttribute('href');
      assert.match(href, /^\/reviews\/\d+$/);
      assert.notEqual(href, `/reviews/${heldId}`, 'the rejected one, not the released one');
      await no.click();
      await page.getByRole('heading', { level: 1, name: `Your post in ${OPEN.name}` }).waitFor();
      await page.getByText('Not published', { exact: true }).waitFor();
      await page.getByText(`A monitor did not publish your post`).waitFor();
      assert.equal(await page.locator('.review-note-text').textContent(), reason, 'the reason, all its lines');
      assert.equal(await page.getByText(MONITOR.name).count(), 0, 'the monitor is not named to the author');
      await until(async () => (await page.locator('.review-note-text').evaluate((el) => el.getBoundingClientRect().height)) > 30,
        'the reason shows on two lines');
      await screenshot(page, 'review-rejected-author');
      await assertNoAxeViolations(page, 'a rejected post, as its author sees it');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});
