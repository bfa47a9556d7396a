// E-mail over real SMTP: notification e-mails and the daily digest sent by
// a real server to a real SMTP server (Debian's python3-aiosmtpd, started
// here), read back from its Maildir. The tests run in order and share one
// district: ann writes; ben, cat, dan and fay read in the Lounge; dan has
// no address; gus belongs to no group; root is a system admin.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';
import { startSmtp } from './lib/smtp.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const BASE = 'https://staffroom.district.test';
const FROM = 'staffroom@district.test';
const addr = (login) => `${login}@district.test`;
const USERS = [
  { login: 'ann', name: 'Ann Ávila', email: addr('ann') },
  { login: 'ben', name: 'Ben Brown', email: addr('ben') },
  { login: 'cat', name: 'Cat Chen', email: addr('cat') },
  { login: 'dan', name: 'Dan Diaz' },
  { login: 'fay', name: 'Fay Fischer', email: addr('fay') },
  { login: 'gus', name: 'Gus Green', email: addr('gus') },
  { login: 'root', name: 'Rita Root', email: addr('root'), role: 'admin' },
].map((u) => ({ ...u, password: PW }));

// Digests default to 7:00 district time, and the server sweeps the current
// hour when it starts. Away from 7:00 UTC the district is on UTC; around it,
// four hours east, so that no default digest is due while the tests run.
const nearSeven = [6, 7, 8].includes(new Date().getUTCHours());
const TZ = nearSeven ? 'Etc/GMT-4' : 'UTC';
const localHour = () => (new Date().getUTCHours() + (nearSeven ? 4 : 0)) % 24;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
let smtp;
const C = {};
const id = {};
let lounge;

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

const mkPost = async (who, gid, body) => ok(await C[who].post(`${V1}/groups/${gid}/posts`, { body }), 201);
const to = (login) => (m) => m.rcptTo.includes(addr(login));
const mailsTo = async (login) => (await smtp.messages()).filter(to(login));

/** Posts a marker mention of ben and waits for its e-mail: every job
 *  written before it has run by then (jobs run in order). */
async function barrier() {
  const p = await mkPost('ann', lounge, `Marker ${Date.now()} for @ben`);
  await smtp.waitFor((m) => to('ben')(m) && m.text?.includes(`/posts/${p.id}`));
  await sleep(200);
}

async function jobs() {
  return ok(await C.root.get(`${V1}/admin/jobs`));
}

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    users: USERS,
    env: {
      STAFFROOM_SMTP_URL: smtp.url,
      STAFFROOM_SMTP_FROM: FROM,
      STAFFROOM_BASE_URL: `${BASE}/`,
      STAFFROOM_TIMEZONE: TZ,
      STAFFROOM_JOBS_POLL_MS: '50',
      STAFFROOM_MAIL_RETRY_BASE_MS: '200',
      STAFFROOM_SMTP_TIMEOUT_MS: '2000',
    },
  });
  for (const u of USERS) {
    C[u.login] = new Client(srv.url);
    id[u.login] = (await C[u.login].login(u.login, PW)).user.id;
  }
  lounge = ok(await C.ann.post(`${V1}/groups`, { name: 'Lounge', purpose: 'Everyone.', privacy: 'open' }), 201).id;
  for (const u of ['ben', 'cat', 'dan', 'fay']) ok(await C[u].post(`${V1}/groups/${lounge}/members`));
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

describe('notification e-mails', () => {
  test('a mention arrives for its recipient with subject, text and HTML parts and a link', async () => {
    const p = await mkPost('ann', lounge, 'Field trip Friday, @ben and @dan: bring <script>alert(1)</script> & snacks.');
    const [m] = await smtp.waitFor(to('ben'));
    assert.deepEqual(m.rcptTo, [addr('ben')]);
    assert.equal(m.mailFrom, FROM);
    assert.equal(m.headers.to, `"Ben Brown" <${addr('ben')}>`);
    assert.equal(m.headers.from, `Ann Ávila via staffroom <${FROM}>`);
    assert.match(m.rawHeaders.from, /=\?UTF-8\?B\?/, 'a non-ASCII name is an RFC 2047 encoded word');
    assert.equal(m.headers.subject, 'Ann Ávila mentioned you in Lounge');
    assert.match(m.headers['message-id'], /^<staffroom\.notification_email\.\d+\.\d+@staffroom\.district\.test>$/);
    assert.ok(!Number.isNaN(Date.parse(m.headers.date)), `Date: ${m.headers.date}`);
    assert.match(m.contentType, /^multipart\/alternative;/);
    assert.equal(m.headers['list-unsubscribe'], undefined, 'only digests carry an unsubscribe header');
    assert.ok(m.text.includes('Ann Ávila mentioned you in Lounge.'), m.text);
    assert.ok(m.text.includes('bring <script>alert(1)</script> & snacks.'), 'the text part has the post as written');
    assert.ok(m.text.includes(`${BASE}/posts/${p.id}`), m.text);
    assert.ok(m.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; snacks.'), m.html);
    assert.ok(!m.html.includes('<script'), 'no markup from the post reaches the HTML part');
    assert.ok(m.html.includes(`href="${BASE}/posts/${p.id}"`), m.html);
    assert.ok(m.html.includes(`href="${BASE}/notifications"`), 'a link to the e-mail settings');
    await sleep(300);
    assert.deepEqual(await mailsTo('ann'), [], 'the author hears nothing of their own post');
    assert.equal((await smtp.messages()).length, 1, 'dan, who has no address, gets nothing');
  });

  test('settings are honoured: off sends nothing; important skips new posts; all sends them', async () => {
    assert.deepEqual(ok(await C.cat.get(`${V1}/me/email-settings`)), {
      address: addr('cat'), notifications: 'important', digest: true, digest_hour: 7, timezone: TZ, email_enabled: true,
    });
    assert.equal(ok(await C.dan.get(`${V1}/me/email-settings`)).address, null);
    const off = ok(await C.cat.put(`${V1}/me/email-settings`, { notifications: 'off' }));
    assert.equal(off.notifications, 'off');
    assert.equal(ok(await C.cat.get(`${V1}/me/email-settings`)).notifications, 'off');
    const p = await mkPost('ann', lounge, 'Cat, @cat, the projector is fixed.');
    // in the app the mention is there...
    const notes = ok(await C.cat.get(`${V1}/notifications`)).items;
    assert.ok(notes.some((n) => n.kind === 'mention' && n.post_id === p.id));
    // ...ben and fay hear of every new post in the app; ben also by e-mail
    for (const u of ['ben', 'fay']) ok(await C[u].put(`${V1}/groups/${lounge}/notification-settings`, { level: 'all' }));
    ok(await C.ben.put(`${V1}/me/email-settings`, { notifications: 'all' }));
    const news = await mkPost('ann', lounge, 'The staff meeting moves to room 12.');
    const [m] = await smtp.waitFor((x) => to('ben')(x) && x.text.includes(`/posts/${news.id}`));
    assert.equal(m.headers.subject, 'New post by Ann Ávila in Lounge');
    await barrier();
    assert.deepEqual(await mailsTo('cat'), [], 'cat turned e-mail off');
    assert.deepEqual((await mailsTo('fay')).map((x) => x.headers.subject), [], 'fay: new posts are not "important"');
    ok(await C.ben.put(`${V1}/me/email-settings`, { notifications: 'important' }));
  });

  test('bad settings are refused with a problem and change nothing', async () => {
    const before = ok(await C.fay.get(`${V1}/me/email-settings`));
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { notifications: 'sometimes' }), 422, 'invalid_notifications');
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { digest_hour: 24 }), 422, 'invalid_hour');
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { digest_hour: -1, digest: false }), 422, 'invalid_hour');
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { digest: 'yes' }), 400, 'invalid_type');
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { address: 'x@y.org' }), 400, 'unknown_field');
    assertProblem(await C.fay.put(`${V1}/me/email-settings`, { notifications: 'x'.repeat(17) }), 422, 'too_long');
    assert.deepEqual(ok(await C.fay.get(`${V1}/me/email-settings`)), before);
    assertProblem(await anon(srv.url).get(`${V1}/me/email-settings`), 401, 'unauthenticated');
  });
});

describe('important announcements', () => {
  test('are e-mailed to every member with an address, unless they turned e-mail off', async () => {
    const p = await mkPost('ann', lounge, 'Snow day tomorrow: all schools closed.');
    ok(await C.ann.put(`${V1}/posts/${p.id}/important`, { days: 1 }));
    const about = (m) => m.text?.includes(`/posts/${p.id}`);
    const got = await smtp.waitFor(about, { count: 2 });
    assert.deepEqual(got.map((m) => m.rcptTo[0]).sort(), [addr('ben'), addr('fay')]);
    for (const m of got) {
      assert.equal(m.headers.subject, 'Important announcement from Ann Ávila in Lounge');
      assert.ok(m.text.includes('Snow day tomorrow: all schools closed.'), m.text);
      assert.ok(m.html.includes('Read and acknowledge it in staffroom'), m.html);
    }
    await barrier();
    assert.deepEqual((await smtp.messages()).filter(about).map((m) => m.rcptTo[0]).sort(), [addr('ben'), addr('fay')],
      'cat (e-mail off), dan (no address) and ann (the author) get none');
  });
});

describe('when the SMTP server is down', () => {
  test('jobs wait, survive a crash, and are delivered once it is back; what became unreadable is not', async () => {
    const port = smtp.port;
    await smtp.stop();
    const hush = ok(await C.ann.post(`${V1}/groups`, { name: 'Hush Committee', purpose: 'Few.', privacy: 'secret' }), 201).id;
    ok(await C.ann.post(`${V1}/groups/${hush}/members`, { user_id: id.ben }));
    ok(await C.ben.post(`${V1}/groups/${hush}/members`));
    const open = await mkPost('ann', lounge, 'Rain plan: recess in the gym, @ben.');
    const secret = await mkPost('ann', hush, 'SECRET7 case notes, @ben.');
    // the admin view shows them waiting, with the SMTP error
    let j;
    for (let i = 0; i < 100; i++) {
      j = await jobs();
      const waiting = j.counts.find((c) => c.kind === 'notification_email' && c.state === 'pending');
      if (waiting?.count >= 2 && j.problems.some((x) => x.kind === 'notification_email' && /smtp/.test(x.last_error ?? ''))) break;
      await sleep(50);
    }
    assert.equal(j.email_enabled, true);
    assert.ok(j.pending >= 2, `pending: ${JSON.stringify(j)}`);
    const failing = j.problems.find((x) => x.kind === 'notification_email');
    assert.ok(failing && failing.state === 'pending' && failing.attempts >= 1, JSON.stringify(j.problems));
    assert.match(failing.last_error, /^smtp: /);
    assertProblem(await C.ben.get(`${V1}/admin/jobs`), 403, 'admins_only');
    // ben leaves the secret group before the e-mail can go out
    ok(await C.ben.delete(`${V1}/groups/${hush}/members/${id.ben}`), 204);
    // the server crashes with the jobs pending, and comes back
    await srv.crash();
    await srv.restart();
    for (const u of ['ann', 'ben', 'root']) await C[u].login(u, PW);
    assert.ok((await jobs()).pending >= 1, 'the jobs are still there after the crash');
    smtp = await startSmtp({ port });
    const got = await smtp.waitFor((m) => to('ben')(m) && m.text.includes(`/posts/${open.id}`), { timeout: 30_000 });
    assert.equal(got.length, 1);
    await sleep(1000);
    const all = await smtp.messages();
    assert.equal(all.filter((m) => m.text.includes(`/posts/${open.id}`)).length, 1, 'delivered exactly once');
    assert.deepEqual(all.filter((m) => m.raw.includes('SECRET7') || m.raw.includes('Hush') || m.text.includes(`/posts/${secret.id}`)), [],
      'nothing from a group ben left before the e-mail was sent');
    for (let i = 0; i < 60 && (await jobs()).counts.some((c) => c.kind === 'notification_email' && c.state === 'pending'); i++) await sleep(50);
    assert.ok(!(await jobs()).counts.some((c) => c.kind === 'notification_email' && c.state === 'pending'), 'no notification e-mail left pending');
  });
});

describe('the daily digest', () => {
  test('arrives at the chosen hour with what is new, and unsubscribes without signing in', async () => {
    ok(await C.gus.put(`${V1}/me/email-settings`, { digest_hour: localHour() })); // nothing new for gus
    ok(await C.fay.post(`${V1}/notifications/read`, { all: true }));
    await mkPost('ann', lounge, 'Picture day is on Thursday, @fay.');
    const settings = ok(await C.fay.put(`${V1}/me/email-settings`, { digest: true, digest_hour: localHour() }));
    assert.equal(settings.digest_hour, localHour());
    const [m] = await smtp.waitFor((x) => to('fay')(x) && /digest/.test(x.headers.subject));
    assert.match(m.headers.subject, /^Your staffroom digest: 1 notification, \d+ new posts$/);
    assert.equal(m.headers.from, `"staffroom" <${FROM}>`);
    const lu = /^<(https:\/\/staffroom\.district\.test\/api\/v1\/email\/unsubscribe\?token=([\w.-]+))>$/.exec(m.headers['list-unsubscribe']);
    assert.ok(lu, `List-Unsubscribe: ${m.headers['list-unsubscribe']}`);
    assert.equal(m.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    const token = lu[2];
    assert.ok(m.text.includes('Ann Ávila mentioned you in Lounge'), m.text);
    assert.ok(m.text.includes('Lounge, Ann Ávila: "Picture day is on Thursday, @fay."'), m.text);
    assert.ok(m.text.includes(`${BASE}/unsubscribe?token=${token}`), 'the text part has the unsubscribe page');
    assert.ok(m.html.includes(`href="${BASE}/unsubscribe?token=${token}"`), 'so has the HTML part');
    await sleep(300);
    assert.deepEqual(await mailsTo('gus'), [], 'no digest when there is nothing new');

    // a mail program's one-click unsubscribe: a form POST, no cookie, no CSRF token
    const bad = await anon(srv.url).req('POST', `${V1}/email/unsubscribe?token=${id.fay}.${'A'.repeat(24)}`,
      'List-Unsubscribe=One-Click', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assertProblem(bad, 404, 'invalid_token');
    assertProblem(await anon(srv.url).post(`${V1}/email/unsubscribe?token=${id.gus}.${token.split('.')[1]}`), 404, 'invalid_token');
    assertProblem(await anon(srv.url).post(`${V1}/email/unsubscribe`), 404, 'invalid_token');
    assert.equal(ok(await C.fay.get(`${V1}/me/email-settings`)).digest, true, 'a bad token changes nothing');
    const res = await anon(srv.url).req('POST', `${V1}/email/unsubscribe?token=${token}`,
      'List-Unsubscribe=One-Click', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.deepEqual(ok(res), { digest: false });
    const after = ok(await C.fay.get(`${V1}/me/email-settings`));
    assert.equal(after.digest, false);
    assert.equal(after.notifications, 'important', 'only the digest is turned off');
  });
});
