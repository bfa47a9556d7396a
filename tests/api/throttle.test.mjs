// Sign-in throttling: 5 failures per account and 20 per address in 15
// minutes, then 429 too_many_attempts with Retry-After, even for the right
// password. Unknown logins fail exactly like wrong passwords. This file has
// its own server because it uses up the address's whole allowance; the steps
// run in order and count the failures they spend (see `ipFailures`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem, parseSetCookie, SESSION_COOKIE } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const PER_ACCOUNT = 5;
const PER_ADDRESS = 20;
const WINDOW_S = 15 * 60;

let srv;
let ipFailures = 0; // failed sign-ins from 127.0.0.1 so far

before(async () => {
  srv = await startServer({
    users: ['tina', 'otto', 'wendy', 'uma'].map((login) => ({ login, name: login, password: PW })),
  });
});

after(async () => {
  await srv?.stop();
});

async function signIn(login, password) {
  const started = performance.now();
  const res = await anon(srv.url).post(`${V1}/session`, { login, password });
  res.ms = performance.now() - started;
  return res;
}

function noSessionCookie(res) {
  const ck = res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
  assert.ok(!ck || ck.value === '', `no session cookie: ${res.headers.getSetCookie()}`);
}

async function fail(login, password = 'wrong password!') {
  const res = await signIn(login, password);
  assertProblem(res, 401, 'invalid_credentials');
  noSessionCookie(res);
  ipFailures++;
  return res;
}

function assertThrottled(res) {
  const p = assertProblem(res, 429, 'too_many_attempts');
  noSessionCookie(res);
  const ra = res.headers.get('retry-after');
  assert.match(ra ?? '', /^\d+$/, `Retry-After is a number of seconds: "${ra}"`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= WINDOW_S + 1, `Retry-After ${ra} is within the 15-minute window`);
  return p;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const comparable = (p) => { const { request_id: _, ...rest } = p; return rest; };

test('unknown logins answer exactly like wrong passwords', async () => {
  // Interleaved, so that whatever else the machine does slows both alike.
  const wrong = [];
  const unknown = [];
  for (let i = 0; i < 3; i++) {
    wrong.push(await fail('wendy'));
    unknown.push(await fail('nobody.here'));
  }
  const invalid = await fail('Not A Login!');
  const tooLong = await fail('x'.repeat(40));
  const ref = comparable(wrong[0].json);
  for (const r of [...wrong, ...unknown, invalid, tooLong]) {
    assert.deepEqual(comparable(r.json), ref, 'same status, code, title, type and detail');
    assert.equal(r.headers.get('content-type'), wrong[0].headers.get('content-type'));
    assert.equal(r.headers.get('www-authenticate'), wrong[0].headers.get('www-authenticate'));
  }
  // An unknown login costs a password hash too, so timing does not tell
  // which logins exist. (Loose bound: the hash takes tens of ms, a lookup
  // without it well under one, a ratio of 0.05 or less.)
  const mw = median(wrong.map((r) => r.ms));
  const mu = median(unknown.map((r) => r.ms));
  assert.ok(mu >= mw * 0.25, `unknown login ${mu.toFixed(1)} ms vs wrong password ${mw.toFixed(1)} ms`);
  assert.equal(ipFailures, 8);
});

test('5 wrong passwords lock the account: the 6th attempt, even right, answers 429 with Retry-After', async () => {
  for (let i = 1; i <= PER_ACCOUNT; i++) await fail('tina');
  assert.equal(ipFailures, 13);
  assertThrottled(await signIn('tina', PW));
  // The lock is on the account, however the login is typed.
  assertThrottled(await signIn('TINA', PW));
  // A throttled attempt is refused before the password is checked.
  const again = await signIn('tina', 'wrong password!');
  assertThrottled(again);
});

test('a different account from the same address still signs in', async () => {
  const c = new Client(srv.url);
  const res = await c.login('otto', PW);
  assert.equal(res.user.login, 'otto');
  const me = await c.get(`${V1}/me`);
  assert.equal(me.status, 200, me.text);
  otto = c;
});

let otto;

test('the account lock holds across a restart', async () => {
  await srv.restart();
  assertThrottled(await signIn('tina', PW));
  const me = await otto.get(`${V1}/me`);
  assert.equal(me.status, 200, `a session survives the restart: ${me.text}`);
});

test(`after ${PER_ADDRESS} failures from one address, every sign-in from it answers 429`, async () => {
  // Spread over fresh logins, so that no account reaches its own limit.
  let n = 0;
  while (ipFailures < PER_ADDRESS) await fail(`filler.${n++}`);
  assert.equal(ipFailures, PER_ADDRESS);
  assertThrottled(await signIn('otto', PW));
  assertThrottled(await signIn('uma', PW));
  assertThrottled(await signIn('someone.new', 'whatever password'));
  // Signed-in people are not affected: only sign-in is throttled.
  const me = await otto.get(`${V1}/me`);
  assert.equal(me.status, 200, me.text);
});
