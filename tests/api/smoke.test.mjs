// Smoke test: a fresh district with one user starts, answers /healthz,
// refuses a wrong password with a problem, and signs the user in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem, parseSetCookie, SESSION_COOKIE } from './lib/client.mjs';

const USER = {
  login: 'ada.teacher',
  name: 'Ada Teacher',
  password: 'correct horse battery staple',
  title: 'Grade 5 teacher',
};

test('a fresh server answers healthz, refuses a wrong password and signs a user in', async (t) => {
  const srv = await startServer({ users: [USER] });
  t.after(() => srv.stop());

  const health = await anon(srv.url).get('/healthz');
  assert.equal(health.status, 200, `healthz: ${health.text}`);

  const bad = await anon(srv.url).post('/api/v1/session', { login: USER.login, password: 'wrong password' });
  assertProblem(bad, 401, 'invalid_credentials');
  assert.equal(bad.headers.getSetCookie().some((c) => parseSetCookie(c).name === SESSION_COOKIE &&
    parseSetCookie(c).value !== ''), false, 'a failed login must not set a session cookie');

  const raw = await anon(srv.url).post('/api/v1/session', { login: USER.login, password: USER.password });
  assert.equal(raw.status, 200, `login: ${raw.text}`);
  const session = raw.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
  assert.ok(session && session.value, 'login sets the staffroom_session cookie');
  assert.ok(session.attrs.httponly, 'the session cookie is HttpOnly');

  const c = new Client(srv.url);
  const body = await c.login(USER.login, USER.password);
  assert.equal(typeof body.csrf_token, 'string');
  assert.ok(body.csrf_token.length > 0, 'csrf_token is not empty');
  assert.equal(body.user?.login, USER.login);

  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200, `me: ${me.text}`);
  const meUser = me.json?.user ?? me.json;
  assert.equal(meUser?.login, USER.login);
});
