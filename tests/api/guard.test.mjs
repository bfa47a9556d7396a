// Black-box tests of the student-privacy guard: a roster imported with
// `staffroom import roster`, a server serving it, and every post, comment and
// edit checked against it under the district's default policy: student
// information held for a monitor in an open group (blocked next to a
// sensitive term), a warning to confirm with a reason in a closed one, an
// SSN blocked everywhere; the overrides recorded; the
// composer's dry run and its rate limit. No response names a student beyond
// the span the author wrote.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, startServer } from './lib/server.mjs';
import { Client, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery';
const STUDENT = 'Maria Quillonette';
const ROSTER = 'id,given,family,preferred,school,grade,media_consent\n' +
  '1,Maria,Quillonette,,Lincoln Elementary,03,yes\n2,Sam,Ferriwether,,Adams Middle,07,\n';

function sql(db, q) {
  return execFileSync('sqlite3', ['-readonly', db, q], { encoding: 'utf8' }).trim();
}

describe('the student-privacy guard', () => {
  let srv, A, B, open, closed, secret;

  before(async () => {
    srv = await startServer({ users: [
      { login: 'ann', name: 'Ann Teacher', password: PW },
      { login: 'bob', name: 'Bob Brandywine', password: PW },
    ] });
    const dir = path.join(srv.dir, 'roster');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'students.csv'), ROSTER);
    const imp = await run(['import', 'roster', '--db', srv.dbPath, dir]);
    assert.equal(imp.code, 0, imp.stderr);
    await srv.restart(); // the guard is built from the roster at start
    A = new Client(srv.url);
    await A.login('ann', PW);
    B = new Client(srv.url);
    await B.login('bob', PW);
    const mk = async (privacy) => {
      const r = await A.post(`${V1}/groups`, { name: `G ${privacy}`, purpose: 'Guard tests', privacy });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    open = await mk('open');
    closed = await mk('closed');
    secret = await mk('secret');
  });
  after(() => srv?.stop());

  const count = (outcome) => Number(sql(srv.dbPath,
    `SELECT count(*) FROM guard_records WHERE outcome = ${outcome}`));

  test('a student named in an open group is held for review: accepted, not published', async () => {
    const body = `Great work today by ${STUDENT}!`;
    const r = await A.post(`${V1}/groups/${open.id}/posts`, { body });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.status, 'held');
    assert.equal(r.json.review.state, 'pending');
    assert.equal(r.json.review.findings.length, 1);
    const f = r.json.review.findings[0];
    assert.equal(f.rule, 'student_name');
    assert.equal(f.action, 'hold');
    assert.equal(Buffer.from(body).subarray(f.start, f.end).toString(), STUDENT);
    assert.match(f.explanation, /guidelines.*FERPA/);
    assert.ok(!r.text.includes('Lincoln') && !r.text.includes('"1,'), 'no roster data echoed');
    for (const c of [A, B]) {
      const posts = await c.get(`${V1}/groups/${open.id}/posts`);
      assert.equal(posts.json.items.length, 0);
    }
    assert.equal(count(4), 1);
  });

  test('a student named next to a sensitive term in an open group is refused and nothing is stored', async () => {
    const body = `${STUDENT} has an IEP meeting on Monday.`;
    const r = await A.post(`${V1}/groups/${open.id}/posts`, { body });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.outcome, 'block');
    assert.equal(r.json.findings[0].rule, 'sensitive');
    assert.equal(r.json.findings[0].action, 'block');
    assert.ok(!r.text.includes('Lincoln'), 'no roster data echoed');
    // confirming does not lift a block
    const c = await A.post(`${V1}/groups/${open.id}/posts`, { body, confirm: { reason: 'ok' } });
    assertProblem(c, 422, 'student_privacy');
    assert.equal((await A.get(`${V1}/groups/${open.id}/posts`)).json.items.length, 0);
  });

  test('in a closed group a warning needs a reason; with one it publishes and the override is recorded', async () => {
    const body = `${STUDENT} is moving to Ms. Lee's class.`;
    const r = await A.post(`${V1}/groups/${closed.id}/posts`, { body });
    assertProblem(r, 422, 'confirmation_required');
    assert.equal(r.json.findings[0].action, 'warn');
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body, confirm: { reason: '' } }),
      422, 'reason_required');
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body, confirm: { reason: 'x'.repeat(501) } }),
      422, 'too_long');
    assertProblem(await A.post(`${V1}/groups/${closed.id}/posts`, { body, confirm: { why: 'x' } }),
      400, 'invalid_confirm');
    const before = count(1);
    const ok = await A.post(`${V1}/groups/${closed.id}/posts`, { body, confirm: { reason: 'Grade team hand-over' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(count(1), before + 1);
    assert.equal(sql(srv.dbPath, `SELECT reason FROM guard_records WHERE post_id = ${ok.json.id}`),
      'Grade team hand-over');
    // the record keeps spans and the roster row, never the name
    const row = sql(srv.dbPath, `SELECT rule, span_start, span_end, student_id FROM guard_findings
      WHERE record_id = (SELECT id FROM guard_records WHERE post_id = ${ok.json.id})`);
    assert.equal(row, 'student_name|0|17|1');
    // and the server's log never names the student
    assert.ok(!srv.logs.join('\n').includes('Quillonette'));
  });

  test('an SSN is refused even in a secret group', async () => {
    const r = await A.post(`${V1}/groups/${secret.id}/posts`, { body: 'Her SSN is 123-45-6789.' });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.findings[0].rule, 'ssn');
  });

  test('comments and edits are checked too', async () => {
    const p = await A.post(`${V1}/groups/${open.id}/posts`, { body: 'Field trip on Friday' });
    assert.equal(p.status, 201, p.text);
    const c = await A.post(`${V1}/posts/${p.json.id}/comments`, { body: `Bring ${STUDENT}'s IEP form` });
    assertProblem(c, 422, 'student_privacy');
    const e = await A.patch(`${V1}/posts/${p.json.id}`, { body: `Field trip on Friday with ${STUDENT}` });
    assert.equal(e.status, 202, e.text);
    assert.equal(e.json.review.kind, 'edit');
    const h = await A.post(`${V1}/posts/${p.json.id}/comments`, { body: `Bring ${STUDENT}'s form` });
    assert.equal(h.status, 202, h.text);
    assert.equal(h.json.review.kind, 'comment');
    const now = await A.get(`${V1}/posts/${p.json.id}`);
    assert.equal(now.json.body, 'Field trip on Friday');
    assert.equal((await A.get(`${V1}/posts/${p.json.id}/comments`)).json.items.length, 0);
  });

  test('a group\'s name and purpose are checked for everyone who sees them', async () => {
    // a closed group's name and purpose are seen by the whole district:
    // what would be held in an open group is refused (it can't wait)
    let r = await A.post(`${V1}/groups`, { name: 'Reading help', purpose: `Support for ${STUDENT}`, privacy: 'closed' });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.field, 'purpose');
    assert.equal(r.json.findings[0].rule, 'student_name');
    assert.match(r.json.detail, /can't wait/);
    r = await A.post(`${V1}/groups`, { name: `${STUDENT} team`, purpose: 'Support', privacy: 'open' });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.field, 'name');
    // a secret group's members alone see it: a warning to confirm
    r = await A.post(`${V1}/groups`, { name: 'Reading help', purpose: `Support for ${STUDENT}`, privacy: 'secret' });
    assertProblem(r, 422, 'confirmation_required');
    r = await A.post(`${V1}/groups`, { name: 'Reading help', purpose: `Support for ${STUDENT}`, privacy: 'secret',
      confirm: { reason: 'Her support team only' } });
    assert.equal(r.status, 201, r.text);
    const gid = r.json.id;
    assert.equal(sql(srv.dbPath, `SELECT content, outcome, reason FROM guard_records WHERE group_id = ${gid}`),
      '3|1|Her support team only');
    // opening it up re-checks the purpose everyone would now see, and changes nothing
    r = await A.patch(`${V1}/groups/${gid}`, { privacy: 'closed' });
    assertProblem(r, 422, 'student_privacy');
    assert.equal(r.json.field, 'purpose');
    assert.equal((await A.get(`${V1}/groups/${gid}`)).json.privacy, 'secret');
    r = await A.patch(`${V1}/groups/${closed.id}`, { purpose: `Now about ${STUDENT}` });
    assertProblem(r, 422, 'student_privacy');
    assert.doesNotMatch((await A.get(`${V1}/groups/${closed.id}`)).json.purpose, /Quillonette/);
    r = await A.patch(`${V1}/groups/${closed.id}`, { purpose: 'Guard tests, renamed' });
    assert.equal(r.status, 200, r.text);
  });

  test('staff names and ordinary posts pass', async () => {
    const r = await A.post(`${V1}/groups/${open.id}/posts`, { body: 'Thanks Bob Brandywine and Ann Teacher!' });
    assert.equal(r.status, 201, r.text);
  });

  test('the dry run answers the outcome, 404 for a hidden group, and 429 past the limit', async () => {
    const chk = (group_id, body, c = A) => c.post(`${V1}/guard/check`, { body, group_id });
    let r = await chk(open.id, `Ask ${STUDENT}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.outcome, 'hold');
    r = await chk(closed.id, `Ask ${STUDENT}`);
    assert.equal(r.json.outcome, 'warn');
    r = await chk(open.id, 'Nothing to see');
    assert.deepEqual(r.json, { outcome: 'allow', findings: [] });
    assertProblem(await chk(secret.id, 'hello', B), 404, 'not_found');
    assertProblem(await new Client(srv.url).post(`${V1}/guard/check`, { body: 'x', group_id: open.id }),
      401, 'unauthenticated');
    let last;
    for (let i = 0; i < 61; i++) {
      last = await chk(open.id, 'hello', B);
      if (last.status === 429) break;
    }
    assertProblem(last, 429, 'too_many_checks');
    assert.ok(Number(last.headers.get('retry-after')) >= 1);
  });
});

// Every outcome in every audience, with a district's own table: each rule
// below is set so that the four outcomes are all reached in each kind of
// group (SSN is blocked everywhere, plain text allowed).
describe('every policy outcome for every audience', () => {
  const env = {
    STAFFROOM_POLICY_PROFANITY: 'warn hold allow',
    STAFFROOM_POLICY_THREAT: 'hold warn block',
    STAFFROOM_POLICY_HARASSMENT: 'allow allow hold',
    STAFFROOM_POLICY_DOB: 'allow allow warn',
  };
  const TEXT = {
    plain: 'Staff meeting moved to Thursday.',
    profanity: 'What a load of sh1t.',
    threat: 'I will kill you.',
    harassment: 'Shut up, you idiot.',
    dob: 'Her form says born 03/14/2012.',
    ssn: 'My SSN is 123-45-6789.',
  };
  // audience -> outcome -> the text that reaches it
  const CASES = {
    secret: { allow: 'plain', warn: 'profanity', hold: 'threat', block: 'ssn' },
    closed: { allow: 'plain', warn: 'threat', hold: 'profanity', block: 'ssn' },
    open: { allow: 'profanity', warn: 'dob', hold: 'harassment', block: 'threat' },
  };
  const STATUS = { allow: [201], warn: [422, 'confirmation_required'], hold: [202], block: [422, 'student_privacy'] };
  let srv, A, groups = {};

  before(async () => {
    srv = await startServer({ users: [{ login: 'ann', name: 'Ann Teacher', password: PW }], env });
    A = new Client(srv.url);
    await A.login('ann', PW);
    for (const privacy of Object.keys(CASES))
      groups[privacy] = (await A.post(`${V1}/groups`, { name: `Every ${privacy}`, purpose: 'Outcomes', privacy })).json;
  });
  after(() => srv?.stop());

  for (const [aud, outcomes] of Object.entries(CASES)) {
    for (const [outcome, key] of Object.entries(outcomes)) {
      test(`${aud} group, ${outcome}: ${key}`, async () => {
        const body = TEXT[key];
        const chk = await A.post(`${V1}/guard/check`, { body, group_id: groups[aud].id });
        assert.equal(chk.status, 200, chk.text);
        assert.equal(chk.json.outcome, outcome, chk.text);
        const r = await A.post(`${V1}/groups/${groups[aud].id}/posts`, { body });
        const [status, code] = STATUS[outcome];
        if (code) assertProblem(r, status, code);
        else assert.equal(r.status, status, r.text);
        const listed = (await A.get(`${V1}/groups/${groups[aud].id}/posts`)).json.items.some((p) => p.body === body);
        assert.equal(listed, outcome === 'allow', `published: ${listed}`);
      });
    }
  }
});
