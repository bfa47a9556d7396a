// Notifications over real HTTP: every route of the notification centre,
// settings and follows, happy and error paths, against one real server. The
// tests run in order and share one district: ann writes, ben, cat and dan
// answer, eve stays outside every group.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const LOGINS = ['ann', 'ben', 'cat', 'dan', 'eve'];

let srv;
const C = {}; // login -> signed-in client
const id = {}; // login -> user id
let open; // an open group: ann, ben, cat, dan
let secret; // a secret group: ann, ben

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

const notes = async (who, q = '') => ok(await C[who].get(`${V1}/notifications${q}`));
const kinds = async (who) => (await notes(who)).items.map((n) => n.kind);
const mkPost = async (who, gid, body) => ok(await C[who].post(`${V1}/groups/${gid}/posts`, { body }), 201);
const mkComment = async (who, pid, body, parent_id) =>
  ok(await C[who].post(`${V1}/posts/${pid}/comments`, parent_id ? { body, parent_id } : { body }), 201);
const readAll = async (who) => ok(await C[who].post(`${V1}/notifications/read`, { all: true }));

before(async () => {
  srv = await startServer({ users: LOGINS.map((login) => ({ login, name: `${login} Person`, password: PW })) });
  for (const u of LOGINS) {
    C[u] = new Client(srv.url);
    id[u] = (await C[u].login(u, PW)).user.id;
  }
  open = ok(await C.ann.post(`${V1}/groups`, { name: 'Lounge', purpose: 'Everyone.', privacy: 'open' }), 201).id;
  for (const u of ['ben', 'cat', 'dan']) ok(await C[u].post(`${V1}/groups/${open}/members`));
  secret = ok(await C.ann.post(`${V1}/groups`, { name: 'Hush', purpose: 'Few.', privacy: 'secret' }), 201).id;
  ok(await C.ann.post(`${V1}/groups/${secret}/members`, { user_id: id.ben }));
  ok(await C.ben.post(`${V1}/groups/${secret}/members`));
  for (const u of LOGINS) await readAll(u);
});

after(async () => {
  await srv?.stop();
});

describe('GET /notifications', () => {
  test('a mention arrives with its actor, group and post, and the unread count', async () => {
    const p = await mkPost('ann', open, 'Coffee at 3, @ben?');
    const page = await notes('ben');
    assert.equal(page.unread_count, 1);
    assert.equal(page.next_cursor, null);
    const n = page.items[0];
    assert.equal(n.kind, 'mention');
    assert.equal(n.actor.login, 'ann');
    assert.deepEqual(n.group, { id: open, name: 'Lounge' });
    assert.equal(n.post_id, p.id);
    assert.equal(n.comment_id, null);
    assert.equal(n.count, 1);
    assert.equal(n.read, false);
    assert.match(n.created_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(await kinds('ann'), [], 'the author hears nothing of their own post');
    assert.equal((await notes('eve')).unread_count, 0);
  });

  test('comments, replies and follows', async () => {
    await readAll('ann');
    await readAll('ben');
    const p = await mkPost('ann', open, 'Field trip sign-up.');
    const bc = await mkComment('ben', p.id, 'Count me in.');
    assert.equal((await notes('ann', '?unread=true')).items[0].kind, 'comment');
    await mkComment('ann', p.id, 'Great!', bc.id);
    assert.deepEqual((await notes('ben', '?unread=true')).items.map((n) => n.kind), ['reply']);
    await mkComment('cat', p.id, 'Me too.');
    assert.deepEqual((await notes('ben', '?unread=true')).items.map((n) => n.kind), ['followed_comment', 'reply']);
  });

  test('reactions batch into one notification per post until it is read', async () => {
    await readAll('ann');
    const p = await mkPost('ann', open, 'Bake sale raised $400.');
    ok(await C.ben.put(`${V1}/posts/${p.id}/reactions/like`));
    ok(await C.cat.put(`${V1}/posts/${p.id}/reactions/celebrate`));
    let page = await notes('ann', '?unread=true');
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].kind, 'reaction');
    assert.equal(page.items[0].count, 2);
    assert.equal(page.items[0].actor.login, 'cat');
    assert.equal(page.unread_count, 1);
    ok(await C.ann.post(`${V1}/notifications/read`, { ids: [page.items[0].id] }));
    ok(await C.dan.put(`${V1}/posts/${p.id}/reactions/love`));
    page = await notes('ann', '?unread=true');
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].count, 1);
    assert.equal(page.items[0].actor.login, 'dan');
  });

  test('pages with limit and cursor, newest first, unread=false lists read ones too', async () => {
    await readAll('dan');
    for (let i = 0; i < 5; i++) await mkPost('ann', open, `Reminder ${i} for @dan`);
    const seen = [];
    let cursor = null;
    for (let i = 0; i < 10; i++) {
      const page = await notes('dan', `?limit=2&unread=false${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.next_cursor;
      if (!cursor) break;
      assert.equal(typeof cursor, 'string');
    }
    assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(seen).size, seen.length, 'no notification twice');
    assert.ok(seen.length >= 5);
    const unread = await notes('dan', '?unread=true&limit=100');
    assert.equal(unread.items.length, 5);
    assert.equal(unread.unread_count, 5);
  });

  test('refuses bad query parameters', async () => {
    assertProblem(await C.ben.get(`${V1}/notifications?limit=0`), 400, 'invalid_parameter');
    assertProblem(await C.ben.get(`${V1}/notifications?limit=101`), 400, 'invalid_parameter');
    assertProblem(await C.ben.get(`${V1}/notifications?unread=yes`), 400, 'invalid_parameter');
    assertProblem(await C.ben.get(`${V1}/notifications?cursor=abc`), 400, 'invalid_parameter');
    assertProblem(await C.ben.get(`${V1}/notifications?sort=old`), 400, 'unknown_parameter');
  });

  test('anonymous: 401', async () => {
    assertProblem(await anon(srv.url).get(`${V1}/notifications`), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).post(`${V1}/notifications/read`, { all: true }), 401, 'unauthenticated');
  });
});

describe('POST /notifications/read', () => {
  test('marks the given ids and answers the unread count', async () => {
    await readAll('cat');
    await mkPost('ann', open, '@cat one');
    await mkPost('ann', open, '@cat two');
    const page = await notes('cat', '?unread=true');
    assert.equal(page.unread_count, 2);
    const res = ok(await C.cat.post(`${V1}/notifications/read`, { ids: [page.items[0].id] }));
    assert.deepEqual(res, { unread_count: 1 });
    const after = await notes('cat');
    assert.equal(after.items.find((n) => n.id === page.items[0].id).read, true);
    assert.equal(after.items.find((n) => n.id === page.items[1].id).read, false);
    assert.deepEqual(ok(await C.cat.post(`${V1}/notifications/read`, { all: true })), { unread_count: 0 });
    assert.deepEqual(ok(await C.cat.post(`${V1}/notifications/read`, { all: true })), { unread_count: 0 }, 'idempotent');
  });

  test('ids of other people\'s notifications change nothing', async () => {
    await readAll('ben');
    await mkPost('ann', open, '@ben a question');
    const bens = await notes('ben', '?unread=true');
    assert.equal(bens.unread_count, 1);
    const res = ok(await C.eve.post(`${V1}/notifications/read`, { ids: [bens.items[0].id, 987654321] }));
    assert.deepEqual(res, { unread_count: 0 });
    assert.equal((await notes('ben')).unread_count, 1, 'ben\'s notification is still unread');
    ok(await C.eve.post(`${V1}/notifications/read`, { all: true }));
    assert.equal((await notes('ben')).unread_count, 1, 'eve\'s "all" is only eve\'s');
  });

  test('refuses bad bodies and changes nothing', async () => {
    await mkPost('ann', open, '@ben another one');
    const before = (await notes('ben')).unread_count;
    assert.ok(before >= 1);
    const R = (body, opts) => C.ben.post(`${V1}/notifications/read`, body, opts);
    assertProblem(await R({}), 422, 'required');
    assertProblem(await R(undefined), 422, 'required');
    assertProblem(await R({ all: false }), 422, 'required');
    assertProblem(await R({ ids: [1], all: true }), 422, 'ids_or_all');
    assertProblem(await R({ ids: Array.from({ length: 101 }, (_, i) => i + 1) }), 422, 'too_many');
    assertProblem(await R({ ids: [1, 'two'] }), 400, 'invalid_type');
    assertProblem(await R({ ids: [1.5] }), 400, 'invalid_type');
    assertProblem(await R({ ids: [0] }), 422, 'invalid_id');
    assertProblem(await R({ ids: [-3] }), 422, 'invalid_id');
    assertProblem(await R({ ids: 5 }), 400, 'invalid_type');
    assertProblem(await R({ all: 'yes' }), 400, 'invalid_type');
    assertProblem(await R({ all: true, extra: 1 }), 400, 'unknown_field');
    assertProblem(await R([1, 2]), 400, 'invalid_body');
    assertProblem(await R('{"all": tru', { headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
    assertProblem(await R('all', { headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    assertProblem(await C.ben.post(`${V1}/notifications/read`, { all: true }, { noCsrf: true }), 403, 'csrf_failed');
    assert.equal((await notes('ben')).unread_count, before, 'nothing was marked read');
    const hundred = Array.from({ length: 100 }, (_, i) => 987654000 + i);
    ok(await R({ ids: hundred }), 200);
  });
});

describe('notification settings', () => {
  test('GET /notifications/settings lists the groups one is an active member of', async () => {
    const page = ok(await C.ben.get(`${V1}/notifications/settings`));
    assert.deepEqual(page.items.map((s) => s.group.id).sort((a, b) => a - b), [open, secret].sort((a, b) => a - b));
    for (const s of page.items) {
      assert.equal(s.level, 'highlights');
      assert.equal(s.muted, false);
    }
    assert.equal(page.next_cursor, null);
    const first = ok(await C.ben.get(`${V1}/notifications/settings?limit=1`));
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.next_cursor, 'string');
    const second = ok(await C.ben.get(`${V1}/notifications/settings?limit=1&cursor=${first.next_cursor}`));
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0].group.id, first.items[0].group.id);
    assert.deepEqual(ok(await C.eve.get(`${V1}/notifications/settings`)).items, []);
    assertProblem(await C.ben.get(`${V1}/notifications/settings?limit=500`), 400, 'invalid_parameter');
  });

  test('PUT sets level and mute; fields left out keep their value', async () => {
    const put = (who, gid, body) => C[who].put(`${V1}/groups/${gid}/notification-settings`, body);
    assert.deepEqual(ok(await put('cat', open, { level: 'all' })), { group: { id: open, name: 'Lounge' }, level: 'all', muted: false });
    assert.deepEqual(ok(await put('cat', open, { muted: true })), { group: { id: open, name: 'Lounge' }, level: 'all', muted: true });
    assert.deepEqual(ok(await put('cat', open, {})), { group: { id: open, name: 'Lounge' }, level: 'all', muted: true });
    const listed = ok(await C.cat.get(`${V1}/notifications/settings`)).items.find((s) => s.group.id === open);
    assert.deepEqual(listed, { group: { id: open, name: 'Lounge' }, level: 'all', muted: true });
    assert.deepEqual(ok(await C.cat.get(`${V1}/groups/${open}/notification-settings`)), listed, 'GET one group');
    ok(await put('cat', open, { level: 'highlights', muted: false }));
  });

  test('PUT refuses non-members (403), invisible groups (404) and bad input', async () => {
    const put = (who, gid, body, opts) => C[who].put(`${V1}/groups/${gid}/notification-settings`, body, opts);
    assertProblem(await put('eve', open, { level: 'all' }), 403, 'members_only');
    const hidden = await put('eve', secret, { level: 'all' });
    assertProblem(hidden, 404, 'not_found');
    const ghost = await put('eve', 987654321, { level: 'all' });
    assert.deepEqual({ ...hidden.json, request_id: 0 }, { ...ghost.json, request_id: 0 }, 'a secret group answers like no group');
    assertProblem(await put('ben', open, { level: 'loud' }), 422, 'invalid_level');
    assertProblem(await put('ben', open, { level: 'x'.repeat(17) }), 422, 'too_long');
    assertProblem(await put('ben', open, { level: 1 }), 400, 'invalid_type');
    assertProblem(await put('ben', open, { muted: 'yes' }), 400, 'invalid_type');
    assertProblem(await put('ben', open, { volume: 3 }), 400, 'unknown_field');
    assertProblem(await put('ben', open, { muted: true }, { noCsrf: true }), 403, 'csrf_failed');
    const s = ok(await C.ben.get(`${V1}/notifications/settings`)).items.find((x) => x.group.id === open);
    assert.deepEqual([s.level, s.muted], ['highlights', false], 'nothing changed');
    assert.deepEqual(ok(await C.ben.get(`${V1}/groups/${open}/notification-settings`)),
      { group: { id: open, name: 'Lounge' }, level: 'highlights', muted: false }, 'GET one group: the default');
    assertProblem(await C.eve.get(`${V1}/groups/${open}/notification-settings`), 403, 'members_only');
    assertProblem(await C.eve.get(`${V1}/groups/${secret}/notification-settings`), 404, 'not_found');
  });

  test('settings are honoured: muted is silent, off keeps mentions, all brings every post', async () => {
    await readAll('dan');
    await readAll('cat');
    ok(await C.dan.put(`${V1}/groups/${open}/notification-settings`, { muted: true }));
    ok(await C.cat.put(`${V1}/groups/${open}/notification-settings`, { level: 'all' }));
    const p = await mkPost('ann', open, 'Staff photo at noon, @dan.');
    assert.deepEqual((await notes('dan', '?unread=true')).items, [], 'muted: not even a mention');
    assert.deepEqual((await notes('cat', '?unread=true')).items.map((n) => [n.kind, n.post_id]), [['new_post', p.id]]);
    ok(await C.dan.put(`${V1}/groups/${open}/notification-settings`, { muted: false, level: 'off' }));
    const q = await mkPost('dan', open, 'My lesson plan.');
    await mkComment('ann', q.id, 'Nice plan.');
    await mkComment('ann', q.id, 'And @dan, one more thing.');
    assert.deepEqual((await notes('dan', '?unread=true')).items.map((n) => n.kind), ['mention'], 'off: only the mention');
    ok(await C.dan.put(`${V1}/groups/${open}/notification-settings`, { level: 'highlights' }));
    ok(await C.cat.put(`${V1}/groups/${open}/notification-settings`, { level: 'highlights' }));
  });
});

describe('PUT/DELETE /posts/{id}/follow', () => {
  test('follow brings comments, unfollow stops them, and is remembered', async () => {
    const p = await mkPost('ann', open, 'Who can cover lunch duty?');
    await readAll('cat');
    assert.deepEqual(ok(await C.cat.put(`${V1}/posts/${p.id}/follow`)), { post_id: p.id, following: true });
    await mkComment('ben', p.id, 'I can on Monday.');
    assert.deepEqual((await notes('cat', '?unread=true')).items.map((n) => n.kind), ['followed_comment']);
    assert.deepEqual(ok(await C.cat.delete(`${V1}/posts/${p.id}/follow`)), { post_id: p.id, following: false });
    ok(await C.cat.delete(`${V1}/posts/${p.id}/follow`), 200);
    await mkComment('cat', p.id, 'Tuesday works for me.'); // commenting does not follow again
    await readAll('cat');
    await mkComment('ben', p.id, 'Great, thanks.');
    assert.deepEqual((await notes('cat', '?unread=true')).items, []);
    // the author unfollows their own post: comments and reactions stop, mentions do not
    await readAll('ann');
    ok(await C.ann.delete(`${V1}/posts/${p.id}/follow`));
    await mkComment('dan', p.id, 'I can do Friday.');
    ok(await C.dan.put(`${V1}/posts/${p.id}/reactions/like`));
    assert.deepEqual((await notes('ann', '?unread=true')).items, []);
    await mkComment('dan', p.id, '@ann is that enough?');
    assert.deepEqual((await notes('ann', '?unread=true')).items.map((n) => n.kind), ['mention']);
  });

  test('404 for a post the viewer may not read or that does not exist', async () => {
    const p = await mkPost('ann', secret, 'Quiet matter.');
    assertProblem(await C.eve.put(`${V1}/posts/${p.id}/follow`), 404, 'not_found');
    assertProblem(await C.eve.delete(`${V1}/posts/${p.id}/follow`), 404, 'not_found');
    assertProblem(await C.ben.put(`${V1}/posts/987654321/follow`), 404, 'not_found');
    ok(await C.ben.put(`${V1}/posts/${p.id}/follow`));
    assertProblem(await C.ben.put(`${V1}/posts/${p.id}/follow?x=1`), 400, 'unknown_parameter');
    assertProblem(await C.ben.put(`${V1}/posts/${p.id}/follow`, undefined, { noCsrf: true }), 403, 'csrf_failed');
    assertProblem(await anon(srv.url).put(`${V1}/posts/${p.id}/follow`), 401, 'unauthenticated');
  });
});

describe('visibility', () => {
  test('a mention of a non-member in a secret group creates nothing', async () => {
    await readAll('cat');
    await mkPost('ann', secret, 'Ask @cat and @eve later.');
    assert.deepEqual((await notes('cat', '?unread=true')).items, []);
    assert.deepEqual((await notes('eve', '?unread=true')).items, []);
  });

  test('a member who leaves a secret group no longer sees or counts its notifications', async () => {
    await readAll('ben');
    await mkPost('ann', secret, '@ben the file is ready.');
    const page = await notes('ben');
    assert.equal(page.unread_count, 1);
    assert.ok(page.items.some((n) => n.group?.id === secret));
    ok(await C.ben.delete(`${V1}/groups/${secret}/members/${id.ben}`), 204);
    const after = await notes('ben');
    assert.equal(after.unread_count, 0);
    assert.ok(!after.items.some((n) => n.group?.id === secret), 'nothing of the secret group is listed');
    const raw = (await C.ben.get(`${V1}/notifications?limit=100`)).text;
    assert.ok(!raw.includes('Hush'), 'not even the secret group\'s name');
    // the invitation that brought ben in is gone too: the group is invisible to him
    assert.ok(!(await notes('ben', '?limit=100')).items.some((n) => n.kind === 'invitation'));
  });

  test('join requests reach the admins; approvals and invitations reach the person', async () => {
    const closed = ok(await C.ann.post(`${V1}/groups`, { name: 'Council', purpose: 'Leads.', privacy: 'closed' }), 201).id;
    await readAll('ann');
    await readAll('eve');
    ok(await C.eve.post(`${V1}/groups/${closed}/members`));
    const req = (await notes('ann', '?unread=true')).items;
    assert.deepEqual(req.map((n) => [n.kind, n.actor.login, n.group.id, n.post_id]), [['join_request', 'eve', closed, null]]);
    ok(await C.ann.post(`${V1}/groups/${closed}/members`, { user_id: id.eve }));
    assert.deepEqual((await notes('eve', '?unread=true')).items.map((n) => [n.kind, n.actor.login]), [['request_approved', 'ann']]);
    ok(await C.ann.post(`${V1}/groups/${closed}/members`, { user_id: id.dan }));
    assert.ok((await notes('dan', '?unread=true')).items.some((n) => n.kind === 'invitation' && n.group.id === closed));
  });
});
