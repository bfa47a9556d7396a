// Black-box tests of images in posts: an uploaded image is described (text
// alternative, "shows students") and posted with `image_ids`; it then
// follows its post's visibility. Its caption is screened like the text,
// and media consent (OKCPS guidelines i.: a photo/media consent form on
// file for each child featured) is checked for the students a post with a
// photo names: refused consent is blocked everywhere, consent not on file
// and a photo marked as showing students are treated like a student's
// name (warn in closed groups, held in open ones). A held photo post keeps
// its images with the review: monitors see them; a release posts them.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startServer } from './lib/server.mjs';
import { Client, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery';
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/images');
// Maria: consent on file; Sam: the family refused; Lee: no form on file.
const ROSTER = 'id,given,family,preferred,school,grade,media_consent\n' +
  '1,Maria,Quillonette,,Lincoln Elementary,03,yes\n' +
  '2,Sam,Ferriwether,,Lincoln Elementary,03,no\n' +
  '3,Lee,Abernathy-Stroud,,Lincoln Elementary,03,\n';

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

describe('images in posts', () => {
  let srv, A, B, C, M, closed, open, JPG;
  const upload = async (c = A) => ok(await c.post(`${V1}/images`, JPG,
    { headers: { 'content-type': 'image/jpeg' } }), 201);

  before(async () => {
    JPG = await readFile(path.join(fixtures, 'exif.jpg'));
    srv = await startServer({ users: [
      { login: 'ann', name: 'Ann Teacher', password: PW },
      { login: 'bob', name: 'Bob Brandywine', password: PW },
      { login: 'cal', name: 'Cal Outsider', password: PW },
      { login: 'mona', name: 'Mona Monitor', password: PW, monitor: true },
    ] });
    const dir = path.join(srv.dir, 'roster');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'students.csv'), ROSTER);
    const imp = await run(['import', 'roster', '--db', srv.dbPath, dir]);
    assert.equal(imp.code, 0, imp.stderr);
    await srv.restart();
    [A, B, C, M] = await Promise.all(['ann', 'bob', 'cal', 'mona'].map(async (l) => {
      const c = new Client(srv.url);
      await c.login(l, PW);
      return c;
    }));
    closed = ok(await A.post(`${V1}/groups`, { name: 'Third grade', purpose: 'Team', privacy: 'closed' }), 201);
    open = ok(await A.post(`${V1}/groups`, { name: 'Everyone', purpose: 'All staff', privacy: 'open' }), 201);
    const bob = ok(await B.get(`${V1}/me`));
    ok(await A.post(`${V1}/groups/${closed.id}/members`, { user_id: bob.id })); // invited
    const joined = ok(await B.post(`${V1}/groups/${closed.id}/members`, { user_id: bob.id }));
    assert.equal(joined.state, 'active');
  });
  after(() => srv?.stop());

  test('an image is described, posted, and then follows its post', async () => {
    const img = await upload();
    const d = ok(await A.patch(`${V1}/images/${img.id}`, { alt: 'Our class garden in spring' }));
    assert.equal(d.alt, 'Our class garden in spring');
    assert.equal(d.shows_students, false);
    assertProblem(await B.patch(`${V1}/images/${img.id}`, { alt: 'x' }), 404, 'not_found');
    const p = ok(await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'The garden!', image_ids: [img.id] }), 201);
    assert.equal(p.images.length, 1);
    assert.equal(p.images[0].id, img.id);
    assert.equal(p.images[0].alt, 'Our class garden in spring');
    // in the feed too
    const feed = ok(await B.get(`${V1}/groups/${closed.id}/posts`));
    assert.deepEqual(feed.items.find((x) => x.id === p.id).images.map((i) => i.id), [img.id]);
    // a member reads it, an outsider of the closed group does not
    assert.equal((await B.get(`${V1}/images/${img.id}`)).status, 200);
    assertProblem(await C.get(`${V1}/images/${img.id}`), 404, 'not_found');
    // posted once; then it can't be described or posted again
    assertProblem(await A.patch(`${V1}/images/${img.id}`, { alt: 'y' }), 409, 'image_attached');
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Again', image_ids: [img.id] }),
      422, 'unknown_image');
  });

  test('someone else\'s image, a repeated one, or too many are refused and nothing is posted', async () => {
    const theirs = await upload(B);
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Mine?', image_ids: [theirs.id] }),
      422, 'unknown_image');
    const img = await upload();
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Twice', image_ids: [img.id, img.id] }),
      422, 'duplicate_image');
    const r = await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Many', image_ids: Array(11).fill(img.id) });
    assert.ok(r.status === 400 || r.status === 422, r.text);
    const feed = ok(await A.get(`${V1}/groups/${closed.id}/posts`));
    assert.ok(!feed.items.some((x) => ['Mine?', 'Twice', 'Many'].includes(x.body)));
  });

  test('a student whose family refused media consent is never posted with a photo', async () => {
    const img = await upload();
    const r = await A.post(`${V1}/groups/${closed.id}/posts`,
      { body: 'Sam Ferriwether at the science fair', image_ids: [img.id], confirm: { reason: 'Team only' } });
    assertProblem(r, 422, 'student_privacy');
    const f = r.json.findings.find((x) => x.rule === 'media_consent');
    assert.ok(f, r.text);
    assert.equal(f.action, 'block');
    assert.match(f.explanation, /consent form on file/);
    // without the photo it is only a name in a closed group: a warning
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Sam Ferriwether at the science fair' }),
      422, 'confirmation_required');
  });

  test('consent not on file, or a photo marked as showing students, asks the author to confirm', async () => {
    let img = await upload();
    let r = await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Lee Abernathy-Stroud reading', image_ids: [img.id] });
    assertProblem(r, 422, 'confirmation_required');
    assert.ok(r.json.findings.some((x) => x.rule === 'media_consent' && x.action === 'warn'), r.text);
    ok(await A.post(`${V1}/groups/${closed.id}/posts`,
      { body: 'Lee Abernathy-Stroud reading', image_ids: [img.id], confirm: { reason: 'Form signed today' } }), 201);
    // Maria's consent is on file: only her name is found
    img = await upload();
    r = await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Maria Quillonette reading', image_ids: [img.id] });
    assertProblem(r, 422, 'confirmation_required');
    assert.ok(!r.json.findings.some((x) => x.rule === 'media_consent'), r.text);
    // a photo of students, no names
    img = await upload();
    ok(await A.patch(`${V1}/images/${img.id}`, { shows_students: true }));
    r = await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Field day!', image_ids: [img.id] });
    assertProblem(r, 422, 'confirmation_required');
    const f = r.json.findings.find((x) => x.rule === 'media_consent');
    assert.equal(f.image_id, img.id);
    // the dry run says the same before posting
    const chk = ok(await A.post(`${V1}/guard/check`, { body: 'Field day!', group_id: closed.id, image_ids: [img.id] }));
    assert.equal(chk.outcome, 'warn');
    assert.equal(chk.findings[0].image_id, img.id);
  });

  test('a caption is screened like the text', async () => {
    const img = await upload();
    ok(await A.patch(`${V1}/images/${img.id}`, { alt: 'Maria Quillonette with her project' }));
    const r = await A.post(`${V1}/groups/${closed.id}/posts`, { body: 'Science fair', image_ids: [img.id] });
    assertProblem(r, 422, 'confirmation_required');
    const f = r.json.findings.find((x) => x.rule === 'student_name');
    assert.equal(f.image_id, img.id);
    assert.equal('Maria Quillonette with her project'.slice(f.start, f.end), 'Maria Quillonette');
  });

  test('a held photo post keeps its images for the monitor; a release posts them', async () => {
    const img = await upload();
    ok(await A.patch(`${V1}/images/${img.id}`, { shows_students: true, alt: 'Kindergarten parade' }));
    const held = ok(await A.post(`${V1}/groups/${open.id}/posts`, { body: 'Parade day', image_ids: [img.id] }), 202);
    assert.equal(held.status, 'held');
    assert.deepEqual(held.review.images.map((i) => i.id), [img.id]);
    // the review's findings say which photo they are about
    assert.deepEqual(held.review.findings.map((f) => [f.rule, f.image_id]), [['media_consent', img.id]]);
    // the monitor may look at the photo; others may not
    assert.equal((await M.get(`${V1}/images/${img.id}/thumbnail`)).status, 200);
    assertProblem(await B.get(`${V1}/images/${img.id}`), 404, 'not_found');
    // held with the review: not deletable, not postable elsewhere
    assertProblem(await A.delete(`${V1}/images/${img.id}`), 409, 'image_held');
    assertProblem(await M.delete(`${V1}/images/${img.id}`), 403, 'not_uploader');
    const rel = ok(await M.post(`${V1}/reviews/${held.review.id}/release`, {}));
    const post = ok(await B.get(`${V1}/posts/${rel.post_id}`));
    assert.deepEqual(post.images.map((i) => i.id), [img.id]);
    assert.equal((await B.get(`${V1}/images/${img.id}`)).status, 200);
  });

  test('a rejected photo post gives its images back to the author', async () => {
    const img = await upload();
    ok(await A.patch(`${V1}/images/${img.id}`, { shows_students: true }));
    const held = ok(await A.post(`${V1}/groups/${open.id}/posts`, { body: 'Recess', image_ids: [img.id] }), 202);
    ok(await M.post(`${V1}/reviews/${held.review.id}/reject`, { reason: 'Families in this photo have not all consented.' }));
    assertProblem(await M.get(`${V1}/images/${img.id}`), 404, 'not_found');
    assert.equal((await A.get(`${V1}/images/${img.id}`)).status, 200);
    assert.equal((await A.delete(`${V1}/images/${img.id}`)).status, 204);
  });
});
