// Starts a real `staffroom serve` process for black-box API tests.
//
// Each server gets its own temporary directory holding the database and the
// data dir, a fresh random loopback port, and its stderr captured line by
// line so that tests can assert on the JSON log. The binary is ./staffroom at
// the repository root unless STAFFROOM_BIN names another one. Set KEEP_TMP=1
// to keep the temporary directory after stop() for a post-mortem, and
// STAFFROOM_TEST_VERBOSE=1 to echo the server's output while tests run.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, access } from 'node:fs/promises';
import { constants as fsConstants, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const BIN = process.env.STAFFROOM_BIN
  ? path.resolve(process.env.STAFFROOM_BIN)
  : path.join(repoRoot, 'staffroom');

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const CLI_TIMEOUT_MS = 120_000;
const verbose = !!process.env.STAFFROOM_TEST_VERBOSE;

// Children still alive when the test process exits (a crashed or cancelled
// test) are killed so that no server outlives its test run.
// Servers are unref'd, so a test that forgets stop() still lets its process
// end; a signal that ends the test process ends its servers too.
const live = new Set();
const liveDirs = new Set(); // temp dirs of servers not yet stopped
function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
  if (!process.env.KEEP_TMP) {
    for (const d of liveDirs) {
      try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  }
  liveDirs.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAll();
    process.kill(process.pid, sig); // the default action, now that our listener is gone
  });
}

async function checkBinary() {
  try {
    await access(BIN, fsConstants.X_OK);
  } catch {
    throw new Error(`staffroom binary not found or not executable at ${BIN}; ` +
      'build it with `make` or set STAFFROOM_BIN');
  }
}

/**
 * Runs the staffroom CLI once.
 * args: array of arguments after the binary name.
 * input: written to standard input, which is then closed (omit for none).
 * env: extra environment variables. timeout: ms before SIGKILL.
 * Resolves to { code, signal, stdout, stderr }; never rejects on a non-zero exit.
 */
export async function run(args, { input, env = {}, timeout = CLI_TIMEOUT_MS, cwd } = {}) {
  await checkBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, {
      cwd: cwd ?? repoRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout);
    child.on('error', (err) => { clearTimeout(timer); live.delete(child); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (timedOut) stderr += `\n[test harness: killed after ${timeout} ms]`;
      resolve({ code, signal, stdout, stderr });
    });
    // A child that exits without reading stdin must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    if (input !== undefined && input !== null) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function runOrThrow(args, opts) {
  const res = await run(args, opts);
  if (res.code !== 0) {
    throw new Error(`staffroom ${args.join(' ')} exited with ${res.code ?? res.signal}\n` +
      `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
  return res;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes a fresh district and serves it.
 * users: [{ login, name, password, role, title, comms, monitor, email }] added with
 *   `user add` (comms: true gives the district communications role, monitor:
 *   true the monitor role).
 * demo: fill the database with `staffroom demo` first.
 * env: extra environment for every CLI run and for the server.
 * Returns { url, port, dbPath, dir, dataDir, logs, stdout, init, demoOutput,
 *           jsonLogs(), waitForLog(pred, ms), stop(), restart(), crash(), hup() }.
 */
export async function startServer({ users = [], demo = false, env = {}, args = [] } = {}) {
  await checkBinary();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'staffroom-test-'));
  liveDirs.add(dir);
  const dbPath = path.join(dir, 'staffroom.db');
  const dataDir = path.join(dir, 'data');
  const logs = [];     // stderr lines of every serve run, in order
  const stdout = [];   // stdout lines, kept apart from the log
  const exits = [];    // { code, signal } of each serve process that ended
  let child = null;
  let port = 0;
  let stopped = false;
  const server = {
    url: '', port: 0, dbPath, dir, dataDir, logs, stdout, exits,
    init: null, demoOutput: null,
    jsonLogs, waitForLog, stop, restart, crash, hup,
  };

  try {
    await mkdir(dataDir, { recursive: true });
    // The demo builds its own district (organisation tree included) into an
    // empty database; init would give it a district office it cannot reuse.
    if (demo) server.demoOutput = await runOrThrow(['demo', '--db', dbPath], { env });
    else server.init = await runOrThrow(['init', '--db', dbPath], { env });
    for (const u of users) {
      if (!u.login || u.password === undefined) throw new Error('a user needs login and password');
      const a = ['user', 'add', '--db', dbPath, '--login', u.login, '--name', u.name ?? u.login];
      if (u.role) a.push('--role', u.role);
      if (u.title) a.push('--title', u.title);
      if (u.email) a.push('--email', u.email);
      await runOrThrow(a, { env, input: `${u.password}\n` });
      if (u.comms) await runOrThrow(['user', 'comms', '--db', dbPath, '--login', u.login, '--set', 'on'], { env });
      if (u.monitor) await runOrThrow(['user', 'monitor', '--db', dbPath, '--login', u.login, '--set', 'on'], { env });
    }
    port = await freePort();
    server.port = port;
    server.url = `http://127.0.0.1:${port}`;
    await spawnAndWait();
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return server;

  function jsonLogs() {
    const out = [];
    for (const line of logs) {
      try { out.push(JSON.parse(line)); } catch { /* not a JSON line */ }
    }
    return out;
  }

  // Resolves with the first stderr line (parsed when JSON) that pred accepts.
  async function waitForLog(pred, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      for (; seen < logs.length; seen++) {
        let v = logs[seen];
        try { v = JSON.parse(v); } catch { /* keep the raw line */ }
        if (pred(v, logs[seen])) return v;
      }
      if (Date.now() > deadline) throw new Error(`no matching log line in ${timeoutMs} ms; log:\n${logs.join('\n')}`);
      await sleep(25);
    }
  }

  function spawnAndWait() {
    const serveArgs = ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`,
      '--data-dir', dataDir, ...args];
    const proc = spawn(BIN, serveArgs, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    live.add(proc);
    proc.unref();
    proc.stdout.unref?.();
    proc.stderr.unref?.();
    const exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        exits.push({ code, signal });
        resolve({ code, signal });
      });
    });
    proc.exited = exited;
    lineReader(proc.stderr, logs, 'stderr');
    lineReader(proc.stdout, stdout, 'stdout');
    const startAt = logs.length;
    return new Promise((resolve, reject) => {
      let done = false;
      let spawnErr = null;
      proc.on('error', (e) => { spawnErr = e; });
      const fail = (why) => {
        if (done) return;
        done = true;
        reject(new Error(`staffroom serve ${why}\ncommand: ${BIN} ${serveArgs.join(' ')}\n` +
          `stderr:\n${logs.slice(startAt).join('\n')}`));
      };
      exited.then(({ code, signal }) => fail(`exited before it was ready (${code ?? signal})`));
      const deadline = Date.now() + READY_TIMEOUT_MS;
      (async () => {
        while (!done) {
          if (spawnErr) return fail(`could not start: ${spawnErr.message}`);
          try {
            const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
            await res.arrayBuffer();
            if (res.status === 200) { done = true; return resolve(); }
          } catch { /* not listening yet */ }
          if (Date.now() > deadline) {
            proc.kill('SIGKILL');
            return fail(`did not answer 200 on /healthz within ${READY_TIMEOUT_MS} ms`);
          }
          await sleep(50);
        }
      })();
    });
  }

  // Ends the current serve process: SIGTERM, then SIGKILL after the grace time.
  async function halt() {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      return proc ? proc.exited : null;
    }
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    const res = await proc.exited;
    clearTimeout(timer);
    return res;
  }

  /** Stops the server and removes its directory (unless KEEP_TMP). Returns { code, signal }. */
  async function stop() {
    if (stopped) return exits.at(-1) ?? null;
    stopped = true;
    const res = await halt();
    liveDirs.delete(dir);
    if (process.env.KEEP_TMP) {
      process.stderr.write(`[staffroom test] kept ${dir}\n`);
    } else {
      await rm(dir, { recursive: true, force: true });
    }
    return res;
  }

  /** Sends SIGHUP to the serve process (rebuilds the privacy guard). */
  function hup() {
    child?.kill('SIGHUP');
  }

  /** Kills the serve process with SIGKILL (a crash: nothing is flushed or
   *  finished); restart() then serves the same database again. */
  async function crash() {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc ? proc.exited : null;
    proc.kill('SIGKILL');
    const keepAlive = setTimeout(() => {}, STOP_GRACE_MS); // the child is unref'd
    const res = await proc.exited;
    clearTimeout(keepAlive);
    return res;
  }

  /** Stops the server gracefully and serves the same database on the same port again. */
  async function restart() {
    if (stopped) throw new Error('restart() after stop()');
    await halt();
    // The port was just ours; wait a little if the kernel still holds it.
    for (let i = 0; ; i++) {
      try {
        await spawnAndWait();
        return server;
      } catch (err) {
        if (i >= 3 || !/exited before/.test(err.message)) throw err;
        await sleep(200);
      }
    }
  }
}

function lineReader(stream, sink, name) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      sink.push(line);
      if (verbose) process.stderr.write(`[serve ${name}] ${line}\n`);
    }
  });
  stream.on('end', () => {
    if (buf) { sink.push(buf); if (verbose) process.stderr.write(`[serve ${name}] ${buf}\n`); }
    buf = '';
  });
}
