// Important announcements over real HTTP: marking (who may, for how long),
// pinning in the home and group feeds, notifications that ignore settings,
// seen and acknowledged receipts with their counts and lists, nudges, and
// every refusal with its code. The tests run in order and share one
// district: pam is the principal (group admin), tom writes posts, ann, ben
// and cal are members, cora holds the district communications role without
// being a group admin, and out is in no group.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const LOGINS = ['pam', 'tom', 'ann', 'ben', 'cal', 'cora', 'out'];

let srv;
const C = {};
const id = {};
let school; // closed group: pam (admin), tom, ann, ben, cal, cora
let secret; // secret group: pam and tom only
let post; // tom's post in school, marked important by pam

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

const mkPost = async (who, gid, body) => ok(await C[who].post(`${V1}/groups/${gid}/posts`, { body }), 201);
const getPost = async (who, pid) => ok(await C[who].get(`${V1}/posts/${pid}`));
const feed = async (who) => ok(await C[who].get(`${V1}/feed`));
const notes = async (who) => ok(await C[who].get(`${V1}/notifications`)).items;
const receipts = async (who, pid, state = 'not_acknowledged') =>
  ok(await C[who].get(`${V1}/posts/${pid}/receipts?state=${state}`));

before(async () => {
  srv = await startServer({
    users: LOGINS.map((login) => ({ login, name: `${login} Person`, password: PW, comms: login === 'cora' })),
  });
  for (const u of LOGINS) {
    C[u] = new Client(srv.url);
    id[u] = (await C[u].login(u, PW)).user.id;
  }
  school = ok(await C.pam.post(`${V1}/groups`, { name: 'Lincoln Elementary', purpose: 'All staff.', privacy: 'closed' }), 201).id;
  for (const u of ['tom', 'ann', 'ben', 'cal', 'cora']) {
    ok(await C.pam.post(`${V1}/groups/${school}/members`, { user_id: id[u] }));
    ok(await C[u].post(`${V1}/groups/${school}/members`));
  }
  // ben turns the group's notifications off entirely: important posts still reach him.
  ok(await C.ben.put(`${V1}/groups/${school}/notification-settings`, { level: 'off', muted: true }));
  secret = ok(await C.pam.post(`${V1}/groups`, { name: 'Principals', purpose: 'Leadership.', privacy: 'secret' }), 201).id;
  ok(await C.pam.post(`${V1}/groups/${secret}/members`, { user_id: id.tom }));
  ok(await C.tom.post(`${V1}/groups/${secret}/members`));
});

after(async () => { await srv?.stop(); });

describe('marking a post important', () => {
  test('a fresh post is not important and its viewer rights say who may mark it', async () => {

    const p = await mkPost('tom', school, 'Fire drill Thursday at 10:00. Please review the evacuation map.');
    post = p.id;
    assert.equal(p.important, null);
    assert.equal(p.viewer.can_mark_important, false, 'a plain member may not mark');
    assert.equal((await getPost('pam', post)).viewer.can_mark_important, true, 'the group admin may');
    assert.equal((await getPost('cora', post)).viewer.can_mark_important, true, 'communications may');
    assert.equal((await getPost('ann', post)).viewer.must_acknowledge, false);
  });

  test('a member who is not an admin cannot mark it, even their own post', async () => {
    await assertProblem(await C.tom.put(`${V1}/posts/${post}/important`, { days: 3 }), 403, 'important_forbidden');
    await assertProblem(await C.ann.put(`${V1}/posts/${post}/important`, { days: 3 }), 403, 'important_forbidden');
    assert.equal((await getPost('tom', post)).important, null, 'nothing changed');
  });

  test('days must be 1 to 7 and present', async () => {
    for (const days of [0, 8, -1, 365]) {
      await assertProblem(await C.pam.put(`${V1}/posts/${post}/important`, { days }), 422, 'days_out_of_range');
    }
    await assertProblem(await C.pam.put(`${V1}/posts/${post}/important`, {}), 422, 'required');
    await assertProblem(await C.pam.put(`${V1}/posts/${post}/important`, { days: '3' }), 400);
    await assertProblem(await C.pam.put(`${V1}/posts/${post}/important`, { days: 3, pinned: true }), 400);
    assert.equal((await getPost('pam', post)).important, null, 'nothing changed');
  });

  test('someone outside the group gets 404, as if the post did not exist', async () => {
    await assertProblem(await C.out.put(`${V1}/posts/${post}/important`, { days: 1 }), 404);
    await assertProblem(await C.out.post(`${V1}/posts/${post}/acknowledge`), 404);
    await assertProblem(await C.out.get(`${V1}/posts/${post}/receipts`), 404);
    await assertProblem(await C.out.post(`${V1}/posts/${post}/nudge`), 404);
  });

  test('the group admin marks it for 3 days', async () => {
    const before = Date.now();
    const p = ok(await C.pam.put(`${V1}/posts/${post}/important`, { days: 3 }));
    assert.equal(p.important.active, true);
    const until = Date.parse(p.important.until);
    assert.ok(Math.abs(until - (before + 3 * 86400e3)) < 60e3, `until ${p.important.until}`);
    assert.equal(p.important.marked_by, id.pam);
    assert.deepEqual(p.important.receipts, { audience: 5, seen: 0, acknowledged: 0 },
      'audience: the five members other than the author');
  });

  test('every member is notified, whatever their settings; the marker is not', async () => {
    for (const u of ['tom', 'ann', 'ben', 'cal', 'cora']) {
      const n = (await notes(u)).filter((x) => x.kind === 'important');
      assert.equal(n.length, 1, `${u} got ${JSON.stringify(n)}`);
      assert.equal(n[0].post_id ?? n[0].post?.id, post);
    }
    assert.equal((await notes('pam')).filter((x) => x.kind === 'important').length, 0);
    assert.equal((await notes('out')).length, 0);
  });

  test('marking it again extends it without notifying again', async () => {
    const p = ok(await C.cora.put(`${V1}/posts/${post}/important`, { days: 7 }));
    assert.ok(Date.parse(p.important.until) > Date.now() + 6 * 86400e3);
    assert.equal((await notes('ann')).filter((x) => x.kind === 'important').length, 1);
  });
});

describe('pinned at the top of the feeds', () => {
  test('members see it pinned in the home feed and not again in the list', async () => {
    await mkPost('ann', school, 'Newer chatter that would push the drill notice down.');
    const f = await feed('ann');
    assert.deepEqual(f.pinned.map((p) => p.id), [post]);
    assert.ok(!f.items.some((p) => p.id === post), 'not also in the items');
    assert.equal(f.pinned[0].viewer.must_acknowledge, true);
    assert.equal(f.pinned[0].important.receipts, undefined, 'a member sees no receipts');
  });

  test('the group feed pins it for members too', async () => {
    const g = ok(await C.cal.get(`${V1}/groups/${school}/posts`));
    assert.deepEqual(g.pinned.map((p) => p.id), [post]);
    assert.ok(!g.items.some((p) => p.id === post));
  });

  test('the author sees it in place with the counts, not pinned', async () => {
    const f = await feed('tom');
    assert.deepEqual(f.pinned, []);
    const mine = f.items.find((p) => p.id === post);
    assert.ok(mine, 'in the author\'s feed');
    assert.deepEqual(mine.important.receipts, { audience: 5, seen: 0, acknowledged: 0 });
    assert.equal(mine.viewer.can_see_receipts, true);
    assert.equal(mine.viewer.can_acknowledge, false);
  });

  test('later pages never repeat a pinned post', async () => {
    const first = ok(await C.ann.get(`${V1}/feed?limit=1`));
    assert.equal(first.pinned.length, 1);
    const seen = new Set();
    let cursor = first.next_cursor;
    for (const p of first.items) seen.add(p.id);
    while (cursor) {
      const page = ok(await C.ann.get(`${V1}/feed?limit=1&cursor=${cursor}`));
      assert.equal(page.pinned.length, 0, 'pinned only on the first page');
      for (const p of page.items) seen.add(p.id);
      cursor = page.next_cursor;
    }
    assert.ok(!seen.has(post));
  });
});

describe('seen and acknowledged', () => {
  test('seeing is recorded once and counted', async () => {
    const p1 = ok(await C.ann.post(`${V1}/posts/${post}/seen`));
    assert.ok(p1.viewer.seen_at);
    assert.equal(p1.viewer.acknowledged_at, null);
    const p2 = ok(await C.ann.post(`${V1}/posts/${post}/seen`));
    assert.equal(p2.viewer.seen_at, p1.viewer.seen_at, 'the first time is kept');
    assert.deepEqual((await getPost('tom', post)).important.receipts, { audience: 5, seen: 1, acknowledged: 0 });
  });

  test('acknowledging unpins it for that reader only', async () => {
    const p = ok(await C.ann.post(`${V1}/posts/${post}/acknowledge`));
    assert.ok(p.viewer.acknowledged_at);
    assert.equal(p.viewer.must_acknowledge, false);
    assert.deepEqual((await feed('ann')).pinned, []);
    assert.ok((await feed('ann')).items.some((x) => x.id === post), 'back in its place');
    assert.deepEqual((await feed('cal')).pinned.map((x) => x.id), [post]);
    const again = ok(await C.ann.post(`${V1}/posts/${post}/acknowledge`));
    assert.equal(again.viewer.acknowledged_at, p.viewer.acknowledged_at, 'idempotent');
  });

  test('acknowledging also counts as seen', async () => {
    ok(await C.ben.post(`${V1}/posts/${post}/acknowledge`));
    assert.deepEqual((await getPost('pam', post)).important.receipts, { audience: 5, seen: 2, acknowledged: 2 });
  });

  test('the author cannot acknowledge their own announcement', async () => {
    await assertProblem(await C.tom.post(`${V1}/posts/${post}/acknowledge`), 409, 'own_announcement');
  });

  test('a post that is not important has nothing to acknowledge', async () => {
    const plain = await mkPost('tom', school, 'Just a plain post.');
    await assertProblem(await C.ann.post(`${V1}/posts/${plain.id}/acknowledge`), 409, 'not_important');
    await assertProblem(await C.ann.post(`${V1}/posts/${plain.id}/seen`), 409, 'not_important');
    await assertProblem(await C.tom.get(`${V1}/posts/${plain.id}/receipts`), 409, 'not_important');
    await assertProblem(await C.ann.post(`${V1}/posts/${post}/acknowledge`, { extra: 1 }), 400);
  });
});

describe('who has and has not', () => {
  test('the author, the admin and communications see the lists; members do not', async () => {
    const r = await receipts('tom', post, 'acknowledged');
    assert.deepEqual(r.items.map((x) => x.user.login).sort(), ['ann', 'ben']);
    assert.ok(r.items.every((x) => x.acknowledged_at && x.seen_at));
    assert.deepEqual(r.counts, { audience: 5, seen: 2, acknowledged: 2 });
    const not = await receipts('pam', post, 'not_acknowledged');
    assert.deepEqual(not.items.map((x) => x.user.login).sort(), ['cal', 'cora', 'pam']);
    assert.equal((await receipts('cora', post, 'not_seen')).items.length, 3);
    assert.deepEqual((await receipts('cora', post, 'seen')).items.map((x) => x.user.login).sort(), ['ann', 'ben']);
    await assertProblem(await C.cal.get(`${V1}/posts/${post}/receipts`), 403, 'receipts_forbidden');
    await assertProblem(await C.tom.get(`${V1}/posts/${post}/receipts?state=maybe`), 422, 'unknown_state');
    await assertProblem(await C.tom.get(`${V1}/posts/${post}/receipts?colour=red`), 400, 'unknown_parameter');
  });

  test('the lists page by cursor', async () => {
    const p1 = ok(await C.tom.get(`${V1}/posts/${post}/receipts?state=not_acknowledged&limit=2`));
    assert.equal(p1.items.length, 2);
    assert.ok(p1.next_cursor);
    const p2 = ok(await C.tom.get(`${V1}/posts/${post}/receipts?state=not_acknowledged&limit=2&cursor=${p1.next_cursor}`));
    assert.equal(p2.items.length, 1);
    assert.equal(p2.next_cursor, null);
    const all = [...p1.items, ...p2.items].map((x) => x.user.login).sort();
    assert.deepEqual(all, ['cal', 'cora', 'pam']);
  });

  test('a member who leaves drops out of the audience', async () => {
    ok(await C.cal.delete(`${V1}/groups/${school}/members/${id.cal}`), 204);
    assert.deepEqual((await receipts('tom', post)).counts, { audience: 4, seen: 2, acknowledged: 2 });
    ok(await C.pam.post(`${V1}/groups/${school}/members`, { user_id: id.cal }));
    ok(await C.cal.post(`${V1}/groups/${school}/members`));
    assert.equal((await receipts('tom', post)).counts.audience, 5);
  });
});

describe('nudging', () => {
  test('a member may not nudge', async () => {
    await assertProblem(await C.ann.post(`${V1}/posts/${post}/nudge`), 403, 'receipts_forbidden');
  });

  test('the author nudges only those who have not acknowledged', async () => {
    const r = ok(await C.tom.post(`${V1}/posts/${post}/nudge`));
    assert.equal(r.nudged, 3, 'cal, cora and pam');
    for (const u of ['cal', 'cora', 'pam']) {
      assert.equal((await notes(u)).filter((x) => x.kind === 'important_reminder').length, 1, u);
    }
    for (const u of ['ann', 'ben', 'tom']) {
      assert.equal((await notes(u)).filter((x) => x.kind === 'important_reminder').length, 0, u);
    }
    assert.ok((await getPost('tom', post)).important.nudged_at);
  });

  test('a second nudge within the hour is refused with Retry-After', async () => {
    const res = await C.pam.post(`${V1}/posts/${post}/nudge`);
    await assertProblem(res, 429, 'nudge_too_soon');
    const retry = Number(res.headers.get('retry-after'));
    assert.ok(retry > 3000 && retry <= 3600, `Retry-After ${retry}`);
  });
});

describe('ending and the secret group', () => {
  test('unmarking ends the pin; receipts stay for the record', async () => {
    await assertProblem(await C.ann.delete(`${V1}/posts/${post}/important`), 403, 'important_forbidden');
    const p = ok(await C.pam.delete(`${V1}/posts/${post}/important`));
    assert.equal(p.important.active, false);
    assert.deepEqual((await feed('cal')).pinned, []);
    assert.equal((await receipts('tom', post, 'acknowledged')).items.length, 2);
    await assertProblem(await C.pam.delete(`${V1}/posts/${post}/important`), 409, 'not_important');
    await assertProblem(await C.tom.post(`${V1}/posts/${post}/nudge`), 409, 'not_important');
    ok(await C.cal.post(`${V1}/posts/${post}/acknowledge`), 200, 'late acknowledgements still count');
  });

  test('marking again after it ended notifies only those who had not acknowledged', async () => {
    const before = { ann: (await notes('ann')).length, cora: (await notes('cora')).filter((x) => x.kind === 'important').length };
    ok(await C.pam.put(`${V1}/posts/${post}/important`, { days: 1 }));
    assert.equal((await notes('ann')).length, before.ann, 'ann acknowledged: not asked again');
    assert.equal((await notes('cora')).filter((x) => x.kind === 'important').length, before.cora + 1);
  });

  test('communications cannot mark posts in a secret group they cannot read', async () => {
    const p = await mkPost('tom', secret, 'Budget talk.');
    await assertProblem(await C.cora.put(`${V1}/posts/${p.id}/important`, { days: 1 }), 404);
    ok(await C.pam.put(`${V1}/posts/${p.id}/important`, { days: 1 }));
    assert.equal((await feed('cora')).pinned.some((x) => x.id === p.id), false);
    assert.equal((await notes('cora')).some((x) => (x.post_id ?? x.post?.id) === p.id), false);
    assert.equal((await notes('tom')).filter((x) => x.kind === 'important' && (x.post_id ?? x.post?.id) === p.id).length, 1);
  });

  test('a deleted announcement leaves the pins', async () => {
    const p = await mkPost('tom', school, 'Wrong date, sorry.');
    ok(await C.pam.put(`${V1}/posts/${p.id}/important`, { days: 2 }));
    assert.ok((await feed('ann')).pinned.some((x) => x.id === p.id));
    ok(await C.tom.delete(`${V1}/posts/${p.id}`), 204);
    assert.ok(!(await feed('ann')).pinned.some((x) => x.id === p.id));
    await assertProblem(await C.ann.post(`${V1}/posts/${p.id}/acknowledge`), 404);
  });

  test('/me tells whether one has the communications role', async () => {
    assert.equal(ok(await C.cora.get(`${V1}/me`)).user?.communications ?? ok(await C.cora.get(`${V1}/me`)).communications, true);
    assert.equal(ok(await C.ann.get(`${V1}/me`)).user?.communications ?? ok(await C.ann.get(`${V1}/me`)).communications, false);
  });
});
