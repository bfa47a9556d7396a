// Live stream fan-out and memory per idle stream (issue 4).
//
// Run by bench/stream-fanout.sh, which makes the district and starts the
// server. The coordinator (MODE=stream) signs in, makes an open group, has
// WORKERS child processes (this same file, MODE=worker) open N streams
// between them (GET /api/v1/stream, bearer tokens; one process may hold
// only 20,000 open files, so 20,000 streams need more than one), reads the
// server's RSS before and after, posts once in the group and times how long
// until every stream has the post_created event. Times are taken with
// process.hrtime (CLOCK_MONOTONIC, one clock for every process here). MODE=
// idle-keepalive is the yardstick: N idle keep-alive connections to nginx,
// its worker's RSS per connection. Prints markdown tables and one JSON line.
//
// Environment (all set by the wrapper):
//   API          base URL, http://127.0.0.1:PORT (loopback only)
//   SERVER_PID   the server's (or nginx worker's) pid, for /proc/PID/status
//   STREAMS      how many streams (connections) to open
//   POSTER       login of the poster
//   READERS      comma-separated logins of the readers (streams are spread
//                over them, at most PER_READER each)
//   PER_READER   streams per reader (the server's sse_max_streams)
//   PASSWORD     the password of every bench user
//   WORKERS      client processes (default: one per 10,000 streams)
//   OPEN_PARALLEL  connection attempts in flight per worker (default 256)
//   DEADLINE_S   give up after this many seconds overall (default 120)
// Node 20, no dependencies. Streams are raw sockets (node:net), not
// node:http, so that the client's own cost per stream stays small.

import http from 'node:http';
import net from 'node:net';
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = (k, d) => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`stream-fanout: ${k} is not set`);
  return v;
};
const MODE = env('MODE', 'stream');
const API = new URL(env('API'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(API.hostname)) {
  throw new Error('stream-fanout: loopback targets only');
}
const now = () => process.hrtime.bigint();
const msSince = (t0, t = now()) => Number(t - t0) / 1e6;

// ---------------------------------------------------------------------------
// Worker: holds its share of the connections.
if (MODE === 'worker') {
  const socks = [];
  let base = 0n;
  let want = 0;
  let got = 0;
  const times = [];
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    process.send({ ev: 'delivered', times });
  };
  process.on('message', async (m) => {
    if (m.cmd === 'open') {
      const { plan, parallel, kind } = m; // plan: [[header, count], ...]
      const jobs = [];
      for (const [auth, count] of plan) for (let i = 0; i < count; i++) jobs.push(auth);
      let connected = 0;
      let failed = 0;
      const errors = {};
      let next = 0;
      const one = (auth) =>
        new Promise((resolve) => {
          const sock = net.connect({ host: API.hostname, port: Number(API.port) });
          const s = { sock, ready: false, got: false, tail: '', status: null };
          socks.push(s);
          sock.setNoDelay(true);
          sock.on('connect', () =>
            sock.write(
              kind === 'stream'
                ? `GET /api/v1/stream HTTP/1.1\r\nHost: ${API.host}\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${auth}\r\n\r\n`
                : `GET /small.json HTTP/1.1\r\nHost: ${API.host}\r\n\r\n`,
            ),
          );
          sock.setEncoding('latin1');
          sock.on('data', (d) => {
            const t = now();
            const text = s.tail + d;
            if (!s.ready) {
              if (s.status === null && text.length >= 12) s.status = text.slice(0, 12);
              const okLine = s.status === null || s.status === 'HTTP/1.1 200';
              const done = kind === 'stream' ? text.includes('retry:') : text.includes('\r\n\r\n') && text.endsWith('\n');
              if (!okLine) {
                failed++;
                const k = s.status;
                errors[k] = (errors[k] || 0) + 1;
                sock.destroy();
                resolve();
                return;
              }
              if (done) {
                s.ready = true;
                connected++;
                resolve();
              }
            }
            if (s.ready && !s.got && base && text.includes('event: post_created')) {
              s.got = true;
              got++;
              times.push(msSince(base, t));
              if (got === want) report();
            }
            s.tail = text.slice(-64);
          });
          sock.on('error', (e) => {
            if (!s.ready) {
              failed++;
              errors[e.code || e.message] = (errors[e.code || e.message] || 0) + 1;
              resolve();
            }
          });
          sock.on('close', () => {
            if (!s.ready) resolve();
          });
        });
      await Promise.all(
        Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
          while (next < jobs.length) await one(jobs[next++]);
        }),
      );
      want = connected;
      process.send({ ev: 'opened', connected, failed, errors });
    } else if (m.cmd === 'watch') {
      base = BigInt(m.base);
    } else if (m.cmd === 'report') {
      report();
    } else if (m.cmd === 'exit') {
      for (const s of socks) s.sock.destroy();
      process.exit(0);
    }
  });
  process.send({ ev: 'up' });
} else {
  await coordinator();
}

// ---------------------------------------------------------------------------
async function coordinator() {
  const SERVER_PID = Number(env('SERVER_PID'));
  const N = Number(env('STREAMS'));
  const PER_READER = Number(env('PER_READER', '0'));
  const PASSWORD = env('PASSWORD', '-');
  const OPEN_PARALLEL = Number(env('OPEN_PARALLEL', '256'));
  const DEADLINE_S = Number(env('DEADLINE_S', '120'));
  const WORKERS = Number(env('WORKERS', String(Math.max(1, Math.ceil(N / 10000)))));
  const started = now();
  const log = (msg) => process.stderr.write(`stream-fanout: [${(msSince(started) / 1000).toFixed(1)} s] ${msg}\n`);
  const deadline = setTimeout(() => {
    log(`deadline of ${DEADLINE_S} s reached; giving up`);
    process.exit(3);
  }, DEADLINE_S * 1000);
  deadline.unref();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  const agent = new http.Agent({ keepAlive: false });
  const request = (method, path, { headers = {}, body } = {}) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: API.hostname,
          port: API.port,
          method,
          path,
          agent,
          headers: { ...headers, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) },
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
            resolve({ status: res.statusCode, headers: res.headers, json, text, at: now() });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  const must = (res, ok, what) => {
    if (!ok.includes(res.status)) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res.json;
  };
  const status = () => readFileSync(`/proc/${SERVER_PID}/status`, 'utf8');
  const rssKiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(status())[1]);
  const fds = () => readdirSync(`/proc/${SERVER_PID}/fd`).length;

  // The workers.
  const self = fileURLToPath(import.meta.url);
  const workers = [];
  for (let w = 0; w < WORKERS; w++) {
    const child = fork(self, [], { env: { ...process.env, MODE: 'worker' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const box = { child, queue: [], waiters: [] };
    child.on('message', (m) => {
      const i = box.waiters.findIndex((x) => x.ev === m.ev);
      if (i >= 0) box.waiters.splice(i, 1)[0].resolve(m);
      else box.queue.push(m);
    });
    box.next = (ev) =>
      new Promise((resolve) => {
        const i = box.queue.findIndex((x) => x.ev === ev);
        if (i >= 0) resolve(box.queue.splice(i, 1)[0]);
        else box.waiters.push({ ev, resolve });
      });
    workers.push(box);
  }
  await Promise.all(workers.map((w) => w.next('up')));
  const endAll = () => {
    for (const w of workers) w.child.send({ cmd: 'exit' });
  };

  // Shares: worker w opens streams [lo, hi) of 0..N-1; stream i is reader
  // floor(i / PER_READER)'s.
  const share = (w) => [Math.floor((N * w) / WORKERS), Math.floor((N * (w + 1)) / WORKERS)];

  // ---- the yardstick: N idle keep-alive connections to nginx --------------
  if (MODE === 'idle-keepalive') {
    const rssBefore = rssKiB();
    const t0 = now();
    for (const [w, box] of workers.entries()) {
      const [lo, hi] = share(w);
      box.child.send({ cmd: 'open', kind: 'keepalive', parallel: OPEN_PARALLEL, plan: [['-', hi - lo]] });
    }
    const opened = await Promise.all(workers.map((w) => w.next('opened')));
    const ok = opened.reduce((a, x) => a + x.connected, 0);
    const bad = opened.reduce((a, x) => a + x.failed, 0);
    const openS = msSince(t0) / 1000;
    await sleep(1000);
    const rssAfter = rssKiB();
    const per = ((rssAfter - rssBefore) * 1024) / Math.max(1, ok);
    console.log('');
    console.log(`yardstick: nginx (1 worker), ${ok} idle keep-alive connections (${bad} failed), opened in ${openS.toFixed(2)} s`);
    console.log('');
    console.log('| measure | value |');
    console.log('| --- | ---: |');
    console.log(`| nginx worker RSS before / after | ${rssBefore.toLocaleString('en-US')} / ${rssAfter.toLocaleString('en-US')} KiB |`);
    console.log(`| nginx memory per idle connection | ${Math.round(per).toLocaleString('en-US')} B (${(per / 1024).toFixed(2)} KiB) |`);
    console.log('');
    console.log(`NGINX ${JSON.stringify({ connections: ok, failed: bad, rss_before_kib: rssBefore, rss_after_kib: rssAfter, bytes_per_idle_connection: Math.round(per) })}`);
    endAll();
    process.exit(bad ? 4 : 0);
  }

  // ---- set up: tokens, an open group everyone is in -------------------------
  const POSTER = env('POSTER');
  const READERS = env('READERS').split(',').filter(Boolean);
  const tokenFor = async (login) => {
    const s = await request('POST', '/api/v1/session', { body: { login, password: PASSWORD } });
    const session = must(s, [200], `sign-in of ${login}`);
    const cookie = (s.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
    const t = await request('POST', '/api/v1/tokens', {
      headers: { Cookie: cookie, 'X-CSRF-Token': session.csrf_token },
      body: { name: 'stream-fanout bench' },
    });
    return must(t, [200, 201], `token for ${login}`).token;
  };
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
    must(await request('POST', `/api/v1/groups/${group.id}/members`, { headers: bearer(t), body: {} }), [200, 201], 'joining the group');
  }
  log(`open group ${group.id} with ${1 + READERS.length} members; ${WORKERS} client process(es)`);

  // ---- open the streams ------------------------------------------------------
  const rssBefore = rssKiB();
  const fdsBefore = fds();
  log(`server RSS before: ${rssBefore} KiB, ${fdsBefore} open files; opening ${N} streams`);
  const t0 = now();
  for (const [w, box] of workers.entries()) {
    const [lo, hi] = share(w);
    const plan = [];
    for (let i = lo; i < hi; ) {
      const r = Math.floor(i / PER_READER);
      const end = Math.min(hi, (r + 1) * PER_READER);
      plan.push([readerTokens[r], end - i]);
      i = end;
    }
    box.child.send({ cmd: 'open', kind: 'stream', parallel: OPEN_PARALLEL, plan });
  }
  const opened = await Promise.all(workers.map((w) => w.next('opened')));
  const connected = opened.reduce((a, x) => a + x.connected, 0);
  const failed = opened.reduce((a, x) => a + x.failed, 0);
  const openSecs = msSince(t0) / 1000;
  log(`${connected} streams connected, ${failed} failed, in ${openSecs.toFixed(2)} s`);
  if (failed) log(`failures: ${JSON.stringify(opened.map((x) => x.errors))}`);
  if (connected === 0) {
    endAll();
    process.exit(1);
  }
  await sleep(1000); // let the server settle
  const rssAfter = rssKiB();
  const fdsAfter = fds();
  const perStream = ((rssAfter - rssBefore) * 1024) / connected;
  log(`server RSS after: ${rssAfter} KiB, ${fdsAfter} open files; ${(perStream / 1024).toFixed(2)} KiB per idle stream`);

  // ---- one announcement ------------------------------------------------------
  const base = now();
  for (const w of workers) w.child.send({ cmd: 'watch', base: String(base) });
  await sleep(50); // the workers have the base before anything can arrive
  const postSent = now();
  const pr = await request('POST', `/api/v1/groups/${group.id}/posts`, {
    headers: bearer(posterToken),
    body: { body: 'District-wide announcement: schools close at noon on Friday.' },
  });
  const postId = must(pr, [200, 201], 'POST /api/v1/groups/{id}/posts').id;
  const postAnswer = msSince(postSent, pr.at);
  log(`posted ${postId}: answered in ${postAnswer.toFixed(1)} ms; waiting for delivery`);
  const left = Math.max(2000, DEADLINE_S * 1000 - msSince(started) - 5000);
  const timer = setTimeout(() => {
    log('time ran out: asking the workers for what they have');
    for (const w of workers) w.child.send({ cmd: 'report' });
  }, left);
  const reports = await Promise.all(workers.map((w) => w.next('delivered')));
  clearTimeout(timer);
  const sentAt = msSince(base, postSent);
  const fromSent = reports.flatMap((r) => r.times).map((t) => t - sentAt);
  fromSent.sort((a, b) => a - b);
  const pct = (arr, p) => (arr.length ? arr[Math.min(arr.length - 1, Math.ceil((p / 100) * arr.length) - 1)] : NaN);
  const last = fromSent.length ? fromSent[fromSent.length - 1] : NaN;
  const result = {
    streams_requested: N,
    streams_connected: connected,
    streams_failed: failed,
    client_processes: WORKERS,
    open_seconds: +openSecs.toFixed(2),
    rss_before_kib: rssBefore,
    rss_after_kib: rssAfter,
    server_fds_after: fdsAfter,
    bytes_per_idle_stream: Math.round(perStream),
    post_answer_ms: +postAnswer.toFixed(1),
    delivered: fromSent.length,
    first_after_post_sent_ms: +fromSent[0]?.toFixed(1),
    p50_after_post_sent_ms: +pct(fromSent, 50).toFixed(1),
    p99_after_post_sent_ms: +pct(fromSent, 99).toFixed(1),
    last_after_post_sent_ms: +last.toFixed(1),
    last_after_post_answer_ms: +(last - postAnswer).toFixed(1),
    delivered_before_post_answer: fromSent.filter((t) => t <= postAnswer).length,
  };
  const f = (x) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
  console.log('');
  console.log(`${connected} streams (${READERS.length} reader(s), ${PER_READER} streams each at most; ${WORKERS} client processes), loopback`);
  console.log('');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| streams open (asked ${f(N)}, failed ${f(failed)}) | ${f(connected)} |`);
  console.log(`| time to open them all | ${openSecs.toFixed(2)} s |`);
  console.log(`| server RSS before / after | ${f(rssBefore)} / ${f(rssAfter)} KiB |`);
  console.log(`| server open files before / after | ${f(fdsBefore)} / ${f(fdsAfter)} |`);
  console.log(`| server memory per idle stream | ${f(Math.round(perStream))} B (${(perStream / 1024).toFixed(2)} KiB) |`);
  console.log(`| POST answered after | ${result.post_answer_ms} ms |`);
  console.log(`| streams that had the post | ${f(fromSent.length)} (${result.delivered_before_post_answer} before the POST answered) |`);
  console.log(`| per-stream delivery after POST sent: first / p50 / p99 | ${result.first_after_post_sent_ms} / ${result.p50_after_post_sent_ms} / ${result.p99_after_post_sent_ms} ms |`);
  console.log(`| last stream has it, after POST sent | ${result.last_after_post_sent_ms} ms |`);
  console.log(`| last stream has it, after POST answered | ${result.last_after_post_answer_ms} ms |`);
  console.log('');
  console.log(`RESULT ${JSON.stringify(result)}`);
  endAll();
  process.exit(fromSent.length === connected ? 0 : 4);
}
