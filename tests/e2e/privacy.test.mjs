// Student privacy in the composer: the demo roster's student "Sofia Ramirez"
// (Mission Hills Elementary, see `staffroom demo`) named in a post. While the
// person types, the guard's finding appears under the editor (the name
// marked, the guideline explained); in an open group publishing is refused
// and nothing is posted (this district's policy blocks names there instead
// of holding them for a monitor: tests/e2e/reviews.test.mjs has the hold);
// in a closed group "Post anyway" with a reason publishes it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, postCard, screenshot, signInContext,
  startDemo, visit, WAIT_MS,
} from './lib/browser.mjs';

const AUTHOR = { login: 'maria.lopez', name: 'Maria Lopez' };
const OPEN = { id: 24, name: "Teachers' Lounge" }; // open; Maria Lopez is a member
const STUDENT = 'Sofia Ramirez';
const EXPLANATION = /This looks like a student's name\. The district's social media guidelines say/;

let srv;
let browser;

before(async () => {
  srv = await startDemo({ env: { STAFFROOM_POLICY_STUDENT_NAME: 'warn warn block' } });
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

describe('student privacy in the composer', () => {
  test('a student named in a post is marked while typing, refused in an open group, posted with a reason in a closed one', async () => {
    assert.match(srv.demoOutput.stdout ?? String(srv.demoOutput), /"Sofia Ramirez" \(Mission Hills Elementary\)/,
      'the demo names its well-known student');
    const api = await apiAs(srv, AUTHOR.login);
    const mine = await api.get('/api/v1/groups?filter=mine&limit=100');
    assert.equal(mine.status, 200);
    const closed = mine.json.items.find((g) => g.privacy === 'closed' && !g.archived);
    assert.ok(closed, 'Maria Lopez is a member of a closed group');

    const { context, page } = await newPage(browser);
    await signInContext(context, srv, AUTHOR.login);
    try {
      const checks = [];
      page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/guard/check') checks.push(r); });
      await visit(page, srv, '/', 'Home');
      const composer = page.getByRole('region', { name: 'Create a post' });
      await composer.getByRole('combobox', { name: 'Group' }).selectOption({ label: `${OPEN.name} (open)` });
      const box = composer.getByRole('textbox', { name: 'Write a post' });
      const tag = `book fair ${Date.now()}`;
      const text = `A big thank-you to ${STUDENT} for helping at the ${tag} — she was wonderful!`;
      assert.equal(checks.length, 0, 'nothing is checked before the person types');
      await box.click();
      await box.pressSequentially(text);

      // While typing: the name marked in the mirrored text, quoted with the explanation.
      await composer.locator('mark', { hasText: STUDENT }).waitFor({ timeout: WAIT_MS });
      const findings = composer.getByRole('list', { name: 'What to check' });
      await findings.getByText(EXPLANATION).waitFor();
      assert.match(await findings.textContent(), new RegExp(`“${STUDENT}”`), 'the matched text is quoted');
      await composer.getByText(/can’t be posted in this group as it is/).waitFor();
      assert.equal(await composer.locator('[aria-live="polite"] mark').count(), 1, 'the finding is in a polite live region');
      assert.ok(checks.length >= 1 && checks.length <= 3, `checked after typing, debounced (${checks.length} checks)`);
      await screenshot(page, 'privacy-finding-while-typing');
      await assertNoAxeViolations(page, 'the composer with a privacy finding');

      // Post: refused with the explanation; the text stays; nothing is posted.
      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      await composer.getByText(/This can't be posted here/).waitFor();
      await composer.getByRole('list', { name: 'What to check' }).getByText(EXPLANATION).waitFor();
      assert.equal(await box.inputValue(), text, 'the text is kept');
      assert.equal(await composer.getByRole('button', { name: 'Post anyway' }).count(), 0, 'no way past a block');
      assert.deepEqual(await postsWith(api, OPEN.id, tag), [], 'nothing was posted in the open group');
      await screenshot(page, 'privacy-refused-open-group');

      // A closed group: a warning; "Post anyway" needs a reason, then publishes.
      await composer.getByRole('combobox', { name: 'Group' }).selectOption({ label: `${closed.name} (closed)` });
      await composer.getByText(/it may be student information/).waitFor();
      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      const reason = composer.getByRole('textbox', { name: 'Reason' });
      await reason.waitFor();
      const anyway = composer.getByRole('button', { name: 'Post anyway' });
      await anyway.click();
      await composer.getByText('Say why this must be posted as it is.').waitFor();
      assert.deepEqual(await postsWith(api, closed.id, tag), [], 'nothing posted without a reason');
      await screenshot(page, 'privacy-post-anyway');
      await assertNoAxeViolations(page, 'the composer asking for a reason');

      await reason.fill('Thanking her family in our grade team, who asked to be told.');
      await anyway.click();
      await postCard(page, AUTHOR.name, closed.name, tag).waitFor({ timeout: WAIT_MS });
      assert.equal(await box.inputValue(), '', 'the composer is empty after posting');
      assert.equal((await postsWith(api, closed.id, tag)).length, 1, 'posted in the closed group');
      assert.equal(await composer.locator('mark').count(), 0, 'no findings left on screen');
      await screenshot(page, 'privacy-posted-with-reason');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});
