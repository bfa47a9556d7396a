// A real SMTP server for e-mail tests: Debian's python3-aiosmtpd with its
// Mailbox handler, which stores every message it accepts in a Maildir
// (adding X-MailFrom and X-RcptTo with the envelope). The test reads the
// Maildir and parses each message here: headers (RFC 2047 words decoded)
// and the text/plain and text/html parts of a multipart/alternative body
// (quoted-printable or base64 decoded), so that assertions are on what a
// mail program would show.
//
//   const smtp = await startSmtp();            // or startSmtp({ port })
//   ... STAFFROOM_SMTP_URL = smtp.url ...
//   const [m] = await smtp.waitFor((m) => m.rcptTo.includes('ben@x.org'));
//   await smtp.stop();

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server.mjs';

const PYTHON = '/usr/bin/python3';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const live = new Set();
process.on('exit', () => {
  for (const c of live) {
    try { c.kill('SIGKILL'); } catch { /* gone */ }
  }
});

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/** Starts aiosmtpd on 127.0.0.1:port (a free one by default). */
export async function startSmtp({ port } = {}) {
  port ??= await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'staffroom-smtp-'));
  const maildir = path.join(dir, 'maildir'); // Mailbox creates it with tmp/ new/ cur/
  const proc = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(proc);
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => { live.delete(proc); r({ code, signal }); }));
  let gone = false;
  exited.then(() => { gone = true; });
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (gone) throw new Error(`aiosmtpd exited before listening:\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`aiosmtpd did not listen on ${port}:\n${stderr}`);
    await sleep(50);
  }
  const smtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    maildir,
    get stderr() { return stderr; },
    messages: () => readMaildir(maildir),
    async waitFor(pred = () => true, { count = 1, timeout = 10_000 } = {}) {
      const until = Date.now() + timeout;
      for (;;) {
        const got = (await readMaildir(maildir)).filter(pred);
        if (got.length >= count) return got;
        if (Date.now() > until) {
          const all = await readMaildir(maildir);
          throw new Error(`waited ${timeout} ms for ${count} matching message(s); have ${all.length}: ` +
            JSON.stringify(all.map((m) => ({ to: m.rcptTo, subject: m.headers.subject }))));
        }
        await sleep(50);
      }
    },
    async stop() {
      if (!gone) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return smtp;
}

async function readMaildir(maildir) {
  let names = [];
  try {
    names = (await readdir(path.join(maildir, 'new'))).sort();
  } catch { return []; }
  const out = [];
  for (const n of names) {
    out.push(parseMessage(await readFile(path.join(maildir, 'new', n), 'utf8'), n));
  }
  // Maildir names start with the delivery time: oldest first.
  return out;
}

/** RFC 2047 encoded words (B and Q) to text. */
export function decodeWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, cs, enc, data) => {
    const bytes = /b/i.test(enc)
      ? Buffer.from(data, 'base64')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return new TextDecoder(cs.toLowerCase()).decode(bytes);
  });
}

function splitHead(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const at = text.indexOf('\n\n');
  const head = at < 0 ? text : text.slice(0, at);
  const body = at < 0 ? '' : text.slice(at + 2);
  const headers = {};
  const rawHeaders = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    rawHeaders[k] = rawHeaders[k] ? `${rawHeaders[k]}, ${v}` : v;
    headers[k] = decodeWords(rawHeaders[k]);
  }
  return { headers, rawHeaders, body };
}

function decodeBody(body, cte = '') {
  if (/quoted-printable/i.test(cte)) {
    const bin = body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bin, 'latin1').toString('utf8');
  }
  if (/base64/i.test(cte)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** A message as { file, raw, headers, rawHeaders, mailFrom, rcptTo[], contentType, text, html }. */
export function parseMessage(raw, file = '') {
  const { headers, rawHeaders, body } = splitHead(raw);
  const msg = {
    file, raw, headers, rawHeaders,
    mailFrom: headers['x-mailfrom'] ?? '',
    rcptTo: (headers['x-rcptto'] ?? '').split(',').map((x) => x.trim()).filter(Boolean),
    contentType: headers['content-type'] ?? '',
    text: null,
    html: null,
    parts: [],
  };
  const b = /boundary="?([^";]+)"?/i.exec(msg.contentType);
  if (!b) {
    msg.text = decodeBody(body, headers['content-transfer-encoding']);
    return msg;
  }
  const sep = `--${b[1]}`;
  for (const chunk of body.split(sep).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = splitHead(chunk.replace(/^\n/, ''));
    const type = part.headers['content-type'] ?? 'text/plain';
    const content = decodeBody(part.body.replace(/\n$/, ''), part.headers['content-transfer-encoding']);
    msg.parts.push({ type, content });
    if (/^text\/plain/i.test(type) && msg.text === null) msg.text = content;
    if (/^text\/html/i.test(type) && msg.html === null) msg.html = content;
  }
  return msg;
}
