// Helpers for permission-matrix tests: the role order of a matrix row, a
// collector of soft failures (so one probe reports every way it went
// wrong, not just the first), problem comparison against a request for
// something that does not exist, and scanning of response bodies for text
// and counters the caller must never see.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** The columns of every matrix row, in order. */
export const ROLES = ['owner', 'groupadmin', 'member', 'pending', 'nonmember',
  'deact-cookie', 'deact-token', 'anonymous'];
export const PRIVACIES = ['open', 'closed', 'secret'];

/** Expected cell of a row for a role. */
export function cell(row, role) {
  assert.equal(row.length, ROLES.length, `a matrix row has ${ROLES.length} cells`);
  return row[ROLES.indexOf(role)];
}

/** Collects failures of one probe and throws them all at the end. */
export class Failures {
  constructor(label) {
    this.label = label;
    this.list = [];
  }

  fail(msg) {
    this.list.push(msg);
  }

  check(cond, msg) {
    if (!cond) this.fail(typeof msg === 'function' ? msg() : msg);
    return !!cond;
  }

  deepEqual(actual, expected, msg) {
    try {
      assert.deepStrictEqual(actual, expected);
      return true;
    } catch (e) {
      this.fail(`${msg}\n${e.message}`);
      return false;
    }
  }

  done() {
    if (this.list.length) {
      assert.fail(`${this.label}:\n  - ${this.list.join('\n  - ')}`);
    }
  }
}

export function short(text, n = 400) {
  const s = String(text ?? '');
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** What a refusal looks like, minus the per-request id. */
export function problemShape(res) {
  let body = res.text;
  if (res.json && typeof res.json === 'object') {
    body = { ...res.json };
    delete body.request_id;
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    wwwAuthenticate: res.headers.get('www-authenticate'),
    body,
  };
}

/** Checks that res is an application/problem+json refusal with the fields every problem has. */
export function checkProblem(F, res) {
  const ct = res.headers.get('content-type') ?? '';
  F.check(/^application\/problem\+json\b/i.test(ct), `refusal ${res.status} has content-type "${ct}"`);
  const j = res.json;
  if (!F.check(j && typeof j === 'object', `refusal ${res.status} is not JSON: ${short(res.text)}`)) return;
  for (const k of ['type', 'title', 'status', 'detail', 'code']) {
    F.check(k in j, `refusal ${res.status} lacks "${k}": ${short(res.text)}`);
  }
  F.check(j.status === res.status, `problem status ${j.status} differs from HTTP ${res.status}`);
}

/** Calls fn(value, path) for every value inside v. */
export function walk(v, fn, path = '$') {
  fn(v, path);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, fn, `${path}[${i}]`));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) walk(x, fn, `${path}.${k}`);
  }
}

const COUNTER_KEYS = ['comment_count', 'reaction_count', 'reactions', 'latest_comments', 'reply_count',
  'viewer_reaction'];
const CONTENT_KEY = /post|comment|reaction|activity|last_|unread/i;

/**
 * Looks for what a viewer must not see in one response:
 *   markers: strings that must not occur anywhere in the body (raw text);
 *   hiddenGroups: ids of groups whose content the viewer may not read: a
 *     group object with one of those ids must carry no post or comment
 *     counters, and no post object may belong to one;
 *   hiddenPosts: ids of posts the viewer may not read: no object may carry
 *     counters for one, and no comment may point at one.
 * Returns a list of findings (empty when clean).
 */
export function findLeaks(res, { markers = [], hiddenGroups = new Set(), hiddenPosts = new Set() }) {
  const found = [];
  const text = res.text ?? '';
  for (const m of markers) {
    if (text.includes(m)) found.push(`body contains "${m}": ${short(text, 300)}`);
  }
  if (res.json && typeof res.json === 'object') {
    walk(res.json, (o, path) => {
      if (!o || typeof o !== 'object' || Array.isArray(o)) return;
      // A group object (it has privacy and member_count).
      if ('privacy' in o && 'member_count' in o && hiddenGroups.has(o.id)) {
        for (const k of Object.keys(o)) {
          if (CONTENT_KEY.test(k)) found.push(`${path}: group ${o.id} carries "${k}" for a viewer who may not read its content`);
        }
      }
      // A post object: it names its group. So does a notification, which
      // is about content when it names a post (a join request, an approval
      // or an invitation is about the group alone, whose existence may be
      // known: the markers above catch one that may not).
      const groupOnlyNote = 'kind' in o && 'read' in o && o.post_id === null;
      if (o.group && typeof o.group === 'object' && hiddenGroups.has(o.group.id) && !groupOnlyNote) {
        found.push(`${path}: post ${o.id} of group ${o.group.id} the viewer may not read`);
      }
      // Post ids and comment ids are numbered apart: a comment names its
      // post in post_id, a post is the object that carries its group.
      if ('post_id' in o) {
        if (hiddenPosts.has(o.post_id)) found.push(`${path}: comment of hidden post ${o.post_id}: ${short(JSON.stringify(o), 200)}`);
      } else if (COUNTER_KEYS.some((k) => k in o) && hiddenPosts.has(o.id)) {
        found.push(`${path}: counters of hidden post ${o.id}: ${short(JSON.stringify(o), 200)}`);
      }
    });
  }
  return found;
}

/**
 * The route table of src/api/routes.c: [{ method, path, isPublic }]. Returns
 * null when the file cannot be read (the caller falls back to its own list).
 */
export function readRouteTable(fileUrl) {
  let src;
  try {
    src = readFileSync(fileUrl, 'utf8');
  } catch {
    return null;
  }
  const out = [];
  const re = /\{\s*HTTP_([A-Z]+)\s*,\s*(V1\s*)?"([^"]+)"\s*,\s*\w+\s*,\s*([^,]+),/g;
  let m;
  while ((m = re.exec(src))) {
    out.push({
      method: m[1],
      path: (m[2] ? '/api/v1' : '') + m[3],
      isPublic: /API_PUBLIC/.test(m[4]),
    });
  }
  return out.length ? out : null;
}
