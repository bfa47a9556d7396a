// What the web client needs from the server: the built files served at /
// with caching headers and a strict Content-Security-Policy, index.html for
// the client's own pages, the session with its CSRF token after a reload,
// and a preview that renders a draft exactly as publishing would.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';

const USER = { login: 'web.teacher', name: 'Web Teacher', password: 'a good long password' };
const INDEX = '<!doctype html><html lang="en"><title>staffroom</title><script type="module" src="/assets/app-1a2b.js"></script></html>';
const JS = 'console.log("staffroom");\n'.repeat(20);

let srv, webDir, c;

before(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'staffroom-web-'));
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), INDEX);
  await writeFile(join(webDir, 'assets', 'app-1a2b.js'), JS);
  await writeFile(join(webDir, 'assets', 'app-1a2b.js.gz'), gzipSync(JS));
  await writeFile(join(webDir, 'manifest.webmanifest'), '{"name":"staffroom"}');
  await writeFile(join(webDir, '.secret'), 'hidden');
  srv = await startServer({ users: [USER], args: ['--web-dir', webDir] });
  c = new Client(srv.url);
  await c.login(USER.login, USER.password);
});

after(async () => {
  await srv?.stop();
  await rm(webDir, { recursive: true, force: true });
});

const get = (path, headers = {}) => fetch(srv.url + path, { headers, redirect: 'manual' });

test('/ serves index.html with a CSP that allows no inline script and is revalidated', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(await r.text(), INDEX);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.ok(r.headers.get('etag'), 'an ETag to revalidate with');
});

test('a repeated request with the ETag answers 304 without a body', async () => {
  const first = await get('/');
  const again = await get('/', { 'If-None-Match': first.headers.get('etag') });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('the client\'s own pages, dotted logins included, answer index.html', async () => {
  for (const path of ['/groups/12', '/people/maria.lopez', '/posts/7', '/login', '/people/jo.js',
    '/people/ann.png']) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(await r.text(), INDEX, path);
  }
});

test('hashed assets are cached for a year, and sent gzipped when the client accepts it', async () => {
  const plain = await fetch(srv.url + '/assets/app-1a2b.js', { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.status, 200);
  assert.match(plain.headers.get('content-type'), /^text\/javascript/);
  assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await plain.text(), JS);
  const gz = await fetch(srv.url + '/assets/app-1a2b.js', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.equal(await gz.text(), JS, 'fetch decodes the gzipped twin to the same file');
});

// fetch() would normalise "..", so these go out byte for byte.
function rawGet(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], text }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('missing files, hidden files and escapes from the folder are 404 problems', async () => {
  for (const path of ['/assets/nope.js', '/.secret', '/assets/../index.html', '/%2e%2e/etc/passwd.txt',
    '/assets/..%2findex.html', '/assets//app-1a2b.js']) {
    const r = await rawGet(path);
    assert.equal(r.status, 404, path);
    assert.match(r.type, /problem\+json/, path);
    assert.equal(JSON.parse(r.text).code, 'not_found', path);
    assert.doesNotMatch(r.text, /hidden|doctype/i, path);
  }
});

test('unknown /api paths stay API 404s, never the client page', async () => {
  const r = await get('/api/v1/does-not-exist');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /problem\+json/);
});

test('GET /api/v1/session gives the person and the CSRF token of their cookie session', async () => {
  const r = await c.get('/api/v1/session');
  assert.equal(r.status, 200);
  assert.equal(r.json.user.login, USER.login);
  assert.equal(r.json.csrf_token, c.csrf, 'the same token the sign-in gave');
  assertProblem(await anon(srv.url).get('/api/v1/session'), 401, 'unauthenticated');
});

test('POST /api/v1/preview renders like publishing and stores nothing', async () => {
  const body = 'Hello **team**, see @web.teacher <script>alert(1)</script> [x](javascript:alert(1))';
  const r = await c.post('/api/v1/preview', { body });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.body_html, /<strong>team<\/strong>/);
  assert.doesNotMatch(r.json.body_html, /<script|javascript:/);
  assert.deepEqual(r.json.mentions, ['web.teacher']);
  assertProblem(await c.post('/api/v1/preview', { body: '   ' }), 422, 'required');
  assertProblem(await c.post('/api/v1/preview', { body: 'x'.repeat(32 * 1024 + 1) }), 422, 'too_long');
  assertProblem(await c.post('/api/v1/preview', { text: 'x' }), 400, 'unknown_field');
  const feed = await c.get('/api/v1/feed');
  assert.equal(feed.json.items.length, 0, 'a preview is never published');
});
