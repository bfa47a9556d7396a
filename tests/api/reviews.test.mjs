// Black-box tests of holding for review: under the default policy a post
// naming a student in an open group answers 202 "held" and reaches no one;
// monitors (and only they) see the queue and release or reject; the author
// sees their own, may withdraw, and is told of the decision (with the
// reason) in notifications (e-mail at level `important` sends these kinds
// too: schema migration 8); a release
// publishes as the author, mentions included; a district's own policy
// (policy_* config keys) changes the outcome.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, startServer } from './lib/server.mjs';
import { Client, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery';
const STUDENT = 'Maria Quillonette';
const ROSTER = 'id,given,family,preferred,school,grade,media_consent\n1,Maria,Quillonette,,Lincoln Elementary,03,yes\n';

async function withRoster(srv) {
  const dir = path.join(srv.dir, 'roster');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'students.csv'), ROSTER);
  const imp = await run(['import', 'roster', '--db', srv.dbPath, dir]);
  assert.equal(imp.code, 0, imp.stderr);
  await srv.restart();
}

const users = [
  { login: 'ann', name: 'Ann Teacher', password: PW },
  { login: 'bob', name: 'Bob Brandywine', password: PW },
  { login: 'mona', name: 'Mona Monitor', password: PW, monitor: true },
  { login: 'root', name: 'Ada Admin', password: PW, role: 'admin' },
];

describe('held for review', () => {
  let srv, A, B, M, R, open;

  before(async () => {
    srv = await startServer({ users });
    await withRoster(srv);
    [A, B, M, R] = await Promise.all(['ann', 'bob', 'mona', 'root'].map(async (l) => {
      const c = new Client(srv.url);
      await c.login(l, PW);
      return c;
    }));
    const g = await A.post(`${V1}/groups`, { name: 'Staff lounge', purpose: 'Everyone', privacy: 'open' });
    open = g.json;
    assert.equal((await B.post(`${V1}/groups/${open.id}/members`, { user_id: (await B.get(`${V1}/me`)).json.id })).status < 300, true);
  });
  after(() => srv?.stop());

  const hold = async (c, body) => {
    const r = await c.post(`${V1}/groups/${open.id}/posts`, { body });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.status, 'held');
    return r.json.review;
  };

  test('/me says who is a monitor', async () => {
    assert.equal((await M.get(`${V1}/me`)).json.monitor, true);
    assert.equal((await A.get(`${V1}/me`)).json.monitor, false);
  });

  test('the queue is for monitors; the author sees their own; others get 404', async () => {
    const rv = await hold(A, `Well done @bob and ${STUDENT}!`);
    const q = await M.get(`${V1}/reviews`);
    assert.equal(q.status, 200, q.text);
    assert.ok(q.json.items.some((x) => x.id === rv.id));
    assert.ok(q.json.pending_count >= 1);
    const item = q.json.items.find((x) => x.id === rv.id);
    assert.equal(item.body, `Well done @bob and ${STUDENT}!`);
    assert.equal(item.can_decide, true);
    assert.equal(item.author.login, 'ann');
    const mine = await A.get(`${V1}/reviews`);
    assert.deepEqual(mine.json.items.map((x) => x.id), [rv.id]);
    assert.equal(mine.json.pending_count, null);
    assert.equal(mine.json.items[0].can_decide, false);
    assert.equal((await B.get(`${V1}/reviews`)).json.items.length, 0);
    assertProblem(await B.get(`${V1}/reviews/${rv.id}`), 404, 'not_found');
    assertProblem(await R.get(`${V1}/reviews/${rv.id}`), 404, 'not_found'); // admin is not monitor
    assertProblem(await A.post(`${V1}/reviews/${rv.id}/release`, {}), 403, 'monitors_only');
    assertProblem(await B.post(`${V1}/reviews/${rv.id}/release`, {}), 404, 'not_found');
    assertProblem(await M.get(`${V1}/reviews?state=maybe`), 422, 'unknown_state');
    assertProblem(await new Client(srv.url).get(`${V1}/reviews`), 401, 'unauthenticated');
    // nobody was told of the mention while it is held
    const notes = await B.get(`${V1}/notifications`);
    assert.equal(notes.json.items.filter((n) => n.kind === 'mention').length, 0);
  });

  test('release publishes as the author, with mentions, and tells the author', async () => {
    const rv = (await M.get(`${V1}/reviews`)).json.items.find((x) => x.author.login === 'ann');
    const r = await M.post(`${V1}/reviews/${rv.id}/release`, { reason: 'A student award: fine.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'released');
    assert.equal(r.json.decided_by.name, 'Mona Monitor');
    const post = await B.get(`${V1}/posts/${r.json.post_id}`);
    assert.equal(post.status, 200, post.text);
    assert.equal(post.json.author.login, 'ann');
    assert.equal(post.json.body, `Well done @bob and ${STUDENT}!`);
    const bn = await B.get(`${V1}/notifications`);
    assert.ok(bn.json.items.some((n) => n.kind === 'mention' && n.post_id === r.json.post_id));
    const an = await A.get(`${V1}/notifications`);
    const told = an.json.items.find((n) => n.kind === 'review_released');
    assert.ok(told, an.text);
    assert.equal(told.review_id, rv.id);
    assert.equal(told.post_id, r.json.post_id);
    assert.equal(told.actor, null, 'the monitor is not named to the author');
    const seen = await A.get(`${V1}/reviews/${rv.id}`);
    assert.equal(seen.json.decided_by, null);
    assert.equal(seen.json.note, 'A student award: fine.');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'late' }), 409, 'already_decided');
  });

  test('reject needs a reason, publishes nothing, and the author reads why', async () => {
    const rv = await hold(B, `${STUDENT} forgot her lunch again`);
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, {}), 422, 'reason_required');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'x'.repeat(501) }), 422, 'too_long');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 5 }), 400);
    const r = await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'Please do not name students in open groups.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'rejected');
    assert.equal(r.json.post_id, null);
    const posts = await A.get(`${V1}/groups/${open.id}/posts`);
    assert.ok(!posts.json.items.some((p) => p.body.includes('lunch')));
    const bn = await B.get(`${V1}/notifications`);
    const told = bn.json.items.find((n) => n.kind === 'review_rejected');
    assert.ok(told, bn.text);
    assert.equal(told.review_id, rv.id);
    assert.equal(told.group.id, open.id);
    const mine = await B.get(`${V1}/reviews/${rv.id}`);
    assert.equal(mine.json.note, 'Please do not name students in open groups.');
    const hist = await M.get(`${V1}/reviews?state=rejected`);
    assert.ok(hist.json.items.some((x) => x.id === rv.id));
  });

  test('a monitor does not decide on their own post; the author withdraws', async () => {
    await M.post(`${V1}/groups/${open.id}/members`, { user_id: (await M.get(`${V1}/me`)).json.id });
    const rv = await hold(M, `${STUDENT} read aloud today`);
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, {}), 403, 'own_review');
    assertProblem(await A.delete(`${V1}/reviews/${rv.id}`), 404, 'not_found');
    const w = await M.delete(`${V1}/reviews/${rv.id}`);
    assert.equal(w.status, 204, w.text);
    assert.equal((await M.get(`${V1}/reviews/${rv.id}`)).json.state, 'withdrawn');
    assertProblem(await M.delete(`${V1}/reviews/${rv.id}`), 409, 'already_decided');
  });

  test('monitors read the guard\'s records: who, where, what was decided and why; never the text', async () => {
    const closed = (await A.post(`${V1}/groups`, { name: 'Grade 3 team', purpose: 'Team', privacy: 'closed' })).json;
    const ok201 = await A.post(`${V1}/groups/${closed.id}/posts`,
      { body: `${STUDENT} needs the large-print worksheet`, confirm: { reason: 'Accommodation hand-over' } });
    assert.equal(ok201.status, 201, ok201.text);
    const r = await M.get(`${V1}/guard/records?outcome=overridden`);
    assert.equal(r.status, 200, r.text);
    const rec = r.json.items.find((x) => x.post_id === ok201.json.id);
    assert.ok(rec, r.text);
    assert.equal(rec.outcome, 'overridden');
    assert.equal(rec.reason, 'Accommodation hand-over');
    assert.equal(rec.kind, 'post');
    assert.equal(rec.author.login, 'ann');
    assert.deepEqual(rec.group, { id: closed.id, name: 'Grade 3 team', privacy: 'closed' });
    assert.deepEqual(rec.findings.map((f) => [f.rule, f.action]), [['student_name', 'warn']]);
    assert.ok(!r.text.includes('Quillonette') && !r.text.includes('worksheet'), 'no text, no student');
    const held = await M.get(`${V1}/guard/records?outcome=held&limit=1`);
    assert.equal(held.json.items.length, 1);
    assert.equal(held.json.items[0].outcome, 'held');
    assert.ok(held.json.next_cursor);
    const all = await M.get(`${V1}/guard/records`);
    assert.ok(all.json.items.length >= 3);
    assertProblem(await A.get(`${V1}/guard/records`), 403, 'monitors_only');
    assertProblem(await R.get(`${V1}/guard/records`), 403, 'monitors_only');
    assertProblem(await M.get(`${V1}/guard/records?outcome=maybe`), 422, 'unknown_outcome');
    assertProblem(await new Client(srv.url).get(`${V1}/guard/records`), 401, 'unauthenticated');
  });

  test('a release the author can no longer make is refused and changes nothing', async () => {
    const rv = await hold(B, `${STUDENT} joins the choir`);
    const me = (await B.get(`${V1}/me`)).json;
    const left = await B.delete(`${V1}/groups/${open.id}/members/${me.id}`);
    assert.equal(left.status, 204, left.text);
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, {}), 409, 'cannot_release');
    assert.equal((await M.get(`${V1}/reviews/${rv.id}`)).json.state, 'pending');
    assert.equal((await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'Author left the group.' })).status, 200);
  });
});

describe('the district sets its own policy', () => {
  let srv, A;
  before(async () => {
    srv = await startServer({ users, env: { STAFFROOM_POLICY_STUDENT_NAME: 'warn warn block' } });
    await withRoster(srv);
    A = new Client(srv.url);
    await A.login('ann', PW);
  });
  after(() => srv?.stop());

  test('policy_student_name = warn warn block blocks a name in an open group', async () => {
    const g = await A.post(`${V1}/groups`, { name: 'Open', purpose: 'x', privacy: 'open' });
    const r = await A.post(`${V1}/groups/${g.json.id}/posts`, { body: `Hi ${STUDENT}` });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.findings[0].action, 'block');
  });

  test('a bad policy value stops the server with a clear message', async () => {
    const r = await run(['serve', '--db', srv.dbPath, '--listen', '127.0.0.1:1'],
      { env: { STAFFROOM_POLICY_SSN: 'allow' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Social Security number can't be allowed/);
  });
});
