// Drafts and scheduled posts over real HTTP: the author's private drafts
// (create, list, read, edit, delete), bad input, publishing now, and
// scheduled publishing by the job queue (on time, cancelled, rescheduled,
// refused when the time comes). ann and ben write; root is a system admin
// who still never sees anyone's drafts.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';
import { startSmtp } from './lib/smtp.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const USERS = [
  { login: 'ann', name: 'Ann Adams', email: 'ann@district.test' },
  { login: 'ben', name: 'Ben Brown', email: 'ben@district.test' },
  { login: 'root', name: 'Rita Root', role: 'admin' },
].map((u) => ({ ...u, password: PW }));
const GHOST = 987654321;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const inMs = (ms) => new Date(Date.now() + ms).toISOString();

let srv;
let smtp;
const C = {};
const id = {};
let lounge; // open, ann's; ben is a member
let team; // closed, ann's; ben is a member
let hush; // secret, ann's alone

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

const mkDraft = async (who, body) => ok(await C[who].post(`${V1}/drafts`, body), 201);
const groupPosts = async (gid) => ok(await C.ann.get(`${V1}/groups/${gid}/posts?limit=100`)).items;

/** Polls the draft until pred holds (or fails after ms). */
async function waitDraft(who, draftId, pred, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const d = ok(await C[who].get(`${V1}/drafts/${draftId}`));
    if (pred(d)) return d;
    if (Date.now() > until) assert.fail(`draft ${draftId} never got there: ${JSON.stringify(d)}`);
    await sleep(50);
  }
}

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    users: USERS,
    env: {
      STAFFROOM_SMTP_URL: smtp.url,
      STAFFROOM_SMTP_FROM: 'staffroom@district.test',
      STAFFROOM_BASE_URL: 'https://staffroom.district.test',
      STAFFROOM_JOBS_POLL_MS: '50',
    },
  });
  for (const u of USERS) {
    C[u.login] = new Client(srv.url);
    id[u.login] = (await C[u.login].login(u.login, PW)).user.id;
  }
  const mk = async (name, privacy) => ok(await C.ann.post(`${V1}/groups`, { name, purpose: 'Drafts tests.', privacy }), 201).id;
  lounge = await mk('Lounge', 'open');
  team = await mk('Team', 'closed');
  hush = await mk('Hush', 'secret');
  ok(await C.ben.post(`${V1}/groups/${lounge}/members`));
  ok(await C.ann.post(`${V1}/groups/${team}/members`, { user_id: id.ben })); // an invitation
  ok(await C.ben.post(`${V1}/groups/${team}/members`)); // accepted
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

describe('drafts', () => {
  test('create, list, read, edit and delete one\'s drafts', async () => {
    const a = await mkDraft('ann', { body: 'First thoughts on the **field trip**.' });
    assert.deepEqual({ ...a, id: 0, created_at: 0, updated_at: 0 }, {
      id: 0, state: 'draft', body: 'First thoughts on the **field trip**.', group: null, publish_at: null,
      post_id: null, failure: null, created_at: 0, updated_at: 0, confirm_reason: null,
    });
    assert.match(a.created_at, ISO);
    const b = await mkDraft('ann', { body: 'For the lounge.', group_id: lounge });
    assert.deepEqual(b.group, { id: lounge, name: 'Lounge' });
    const list = ok(await C.ann.get(`${V1}/drafts`));
    assert.deepEqual(list.items.map((d) => d.id), [b.id, a.id], 'newest first');
    assert.equal(list.next_cursor, null);
    const p1 = ok(await C.ann.get(`${V1}/drafts?limit=1`));
    assert.deepEqual(p1.items.map((d) => d.id), [b.id]);
    const p2 = ok(await C.ann.get(`${V1}/drafts?limit=1&cursor=${p1.next_cursor}`));
    assert.deepEqual(p2.items.map((d) => d.id), [a.id]);
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts/${a.id}`)), a);
    await sleep(5);
    const edited = ok(await C.ann.patch(`${V1}/drafts/${a.id}`, { body: 'Second thoughts.', group_id: team }));
    assert.equal(edited.body, 'Second thoughts.');
    assert.deepEqual(edited.group, { id: team, name: 'Team' });
    assert.ok(edited.updated_at > a.updated_at);
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts/${a.id}`)), edited);
    ok(await C.ann.delete(`${V1}/drafts/${b.id}`), 204);
    assertProblem(await C.ann.get(`${V1}/drafts/${b.id}`), 404, 'not_found');
    assertProblem(await C.ann.delete(`${V1}/drafts/${b.id}`), 404, 'not_found');
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts`)).items.map((d) => d.id), [a.id]);
    assert.deepEqual(await groupPosts(lounge), [], 'a draft is never a post');
  });

  test('are private: anyone else, a system admin too, gets 404 as for nothing at all', async () => {
    const d = await mkDraft('ann', { body: 'PRIVATE7 salary thoughts', group_id: lounge });
    for (const who of ['ben', 'root']) {
      assert.ok(!ok(await C[who].get(`${V1}/drafts`)).items.some((x) => x.id === d.id));
      const probes = [
        ['GET', '', undefined], ['PATCH', '', { body: 'mine now' }], ['DELETE', '', undefined],
        ['POST', '/publish', undefined], ['PUT', '/schedule', { publish_at: inMs(60_000) }], ['DELETE', '/schedule', undefined],
      ];
      for (const [method, tail, body] of probes) {
        const res = await C[who].req(method, `${V1}/drafts/${d.id}${tail}`, body);
        const ghost = await C[who].req(method, `${V1}/drafts/${GHOST}${tail}`, body);
        assertProblem(res, 404, 'not_found');
        assert.ok(!res.text.includes('PRIVATE7'));
        assert.deepEqual({ ...res.json, request_id: 0 }, { ...ghost.json, request_id: 0 }, `${who} ${method} ${tail}`);
      }
    }
    assertProblem(await anon(srv.url).get(`${V1}/drafts`), 401, 'unauthenticated');
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts/${d.id}`)).body, 'PRIVATE7 salary thoughts', 'unchanged');
    assert.deepEqual(await groupPosts(lounge), []);
    ok(await C.ann.delete(`${V1}/drafts/${d.id}`), 204);
  });

  test('bad input is refused with a problem and stores nothing', async () => {
    const before = ok(await C.ann.get(`${V1}/drafts?limit=100`)).items;
    const cases = [
      [{}, 422, 'required'],
      [{ body: '   \n ' }, 422, 'required'],
      [{ body: 'x'.repeat(32769) }, 422, 'too_long'],
      [{ body: 'bad \u0007 bell' }, 422, 'invalid_characters'],
      [{ body: 'ok', group_id: 'x' }, 400, 'invalid_type'],
      [{ body: 'ok', group_id: 0 }, 422, 'invalid_id'],
      [{ body: 'ok', group_id: GHOST }, 422, 'unknown_group'],
      [{ body: 'ok', publish_at: 'tomorrow', group_id: lounge }, 422, 'invalid_time'],
      [{ body: 'ok', publish_at: '2026-02-30T10:00:00Z', group_id: lounge }, 422, 'invalid_time'],
      [{ body: 'ok', publish_at: inMs(-60_000), group_id: lounge }, 422, 'publish_at_past'],
      [{ body: 'ok', publish_at: inMs(91 * 24 * 3600 * 1000), group_id: lounge }, 422, 'publish_at_too_far'],
      [{ body: 'ok', publish_at: inMs(60_000) }, 422, 'group_required'],
      [{ body: 'ok', surprise: 1 }, 400, 'unknown_field'],
    ];
    for (const [body, status, code] of cases) {
      assertProblem(await C.ann.post(`${V1}/drafts`, body), status, code);
    }
    // ben may not see the secret group: it is unknown to him, exactly like a missing one
    const secret = await C.ben.post(`${V1}/drafts`, { body: 'ok', group_id: hush });
    assertProblem(secret, 422, 'unknown_group');
    // scheduling needs the right to post in the group now
    const notMember = ok(await C.ann.post(`${V1}/groups`, { name: 'Board', purpose: 'Closed.', privacy: 'closed' }), 201).id;
    assertProblem(await C.ben.post(`${V1}/drafts`, { body: 'ok', group_id: notMember, publish_at: inMs(60_000) }), 403, 'members_only');
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts?limit=100`)).items, before);
    assert.deepEqual(ok(await C.ben.get(`${V1}/drafts?limit=100`)).items, []);
    // editing: the same rules, and nothing changes on a refusal
    const d = await mkDraft('ann', { body: 'Keep me.', group_id: lounge });
    assertProblem(await C.ann.patch(`${V1}/drafts/${d.id}`, { body: '' }), 422, 'required');
    assertProblem(await C.ann.patch(`${V1}/drafts/${d.id}`, { group_id: GHOST }), 422, 'unknown_group');
    assertProblem(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, {}), 422, 'required');
    assertProblem(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: inMs(-1000) }), 422, 'publish_at_past');
    assertProblem(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: 12 }), 400, 'invalid_type');
    assert.deepEqual(ok(await C.ann.get(`${V1}/drafts/${d.id}`)), d);
    ok(await C.ann.delete(`${V1}/drafts/${d.id}`), 204);
  });
});

describe('publishing', () => {
  test('publish now: the post is the author\'s, the draft is marked published, and only once', async () => {
    const d = await mkDraft('ann', { body: 'Bus duty swaps are *open*.', group_id: lounge });
    const p = ok(await C.ann.post(`${V1}/drafts/${d.id}/publish`), 201);
    assert.equal(p.author.login, 'ann');
    assert.equal(p.group.id, lounge);
    assert.equal(p.body, 'Bus duty swaps are *open*.');
    assert.match(p.body_html, /<em>open<\/em>/);
    const after = ok(await C.ann.get(`${V1}/drafts/${d.id}`));
    assert.equal(after.state, 'published');
    assert.equal(after.post_id, p.id);
    assert.ok(!ok(await C.ann.get(`${V1}/drafts`)).items.some((x) => x.id === d.id), 'published drafts leave the list');
    assertProblem(await C.ann.post(`${V1}/drafts/${d.id}/publish`), 409, 'draft_published');
    assertProblem(await C.ann.patch(`${V1}/drafts/${d.id}`, { body: 'again' }), 409, 'draft_published');
    assertProblem(await C.ann.delete(`${V1}/drafts/${d.id}`), 409, 'draft_published');
    assert.equal((await groupPosts(lounge)).filter((x) => x.body === 'Bus duty swaps are *open*.').length, 1);
  });

  test('publish now is refused by the rules of publishing, and the draft stays as it was', async () => {
    const nowhere = await mkDraft('ben', { body: 'No group yet.' });
    assertProblem(await C.ben.post(`${V1}/drafts/${nowhere.id}/publish`), 422, 'group_required');
    const board = ok(await C.ann.post(`${V1}/groups`, { name: 'Board 2', purpose: 'Closed.', privacy: 'open' }), 201).id;
    ok(await C.ben.post(`${V1}/groups/${board}/members`));
    const d = await mkDraft('ben', { body: 'For the board.', group_id: board });
    ok(await C.ben.delete(`${V1}/groups/${board}/members/${id.ben}`), 204);
    assertProblem(await C.ben.post(`${V1}/drafts/${d.id}/publish`), 403, 'members_only');
    assert.deepEqual(ok(await C.ben.get(`${V1}/drafts/${d.id}`)), d);
    assert.deepEqual(await groupPosts(board), []);
  });

  test('a scheduled draft is published at its time, as its author', async () => {
    const at = inMs(2000);
    const d = await mkDraft('ann', { body: 'Scheduled: the library opens at 7:30 tomorrow.', group_id: lounge, publish_at: at });
    assert.equal(d.state, 'scheduled');
    assert.equal(d.publish_at, at);
    assert.ok(ok(await C.ann.get(`${V1}/drafts`)).items.some((x) => x.id === d.id && x.state === 'scheduled'));
    assert.ok(!(await groupPosts(lounge)).some((x) => x.body.startsWith('Scheduled: the library')), 'not before its time');
    const done = await waitDraft('ann', d.id, (x) => x.state === 'published');
    assert.ok(Date.now() >= Date.parse(at), 'not published early');
    const p = ok(await C.ben.get(`${V1}/posts/${done.post_id}`));
    assert.equal(p.author.login, 'ann');
    assert.equal(p.body, 'Scheduled: the library opens at 7:30 tomorrow.');
    assert.ok(Date.parse(p.created_at) >= Date.parse(at));
    await sleep(300);
    assert.equal((await groupPosts(lounge)).filter((x) => x.body.startsWith('Scheduled: the library')).length, 1, 'exactly once');
  });

  test('the privacy guard\'s warning: confirmed on the draft, kept for its text, used when published', async () => {
    const body = 'Scheduled: this printer is sh1t, use the one in 204.';
    // without a confirmation, publishing now answers like a post would, with the findings
    const d = await mkDraft('ann', { body, group_id: hush });
    const r = await C.ann.post(`${V1}/drafts/${d.id}/publish`, {});
    assertProblem(r, 422, 'confirmation_required');
    assert.equal(r.json.findings[0].rule, 'profanity');
    assert.equal(ok(await C.ann.get(`${V1}/drafts/${d.id}`)).state, 'draft');
    assertProblem(await C.ann.post(`${V1}/drafts/${d.id}/publish`, { confirm: { reason: '' } }), 422, 'reason_required');
    // a confirmation given with the schedule is used at the time
    const at = inMs(1500);
    const s1 = ok(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: at, confirm: { reason: 'Facilities asked for blunt' } }));
    assert.equal(s1.confirm_reason, 'Facilities asked for blunt');
    // a new text clears it; the same text keeps it
    let e = ok(await C.ann.patch(`${V1}/drafts/${d.id}`, { body }));
    assert.equal(e.confirm_reason, 'Facilities asked for blunt');
    e = ok(await C.ann.patch(`${V1}/drafts/${d.id}`, { body: `${body} Thanks.` }));
    assert.equal(e.confirm_reason, null);
    ok(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: inMs(1500), confirm: { reason: 'Facilities asked for blunt' } }));
    const done = await waitDraft('ann', d.id, (x) => x.state === 'published');
    const p = ok(await C.ann.get(`${V1}/posts/${done.post_id}`));
    assert.equal(p.body, `${body} Thanks.`);
    // without one, the scheduled publish fails with the code
    const f = await mkDraft('ann', { body: 'Scheduled: what a load of sh1t', group_id: hush, publish_at: inMs(1000) });
    const failed = await waitDraft('ann', f.id, (x) => x.state === 'failed');
    assert.equal(failed.failure.code, 'confirmation_required');
    // publish now with the confirmation in the request
    const n = await mkDraft('ann', { body: 'Now: what a load of sh1t', group_id: hush });
    ok(await C.ann.post(`${V1}/drafts/${n.id}/publish`, { confirm: { reason: 'Quoting the inspector' } }), 201);
  });

  test('publish now of a draft the policy holds answers 202 and the draft is done', async () => {
    const d = await mkDraft('ann', { body: 'Trip form: born 03/14/2012', group_id: lounge });
    const r = ok(await C.ann.post(`${V1}/drafts/${d.id}/publish`), 202);
    assert.equal(r.status, 'held');
    assert.equal(ok(await C.ann.get(`${V1}/drafts/${d.id}`)).state, 'published');
    assert.ok(!(await groupPosts(lounge)).some((x) => x.body.startsWith('Trip form')));
  });

  test('unscheduling or deleting before the time means it is never published', async () => {
    const a = await mkDraft('ann', { body: 'Cancelled A', group_id: lounge, publish_at: inMs(1500) });
    const b = await mkDraft('ann', { body: 'Cancelled B', group_id: lounge, publish_at: inMs(1500) });
    const un = ok(await C.ann.delete(`${V1}/drafts/${a.id}/schedule`));
    assert.equal(un.state, 'draft');
    assert.equal(un.publish_at, null);
    ok(await C.ann.delete(`${V1}/drafts/${b.id}`), 204);
    await sleep(2500);
    assert.equal(ok(await C.ann.get(`${V1}/drafts/${a.id}`)).state, 'draft');
    assert.ok(!(await groupPosts(lounge)).some((x) => x.body.startsWith('Cancelled')));
  });

  test('rescheduling moves the time; editing keeps the schedule', async () => {
    const d = await mkDraft('ann', { body: 'Moved up', group_id: lounge, publish_at: inMs(3_600_000) });
    const edited = ok(await C.ann.patch(`${V1}/drafts/${d.id}`, { body: 'Moved up: picnic at noon' }));
    assert.equal(edited.state, 'scheduled');
    assert.equal(edited.publish_at, d.publish_at);
    const at = inMs(1500);
    assert.equal(ok(await C.ann.put(`${V1}/drafts/${d.id}/schedule`, { publish_at: at })).publish_at, at);
    const done = await waitDraft('ann', d.id, (x) => x.state === 'published');
    assert.equal(ok(await C.ann.get(`${V1}/posts/${done.post_id}`)).body, 'Moved up: picnic at noon');
  });

  test('refused when the time comes: the draft is kept, marked failed, and the author is e-mailed', async () => {
    const d = await mkDraft('ben', { body: 'Team lunch on Friday!', group_id: team, publish_at: inMs(1500) });
    ok(await C.ben.delete(`${V1}/groups/${team}/members/${id.ben}`), 204);
    const failed = await waitDraft('ben', d.id, (x) => x.state === 'failed');
    assert.equal(failed.failure.code, 'members_only');
    assert.match(failed.failure.detail, /members/i);
    assert.equal(failed.post_id, null);
    assert.ok(ok(await C.ben.get(`${V1}/drafts`)).items.some((x) => x.id === d.id && x.state === 'failed'));
    assert.deepEqual(await groupPosts(team), []);
    const [m] = await smtp.waitFor((x) => x.rcptTo.includes('ben@district.test') && /could not be published/.test(x.headers.subject));
    assert.ok(m.text.includes('Team lunch on Friday!'), m.text);
    assert.ok(m.text.includes('https://staffroom.district.test/drafts'), m.text);
    // editing a failed draft makes it a plain draft again
    const again = ok(await C.ben.patch(`${V1}/drafts/${d.id}`, { body: 'Team lunch on Friday, again!' }));
    assert.equal(again.state, 'draft');
    assert.equal(again.failure, null);
  });
});
