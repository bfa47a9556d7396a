// Every route of src/api/routes.c, its happy path and its documented errors,
// against one real server with a fresh district. The tests run in order and
// share the district they build up: each describe() block makes the groups,
// posts and memberships it needs and says so. The last block checks, from
// /metrics, that every route in the route table answered 2xx at least once,
// so a route added to the table without a test here makes this file fail.
// (tests/api/openapi.test.mjs checks that docs/openapi.yaml agrees with the
// same table.)

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, run } from './lib/server.mjs';
import { Client, anon, assertProblem, parseSetCookie, SESSION_COOKIE } from './lib/client.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const V1 = '/api/v1';

const PW = 'correct horse battery staple';
const USERS = [
  { login: 'alice', name: 'Alice Anders', password: PW, title: 'Grade 5 teacher' },
  { login: 'bob', name: 'Bob Brown', password: PW, title: 'Bus driver' },
  { login: 'carol', name: 'Carol Chen', password: PW, title: 'Librarian' },
  { login: 'dave', name: 'Dave Diaz', password: PW, title: 'Counselor' },
  { login: 'erin', name: 'Erin Evans', password: PW, title: 'Cafeteria lead' },
  { login: 'fay', name: 'Fay Fischer', password: PW, title: 'Art teacher' },
  { login: 'sam', name: 'Sam Session', password: PW },
  { login: 'root', name: 'Rita Root', password: PW, role: 'admin', title: 'IT' },
];

let srv;
let A; // alice, cookie session
let B; // bob
let C; // carol
let D; // dave
let F; // fay
let R; // root, a system admin
const id = {}; // login -> user id

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

before(async () => {
  // A short SSE heartbeat, so that a closed stream is noticed (and counted) quickly.
  srv = await startServer({ users: USERS, env: { STAFFROOM_SSE_HEARTBEAT_MS: '200' } });
  // One person in the district office, to filter the directory by org.
  const add = await run(['user', 'add', '--db', srv.dbPath, '--login', 'olga', '--name', 'Olga Office',
    '--title', 'Payroll', '--org', 'District Office'], { input: `${PW}\n` });
  assert.equal(add.code, 0, `user add --org: ${add.stderr}`);
  const clients = {};
  for (const u of ['alice', 'bob', 'carol', 'dave', 'fay', 'root']) {
    clients[u] = new Client(srv.url);
    const res = await clients[u].login(u, PW);
    id[u] = res.user.id;
  }
  ({ alice: A, bob: B, carol: C, dave: D, fay: F, root: R } = clients);
});

after(async () => {
  await srv?.stop();
});

// ---- helpers ----

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  if (status !== 204) {
    assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, `content-type of ${res.text}`);
  }
  return res.json;
}

async function mkGroup(client, body) {
  return ok(await client.post(`${V1}/groups`, { purpose: 'For the tests to have somewhere to talk.', ...body }), 201);
}

async function mkPost(client, groupId, body) {
  return ok(await client.post(`${V1}/groups/${groupId}/posts`, { body }), 201);
}

async function mkComment(client, postId, body, parentId) {
  const b = parentId === undefined ? { body } : { body, parent_id: parentId };
  return ok(await client.post(`${V1}/posts/${postId}/comments`, b), 201);
}

/** Follows next_cursor from path (which has no query or a query) to the end. */
async function allPages(client, p, limit) {
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 1000; i++) {
    const sep = p.includes('?') ? '&' : '?';
    const q = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = ok(await client.get(p + q));
    assert.ok(Array.isArray(page.items), `items in ${JSON.stringify(page)}`);
    assert.ok(page.items.length <= limit, `a page holds at most limit=${limit} items`);
    seen.push(page);
    if (page.next_cursor === null) return seen;
    assert.equal(typeof page.next_cursor, 'string', 'next_cursor is a string or null');
    assert.equal(page.items.length, limit, 'a page that has a next page is full');
    cursor = page.next_cursor;
  }
  throw new Error('pagination did not end');
}

/** A client that sends only the given session cookie value (no CSRF token). */
function withCookie(value, csrf = null) {
  const c = new Client(srv.url);
  c.cookies.set(SESSION_COOKIE, value);
  c.csrf = csrf;
  return c;
}

function withToken(token) {
  const c = new Client(srv.url);
  c.token = token;
  return c;
}

function sessionCookie(res) {
  return res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
}

// ---- system ----

describe('system endpoints', () => {
  test('GET /healthz answers 200 JSON without signing in', async () => {
    const res = await anon(srv.url).get('/healthz');
    const body = ok(res);
    assert.equal(body.status, 'ok');
    assert.ok(Number.isInteger(body.schema_version) && body.schema_version > 0, res.text);
  });

  test('GET /metrics answers Prometheus text with per-route request durations', async () => {
    await anon(srv.url).get('/healthz');
    await A.get(`${V1}/me`);
    const res = await anon(srv.url).get('/metrics');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain\b/);
    assert.match(res.text, /^# TYPE staffroom_http_request_duration_seconds histogram$/m);
    const m = res.text.match(/^staffroom_http_request_duration_seconds_count\{route="\/api\/v1\/me",method="GET"\} (\d+)$/m);
    assert.ok(m, 'a duration series labelled with the route pattern /api/v1/me');
    assert.ok(Number(m[1]) >= 1, `count for /api/v1/me is ${m[1]}`);
    assert.match(res.text, /^staffroom_http_request_duration_seconds_bucket\{route="\/healthz",method="GET",le="\+Inf"\} [1-9]\d*$/m);
    // No district data in the metrics.
    assert.doesNotMatch(res.text, /alice|Alice Anders/);
  });

  test('an unknown path answers 404 not_found and a known path with another method 405', async () => {
    assertProblem(await A.get(`${V1}/nothing-here`), 404, 'not_found');
    assertProblem(await anon(srv.url).get('/api/v2/groups'), 404, 'not_found');
    assertProblem(await A.put(`${V1}/groups`, {}), 405, 'method_not_allowed');
    assertProblem(await A.delete(`${V1}/feed`), 405, 'method_not_allowed');
  });
});

// ---- session ----

describe('POST/DELETE /session and GET /me', () => {
  test('signing in answers the user and a CSRF token and sets an HttpOnly, SameSite=Lax, Path=/ cookie', async () => {
    const res = await anon(srv.url).post(`${V1}/session`, { login: 'sam', password: PW });
    const body = ok(res);
    assert.equal(body.user.login, 'sam');
    assert.equal(body.user.name, 'Sam Session');
    assert.equal(body.user.status, 'active');
    assert.equal(typeof body.csrf_token, 'string');
    assert.ok(body.csrf_token.length >= 16, 'a CSRF token of some length');
    assert.match(body.expires_at, ISO);
    assert.ok(Date.parse(body.expires_at) > Date.now(), 'the session expires in the future');
    assert.doesNotMatch(JSON.stringify(body.user), /password|hash/i, 'no password hash in the user');
    const ck = sessionCookie(res);
    assert.ok(ck && ck.value.length >= 16, `a ${SESSION_COOKIE} cookie`);
    assert.equal(ck.attrs.httponly, true, 'HttpOnly');
    assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax');
    assert.equal(ck.attrs.path, '/', 'Path=/');
    assert.ok(Number(ck.attrs['max-age']) > 0, 'Max-Age is positive');
    const drift = Math.abs(Date.parse(body.expires_at) - (Date.now() + Number(ck.attrs['max-age']) * 1000));
    assert.ok(drift < 60_000, `expires_at ${body.expires_at} agrees with Max-Age=${ck.attrs['max-age']}`);
    assert.notEqual(ck.value, body.csrf_token, 'the CSRF token is not the session id');
  });

  test('logins are case-insensitive', async () => {
    const res = await anon(srv.url).post(`${V1}/session`, { login: 'SaM', password: PW });
    assert.equal(ok(res).user.login, 'sam');
  });

  test('a wrong password answers 401 invalid_credentials and sets no cookie', async () => {
    const res = await anon(srv.url).post(`${V1}/session`, { login: 'sam', password: 'not the password' });
    assertProblem(res, 401, 'invalid_credentials');
    const ck = sessionCookie(res);
    assert.ok(!ck || ck.value === '', 'no session cookie on a failed sign-in');
  });

  test('GET /me answers the signed-in person, 401 without a session or with a forged one', async () => {
    const me = ok(await A.get(`${V1}/me`));
    assert.equal(me.id, id.alice);
    assert.equal(me.login, 'alice');
    assert.equal(me.name, 'Alice Anders');
    assert.equal(me.title, 'Grade 5 teacher');
    assert.equal(me.role, 'member');
    assert.equal(me.status, 'active');
    assert.match(me.created_at, ISO);
    assert.equal(ok(await R.get(`${V1}/me`)).role, 'admin');
    assertProblem(await anon(srv.url).get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await withCookie('x'.repeat(43)).get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await withCookie('short').get(`${V1}/me`), 401, 'unauthenticated');
  });

  test('GET /session answers the person and the cookie session\'s CSRF token; a bearer has none', async () => {
    const cur = ok(await A.get(`${V1}/session`));
    assert.equal(cur.user.login, 'alice');
    assert.equal(cur.csrf_token, A.csrf);
    assertProblem(await anon(srv.url).get(`${V1}/session`), 401, 'unauthenticated');
  });

  test('signing in again rotates the session id: the old cookie stops working', async () => {
    const c = new Client(srv.url);
    const first = await c.login('sam', PW);
    const oldCookie = c.cookies.get(SESSION_COOKIE);
    ok(await c.get(`${V1}/me`));
    const second = await c.login('sam', PW); // sends the old cookie along
    const newCookie = c.cookies.get(SESSION_COOKIE);
    assert.notEqual(newCookie, oldCookie, 'a new session id');
    assert.notEqual(second.csrf_token, first.csrf_token, 'a new CSRF token');
    assertProblem(await withCookie(oldCookie).get(`${V1}/me`), 401, 'unauthenticated');
    assert.equal(ok(await c.get(`${V1}/me`)).login, 'sam');
  });

  test('DELETE /session without the CSRF header is refused and the session lives on', async () => {
    const c = new Client(srv.url);
    await c.login('sam', PW);
    assertProblem(await c.delete(`${V1}/session`, undefined, { noCsrf: true }), 403, 'csrf_failed');
    ok(await c.get(`${V1}/me`));
  });

  test('DELETE /session logs out: 204, the cookie is cleared, the old cookie then gets 401', async () => {
    const c = new Client(srv.url);
    await c.login('sam', PW);
    const cookie = c.cookies.get(SESSION_COOKIE);
    const csrf = c.csrf;
    const res = await c.logout();
    assert.equal(res.status, 204, res.text);
    const ck = sessionCookie(res);
    assert.ok(ck, 'logout sets the cookie again to clear it');
    assert.equal(ck.value, '', 'the cleared cookie is empty');
    assert.ok(Number(ck.attrs['max-age']) <= 0 || Date.parse(ck.attrs.expires) <= Date.now(), 'and expired');
    const old = withCookie(cookie, csrf);
    assertProblem(await old.get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await old.delete(`${V1}/session`), 401, 'unauthenticated');
    assertProblem(await old.post(`${V1}/tokens`, { name: 'after logout' }), 401, 'unauthenticated');
  });

  test('DELETE /session without any session answers 401', async () => {
    assertProblem(await anon(srv.url).delete(`${V1}/session`), 401, 'unauthenticated');
  });
});

// ---- tokens and CSRF ----

describe('tokens and CSRF', () => {
  let tok; // alice's token JSON
  let AT; // alice by bearer

  test('POST /tokens answers 201 with the token once; GET /tokens lists it without the secret', async () => {
    tok = ok(await A.post(`${V1}/tokens`, { name: 'ci robot' }), 201);
    assert.ok(Number.isInteger(tok.id) && tok.id > 0);
    assert.equal(tok.name, 'ci robot');
    assert.equal(typeof tok.token, 'string');
    assert.ok(tok.token.length >= 32, 'a long random token');
    const dflt = ok(await A.post(`${V1}/tokens`), 201);
    assert.equal(dflt.name, 'API token', 'a token without a name gets the default name');
    assert.notEqual(dflt.token, tok.token);
    const list = ok(await A.get(`${V1}/tokens`));
    assert.deepEqual(list.items.map((t) => [t.id, t.name]), [[tok.id, 'ci robot'], [dflt.id, 'API token']]);
    for (const t of list.items) {
      assert.match(t.created_at, ISO);
      assert.ok(!('token' in t), 'the list never shows the secret');
      assert.ok(!JSON.stringify(t).includes(tok.token));
    }
    assert.equal(list.next_cursor, null);
    // Tokens are per person.
    assert.deepEqual(ok(await B.get(`${V1}/tokens`)).items, []);
    AT = withToken(tok.token);
  });

  test('a token name that is blank or too long is refused', async () => {
    assertProblem(await A.post(`${V1}/tokens`, { name: '   ' }), 422, 'required');
    assertProblem(await A.post(`${V1}/tokens`, { name: 'n'.repeat(101) }), 422, 'too_long');
    assertProblem(await A.post(`${V1}/tokens`, { name: 'n'.repeat(401) }), 422, 'too_long');
    assert.equal(ok(await A.get(`${V1}/tokens`)).items.length, 2);
  });

  test('a bearer token works everywhere a session does, and writes need no CSRF header', async () => {
    assert.equal(ok(await AT.get(`${V1}/me`)).login, 'alice');
    const g = ok(await AT.post(`${V1}/groups`, { name: 'Bearer Made', purpose: 'Made over a token.' }), 201);
    assert.equal(g.created_by, id.alice);
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}`)).name, 'Bearer Made');
    const t2 = ok(await AT.post(`${V1}/tokens`, { name: 'made by token' }), 201);
    ok(await AT.delete(`${V1}/tokens/${t2.id}`), 204);
  });

  test('a bad bearer token answers 401 with WWW-Authenticate', async () => {
    const res = await withToken('x'.repeat(43)).get(`${V1}/me`);
    assertProblem(res, 401, 'unauthenticated');
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/i);
    assertProblem(await withToken('nope').get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).get(`${V1}/me`, { headers: { authorization: 'Basic YWxpY2U6eA==' } }), 401, 'unauthenticated');
  });

  test('a cookie write without X-CSRF-Token answers 403 csrf_failed and changes nothing', async () => {
    const before = ok(await A.get(`${V1}/groups?q=csrf`));
    const res = await A.post(`${V1}/groups`, { name: 'csrf victim', purpose: 'Should not exist.' }, { noCsrf: true });
    assertProblem(res, 403, 'csrf_failed');
    const res2 = await A.post(`${V1}/tokens`, { name: 'csrf token' }, { noCsrf: true });
    assertProblem(res2, 403, 'csrf_failed');
    assert.deepEqual(ok(await A.get(`${V1}/groups?q=csrf`)), before);
    assert.equal(ok(await A.get(`${V1}/tokens`)).items.length, 2);
  });

  test('a cookie write with a wrong CSRF token, or another session\'s, answers 403 and changes nothing', async () => {
    const before = ok(await A.get(`${V1}/groups?q=csrf`));
    assertProblem(await A.post(`${V1}/groups`, { name: 'csrf victim', purpose: 'x' },
      { headers: { 'X-CSRF-Token': 'wrong' } }), 403, 'csrf_failed');
    assertProblem(await A.post(`${V1}/groups`, { name: 'csrf victim', purpose: 'x' },
      { headers: { 'X-CSRF-Token': B.csrf } }), 403, 'csrf_failed');
    assertProblem(await A.post(`${V1}/groups`, { name: 'csrf victim', purpose: 'x' },
      { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_failed');
    assert.deepEqual(ok(await A.get(`${V1}/groups?q=csrf`)), before);
  });

  test('DELETE /tokens/{id} revokes: the token then gets 401 and leaves the list', async () => {
    const t = ok(await A.post(`${V1}/tokens`, { name: 'short-lived' }), 201);
    const TC = withToken(t.token);
    ok(await TC.get(`${V1}/me`));
    // Someone else cannot revoke it, and learns nothing: 404.
    assertProblem(await B.delete(`${V1}/tokens/${t.id}`), 404, 'not_found');
    ok(await TC.get(`${V1}/me`));
    const del = await A.delete(`${V1}/tokens/${t.id}`);
    assert.equal(del.status, 204, del.text);
    assertProblem(await TC.get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await TC.post(`${V1}/groups`, { name: 'revoked', purpose: 'x' }), 401, 'unauthenticated');
    assert.ok(!ok(await A.get(`${V1}/tokens`)).items.some((x) => x.id === t.id));
    assertProblem(await A.delete(`${V1}/tokens/${t.id}`), 404, 'not_found');
    assertProblem(await A.delete(`${V1}/tokens/999999`), 404, 'not_found');
    // The other tokens still work.
    ok(await AT.get(`${V1}/me`));
  });
});

// ---- directory ----

describe('users and orgs', () => {
  const allLogins = ['alice', 'bob', 'carol', 'dave', 'erin', 'fay', 'olga', 'root', 'sam'];
  let district;

  test('GET /orgs lists the district office made by init', async () => {
    const body = ok(await A.get(`${V1}/orgs`));
    assert.equal(body.items.length, 1, JSON.stringify(body));
    district = body.items[0];
    assert.ok(Number.isInteger(district.id));
    assert.equal(district.parent_id, null);
    assert.equal(district.kind, 'district');
    assert.equal(district.name, 'District Office');
    assert.equal(body.next_cursor, null);
    assertProblem(await anon(srv.url).get(`${V1}/orgs`), 401, 'unauthenticated');
  });

  test('GET /users lists everyone by login with their org', async () => {
    const body = ok(await A.get(`${V1}/users?limit=100`));
    assert.deepEqual(body.items.map((u) => u.login), allLogins);
    assert.equal(body.next_cursor, null);
    for (const u of body.items) {
      for (const k of ['id', 'login', 'name', 'title', 'org', 'role', 'status', 'created_at']) {
        assert.ok(k in u, `user ${u.login} has ${k}`);
      }
      assert.doesNotMatch(JSON.stringify(u), /password|hash/i);
    }
    const olga = body.items.find((u) => u.login === 'olga');
    assert.deepEqual(olga.org, { id: district.id, name: 'District Office' });
    assert.equal(body.items.find((u) => u.login === 'bob').org, null);
    assertProblem(await anon(srv.url).get(`${V1}/users`), 401, 'unauthenticated');
  });

  test('GET /users?q= searches name, login and title; LIKE wildcards are literal', async () => {
    assert.deepEqual(ok(await A.get(`${V1}/users?q=chen`)).items.map((u) => u.login), ['carol']);
    assert.deepEqual(ok(await A.get(`${V1}/users?q=Librarian`)).items.map((u) => u.login), ['carol']);
    assert.deepEqual(ok(await A.get(`${V1}/users?q=bo`)).items.map((u) => u.login), ['bob']);
    assert.deepEqual(ok(await A.get(`${V1}/users?q=zzzz`)).items, []);
    assert.deepEqual(ok(await A.get(`${V1}/users?q=%25`)).items, [], "'%' matches no one: it is escaped");
    assert.deepEqual(ok(await A.get(`${V1}/users?q=_`)).items, [], "'_' matches no one: it is escaped");
  });

  test('GET /users?org_id= filters by org', async () => {
    assert.deepEqual(ok(await A.get(`${V1}/users?org_id=${district.id}`)).items.map((u) => u.login), ['olga']);
    assert.deepEqual(ok(await A.get(`${V1}/users?org_id=999999`)).items, []);
  });

  test('GET /users pages by cursor without gaps or repeats', async () => {
    const pages = await allPages(A, `${V1}/users`, 2);
    assert.equal(pages.length, 5);
    const logins = pages.flatMap((p) => p.items.map((u) => u.login));
    assert.deepEqual(logins, allLogins);
    assert.equal(pages[0].next_cursor, 'bob', 'the cursor is the last login of the page');
    // A search pages too.
    const found = (await allPages(A, `${V1}/users?q=a`, 1)).flatMap((p) => p.items.map((u) => u.login));
    assert.deepEqual(found, ok(await A.get(`${V1}/users?q=a&limit=100`)).items.map((u) => u.login));
  });

  test('GET /users/{id} answers one person, 404 for an unknown id', async () => {
    const u = ok(await B.get(`${V1}/users/${id.carol}`));
    assert.equal(u.login, 'carol');
    assert.equal(u.name, 'Carol Chen');
    assert.equal(u.title, 'Librarian');
    assertProblem(await B.get(`${V1}/users/999999`), 404, 'not_found');
    assertProblem(await B.get(`${V1}/users/carol`), 404, 'not_found');
    assertProblem(await anon(srv.url).get(`${V1}/users/${id.carol}`), 401, 'unauthenticated');
  });

  test('GET /users?login= finds one person by exact login, or no one', async () => {
    const carol = ok(await B.get(`${V1}/users/${id.carol}`));
    assert.deepEqual(ok(await B.get(`${V1}/users?login=carol`)), { items: [carol], next_cursor: null });
    const olga = ok(await B.get(`${V1}/users?login=olga`));
    assert.deepEqual(olga.items.map((u) => [u.login, u.org]), [['olga', { id: district.id, name: 'District Office' }]]);
    assert.equal(olga.next_cursor, null);
    assert.deepEqual(ok(await B.get(`${V1}/users?login=carol&limit=1`)).items, [carol]);
    // Exact: no prefix, no substring, no pattern, no case folding.
    for (const login of ['caro', 'arol', 'carolx', 'c_rol', 'c%25', '%25', 'CAROL', 'Carol', 'nobody']) {
      assert.deepEqual(ok(await B.get(`${V1}/users?login=${login}`)), { items: [], next_cursor: null }, login);
    }
    // 1 to 32 bytes.
    assert.deepEqual(ok(await B.get(`${V1}/users?login=${'x'.repeat(32)}`)).items, []);
    for (const bad of ['', 'x'.repeat(33)]) {
      const p = assertProblem(await B.get(`${V1}/users?login=${bad}`), 400, 'invalid_parameter');
      assert.equal(p.field, 'login');
    }
    assertProblem(await anon(srv.url).get(`${V1}/users?login=carol`), 401, 'unauthenticated');
  });
});

// ---- groups ----

describe('groups', () => {
  let closed; // alice's closed group
  let open; // alice's open group
  let secret; // alice's secret group

  test('POST /groups makes a closed group by default with its creator as admin', async () => {
    const res = await A.post(`${V1}/groups`, { name: 'Grade 5 Team', purpose: 'Planning for the grade 5 teachers.' });
    closed = ok(res, 201);
    assert.ok(Number.isInteger(closed.id) && closed.id > 0);
    assert.equal(closed.name, 'Grade 5 Team');
    assert.equal(closed.purpose, 'Planning for the grade 5 teachers.');
    assert.equal(closed.privacy, 'closed', 'private by default');
    assert.equal(closed.member_count, 1);
    assert.equal(closed.archived, false);
    assert.equal(closed.archived_at, null);
    assert.equal(closed.created_by, id.alice);
    assert.match(closed.created_at, ISO);
    assert.deepEqual(closed.viewer, { state: 'active', role: 'admin', can_read: true, can_post: true, can_manage: true });
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}`)), closed);
    open = await mkGroup(A, { name: 'Staff Lounge', privacy: 'open' });
    assert.equal(open.privacy, 'open');
    secret = await mkGroup(A, { name: 'Crisis Team', privacy: 'secret' });
    assert.equal(secret.privacy, 'secret');
  });

  test('POST /groups needs a purpose and a name', async () => {
    const before = ok(await A.get(`${V1}/groups?limit=100`));
    let p = assertProblem(await A.post(`${V1}/groups`, { name: 'No Purpose' }), 422, 'required');
    assert.equal(p.field, 'purpose');
    p = assertProblem(await A.post(`${V1}/groups`, { name: 'Blank Purpose', purpose: ' \n\t ' }), 422, 'required');
    assert.equal(p.field, 'purpose');
    p = assertProblem(await A.post(`${V1}/groups`, { purpose: 'A group without a name.' }), 422, 'required');
    assert.equal(p.field, 'name');
    p = assertProblem(await A.post(`${V1}/groups`, { name: '   ', purpose: 'Blank name.' }), 422, 'required');
    assert.equal(p.field, 'name');
    assert.deepEqual(ok(await A.get(`${V1}/groups?limit=100`)), before);
  });

  test('POST /groups: a name is at most 80 characters; privacy is open, closed or secret', async () => {
    const before = ok(await A.get(`${V1}/groups?limit=100`));
    let p = assertProblem(await A.post(`${V1}/groups`, { name: 'n'.repeat(81), purpose: 'p' }), 422, 'too_long');
    assert.equal(p.field, 'name');
    p = assertProblem(await A.post(`${V1}/groups`, { name: 'é'.repeat(81), purpose: 'p' }), 422, 'too_long');
    assert.equal(p.field, 'name');
    p = assertProblem(await A.post(`${V1}/groups`, { name: 'x', purpose: 'p'.repeat(1001) }), 422, 'too_long');
    assert.equal(p.field, 'purpose');
    p = assertProblem(await A.post(`${V1}/groups`, { name: 'Public', purpose: 'p', privacy: 'public' }), 422, 'invalid_privacy');
    assert.equal(p.field, 'privacy');
    assertProblem(await A.post(`${V1}/groups`, { name: 'Open', purpose: 'p', privacy: 'OPEN' }), 422, 'invalid_privacy');
    assert.deepEqual(ok(await A.get(`${V1}/groups?limit=100`)), before);
    // 80 characters of two bytes each is within the limit: it counts characters.
    const g = await mkGroup(A, { name: 'é'.repeat(80) });
    assert.equal(g.name, 'é'.repeat(80));
  });

  test('GET /groups/{id}: a secret group is 404 to outsiders, exactly like a missing one', async () => {
    const missing = assertProblem(await B.get(`${V1}/groups/999999`), 404, 'not_found');
    const hidden = assertProblem(await B.get(`${V1}/groups/${secret.id}`), 404, 'not_found');
    for (const k of ['type', 'title', 'status', 'detail', 'code']) assert.equal(hidden[k], missing[k], k);
    // A closed group shows its name and purpose but not its content.
    const g = ok(await B.get(`${V1}/groups/${closed.id}`));
    assert.equal(g.name, 'Grade 5 Team');
    assert.deepEqual(g.viewer, { state: 'none', role: null, can_read: false, can_post: false, can_manage: false });
    // A system admin knows the secret group exists.
    const rs = ok(await R.get(`${V1}/groups/${secret.id}`));
    assert.equal(rs.name, 'Crisis Team');
    assert.equal(rs.viewer.can_manage, true);
    assert.equal(rs.viewer.can_read, false);
  });

  test('GET /groups lists visible groups by name; filter=mine; q searches; pages by cursor', async () => {
    const mine = ok(await A.get(`${V1}/groups?filter=mine&limit=100`)).items.map((g) => g.name);
    assert.ok(['Grade 5 Team', 'Staff Lounge', 'Crisis Team', 'Bearer Made'].every((n) => mine.includes(n)), mine.join());
    const all = ok(await B.get(`${V1}/groups?limit=100`)).items;
    const names = all.map((g) => g.name);
    assert.ok(names.includes('Grade 5 Team') && names.includes('Staff Lounge'));
    assert.ok(!names.includes('Crisis Team'), 'a secret group is not listed for outsiders');
    const key = (x) => x.toLowerCase();
    const sorted = [...names].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    assert.deepEqual(names, sorted, 'by name');
    assert.deepEqual(ok(await B.get(`${V1}/groups?filter=mine`)).items, [], 'bob is in no group yet');
    assert.deepEqual(ok(await B.get(`${V1}/groups?filter=all&limit=100`)).items, all);
    assert.deepEqual(ok(await B.get(`${V1}/groups?q=lounge`)).items.map((g) => g.id), [open.id]);
    assert.deepEqual(ok(await B.get(`${V1}/groups?q=crisis`)).items, [], 'search does not reveal secret groups');
    assert.ok(ok(await R.get(`${V1}/groups?q=crisis`)).items.some((g) => g.id === secret.id), 'a system admin finds it');
    const pages = await allPages(B, `${V1}/groups`, 2);
    assert.deepEqual(pages.flatMap((p) => p.items), all);
    assertProblem(await B.get(`${V1}/groups?filter=everything`), 400, 'invalid_parameter');
    assertProblem(await B.get(`${V1}/groups?cursor=999999`), 422, 'invalid_cursor');
  });

  test('PATCH /groups/{id} changes settings for admins only', async () => {
    const g = ok(await A.patch(`${V1}/groups/${closed.id}`, { name: 'Grade Five Team', purpose: 'Planning, grade 5.' }));
    assert.equal(g.name, 'Grade Five Team');
    assert.equal(g.purpose, 'Planning, grade 5.');
    assert.equal(g.privacy, 'closed');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}`)), g);
    closed = g;
    const same = ok(await A.patch(`${V1}/groups/${closed.id}`, {}));
    assert.equal(same.name, closed.name, 'an empty patch changes nothing');
    assertProblem(await B.patch(`${V1}/groups/${closed.id}`, { name: 'Hijacked' }), 403, 'forbidden');
    assertProblem(await B.patch(`${V1}/groups/${secret.id}`, { name: 'Hijacked' }), 404, 'not_found');
    assertProblem(await A.patch(`${V1}/groups/999999`, { name: 'Nothing' }), 404, 'not_found');
    assertProblem(await A.patch(`${V1}/groups/${closed.id}`, { privacy: 'hidden' }), 422, 'invalid_privacy');
    assertProblem(await A.patch(`${V1}/groups/${closed.id}`, { name: '' }), 422, 'required');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}`)), closed);
    const o = ok(await A.patch(`${V1}/groups/${open.id}`, { privacy: 'secret' }));
    assert.equal(o.privacy, 'secret');
    assert.equal(ok(await A.patch(`${V1}/groups/${open.id}`, { privacy: 'open' })).privacy, 'open');
    // A system admin manages every group.
    assert.equal(ok(await R.patch(`${V1}/groups/${open.id}`, { purpose: 'Coffee and chat.' })).purpose, 'Coffee and chat.');
  });

  test('an archived group reads but takes no posts (409 group_archived) until unarchived', async () => {
    const g = await mkGroup(A, { name: 'Archive Me', privacy: 'open' });
    const p = await mkPost(A, g.id, 'before the archive');
    const arch = ok(await A.patch(`${V1}/groups/${g.id}`, { archived: true }));
    assert.equal(arch.archived, true);
    assert.match(arch.archived_at, ISO);
    assert.equal(arch.viewer.can_post, false);
    assertProblem(await A.post(`${V1}/groups/${g.id}/posts`, { body: 'after' }), 409, 'group_archived');
    assertProblem(await A.post(`${V1}/posts/${p.id}/comments`, { body: 'after' }), 409, 'group_archived');
    assertProblem(await A.put(`${V1}/posts/${p.id}/reactions/like`), 409, 'group_archived');
    assertProblem(await A.patch(`${V1}/posts/${p.id}`, { body: 'edited after' }), 409, 'group_archived');
    assertProblem(await A.patch(`${V1}/groups/${g.id}`, { name: 'Renamed' }), 409, 'group_archived');
    assertProblem(await B.post(`${V1}/groups/${g.id}/members`), 409, 'group_archived');
    // Still readable.
    const list = ok(await A.get(`${V1}/groups/${g.id}/posts`));
    assert.deepEqual(list.items.map((x) => x.id), [p.id]);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).body, 'before the archive');
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}`)).name, 'Archive Me');
    const un = ok(await A.patch(`${V1}/groups/${g.id}`, { archived: false }));
    assert.equal(un.archived, false);
    assert.equal(un.archived_at, null);
    await mkPost(A, g.id, 'after the archive');
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}/posts`)).items.length, 2);
  });

  after(() => { Object.assign(shared, { closed, open, secret }); });
});

const shared = {}; // groups made by the groups block, used by the members block

// ---- members ----

describe('members', () => {
  test('joining an open group makes an active member; joining again changes nothing', async () => {
    const { open } = shared;
    const res = ok(await B.post(`${V1}/groups/${open.id}/members`));
    assert.deepEqual(res, { group_id: open.id, user_id: id.bob, state: 'active', role: 'member' });
    const again = ok(await B.post(`${V1}/groups/${open.id}/members`, {}));
    assert.equal(again.state, 'active');
    const g = ok(await B.get(`${V1}/groups/${open.id}`));
    assert.equal(g.member_count, 2);
    assert.deepEqual(g.viewer, { state: 'active', role: 'member', can_read: true, can_post: true, can_manage: false });
    const members = ok(await B.get(`${V1}/groups/${open.id}/members`));
    assert.deepEqual(members.items.map((m) => [m.user_id, m.state, m.role]),
      [[id.alice, 'active', 'admin'], [id.bob, 'active', 'member']]);
    const m = members.items[1];
    assert.equal(m.login, 'bob');
    assert.equal(m.name, 'Bob Brown');
    assert.match(m.since, ISO);
    assert.equal(members.next_cursor, null);
  });

  test('joining a closed group asks to join (pending) until an admin approves with POST {user_id}', async () => {
    const { closed } = shared;
    const res = ok(await C.post(`${V1}/groups/${closed.id}/members`));
    assert.deepEqual(res, { group_id: closed.id, user_id: id.carol, state: 'pending', role: 'member' });
    assert.equal(ok(await C.get(`${V1}/groups/${closed.id}`)).viewer.state, 'pending');
    assert.ok(!ok(await C.get(`${V1}/groups?filter=mine`)).items.some((g) => g.id === closed.id), 'a request is not "mine"');
    assert.deepEqual(ok(await C.get(`${V1}/groups?filter=pending`)).items.map((g) => g.id), [closed.id],
      'filter=pending lists the groups carol asked to join');
    assert.deepEqual(ok(await C.get(`${V1}/groups?filter=invited`)).items, []);
    assertProblem(await C.get(`${V1}/groups?filter=active`), 400, 'invalid_parameter');
    assertProblem(await C.get(`${V1}/groups/${closed.id}/posts`), 404, 'not_found');
    assertProblem(await C.post(`${V1}/groups/${closed.id}/posts`, { body: 'let me in' }), 403, 'members_only');
    assertProblem(await C.get(`${V1}/groups/${closed.id}/members`), 404, 'not_found');
    assertProblem(await C.get(`${V1}/groups/${closed.id}/members?state=pending`), 404, 'not_found');
    const pending = ok(await A.get(`${V1}/groups/${closed.id}/members?state=pending`));
    assert.deepEqual(pending.items.map((m) => [m.user_id, m.state]), [[id.carol, 'pending']]);
    assert.equal(ok(await A.get(`${V1}/groups/${closed.id}`)).member_count, 1, 'a request is not a member');
    const approve = ok(await A.post(`${V1}/groups/${closed.id}/members`, { user_id: id.carol }));
    assert.deepEqual(approve, { group_id: closed.id, user_id: id.carol, state: 'active', role: 'member' });
    assert.equal(ok(await C.get(`${V1}/groups/${closed.id}`)).viewer.state, 'active');
    ok(await C.get(`${V1}/groups/${closed.id}/posts`));
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}/members?state=pending`)).items, []);
    assert.equal(ok(await A.get(`${V1}/groups/${closed.id}`)).member_count, 2);
  });

  test('an invitation: an admin invites, the invitee sees the secret group and accepts', async () => {
    const { secret } = shared;
    const inv = ok(await A.post(`${V1}/groups/${secret.id}/members`, { user_id: id.dave }));
    assert.deepEqual(inv, { group_id: secret.id, user_id: id.dave, state: 'invited', role: 'member' });
    const seen = ok(await D.get(`${V1}/groups/${secret.id}`));
    assert.equal(seen.viewer.state, 'invited');
    assert.equal(seen.viewer.can_read, false);
    assert.ok(ok(await D.get(`${V1}/groups?limit=100`)).items.some((g) => g.id === secret.id), 'an invitee finds the group listed');
    assertProblem(await D.get(`${V1}/groups/${secret.id}/posts`), 404, 'not_found');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${secret.id}/members?state=invited`)).items.map((m) => m.user_id), [id.dave]);
    assertProblem(await D.get(`${V1}/groups/${secret.id}/members?state=invited`), 404, 'not_found');
    const acc = ok(await D.post(`${V1}/groups/${secret.id}/members`));
    assert.deepEqual(acc, { group_id: secret.id, user_id: id.dave, state: 'active', role: 'member' });
    ok(await D.get(`${V1}/groups/${secret.id}/posts`));
    assert.equal(ok(await A.get(`${V1}/groups/${secret.id}`)).member_count, 2);
  });

  test('declining an invitation (DELETE yourself) hides the secret group again', async () => {
    const { secret } = shared;
    assert.equal(ok(await A.post(`${V1}/groups/${secret.id}/members`, { user_id: id.bob })).state, 'invited');
    ok(await B.get(`${V1}/groups/${secret.id}`));
    const del = await B.delete(`${V1}/groups/${secret.id}/members/${id.bob}`);
    assert.equal(del.status, 204, del.text);
    assertProblem(await B.get(`${V1}/groups/${secret.id}`), 404, 'not_found');
  });

  test('nobody joins a secret group uninvited; non-admins of a closed group cannot add people', async () => {
    const { secret, closed } = shared;
    assertProblem(await C.post(`${V1}/groups/${secret.id}/members`), 404, 'not_found');
    assertProblem(await C.post(`${V1}/groups/${secret.id}/members`, { user_id: id.bob }), 404, 'not_found');
    // carol is a plain member of the closed group.
    assertProblem(await C.post(`${V1}/groups/${closed.id}/members`, { user_id: id.bob }), 403, 'forbidden');
    assert.equal(ok(await B.get(`${V1}/groups/${closed.id}`)).viewer.state, 'none');
    const p = assertProblem(await A.post(`${V1}/groups/${closed.id}/members`, { user_id: 999999 }), 422, 'unknown_user');
    assert.equal(p.field, 'user_id');
    assertProblem(await A.post(`${V1}/groups/999999/members`), 404, 'not_found');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}/members?state=invited`)).items, []);
  });

  test('a pending request can be withdrawn by the asker or declined by an admin', async () => {
    const { closed } = shared;
    assert.equal(ok(await D.post(`${V1}/groups/${closed.id}/members`)).state, 'pending');
    assert.equal(ok(await D.post(`${V1}/groups/${closed.id}/members`)).state, 'pending', 'asking twice changes nothing');
    let res = await D.delete(`${V1}/groups/${closed.id}/members/${id.dave}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(ok(await D.get(`${V1}/groups/${closed.id}`)).viewer.state, 'none');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${closed.id}/members?state=pending`)).items, []);
    assert.equal(ok(await D.post(`${V1}/groups/${closed.id}/members`)).state, 'pending');
    res = await A.delete(`${V1}/groups/${closed.id}/members/${id.dave}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(ok(await D.get(`${V1}/groups/${closed.id}`)).viewer.state, 'none');
    assert.equal(ok(await A.get(`${V1}/groups/${closed.id}`)).member_count, 2);
  });

  test('an active member of an open group may invite others to it', async () => {
    const { open } = shared;
    const inv = ok(await B.post(`${V1}/groups/${open.id}/members`, { user_id: id.carol }));
    assert.equal(inv.state, 'invited');
    assert.equal(ok(await C.post(`${V1}/groups/${open.id}/members`)).state, 'active');
  });

  test('PATCH /groups/{id}/members/{user_id} changes a role; only admins may', async () => {
    const { closed } = shared;
    const up = ok(await A.patch(`${V1}/groups/${closed.id}/members/${id.carol}`, { role: 'admin' }));
    assert.deepEqual(up, { group_id: closed.id, user_id: id.carol, state: 'active', role: 'admin' });
    assert.equal(ok(await C.get(`${V1}/groups/${closed.id}`)).viewer.can_manage, true);
    const down = ok(await C.patch(`${V1}/groups/${closed.id}/members/${id.carol}`, { role: 'member' }));
    assert.equal(down.role, 'member');
    assertProblem(await C.patch(`${V1}/groups/${closed.id}/members/${id.alice}`, { role: 'member' }), 403, 'forbidden');
    assertProblem(await B.patch(`${V1}/groups/${closed.id}/members/${id.carol}`, { role: 'admin' }), 404, 'not_found');
    assertProblem(await A.patch(`${V1}/groups/${closed.id}/members/${id.carol}`, { role: 'owner' }), 422, 'invalid_role');
    assertProblem(await A.patch(`${V1}/groups/${closed.id}/members/${id.carol}`, {}), 422, 'required');
    assertProblem(await A.patch(`${V1}/groups/${closed.id}/members/${id.bob}`, { role: 'admin' }), 404, 'not_a_member');
    const roles = ok(await A.get(`${V1}/groups/${closed.id}/members`)).items.map((m) => [m.login, m.role]);
    assert.deepEqual(roles, [['alice', 'admin'], ['carol', 'member']]);
  });

  test('the last admin cannot leave or step down while others remain: 409 last_admin', async () => {
    const g = await mkGroup(A, { name: 'Leave Test', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    assertProblem(await A.delete(`${V1}/groups/${g.id}/members/${id.alice}`), 409, 'last_admin');
    assertProblem(await A.patch(`${V1}/groups/${g.id}/members/${id.alice}`, { role: 'member' }), 409, 'last_admin');
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}`)).viewer.role, 'admin');
    ok(await A.patch(`${V1}/groups/${g.id}/members/${id.bob}`, { role: 'admin' }));
    const left = await A.delete(`${V1}/groups/${g.id}/members/${id.alice}`);
    assert.equal(left.status, 204, left.text);
    const after = ok(await B.get(`${V1}/groups/${g.id}`));
    assert.equal(after.member_count, 1);
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}`)).viewer.state, 'none');
    // The only member may leave: nobody is left without an admin.
    const last = await B.delete(`${V1}/groups/${g.id}/members/${id.bob}`);
    assert.equal(last.status, 204, last.text);
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}`)).member_count, 0);
  });

  test('a member cannot remove others (403); an admin can (204); leaving works', async () => {
    const { open } = shared;
    // open: alice admin, bob and carol members.
    assertProblem(await B.delete(`${V1}/groups/${open.id}/members/${id.carol}`), 403, 'forbidden');
    assert.ok(ok(await A.get(`${V1}/groups/${open.id}/members`)).items.some((m) => m.user_id === id.carol));
    const rm = await A.delete(`${V1}/groups/${open.id}/members/${id.carol}`);
    assert.equal(rm.status, 204, rm.text);
    assert.ok(!ok(await A.get(`${V1}/groups/${open.id}/members`)).items.some((m) => m.user_id === id.carol));
    assertProblem(await A.delete(`${V1}/groups/${open.id}/members/${id.carol}`), 404, 'not_a_member');
    assertProblem(await A.delete(`${V1}/groups/${open.id}/members/999999`), 404, 'not_a_member');
    const before = ok(await A.get(`${V1}/groups/${open.id}`)).member_count;
    ok(await D.post(`${V1}/groups/${open.id}/members`));
    assert.equal(ok(await A.get(`${V1}/groups/${open.id}`)).member_count, before + 1);
    const leave = await D.delete(`${V1}/groups/${open.id}/members/${id.dave}`);
    assert.equal(leave.status, 204, leave.text);
    assert.equal(ok(await A.get(`${V1}/groups/${open.id}`)).member_count, before);
    assert.equal(ok(await D.get(`${V1}/groups/${open.id}`)).viewer.state, 'none');
  });

  test('GET /groups/{id}/members pages by cursor; members of a closed group are for members', async () => {
    const { open, closed } = shared;
    ok(await C.post(`${V1}/groups/${open.id}/members`));
    ok(await D.post(`${V1}/groups/${open.id}/members`));
    const all = ok(await A.get(`${V1}/groups/${open.id}/members?limit=100`)).items;
    assert.ok(all.length >= 4);
    assert.deepEqual(all.map((m) => m.user_id), [...all.map((m) => m.user_id)].sort((x, y) => x - y));
    const pages = await allPages(A, `${V1}/groups/${open.id}/members`, 1);
    assert.deepEqual(pages.flatMap((p) => p.items), all);
    assertProblem(await B.get(`${V1}/groups/${closed.id}/members`), 404, 'not_found');
    assertProblem(await A.get(`${V1}/groups/${closed.id}/members?state=gone`), 400, 'invalid_parameter');
    assertProblem(await A.get(`${V1}/groups/${closed.id}/members?state=none`), 400, 'invalid_parameter');
  });
});

// ---- posts ----

describe('posts', () => {
  let g; // an open group of alice's with bob as a member
  const made = [];

  before(async () => {
    g = await mkGroup(A, { name: 'Pager', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
  });

  test('POST /groups/{id}/posts answers 201 with the whole post', async () => {
    const p = await mkPost(A, g.id, 'post 1');
    made.push(p);
    assert.ok(Number.isInteger(p.id) && p.id > 0);
    assert.deepEqual(p.group, { id: g.id, name: 'Pager', privacy: 'open' });
    assert.deepEqual(p.author, { id: id.alice, login: 'alice', name: 'Alice Anders', title: 'Grade 5 teacher' });
    assert.equal(p.body, 'post 1');
    assert.equal(p.body_html, '<p>post 1</p>\n');
    assert.match(p.created_at, ISO);
    assert.equal(p.edited_at, null);
    assert.equal(p.edited, false);
    assert.equal(p.comment_count, 0);
    assert.equal(p.reaction_count, 0);
    assert.deepEqual(p.reactions, {});
    assert.equal(p.viewer_reaction, null);
    assert.deepEqual(p.latest_comments, []);
    assert.deepEqual(ok(await A.get(`${V1}/posts/${p.id}`)), p);
  });

  test('POST /preview renders a draft like publishing would and stores nothing', async () => {
    const before = ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`));
    const pv = ok(await A.post(`${V1}/preview`, { body: 'Hi **@bob**, see https://example.org' }));
    assert.match(pv.body_html, /<a href="\/people\/bob">@bob<\/a>/);
    assert.match(pv.body_html, /<a href="https:\/\/example.org">/);
    assert.deepEqual(pv.mentions, ['bob']);
    assert.deepEqual(ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`)), before);
  });

  test('POST /guard/check answers 200 with the outcome and findings, and stores nothing', async () => {
    const before = ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`));
    const r = ok(await A.post(`${V1}/guard/check`, { body: 'All good here', group_id: g.id }));
    assert.deepEqual(r, { outcome: 'allow', findings: [] });
    const ssn = ok(await A.post(`${V1}/guard/check`, { body: 'SSN 123-45-6789', group_id: g.id }));
    assert.equal(ssn.outcome, 'block');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`)), before);
  });

  test('only members post: 403 members_only in a visible group, 404 in an invisible one', async () => {
    const before = ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`));
    assertProblem(await C.post(`${V1}/groups/${g.id}/posts`, { body: 'not a member' }), 403, 'members_only');
    assertProblem(await C.post(`${V1}/groups/${shared.secret.id}/posts`, { body: 'x' }), 404, 'not_found');
    assertProblem(await A.post(`${V1}/groups/999999/posts`, { body: 'x' }), 404, 'not_found');
    assert.deepEqual(ok(await A.get(`${V1}/groups/${g.id}/posts?limit=100`)), before);
  });

  test('GET /groups/{id}/posts pages 25 posts newest first, 10 at a time, without repeats', async () => {
    for (let i = 2; i <= 25; i++) made.push(await mkPost(A, g.id, `post ${i}`));
    const pages = await allPages(A, `${V1}/groups/${g.id}/posts`, 10);
    assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 5]);
    assert.equal(pages[0].next_cursor, String(pages[0].items[9].id), 'the cursor is the last id of the page');
    assert.equal(pages[2].next_cursor, null);
    const bodies = pages.flatMap((p) => p.items.map((x) => x.body));
    assert.deepEqual(bodies, Array.from({ length: 25 }, (_, i) => `post ${25 - i}`));
    const ids = pages.flatMap((p) => p.items.map((x) => x.id));
    assert.equal(new Set(ids).size, 25, 'no duplicates');
    assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
    assert.equal(ok(await A.get(`${V1}/groups/${g.id}/posts`)).items.length, 20, 'the default page is 20');
    // Non-members read an open group.
    assert.deepEqual(ok(await C.get(`${V1}/groups/${g.id}/posts?limit=5`)).items.map((x) => x.id), ids.slice(0, 5));
    assertProblem(await B.get(`${V1}/groups/${shared.closed.id}/posts`), 404, 'not_found');
    assertProblem(await B.get(`${V1}/groups/999999/posts`), 404, 'not_found');
  });

  test('PATCH /posts/{id} by the author edits and keeps every revision, the original first', async () => {
    const p = made[0];
    const e1 = ok(await A.patch(`${V1}/posts/${p.id}`, { body: 'post 1, **edited**' }));
    assert.equal(e1.body, 'post 1, **edited**');
    assert.equal(e1.body_html, '<p>post 1, <strong>edited</strong></p>\n');
    assert.equal(e1.edited, true);
    assert.match(e1.edited_at, ISO);
    assert.ok(Date.parse(e1.edited_at) >= Date.parse(p.created_at));
    assert.equal(e1.created_at, p.created_at, 'created_at does not move');
    const e2 = ok(await A.patch(`${V1}/posts/${p.id}`, { body: 'post 1, edited twice' }));
    assert.equal(e2.edited, true);
    assert.equal(ok(await B.get(`${V1}/posts/${p.id}`)).body, 'post 1, edited twice');
    let revs = ok(await B.get(`${V1}/posts/${p.id}/revisions`));
    assert.deepEqual(revs.items.map((r) => r.body), ['post 1', 'post 1, **edited**', 'post 1, edited twice']);
    assert.deepEqual(revs.items.map((r) => r.editor_id), [id.alice, id.alice, id.alice]);
    assert.equal(revs.items[1].body_html, '<p>post 1, <strong>edited</strong></p>\n');
    for (const r of revs.items) assert.match(r.created_at, ISO);
    const times = revs.items.map((r) => Date.parse(r.created_at));
    assert.deepEqual(times, [...times].sort((x, y) => x - y), 'in order');
    // The same body again is no new revision.
    ok(await A.patch(`${V1}/posts/${p.id}`, { body: 'post 1, edited twice' }));
    revs = ok(await B.get(`${V1}/posts/${p.id}/revisions`));
    assert.equal(revs.items.length, 3);
    // An unedited post has one revision: itself.
    const one = ok(await A.get(`${V1}/posts/${made[1].id}/revisions`));
    assert.deepEqual(one.items.map((r) => r.body), ['post 2']);
  });

  test('PATCH /posts/{id} by anyone else answers 403 not_author and changes nothing', async () => {
    const p = made[2];
    const before = ok(await A.get(`${V1}/posts/${p.id}`));
    assertProblem(await B.patch(`${V1}/posts/${p.id}`, { body: 'bob was here' }), 403, 'not_author');
    // Not even a system admin edits someone's words.
    assertProblem(await R.patch(`${V1}/posts/${p.id}`, { body: 'root was here' }), 403, 'not_author');
    assert.deepEqual(ok(await A.get(`${V1}/posts/${p.id}`)), before);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}/revisions`)).items.length, 1);
    assertProblem(await A.patch(`${V1}/posts/999999`, { body: 'x' }), 404, 'not_found');
  });

  test('DELETE /posts/{id}: then 404 everywhere and gone from the feeds', async () => {
    const p = made[3];
    assertProblem(await B.delete(`${V1}/posts/${p.id}`), 403, 'forbidden');
    ok(await A.get(`${V1}/posts/${p.id}`));
    const del = await A.delete(`${V1}/posts/${p.id}`);
    assert.equal(del.status, 204, del.text);
    assertProblem(await A.get(`${V1}/posts/${p.id}`), 404, 'not_found');
    assertProblem(await B.get(`${V1}/posts/${p.id}`), 404, 'not_found');
    assertProblem(await A.get(`${V1}/posts/${p.id}/revisions`), 404, 'not_found');
    assertProblem(await A.get(`${V1}/posts/${p.id}/comments`), 404, 'not_found');
    assertProblem(await A.patch(`${V1}/posts/${p.id}`, { body: 'resurrect' }), 404, 'not_found');
    assertProblem(await A.put(`${V1}/posts/${p.id}/reactions/like`), 404, 'not_found');
    assertProblem(await A.post(`${V1}/posts/${p.id}/comments`, { body: 'x' }), 404, 'not_found');
    assertProblem(await A.delete(`${V1}/posts/${p.id}`), 404, 'not_found');
    const inGroup = (await allPages(A, `${V1}/groups/${g.id}/posts`, 100)).flatMap((x) => x.items.map((y) => y.id));
    assert.ok(!inGroup.includes(p.id), 'gone from the group');
    assert.equal(inGroup.length, 24);
    const inFeed = (await allPages(B, `${V1}/feed`, 100)).flatMap((x) => x.items.map((y) => y.id));
    assert.ok(!inFeed.includes(p.id), 'gone from the home feed');
    assert.ok(inFeed.includes(made[4].id));
  });

  test('a group admin may delete a member\'s post', async () => {
    const bp = await mkPost(B, g.id, 'bob posts');
    assertProblem(await C.delete(`${V1}/posts/${bp.id}`), 403, 'forbidden');
    const del = await A.delete(`${V1}/posts/${bp.id}`);
    assert.equal(del.status, 204, del.text);
    assertProblem(await B.get(`${V1}/posts/${bp.id}`), 404, 'not_found');
  });

  test('posts of a closed group are 404 to non-members by every route', async () => {
    const { closed } = shared; // alice admin, carol member, bob outside
    const p = await mkPost(C, closed.id, 'closed talk');
    assertProblem(await B.get(`${V1}/posts/${p.id}`), 404, 'not_found');
    assertProblem(await B.get(`${V1}/posts/${p.id}/revisions`), 404, 'not_found');
    assertProblem(await B.get(`${V1}/posts/${p.id}/comments`), 404, 'not_found');
    assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: 'x' }), 404, 'not_found');
    assertProblem(await B.put(`${V1}/posts/${p.id}/reactions/like`), 404, 'not_found');
    assertProblem(await B.delete(`${V1}/posts/${p.id}/reactions/like`), 404, 'not_found');
    assertProblem(await B.patch(`${V1}/posts/${p.id}`, { body: 'x' }), 404, 'not_found');
    assertProblem(await B.delete(`${V1}/posts/${p.id}`), 404, 'not_found');
    // A system admin reads closed content only as a member.
    assertProblem(await R.get(`${V1}/posts/${p.id}`), 404, 'not_found');
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).body, 'closed talk');
    shared.closedPost = p;
  });

  after(() => { shared.pager = g; shared.pagerPosts = made; });
});

// ---- comments ----

describe('what the viewer may do', () => {
  // The rights about editing, deleting, commenting and following; the
  // important-announcement rights are checked in announcements.test.mjs.
  const rights = ({ can_edit, can_delete, can_comment, following }) => ({ can_edit, can_delete, can_comment, following });
  test('a post says whether the viewer may edit, delete and comment; a comment whether they may delete it', async () => {
    const g = await mkGroup(A, { name: 'Rights', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    const p = await mkPost(B, g.id, 'bob writes');
    assert.deepEqual(rights(p.viewer), { can_edit: true, can_delete: true, can_comment: true, following: true }, 'the author');
    assert.deepEqual(rights(ok(await A.get(`${V1}/posts/${p.id}`)).viewer),
      { can_edit: false, can_delete: true, can_comment: true, following: false }, 'the group admin');
    assert.deepEqual(rights(ok(await C.get(`${V1}/posts/${p.id}`)).viewer),
      { can_edit: false, can_delete: false, can_comment: true, following: false }, 'a non-member of an open group');
    const cm = await mkComment(C, p.id, 'carol says');
    assert.deepEqual(cm.viewer, { can_delete: true }, 'her own comment');
    assert.equal(ok(await C.get(`${V1}/posts/${p.id}`)).viewer.following, true, 'a commenter follows the post');
    assert.equal(ok(await C.delete(`${V1}/posts/${p.id}/follow`)).following, false);
    assert.equal(ok(await C.get(`${V1}/posts/${p.id}`)).viewer.following, false, 'until she unfollows it');
    const asBob = ok(await B.get(`${V1}/posts/${p.id}/comments`)).items[0];
    assert.deepEqual(asBob.viewer, { can_delete: false }, 'bob wrote the post, not the comment');
    const asAlice = ok(await A.get(`${V1}/posts/${p.id}/comments`)).items[0];
    assert.deepEqual(asAlice.viewer, { can_delete: true }, 'the group admin moderates');
    assert.deepEqual(ok(await A.get(`${V1}/posts/${p.id}`)).latest_comments[0].viewer, { can_delete: true });
    ok(await A.patch(`${V1}/groups/${g.id}`, { archived: true }));
    assert.deepEqual(rights(ok(await B.get(`${V1}/posts/${p.id}`)).viewer),
      { can_edit: false, can_delete: true, can_comment: false, following: true }, 'archived: read-only, still removable');
  });
});

describe('comments', () => {
  let p; // a post in Pager (open; alice admin, bob member)
  let other; // another post in Pager
  let c1;

  before(async () => {
    p = await mkPost(A, shared.pager.id, 'a post to talk about');
    other = await mkPost(A, shared.pager.id, 'another post');
  });

  test('POST /posts/{id}/comments answers 201 with the comment; the post counts it', async () => {
    c1 = await mkComment(B, p.id, 'first *comment*');
    assert.ok(Number.isInteger(c1.id));
    assert.equal(c1.post_id, p.id);
    assert.equal(c1.parent_id, null);
    assert.deepEqual(c1.author, { id: id.bob, login: 'bob', name: 'Bob Brown', title: 'Bus driver' });
    assert.equal(c1.body, 'first *comment*');
    assert.equal(c1.body_html, '<p>first <em>comment</em></p>\n');
    assert.match(c1.created_at, ISO);
    assert.equal(c1.edited_at, null);
    assert.equal(c1.edited, false);
    assert.equal(c1.reply_count, 0);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, 1);
    // Anyone may comment in an open group.
    const cc = await mkComment(C, p.id, 'carol is not a member');
    assert.equal(cc.author.login, 'carol');
  });

  test('a reply has parent_id; a reply to a reply attaches to the top-level comment', async () => {
    const r1 = await mkComment(A, p.id, 'a reply', c1.id);
    assert.equal(r1.parent_id, c1.id);
    const r2 = await mkComment(C, p.id, 'a reply to the reply', r1.id);
    assert.equal(r2.parent_id, c1.id, 'one level of replies');
    const list = ok(await A.get(`${V1}/posts/${p.id}/comments`));
    const top = list.items.find((x) => x.id === c1.id);
    assert.equal(top.reply_count, 2);
    assert.equal(list.items.find((x) => x.id === r1.id).reply_count, 0);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, 4);
  });

  test('a parent on another post, or no such parent, answers 422 invalid_parent and adds nothing', async () => {
    const oc = await mkComment(A, other.id, 'on the other post');
    const before = ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`));
    let prob = assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: 'x', parent_id: oc.id }), 422, 'invalid_parent');
    assert.equal(prob.field, 'parent_id');
    prob = assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: 'x', parent_id: 999999 }), 422, 'invalid_parent');
    assert.deepEqual(ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`)), before);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, 4);
    assertProblem(await B.post(`${V1}/posts/999999/comments`, { body: 'x' }), 404, 'not_found');
    assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: 'c'.repeat(8193) }), 422, 'too_long');
    assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: '  ' }), 422, 'required');
  });

  test('GET /posts/{id}/comments lists oldest first and pages by cursor', async () => {
    const all = ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`));
    assert.equal(all.items.length, 4);
    assert.equal(all.next_cursor, null);
    const ids = all.items.map((x) => x.id);
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'oldest first');
    const pages = await allPages(A, `${V1}/posts/${p.id}/comments`, 3);
    assert.deepEqual(pages.map((x) => x.items.length), [3, 1]);
    assert.deepEqual(pages.flatMap((x) => x.items), all.items);
    assertProblem(await A.get(`${V1}/posts/999999/comments`), 404, 'not_found');
  });

  test('latest_comments holds the last two comments, oldest first', async () => {
    const all = ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`)).items;
    const post = ok(await A.get(`${V1}/posts/${p.id}`));
    assert.equal(post.latest_comments.length, 2);
    assert.deepEqual(post.latest_comments, all.slice(-2));
  });

  test('DELETE /comments/{id}: author or group admin only; the counts drop', async () => {
    const before = ok(await A.get(`${V1}/posts/${p.id}`)).comment_count;
    const cc = await mkComment(C, p.id, 'to be removed');
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, before + 1);
    assertProblem(await B.delete(`${V1}/comments/${cc.id}`), 403, 'forbidden');
    let del = await C.delete(`${V1}/comments/${cc.id}`);
    assert.equal(del.status, 204, del.text);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, before);
    assert.ok(!ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`)).items.some((x) => x.id === cc.id));
    assertProblem(await C.delete(`${V1}/comments/${cc.id}`), 404, 'not_found');
    assertProblem(await C.delete(`${V1}/comments/999999`), 404, 'not_found');
    // A reply removed: its parent's reply_count drops too.
    const r = await mkComment(B, p.id, 'short-lived reply', c1.id);
    const rc = ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`)).items.find((x) => x.id === c1.id).reply_count;
    del = await A.delete(`${V1}/comments/${r.id}`); // alice is the group's admin
    assert.equal(del.status, 204, del.text);
    const after = ok(await A.get(`${V1}/posts/${p.id}/comments?limit=100`)).items.find((x) => x.id === c1.id);
    assert.equal(after.reply_count, rc - 1);
    assert.equal(ok(await A.get(`${V1}/posts/${p.id}`)).comment_count, before);
    // A reply to a removed comment is refused.
    assertProblem(await B.post(`${V1}/posts/${p.id}/comments`, { body: 'x', parent_id: cc.id }), 422, 'invalid_parent');
  });

  after(() => { shared.talkPost = p; });
});

// ---- reactions ----

describe('reactions', () => {
  let p;
  before(async () => { p = await mkPost(B, shared.pager.id, 'react to me'); });

  test('PUT /posts/{id}/reactions/{kind} adds one reaction per person; another kind replaces it', async () => {
    let r = ok(await A.put(`${V1}/posts/${p.id}/reactions/like`));
    assert.equal(r.id, p.id);
    assert.deepEqual(r.reactions, { like: 1 });
    assert.equal(r.reaction_count, 1);
    assert.equal(r.viewer_reaction, 'like');
    r = ok(await A.put(`${V1}/posts/${p.id}/reactions/love`));
    assert.deepEqual(r.reactions, { love: 1 });
    assert.equal(r.reaction_count, 1);
    assert.equal(r.viewer_reaction, 'love');
    r = ok(await A.put(`${V1}/posts/${p.id}/reactions/love`));
    assert.deepEqual(r.reactions, { love: 1 }, 'the same reaction twice counts once');
    assert.equal(r.reaction_count, 1);
    r = ok(await B.put(`${V1}/posts/${p.id}/reactions/like`));
    assert.deepEqual(r.reactions, { love: 1, like: 1 });
    assert.equal(r.reaction_count, 2);
    assert.equal(r.viewer_reaction, 'like');
    r = ok(await C.put(`${V1}/posts/${p.id}/reactions/like`)); // carol: not a member, open group
    assert.deepEqual(r.reactions, { love: 1, like: 2 });
    assert.equal(r.reaction_count, 3);
    const seenByA = ok(await A.get(`${V1}/posts/${p.id}`));
    assert.equal(seenByA.viewer_reaction, 'love');
    assert.deepEqual(seenByA.reactions, { love: 1, like: 2 });
    assert.equal(ok(await D.get(`${V1}/posts/${p.id}`)).viewer_reaction, null);
  });

  test('DELETE /posts/{id}/reactions/{kind} removes the viewer\'s reaction; again is a no-op', async () => {
    let r = ok(await A.delete(`${V1}/posts/${p.id}/reactions/love`));
    assert.deepEqual(r.reactions, { like: 2 });
    assert.equal(r.reaction_count, 2);
    assert.equal(r.viewer_reaction, null);
    r = ok(await A.delete(`${V1}/posts/${p.id}/reactions/love`));
    assert.equal(r.reaction_count, 2);
    r = ok(await A.delete(`${V1}/posts/${p.id}/reactions/like`));
    assert.deepEqual(r.reactions, { like: 2 }, "removing a kind one did not give touches no one else's");
    r = ok(await C.delete(`${V1}/posts/${p.id}/reactions/like`));
    assert.deepEqual(r.reactions, { like: 1 });
    assert.equal(r.reaction_count, 1);
  });

  test('every documented kind is accepted', async () => {
    for (const k of ['like', 'love', 'celebrate', 'support', 'insightful', 'curious']) {
      const r = ok(await D.put(`${V1}/posts/${p.id}/reactions/${k}`));
      assert.equal(r.viewer_reaction, k);
      assert.equal(r.reactions[k], k === 'like' ? 2 : 1);
    }
    ok(await D.delete(`${V1}/posts/${p.id}/reactions/curious`));
  });

  test('an unknown kind answers 404 unknown_reaction and changes nothing', async () => {
    const before = ok(await A.get(`${V1}/posts/${p.id}`));
    const prob = assertProblem(await A.put(`${V1}/posts/${p.id}/reactions/angry`), 404, 'unknown_reaction');
    assert.equal(prob.field, 'kind');
    assertProblem(await A.delete(`${V1}/posts/${p.id}/reactions/angry`), 404, 'unknown_reaction');
    assertProblem(await A.put(`${V1}/posts/${p.id}/reactions/LIKE`), 404, 'not_found');
    assertProblem(await A.put(`${V1}/posts/999999/reactions/like`), 404, 'not_found');
    assert.deepEqual(ok(await A.get(`${V1}/posts/${p.id}`)), before);
  });
});

// ---- home feed ----

describe('GET /feed', () => {
  // fay joins FA and FB (open), asks to join FC (closed: pending), stays out of FD (open).
  let FA, FB, FC, FD;
  const byGroup = { FA: [], FB: [], FC: [], FD: [] };

  before(async () => {
    FA = await mkGroup(A, { name: 'Feed A', privacy: 'open' });
    FB = await mkGroup(A, { name: 'Feed B', privacy: 'open' });
    FC = await mkGroup(A, { name: 'Feed C', privacy: 'closed' });
    FD = await mkGroup(A, { name: 'Feed D', privacy: 'open' });
    ok(await F.post(`${V1}/groups/${FA.id}/members`));
    ok(await F.post(`${V1}/groups/${FB.id}/members`));
    assert.equal(ok(await F.post(`${V1}/groups/${FC.id}/members`)).state, 'pending');
    const groups = { FA, FB, FC, FD };
    for (let i = 0; i < 4; i++) {
      for (const name of ['FA', 'FB', 'FC', 'FD']) {
        byGroup[name].push(await mkPost(A, groups[name].id, `${name} ${i}`));
      }
    }
    byGroup.FB.push(await mkPost(F, FB.id, 'fay writes in FB'));
  });

  test('merges the viewer\'s groups newest first, without pending or unjoined groups', async () => {
    const feed = ok(await F.get(`${V1}/feed?limit=100`));
    const expected = [...byGroup.FA, ...byGroup.FB].map((p) => p.id).sort((x, y) => y - x);
    assert.deepEqual(feed.items.map((p) => p.id), expected);
    assert.equal(feed.next_cursor, null);
    assert.ok(!feed.items.some((p) => p.group.id === FC.id), 'not from a group where fay is pending');
    assert.ok(!feed.items.some((p) => p.group.id === FD.id), 'not from a group fay did not join');
  });

  test('each item carries author, group, counts, viewer_reaction and latest_comments (≤ 2, oldest first)', async () => {
    const target = byGroup.FA[1];
    const cs = [];
    for (let i = 0; i < 3; i++) cs.push(await mkComment(i === 1 ? F : A, target.id, `comment ${i}`));
    ok(await F.put(`${V1}/posts/${target.id}/reactions/celebrate`));
    ok(await A.put(`${V1}/posts/${target.id}/reactions/like`));
    const feed = ok(await F.get(`${V1}/feed?limit=100`));
    for (const item of feed.items) {
      for (const k of ['id', 'author', 'group', 'body', 'body_html', 'created_at', 'comment_count',
        'reaction_count', 'reactions', 'viewer_reaction', 'latest_comments', 'edited', 'edited_at']) {
        assert.ok(k in item, `feed item has ${k}`);
      }
      assert.ok(item.latest_comments.length <= 2);
      assert.equal(typeof item.author.login, 'string');
      assert.ok([FA.id, FB.id].includes(item.group.id));
    }
    const it = feed.items.find((x) => x.id === target.id);
    assert.equal(it.author.login, 'alice');
    assert.deepEqual(it.group, { id: FA.id, name: 'Feed A', privacy: 'open' });
    assert.equal(it.comment_count, 3);
    assert.equal(it.reaction_count, 2);
    assert.deepEqual(it.reactions, { celebrate: 1, like: 1 });
    assert.equal(it.viewer_reaction, 'celebrate');
    assert.deepEqual(it.latest_comments.map((c) => c.body), ['comment 1', 'comment 2']);
    assert.deepEqual(it.latest_comments.map((c) => c.id), [cs[1].id, cs[2].id]);
    assert.equal(it.latest_comments[0].author.login, 'fay');
    assert.equal(feed.items.find((x) => x.id === byGroup.FA[0].id).viewer_reaction, null);
    // The same post, seen by alice, carries alice's reaction.
    assert.equal(ok(await A.get(`${V1}/posts/${target.id}`)).viewer_reaction, 'like');
  });

  test('pages by cursor without gaps or repeats', async () => {
    const all = ok(await F.get(`${V1}/feed?limit=100`)).items.map((p) => p.id);
    const pages = await allPages(F, `${V1}/feed`, 2);
    assert.deepEqual(pages.flatMap((p) => p.items.map((x) => x.id)), all);
    assert.equal(pages.length, Math.ceil(all.length / 2));
    assert.equal(ok(await F.get(`${V1}/feed`)).items.length, Math.min(20, all.length));
  });

  test('an approved request brings the group\'s posts in; leaving takes them out', async () => {
    ok(await A.post(`${V1}/groups/${FC.id}/members`, { user_id: id.fay }));
    let ids = ok(await F.get(`${V1}/feed?limit=100`)).items.map((p) => p.id);
    for (const p of byGroup.FC) assert.ok(ids.includes(p.id), `FC post ${p.id} in the feed`);
    assert.deepEqual(ids, [...ids].sort((x, y) => y - x));
    const left = await F.delete(`${V1}/groups/${FB.id}/members/${id.fay}`);
    assert.equal(left.status, 204, left.text);
    ids = ok(await F.get(`${V1}/feed?limit=100`)).items.map((p) => p.id);
    for (const p of byGroup.FB) assert.ok(!ids.includes(p.id), `FB post ${p.id} left the feed`);
  });

  test('the feed needs a sign-in', async () => {
    assertProblem(await anon(srv.url).get(`${V1}/feed`), 401, 'unauthenticated');
  });
});

// ---- group suggestions ----

describe('GET /groups?filter=suggested', () => {
  // alice makes: Big (open, 4 members), Mid (closed, 3), Small (open, 1),
  // Secret (secret, 2) and Shelved (open, 4, archived). fay is in none of
  // them; from the feed block she is active in Feed A and Feed C, left
  // Feed B and never joined Feed D.
  let Big, Mid, Small, Secret, Shelved;

  /** What filter=suggested must answer to a viewer, derived from filter=all. */
  async function expectedFor(client) {
    const all = ok(await client.get(`${V1}/groups?limit=100`));
    assert.equal(all.next_cursor, null, 'the district fits in one page of 100 groups');
    return all.items
      .filter((g) => g.viewer.state === 'none' && !g.archived && g.privacy !== 'secret')
      .sort((x, y) => y.member_count - x.member_count || x.id - y.id);
  }
  async function suggested(client, query = 'limit=100') {
    const page = ok(await client.get(`${V1}/groups?filter=suggested&${query}`));
    assert.equal(page.next_cursor, null, 'suggestions are one page');
    return page.items;
  }
  const ids = (items) => items.map((g) => g.id);

  before(async () => {
    Big = await mkGroup(A, { name: 'Suggest Big', privacy: 'open' });
    for (const c of [B, C, D]) assert.equal(ok(await c.post(`${V1}/groups/${Big.id}/members`)).state, 'active');
    Mid = await mkGroup(A, { name: 'Suggest Mid', privacy: 'closed' });
    for (const [c, who] of [[B, 'bob'], [C, 'carol']]) {
      assert.equal(ok(await c.post(`${V1}/groups/${Mid.id}/members`)).state, 'pending');
      assert.equal(ok(await A.post(`${V1}/groups/${Mid.id}/members`, { user_id: id[who] })).state, 'active');
    }
    Small = await mkGroup(A, { name: 'Suggest Small', privacy: 'open' });
    Secret = await mkGroup(A, { name: 'Suggest Secret', privacy: 'secret' });
    assert.equal(ok(await A.post(`${V1}/groups/${Secret.id}/members`, { user_id: id.bob })).state, 'invited');
    assert.equal(ok(await B.post(`${V1}/groups/${Secret.id}/members`)).state, 'active');
    Shelved = await mkGroup(A, { name: 'Suggest Shelved', privacy: 'open' });
    for (const c of [B, C, D]) ok(await c.post(`${V1}/groups/${Shelved.id}/members`));
    assert.equal(ok(await A.patch(`${V1}/groups/${Shelved.id}`, { archived: true })).archived, true);
    const counts = [];
    for (const g of [Big, Mid, Small, Secret, Shelved]) counts.push(ok(await A.get(`${V1}/groups/${g.id}`)).member_count);
    assert.deepEqual(counts, [4, 3, 1, 2, 4], 'member counts of Big, Mid, Small, Secret, Shelved');
  });

  test('lists the open and closed groups the viewer has no membership in, most members first', async () => {
    const items = await suggested(F);
    assert.deepEqual(items, await expectedFor(F), 'exactly the visible, live, non-secret groups fay has no row in');
    const got = ids(items);
    for (const g of [Big, Mid, Small]) assert.ok(got.includes(g.id), `${g.name} is suggested`);
    assert.ok(got.indexOf(Big.id) < got.indexOf(Mid.id) && got.indexOf(Mid.id) < got.indexOf(Small.id), 'by member count');
    assert.ok(!got.includes(Secret.id), 'never a secret group');
    assert.ok(!got.includes(Shelved.id), 'never an archived group');
    const counts = items.map((g) => g.member_count);
    assert.deepEqual(counts, [...counts].sort((x, y) => y - x), 'most members first');
    for (let i = 1; i < items.length; i++) {
      if (items[i - 1].member_count === items[i].member_count) assert.ok(items[i - 1].id < items[i].id, 'ties by id');
    }
    // fay's own groups are not suggested; one she left is again.
    const mine = ids(ok(await F.get(`${V1}/groups?filter=mine&limit=100`)).items);
    assert.ok(mine.length >= 2, `fay is in some groups: ${mine}`);
    for (const g of mine) assert.ok(!got.includes(g), `group ${g} fay is in is not suggested`);
    assert.ok(items.some((g) => g.name === 'Feed B'), 'a group fay left is suggested again');
    assert.ok(items.some((g) => g.name === 'Feed D'), 'a group fay never joined is suggested');
    // Each item is the group as GET /groups/{id} shows it to the viewer.
    for (const g of items) {
      assert.deepEqual(g, ok(await F.get(`${V1}/groups/${g.id}`)));
      assert.equal(g.viewer.state, 'none');
    }
  });

  test('a request, an invitation or a membership takes a group out; ending it puts the group back', async () => {
    assert.equal(ok(await F.post(`${V1}/groups/${Mid.id}/members`)).state, 'pending');
    assert.equal(ok(await A.post(`${V1}/groups/${Small.id}/members`, { user_id: id.fay })).state, 'invited');
    assert.equal(ok(await F.post(`${V1}/groups/${Big.id}/members`)).state, 'active');
    assert.equal(ok(await A.post(`${V1}/groups/${Secret.id}/members`, { user_id: id.fay })).state, 'invited');
    let got = ids(await suggested(F));
    assert.ok(!got.includes(Mid.id), 'not a group with a pending request');
    assert.ok(!got.includes(Small.id), 'not a group with an open invitation');
    assert.ok(!got.includes(Big.id), 'not a group one is an active member of');
    assert.ok(!got.includes(Secret.id), 'not a secret group one is invited to');
    assert.ok(ids(ok(await F.get(`${V1}/groups?limit=100`)).items).includes(Secret.id), 'though fay now sees the secret group');
    assert.deepEqual(got, ids(await expectedFor(F)));
    for (const g of [Mid, Small, Big, Secret]) {
      const res = await F.delete(`${V1}/groups/${g.id}/members/${id.fay}`);
      assert.equal(res.status, 204, res.text);
    }
    got = ids(await suggested(F));
    for (const g of [Mid, Small, Big]) assert.ok(got.includes(g.id), `${g.name} is suggested again`);
    assert.ok(!got.includes(Secret.id));
    assert.deepEqual(got, ids(await expectedFor(F)));
  });

  test('a system admin, who sees every secret group, is never suggested one', async () => {
    const all = ids(ok(await R.get(`${V1}/groups?limit=100`)).items);
    assert.ok(all.includes(Secret.id) && all.includes(shared.secret.id), 'root sees the secret groups');
    const items = await suggested(R);
    assert.ok(!items.some((g) => g.privacy === 'secret'), JSON.stringify(ids(items)));
    assert.deepEqual(items, await expectedFor(R));
    // bob, a member of Big, Mid and Secret, is suggested none of them.
    const bob = ids(await suggested(B));
    for (const g of [Big, Mid, Secret]) assert.ok(!bob.includes(g.id), `bob is not suggested ${g.name}`);
    assert.ok(bob.includes(Small.id));
  });

  test('an archived group comes back once it is unarchived', async () => {
    assert.ok(!ids(await suggested(F)).includes(Shelved.id));
    ok(await A.patch(`${V1}/groups/${Shelved.id}`, { archived: false }));
    const got = ids(await suggested(F));
    assert.ok(got.includes(Shelved.id), 'suggested once live again');
    assert.ok(got.indexOf(Big.id) < got.indexOf(Shelved.id), 'as many members as Big, made later: after it');
    assert.ok(got.indexOf(Shelved.id) < got.indexOf(Mid.id), 'more members than Mid: before it');
  });

  test('limit bounds the single page; without it at most 20', async () => {
    const full = await suggested(F);
    assert.ok(full.length > 3, `enough suggestions to cut: ${full.length}`);
    assert.deepEqual(await suggested(F, 'limit=2'), full.slice(0, 2));
    assert.deepEqual(await suggested(F, 'limit=1'), full.slice(0, 1));
    const dflt = ok(await F.get(`${V1}/groups?filter=suggested`));
    assert.deepEqual(dflt.items, full.slice(0, 20));
    assert.equal(dflt.next_cursor, null);
  });

  test('q or cursor with filter=suggested answer 400 invalid_parameter naming the parameter', async () => {
    let p = assertProblem(await F.get(`${V1}/groups?filter=suggested&q=suggest`), 400, 'invalid_parameter');
    assert.equal(p.field, 'q');
    p = assertProblem(await F.get(`${V1}/groups?filter=suggested&cursor=${Big.id}`), 400, 'invalid_parameter');
    assert.equal(p.field, 'cursor');
    p = assertProblem(await F.get(`${V1}/groups?filter=suggested&limit=5&cursor=${Big.id}&q=suggest`), 400, 'invalid_parameter');
    assert.ok(['q', 'cursor'].includes(p.field), `field ${p.field}`);
    // The other filters still take them.
    ok(await F.get(`${V1}/groups?filter=all&q=suggest`));
    ok(await F.get(`${V1}/groups?filter=mine&q=feed`));
    for (const bad of ['Suggested', 'suggest', 'suggestion', 'suggested!', 'SUGGESTED']) {
      p = assertProblem(await F.get(`${V1}/groups?filter=${encodeURIComponent(bad)}`), 400, 'invalid_parameter');
      assert.equal(p.field, 'filter', bad);
    }
    assertProblem(await anon(srv.url).get(`${V1}/groups?filter=suggested`), 401, 'unauthenticated');
  });
});

// ---- one person's posts ----

describe('GET /users/{id}/posts', () => {
  // uma (a new person) is an active member of UPO (open), UPC (closed) and
  // UPS (secret), all alice's. carol is active in UPC, dave in UPS; bob
  // asked to join UPC and is invited to UPS; fay and root are in none.
  let U; // uma
  let UPO, UPC, UPS;
  const posts = []; // uma's posts, oldest first: { id, priv, deleted }
  let alicePost; // alice's, in UPO

  const groupOf = (priv) => ({ open: UPO, closed: UPC, secret: UPS })[priv];
  /** uma's live posts a viewer in these groups may read, newest first. */
  const readable = (privs) => posts.filter((p) => !p.deleted && privs.includes(p.priv)).map((p) => p.id).reverse();
  const listIds = async (client, query = 'limit=100') => {
    const page = ok(await client.get(`${V1}/users/${id.uma}/posts?${query}`));
    assert.equal(page.next_cursor, null, 'one page holds them all');
    return page.items.map((p) => p.id);
  };

  before(async () => {
    const add = await run(['user', 'add', '--db', srv.dbPath, '--login', 'uma', '--name', 'Uma Upton',
      '--title', 'Music teacher'], { input: `${PW}\n` });
    assert.equal(add.code, 0, `user add: ${add.stderr}`);
    U = new Client(srv.url);
    id.uma = (await U.login('uma', PW)).user.id;
    UPO = await mkGroup(A, { name: 'Uma Open', privacy: 'open' });
    UPC = await mkGroup(A, { name: 'Uma Closed', privacy: 'closed' });
    UPS = await mkGroup(A, { name: 'Uma Secret', privacy: 'secret' });
    ok(await U.post(`${V1}/groups/${UPO.id}/members`));
    for (const [c, who] of [[U, 'uma'], [C, 'carol']]) {
      ok(await c.post(`${V1}/groups/${UPC.id}/members`));
      assert.equal(ok(await A.post(`${V1}/groups/${UPC.id}/members`, { user_id: id[who] })).state, 'active');
    }
    for (const [c, who] of [[U, 'uma'], [D, 'dave']]) {
      ok(await A.post(`${V1}/groups/${UPS.id}/members`, { user_id: id[who] }));
      assert.equal(ok(await c.post(`${V1}/groups/${UPS.id}/members`)).state, 'active');
    }
    assert.equal(ok(await B.post(`${V1}/groups/${UPC.id}/members`)).state, 'pending');
    assert.equal(ok(await A.post(`${V1}/groups/${UPS.id}/members`, { user_id: id.bob })).state, 'invited');
    for (let i = 1; i <= 3; i++) {
      for (const priv of ['open', 'closed', 'secret']) {
        const p = await mkPost(U, groupOf(priv).id, `uma ${priv} ${i}`);
        posts.push({ id: p.id, priv, deleted: false });
      }
    }
    alicePost = await mkPost(A, UPO.id, 'alice, not uma');
  });

  test('lists the person\'s posts the viewer may read, newest first, each a whole post', async () => {
    const all = ['open', 'closed', 'secret'];
    const cases = [
      [U, 'uma', all], [A, 'alice', all], [C, 'carol', ['open', 'closed']], [D, 'dave', ['open', 'secret']],
      [B, 'bob (pending in the closed group, invited to the secret one)', ['open']],
      [F, 'fay (in none of the groups)', ['open']], [R, 'root (a system admin, in none of them)', ['open']],
    ];
    for (const [client, who, privs] of cases) {
      const page = ok(await client.get(`${V1}/users/${id.uma}/posts?limit=100`));
      assert.deepEqual(page.items.map((p) => p.id), readable(privs), `what ${who} reads`);
      assert.equal(page.next_cursor, null);
      for (const p of page.items) {
        assert.equal(p.author.login, 'uma');
        assert.deepEqual(p, ok(await client.get(`${V1}/posts/${p.id}`)), `post ${p.id} as GET /posts/{id} shows it to ${who}`);
      }
      assert.ok(!page.items.some((p) => p.id === alicePost.id), 'only the person\'s own posts');
    }
    const p = ok(await A.get(`${V1}/users/${id.uma}/posts?limit=1`)).items[0];
    assert.deepEqual(p.author, { id: id.uma, login: 'uma', name: 'Uma Upton', title: 'Music teacher' });
    assert.deepEqual(p.group, { id: UPS.id, name: 'Uma Secret', privacy: 'secret' });
    assert.equal(p.body, 'uma secret 3');
    assert.ok(ok(await A.get(`${V1}/users/${id.alice}/posts?limit=100`)).items.some((x) => x.id === alicePost.id));
  });

  test('deleted posts are not listed, whoever deleted them', async () => {
    const own = posts[6]; // uma open 3
    const byAdmin = posts[5]; // uma secret 2, removed by alice, the group's admin
    let res = await U.delete(`${V1}/posts/${own.id}`);
    assert.equal(res.status, 204, res.text);
    own.deleted = true;
    res = await A.delete(`${V1}/posts/${byAdmin.id}`);
    assert.equal(res.status, 204, res.text);
    byAdmin.deleted = true;
    for (const client of [U, A, D, F]) {
      const got = await listIds(client);
      assert.ok(!got.includes(own.id) && !got.includes(byAdmin.id), `deleted posts listed: ${got}`);
    }
    assert.deepEqual(await listIds(A), readable(['open', 'closed', 'secret']));
    assert.deepEqual(await listIds(F), readable(['open']));
  });

  test('pages by cursor without gaps or repeats, also across posts the viewer may not read', async () => {
    for (const [client, privs, limit] of [[A, ['open', 'closed', 'secret'], 2], [C, ['open', 'closed'], 3],
      [B, ['open'], 1], [D, ['open', 'secret'], 1]]) {
      const want = readable(privs);
      const pages = await allPages(client, `${V1}/users/${id.uma}/posts`, limit);
      assert.deepEqual(pages.flatMap((p) => p.items.map((x) => x.id)), want);
      assert.equal(pages.length, Math.max(1, Math.ceil(want.length / limit)));
    }
    const dflt = ok(await A.get(`${V1}/users/${id.uma}/posts`));
    assert.deepEqual(dflt.items.map((p) => p.id), readable(['open', 'closed', 'secret']), 'the default page holds them');
  });

  test('only active membership counts: approval and acceptance bring posts in, leaving takes them out', async () => {
    assert.equal(ok(await A.post(`${V1}/groups/${UPC.id}/members`, { user_id: id.bob })).state, 'active');
    assert.deepEqual(await listIds(B), readable(['open', 'closed']), 'bob, approved');
    assert.equal(ok(await B.post(`${V1}/groups/${UPS.id}/members`)).state, 'active');
    assert.deepEqual(await listIds(B), readable(['open', 'closed', 'secret']), 'bob, in all three');
    const res = await C.delete(`${V1}/groups/${UPC.id}/members/${id.carol}`);
    assert.equal(res.status, 204, res.text);
    assert.deepEqual(await listIds(C), readable(['open']), 'carol, who left the closed group');
  });

  test('the posts of an archived group stay listed', async () => {
    ok(await A.patch(`${V1}/groups/${UPO.id}`, { archived: true }));
    assert.deepEqual(await listIds(F), readable(['open']));
    ok(await A.patch(`${V1}/groups/${UPO.id}`, { archived: false }));
  });

  test('an unknown person is 404; someone without posts gets an empty page; bad parameters are 400', async () => {
    assertProblem(await A.get(`${V1}/users/999999/posts`), 404, 'not_found');
    assertProblem(await A.get(`${V1}/users/uma/posts`), 404, 'not_found');
    const olga = ok(await A.get(`${V1}/users?login=olga`)).items[0];
    assert.deepEqual(ok(await A.get(`${V1}/users/${olga.id}/posts`)), { items: [], next_cursor: null });
    for (const [q, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['cursor=abc', 'cursor'], ['cursor=0', 'cursor']]) {
      const p = assertProblem(await A.get(`${V1}/users/${id.uma}/posts?${q}`), 400, 'invalid_parameter');
      assert.equal(p.field, field, q);
    }
    assert.equal(assertProblem(await A.get(`${V1}/users/${id.uma}/posts?q=uma`), 400, 'unknown_parameter').field, 'q');
    assertProblem(await anon(srv.url).get(`${V1}/users/${id.uma}/posts`), 401, 'unauthenticated');
  });
});

// ---- markdown ----

describe('markdown in posts and comments', () => {
  let g;
  before(async () => { g = await mkGroup(A, { name: 'Markdown', privacy: 'open' }); });

  test('raw HTML is dropped: no <script>, no event handlers', async () => {
    const p = await mkPost(A, g.id, 'Hello <script>alert(1)</script> world\n\n<img src=x onerror=alert(2)>\n\n<iframe src="https://evil.example"></iframe>');
    assert.doesNotMatch(p.body_html, /<script/i);
    assert.doesNotMatch(p.body_html, /onerror/i);
    assert.doesNotMatch(p.body_html, /<iframe/i);
    assert.match(p.body_html, /Hello/);
    assert.equal(p.body, 'Hello <script>alert(1)</script> world\n\n<img src=x onerror=alert(2)>\n\n<iframe src="https://evil.example"></iframe>', 'the source is kept as written');
    const c = await mkComment(A, p.id, 'a <script>alert(3)</script> comment');
    assert.doesNotMatch(c.body_html, /<script/i);
    const e = ok(await A.patch(`${V1}/posts/${p.id}`, { body: 'now <script>alert(4)</script>' }));
    assert.doesNotMatch(e.body_html, /<script/i);
  });

  test('javascript: links lose their href', async () => {
    for (const src of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '<javascript:alert(1)>',
      '[x](vbscript:msgbox(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '![i](javascript:alert(1))']) {
      const p = await mkPost(A, g.id, src);
      assert.doesNotMatch(p.body_html, /(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):/i, `${src} -> ${p.body_html}`);
    }
    const p = await mkPost(A, g.id, '[x](javascript:alert(1))');
    assert.doesNotMatch(p.body_html, /javascript:/i, p.body_html);
    assert.match(p.body_html, />x<\/a>/, 'the link text stays');
    const safe = await mkPost(A, g.id, '[site](https://example.org/a?b=1)');
    assert.match(safe.body_html, /<a href="https:\/\/example\.org\/a\?b=1">site<\/a>/);
  });

  test('@mentions render as links to the person', async () => {
    const p = await mkPost(A, g.id, 'Thanks @bob and @Carol!');
    assert.match(p.body_html, /<a href="\/people\/bob">@bob<\/a>/);
    assert.match(p.body_html, /<a href="\/people\/carol">@Carol<\/a>/);
    const mail = await mkPost(A, g.id, 'write to bob@example.org');
    assert.doesNotMatch(mail.body_html, /\/people\//, 'an e-mail address is no mention');
    const c = await mkComment(B, p.id, 'cc @dave');
    assert.match(c.body_html, /<a href="\/people\/dave">@dave<\/a>/);
  });
});

// ---- notifications (tests/api/notifications.test.mjs has the rest) ----

describe('notifications', () => {
  let g;
  let post;

  before(async () => {
    g = await mkGroup(A, { name: 'Notice board', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    ok(await B.post(`${V1}/notifications/read`, { all: true }));
    post = await mkPost(A, g.id, 'Assembly at 9, @bob.');
  });

  test('GET /notifications lists a mention and counts it unread', async () => {
    const page = ok(await B.get(`${V1}/notifications?limit=10&unread=true`));
    assert.equal(page.unread_count, 1);
    assert.equal(page.next_cursor, null);
    assert.deepEqual(page.items.map((n) => [n.kind, n.post_id, n.actor.login, n.group.id, n.read]),
      [['mention', post.id, 'alice', g.id, false]]);
    assert.match(page.items[0].created_at, ISO);
  });

  test('POST /notifications/read marks ids read, then all', async () => {
    const [n] = ok(await B.get(`${V1}/notifications?unread=true`)).items;
    assert.deepEqual(ok(await B.post(`${V1}/notifications/read`, { ids: [n.id] })), { unread_count: 0 });
    assert.deepEqual(ok(await B.post(`${V1}/notifications/read`, { all: true })), { unread_count: 0 });
    assertProblem(await B.post(`${V1}/notifications/read`, {}), 422, 'required');
  });

  test('GET /notifications/settings and PUT /groups/{id}/notification-settings', async () => {
    const before = ok(await B.get(`${V1}/notifications/settings?limit=100`));
    assert.deepEqual(before.items.find((x) => x.group.id === g.id), { group: { id: g.id, name: 'Notice board' }, level: 'highlights', muted: false });
    assert.deepEqual(ok(await B.put(`${V1}/groups/${g.id}/notification-settings`, { level: 'all', muted: false })),
      { group: { id: g.id, name: 'Notice board' }, level: 'all', muted: false });
    const p2 = await mkPost(A, g.id, 'Assembly moved to 10.');
    const [n] = ok(await B.get(`${V1}/notifications?unread=true`)).items;
    assert.deepEqual([n.kind, n.post_id], ['new_post', p2.id]);
    assertProblem(await C.put(`${V1}/groups/${g.id}/notification-settings`, { level: 'all' }), 403, 'members_only');
    assert.deepEqual(ok(await B.get(`${V1}/groups/${g.id}/notification-settings`)),
      { group: { id: g.id, name: 'Notice board' }, level: 'all', muted: false });
  });

  test('PUT and DELETE /posts/{id}/follow', async () => {
    assert.deepEqual(ok(await C.put(`${V1}/posts/${post.id}/follow`)), { post_id: post.id, following: true });
    await mkComment(B, post.id, 'See you there.');
    assert.equal(ok(await C.get(`${V1}/notifications?unread=true`)).items[0].kind, 'followed_comment');
    assert.deepEqual(ok(await C.delete(`${V1}/posts/${post.id}/follow`)), { post_id: post.id, following: false });
    assertProblem(await C.put(`${V1}/posts/987654321/follow`), 404, 'not_found');
  });
});

// ---- deactivation ----

describe('a deactivated person', () => {
  let E; // erin by cookie
  let ET; // erin by token
  let post;
  let comment;

  before(async () => {
    E = new Client(srv.url);
    await E.login('erin', PW);
    id.erin = E.user.id;
    const t = ok(await E.post(`${V1}/tokens`, { name: 'erin script' }), 201);
    ET = withToken(t.token);
    ok(await E.post(`${V1}/groups/${shared.pager.id}/members`));
    post = await mkPost(E, shared.pager.id, 'erin was here');
    comment = await mkComment(E, shared.talkPost.id, 'erin comments');
    const res = await run(['user', 'deactivate', '--db', srv.dbPath, '--login', 'erin']);
    assert.equal(res.code, 0, `user deactivate: ${res.stderr}`);
  });

  test('is refused at sign-in with 401 invalid_credentials', async () => {
    const res = await anon(srv.url).post(`${V1}/session`, { login: 'erin', password: PW });
    assertProblem(res, 401, 'invalid_credentials');
    const ck = sessionCookie(res);
    assert.ok(!ck || ck.value === '');
  });

  test('loses their open session and their tokens', async () => {
    assertProblem(await E.get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await E.post(`${V1}/groups/${shared.pager.id}/posts`, { body: 'still here?' }), 401, 'unauthenticated');
    assertProblem(await ET.get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await ET.post(`${V1}/groups/${shared.pager.id}/posts`, { body: 'still here?' }), 401, 'unauthenticated');
  });

  test('leaves their posts and comments visible to others', async () => {
    const p = ok(await B.get(`${V1}/posts/${post.id}`));
    assert.equal(p.body, 'erin was here');
    assert.equal(p.author.login, 'erin');
    const list = ok(await B.get(`${V1}/groups/${shared.pager.id}/posts?limit=100`)).items;
    assert.ok(list.some((x) => x.id === post.id));
    const cs = ok(await B.get(`${V1}/posts/${shared.talkPost.id}/comments?limit=100`)).items;
    assert.ok(cs.some((x) => x.id === comment.id && x.author.login === 'erin'));
    assert.equal(ok(await B.get(`${V1}/users/${id.erin}`)).status, 'deactivated');
    const found = ok(await B.get(`${V1}/users?login=erin`)).items;
    assert.deepEqual(found.map((u) => [u.id, u.status]), [[id.erin, 'deactivated']], 'found by login');
    const theirs = ok(await B.get(`${V1}/users/${id.erin}/posts`)).items;
    assert.deepEqual(theirs.map((x) => x.id), [post.id], 'listed among their posts');
  });

  test('a password change from the command line ends the person\'s sessions', async () => {
    const c = new Client(srv.url);
    await c.login('sam', PW);
    ok(await c.get(`${V1}/me`));
    const res = await run(['user', 'set-password', '--db', srv.dbPath, '--login', 'sam'], { input: 'a brand new password\n' });
    assert.equal(res.code, 0, `user set-password: ${res.stderr}`);
    assertProblem(await c.get(`${V1}/me`), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).post(`${V1}/session`, { login: 'sam', password: PW }), 401, 'invalid_credentials');
    await new Client(srv.url).login('sam', 'a brand new password');
  });

  test('cannot be added to a group', async () => {
    assertProblem(await A.post(`${V1}/groups/${shared.closed.id}/members`, { user_id: id.erin }), 422, 'unknown_user');
  });
});

// ---- the route table, whole ----

async function routeTable() {
  const src = await readFile(path.join(repoRoot, 'src/api/routes.c'), 'utf8');
  const out = [];
  const re = /\{HTTP_(GET|POST|PUT|PATCH|DELETE),\s*(V1\s*)?"([^"]+)"/g;
  for (let m; (m = re.exec(src));) out.push({ method: m[1], pattern: (m[2] ? '/api/v1' : '') + m[3] });
  return out;
}

describe('the live stream', () => {
  test('GET /stream answers an event stream, counted once it ends', async () => {
    const c = new Client(srv.url);
    await c.login('fay', PW);
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const ac = new AbortController();
    const res = await fetch(`${srv.url}${V1}/stream`, { headers: { cookie }, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/event-stream/);
    const reader = res.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^retry: \d+\n\n/);
    ac.abort();
    const line = `staffroom_http_responses_total{route="/api/v1/stream",method="GET",code="2xx"} `;
    let counted = false;
    for (let i = 0; i < 30 && !counted; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const text = (await anon(srv.url).get('/metrics')).text;
      const at = text.indexOf(line);
      counted = at >= 0 && Number(text.slice(at + line.length).split('\n')[0]) > 0;
    }
    assert.ok(counted, 'the ended stream is counted among the 2xx responses');
  });
});

describe('important announcements', () => {
  test('mark, see, acknowledge, list receipts, nudge and unmark answer 2xx', async () => {
    const g = await mkGroup(A, { name: 'Announcements', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    const p = await mkPost(A, g.id, 'Early release on Friday.');
    const marked = ok(await A.put(`${V1}/posts/${p.id}/important`, { days: 2 }));
    assert.equal(marked.important.active, true);
    assert.deepEqual(ok(await B.get(`${V1}/feed`)).pinned.map((x) => x.id), [p.id]);
    assert.ok(ok(await B.post(`${V1}/posts/${p.id}/seen`)).viewer.seen_at);
    assert.ok(ok(await B.post(`${V1}/posts/${p.id}/acknowledge`)).viewer.acknowledged_at);
    const r = ok(await A.get(`${V1}/posts/${p.id}/receipts?state=acknowledged`));
    assert.deepEqual(r.items.map((x) => x.user.login), ['bob']);
    assert.equal(ok(await A.post(`${V1}/posts/${p.id}/nudge`)).nudged, 0, 'everyone acknowledged');
    assert.equal(ok(await A.delete(`${V1}/posts/${p.id}/important`)).important.active, false);
  });
});

describe('drafts, scheduled posts and e-mail settings', () => {
  test('drafts: create, list, read, edit, schedule, unschedule, publish and delete answer 2xx', async () => {
    const g = await mkGroup(A, { name: 'Drafting room', privacy: 'open' });
    const d = ok(await A.post(`${V1}/drafts`, { body: 'A draft', group_id: g.id }), 201);
    assert.equal(d.state, 'draft');
    assert.deepEqual(ok(await A.get(`${V1}/drafts`)).items.map((x) => x.id), [d.id]);
    assert.equal(ok(await A.get(`${V1}/drafts/${d.id}`)).body, 'A draft');
    assert.equal(ok(await A.patch(`${V1}/drafts/${d.id}`, { body: 'A better draft' })).body, 'A better draft');
    const at = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal(ok(await A.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: at })).state, 'scheduled');
    assert.equal(ok(await A.delete(`${V1}/drafts/${d.id}/schedule`)).state, 'draft');
    const p = ok(await A.post(`${V1}/drafts/${d.id}/publish`), 201);
    assert.equal(p.body, 'A better draft');
    const e = ok(await A.post(`${V1}/drafts`, { body: 'Never mind' }), 201);
    ok(await A.delete(`${V1}/drafts/${e.id}`), 204);
    assertProblem(await B.get(`${V1}/drafts/${d.id}`), 404, 'not_found');
  });

  test('e-mail settings, the digest\'s unsubscribe link and the job queue answer 2xx', async () => {
    const s = ok(await A.get(`${V1}/me/email-settings`));
    assert.equal(s.email_enabled, false, 'no smtp_url: e-mail is off');
    assert.equal(ok(await A.put(`${V1}/me/email-settings`, { digest_hour: 6 })).digest_hour, 6);
    // The token of alice's unsubscribe link: HMAC-SHA256 of "digest-unsubscribe:<id>"
    // under the district's key, as the digest carries it.
    const { execFileSync } = await import('node:child_process');
    const { createHmac } = await import('node:crypto');
    const hex = execFileSync('sqlite3', ['-readonly', srv.dbPath, 'SELECT hex(unsub_key) FROM mail_state'], { encoding: 'utf8' }).trim();
    const mac = createHmac('sha256', Buffer.from(hex, 'hex')).update(`digest-unsubscribe:${id.alice}`).digest().subarray(0, 18);
    const token = `${id.alice}.${mac.toString('base64url')}`;
    assert.deepEqual(ok(await anon(srv.url).post(`${V1}/email/unsubscribe?token=${token}`)), { digest: false });
    assert.equal(ok(await A.get(`${V1}/me/email-settings`)).digest, false);
    const j = ok(await R.get(`${V1}/admin/jobs`));
    assert.equal(j.email_enabled, false);
    assert.ok(Array.isArray(j.counts) && Array.isArray(j.problems));
    assertProblem(await A.get(`${V1}/admin/jobs`), 403, 'admins_only');
  });
});

describe('images', () => {
  test('upload, read, thumbnail and delete answer 2xx', async () => {
    const png = await readFile(path.join(repoRoot, 'tests/fixtures/images/meta.png'));
    const res = await A.post(`${V1}/images`, png, { headers: { 'content-type': 'image/png' } });
    const img = ok(res, 201);
    assert.equal(img.mime, 'image/png');
    const get = await A.get(img.url);
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('content-type'), 'image/png');
    const thumb = await A.get(img.thumbnail.url);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/png');
    assertProblem(await B.get(img.url), 404, 'not_found');
    ok(await A.delete(img.url), 204);
    assertProblem(await A.get(img.url), 404, 'not_found');
  });

  test('PATCH /images/{id} describes an unposted image; a post carries it with image_ids', async () => {
    const png = await readFile(path.join(repoRoot, 'tests/fixtures/images/meta.png'));
    const img = ok(await A.post(`${V1}/images`, png, { headers: { 'content-type': 'image/png' } }), 201);
    const d = ok(await A.patch(img.url, { alt: 'The class garden', shows_students: false }));
    assert.equal(d.alt, 'The class garden');
    assert.equal(d.shows_students, false);
    assertProblem(await A.patch(img.url, { alt: 'x'.repeat(1001) }), 422, 'too_long');
    assertProblem(await A.patch(img.url, { colour: 'red' }), 400, 'unknown_field');
    assertProblem(await B.patch(img.url, { alt: 'mine now' }), 404, 'not_found');
    const g = await mkGroup(A, { name: 'Garden club', privacy: 'open' });
    const p = ok(await A.post(`${V1}/groups/${g.id}/posts`, { body: 'Spring!', image_ids: [img.id] }), 201);
    assert.deepEqual(p.images.map((i) => [i.id, i.alt]), [[img.id, 'The class garden']]);
    assert.equal((await B.get(img.url)).status, 200); /* it follows its post now */
    assertProblem(await A.patch(img.url, { alt: 'later' }), 409, 'image_attached');
  });
});

// ---- held for review ----

describe('held for review', () => {
  // A date of birth in an open group is held under the default policy (no
  // roster needed). alice writes, bob is a member, mona (added here) is a
  // monitor; root, a system admin, is not one.
  const HELD = 'born 03/14/2012';
  let g;
  let M; // mona, a monitor

  before(async () => {
    const add = await run(['user', 'add', '--db', srv.dbPath, '--login', 'mona', '--name', 'Mona Monitor'], { input: `${PW}\n` });
    assert.equal(add.code, 0, `user add: ${add.stderr}`);
    const mon = await run(['user', 'monitor', '--db', srv.dbPath, '--login', 'mona', '--set', 'on']);
    assert.equal(mon.code, 0, `user monitor: ${mon.stderr}`);
    M = new Client(srv.url);
    id.mona = (await M.login('mona', PW)).user.id;
    g = await mkGroup(A, { name: 'Review desk', privacy: 'open' });
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    ok(await M.post(`${V1}/groups/${g.id}/members`));
  });

  const hold = async (client, body) => {
    const res = await client.post(`${V1}/groups/${g.id}/posts`, { body });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.json.status, 'held');
    return res.json.review;
  };
  const groupBodies = async () => ok(await B.get(`${V1}/groups/${g.id}/posts?limit=100`)).items.map((p) => p.body);

  test('a held post answers 202 with the review and reaches no one', async () => {
    const rv = await hold(A, `Trip form for the pupil ${HELD}.`);
    assert.ok(Number.isInteger(rv.id) && rv.id > 0);
    assert.equal(rv.kind, 'post');
    assert.equal(rv.state, 'pending');
    assert.deepEqual(rv.author, { id: id.alice, login: 'alice', name: 'Alice Anders', title: 'Grade 5 teacher' });
    assert.deepEqual(rv.group, { id: g.id, name: 'Review desk', privacy: 'open' });
    assert.equal(rv.post_id, null);
    assert.equal(rv.body, `Trip form for the pupil ${HELD}.`);
    assert.deepEqual(rv.findings.map((f) => [f.rule, f.action]), [['dob', 'hold']]);
    assert.match(rv.created_at, ISO);
    assert.equal(rv.decided_at, null);
    assert.equal(rv.can_decide, false);
    assert.ok(!(await groupBodies()).some((b) => b.includes(HELD)), 'nothing published');
    ok(await A.delete(`${V1}/reviews/${rv.id}`), 204);
  });

  test('GET /reviews: the whole queue for monitors, one\'s own for others; 422 unknown_state', async () => {
    const rv = await hold(A, `Permission slip, ${HELD}.`);
    const q = ok(await M.get(`${V1}/reviews`));
    assert.ok(Number.isInteger(q.pending_count) && q.pending_count >= 1, q.pending_count);
    const item = q.items.find((x) => x.id === rv.id);
    assert.equal(item.can_decide, true);
    assert.equal(item.author.login, 'alice');
    const mine = ok(await A.get(`${V1}/reviews`));
    assert.deepEqual(mine.items.map((x) => x.id), [rv.id]);
    assert.equal(mine.pending_count, null);
    assert.equal(mine.next_cursor, null);
    assert.deepEqual(ok(await B.get(`${V1}/reviews?state=all`)).items, []);
    assert.deepEqual(ok(await R.get(`${V1}/reviews`)).items, [], 'a system admin is not a monitor');
    assert.deepEqual(ok(await M.get(`${V1}/reviews?mine=true`)).items, [], 'a monitor\'s own: none');
    assert.ok(ok(await A.get(`${V1}/reviews?state=all&limit=1`)).items.length === 1);
    assertProblem(await M.get(`${V1}/reviews?state=maybe`), 422, 'unknown_state');
    assertProblem(await M.get(`${V1}/reviews?limit=0`), 400);
    assertProblem(await anon(srv.url).get(`${V1}/reviews`), 401, 'unauthenticated');
    ok(await A.delete(`${V1}/reviews/${rv.id}`), 204);
  });

  test('GET /guard/records: the guard\'s records for monitors, 403 for anyone else', async () => {
    const rv = await hold(A, `Records check, ${HELD}.`);
    const page = ok(await M.get(`${V1}/guard/records?outcome=held&limit=5`));
    assert.ok(page.items.length >= 1 && page.items.every((x) => x.outcome === 'held'));
    assert.deepEqual(Object.keys(page.items[0]).sort(),
      ['at', 'author', 'comment_id', 'findings', 'group', 'id', 'kind', 'outcome', 'post_id', 'reason']);
    assert.ok(!JSON.stringify(page).includes('Records check'), 'no text');
    assertProblem(await A.get(`${V1}/guard/records`), 403, 'monitors_only');
    assertProblem(await M.get(`${V1}/guard/records?outcome=nope`), 422, 'unknown_outcome');
    assertProblem(await M.get(`${V1}/guard/records?limit=0`), 400, 'invalid_parameter');
    ok(await A.delete(`${V1}/reviews/${rv.id}`), 204);
  });

  test('GET /reviews/{id}: its author and monitors; 404 for anyone else, even a system admin', async () => {
    const rv = await hold(A, `Lunch list, ${HELD}.`);
    assert.equal(ok(await A.get(`${V1}/reviews/${rv.id}`)).body, `Lunch list, ${HELD}.`);
    const seen = ok(await M.get(`${V1}/reviews/${rv.id}`));
    assert.equal(seen.can_decide, true);
    assert.equal(seen.state, 'pending');
    assertProblem(await B.get(`${V1}/reviews/${rv.id}`), 404, 'not_found');
    assertProblem(await R.get(`${V1}/reviews/${rv.id}`), 404, 'not_found');
    assertProblem(await M.get(`${V1}/reviews/987654321`), 404, 'not_found');
    assertProblem(await anon(srv.url).get(`${V1}/reviews/${rv.id}`), 401, 'unauthenticated');
    ok(await A.delete(`${V1}/reviews/${rv.id}`), 204);
  });

  test('POST /reviews/{id}/release: monitors publish as the author and the author is told', async () => {
    const rv = await hold(A, `Reading award for the pupil ${HELD}, well done @bob.`);
    assertProblem(await A.post(`${V1}/reviews/${rv.id}/release`, {}), 403, 'monitors_only');
    assertProblem(await B.post(`${V1}/reviews/${rv.id}/release`, {}), 404, 'not_found');
    assertProblem(await M.post(`${V1}/reviews/987654321/release`, {}), 404, 'not_found');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, { reason: 'x'.repeat(501) }), 422, 'too_long');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, { reason: 5 }), 400);
    assertProblem(await anon(srv.url).post(`${V1}/reviews/${rv.id}/release`, {}), 401, 'unauthenticated');
    const r = ok(await M.post(`${V1}/reviews/${rv.id}/release`, { reason: 'An award: fine.' }));
    assert.equal(r.state, 'released');
    assert.ok(Number.isInteger(r.post_id), r.post_id);
    assert.deepEqual(r.decided_by, { id: id.mona, name: 'Mona Monitor' });
    assert.match(r.decided_at, ISO);
    const post = ok(await B.get(`${V1}/posts/${r.post_id}`));
    assert.equal(post.author.login, 'alice');
    assert.equal(post.body, rv.body);
    const told = ok(await A.get(`${V1}/notifications`)).items.find((n) => n.kind === 'review_released');
    assert.ok(told && told.review_id === rv.id && told.post_id === r.post_id, JSON.stringify(told));
    const mine = ok(await A.get(`${V1}/reviews/${rv.id}`));
    assert.equal(mine.decided_by, null, 'the author is not told which monitor');
    assert.equal(mine.note, 'An award: fine.');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, {}), 409, 'already_decided');
    // a monitor's own post is for another monitor
    const own = await hold(M, `Bus roster, ${HELD}.`);
    assertProblem(await M.post(`${V1}/reviews/${own.id}/release`, {}), 403, 'own_review');
    ok(await M.delete(`${V1}/reviews/${own.id}`), 204);
    // an author who has left the group can no longer publish there
    const gone = await hold(B, `Choir list, ${HELD}.`);
    ok(await B.delete(`${V1}/groups/${g.id}/members/${id.bob}`), 204);
    assertProblem(await M.post(`${V1}/reviews/${gone.id}/release`, {}), 409, 'cannot_release');
    assert.equal(ok(await M.get(`${V1}/reviews/${gone.id}`)).state, 'pending');
    ok(await B.post(`${V1}/groups/${g.id}/members`));
    ok(await B.delete(`${V1}/reviews/${gone.id}`), 204);
  });

  test('POST /reviews/{id}/reject: a reason is required; nothing is published; the author reads why', async () => {
    const rv = await hold(A, `Detention list, ${HELD}.`);
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, {}), 422, 'reason_required');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'x'.repeat(501) }), 422, 'too_long');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 5 }), 400);
    assertProblem(await A.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'mine' }), 403, 'monitors_only');
    assertProblem(await B.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'no' }), 404, 'not_found');
    assertProblem(await M.post(`${V1}/reviews/987654321/reject`, { reason: 'no' }), 404, 'not_found');
    assertProblem(await anon(srv.url).post(`${V1}/reviews/${rv.id}/reject`, { reason: 'no' }), 401, 'unauthenticated');
    const before = await groupBodies();
    const r = ok(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'No dates of birth in an open group.' }));
    assert.equal(r.state, 'rejected');
    assert.equal(r.post_id, null);
    assert.deepEqual(await groupBodies(), before, 'nothing published');
    const told = ok(await A.get(`${V1}/notifications`)).items.find((n) => n.kind === 'review_rejected');
    assert.ok(told && told.review_id === rv.id && told.group.id === g.id, JSON.stringify(told));
    assert.equal(ok(await A.get(`${V1}/reviews/${rv.id}`)).note, 'No dates of birth in an open group.');
    assert.ok(ok(await M.get(`${V1}/reviews?state=rejected`)).items.some((x) => x.id === rv.id));
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/reject`, { reason: 'again' }), 409, 'already_decided');
  });

  test('DELETE /reviews/{id}: its author withdraws while it waits', async () => {
    const rv = await hold(A, `Field day teams, ${HELD}.`);
    assertProblem(await M.delete(`${V1}/reviews/${rv.id}`), 403, 'not_author');
    assertProblem(await B.delete(`${V1}/reviews/${rv.id}`), 404, 'not_found');
    assertProblem(await A.delete(`${V1}/reviews/987654321`), 404, 'not_found');
    assertProblem(await anon(srv.url).delete(`${V1}/reviews/${rv.id}`), 401, 'unauthenticated');
    const before = await groupBodies();
    ok(await A.delete(`${V1}/reviews/${rv.id}`), 204);
    assert.equal(ok(await A.get(`${V1}/reviews/${rv.id}`)).state, 'withdrawn');
    assert.ok(!ok(await M.get(`${V1}/reviews`)).items.some((x) => x.id === rv.id), 'out of the queue');
    assert.deepEqual(await groupBodies(), before, 'nothing published');
    assertProblem(await A.delete(`${V1}/reviews/${rv.id}`), 409, 'already_decided');
    assertProblem(await M.post(`${V1}/reviews/${rv.id}/release`, {}), 409, 'already_decided');
  });
});

describe('the route table', () => {
  test('every route in src/api/routes.c answered 2xx at least once in this file', async () => {
    const routes = await routeTable();
    assert.ok(routes.length >= 31, `parsed ${routes.length} routes from routes.c`);
    await anon(srv.url).get('/metrics');
    const text = (await anon(srv.url).get('/metrics')).text;
    const missing = [];
    for (const r of routes) {
      const line = `staffroom_http_responses_total{route="${r.pattern}",method="${r.method}",code="2xx"}`;
      const at = text.indexOf(`${line} `);
      const n = at < 0 ? 0 : Number(text.slice(at + line.length + 1).split('\n')[0]);
      if (!(n > 0)) missing.push(`${r.method} ${r.pattern}`);
    }
    assert.deepEqual(missing, [], 'routes never exercised with success');
  });
});
