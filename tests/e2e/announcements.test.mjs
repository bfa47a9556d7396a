// Important announcements in the browser (issue 4). The district's
// communications director marks her post important on its page; a teacher,
// already on her home feed, sees it pinned at the top without a reload,
// presses "Mark as read", and it leaves the pinned posts; the director's
// receipts then count one more acknowledgement, the teacher is no longer in
// the "Not yet" list, and a reminder goes once and is refused with the wait
// the second time. Then a principal marks a post from a group's page on a
// phone, a member finds it pinned there, and the principal ends it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, overflowsSideways, postCard,
  screenshot, signInContext, startDemo, tabTo, until, visit, waitForFocus,
} from './lib/browser.mjs';

const COMMS = { login: 'sarah.contreras', name: 'Sarah Contreras' }; // Communications Director
const TEACHER = { login: 'maria.lopez', name: 'Maria Lopez' }; // a member of both groups
const PRINCIPAL = { login: 'derek.tesfaye', name: 'Derek Tesfaye' }; // admin of SCHOOL
const DISTRICT = { id: 1, name: 'District Announcements' }; // open, every member of staff
const SCHOOL = { id: 14, name: 'Mission Hills Elementary Staff' }; // closed

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

const pinnedRegion = (page) => page.getByRole('region', { name: 'Important announcements', exact: true });
const feedList = (page) =>
  page.getByRole('region', { name: 'Recent posts from your groups' }).getByRole('list', { name: 'Posts' });

/** The receipts toggle of a card: "Seen by S of A, Acknowledged by K" (the dot is not read out). */
const receiptsLine = (scope) => scope.getByRole('button', { name: /^Seen by \d+ of \d+, Acknowledged by \d+$/ });

/** The names in the receipts list shown now (its first page). */
async function namesIn(list) {
  return list.locator(':scope > li .person-name').allTextContents();
}

describe('acknowledging an announcement', () => {
  test('marked important by communications, pinned live for a teacher, acknowledged, counted, and reminders', async () => {
    const comms = await apiAs(srv, COMMS.login);
    const teacher = await apiAs(srv, TEACHER.login);
    const body = `Staff photo day moves to Friday ${Date.now()}: please read the new schedule.`;
    const created = await comms.post(`/api/v1/groups/${DISTRICT.id}/posts`, { body });
    assert.equal(created.status, 201, created.text);
    const postId = created.json.id;
    assert.equal(created.json.important, null);
    assert.equal(created.json.viewer.can_mark_important, true, 'communications may mark posts important');
    const audience = (await comms.get(`/api/v1/groups/${DISTRICT.id}`)).json.member_count - 1;

    const a = await as(COMMS.login);
    const b = await as(TEACHER.login);
    try {
      // The teacher is on her home feed, with the live stream open; this post is not pinned
      // (the demo's own announcement may be).
      const streams = [];
      const writes = [];
      b.context.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/v1/stream') streams.push(u.pathname);
        if (r.method() !== 'GET' && u.pathname.startsWith(`/api/v1/posts/${postId}/`)) writes.push(`${r.method()} ${u.pathname}`);
      });
      await visit(b.page, srv, '/', 'Home');
      await feedList(b.page).waitFor();
      await until(() => streams.length === 1, 'the home page opens the live stream');
      const ours = (scope) => postCard(scope, COMMS.name, DISTRICT.name, 'Staff photo day');
      assert.equal(await ours(pinnedRegion(b.page)).count(), 0, 'not pinned yet');
      let loads = 0;
      b.page.on('framenavigated', (f) => f === b.page.mainFrame() && loads++);

      // Communications marks it important for 2 days, on the post's page.
      await visit(a.page, srv, `/posts/${postId}`, `${COMMS.name} in ${DISTRICT.name}`);
      const card = a.page.getByRole('article', { name: `${COMMS.name} in ${DISTRICT.name}` });
      assert.equal(await card.getByText('Important', { exact: true }).count(), 0);
      await card.getByRole('button', { name: 'Mark important…' }).click();
      const dialog = a.page.getByRole('dialog', { name: 'Mark this post important' });
      const days = dialog.getByRole('combobox', { name: 'Important for' });
      await days.waitFor();
      assert.ok(await days.evaluate((el) => el === document.activeElement), 'the select has the focus');
      assert.deepEqual((await days.locator('option').allTextContents()).map((t) => t.split(' (')[0]),
        ['1 day', '2 days', '3 days', '4 days', '5 days', '6 days', '7 days']);
      await days.selectOption('2');
      await dialog.getByRole('button', { name: 'Mark important', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await card.getByText('Important', { exact: true }).waitFor();
      const until2 = await card.locator('.important-line time').getAttribute('datetime');
      const ahead = Date.parse(until2) - Date.now();
      assert.ok(Math.abs(ahead - 2 * 86400e3) < 120e3, `important until ${until2}: 2 days from now`);
      await card.getByRole('button', { name: 'End importance' }).waitFor();
      assert.equal(await card.getByRole('button', { name: 'Mark important…' }).count(), 0);
      await waitForFocus(card.getByRole('button', { name: 'Change end date…' }), 'the button that replaced "Mark important…"');

      // Her receipts: nobody yet; the teacher is among those who have not acknowledged it.
      const line = receiptsLine(card);
      await card.getByRole('button', { name: `Seen by 0 of ${audience}, Acknowledged by 0`, exact: true }).waitFor();
      assert.equal(await line.getAttribute('aria-expanded'), 'true', 'open on the post page');
      const notYet = card.getByRole('list', { name: 'Not yet acknowledged', exact: true });
      await notYet.waitFor();
      assert.ok((await namesIn(notYet)).includes(TEACHER.name), `${TEACHER.name} is in the "Not yet" list`);
      assert.equal(await card.getByRole('radio', { name: `Not yet (${audience})` }).isChecked(), true);
      assert.equal(await notYet.locator(':scope > li').count(), 20, 'the first 20 people');
      await card.getByRole('button', { name: 'Load more people' }).click();
      await until(async () => (await notYet.locator(':scope > li').count()) === 40, '"Load more people" loads 20 more');
      await assertNoAxeViolations(a.page, 'the post page with its receipts');
      await screenshot(a.page, 'announcement-receipts-desktop');

      // The teacher: pinned at the top of her home feed, without a reload.
      const pinned = pinnedRegion(b.page);
      await pinned.waitFor();
      const pinnedCard = ours(pinned);
      await pinnedCard.waitFor();
      const pinnedPosts = pinned.getByRole('list', { name: 'Announcements to read' }).locator(':scope > li');
      assert.ok(await pinnedCard.evaluate((el) => el.closest('li') === el.closest('ul').firstElementChild),
        'the new announcement comes first');
      await pinned.getByRole('heading', { level: 2, name: 'Important' }).waitFor();
      await pinnedCard.getByText('Important', { exact: true }).waitFor();
      assert.match(await pinnedCard.locator('.important-line').textContent(), /until \w{3}, \w{3} \d+, \d+:\d\d [AP]M/);
      assert.equal(await ours(feedList(b.page)).count(), 0, 'not also in the list of recent posts');
      const regionFirst = await b.page.evaluate(() => {
        const r = document.querySelector('section[aria-label="Important announcements"]');
        const f = document.querySelector('section[aria-labelledby="feed-h"]');
        return !!(r && f && r.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(regionFirst, 'the pinned posts come before the feed');
      await until(() => writes.includes(`POST /api/v1/posts/${postId}/seen`), 'showing it records that it was seen');
      assert.equal(loads, 0, 'no reload');
      await assertNoAxeViolations(b.page, 'home with a pinned announcement');
      assert.equal(await overflowsSideways(b.page), false);
      await screenshot(b.page, 'announcement-pinned-desktop');

      // Her notification centre says what happened.
      const bell = b.page.getByRole('banner').getByRole('link', { name: /^Notifications, \d+ unread$/ });
      await bell.waitFor();

      // "Mark as read", with the keyboard: it leaves the pinned posts; focus goes
      // to the next one's "Mark as read", or to the heading when none is left.
      const others = (await pinnedPosts.count()) - 1;
      const ack = pinnedCard.getByRole('button', { name: 'Mark as read' });
      await tabTo(b.page, ack, '"Mark as read"');
      await b.page.keyboard.press('Enter');
      await pinnedCard.waitFor({ state: 'detached' });
      await pinned.getByRole('status').getByText(/Marked as read/).waitFor();
      assert.equal(await pinnedPosts.count(), others, 'one pinned post fewer');
      if (others > 0) {
        await waitForFocus(pinnedPosts.first().getByRole('button', { name: 'Mark as read' }), 'the next "Mark as read"');
      } else {
        await waitForFocus(pinned.getByRole('heading', { level: 2, name: 'Important' }), 'the "Important" heading');
      }
      await ours(feedList(b.page)).waitFor();
      assert.deepEqual(writes.filter((w) => w.endsWith('/acknowledge')), [`POST /api/v1/posts/${postId}/acknowledge`]);
      assert.equal(writes.filter((w) => w.endsWith('/seen')).length, 1, 'seen was recorded once');
      const mine = await teacher.get(`/api/v1/posts/${postId}`);
      assert.ok(mine.json.viewer.acknowledged_at, 'the server has her acknowledgement');
      assert.equal(mine.json.viewer.must_acknowledge, false);
      assertNoPageErrors(b.page);

      // The author's post page follows at once: one more acknowledgement, and
      // the teacher left the "Not yet" list for the "Acknowledged" one.
      await card.getByRole('button', { name: `Seen by 1 of ${audience}, Acknowledged by 1`, exact: true }).waitFor();
      await card.getByRole('radio', { name: `Not yet (${audience - 1})` }).waitFor();
      await until(async () => (await notYet.locator(':scope > li').count()) === 20, 'the list loaded again');
      assert.ok(!(await namesIn(notYet)).includes(TEACHER.name), `${TEACHER.name} is no longer in the "Not yet" list`);
      await card.getByRole('radio', { name: 'Acknowledged (1)' }).check();
      const acked = card.getByRole('list', { name: 'Acknowledged', exact: true });
      await acked.waitFor();
      await until(async () => (await acked.locator(':scope > li').count()) === 1, 'the acknowledged list loaded');
      assert.deepEqual(await namesIn(acked), [TEACHER.name]);
      assert.match(await acked.textContent(), /Acknowledged (just now|\d+ seconds? ago)/);

      // Reminders: once, then the wait.
      const remind = card.getByRole('button', { name: "Remind those who haven't" });
      await remind.click();
      const status = card.locator('.nudge').getByRole('status');
      await until(async () => (await status.textContent()) === `Reminded ${audience - 1} people who had not acknowledged it.`,
        async () => `after the first reminder: "${await status.textContent()}"`);
      await card.getByText(/^Last reminder just now\./).waitFor();
      await remind.click();
      await until(async () => /less than an hour ago/.test(await status.textContent()),
        async () => `after the second reminder: "${await status.textContent()}"`);
      assert.match(await status.textContent(),
        /You can remind them again at \d{1,2}:\d\d [AP]M \(in 60 minutes\)\.$/);
      await assertNoAxeViolations(a.page, 'the post page after the reminders');
      await screenshot(a.page, 'announcement-nudged-desktop');

      // Reloaded, the teacher's home does not pin it (the server agrees); her
      // notification centre words the announcement.
      await visit(b.page, srv, '/', 'Home');
      await ours(feedList(b.page)).waitFor();
      assert.equal(await ours(pinnedRegion(b.page)).count(), 0, 'not pinned after a reload');
      await visit(b.page, srv, '/notifications', 'Notifications');
      const note = b.page.getByRole('list', { name: 'Notifications' }).locator(`a[href="/posts/${postId}"]`);
      await note.waitFor();
      assert.equal(await note.count(), 1);
      assert.equal((await note.textContent()).trim(), `Unread: ${COMMS.name} marked a post important in ${DISTRICT.name}`);
      assertNoPageErrors(a.page);
      assertNoPageErrors(b.page);

      // Another member, who has not read it: the reminder, in words, leads to the post.
      const other = await as('tiffany.bautista');
      try {
        await visit(other.page, srv, '/notifications', 'Notifications');
        const reminder = other.page.getByRole('link', {
          name: `Unread: Reminder from ${COMMS.name}: please read and acknowledge the important post in ${DISTRICT.name}`,
        });
        await reminder.click();
        await other.page.getByRole('heading', { level: 1, name: `${COMMS.name} in ${DISTRICT.name}` }).waitFor();
        await other.page.getByRole('button', { name: 'Mark as read' }).click();
        await other.page.getByText(/You marked it as read/).waitFor();
        assert.equal(await other.page.getByRole('button', { name: 'Mark as read' }).count(), 0);
        assertNoPageErrors(other.page);
      } finally {
        await other.context.close();
      }
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  test("a principal marks a post from the group's page on a phone; members find it pinned there; he ends it", async () => {
    const principal = await apiAs(srv, PRINCIPAL.login);
    const page1 = await principal.get(`/api/v1/groups/${SCHOOL.id}/posts?limit=5`);
    assert.equal(page1.status, 200, page1.text);
    const target = page1.json.items.find((p) => p.author.login !== PRINCIPAL.login && p.author.login !== TEACHER.login);
    assert.ok(target, 'a post by a colleague');
    assert.equal(target.viewer.can_mark_important, true, 'the group admin may mark it');
    const teacher = await apiAs(srv, TEACHER.login);
    assert.equal((await teacher.get(`/api/v1/posts/${target.id}`)).json.viewer.can_mark_important, false,
      'a member may not');

    const a = await as(PRINCIPAL.login, { viewport: PHONE });
    const b = await as(TEACHER.login, { viewport: PHONE });
    try {
      await visit(a.page, srv, `/groups/${SCHOOL.id}`, SCHOOL.name);
      const feed = a.page.getByRole('region', { name: 'Posts', exact: true }).getByRole('list', { name: 'Posts' });
      const card = postCard(feed, target.author.name, SCHOOL.name).filter({
        has: a.page.locator(`a[href="/posts/${target.id}"]`),
      });
      await card.getByRole('button', { name: 'Mark important…' }).click();
      const dialog = a.page.getByRole('dialog', { name: 'Mark this post important' });
      await dialog.getByRole('combobox', { name: 'Important for' }).selectOption('7');
      await screenshot(a.page, 'announcement-mark-dialog-phone');
      await assertNoAxeViolations(a.page, 'the "Mark this post important" dialog at phone size');
      await dialog.getByRole('button', { name: 'Mark important', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await card.getByText('Important', { exact: true }).waitFor();
      await receiptsLine(card).waitFor();
      assert.equal(await receiptsLine(card).getAttribute('aria-expanded'), 'false', 'closed in a feed');
      await receiptsLine(card).click();
      await card.getByRole('list', { name: 'Not yet acknowledged' }).waitFor();
      assert.equal(await overflowsSideways(a.page), false, 'the receipts fit at 360 px');
      await assertNoAxeViolations(a.page, 'the group page with receipts at phone size');

      // The member: pinned at the top of the group's posts (and of her home).
      await visit(b.page, srv, `/groups/${SCHOOL.id}`, SCHOOL.name);
      const pinned = pinnedRegion(b.page);
      const pinnedCard = postCard(pinned, target.author.name, SCHOOL.name);
      await pinnedCard.waitFor();
      await pinnedCard.getByRole('button', { name: 'Mark as read' }).waitFor();
      assert.equal(await b.page.getByRole('region', { name: 'Posts', exact: true }).locator(`a[href="/posts/${target.id}"]`).count(), 0,
        'not also in the list');
      assert.equal(await overflowsSideways(b.page), false, 'nothing scrolls sideways at 360 px');
      await b.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(b.page, 'announcement-pinned-group-phone');
      await assertNoAxeViolations(b.page, 'a group page with a pinned announcement at phone size');
      await visit(b.page, srv, '/', 'Home');
      await postCard(pinnedRegion(b.page), target.author.name, SCHOOL.name).waitFor();
      await b.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(b.page, 'announcement-pinned-home-phone');
      await assertNoAxeViolations(b.page, 'home with a pinned announcement at phone size');

      // The principal ends it: its pin goes (live, for the member on her home).
      const pinnedHere = postCard(pinnedRegion(b.page), target.author.name, SCHOOL.name);
      await card.getByRole('button', { name: 'End importance' }).click();
      const confirm = a.page.getByRole('dialog', { name: 'End importance?' });
      await confirm.getByRole('button', { name: 'End importance' }).click();
      await confirm.waitFor({ state: 'detached' });
      await card.getByText(/^Was important until/).waitFor();
      await waitForFocus(card.getByRole('button', { name: 'Mark important…' }), '"Mark important…" again');
      await pinnedHere.waitFor({ state: 'detached' });
      assertNoPageErrors(a.page);
      assertNoPageErrors(b.page);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});
