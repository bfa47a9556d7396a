// Black-box tests of "think before you post": the professional-language
// lists (share/lexicon, built into the program) are checked on posts,
// comments, captions and group descriptions; a finding warns and asks the
// author to reconsider (confirm with a reason, recorded), the obfuscated
// forms are found, a teacher's ordinary words pass; a district's own lists
// (lexicon_dir) replace the shipped ones, a bad list stops `serve` with its
// file and line, and a bad list on SIGHUP keeps the lists in use.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, startServer } from './lib/server.mjs';
import { Client, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery';
const sql = (db, q) => execFileSync('sqlite3', ['-readonly', db, q], { encoding: 'utf8' }).trim();

describe('think before you post (the shipped lists)', () => {
  let srv, A, g;
  before(async () => {
    srv = await startServer({ users: [{ login: 'ann', name: 'Ann Teacher', password: PW }] });
    A = new Client(srv.url);
    await A.login('ann', PW);
    g = (await A.post(`${V1}/groups`, { name: 'Staff', purpose: 'All of us', privacy: 'closed' })).json;
  });
  after(() => srv?.stop());

  const post = (body, extra = {}) => A.post(`${V1}/groups/${g.id}/posts`, { body, ...extra });

  test('profanity, obfuscated, warns and asks the author to reconsider', async () => {
    for (const body of ['This meeting is f**king pointless', 'What a load of sh1t', 'fuuuuck this printer']) {
      const r = await post(body);
      assertProblem(r, 422, 'confirmation_required');
      assert.match(r.json.detail, /Think before you post/);
      const f = r.json.findings.find((x) => x.rule === 'profanity');
      assert.ok(f, `${body}: ${r.text}`);
      assert.equal(f.action, 'warn');
      assert.match(f.explanation, /guidelines/);
    }
    const r = await post('This meeting is f**king pointless');
    const f = r.json.findings[0];
    assert.equal('This meeting is f**king pointless'.slice(f.start, f.end), 'f**king');
    const ok = await post('This meeting is f**king pointless', { confirm: { reason: 'Quoting a student, for the team' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(sql(srv.dbPath, `SELECT g.outcome || '|' || f.rule FROM guard_records g JOIN guard_findings f
      ON f.record_id = g.id WHERE g.post_id = ${ok.json.id}`), '1|profanity');
  });

  test('threats, slurs and harassment are found in comments too', async () => {
    const p = (await post('Bus duty rota for next week')).json;
    let r = await A.post(`${V1}/posts/${p.id}/comments`, { body: 'I will kill you if you swap my shift again' });
    assertProblem(r, 422, 'confirmation_required');
    assert.ok(r.json.findings.some((x) => x.rule === 'threat'), r.text);
    r = await A.post(`${V1}/posts/${p.id}/comments`, { body: 'Shut up, you idiot' });
    assertProblem(r, 422, 'confirmation_required');
    assert.ok(r.json.findings.some((x) => x.rule === 'harassment'), r.text);
  });

  test('a teacher\'s ordinary words pass', async () => {
    for (const body of [
      'The test was a killer, but the class did great. Shoot me an email with questions.',
      'Break a leg at the assembly! I am dying to hear the band.',
      'Reading Moby Dick and Great Expectations by Dickens; the assessment is on Friday.',
      'Scunthorpe exchange students arrive Monday; cocktail sauce at the staff lunch.',
    ]) {
      const r = await post(body);
      assert.equal(r.status, 201, `${body}: ${r.text}`);
    }
  });

  test('the dry run reports it, and a group\'s purpose is checked', async () => {
    const r = await A.post(`${V1}/guard/check`, { body: 'This is bullsh!t', group_id: g.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.outcome, 'warn');
    assert.equal(r.json.findings[0].rule, 'profanity');
    const c = await A.post(`${V1}/groups`, { name: 'Damn it all', purpose: 'For people who are sick of this shit', privacy: 'open' });
    assertProblem(c, 422, 'confirmation_required');
    assert.equal(c.json.field, 'purpose');
  });
});

// Sends SIGHUP and waits for a new log line matching re.
async function hupAndWait(srv, re) {
  const from = srv.logs.length;
  srv.hup();
  for (let i = 0; i < 200; i++) {
    if (srv.logs.slice(from).some((l) => re.test(l))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`no log line matching ${re} after SIGHUP`);
}

describe('a district\'s own lists', () => {
  let srv, A, g, dir;
  before(async () => {
    srv = await startServer({ users: [{ login: 'ann', name: 'Ann Teacher', password: PW }] });
    dir = path.join(srv.dir, 'lexicon');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'profanity.txt'), '# ours\nfrabjous\n');
  });
  after(() => srv?.stop());

  test('lexicon_dir replaces the shipped lists; a bad file stops serve with file and line', async () => {
    const bad = path.join(srv.dir, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'threats.txt'), 'ok line\n' + 'a b c d e f g h i j\n');
    const r = await run(['serve', '--db', srv.dbPath, '--listen', '127.0.0.1:1'], { env: { STAFFROOM_LEXICON_DIR: bad } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /threats\.txt:2/);

    const own = await startServer({ users: [{ login: 'ann', name: 'Ann Teacher', password: PW }],
      env: { STAFFROOM_LEXICON_DIR: dir } });
    try {
      A = new Client(own.url);
      await A.login('ann', PW);
      g = (await A.post(`${V1}/groups`, { name: 'Staff', purpose: 'All of us', privacy: 'closed' })).json;
      assertProblem(await A.post(`${V1}/groups/${g.id}/posts`, { body: 'A frabjous day' }), 422, 'confirmation_required');
      // the shipped lists are not in use
      assert.equal((await A.post(`${V1}/groups/${g.id}/posts`, { body: 'Oh shit, the copier' })).status, 201);
      // a bad list on SIGHUP is refused and the lists in use stay
      await writeFile(path.join(dir, 'slurs.txt'), 'x'.repeat(100) + '\n');
      await hupAndWait(own, /cannot load the professional-language lists/);
      assertProblem(await A.post(`${V1}/groups/${g.id}/posts`, { body: 'A frabjous day' }), 422, 'confirmation_required');
      // a good one is taken
      await writeFile(path.join(dir, 'slurs.txt'), '');
      await writeFile(path.join(dir, 'profanity.txt'), 'galumphing\n');
      await hupAndWait(own, /lexicon entries/);
      assert.equal((await A.post(`${V1}/groups/${g.id}/posts`, { body: 'A frabjous day' })).status, 201);
      assertProblem(await A.post(`${V1}/groups/${g.id}/posts`, { body: 'galumphing along' }), 422, 'confirmation_required');
    } finally {
      await own.stop();
    }
  });
});
