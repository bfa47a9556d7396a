// Images over real HTTP: upload (the body is the image itself), download
// of the cleaned image and its thumbnail, and the proof that GPS and every
// other metadata block (EXIF, XMP, IPTC, ICC, comments, PNG text, WebP
// chunks) is gone from what is stored and served, checked with exiftool
// and byte by byte. The type comes from the content, never from the
// client's Content-Type; refusals answer their codes and store nothing; an
// image in no post is its uploader's alone. The fixtures are made by
// tests/fixtures/images/make.sh; each of their metadata texts says LEAK.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { Client, anon, assertProblem } from './lib/client.mjs';

const V1 = '/api/v1';
const PW = 'correct horse battery staple';
const GHOST = 987654321;
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/images');
const fixture = (name) => readFileSync(path.join(fixtures, name));
const JPG = fixture('exif.jpg');
const PNG = fixture('meta.png');
const WEBP = fixture('meta.webp');
const BOMB = fixture('bomb.png');

let srv;
let ann; // cookie session
let annToken; // ann again, with a bearer token
let ben;

before(async () => {
  srv = await startServer({
    users: ['ann', 'ben'].map((login) => ({ login, name: login, password: PW })),
  });
  ann = new Client(srv.url);
  await ann.login('ann', PW);
  annToken = new Client(srv.url);
  await annToken.loginToken('ann', PW);
  ben = new Client(srv.url);
  await ben.login('ben', PW);
});

after(async () => {
  await srv?.stop();
});

function ok(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
}

const upload = (client, bytes, contentType = 'application/octet-stream', opts = {}) =>
  client.post(`${V1}/images`, bytes, { ...opts, headers: { 'content-type': contentType, ...opts.headers } });

/** GET (or HEAD) as client, keeping the body as bytes. */
async function download(client, p, { method = 'GET', headers = {} } = {}) {
  const h = { ...headers };
  if (client.token) h.authorization = `Bearer ${client.token}`;
  if (client.cookies.size) h.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(srv.url + p, { method, headers: h, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** exiftool's reading of bytes: every tag, grouped, as one JSON object. */
function exif(bytes) {
  const out = execFileSync('/usr/bin/exiftool', ['-j', '-a', '-G1', '-b', '-'], { input: bytes, encoding: 'utf8' });
  return JSON.parse(out)[0];
}

/** Asserts that exiftool finds nothing but the file's own structure. */
function assertNoMetadata(bytes, where) {
  const tags = exif(bytes);
  const text = JSON.stringify(tags);
  assert.doesNotMatch(text, /LEAK/, `${where}: a metadata text survived: ${text}`);
  const groups = new Set(Object.keys(tags).map((k) => k.split(':')[0]));
  for (const g of ['IFD0', 'ExifIFD', 'GPS', 'IFD1', 'XMP-x', 'XMP-dc', 'XMP-xmp', 'IPTC', 'Photoshop',
    'ICC_Profile', 'ICC-header', 'PNG-tEXt', 'PNG-iTXt', 'PNG-zTXt']) {
    assert.ok(!groups.has(g), `${where}: exiftool still finds ${g}: ${text}`);
  }
  for (const k of Object.keys(tags)) {
    assert.doesNotMatch(k, /GPS|Comment|Artist|Creator|Make|Model|By-line|City|Keywords|Profile|Orientation/,
      `${where}: exiftool still finds ${k}`);
  }
  const b = bytes.toString('latin1');
  for (const sig of ['Exif\0\0', 'http://ns.adobe.com/xap', 'Photoshop 3.0', '8BIM', 'ICC_PROFILE', 'tEXt',
    'iTXt', 'zTXt', 'eXIf', 'iCCP', 'EXIF', 'XMP ', 'ICCP', 'LEAK']) {
    assert.ok(!b.includes(sig), `${where}: the bytes still hold ${JSON.stringify(sig)}`);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A plain RGB PNG of width x height: a gradient, no metadata at all. */
function makePng(width, height) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((1 + width * 3) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set([x & 255, y & 255, 128], row + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The image files in the media folder (its tmp/ must be empty). */
function mediaFiles() {
  assert.deepEqual(readdirSync(path.join(srv.dataDir, 'media', 'tmp')), []);
  return readdirSync(path.join(srv.dataDir, 'media')).filter((f) => /^[0-9a-f]{32}\.[a-z]+$/.test(f));
}

function assertImageHeaders(res, mime) {
  assert.equal(res.headers.get('content-type'), mime);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-disposition') ?? '', /^inline\b/);
  assert.match(res.headers.get('cache-control') ?? '', /^private, max-age=\d+$/);
  assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]{64}(-t)?"$/);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
}

describe('uploading and serving', () => {
  test('the fixtures do carry GPS, EXIF, XMP, IPTC, ICC, comments and text chunks', () => {
    const j = exif(JPG);
    assert.ok(j['GPS:GPSLatitude'] && j['IPTC:City'] && j['XMP-dc:Creator'] && j['File:Comment'], JSON.stringify(j));
    assert.ok(j['ICC_Profile:ProfileDescription'] || j['ICC-header:ProfileVersion'], 'an ICC profile');
    assert.equal(j['IFD0:Orientation'], 'Rotate 90 CW');
    const p = exif(PNG);
    assert.ok(p['GPS:GPSLatitude'] && p['PNG:Comment'] && p['XMP-dc:Creator'], JSON.stringify(p));
    const w = exif(WEBP);
    assert.ok(w['GPS:GPSLatitude'] && w['XMP-dc:Creator'], JSON.stringify(w));
  });

  for (const [name, bytes, mime, size] of [
    ['a JPEG', JPG, 'image/jpeg', [40, 64]],
    ['a PNG', PNG, 'image/png', [48, 32]],
    ['a WebP', WEBP, 'image/webp', [40, 64]],
  ]) {
    test(`${name} is stored and served without any metadata, upright, with a thumbnail`, async () => {
      const res = await upload(ann, bytes);
      const img = ok(res, 201);
      assert.deepEqual(Object.keys(img).sort(), ['alt', 'bytes', 'height', 'id', 'mime', 'shows_students', 'thumbnail', 'url', 'width']);
      assert.equal(img.mime, mime);
      assert.deepEqual([img.width, img.height], size, 'EXIF orientation 6 is applied: width and height swap');
      assert.equal(img.url, `${V1}/images/${img.id}`);
      assert.equal(res.headers.get('location'), img.url);
      assert.deepEqual(img.thumbnail, { url: `${V1}/images/${img.id}/thumbnail`, width: size[0], height: size[1] });

      const full = await download(ann, img.url);
      assert.equal(full.status, 200);
      assertImageHeaders(full, mime);
      assert.equal(full.body.length, img.bytes);
      assertNoMetadata(full.body, `${name} as served`);
      const tags = exif(full.body);
      assert.equal(tags['File:ImageWidth'] ?? tags['PNG:ImageWidth'] ?? tags['RIFF:ImageWidth'], size[0]);

      const thumb = await download(ann, img.thumbnail.url);
      assert.equal(thumb.status, 200);
      assertImageHeaders(thumb, mime);
      assertNoMetadata(thumb.body, `${name}'s thumbnail`);
      assert.notEqual(thumb.headers.get('etag'), full.headers.get('etag'));

      // what is on disk is what is served: both files are clean
      const stored = mediaFiles();
      assert.ok(stored.length >= 2);
      for (const f of stored) assertNoMetadata(readFileSync(path.join(srv.dataDir, 'media', f)), `stored ${f}`);
    });
  }

  test('a bearer token uploads and reads without a CSRF token', async () => {
    const img = ok(await upload(annToken, WEBP, 'image/webp'), 201);
    const got = await download(annToken, img.url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/webp');
    // the same person with a session sees it too
    assert.equal((await download(ann, img.url)).status, 200);
  });

  test('a large image keeps its size; its thumbnail fits 480 pixels', async () => {
    const img = ok(await upload(ann, makePng(1200, 800), 'image/png'), 201);
    assert.deepEqual([img.width, img.height], [1200, 800]);
    assert.deepEqual([img.thumbnail.width, img.thumbnail.height], [480, 320]);
    const thumb = await download(ann, img.thumbnail.url);
    assert.equal(exif(thumb.body)['PNG:ImageWidth'], 480);
    assert.ok(thumb.body.length < img.bytes);
  });

  test('If-None-Match with the ETag answers 304; HEAD answers the headers alone', async () => {
    const img = ok(await upload(ann, PNG), 201);
    const first = await download(ann, img.url);
    const etag = first.headers.get('etag');
    const again = await download(ann, img.url, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.get('etag'), etag);
    const other = await download(ann, img.url, { headers: { 'if-none-match': '"nope"' } });
    assert.equal(other.status, 200);
    const head = await download(ann, img.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'image/png');
    assert.equal(Number(head.headers.get('content-length')), img.bytes);
  });
});

describe('the type comes from the content', () => {
  test('a PNG labelled image/jpeg is stored and served as image/png', async () => {
    const img = ok(await upload(ann, PNG, 'image/jpeg'), 201);
    assert.equal(img.mime, 'image/png');
    const got = await download(ann, img.url);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.equal(got.body.subarray(1, 4).toString('latin1'), 'PNG');
  });

  test('HTML, SVG, GIF and text are refused with 415 whatever they are labelled', async () => {
    const before = mediaFiles().length;
    const cases = [
      ['<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>', 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>', 'image/svg+xml'],
      [Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), 'image/gif'],
      ['just some words', 'image/jpeg'],
    ];
    for (const [body, type] of cases) {
      const p = assertProblem(await upload(ann, body, type), 415, 'unsupported_image');
      assert.match(p.detail, /JPEG, PNG or WebP/);
    }
    assert.equal(mediaFiles().length, before, 'nothing was stored');
  });
});

describe('refusals', () => {
  test('damaged, empty and pixel-bomb images answer 422 and store nothing', async () => {
    const before = mediaFiles().length;
    assertProblem(await upload(ann, JPG.subarray(0, JPG.length - 200), 'image/jpeg'), 422, 'invalid_image');
    assertProblem(await upload(ann, PNG.subarray(0, PNG.length - 30), 'image/png'), 422, 'invalid_image');
    assertProblem(await upload(ann, Buffer.alloc(0), 'image/png'), 422, 'invalid_image');
    const bomb = assertProblem(await upload(ann, BOMB, 'image/png'), 422, 'image_dimensions');
    assert.match(bomb.detail, /40 megapixels/);
    assert.equal(mediaFiles().length, before);
  });

  test('an image over image_max_bytes answers 413 image_too_large; JSON routes keep their own bound', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const p = assertProblem(await upload(ann, big, 'image/jpeg'), 413, 'image_too_large');
    assert.match(p.detail, /10 MiB/);
    // 2 MiB is past max_body (1 MiB): an image route takes it (and sniffs it) ...
    const mid = Buffer.alloc(2 * 1024 * 1024, 0x41);
    assertProblem(await upload(ann, mid, 'image/jpeg'), 415, 'unsupported_image');
    // ... a JSON route does not
    const json = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), purpose: 'p', privacy: 'open' });
    assertProblem(await ann.post(`${V1}/groups`, json, { headers: { 'content-type': 'application/json' } }), 413,
      'body_too_large');
  });

  test('without credentials every image route answers 401, even for a large body', async () => {
    const img = ok(await upload(ann, PNG), 201);
    assertProblem(await upload(anon(srv.url), PNG), 401, 'unauthenticated');
    assertProblem(await upload(anon(srv.url), Buffer.alloc(11 * 1024 * 1024)), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).get(img.url), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).get(img.thumbnail.url), 401, 'unauthenticated');
    assertProblem(await anon(srv.url).delete(img.url), 401, 'unauthenticated');
  });

  test('a cookie-authenticated upload or delete needs the CSRF token', async () => {
    const before = mediaFiles().length;
    assertProblem(await upload(ann, PNG, 'image/png', { noCsrf: true }), 403, 'csrf_failed');
    assert.equal(mediaFiles().length, before);
    const img = ok(await upload(ann, PNG), 201);
    assertProblem(await ann.delete(img.url, undefined, { noCsrf: true }), 403, 'csrf_failed');
    assert.equal((await download(ann, img.url)).status, 200);
  });
});

describe('who may see an image', () => {
  test('an image in no post is its uploader\'s alone: to anyone else it does not exist', async () => {
    const img = ok(await upload(ann, JPG), 201);
    for (const p of [img.url, img.thumbnail.url]) {
      const theirs = await ben.get(p);
      const ghost = await ben.get(p.replace(`/${img.id}`, `/${GHOST}`));
      assertProblem(theirs, 404, 'not_found');
      assertProblem(ghost, 404, 'not_found');
      const shape = (r) => ({ ...r.json, request_id: undefined });
      assert.deepEqual(shape(theirs), shape(ghost), 'the refusal is the same as for an image that does not exist');
    }
    assertProblem(await ben.delete(img.url), 404, 'not_found');
    assert.equal((await download(ann, img.url)).status, 200, 'still there for its uploader');
  });

  test('its uploader deletes it: it is gone, files and all', async () => {
    const img = ok(await upload(ann, WEBP), 201);
    const files = mediaFiles().length;
    ok(await ann.delete(img.url), 204);
    assert.equal(mediaFiles().length, files - 2, 'the image and its thumbnail are removed at once');
    assertProblem(await ann.get(img.url), 404, 'not_found');
    assertProblem(await ann.get(img.thumbnail.url), 404, 'not_found');
    assertProblem(await ann.delete(img.url), 404, 'not_found');
  });
});

describe('uploads per minute', () => {
  let small;
  before(async () => {
    small = await startServer({
      users: [{ login: 'uma', name: 'uma', password: PW }, { login: 'vic', name: 'vic', password: PW }],
      env: { STAFFROOM_IMAGE_UPLOADS_PER_MINUTE: '3' },
    });
  });
  after(async () => {
    await small?.stop();
  });

  test('past the limit an upload answers 429 too_many_uploads with Retry-After; others go on', async () => {
    const uma = new Client(small.url);
    await uma.login('uma', PW);
    // A minute may turn while this runs: then up to twice the limit pass.
    let passed = 0;
    let refused = null;
    for (let i = 0; i < 7 && !refused; i++) {
      const res = await upload(uma, PNG, 'image/png');
      if (res.status === 201) passed++;
      else refused = res;
    }
    assert.ok(refused, 'an upload was refused');
    assert.ok(passed >= 3 && passed <= 6, `${passed} uploads passed before the refusal`);
    assertProblem(refused, 429, 'too_many_uploads');
    const ra = Number(refused.headers.get('retry-after'));
    assert.ok(ra >= 1 && ra <= 60, `Retry-After ${ra}`);
    const vic = new Client(small.url);
    await vic.login('vic', PW);
    ok(await upload(vic, PNG, 'image/png'), 201);
  });
});
