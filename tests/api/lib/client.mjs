// A small HTTP client for black-box API tests, on Node's built-in fetch.
//
// A Client keeps what a browser or an integration would: the cookies the
// server set (the session cookie is `staffroom_session`), the CSRF token the
// login returned, or a Bearer token. Every request answers
// { status, headers, json, text } and never throws on an HTTP error status,
// so tests assert on exactly what came back.

import assert from 'node:assert/strict';

export const SESSION_COOKIE = 'staffroom_session';

export class Client {
  constructor(baseUrl) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.cookies = new Map(); // name -> value
    this.csrf = null;
    this.token = null;
    this.user = null;
  }

  /** True when requests carry a session cookie. */
  get hasSession() {
    return this.cookies.has(SESSION_COOKIE);
  }

  /**
   * Signs in with a password: stores the session cookie and the CSRF token.
   * Returns the response JSON ({ user, csrf_token }); throws unless 200.
   */
  async login(login, password) {
    const res = await this.req('POST', '/api/v1/session', { login, password });
    if (res.status !== 200) {
      throw new Error(`login as ${login} answered ${res.status}: ${res.text}`);
    }
    if (!this.hasSession) {
      throw new Error(`login as ${login} set no ${SESSION_COOKIE} cookie; ` +
        `Set-Cookie: ${JSON.stringify(res.headers.getSetCookie?.() ?? [])}`);
    }
    this.csrf = res.json?.csrf_token ?? null;
    this.user = res.json?.user ?? null;
    return res.json;
  }

  /**
   * Signs in, creates an API token with POST /api/v1/tokens, then forgets the
   * session (cookie and CSRF token) so that every later request is
   * authenticated by `Authorization: Bearer` alone. Returns the token JSON.
   */
  async loginToken(login, password, tokenBody = { name: 'api-tests' }) {
    await this.login(login, password);
    const res = await this.req('POST', '/api/v1/tokens', tokenBody);
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`POST /api/v1/tokens answered ${res.status}: ${res.text}`);
    }
    if (!res.json || typeof res.json.token !== 'string' || !res.json.token) {
      throw new Error(`POST /api/v1/tokens gave no token: ${res.text}`);
    }
    this.cookies.clear();
    this.csrf = null;
    this.token = res.json.token;
    return res.json;
  }

  /** Logs out with DELETE /api/v1/session and forgets the session locally too. */
  async logout() {
    const res = await this.req('DELETE', '/api/v1/session');
    this.cookies.delete(SESSION_COOKIE);
    this.csrf = null;
    return res;
  }

  /**
   * One request.
   * body: an object or array is sent as JSON; a string, Buffer or Uint8Array
   *   is sent as it is (set Content-Type yourself with headers, or use raw).
   * opts.headers: extra headers; a header set to null is not sent at all
   *   (e.g. { 'X-CSRF-Token': null }).
   * opts.raw: send body as it is even when it is an object (e.g. FormData).
   * opts.noCsrf: do not add the X-CSRF-Token header.
   * opts.noAuth: send neither cookies nor the Bearer token.
   * Returns { status, headers, json, text }; json is null unless the body parses.
   */
  async req(method, path, body, { headers = {}, raw = false, noCsrf = false, noAuth = false, signal } = {}) {
    method = method.toUpperCase();
    const h = {};
    let payload;
    if (body !== undefined && body !== null) {
      const isBytes = typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
      if (raw || isBytes) {
        payload = body;
      } else {
        payload = JSON.stringify(body);
        h['content-type'] = 'application/json';
      }
    }
    if (!noAuth) {
      if (this.token) h.authorization = `Bearer ${this.token}`;
      if (this.cookies.size) {
        h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        if (!noCsrf && this.csrf && !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
          h['x-csrf-token'] = this.csrf;
        }
      }
    }
    for (const [k, v] of Object.entries(headers)) {
      const key = k.toLowerCase();
      if (v === null || v === undefined) delete h[key];
      else h[key] = String(v);
    }
    const url = /^https?:\/\//.test(path) ? path : this.baseUrl + path;
    const res = await fetch(url, {
      method,
      headers: h,
      body: payload,
      redirect: 'manual',
      signal: signal ?? AbortSignal.timeout(30_000),
    });
    this.#storeCookies(res.headers);
    const text = method === 'HEAD' ? '' : await res.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch { /* not JSON */ }
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path, opts) { return this.req('GET', path, undefined, opts); }
  post(path, body, opts) { return this.req('POST', path, body, opts); }
  put(path, body, opts) { return this.req('PUT', path, body, opts); }
  patch(path, body, opts) { return this.req('PATCH', path, body, opts); }
  delete(path, body, opts) { return this.req('DELETE', path, body, opts); }

  #storeCookies(headers) {
    const list = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const sc of list) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = value === '';
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const key = k.trim().toLowerCase();
        if (key === 'max-age' && Number(v.trim()) <= 0) expired = true;
        if (key === 'expires') {
          const t = Date.parse(v.trim());
          if (!Number.isNaN(t) && t <= Date.now()) expired = true;
        }
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A client with no credentials. */
export function anon(baseUrl) {
  return new Client(baseUrl);
}

/** Parses one Set-Cookie header into { name, value, attrs: { lowercased: value|true } }. */
export function parseSetCookie(sc) {
  const [pair, ...rest] = sc.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    if (i < 0) attrs[a.trim().toLowerCase()] = true;
    else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/**
 * Asserts that res is an RFC 9457 problem with the given status and code:
 * Content-Type application/problem+json, and type, title, status, detail and
 * code all present, with status matching the HTTP status.
 */
export function assertProblem(res, status, code) {
  const ctx = `${res.status} ${res.text}`;
  assert.equal(res.status, status, `expected HTTP ${status}, got ${ctx}`);
  const ct = res.headers.get('content-type') ?? '';
  assert.match(ct, /^application\/problem\+json\b/i, `content-type was "${ct}" in ${ctx}`);
  assert.ok(res.json && typeof res.json === 'object', `problem body is not JSON: ${ctx}`);
  for (const f of ['type', 'title', 'status', 'detail', 'code']) {
    assert.ok(f in res.json, `problem lacks "${f}": ${ctx}`);
  }
  assert.equal(typeof res.json.type, 'string', `problem type is not a string: ${ctx}`);
  assert.equal(typeof res.json.title, 'string', `problem title is not a string: ${ctx}`);
  assert.equal(typeof res.json.detail, 'string', `problem detail is not a string: ${ctx}`);
  assert.equal(res.json.status, status, `problem status field differs: ${ctx}`);
  if (code !== undefined) assert.equal(res.json.code, code, `problem code: ${ctx}`);
  return res.json;
}
