// Drafts and scheduled posts in the browser: Maria saves a draft from the
// home composer and finds it on the Drafts page, then schedules a post a few
// seconds ahead, sees it listed as scheduled, and sees it appear in her home
// feed once its time has come (published by the server's job queue).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoAxeViolations, assertNoPageErrors, launch, newPage, screenshot, signInContext, startDemo, visit,
} from './lib/browser.mjs';

const MARIA = 'maria.lopez';
const GROUP = "Teachers' Lounge"; // open; Maria Lopez is a member

let srv;
let browser;

before(async () => {
  srv = await startDemo({ env: { STAFFROOM_JOBS_POLL_MS: '100' } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The value of a datetime-local input for ms from now (local time, with seconds). */
function localIn(ms) {
  const d = new Date(Date.now() + ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

test('save a draft, then schedule a post that appears in the feed at its time', async () => {
  const { context, page } = await newPage(browser);
  try {
    await signInContext(context, srv, MARIA);
    await visit(page, srv, '/', 'Home');
    const composer = page.getByRole('region', { name: 'Create a post' });
    const group = composer.getByRole('combobox', { name: 'Group' });
    const box = composer.getByRole('textbox', { name: 'Write a post' });

    // A draft: kept on the server, gone from the composer.
    const draftText = 'Draft: ideas for the spring science fair';
    await group.selectOption({ label: `${GROUP} (open)` });
    await box.fill(draftText);
    await composer.getByRole('button', { name: 'Save draft' }).click();
    await composer.getByRole('status').getByText('Your draft is saved.').waitFor();
    assert.equal(await box.inputValue(), '', 'the composer is empty again');

    // A scheduled post, a few seconds ahead.
    const text = `Reminder: book fair volunteers meet at 3:15 (${Date.now()})`;
    await group.selectOption({ label: `${GROUP} (open)` });
    await box.fill(text);
    await composer.getByRole('button', { name: 'Schedule…' }).click();
    const when = composer.getByLabel('Publish at');
    await when.fill(localIn(4000));
    await composer.getByRole('button', { name: 'Schedule post' }).click();
    await composer.getByRole('status').getByText(/^Your post is scheduled for /).waitFor();

    // Both on the Drafts page, through the link the composer offers.
    await composer.getByRole('link', { name: 'Your drafts and scheduled posts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Drafts and scheduled posts' }).waitFor();
    const list = page.getByRole('list', { name: 'Your drafts' });
    await list.getByText(draftText).waitFor();
    const scheduled = list.getByRole('listitem').filter({ hasText: text });
    await scheduled.getByText(/^Scheduled for /).waitFor();
    await scheduled.getByRole('button', { name: /^Cancel schedule: / }).waitFor();
    await screenshot(page, 'drafts-page');
    await assertNoAxeViolations(page, 'drafts page');

    // Not in the feed before its time...
    await visit(page, srv, '/', 'Home');
    assert.equal(await page.getByText(text).count(), 0, 'not published before its time');
    // ...and there after it (the feed is reloaded until it shows).
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      if ((await page.getByRole('article').filter({ hasText: text }).count()) > 0) break;
      assert.ok(Date.now() < deadline, 'the scheduled post never appeared in the feed');
    }
    assert.equal(await page.getByRole('article').filter({ hasText: text }).count(), 1, 'published once');

    // It left the Drafts page; the plain draft stays.
    await visit(page, srv, '/drafts', 'Drafts and scheduled posts');
    await page.getByRole('list', { name: 'Your drafts' }).getByText(draftText).waitFor();
    assert.equal(await page.getByText(text).count(), 0);
    assertNoPageErrors(page);
  } finally {
    await context.close();
  }
});
