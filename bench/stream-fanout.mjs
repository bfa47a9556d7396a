// Live stream fan-out and memory per idle stream (issue 4).
//
// Run by bench/stream-fanout.sh, which makes the district and starts the
// server; this script signs in, makes an open group, opens N streams
// (GET /api/v1/stream, bearer tokens), reads the server's RSS before and
// after, posts once in the group and times how long until every stream has
// the post_created event. Prints a markdown table and one JSON line.
//
// Environment (all set by the wrapper):
//   API          base URL, http://127.0.0.1:PORT (loopback only)
//   SERVER_PID   the server's pid, for /proc/PID/status VmRSS
//   STREAMS      how many streams to open
//   POSTER       login of the poster
//   READERS      comma-separated logins of the readers (streams are spread
//                over them, at most PER_READER each)
//   PER_READER   streams per reader (the server's sse_max_streams)
//   PASSWORD     the password of every bench user
//   OPEN_PARALLEL  connection attempts in flight while opening (default 256)
//   DEADLINE_S   give up after this many seconds overall (default 90)
// Node 20, no dependencies.

import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const env = (k, d) => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`stream-fanout: ${k} is not set`);
  return v;
};
const API = new URL(env('API'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(API.hostname)) {
  throw new Error('stream-fanout: loopback targets only');
}
const SERVER_PID = Number(env('SERVER_PID'));
const N = Number(env('STREAMS'));
const POSTER = env('POSTER');
const READERS = env('READERS').split(',').filter(Boolean);
const PER_READER = Number(env('PER_READER'));
const PASSWORD = env('PASSWORD');
const OPEN_PARALLEL = Number(env('OPEN_PARALLEL', '256'));
const DEADLINE_S = Number(env('DEADLINE_S', '90'));

const started = performance.now();
const log = (msg) =>
  process.stderr.write(`stream-fanout: [${((performance.now() - started) / 1000).toFixed(1)} s] ${msg}\n`);
const deadline = setTimeout(() => {
  log(`deadline of ${DEADLINE_S} s reached; giving up`);
  process.exit(3);
}, DEADLINE_S * 1000);
deadline.unref();

// One agent for everything: no keep-alive, no socket cap.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: API.hostname,
        port: API.port,
        method,
        path,
        agent,
        headers: {
          ...headers,
          ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {}
          resolve({ status: res.statusCode, headers: res.headers, json, text, at: performance.now() });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function must(res, ok, what) {
  if (!ok.includes(res.status)) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return res.json;
}

// Signs in and takes a bearer token.
async function tokenFor(login) {
  const s = await request('POST', '/api/v1/session', { body: { login, password: PASSWORD } });
  const session = must(s, [200], `sign-in of ${login}`);
  const cookie = (s.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const t = await request('POST', '/api/v1/tokens', {
    headers: { Cookie: cookie, 'X-CSRF-Token': session.csrf_token },
    body: { name: 'stream-fanout bench' },
  });
  return must(t, [200, 201], `token for ${login}`).token;
}

function rssKiB() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${SERVER_PID}/status`, 'utf8'));
  if (!m) throw new Error('no VmRSS for the server');
  return Number(m[1]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the yardstick: N idle keep-alive connections to nginx (MODE=idle-keepalive)
// Each connection asks for a small file once and then stays open, idle; the
// RSS of the nginx worker (SERVER_PID) is read before and after.
if (env('MODE', 'stream') === 'idle-keepalive') {
  const rssBefore = rssKiB();
  const socks = [];
  let ok = 0;
  let bad = 0;
  let next = 0;
  const one = () =>
    new Promise((resolve) => {
      const sock = net.connect({ host: API.hostname, port: Number(API.port) });
      socks.push(sock);
      let seen = '';
      sock.setEncoding('utf8');
      sock.on('connect', () => sock.write(`GET /small.json HTTP/1.1\r\nHost: ${API.host}\r\n\r\n`));
      sock.on('data', (d) => {
        seen += d;
        if (seen.includes('\r\n\r\n') && seen.endsWith('\n')) {
          if (!seen.startsWith('HTTP/1.1 200')) bad++;
          else ok++;
          seen = '';
          resolve();
        }
      });
      sock.on('error', () => {
        bad++;
        resolve();
      });
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(OPEN_PARALLEL, N) }, async () => {
      while (next < N) {
        next++;
        await one();
      }
    }),
  );
  await sleep(1000);
  const rssAfter = rssKiB();
  const per = ((rssAfter - rssBefore) * 1024) / Math.max(1, ok);
  console.log('');
  console.log(`yardstick: nginx (1 worker), ${ok} idle keep-alive connections (${bad} failed), opened in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  console.log('');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| nginx worker RSS before / after | ${rssBefore.toLocaleString('en-US')} / ${rssAfter.toLocaleString('en-US')} KiB |`);
  console.log(`| nginx memory per idle connection | ${Math.round(per).toLocaleString('en-US')} B (${(per / 1024).toFixed(2)} KiB) |`);
  console.log('');
  console.log(`NGINX ${JSON.stringify({ connections: ok, failed: bad, rss_before_kib: rssBefore, rss_after_kib: rssAfter, bytes_per_idle_connection: Math.round(per) })}`);
  for (const s of socks) s.destroy();
  process.exit(bad ? 4 : 0);
}

// --- set up: tokens, an open group both sides are in ------------------------
const posterToken = await tokenFor(POSTER);
const readerTokens = [];
for (const r of READERS) readerTokens.push(await tokenFor(r));
log(`signed in ${1 + READERS.length} people`);
const bearer = (t) => ({ Authorization: `Bearer ${t}` });

const group = must(
  await request('POST', '/api/v1/groups', {
    headers: bearer(posterToken),
    body: { name: 'District office', purpose: 'District-wide announcements (stream bench).', privacy: 'open' },
  }),
  [200, 201],
  'POST /api/v1/groups',
);
for (const t of readerTokens) {
  must(
    await request('POST', `/api/v1/groups/${group.id}/members`, { headers: bearer(t), body: {} }),
    [200, 201],
    'joining the group',
  );
}
log(`open group ${group.id} with ${1 + READERS.length} members`);

// --- open the streams -------------------------------------------------------
// Per stream: when its first bytes (retry:) came, and when it had the post.
const streams = [];
let connected = 0;
let failed = 0;
let delivered = 0;
let postId = null; // set once the POST answered; events are matched on kind
let onAllDelivered = null;
const errors = new Map();

function openStream(i) {
  return new Promise((resolve) => {
    const s = { i, connectedAt: 0, gotAt: 0, tail: '' };
    streams.push(s);
    const req = http.request(
      {
        host: API.hostname,
        port: API.port,
        path: '/api/v1/stream',
        agent,
        headers: { ...bearer(readerTokens[Math.floor(i / PER_READER)]), Accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          failed++;
          errors.set(`HTTP ${res.statusCode}`, (errors.get(`HTTP ${res.statusCode}`) || 0) + 1);
          res.resume();
          resolve();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          const now = performance.now();
          // Keep only a short tail: enough to find a marker split across reads.
          const text = s.tail + chunk;
          if (!s.connectedAt && text.includes('retry:')) {
            s.connectedAt = now;
            connected++;
            resolve();
          }
          if (!s.gotAt && text.includes('event: post_created')) {
            s.gotAt = now;
            delivered++;
            if (delivered === connected && onAllDelivered) onAllDelivered();
          }
          s.tail = text.slice(-64);
        });
        res.on('error', () => {});
      },
    );
    req.on('error', (e) => {
      if (!s.connectedAt) {
        failed++;
        errors.set(e.code || e.message, (errors.get(e.code || e.message) || 0) + 1);
        resolve();
      }
    });
    req.end();
    s.req = req;
  });
}

const rssBefore = rssKiB();
log(`server RSS before: ${rssBefore} KiB; opening ${N} streams, ${OPEN_PARALLEL} at a time`);
const openStart = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(OPEN_PARALLEL, N) }, async () => {
    while (next < N) await openStream(next++);
  }),
);
const openSecs = (performance.now() - openStart) / 1000;
log(`${connected} streams connected, ${failed} failed, in ${openSecs.toFixed(2)} s`);
if (failed) log(`failures: ${JSON.stringify(Object.fromEntries(errors))}`);
if (connected === 0) process.exit(1);

// Let the server settle (freed request buffers, suspended connections).
await sleep(1000);
const rssAfter = rssKiB();
const perStream = ((rssAfter - rssBefore) * 1024) / connected;
log(`server RSS after: ${rssAfter} KiB; ${(perStream / 1024).toFixed(2)} KiB per idle stream`);

// --- one announcement -------------------------------------------------------
const allDone = new Promise((r) => {
  onAllDelivered = r;
});
const postSent = performance.now();
const pr = await request('POST', `/api/v1/groups/${group.id}/posts`, {
  headers: bearer(posterToken),
  body: { body: 'District-wide announcement: schools close at noon on Friday.' },
});
postId = must(pr, [200, 201], 'POST /api/v1/groups/{id}/posts').id;
const postAnswered = pr.at;
log(`posted ${postId}: answered in ${(postAnswered - postSent).toFixed(1)} ms; waiting for delivery`);
const timeout = sleep(Math.max(1000, DEADLINE_S * 1000 - (performance.now() - started) - 5000)).then(
  () => 'timeout',
);
const outcome = await Promise.race([delivered === connected ? 'done' : allDone.then(() => 'done'), timeout]);
if (outcome === 'timeout') log(`only ${delivered} of ${connected} streams had the post when time ran out`);

const got = streams.filter((s) => s.gotAt).map((s) => s.gotAt);
got.sort((a, b) => a - b);
const pct = (arr, p) => (arr.length ? arr[Math.min(arr.length - 1, Math.ceil((p / 100) * arr.length) - 1)] : NaN);
const fromSent = got.map((t) => t - postSent);
const last = got.length ? got[got.length - 1] : NaN;
const result = {
  streams_requested: N,
  streams_connected: connected,
  streams_failed: failed,
  open_seconds: +openSecs.toFixed(2),
  rss_before_kib: rssBefore,
  rss_after_kib: rssAfter,
  bytes_per_idle_stream: Math.round(perStream),
  post_answer_ms: +(postAnswered - postSent).toFixed(1),
  delivered: got.length,
  first_after_post_sent_ms: +(got[0] - postSent).toFixed(1),
  p50_after_post_sent_ms: +pct(fromSent, 50).toFixed(1),
  p99_after_post_sent_ms: +pct(fromSent, 99).toFixed(1),
  last_after_post_sent_ms: +(last - postSent).toFixed(1),
  last_after_post_answer_ms: +(last - postAnswered).toFixed(1),
  delivered_before_post_answer: got.filter((t) => t <= postAnswered).length,
};

const f = (x) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
console.log('');
console.log(`${connected} streams (${READERS.length} reader(s), ${PER_READER} streams each at most), loopback`);
console.log('');
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(`| streams open (asked ${f(N)}, failed ${f(failed)}) | ${f(connected)} |`);
console.log(`| time to open them all | ${openSecs.toFixed(2)} s |`);
console.log(`| server RSS before / after | ${f(rssBefore)} / ${f(rssAfter)} KiB |`);
console.log(`| server memory per idle stream | ${f(Math.round(perStream))} B (${(perStream / 1024).toFixed(2)} KiB) |`);
console.log(`| POST answered after | ${result.post_answer_ms} ms |`);
console.log(`| streams that had the post | ${f(got.length)} (${result.delivered_before_post_answer} before the POST answered) |`);
console.log(`| per-stream delivery after POST sent: first / p50 / p99 | ${result.first_after_post_sent_ms} / ${result.p50_after_post_sent_ms} / ${result.p99_after_post_sent_ms} ms |`);
console.log(`| last stream has it, after POST sent | ${result.last_after_post_sent_ms} ms |`);
console.log(`| last stream has it, after POST answered | ${result.last_after_post_answer_ms} ms |`);
console.log('');
console.log(`RESULT ${JSON.stringify(result)}`);

for (const s of streams) s.req?.destroy();
process.exit(got.length === connected ? 0 : 4);
