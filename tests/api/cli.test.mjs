// Black-box tests of the command line: usage and argument checking, `init`,
// `user add|list|deactivate|set-password`, `demo`, the configuration of
// `serve` (INI file < STAFFROOM_* environment < flags) and a graceful stop.
//
// The serve processes here are spawned directly (not with startServer) when a
// test needs to choose the config file, the environment or the flags itself;
// their environment is stripped of any STAFFROOM_* variable the caller had.

import { describe, it, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, run, freePort, startServer } from './lib/server.mjs';
import { Client, anon, assertProblem, parseSetCookie, SESSION_COOKIE } from './lib/client.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- helpers

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* gone */ }
  }
});

function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('STAFFROOM_')) env[k] = v;
  return { ...env, ...extra };
}

async function tmpDir(t) {
  const d = await mkdtemp(path.join(os.tmpdir(), 'staffroom-cli-'));
  if (!process.env.KEEP_TMP) t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

/** Spawns `staffroom serve ARGS` with exactly this STAFFROOM_* environment. */
function spawnServe(args, { env = {}, cwd } = {}) {
  const proc = spawn(BIN, ['serve', ...args], {
    cwd: cwd ?? os.tmpdir(),
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let stderr = '';
  let stdout = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  let status = null;
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      status = { code, signal };
      resolve(status);
    });
    proc.on('error', (err) => { // e.g. the binary is missing or being rebuilt
      children.delete(proc);
      stderr += `\n[test: could not start ${BIN}: ${err.message}]`;
      status = { code: null, signal: null, error: err };
      resolve(status);
    });
  });
  const h = {
    proc,
    exited,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    get status() { return status; },
    /** Resolves when GET /healthz on port answers 200; throws if serve exits first. */
    async ready(port, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (status) {
          throw new Error(`serve ${args.join(' ')} exited (${status.code ?? status.signal}) ` +
            `before answering on port ${port}\nstderr:\n${stderr}`);
        }
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
          await res.arrayBuffer();
          if (res.status === 200) return `http://127.0.0.1:${port}`;
        } catch { /* not yet */ }
        if (Date.now() > deadline) {
          throw new Error(`serve ${args.join(' ')} did not answer on port ${port} within ${ms} ms\n` +
            `stderr:\n${stderr}`);
        }
        await sleep(40);
      }
    },
    /** Waits up to ms for the process to end by itself; null (and SIGKILL) if it did not. */
    async waitExit(ms) {
      let timer;
      const res = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r(null), ms); })]);
      clearTimeout(timer);
      if (!res) {
        proc.kill('SIGKILL');
        await exited;
      }
      return res;
    },
    /** SIGTERM (then SIGKILL after 5 s); resolves to { code, signal, ms }. */
    async stop(sig = 'SIGTERM') {
      if (status) return { ...status, ms: 0 };
      const t0 = Date.now();
      proc.kill(sig);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      const res = await exited;
      clearTimeout(timer);
      return { ...res, ms: Date.now() - t0 };
    },
  };
  return h;
}

/** Serve, killed at the end of the test if still running. */
function serveFor(t, args, opts) {
  const h = spawnServe(args, opts);
  t.after(() => h.stop());
  return h;
}

async function isListening(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function mustRun(args, opts) {
  const r = await run(args, opts);
  assert.equal(r.code, 0, `staffroom ${args.join(' ')} exited ${r.code ?? r.signal}\n` +
    `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

async function addUser(db, login, password, extra = []) {
  return mustRun(['user', 'add', '--db', db, '--login', login, '--name', login, ...extra],
    { input: `${password}\n` });
}

/** POST /api/v1/session without a client; returns { res, cookie } with the parsed session cookie. */
async function rawLogin(url, login, password) {
  const res = await anon(url).post('/api/v1/session', { login, password });
  const cookie = res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
  return { res, cookie };
}

function accessLines(text) {
  const out = [];
  for (const line of text.split('\n')) {
    try {
      const j = JSON.parse(line);
      if (j && j.type === 'access') out.push(j);
    } catch { /* not JSON */ }
  }
  return out;
}

async function waitFor(pred, ms = 3_000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const PW = 'correct horse battery';

// ------------------------------------------------------- 1. usage and args

describe('usage and argument checking', () => {
  it('--help prints the usage with every command on stdout and exits 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /usage: staffroom COMMAND/);
    for (const c of ['serve', 'init', 'demo', 'user']) assert.match(r.stdout, new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('no arguments: exit 2, usage on stderr, nothing on stdout', async () => {
    const r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: staffroom/);
    assert.equal(r.stdout, '');
  });

  it('an unknown command exits 2 and names it', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.match(r.stderr, /usage: staffroom/);
  });

  const helps = {
    serve: ['--config', '--db', '--listen', '--data-dir', '--log-level', '--threads'],
    init: ['--db', '--district'],
    demo: ['--db', '--seed'],
    user: ['add', 'list', 'deactivate', 'set-password', '--db', '--login', '--name', '--title',
      '--role', '--org', '--query'],
  };
  for (const [cmd, opts] of Object.entries(helps)) {
    it(`${cmd} --help exits 0 and names its options`, async () => {
      const r = await run([cmd, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`usage: staffroom ${cmd}\\b`));
      for (const o of opts) assert.ok(r.stdout.includes(o), `${cmd} --help lacks ${o}:\n${r.stdout}`);
    });
  }

  it('user add --help also prints the user usage and exits 0', async () => {
    const r = await run(['user', 'add', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /usage: staffroom user add/);
  });

  it('an unknown option exits 2 with "unexpected argument" and touches nothing', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'x.db');
    for (const args of [
      ['init', '--db', db, '--bogus'],
      ['demo', '--db', db, '--bogus'],
      ['user', 'list', '--db', db, '--bogus'],
      ['serve', '--db', db, '--bogus'],
      ['init', '--db', db, 'stray'],
    ]) {
      const r = await run(args, { timeout: 5_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      const bad = args.at(-1);
      assert.ok(r.stderr.includes(`unexpected argument '${bad}'`), `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /usage: staffroom/, 'the usage follows the complaint');
    }
    assert.equal(existsSync(db), false, 'a rejected command line must not create the database');
  });

  it('the password is never accepted on the command line', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'x.db');
    await mustRun(['init', '--db', db]);
    const r = await run(['user', 'add', '--db', db, '--login', 'pat', '--name', 'Pat', '--password', PW],
      { input: `${PW}\n` });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unexpected argument '--password'/);
  });

  it('an option missing its value exits 2', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'x.db');
    for (const args of [
      ['init', '--db'],
      ['init', '--db', db, '--district'],
      ['demo', '--db'],
      ['serve', '--listen'],
      ['user', 'add', '--db', db, '--name', 'X', '--login'],
    ]) {
      const r = await run(args, { input: `${PW}\n`, timeout: 5_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${args.at(-1)} needs a value`), `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('init and demo without --db, and user without a subcommand, exit 2', async () => {
    for (const args of [['init'], ['demo'], ['user'], ['user', 'list']]) {
      const r = await run(args, { timeout: 5_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /usage: staffroom/, args.join(' '));
    }
  });

  it('an unknown user subcommand exits 2', async (t) => {
    const dir = await tmpDir(t);
    const r = await run(['user', 'promote', '--db', path.join(dir, 'x.db')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown user command 'promote'/);
  });
});

// ------------------------------------------------------------------ 2. init

describe('init', () => {
  it('creates the database and is idempotent', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'new.db');
    const r1 = await mustRun(['init', '--db', db]);
    assert.ok(existsSync(db), 'init created the database file');
    assert.ok((await stat(db)).size > 0, 'the database is not empty');
    assert.match(r1.stdout, /is ready/);
    const r2 = await mustRun(['init', '--db', db]);
    assert.match(r2.stdout, /is ready/);
  });

  it('accepts --option=value as well as --option value', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'eq.db');
    const r = await run(['init', `--db=${db}`, '--district=Hilltop Office']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(db), 'init --db=FILE created FILE');
    const u = await run(['user', 'add', `--db=${db}`, '--login=eq.user', '--name=Eq User'], { input: `${PW}\n` });
    assert.equal(u.code, 0, u.stderr);
    const list = await mustRun(['user', 'list', `--db=${db}`, '--query=eq']);
    assert.match(list.stdout, /^eq\.user\s+Eq User/m);
  });

  it('--district names the one district office, and a second init adds no other', async (t) => {
    const dir = await tmpDir(t);
    const db = path.join(dir, 'd.db');
    await mustRun(['init', '--db', db, '--district', 'Lakeside USD District Office']);
    await mustRun(['init', '--db', db, '--district', 'Lakeside USD District Office']);
    await addUser(db, 'ida.admin', PW);
    const port = await freePort();
    const srv = serveFor(t, ['--db', db, '--listen', `127.0.0.1:${port}`, '--data-dir', path.join(dir, 'data')]);
    const url = await srv.ready(port);
    const c = new Client(url);
    await c.login('ida.admin', PW);
    const orgs = await c.get('/api/v1/orgs');
    assert.equal(orgs.status, 200, orgs.text);
    const districts = orgs.json.items.filter((o) => o.kind === 'district');
    assert.deepEqual(districts.map((o) => o.name), ['Lakeside USD District Office'],
      `orgs: ${orgs.text}`);
  });

  it('without --district the office is called "District Office"', async (t) => {
    const srv = await startServer({ users: [{ login: 'ian', password: PW }] });
    t.after(() => srv.stop());
    const c = new Client(srv.url);
    await c.login('ian', PW);
    const orgs = await c.get('/api/v1/orgs');
    assert.equal(orgs.status, 200, orgs.text);
    assert.deepEqual(orgs.json.items.filter((o) => o.kind === 'district').map((o) => o.name), ['District Office']);
  });
});

// ------------------------------------------------------------------ 3. user

describe('user', () => {
  let dir, db, srv, url;
  const OFFICE = 'Riverside Test Office';

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'staffroom-cli-user-'));
    db = path.join(dir, 'u.db');
    await mustRun(['init', '--db', db, '--district', OFFICE]);
    const port = await freePort();
    srv = spawnServe(['--db', db, '--listen', `127.0.0.1:${port}`, '--data-dir', path.join(dir, 'data')]);
    url = await srv.ready(port);
  });
  after(async () => {
    await srv?.stop();
    if (!process.env.KEEP_TMP) await rm(dir, { recursive: true, force: true });
  });

  it('add reads the password from stdin; the user can sign in with it', async () => {
    const r = await run(['user', 'add', '--db', db, '--login', 'ada.teacher', '--name', 'Ada Teacher'],
      { input: `${PW}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Added ada\.teacher/);
    const { res } = await rawLogin(url, 'ada.teacher', PW);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.role, 'member', 'the default role is member');
    assert.equal((await rawLogin(url, 'ada.teacher', `${PW}\n`)).res.status, 401,
      'the newline that ended the password is not part of it');
  });

  it('add without a password on stdin fails', async () => {
    const r = await run(['user', 'add', '--db', db, '--login', 'no.pw', '--name', 'No Pw'], { input: '' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /password/i);
  });

  it('a password shorter than 8 characters is refused', async () => {
    const r = await run(['user', 'add', '--db', db, '--login', 'short.pw', '--name', 'Short'], { input: 'seven77\n' });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /password/i);
    const list = await mustRun(['user', 'list', '--db', db]);
    assert.doesNotMatch(list.stdout, /short\.pw/, 'the refused user was not created');
  });

  for (const [why, login] of [
    ['uppercase', 'Ada.Upper'],
    ['a space', 'ada upper'],
    ['one character', 'a'],
    ['33 characters', 'a'.repeat(33)],
  ]) {
    it(`a login with ${why} is refused with invalid_login`, async () => {
      const r = await run(['user', 'add', '--db', db, '--login', login, '--name', 'Bad Login'], { input: `${PW}\n` });
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /invalid_login/);
    });
  }

  it('logins of 2 and of 32 characters are accepted', async () => {
    await addUser(db, 'ab', PW);
    await addUser(db, 'b'.repeat(32), PW);
    const list = await mustRun(['user', 'list', '--db', db]);
    assert.match(list.stdout, /^ab\s/m);
    assert.match(list.stdout, new RegExp(`^${'b'.repeat(32)}\\s`, 'm'));
  });

  it('a duplicate login is refused with login_taken', async () => {
    await addUser(db, 'dup.login', PW);
    const r = await run(['user', 'add', '--db', db, '--login', 'dup.login', '--name', 'Other'], { input: `${PW}\n` });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /login_taken/);
  });

  it('--role admin makes an admin (seen in /me); an unknown role is refused', async () => {
    await addUser(db, 'root.admin', PW, ['--role', 'admin']);
    const c = new Client(url);
    await c.login('root.admin', PW);
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal((me.json.user ?? me.json).role, 'admin');

    const r = await run(['user', 'add', '--db', db, '--login', 'boss', '--name', 'Boss', '--role', 'boss'],
      { input: `${PW}\n` });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /role/);
  });

  it('--org must name an existing organisation; a known one is stored', async () => {
    const r = await run(['user', 'add', '--db', db, '--login', 'lost.soul', '--name', 'Lost', '--org', 'Nowhere High'],
      { input: `${PW}\n` });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /Nowhere High/);
    const list = await mustRun(['user', 'list', '--db', db]);
    assert.doesNotMatch(list.stdout, /lost\.soul/);

    await addUser(db, 'org.member', PW, ['--org', OFFICE]);
    const c = new Client(url);
    await c.login('org.member', PW);
    const me = await c.get('/api/v1/me');
    assert.equal((me.json.user ?? me.json).org?.name, OFFICE, me.text);
  });

  it('--title is stored (in /me and in user list)', async () => {
    await addUser(db, 'tia.title', PW, ['--name', 'Tia Title', '--title', 'Grade 3 teacher']);
    const c = new Client(url);
    await c.login('tia.title', PW);
    const me = await c.get('/api/v1/me');
    assert.equal((me.json.user ?? me.json).title, 'Grade 3 teacher', me.text);
    const list = await mustRun(['user', 'list', '--db', db]);
    assert.match(list.stdout, /^tia\.title\s.*Grade 3 teacher/m);
  });

  it('list prints every login and --query filters them', async () => {
    await addUser(db, 'quinn.query', PW);
    await addUser(db, 'zed.other', PW);
    const all = await mustRun(['user', 'list', '--db', db]);
    for (const l of ['ada.teacher', 'quinn.query', 'zed.other', 'root.admin']) {
      assert.match(all.stdout, new RegExp(`^${l.replace('.', '\\.')}\\s`, 'm'), `list lacks ${l}`);
    }
    const q = await mustRun(['user', 'list', '--db', db, '--query', 'quinn']);
    assert.match(q.stdout, /^quinn\.query\s/m);
    assert.doesNotMatch(q.stdout, /zed\.other|ada\.teacher/);
    const none = await mustRun(['user', 'list', '--db', db, '--query', 'nobody-matches-this']);
    assert.equal(none.stdout.trim(), '');
  });

  it('deactivate stops sign-in, ends the session and revokes API tokens', async () => {
    await addUser(db, 'dee.gone', PW);
    const c = new Client(url);
    await c.login('dee.gone', PW);
    const tok = await c.post('/api/v1/tokens', { name: 'cli test' });
    assert.ok(tok.status === 200 || tok.status === 201, tok.text);
    const bearer = new Client(url);
    bearer.token = tok.json.token;
    assert.equal((await c.get('/api/v1/me')).status, 200);
    assert.equal((await bearer.get('/api/v1/me')).status, 200);

    const r = await run(['user', 'deactivate', '--db', db, '--login', 'dee.gone']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Deactivated dee\.gone/);

    assert.equal((await c.get('/api/v1/me')).status, 401, 'the existing session ended');
    assert.equal((await bearer.get('/api/v1/me')).status, 401, 'the API token no longer works');
    const { res } = await rawLogin(url, 'dee.gone', PW);
    assert.equal(res.status, 401, `login after deactivation: ${res.text}`);
    const list = await mustRun(['user', 'list', '--db', db, '--query', 'dee.gone']);
    assert.match(list.stdout, /^dee\.gone\s.*deactivated/m);
  });

  it('set-password: the old password fails, the new one works, old sessions end', async () => {
    const NEW = 'a brand new passphrase';
    await addUser(db, 'sam.pw', PW);
    const c = new Client(url);
    await c.login('sam.pw', PW);
    assert.equal((await c.get('/api/v1/me')).status, 200);

    const r = await run(['user', 'set-password', '--db', db, '--login', 'sam.pw'], { input: `${NEW}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Password changed for sam\.pw/);

    assert.equal((await c.get('/api/v1/me')).status, 401, 'the old session cookie no longer works');
    assert.equal((await rawLogin(url, 'sam.pw', PW)).res.status, 401, 'the old password fails');
    assert.equal((await rawLogin(url, 'sam.pw', NEW)).res.status, 200, 'the new password works');
  });

  it('set-password refuses a short password and keeps the old one', async () => {
    await addUser(db, 'kim.keep', PW);
    const r = await run(['user', 'set-password', '--db', db, '--login', 'kim.keep'], { input: 'short\n' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /password/i);
    assert.equal((await rawLogin(url, 'kim.keep', PW)).res.status, 200);
  });

  it('deactivate and set-password of an unknown login fail with no_such_user', async () => {
    const d = await run(['user', 'deactivate', '--db', db, '--login', 'nobody.here']);
    assert.notEqual(d.code, 0);
    assert.match(d.stderr, /no_such_user/);
    const s = await run(['user', 'set-password', '--db', db, '--login', 'nobody.here'], { input: `${PW}\n` });
    assert.notEqual(s.code, 0);
    assert.match(s.stderr, /no_such_user/);
  });

  it('deactivate and set-password without --login exit 2', async () => {
    for (const sub of ['deactivate', 'set-password']) {
      const r = await run(['user', sub, '--db', db], { input: `${PW}\n` });
      assert.equal(r.code, 2, `${sub}: ${r.stderr}`);
    }
  });
});

// ------------------------------------------------------------------ 4. demo

describe('demo', () => {
  let dir, db;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'staffroom-cli-demo-'));
    db = path.join(dir, 'demo.db'); // a path that does not exist yet
  });
  after(async () => {
    if (!process.env.KEEP_TMP) await rm(dir, { recursive: true, force: true });
  });

  it('fills a new database and says how to sign in, with the counts', async () => {
    assert.equal(existsSync(db), false);
    const r = await run(['demo', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Sign in as maria\.lopez\b.*\bstaffroom-demo\b/);
    assert.match(r.stdout, /\badmin\b/);
    const m = r.stdout.match(/(\d+) people, (\d+) groups, (\d+) posts, (\d+) comments, (\d+) reactions/);
    assert.ok(m, `no counts line in:\n${r.stdout}`);
    for (const n of m.slice(1)) assert.ok(Number(n) > 0, `a zero count in: ${m[0]}`);
  });

  it('refuses to run again on the same database', async () => {
    const r = await run(['demo', '--db', db]);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /empty database/);
  });

  it('refuses a database that init already set up', async (t) => {
    const d = await tmpDir(t);
    const idb = path.join(d, 'init.db');
    await mustRun(['init', '--db', idb]);
    const r = await run(['demo', '--db', idb]);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /empty/);
  });

  it('serves: maria.lopez signs in, her feed has 20 items and a cursor, admin is an admin', async (t) => {
    const port = await freePort();
    const srv = serveFor(t, ['--db', db, '--listen', `127.0.0.1:${port}`, '--data-dir', path.join(dir, 'data')]);
    const url = await srv.ready(port);
    const maria = new Client(url);
    const body = await maria.login('maria.lopez', 'staffroom-demo');
    assert.equal(body.user.role, 'member');
    const feed = await maria.get('/api/v1/feed');
    assert.equal(feed.status, 200, feed.text);
    assert.equal(feed.json.items.length, 20);
    assert.equal(typeof feed.json.next_cursor, 'string');
    assert.ok(feed.json.next_cursor.length > 0);

    const admin = new Client(url);
    await admin.login('admin', 'staffroom-demo');
    const me = await admin.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal((me.json.user ?? me.json).role, 'admin');
  });
});

// -------------------------------------------------- 5. serve configuration

function ini(lines) {
  return `${lines.join('\n')}\n`;
}

describe('serve configuration', () => {
  let dir, db, cfg, dataDir, portA;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'staffroom-cli-cfg-'));
    db = path.join(dir, 'c.db');
    dataDir = path.join(dir, 'files'); // does not exist: serve creates it
    await mustRun(['init', '--db', db]);
    await addUser(db, 'cfg.user', PW);
    portA = await freePort();
    cfg = path.join(dir, 'staffroom.ini');
    await writeFile(cfg, ini([
      '; staffroom test configuration',
      '[server]',
      `listen = 127.0.0.1:${portA}`,
      'log_level = warn',
      'session_ttl_hours = 3',
      'secure_cookies = true',
      '',
      '[storage]',
      `db = ${db}`,
      `data_dir = ${dataDir}`,
    ]));
  });
  after(async () => {
    if (!process.env.KEEP_TMP) await rm(dir, { recursive: true, force: true });
  });

  it('--config FILE: listens on the file\'s port, creates data_dir, honours log_level, ttl and secure cookies',
    async (t) => {
      assert.equal(existsSync(dataDir), false);
      const srv = serveFor(t, ['--config', cfg], { cwd: dir });
      const url = await srv.ready(portA);
      assert.ok((await stat(dataDir)).isDirectory(), 'data_dir was created');

      const { res, cookie } = await rawLogin(url, 'cfg.user', PW);
      assert.equal(res.status, 200, res.text);
      assert.ok(cookie, 'a session cookie');
      assert.equal(cookie.attrs['max-age'], String(3 * 3600), 'Max-Age is session_ttl_hours * 3600');
      assert.equal(cookie.attrs.secure, true, `secure_cookies = true marks the cookie Secure: ${res.headers.getSetCookie()}`);
      const exp = Date.parse(res.json.expires_at);
      assert.ok(Math.abs(exp - (Date.now() + 3 * 3600_000)) < 120_000, `expires_at ${res.json.expires_at}`);
      await anon(url).get('/api/v1/me');
      await sleep(300);
      assert.deepEqual(accessLines(srv.stderr), [], `log_level = warn logs no access lines:\n${srv.stderr}`);
      const stopped = await srv.stop();
      assert.equal(stopped.code, 0);
    });

  it('STAFFROOM_CONFIG names the file when --config is absent', async (t) => {
    const srv = serveFor(t, [], { env: { STAFFROOM_CONFIG: cfg }, cwd: dir });
    await srv.ready(portA);
  });

  it('STAFFROOM_* variables override the file', async (t) => {
    const portB = await freePort();
    const srv = serveFor(t, ['--config', cfg], {
      cwd: dir,
      env: {
        STAFFROOM_LISTEN: `127.0.0.1:${portB}`,
        STAFFROOM_LOG_LEVEL: 'info',
        STAFFROOM_SESSION_TTL_HOURS: '1',
        STAFFROOM_SECURE_COOKIES: 'false',
      },
    });
    const url = await srv.ready(portB);
    assert.equal(await isListening(portA), false, 'not listening on the file\'s port');
    const { res, cookie } = await rawLogin(url, 'cfg.user', PW);
    assert.equal(res.status, 200, res.text);
    assert.equal(cookie.attrs['max-age'], '3600');
    assert.equal(cookie.attrs.secure, undefined, 'STAFFROOM_SECURE_COOKIES=false wins over the file');
    await waitFor(() => accessLines(srv.stderr).length > 0, 3_000, 'an access line at log level info');
  });

  it('flags override both the environment and the file', async (t) => {
    const portB = await freePort();
    const portC = await freePort();
    const srv = serveFor(t, ['--config', cfg, '--listen', `127.0.0.1:${portC}`, '--log-level', 'warn'], {
      cwd: dir,
      env: { STAFFROOM_LISTEN: `127.0.0.1:${portB}`, STAFFROOM_LOG_LEVEL: 'info' },
    });
    const url = await srv.ready(portC);
    assert.equal(await isListening(portB), false, 'not listening on STAFFROOM_LISTEN');
    assert.equal(await isListening(portA), false, 'not listening on the file\'s port');
    await anon(url).get('/api/v1/me');
    await sleep(300);
    assert.deepEqual(accessLines(srv.stderr), [], `--log-level warn wins over STAFFROOM_LOG_LEVEL:\n${srv.stderr}`);
  });

  async function expectFailure(t, { args = [], env = {}, file, pattern, code }) {
    const port = await freePort();
    let a = ['--db', db, '--data-dir', dataDir, ...args];
    if (file !== undefined) {
      const f = path.join(dir, `bad-${port}.ini`);
      await writeFile(f, ini(['[server]', `listen = 127.0.0.1:${port}`, ...file]));
      a = ['--config', f, ...a];
    } else {
      env = { STAFFROOM_LISTEN: `127.0.0.1:${port}`, ...env };
    }
    const srv = spawnServe(a, { env, cwd: dir });
    t.after(() => srv.stop());
    const res = await srv.waitExit(3_000);
    assert.ok(res, `serve ${a.join(' ')} should have exited quickly; stderr:\n${srv.stderr}`);
    assert.notEqual(res.code, 0, `exit status: ${JSON.stringify(res)}`);
    assert.equal(res.signal, null);
    if (code !== undefined) assert.equal(res.code, code);
    assert.match(srv.stderr, pattern);
  }

  it('a bad value in the file (threads = lots) stops serve with a message', async (t) => {
    await expectFailure(t, { file: ['threads = lots'], pattern: /threads/ });
  });

  it('an unknown key in the file stops serve with a message', async (t) => {
    await expectFailure(t, { file: ['', '[storage]', 'colour = blue'], pattern: /colour/ });
  });

  it('a config file that does not exist stops serve', async (t) => {
    await expectFailure(t, { args: ['--config', path.join(dir, 'missing.ini')], pattern: /missing\.ini/ });
  });

  it('a bad environment value (STAFFROOM_MAX_BODY=abc) stops serve with a message', async (t) => {
    await expectFailure(t, { env: { STAFFROOM_MAX_BODY: 'abc' }, pattern: /STAFFROOM_MAX_BODY/ });
  });

  it('a bad log level in the environment stops serve', async (t) => {
    await expectFailure(t, { env: { STAFFROOM_LOG_LEVEL: 'chatty' }, pattern: /STAFFROOM_LOG_LEVEL/ });
  });

  it('a bad flag value (--threads lots) exits 2', async (t) => {
    await expectFailure(t, { args: ['--threads', 'lots'], pattern: /--threads/, code: 2 });
  });

  it('a data_dir whose parent is missing is created too (README: "created if missing")', async (t) => {
    const nested = path.join(dir, 'deep', 'er', 'files');
    const port = await freePort();
    const srv = serveFor(t, ['--db', db, '--listen', `127.0.0.1:${port}`, '--data-dir', nested], { cwd: dir });
    await srv.ready(port);
    assert.ok(existsSync(nested));
  });
});

describe('serve limits and logs', () => {
  it('max_body: a body over STAFFROOM_MAX_BODY answers 413 body_too_large', async (t) => {
    const srv = await startServer({
      users: [{ login: 'max.body', password: PW }],
      env: { STAFFROOM_MAX_BODY: '2048' },
    });
    t.after(() => srv.stop());
    const c = new Client(srv.url);
    await c.login('max.body', PW);
    const small = await c.post('/api/v1/groups', { name: 'Small body', purpose: 'p'.repeat(900) });
    assert.equal(small.status, 201, `a 1 KB body is accepted: ${small.text}`);
    const big = await c.post('/api/v1/groups', { name: 'Big body', purpose: 'p'.repeat(3000) });
    assertProblem(big, 413, 'body_too_large');
  });

  it('info logs one access line per request with req, route and status, and no secrets', async (t) => {
    const user = { login: 'log.user', password: 'secret-passphrase-4821' };
    const srv = await startServer({ users: [user] });
    t.after(() => srv.stop());

    const wrong = 'wrong-passphrase-7730';
    assert.equal((await rawLogin(srv.url, user.login, wrong)).res.status, 401);
    const { res, cookie } = await rawLogin(srv.url, user.login, user.password);
    assert.equal(res.status, 200, res.text);
    assert.equal(cookie.attrs['max-age'], String(12 * 3600), 'the default ttl is 12 hours');
    assert.equal(cookie.attrs.secure, undefined, 'cookies are not Secure by default');

    const c = new Client(srv.url);
    await c.login(user.login, user.password);
    const tok = await c.post('/api/v1/tokens', { name: 'log test' });
    assert.ok(tok.status === 200 || tok.status === 201, tok.text);
    const bearer = new Client(srv.url);
    bearer.token = tok.json.token;
    const me = await bearer.get('/api/v1/me');
    assert.equal(me.status, 200);
    const rid = me.headers.get('x-request-id');
    assert.ok(rid, 'X-Request-Id');

    const line = await srv.waitForLog((l) => l && l.type === 'access' && l.req === rid);
    assert.equal(line.route, '/api/v1/me');
    assert.equal(line.status, 200);
    const logins = srv.jsonLogs().filter((l) => l.type === 'access' && l.route === '/api/v1/session');
    assert.ok(logins.length >= 3, 'the sign-ins were logged');
    assert.ok(logins.some((l) => l.status === 401) && logins.some((l) => l.status === 200));
    for (const l of logins) for (const f of ['req', 'route', 'status']) assert.ok(f in l, `access line lacks ${f}`);

    const all = srv.logs.join('\n');
    for (const [what, secret] of [
      ['password', user.password], ['wrong password', wrong], ['session cookie', cookie.value],
      ['csrf token', res.json.csrf_token], ['second session', c.cookies.get(SESSION_COOKIE)],
      ['api token', tok.json.token],
    ]) {
      assert.ok(secret && secret.length >= 8, `have a ${what}`);
      assert.equal(all.includes(secret), false, `the ${what} appears in the log`);
    }
  });
});

// ---------------------------------------------------------- 6. stop/restart

test('SIGTERM stops serve with 0 within 5 s; a restart keeps the data', async (t) => {
  const dir = await tmpDir(t);
  const db = path.join(dir, 's.db');
  await mustRun(['init', '--db', db]);
  await addUser(db, 'stop.user', PW);
  const port = await freePort();
  const args = ['--db', db, '--listen', `127.0.0.1:${port}`, '--data-dir', path.join(dir, 'data')];

  const first = serveFor(t, args, { cwd: dir });
  const url = await first.ready(port);
  const c = new Client(url);
  await c.login('stop.user', PW);
  const g = await c.post('/api/v1/groups', { name: 'Survives restart', purpose: 'checking durability' });
  assert.equal(g.status, 201, g.text);
  const res = await first.stop('SIGTERM');
  assert.equal(res.signal, null, `serve was killed (${res.signal}) instead of exiting`);
  assert.equal(res.code, 0);
  assert.ok(res.ms < 5_000, `took ${res.ms} ms`);
  assert.equal(await isListening(port), false);

  const second = serveFor(t, args, { cwd: dir });
  await second.ready(port);
  const c2 = new Client(url);
  await c2.login('stop.user', PW);
  const got = await c2.get(`/api/v1/groups/${g.json.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.name, 'Survives restart');
  const res2 = await second.stop('SIGINT');
  assert.equal(res2.code, 0, 'SIGINT stops serve with 0 too');
});
