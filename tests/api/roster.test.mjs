// Black-box tests of `staffroom import roster`: OneRoster and simple CSV
// files written to a temporary folder, imported through the CLI; the summary
// lines, the exit codes and the file:line:column of refusals; that a refused
// import changes nothing; and that after an import no /api/v1 route shows a
// student to staff.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run, startServer } from './lib/server.mjs';
import { Client } from './lib/client.mjs';

async function tmpDir(t) {
  const d = await mkdtemp(path.join(os.tmpdir(), 'staffroom-roster-'));
  if (!process.env.KEEP_TMP) t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

async function folder(base, name, files) {
  const d = path.join(base, name);
  await mkdir(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(path.join(d, f), text);
  return d;
}

const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n' +
  'dist,active,2026-11-01,Riverside USD,district,,\r\n' +
  'org1,active,2026-11-01,Lincoln Elementary,school,LE,dist\r\n' +
  'org2,active,2026-11-01,Adams Middle,school,AM,dist\r\n';
const USERS_HEAD = 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,' +
  'userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,' +
  'password,metadata.photo_ok\r\n';
const NAMES = ['Quillonette', 'Zabrowskiva', 'Ferriwether'];
const USERS = '\ufeff' + USERS_HEAD +
  `s1,active,2026-11-01,true,org1,student,,,Maria,${NAMES[0]},,S1001,,,,,03,,Y\r\n` +
  `s2,active,2026-11-01,true,org2,student,,,"Jean ""JJ""",${NAMES[1]},,S1002,,,,,07,,N\r\n` +
  `s3,active,2026-11-01,true,org2,student,,,Sam,${NAMES[2]},,S1003,,,,,08,,\r\n` +
  't1,active,2026-11-01,true,org1,teacher,,,Ann,Teacher,,,,,,,,,\r\n';
const CONSENT = ['--consent-column', 'metadata.photo_ok', '--consent-granted', 'Y', '--consent-refused', 'N'];

function noNames(text) {
  for (const n of NAMES) assert.ok(!text.includes(n), `output names a student (${n}):\n${text}`);
}

describe('staffroom import roster', () => {
  test('--help explains the formats and exits 0; bad arguments exit 2', async () => {
    const help = await run(['import', 'roster', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /OneRoster 1\.1 or 1\.2/);
    assert.match(help.stdout, /--consent-column/);
    assert.equal((await run(['import', 'roster', '--db', '/tmp/x.db'])).code, 2);
    assert.equal((await run(['import', 'roster', '--db', '/tmp/x.db', '--bogus', '/tmp'])).code, 2);
    assert.equal((await run(['import'])).code, 2);
    const main = await run(['--help']);
    assert.match(main.stdout, /import/);
  });

  test('a OneRoster 1.1 bulk export, then a delta, with plain summary lines', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'staffroom.db');
    const bulk = await folder(dir, 'bulk', { 'orgs.csv': ORGS, 'users.csv': USERS });
    const res = await run(['import', 'roster', '--db', db, ...CONSENT, bulk]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout,
      /^Imported 3 students from 2 schools: 3 added, 0 updated, 0 removed \(\d+\.\d s\)\n/);
    assert.match(res.stdout, /oneroster-1\.1 bulk, orgs\.csv,users\.csv; 0 unchanged; 3 students are on the roster/);
    assert.ok(!res.stderr.includes('\r'), 'no progress bar when stderr is not a terminal');
    const audit = res.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
      .find((j) => j.event === 'roster.import');
    assert.ok(audit, `an audit line in the log:\n${res.stderr}`);
    assert.equal(audit.added, 3);
    assert.equal(audit.mode, 'bulk');
    noNames(res.stdout + res.stderr);

    const delta = await folder(dir, 'delta', {
      'manifest.csv': 'propertyName,value\noneroster.version,1.1\nfile.users,delta\n',
      'users.csv': 'sourcedId,status,dateLastModified,orgSourcedIds,role,givenName,familyName,grades\n' +
        `s1,active,2026-11-02,org1,student,Maria,${NAMES[0]},04\n` +
        's2,tobedeleted,2026-11-02,,student,,,\n',
    });
    const d = await run(['import', 'roster', '--db', db, delta]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Imported 1 student from 1 school: 0 added, 1 updated, 1 removed/);
    assert.match(d.stdout, /delta, manifest\.csv,users\.csv; 0 unchanged; 2 students are on the roster/);

    // The same bulk again: s2 comes back, s1's grade goes back; nothing else.
    const again = await run(['import', 'roster', '--db', db, ...CONSENT, '--dry-run', bulk]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Dry run: would import 3 students from 2 schools: 1 added, 1 updated, 0 removed/);
    assert.match(again.stdout, /1 unchanged; 3 students would be on the roster \(nothing was changed\)/);
  });

  test('a bad file is refused with file, line and column, and changes nothing', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'staffroom.db');
    const good = await folder(dir, 'good', {
      'students.csv': 'id,given,family,preferred,school,grade,media_consent\n' +
        `1,Ava,${NAMES[0]},,Lincoln Elementary,KG,yes\n2,Ben,${NAMES[1]},,Adams Middle,07,no\n`,
    });
    assert.equal((await run(['import', 'roster', '--db', db, good])).code, 0);
    const bad = await folder(dir, 'bad', {
      'students.csv': 'id,given,family,preferred,school,grade,media_consent\n' +
        `1,Zed,${NAMES[0]},,Lincoln Elementary,01,yes\n3,Cy,New,,Adams Middle,07,\n` +
        `4,Di,${NAMES[2]},,Adams Middle,seventh,\n`,
    });
    const res = await run(['import', 'roster', '--db', db, bad]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /staffroom: students\.csv:4:\d+: grade: expected a OneRoster grade/);
    assert.match(res.stderr, /nothing was imported; the roster is unchanged/);
    noNames(res.stdout + res.stderr);
    const check = await run(['import', 'roster', '--db', db, '--dry-run', good]);
    assert.match(check.stdout, /0 added, 0 updated, 0 removed/);

    const quote = await folder(dir, 'quote', {
      'students.csv': 'id,given,family\n1,"Ava,Stone\n',
    });
    const q = await run(['import', 'roster', '--db', db, quote]);
    assert.equal(q.code, 1);
    assert.match(q.stderr, /students\.csv:2:3: expected a closing quote/);

    const empty = await folder(dir, 'empty', { 'notes.txt': 'nothing here' });
    const e = await run(['import', 'roster', '--db', db, empty]);
    assert.equal(e.code, 1);
    assert.match(e.stderr, /expected a OneRoster export .* or a students\.csv/);
  });

  test('large counts are grouped by thousands', async (t) => {
    const dir = await tmpDir(t);
    const rows = ['id,given,family,grade'];
    for (let i = 0; i < 1234; i++) rows.push(`${i},Given${i},Family${i},${String((i % 12) + 1).padStart(2, '0')}`);
    const big = await folder(dir, 'big', { 'students.csv': rows.join('\r\n') + '\r\n' });
    const res = await run(['import', 'roster', '--db', path.join(dir, 'staffroom.db'), big]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Imported 1,234 students from 0 schools: 1,234 added/);
  });

  test('no /api/v1 route shows a student after an import', async (t) => {
    const srv = await startServer({ users: [{ login: 'admin', password: 'correct horse battery', role: 'admin' }] });
    t.after(() => srv.stop());
    const dir = await tmpDir(t);
    const bulk = await folder(dir, 'bulk', { 'orgs.csv': ORGS, 'users.csv': USERS });
    const res = await run(['import', 'roster', '--db', srv.dbPath, ...CONSENT, bulk]);
    assert.equal(res.code, 0, res.stderr);
    const c = new Client(srv.url);
    await c.login('admin', 'correct horse battery');
    for (const n of NAMES) {
      const r = await c.get(`/api/v1/users?q=${encodeURIComponent(n)}`);
      assert.equal(r.status, 200);
      noNames(r.text);
    }
    for (const p of ['/api/v1/users?limit=100', '/api/v1/orgs', '/api/v1/me', '/api/v1/groups',
      '/api/v1/feed', '/api/v1/notifications', '/api/v1/admin/jobs']) {
      const r = await c.get(p);
      assert.ok(r.status < 500, `${p} answered ${r.status}`);
      noNames(r.text);
    }
  });
});
