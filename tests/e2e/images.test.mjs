// Photos in the browser, on the demo district. Maria Lopez attaches
// tests/fixtures/images/exif.jpg in the composer (the file input "Add
// photo"), describes it, and posts in a closed group she is in: the post card
// shows the photo with that text as its alt, and the full image answers as a
// JPEG. A file that is no image is refused with the server's words. A photo
// marked "Students can be recognised in this photo" brings the media-consent
// warning under it while she writes, and "Post anyway" with a reason
// publishes it. "Think before you post": a rude word is marked while typing
// in the composer, and the comment box asks for a reason before posting it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiAs, assertNoAxeViolations, assertNoPageErrors, launch, newPage, postCard, screenshot, signInContext,
  startDemo, tabTo, until, visit,
} from './lib/browser.mjs';

const AUTHOR = { login: 'maria.lopez', name: 'Maria Lopez' };
const PHOTO = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/images/exif.jpg');
const ALT_LABEL = /^Describe the photo for people who can't see it/;
const STUDENTS = /^Students can be recognised in this photo/;
const CONSENT = /there must be a photo\/media consent form on file at the school for each child featured/;
const THINK = /Think before you post\./;

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

/** The group's posts (first page) whose body contains text. */
async function postsWith(api, groupId, text) {
  const r = await api.get(`/api/v1/groups/${groupId}/posts?limit=50`);
  assert.equal(r.status, 200, `the group's posts: ${r.text}`);
  return r.json.items.filter((p) => p.body.includes(text));
}

describe('photos in posts', () => {
  test('attach, describe and post a photo; consent and "think before you post" warnings; Post anyway', async () => {
    const api = await apiAs(srv, AUTHOR.login);
    const mine = await api.get('/api/v1/groups?filter=mine&limit=100');
    assert.equal(mine.status, 200);
    const closed = mine.json.items.find((g) => g.privacy === 'closed' && !g.archived);
    assert.ok(closed, 'Maria Lopez is a member of a closed group');

    const { context, page } = await newPage(browser);
    await signInContext(context, srv, AUTHOR.login);
    try {
      await visit(page, srv, '/', 'Home');
      const composer = page.getByRole('region', { name: 'Create a post' });
      await composer.getByRole('combobox', { name: 'Group' }).selectOption({ label: `${closed.name} (closed)` });
      const box = composer.getByRole('textbox', { name: 'Write a post' });
      const addPhoto = composer.getByLabel('Add photo');
      const photos = composer.getByRole('list', { name: 'Photos to post' });

      // "Add photo" is a real file input, reached with Tab; its visible button shows the focus.
      await box.focus();
      await tabTo(page, addPhoto, 'the Add photo input', { max: 5 });
      assert.notEqual(await composer.locator('label', { hasText: 'Add photo' }).evaluate((el) => getComputedStyle(el).outlineStyle), 'none',
        'the focus ring shows on the Add photo button');

      // A file that is no image: refused, with the server's words, and nothing attached.
      await addPhoto.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
      const refused = photos.getByRole('alert').filter({ hasText: 'notes.jpg could not be added' });
      await refused.waitFor();
      assert.match(await refused.textContent(), /JPEG, PNG or WebP/, 'the server says what it takes');
      await refused.getByRole('button', { name: /^Dismiss/ }).click();
      await refused.waitFor({ state: 'detached' });

      // Attach, describe, post: the card shows the photo with its description.
      const tag = `reading corner ${Date.now()}`;
      const alt = 'Beanbags and low shelves in the new reading corner';
      await addPhoto.setInputFiles(PHOTO);
      const altBox = composer.getByRole('textbox', { name: ALT_LABEL });
      await altBox.waitFor();
      assert.equal(await photos.locator('img').count(), 1, 'the thumbnail is shown');
      const draft = composer.getByRole('button', { name: 'Save draft' });
      assert.equal(await draft.getAttribute('aria-disabled'), 'true', 'no drafts with photos');
      assert.match(await draft.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent ?? ''),
        /can’t keep photos/, 'the disabled Save draft says why');
      await altBox.fill(alt);
      await box.fill(`The ${tag} is ready for Monday.`);
      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      const card = postCard(page, AUTHOR.name, closed.name, tag);
      await card.waitFor();
      const img = card.getByRole('img', { name: alt });
      await img.waitFor();
      assert.ok(Number(await img.getAttribute('width')) > 0 && Number(await img.getAttribute('height')) > 0,
        'width and height are given');
      await until(() => img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the thumbnail loads');
      const href = await card.getByRole('link', { name: new RegExp(alt) }).getAttribute('href');
      assert.match(href, /^\/api\/v1\/images\/\d+$/);
      const full = await context.request.get(srv.url + href);
      assert.equal(full.status(), 200);
      assert.equal(full.headers()['content-type'], 'image/jpeg');
      assert.equal(await photos.count(), 0, 'the composer has no photos left');
      assert.equal(await box.inputValue(), '');
      const [stored] = await postsWith(api, closed.id, tag);
      assert.equal(stored.images.length, 1);
      assert.equal(stored.images[0].alt, alt);
      await screenshot(page, 'images-posted');

      // Students can be recognised: the consent warning under the photo, then Post anyway.
      const tag2 = `field day ${Date.now()}`;
      await addPhoto.setInputFiles(PHOTO);
      await composer.getByRole('textbox', { name: ALT_LABEL }).fill('Relay race at field day');
      await composer.getByRole('checkbox', { name: STUDENTS }).check();
      await box.fill(`Photos from ${tag2}!`);
      const consent = composer.getByRole('list', { name: 'What to check in photo 1' });
      await consent.getByText(CONSENT).waitFor();
      await composer.getByText('Check the note under photo 1.').waitFor();
      await screenshot(page, 'images-consent-warning');
      await assertNoAxeViolations(page, 'the composer with a photo and its consent warning');

      await composer.getByRole('button', { name: 'Post', exact: true }).click();
      const reason = composer.getByRole('textbox', { name: 'Reason' });
      await reason.waitFor();
      await reason.fill('Every family in this class has a consent form on file.');
      await composer.getByRole('button', { name: 'Post anyway' }).click();
      await postCard(page, AUTHOR.name, closed.name, tag2).waitFor();
      const [withConsent] = await postsWith(api, closed.id, tag2);
      assert.equal(withConsent.images.length, 1);
      assert.equal(withConsent.images[0].shows_students, true);
      assert.equal(await photos.count(), 0, 'the composer has no photos left');

      // Think before you post, while typing in the composer.
      await box.click();
      await box.pressSequentially('This printer is sh1t');
      await composer.locator('mark', { hasText: 'sh1t' }).waitFor();
      await composer.getByText(/^Think before you post: the marked text may read as unprofessional/).waitFor();
      await composer.getByRole('list', { name: 'What to check' }).getByText(THINK).waitFor();
      await box.fill('');

      // … and in the comment box: the server's words, then Post anyway with a reason.
      const comment = card.getByRole('textbox', { name: 'Write a comment' });
      const rude = `This printer is sh1t (${tag})`;
      await comment.fill(rude);
      await card.getByRole('button', { name: 'Comment', exact: true }).click();
      await card.getByText(/Think before you post: what is marked may read as unprofessional/).waitFor();
      await card.locator('mark', { hasText: 'sh1t' }).waitFor();
      await card.getByRole('button', { name: 'Post anyway' }).click();
      await card.getByText('Say why this must be posted as it is.').waitFor();
      await card.getByRole('textbox', { name: 'Reason' }).fill('Quoting what a visitor wrote on the sign-in sheet.');
      await card.getByRole('button', { name: 'Post anyway' }).click();
      await card.getByRole('article', { name: `Comment by ${AUTHOR.name}` }).filter({ hasText: rude }).waitFor();
      assert.equal(await card.getByRole('textbox', { name: 'Reason' }).count(), 0, 'the reason is gone after posting');
      await screenshot(page, 'images-comment-post-anyway');
      assertNoPageErrors(page);
    } finally {
      await context.close();
    }
  });
});
