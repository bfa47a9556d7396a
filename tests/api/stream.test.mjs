// GET /api/v1/stream over real HTTP: live events between two people, the
// secret-group and personal-notification boundaries (also as membership
// changes), replay with Last-Event-ID across a server restart, heartbeats,
// the per-person cap (the oldest stream gives way), streams that end when
// their session does (sign-out, deactivation, a revoked token) and the
// refusals. One server, heartbeat at 200 ms and at most 3 streams per
// person; ann and ben share an open group and a secret one, cat is in the
// open group only, eve in neither.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { run, startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const LOGINS = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus'];
const LIVE_MS = 1000; // "within a second"
const QUIET_MS = 800; // how long we wait to be sure nothing arrives

let srv;
const C = {};
const id = {};
let open;
let secret;
const streams = new Set();

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mkPost = async (who, gid, body) => ok(await C[who].post(`${V1}/groups/${gid}/posts`, { body }), 201);
const mkComment = async (who, pid, body) => ok(await C[who].post(`${V1}/posts/${pid}/comments`, { body }), 201);

// A live SSE stream read with fetch(): every event and comment, parsed as it
// comes. wait(pred) resolves with the first event matching pred.
async function openStream(client, { lastEventId, query = '', headers = {} } = {}) {
  const h = { accept: 'text/event-stream', ...headers };
  if (client?.cookies?.size) h.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (client?.token) h.authorization = `Bearer ${client.token}`;
  if (lastEventId !== undefined) h['last-event-id'] = String(lastEventId);
  const ac = new AbortController();
  const res = await fetch(`${srv.url}${V1}/stream${query}`, { headers: h, signal: ac.signal });
  const s = { res, status: res.status, events: [], comments: [], retry: null, ended: false, waiters: [] };
  s.close = () => { ac.abort(); streams.delete(s); };
  if (res.status !== 200) {
    s.text = await res.text();
    s.json = JSON.parse(s.text);
    s.wait = async () => { throw new Error(`the stream answered ${res.status}: ${s.text}`); };
    return s;
  }
  streams.add(s);
  const notify = () => {
    for (const w of [...s.waiters]) {
      const e = s.events.find(w.pred);
      if (e) { s.waiters.splice(s.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(e); }
    }
  };
  (async () => {
    const dec = new TextDecoder();
    let buf = '';
    let cur = { data: [] };
    try {
      for await (const chunk of res.body) {
        buf += dec.decode(chunk, { stream: true });
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === '') {
            if (cur.event || cur.data.length || cur.id) {
              const e = { id: cur.id, event: cur.event ?? 'message', data: JSON.parse(cur.data.join('\n')) };
              s.events.push(e);
            }
            cur = { data: [] };
            notify();
          } else if (line.startsWith(':')) {
            s.comments.push(line.slice(1).trim());
          } else {
            const k = line.indexOf(':');
            const field = line.slice(0, k);
            const value = line.slice(k + 1).replace(/^ /, '');
            if (field === 'id') cur.id = Number(value);
            else if (field === 'event') cur.event = value;
            else if (field === 'data') cur.data.push(value);
            else if (field === 'retry') s.retry = Number(value);
          }
        }
      }
    } catch { /* aborted */ }
    s.ended = true;
  })();
  s.wait = (pred, ms = LIVE_MS, what = 'an event') => new Promise((resolve, reject) => {
    const e = s.events.find(pred);
    if (e) return resolve(e);
    const w = { pred, resolve };
    w.timer = setTimeout(() => {
      s.waiters.splice(s.waiters.indexOf(w), 1);
      reject(new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(s.events)}`));
    }, ms);
    s.waiters.push(w);
  });
  return s;
}

before(async () => {
  srv = await startServer({
    users: LOGINS.map((login) => ({ login, name: `${login} Person`, password: PW })),
    env: { STAFFROOM_SSE_HEARTBEAT_MS: '200', STAFFROOM_SSE_MAX_STREAMS: '3' },
  });
  for (const u of LOGINS) {
    C[u] = new Client(srv.url);
    id[u] = (await C[u].login(u, PW)).user.id;
  }
  open = ok(await C.ann.post(`${V1}/groups`, { name: 'Lounge', purpose: 'Everyone.', privacy: 'open' }), 201).id;
  for (const u of ['ben', 'cat']) ok(await C[u].post(`${V1}/groups/${open}/members`));
  secret = ok(await C.ann.post(`${V1}/groups`, { name: 'Hush', purpose: 'Few.', privacy: 'secret' }), 201).id;
  ok(await C.ann.post(`${V1}/groups/${secret}/members`, { user_id: id.ben }));
  ok(await C.ben.post(`${V1}/groups/${secret}/members`));
});

after(async () => {
  for (const s of streams) s.close();
  await srv?.stop();
});

describe('refusals', () => {
  test('anonymous: 401', async () => {
    const s = await openStream(anon(srv.url));
    assert.equal(s.status, 401);
    assert.equal(s.json.code, 'unauthenticated');
  });

  test('an unknown query parameter: 400', async () => {
    const s = await openStream(C.ann, { query: '?since=1' });
    assert.equal(s.status, 400);
    assert.equal(s.json.code, 'unknown_parameter');
    assert.equal(s.json.field, 'since');
  });

  test('a malformed last_event_id or Last-Event-ID: 400', async () => {
    const q = await openStream(C.ann, { query: '?last_event_id=abc' });
    assert.equal(q.status, 400);
    assert.equal(q.json.code, 'invalid_parameter');
    const h = await openStream(C.ann, { lastEventId: '12x' });
    assert.equal(h.status, 400);
    assert.equal(h.json.code, 'invalid_header');
  });
});

describe('live events', () => {
  test('a stream is text/event-stream and begins with a retry hint, without a backlog', async () => {
    await mkPost('ann', open, 'Before anyone listened.');
    const s = await openStream(C.ben);
    assert.equal(s.status, 200);
    assert.match(s.res.headers.get('content-type'), /^text\/event-stream/);
    assert.equal(s.res.headers.get('cache-control'), 'no-store');
    await sleep(300);
    assert.equal(s.retry, 3000);
    assert.deepEqual(s.events, [], 'a new stream starts at the current end');
    s.close();
  });

  test('two people see each other\'s posts, comments and reactions within a second', async () => {
    const a = await openStream(C.ann);
    const b = await openStream(C.ben);
    const p = await mkPost('ann', open, 'Staff meeting moved to 4.');
    const seen = await b.wait((e) => e.event === 'post_created' && e.data.post_id === p.id, LIVE_MS, 'post_created');
    assert.deepEqual(
      { ...seen.data, created_at: undefined },
      { kind: 'post_created', group_id: open, post_id: p.id, comment_id: null, actor_id: id.ann, created_at: undefined },
    );
    assert.match(seen.data.created_at, /^\d{4}-\d{2}-\d{2}T/);
    const c = await mkComment('ben', p.id, 'Thanks!');
    const ce = await a.wait((e) => e.event === 'comment_created' && e.data.comment_id === c.id, LIVE_MS, 'comment_created');
    assert.equal(ce.data.post_id, p.id);
    assert.equal(ce.data.actor_id, id.ben);
    ok(await C.ben.put(`${V1}/posts/${p.id}/reactions/like`));
    const re = await a.wait((e) => e.event === 'post_reaction' && e.data.post_id === p.id, LIVE_MS, 'post_reaction');
    assert.equal(re.data.actor_id, id.ben);
    // ann hears of ben's comment and reaction as notifications too
    const note = await a.wait((e) => e.event === 'notification', LIVE_MS, 'a notification');
    assert.equal(typeof note.data.notification_id, 'number');
    ok(await C.ann.patch(`${V1}/posts/${p.id}`, { body: 'Staff meeting moved to 4:30.' }));
    await b.wait((e) => e.event === 'post_edited' && e.data.post_id === p.id, LIVE_MS, 'post_edited');
    const del = await C.ben.delete(`${V1}/comments/${c.id}`);
    assert.ok(del.status === 200 || del.status === 204, del.text);
    await a.wait((e) => e.event === 'comment_deleted' && e.data.comment_id === c.id, LIVE_MS, 'comment_deleted');
    const res = await C.ann.delete(`${V1}/posts/${p.id}`);
    assert.ok(res.status === 200 || res.status === 204, res.text);
    await b.wait((e) => e.event === 'post_deleted' && e.data.post_id === p.id, LIVE_MS, 'post_deleted');
    for (const s of [a, b]) {
      const ids = s.events.map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'ids increase');
      assert.equal(new Set(ids).size, ids.length, 'no id twice');
    }
    a.close();
    b.close();
  });

  test('a secret group\'s events reach its members and never a non-member', async () => {
    const b = await openStream(C.ben);
    const e = await openStream(C.eve);
    const c = await openStream(C.cat);
    const p = await mkPost('ann', secret, 'Budget draft, members only.');
    await mkComment('ben', p.id, 'Reviewed.');
    ok(await C.ann.put(`${V1}/posts/${p.id}/reactions/love`));
    await b.wait((x) => x.event === 'post_created' && x.data.post_id === p.id, LIVE_MS, 'the secret post');
    await b.wait((x) => x.event === 'post_reaction' && x.data.post_id === p.id, LIVE_MS, 'the secret reaction');
    // an open-group post afterwards proves the outsiders' streams are live
    const q = await mkPost('ann', open, 'Open news.');
    await e.wait((x) => x.data.post_id === q.id, LIVE_MS, 'the open post on eve\'s stream');
    await c.wait((x) => x.data.post_id === q.id, LIVE_MS, 'the open post on cat\'s stream');
    await sleep(QUIET_MS);
    for (const s of [e, c]) {
      assert.deepEqual(s.events.filter((x) => x.data.group_id === secret || x.data.post_id === p.id), []);
    }
    b.close();
    e.close();
    c.close();
  });

  test('a notification reaches its recipient\'s stream only', async () => {
    const b = await openStream(C.ben);
    const c = await openStream(C.cat);
    const e = await openStream(C.eve);
    const p = await mkPost('ann', open, 'Lunch duty swap, @ben?');
    const n = await b.wait((x) => x.event === 'notification' && x.data.post_id === p.id, LIVE_MS, 'the mention');
    const list = ok(await C.ben.get(`${V1}/notifications`));
    assert.ok(list.items.some((x) => x.id === n.data.notification_id && x.kind === 'mention'));
    await c.wait((x) => x.event === 'post_created' && x.data.post_id === p.id, LIVE_MS, 'the post on cat\'s stream');
    await sleep(QUIET_MS);
    assert.deepEqual(c.events.filter((x) => x.event === 'notification'), [], 'cat gets no one else\'s notifications');
    assert.deepEqual(e.events.filter((x) => x.event === 'notification'), [], 'eve gets no one else\'s notifications');
    b.close();
    c.close();
    e.close();
  });
});

describe('membership changes', () => {
  test('someone added to a secret group gets its events at once; someone removed stops getting them', async () => {
    const g = ok(await C.ann.post(`${V1}/groups`, { name: 'Panel', purpose: 'Hiring.', privacy: 'secret' }), 201).id;
    const a = await openStream(C.ann);
    const c = await openStream(C.cat);
    const e = await openStream(C.eve);
    const p0 = await mkPost('ann', g, 'Before cat joins.');
    await a.wait((x) => x.data.post_id === p0.id, LIVE_MS, 'the post on a member\'s stream');
    // cat is invited and joins, with her stream already open
    ok(await C.ann.post(`${V1}/groups/${g}/members`, { user_id: id.cat }));
    ok(await C.cat.post(`${V1}/groups/${g}/members`));
    const p1 = await mkPost('ann', g, 'Cat is in.');
    await c.wait((x) => x.event === 'post_created' && x.data.post_id === p1.id, LIVE_MS, 'the post once cat is a member');
    // ann removes cat: the next post is for ann alone
    const rm = await C.ann.delete(`${V1}/groups/${g}/members/${id.cat}`);
    assert.ok(rm.status === 200 || rm.status === 204, rm.text);
    const p2 = await mkPost('ann', g, 'Cat is out.');
    await mkComment('ann', p2.id, 'A comment cat must not see.');
    ok(await C.ann.put(`${V1}/posts/${p2.id}/reactions/like`));
    await a.wait((x) => x.event === 'post_reaction' && x.data.post_id === p2.id, LIVE_MS, 'the reaction on ann\'s stream');
    const q = await mkPost('ann', open, 'Open again.');
    await c.wait((x) => x.data.post_id === q.id, LIVE_MS, 'the open post on cat\'s stream');
    await e.wait((x) => x.data.post_id === q.id, LIVE_MS, 'the open post on eve\'s stream');
    await sleep(QUIET_MS);
    assert.deepEqual(c.events.filter((x) => x.data.post_id === p0.id || x.data.post_id === p2.id), [],
      'nothing from before she joined or after she left');
    assert.deepEqual(e.events.filter((x) => x.data.group_id === g), [], 'eve never hears of the group');
    // a reconnect with an old Last-Event-ID replays what the live stream
    // sent: an event's audience is the one it had when it happened
    const replay = await openStream(C.cat, { lastEventId: c.events[0].id - 1 });
    await replay.wait((x) => x.data.post_id === q.id, LIVE_MS, 'the replay up to the open post');
    assert.deepEqual(replay.events, c.events, 'the replay is what the live stream sent');
    for (const s of [a, c, e, replay]) s.close();
  });

  test('many streams of many people: each sees exactly its own share of one burst', async () => {
    const g = ok(await C.ben.post(`${V1}/groups`, { name: 'Few', purpose: 'Two.', privacy: 'closed' }), 201).id;
    const who = ['ann', 'ben', 'cat', 'dan', 'eve'];
    const s = {};
    for (const u of who) s[u] = await openStream(C[u]);
    const ps = [];
    for (let i = 0; i < 5; i++) ps.push(await mkPost('ben', i % 2 ? open : g, `Burst ${i}`));
    const last = ps.at(-1);
    for (const u of who) await s[u].wait((x) => x.data.post_id === ps[3].id, LIVE_MS, `the last open post on ${u}'s stream`);
    await s.ben.wait((x) => x.data.post_id === last.id, LIVE_MS, 'the last closed post on ben\'s stream');
    await sleep(300);
    for (const u of who) {
      const got = s[u].events.filter((x) => x.event === 'post_created').map((x) => x.data.post_id);
      const want = ps.filter((p, i) => i % 2 || u === 'ben').map((p) => p.id);
      assert.deepEqual(got, want, `${u}'s stream`);
      s[u].close();
    }
  });
});

describe('replay', () => {
  test('Last-Event-ID after a server restart replays exactly the missed events', async () => {
    // ben's first stream gives him a position; a second one witnesses what
    // happens while he is away.
    const first = await openStream(C.ben);
    const warm = await mkPost('ann', open, 'Position marker.');
    const mark = await first.wait((x) => x.data.post_id === warm.id && x.event === 'post_created');
    first.close();
    const witness = await openStream(C.ben, { lastEventId: mark.id });
    const p1 = await mkPost('ann', open, 'Missed one.');
    const p2 = await mkPost('ann', secret, 'Missed two (secret).');
    const cm = await mkComment('cat', p1.id, 'Missed three.');
    ok(await C.cat.put(`${V1}/posts/${p1.id}/reactions/celebrate`));
    await mkPost('eve', (ok(await C.eve.post(`${V1}/groups`, { name: 'Eve Only', purpose: 'Mine.', privacy: 'closed' }), 201)).id, 'Not for ben.');
    await witness.wait((x) => x.event === 'post_reaction' && x.data.post_id === p1.id, LIVE_MS, 'the last missed event');
    await sleep(300);
    const missed = witness.events.filter((x) => x.event !== 'reset');
    assert.ok(missed.some((x) => x.data.post_id === p2.id), 'the secret post is among them');
    assert.ok(missed.some((x) => x.data.comment_id === cm.id), 'the comment is among them');
    await srv.restart();
    assert.ok(witness.ended || (await sleep(500), witness.ended), 'streams end when the server stops');

    const again = await openStream(C.ben, { lastEventId: mark.id });
    await again.wait((x) => x.id === missed.at(-1).id, LIVE_MS, 'the replay');
    await sleep(300);
    assert.deepEqual(again.events, missed, 'the same events, in the same order');
    const ids = again.events.map((x) => x.id);
    assert.ok(ids.every((x, i) => x > (i ? ids[i - 1] : mark.id)), 'ids strictly increase past Last-Event-ID');

    const viaQuery = await openStream(C.ben, { query: `?last_event_id=${mark.id}` });
    await viaQuery.wait((x) => x.id === missed.at(-1).id, LIVE_MS, 'the replay via the query');
    await sleep(200);
    assert.deepEqual(viaQuery.events, missed);
    viaQuery.close();

    // the replayed stream goes on live, with ids that keep increasing
    const p3 = await mkPost('ann', open, 'After the restart.');
    const live = await again.wait((x) => x.data.post_id === p3.id, LIVE_MS, 'the live event after replay');
    assert.ok(live.id > missed.at(-1).id);
    again.close();
  });

  test('an id beyond the log answers a reset event and continues from the end', async () => {
    const s = await openStream(C.ben, { lastEventId: 9_000_000_000 });
    const r = await s.wait((x) => x.event === 'reset', LIVE_MS, 'reset');
    assert.equal(r.data.kind, 'reset');
    const p = await mkPost('ann', open, 'After the reset.');
    const e = await s.wait((x) => x.data.post_id === p.id, LIVE_MS, 'the next event');
    assert.ok(e.id > r.id);
    s.close();
  });
});

describe('heartbeats and the cap', () => {
  test('an idle stream gets `: keep-alive` comments', async () => {
    const s = await openStream(C.dan);
    await sleep(900);
    assert.ok(s.comments.filter((x) => x === 'keep-alive').length >= 2, `comments: ${JSON.stringify(s.comments)}`);
    assert.deepEqual(s.events, []);
    s.close();
  });

  test('a fourth stream of one person ends the oldest (event end, reason replaced); others are unaffected', async () => {
    await sleep(400); // dan's earlier stream is gone once a heartbeat finds it closed
    const mine = [];
    for (let i = 0; i < 3; i++) {
      const s = await openStream(C.dan);
      assert.equal(s.status, 200);
      mine.push(s);
      await sleep(20);
    }
    const other = await openStream(C.eve);
    const extra = await openStream(C.dan);
    assert.equal(extra.status, 200, 'a new tab always gets a stream');
    const end = await mine[0].wait((x) => x.event === 'end', LIVE_MS, 'the end of the oldest stream');
    assert.deepEqual(end.data, { kind: 'end', reason: 'replaced' });
    assert.equal(end.id, undefined, 'the end event has no id: Last-Event-ID stays on the last real event');
    await sleep(200);
    assert.ok(mine[0].ended, 'the oldest stream ended');
    assert.ok(!mine[1].ended && !mine[2].ended && !other.ended, 'the others stay open');
    const p = await mkPost('ann', open, 'Reaches the three newest.');
    for (const s of [mine[1], mine[2], extra, other]) await s.wait((x) => x.data.post_id === p.id, LIVE_MS, 'the post');
    for (const s of [...mine, extra, other]) s.close();
  });

  test('a bearer token opens a stream as well', async () => {
    const t = new Client(srv.url);
    await t.loginToken('eve', PW);
    const s = await openStream(t);
    assert.equal(s.status, 200);
    s.close();
  });
});

describe('streams end with their session', () => {
  // Its own people, so that earlier tests' streams do not count.
  const endOf = (s, ms = LIVE_MS) => s.wait((x) => x.event === 'end', ms, 'the end event');

  test('sign-out ends the streams of that session at once; a reconnect answers 401', async () => {
    const fay = new Client(srv.url);
    await fay.login('fay', PW);
    const other = new Client(srv.url); // fay on another device
    await other.login('fay', PW);
    const s1 = await openStream(fay);
    const s2 = await openStream(fay);
    const keep = await openStream(other);
    await sleep(100);
    const t0 = Date.now();
    const out = await fay.logout();
    assert.equal(out.status, 204);
    const e1 = await endOf(s1, 150); // well before the next heartbeat could have found it
    assert.deepEqual(e1.data, { kind: 'end', reason: 'signed_out' });
    await endOf(s2, 150);
    await sleep(100);
    assert.ok(s1.ended && s2.ended, `ended in ${Date.now() - t0} ms`);
    assert.ok(!keep.ended, 'the other session\'s stream stays open');
    const again = await openStream(fay);
    assert.equal(again.status, 401);
    const p = await mkPost('ann', open, 'Still live elsewhere.');
    await keep.wait((x) => x.data.post_id === p.id, LIVE_MS, 'the post on the other session\'s stream');
    keep.close();
  });

  test('a deactivated person\'s streams end by the next heartbeat', async () => {
    const gus = new Client(srv.url);
    await gus.login('gus', PW);
    const tok = new Client(srv.url);
    await tok.loginToken('gus', PW);
    const s1 = await openStream(gus);
    const s2 = await openStream(tok);
    const res = await run(['user', 'deactivate', '--db', srv.dbPath, '--login', 'gus']);
    assert.equal(res.code, 0, res.stderr);
    const e = await endOf(s1, 1500);
    assert.deepEqual(e.data, { kind: 'end', reason: 'signed_out' });
    await endOf(s2, 1500);
    assert.equal((await openStream(gus)).status, 401);
  });

  test('a revoked token\'s stream ends by the next heartbeat', async () => {
    const t = new Client(srv.url);
    const made = await t.loginToken('eve', PW);
    const s = await openStream(t);
    const list = ok(await t.get(`${V1}/tokens`));
    const mine = list.items.find((x) => x.id === made.id) ?? list.items.at(-1);
    const del = await t.delete(`${V1}/tokens/${mine.id}`);
    assert.equal(del.status, 204, del.text);
    await endOf(s, 1500);
  });
});

describe('stopping', () => {
  test('the server stops promptly with streams open', async () => {
    const s = [await openStream(C.ann), await openStream(C.ben)];
    await sleep(100);
    const t0 = Date.now();
    const res = await srv.stop();
    assert.equal(res.code, 0, `exit ${JSON.stringify(res)}`);
    assert.ok(Date.now() - t0 < 4000, `stopped in ${Date.now() - t0} ms`);
    await sleep(100);
    assert.ok(s.every((x) => x.ended));
  });
});
