// The permission matrix: every route that reads or writes group content,
// asked by every kind of viewer, for an open, a closed and a secret group,
// on one real server. The expected status of each probe is written down in
// TABLE and LISTED below, derived from the rules in src/core/perm.h:
//
//   - open groups: every active user sees them and their content;
//   - closed groups: every active user sees name, purpose and member count;
//     content and the member list are for active members;
//   - secret groups: only active members and invitees know they exist;
//     content is for active members;
//   - PERM_POST: active members; PERM_INTERACT (comment, react): whoever
//     reads the content; PERM_MANAGE (settings, approvals, invitations,
//     roles, removals) and PERM_SEE_REQUESTS: the group's admins;
//   - editing a post: its author alone; removing a post or comment: its
//     author and the group's admins;
//   - anything the viewer may not see answers 404 exactly as if it did not
//     exist (each such probe is repeated with an id that does not exist and
//     the two refusals must be identical); a visible thing the viewer may
//     not change answers 403;
//   - no credentials, or the credentials of a deactivated person: 401 on
//     every /api/v1 route but POST /session;
//   - a text the student-privacy guard held for review (perm_review) is for
//     its author and the district's monitors alone, whatever the group:
//     anyone else gets 404; only monitors release or reject (the author:
//     403), only the author withdraws. The server runs with
//     STAFFROOM_POLICY_DOB=hold, so that a date of birth is held in every
//     group (the default holds it in open groups only and warns elsewhere).
//   - an image in a post (perm_media) is for whoever reads the post: the
//     bytes and the thumbnail answer 200 to them and 404 to everyone else;
//     once posted it cannot be described again or deleted on its own (409
//     image_attached to whoever sees it, uploader or not: the attached check
//     comes first), only through its post.
//
// The viewers (columns of every row, see ROLES in lib/matrix.mjs):
//   owner        created every group: a group admin of each;
//   groupadmin   a member promoted with PATCH .../members/{id} role=admin;
//   member       an active member;
//   pending      closed: asked to join (state pending); secret: invited
//                (state invited); open: no pending state, so a non-member;
//   nonmember    no relation to any group;
//   deact-cookie / deact-token
//                was an active member (with a post, a comment and a
//                reaction in every group), signed in with a session and an
//                API token, then deactivated with `staffroom user deactivate`;
//   anonymous    no credentials at all.
// A monitor (not a column: monitors see every held text, see
// tests/api/reviews.test.mjs) keeps the books of what is held.
//
// Every probe is a subtest named "role × privacy × route". A refused write
// must change nothing (an owner snapshot of the group before and after is
// compared); a write that succeeds is verified and then undone so that the
// next probe starts from the same state. Every response a viewer gets is
// scanned for text and counters that viewer must not see.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, run } from './lib/server.mjs';
import { Client, anon } from './lib/client.mjs';
import {
  ROLES, PRIVACIES, cell, Failures, short, problemShape, checkProblem, findLeaks, readRouteTable,
} from './lib/matrix.mjs';

const U = 401; // unauthenticated: no credentials, or a deactivated person's
const GHOST = 987654321; // an id that names nothing
const PW = 'correct horse battery staple';

const USERS = ['owner', 'groupadmin', 'member', 'pending', 'nonmember', 'deactivated', 'victim',
  'target', 'auditor', 'monitor'].map((login) => ({
  login,
  name: `${login[0].toUpperCase()}${login.slice(1)} Person`,
  password: PW,
  ...(login === 'auditor' ? { role: 'admin' } : {}),
  ...(login === 'monitor' ? { monitor: true } : {}),
}));
// What the guard holds (a date of birth, under STAFFROOM_POLICY_DOB=hold).
const HELD_TEXT = 'born 03/14/2012';

// Names, purposes and a body marker carried by every post and comment of a
// group, so that a leak is a plain substring search; every text held for
// review carries the group's body marker and its held marker too.
const G = {
  open: { name: 'Open Staff Lounge OPNAME7', nameMark: 'OPNAME7', purpose: 'OPPURP7: every colleague chats here.',
    purposeMark: 'OPPURP7', body: 'OPBODY7', held: 'OPHELD7' },
  closed: { name: 'Curriculum Council CLNAME7', nameMark: 'CLNAME7', purpose: 'CLPURP7: curriculum leads plan the year.',
    purposeMark: 'CLPURP7', body: 'CLBODY7', held: 'CLHELD7' },
  secret: { name: 'Hush Committee SCNAME7', nameMark: 'SCNAME7', purpose: 'SCPURP7: staff discipline cases.',
    purposeMark: 'SCPURP7', body: 'SCBODY7', held: 'SCHELD7' },
};

// Each viewer's relation to each group (what the rules are applied to).
const STATE = {
  owner: { open: 'admin', closed: 'admin', secret: 'admin' },
  groupadmin: { open: 'admin', closed: 'admin', secret: 'admin' },
  member: { open: 'member', closed: 'member', secret: 'member' },
  pending: { open: 'none', closed: 'pending', secret: 'invited' },
  nonmember: { open: 'none', closed: 'none', secret: 'none' },
  'deact-cookie': { open: 'unauth', closed: 'unauth', secret: 'unauth' },
  'deact-token': { open: 'unauth', closed: 'unauth', secret: 'unauth' },
  anonymous: { open: 'unauth', closed: 'unauth', secret: 'unauth' },
};
const active = (st) => st === 'admin' || st === 'member';
const canSee = (priv, st) => st !== 'unauth' && (priv !== 'secret' || active(st) || st === 'invited');
const canRead = (priv, st) => st !== 'unauth' && (priv === 'open' || active(st));
const apiState = (st) => (active(st) ? 'active' : st);

// ---------------------------------------------------------------------------
// The expected statuses. Columns:
//        owner groupadmin member pending nonmember deact-cookie deact-token anonymous
// ---------------------------------------------------------------------------
const TABLE = {
  'GET /groups/{id}': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 200, 200, U, U, U],
    secret: /* */ [200, 200, 200, 200, 404, U, U, U], // invitees know it exists
  },
  'PATCH /groups/{id} (purpose)': { // PERM_MANAGE; 403 where the group is visible
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 403, 403, U, U, U],
    secret: /* */ [200, 200, 403, 403, 404, U, U, U],
  },
  'GET /groups/{id}/members': { // the member list is content
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'GET /groups/{id}/members?state=pending': { // PERM_SEE_REQUESTS, a read: 404 for others
    open: /*   */ [200, 200, 404, 404, 404, U, U, U],
    closed: /* */ [200, 200, 404, 404, 404, U, U, U],
    secret: /* */ [200, 200, 404, 404, 404, U, U, U],
  },
  'GET /groups/{id}/members?state=invited': {
    open: /*   */ [200, 200, 404, 404, 404, U, U, U],
    closed: /* */ [200, 200, 404, 404, 404, U, U, U],
    secret: /* */ [200, 200, 404, 404, 404, U, U, U],
  },
  'POST /groups/{id}/members (self: join, request, accept)': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U], // anyone joins an open group
    closed: /* */ [200, 200, 200, 200, 200, U, U, U], // a request to join (pending)
    secret: /* */ [200, 200, 200, 200, 404, U, U, U], // an invitee accepts
  },
  'POST /groups/{id}/members {user_id: colleague} (invite)': { // PERM_INVITE: admins; in open groups members too
    open: /*   */ [200, 200, 200, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 403, 403, U, U, U],
    secret: /* */ [200, 200, 403, 403, 404, U, U, U],
  },
  'POST /groups/{id}/members {user_id: pending} (approve)': { // approvals are PERM_MANAGE; for
    // the pending user this names themself: a no-op (closed), a join (open), an accept (secret)
    // in an open group there is no request: a member's POST invites the pending user
    open: /*   */ [200, 200, 200, 200, 403, U, U, U],
    closed: /* */ [200, 200, 403, 200, 403, U, U, U],
    secret: /* */ [200, 200, 403, 200, 404, U, U, U],
  },
  'PATCH /groups/{id}/members/{member} role=admin': { // 404 unless the member list is readable
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 404, 404, U, U, U],
    secret: /* */ [200, 200, 403, 404, 404, U, U, U],
  },
  'DELETE /groups/{id}/members/{victim}': {
    open: /*   */ [204, 204, 403, 403, 403, U, U, U],
    closed: /* */ [204, 204, 403, 404, 404, U, U, U],
    secret: /* */ [204, 204, 403, 404, 404, U, U, U],
  },
  'GET /groups/{id}/posts': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'POST /groups/{id}/posts': { // PERM_POST: active members; 403 where the group is visible
    open: /*   */ [201, 201, 201, 403, 403, U, U, U],
    closed: /* */ [201, 201, 201, 403, 403, U, U, U],
    secret: /* */ [201, 201, 201, 403, 404, U, U, U],
  },
  'GET /posts/{id}': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'PATCH /posts/{id} (owner\'s post)': { // the author alone
    open: /*   */ [200, 403, 403, 403, 403, U, U, U],
    closed: /* */ [200, 403, 403, 404, 404, U, U, U],
    secret: /* */ [200, 403, 403, 404, 404, U, U, U],
  },
  'DELETE /posts/{id} (owner\'s post)': { // the author and the group's admins
    open: /*   */ [204, 204, 403, 403, 403, U, U, U],
    closed: /* */ [204, 204, 403, 404, 404, U, U, U],
    secret: /* */ [204, 204, 403, 404, 404, U, U, U],
  },
  'GET /posts/{id}/revisions': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'GET /posts/{id}/comments': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'POST /posts/{id}/comments': { // PERM_INTERACT
    open: /*   */ [201, 201, 201, 201, 201, U, U, U],
    closed: /* */ [201, 201, 201, 404, 404, U, U, U],
    secret: /* */ [201, 201, 201, 404, 404, U, U, U],
  },
  // A reply on an open post naming a comment of this group as its parent:
  // the parent is on another post, so always 422, and a hidden parent must be
  // refused exactly like one that does not exist.
  'POST /posts/{open post}/comments {parent_id: comment of this group}': {
    open: /*   */ [422, 422, 422, 422, 422, U, U, U],
    closed: /* */ [422, 422, 422, 422, 422, U, U, U],
    secret: /* */ [422, 422, 422, 422, 422, U, U, U],
  },
  'DELETE /comments/{id} (owner\'s comment)': {
    open: /*   */ [204, 204, 403, 403, 403, U, U, U],
    closed: /* */ [204, 204, 403, 404, 404, U, U, U],
    secret: /* */ [204, 204, 403, 404, 404, U, U, U],
  },
  'PUT /posts/{id}/reactions/celebrate': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'DELETE /posts/{id}/reactions/{kind} (own reaction)': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  // Important announcements (perm_important): marking is for the group's
  // admins (and communications); receipts and nudges for the author and
  // admins; seeing and acknowledging for the audience, the group's active
  // members other than the author (the owner wrote these posts: 409).
  'PUT /posts/{id}/important (owner\'s post)': {
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 404, 404, U, U, U],
    secret: /* */ [200, 200, 403, 404, 404, U, U, U],
  },
  'DELETE /posts/{id}/important (owner\'s important post)': {
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 404, 404, U, U, U],
    secret: /* */ [200, 200, 403, 404, 404, U, U, U],
  },
  'POST /posts/{id}/acknowledge (owner\'s important post)': {
    open: /*   */ [409, 200, 200, 403, 403, U, U, U],
    closed: /* */ [409, 200, 200, 404, 404, U, U, U],
    secret: /* */ [409, 200, 200, 404, 404, U, U, U],
  },
  'POST /posts/{id}/seen (owner\'s important post)': {
    open: /*   */ [409, 200, 200, 403, 403, U, U, U],
    closed: /* */ [409, 200, 200, 404, 404, U, U, U],
    secret: /* */ [409, 200, 200, 404, 404, U, U, U],
  },
  'GET /posts/{id}/receipts (owner\'s important post)': {
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 404, 404, U, U, U],
    secret: /* */ [200, 200, 403, 404, 404, U, U, U],
  },
  'POST /posts/{id}/nudge (owner\'s important post)': {
    open: /*   */ [200, 200, 403, 403, 403, U, U, U],
    closed: /* */ [200, 200, 403, 404, 404, U, U, U],
    secret: /* */ [200, 200, 403, 404, 404, U, U, U],
  },
  // Held for review (perm_review): the author and monitors see it, whatever
  // the group; group admins and members are nobody here. The deactivated
  // person asks about a held post of their own: the worst case.
  'GET /reviews/{id} (owner\'s held post)': {
    open: /*   */ [200, 404, 404, 404, 404, U, U, U],
    closed: /* */ [200, 404, 404, 404, 404, U, U, U],
    secret: /* */ [200, 404, 404, 404, 404, U, U, U],
  },
  'POST /reviews/{id}/release (owner\'s held post)': { // monitors only: 403 to the author
    open: /*   */ [403, 404, 404, 404, 404, U, U, U],
    closed: /* */ [403, 404, 404, 404, 404, U, U, U],
    secret: /* */ [403, 404, 404, 404, 404, U, U, U],
  },
  'POST /reviews/{id}/reject (owner\'s held post)': {
    open: /*   */ [403, 404, 404, 404, 404, U, U, U],
    closed: /* */ [403, 404, 404, 404, 404, U, U, U],
    secret: /* */ [403, 404, 404, 404, 404, U, U, U],
  },
  'DELETE /reviews/{id} (owner\'s held post)': { // withdrawing: the author alone
    open: /*   */ [204, 404, 404, 404, 404, U, U, U],
    closed: /* */ [204, 404, 404, 404, 404, U, U, U],
    secret: /* */ [204, 404, 404, 404, 404, U, U, U],
  },
  // The image in the owner's base post (perm_media): whoever reads the post
  // sees the image; once posted, it is changed or removed only through its
  // post: 409 to whoever sees it, 404 to the others.
  'GET /images/{id} (image in owner\'s post)': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'GET /images/{id}/thumbnail (image in owner\'s post)': {
    open: /*   */ [200, 200, 200, 200, 200, U, U, U],
    closed: /* */ [200, 200, 200, 404, 404, U, U, U],
    secret: /* */ [200, 200, 200, 404, 404, U, U, U],
  },
  'PATCH /images/{id} (image in owner\'s post)': {
    open: /*   */ [409, 409, 409, 409, 409, U, U, U],
    closed: /* */ [409, 409, 409, 404, 404, U, U, U],
    secret: /* */ [409, 409, 409, 404, 404, U, U, U],
  },
  'DELETE /images/{id} (image in owner\'s post)': {
    open: /*   */ [409, 409, 409, 409, 409, U, U, U],
    closed: /* */ [409, 409, 409, 404, 404, U, U, U],
    secret: /* */ [409, 409, 409, 404, 404, U, U, U],
  },
};

// Listings: does the answer include the group (or, for the feed and a
// person's posts, the group's post)? true / false, or 401.
const T = true;
const F_ = false;
const LISTED = {
  'GET /groups (every page)': {
    open: /*   */ [T, T, T, T, T, U, U, U],
    closed: /* */ [T, T, T, T, T, U, U, U],
    secret: /* */ [T, T, T, T, F_, U, U, U],
  },
  'GET /groups?q=<name>': {
    open: /*   */ [T, T, T, T, T, U, U, U],
    closed: /* */ [T, T, T, T, T, U, U, U],
    secret: /* */ [T, T, T, T, F_, U, U, U],
  },
  'GET /groups?q=<purpose>': {
    open: /*   */ [T, T, T, T, T, U, U, U],
    closed: /* */ [T, T, T, T, T, U, U, U],
    secret: /* */ [T, T, T, T, F_, U, U, U],
  },
  'GET /groups?q=<post text>': { // groups are found by name and purpose, never by content
    open: /*   */ [F_, F_, F_, F_, F_, U, U, U],
    closed: /* */ [F_, F_, F_, F_, F_, U, U, U],
    secret: /* */ [F_, F_, F_, F_, F_, U, U, U],
  },
  'GET /groups?filter=mine': { // active memberships only
    open: /*   */ [T, T, T, F_, F_, U, U, U],
    closed: /* */ [T, T, T, F_, F_, U, U, U],
    secret: /* */ [T, T, T, F_, F_, U, U, U],
  },
  'GET /feed (every page)': { // posts of the groups one is an active member of
    open: /*   */ [T, T, T, F_, F_, U, U, U],
    closed: /* */ [T, T, T, F_, F_, U, U, U],
    secret: /* */ [T, T, T, F_, F_, U, U, U],
  },
  // A person's posts: those in open groups, and in groups the viewer is an
  // active member of (a pending request or an invitation is not enough).
  'GET /users/{owner}/posts (every page)': {
    open: /*   */ [T, T, T, T, T, U, U, U],
    closed: /* */ [T, T, T, F_, F_, U, U, U],
    secret: /* */ [T, T, T, F_, F_, U, U, U],
  },
  'GET /users/{deactivated}/posts (every page)': { // a deactivated author's posts stay, same rules
    open: /*   */ [T, T, T, T, T, U, U, U],
    closed: /* */ [T, T, T, F_, F_, U, U, U],
    secret: /* */ [T, T, T, F_, F_, U, U, U],
  },
  // Open and closed live groups one has no membership row in (not active,
  // not pending, not invited); never a secret group, so not even to its
  // invitee (the pending column: invited to the secret group, a request in
  // the closed one, nothing in the open one).
  'GET /groups?filter=suggested': {
    open: /*   */ [F_, F_, F_, T, T, U, U, U],
    closed: /* */ [F_, F_, F_, F_, T, U, U, U],
    secret: /* */ [F_, F_, F_, F_, F_, U, U, U],
  },
  // The owner's post held for review, in a non-monitor's queue: their own only.
  'GET /reviews (every page)': {
    open: /*   */ [T, F_, F_, F_, F_, U, U, U],
    closed: /* */ [T, F_, F_, F_, F_, U, U, U],
    secret: /* */ [T, F_, F_, F_, F_, U, U, U],
  },
};
// Notifications: is the mention in the group's roll-call post listed? A
// notification reaches only those who may read the post (groupadmin wrote
// it: no notification of one's own post). true / false, or 401.
const NOTIFIED = {
  open: /*   */ [T, F_, T, T, T, U, U, U],
  closed: /* */ [T, F_, T, F_, F_, U, U, U],
  secret: /* */ [T, F_, T, F_, F_, U, U, U],
};
// A group id as a listing cursor: a cursor naming a group the viewer may not
// see is refused exactly like one naming no group.
const CURSOR_TABLE = {
  open: /*   */ [200, 200, 200, 200, 200, U, U, U],
  closed: /* */ [200, 200, 200, 200, 200, U, U, U],
  secret: /* */ [200, 200, 200, 200, 422, U, U, U],
};

// ---------------------------------------------------------------------------

test('permission matrix: every group-content route × viewer × privacy', async (t) => {
  const srv = await startServer({ users: USERS, env: { STAFFROOM_POLICY_DOB: 'hold' } });
  t.after(() => srv.stop());

  // ---- sign everyone in ----
  const clients = {};
  const uid = {};
  const byUid = {};
  for (const u of USERS) {
    const c = new Client(srv.url);
    const body = await c.login(u.login, PW);
    clients[u.login] = c;
    uid[u.login] = body.user.id;
    byUid[body.user.id] = c;
  }
  const owner = clients.owner;
  const auditor = clients.auditor;
  const deactToken = new Client(srv.url);
  await deactToken.loginToken('deactivated', PW, { name: 'old integration' });
  const roleClient = {
    owner, groupadmin: clients.groupadmin, member: clients.member, pending: clients.pending,
    nonmember: clients.nonmember, 'deact-cookie': clients.deactivated, 'deact-token': deactToken,
    anonymous: anon(srv.url),
  };

  const must = async (c, method, path, body, want) => {
    const res = await c.req(method, path, body);
    const ok = Array.isArray(want) ? want.includes(res.status) : res.status === want;
    if (!ok) throw new Error(`setup: ${method} ${path} answered ${res.status}, expected ${want}: ${res.text}`);
    return res.json;
  };

  // ---- three groups, memberships through the API ----
  const groups = {};
  for (const priv of PRIVACIES) {
    const g = await must(owner, 'POST', '/api/v1/groups', { name: G[priv].name, purpose: G[priv].purpose, privacy: priv }, 201);
    assert.equal(g.privacy, priv);
    groups[priv] = g.id;
  }
  const members = ['groupadmin', 'member', 'deactivated', 'victim'];
  for (const who of members) { // open: join
    const r = await must(clients[who], 'POST', `/api/v1/groups/${groups.open}/members`, undefined, 200);
    assert.equal(r.state, 'active', `${who} joins the open group`);
  }
  for (const who of [...members, 'pending']) { // closed: request, then approval
    const r = await must(clients[who], 'POST', `/api/v1/groups/${groups.closed}/members`, undefined, 200);
    assert.equal(r.state, 'pending', `${who} asks to join the closed group`);
  }
  for (const who of members) {
    const r = await must(owner, 'POST', `/api/v1/groups/${groups.closed}/members`, { user_id: uid[who] }, 200);
    assert.equal(r.state, 'active', `the owner approves ${who}`);
  }
  for (const who of [...members, 'pending']) { // secret: invitation, then acceptance
    const r = await must(owner, 'POST', `/api/v1/groups/${groups.secret}/members`, { user_id: uid[who] }, 200);
    assert.equal(r.state, 'invited', `the owner invites ${who}`);
  }
  for (const who of members) {
    const r = await must(clients[who], 'POST', `/api/v1/groups/${groups.secret}/members`, undefined, 200);
    assert.equal(r.state, 'active', `${who} accepts the invitation`);
  }
  for (const priv of PRIVACIES) {
    const r = await must(owner, 'PATCH', `/api/v1/groups/${groups[priv]}/members/${uid.groupadmin}`, { role: 'admin' }, 200);
    assert.equal(r.role, 'admin');
  }

  // ---- content: a post with an image, a comment and a reaction by the
  // owner; a post, a comment and a reaction by the soon-deactivated member ----
  const JPG = await readFile(new URL('../fixtures/images/exif.jpg', import.meta.url));
  const baseImage = {}; // the image in the owner's base post
  const imageRef = {}; // what the owner is served for it: { full, thumb }
  const served = async (c, id, thumb) => {
    const r = await c.get(`/api/v1/images/${id}${thumb ? '/thumbnail' : ''}`);
    return { status: r.status, type: r.headers.get('content-type'), length: r.headers.get('content-length'),
      etag: r.headers.get('etag'), text: r.text };
  };
  const basePost = {};
  const baseComment = {};
  const deactPost = {};
  const deactComment = {};
  const hiddenPostIds = { open: new Set(), closed: new Set(), secret: new Set() };
  const notePost = (priv, id) => hiddenPostIds[priv].add(id);
  for (const priv of PRIVACIES) {
    const gid = groups[priv];
    const up = await owner.req('POST', '/api/v1/images', JPG, { headers: { 'content-type': 'image/jpeg' } });
    if (up.status !== 201 || !up.json?.id) throw new Error(`setup: POST /api/v1/images answered ${up.status}: ${up.text}`);
    baseImage[priv] = up.json.id;
    await must(owner, 'PATCH', `/api/v1/images/${up.json.id}`, { alt: `${G[priv].body} the whiteboard` }, 200);
    const p = await must(owner, 'POST', `/api/v1/groups/${gid}/posts`,
      { body: `${G[priv].body} agenda for the week`, image_ids: [up.json.id] }, 201);
    assert.deepEqual(p.images?.map((i) => i.id), [up.json.id], `the ${priv} base post carries its image`);
    basePost[priv] = p.id;
    imageRef[priv] = { full: await served(owner, up.json.id, false), thumb: await served(owner, up.json.id, true) };
    for (const [k, r] of Object.entries(imageRef[priv])) {
      assert.equal(r.status, 200, `setup: the owner reads the ${priv} image (${k})`);
      assert.match(r.type ?? '', /^image\/jpeg\b/, `setup: the ${priv} image (${k}) content-type`);
    }
    assert.equal(imageRef[priv].full.length, String(up.json.bytes), 'setup: the image is served whole');
    const pt = (await owner.get(`/api/v1/posts/${p.id}`)).text; // the leak markers below are what a post carries
    for (const m of [`/api/v1/images/${up.json.id}"`, `/api/v1/images/${up.json.id}/`]) {
      assert.ok(pt.includes(m), `setup: the ${priv} base post names its image as ${m}: ${pt}`);
    }
    notePost(priv, p.id);
    const c = await must(owner, 'POST', `/api/v1/posts/${p.id}/comments`, { body: `${G[priv].body} first comment` }, 201);
    baseComment[priv] = c.id;
    await must(owner, 'PUT', `/api/v1/posts/${p.id}/reactions/like`, undefined, 200);
    const dp = await must(clients.deactivated, 'POST', `/api/v1/groups/${gid}/posts`, { body: `${G[priv].body} written before leaving` }, 201);
    deactPost[priv] = dp.id;
    notePost(priv, dp.id);
    const dc = await must(clients.deactivated, 'POST', `/api/v1/posts/${p.id}/comments`, { body: `${G[priv].body} a parting comment` }, 201);
    deactComment[priv] = dc.id;
    await must(clients.deactivated, 'PUT', `/api/v1/posts/${p.id}/reactions/support`, undefined, 200);
  }

  // ---- a post in every group that mentions every viewer: who gets notified ----
  const mentionPost = {};
  const everyone = USERS.map((u) => `@${u.login}`).join(' ');
  for (const priv of PRIVACIES) {
    const p = await must(clients.groupadmin, 'POST', `/api/v1/groups/${groups[priv]}/posts`, { body: `${G[priv].body} roll call ${everyone}` }, 201);
    mentionPost[priv] = p.id;
    notePost(priv, p.id);
  }

  // ---- a post held for review in every group: the owner's, and one the
  // soon-deactivated member wrote ----
  const hold = async (c, priv, what) => {
    const res = await c.req('POST', `/api/v1/groups/${groups[priv]}/posts`,
      { body: `${G[priv].body} ${G[priv].held} ${what}: ${HELD_TEXT}` });
    if (res.status !== 202 || res.json?.status !== 'held' || !res.json?.review?.id) {
      throw new Error(`setup: a held post in the ${priv} group answered ${res.status}: ${res.text}`);
    }
    return res.json.review.id;
  };
  const baseHeld = {};
  const deactHeld = {};
  for (const priv of PRIVACIES) {
    baseHeld[priv] = await hold(owner, priv, 'the owner waits');
    deactHeld[priv] = await hold(clients.deactivated, priv, 'held before leaving');
  }
  const monitor = clients.monitor;
  // The monitor's queue of one group: what is pending there.
  const pendingReviews = async (priv) => {
    const r = await monitor.get('/api/v1/reviews?state=pending&limit=100');
    if (r.status !== 200 || r.json.next_cursor !== null) throw new Error(`monitor GET /reviews: ${r.status} ${r.text}`);
    return r.json.items.filter((x) => x.group?.id === groups[priv])
      .map((x) => `${x.id}:${x.state}:${x.author?.login}:${x.body}`);
  };
  for (const priv of PRIVACIES) {
    assert.deepEqual((await pendingReviews(priv)).map((x) => Number(x.split(':')[0])),
      [baseHeld[priv], deactHeld[priv]], `the monitor sees the ${priv} group's held posts`);
  }

  // ---- deactivate, with the old cookie and token kept ----
  const deact = await run(['user', 'deactivate', '--db', srv.dbPath, '--login', 'deactivated']);
  assert.equal(deact.code, 0, `user deactivate: ${deact.stderr}`);

  // ---- snapshots (the owner's view of one group) ----
  const ownerGet = async (path) => {
    const r = await owner.get(path);
    if (r.status !== 200) throw new Error(`snapshot: GET ${path} answered ${r.status}: ${r.text}`);
    return r.json;
  };
  const membership = async (priv) => {
    const map = {};
    for (const st of ['active', 'pending', 'invited']) {
      const m = await ownerGet(`/api/v1/groups/${groups[priv]}/members?state=${st}&limit=100`);
      for (const x of m.items) map[x.user_id] = { state: x.state, role: x.role };
    }
    return map;
  };
  const snapshot = async (priv) => {
    const gid = groups[priv];
    const g = await ownerGet(`/api/v1/groups/${gid}`);
    const snap = {
      group: { name: g.name, purpose: g.purpose, privacy: g.privacy, member_count: g.member_count, archived: g.archived },
      members: {},
      posts: [],
    };
    for (const st of ['active', 'pending', 'invited']) {
      const m = await ownerGet(`/api/v1/groups/${gid}/members?state=${st}&limit=100`);
      snap.members[st] = m.items.map((x) => `${x.user_id}:${x.state}:${x.role}`).sort();
    }
    const posts = await ownerGet(`/api/v1/groups/${gid}/posts?limit=100`);
    for (const p of posts.items) {
      const cs = await ownerGet(`/api/v1/posts/${p.id}/comments?limit=100`);
      const rv = await ownerGet(`/api/v1/posts/${p.id}/revisions`);
      snap.posts.push({
        id: p.id, body: p.body, edited_at: p.edited_at, comment_count: p.comment_count,
        reaction_count: p.reaction_count, reactions: p.reactions, owner_reaction: p.viewer_reaction,
        important: p.important && { active: p.important.active, receipts: p.important.receipts },
        comments: cs.items.map((x) => `${x.id}:${x.body}`), revisions: rv.items.map((x) => x.body),
        images: (p.images ?? []).map((i) => `${i.id}:${i.alt}:${i.shows_students}`),
      });
    }
    return snap;
  };
  // What a decision on a held post could change: the monitor's queue of the
  // group, and the group's posts (a release publishes one).
  const reviewSnapshot = async (priv) => ({
    pending: await pendingReviews(priv),
    posts: (await ownerGet(`/api/v1/groups/${groups[priv]}/posts?limit=100`)).items.map((p) => `${p.id}:${p.body}`),
  });
  // What a refused change to the image could change: the group, its posts
  // (with their images' descriptions), and what the owner is served.
  const imageSnapshot = async (priv) => ({
    ...(await snapshot(priv)),
    served: await Promise.all([false, true].map((thumb) => served(owner, baseImage[priv], thumb))),
  });
  const baselineMembers = {};
  for (const priv of PRIVACIES) baselineMembers[priv] = await membership(priv);
  const auditorGroupCount = async () => {
    let n = 0;
    let cursor = null;
    do {
      const r = await auditor.get(`/api/v1/groups?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      if (r.status !== 200) throw new Error(`auditor GET /groups: ${r.status} ${r.text}`);
      n += r.json.items.length;
      cursor = r.json.next_cursor;
    } while (cursor);
    return n;
  };
  const groupCount = await auditorGroupCount();
  assert.equal(groupCount, 3, 'the auditor (a system admin) sees the three groups');

  // Brings every membership of a group back to the baseline.
  const restoreMembers = async (priv) => {
    const gid = groups[priv];
    const cur = await membership(priv);
    const base = baselineMembers[priv];
    const ids = new Set([...Object.keys(base), ...Object.keys(cur)]);
    for (const id of ids) {
      const b = base[id];
      const c = cur[id];
      if (b && c && b.state === c.state && b.role === c.role) continue;
      if (b && c && b.state === c.state) {
        await must(owner, 'PATCH', `/api/v1/groups/${gid}/members/${id}`, { role: b.role }, 200);
        continue;
      }
      if (c) await must(owner, 'DELETE', `/api/v1/groups/${gid}/members/${id}`, undefined, 204);
      if (!b) continue;
      if (b.state === 'pending') {
        await must(byUid[id], 'POST', `/api/v1/groups/${gid}/members`, undefined, 200);
      } else {
        await must(owner, 'POST', `/api/v1/groups/${gid}/members`, { user_id: Number(id) }, 200);
        if (b.state === 'active') {
          await must(byUid[id], 'POST', `/api/v1/groups/${gid}/members`, undefined, 200);
          if (b.role === 'admin') await must(owner, 'PATCH', `/api/v1/groups/${gid}/members/${id}`, { role: 'admin' }, 200);
        }
      }
    }
  };

  // ---- what each viewer must never see ----
  const leakRules = (role) => {
    const markers = [];
    const hiddenGroups = new Set();
    const hiddenPosts = new Set();
    for (const priv of PRIVACIES) {
      const st = STATE[role][priv];
      if (!canSee(priv, st)) markers.push(G[priv].nameMark, G[priv].purposeMark);
      if (!canRead(priv, st)) {
        // the body marker (the image's alt text carries it too) and the
        // image's URLs as a post lists them
        markers.push(G[priv].body, `/api/v1/images/${baseImage[priv]}"`, `/api/v1/images/${baseImage[priv]}/`);
        hiddenGroups.add(groups[priv]);
        for (const id of hiddenPostIds[priv]) hiddenPosts.add(id);
      }
      if (role !== 'owner') markers.push(G[priv].held); // a held text is its author's (and monitors')
    }
    return { markers, hiddenGroups, hiddenPosts };
  };
  const scan = (F, role, res, what = 'response') => {
    for (const l of findLeaks(res, leakRules(role))) F.fail(`LEAK in ${what}: ${l}`);
  };

  let probes = 0;
  const ghostIds = { gid: GHOST, pid: GHOST, cid: GHOST, rid: GHOST, imgid: GHOST };

  // ---- one probe of a content route ----
  const probe = async (route, priv, role) => {
    const label = `${role} × ${priv} × ${route.name}`;
    probes++;
    await t.test(label, async () => {
      const F = new Failures(label);
      const expected = cell(TABLE[route.name][priv], role);
      const st = STATE[role][priv];
      const ctx = {
        priv, role, st, gid: groups[priv], c: roleClient[role], F, tmpPosts: [], tmpComments: [],
        ids: { gid: groups[priv], pid: basePost[priv], cid: baseComment[priv], rid: baseHeld[priv], imgid: baseImage[priv] },
        tmpReviews: [],
      };
      const snapPriv = route.snapPriv ?? priv;
      const snap = route.snap ?? (route.reviews ? reviewSnapshot : snapshot);
      const base = route.write ? await snap(snapPriv) : null;
      let pre = base;
      let res = null;
      try {
        if (route.prepare) {
          await route.prepare(ctx);
          if (route.write) pre = await snap(snapPriv);
        }
        const rq = route.request(ctx, ctx.ids);
        res = await ctx.c.req(rq.method, rq.path, rq.body);
        scan(F, role, res);
        F.check(res.status === expected,
          `status: expected ${expected}, got ${res.status}: ${short(res.text)}`);
        if (res.status >= 400) checkProblem(F, res);
        const code = route.codes?.[expected];
        if (code && res.status === expected) F.check(res.json?.code === code, `code: expected ${code}, got ${res.json?.code}`);
        if ((route.ghostAll || [401, 404].includes(expected)) && expected >= 400 && res.status === expected) {
          const g = route.request(ctx, ghostIds);
          const gres = await ctx.c.req(g.method, g.path, g.body);
          scan(F, role, gres, 'the same request for a nonexistent id');
          F.deepEqual(problemShape(res), problemShape(gres),
            `the ${expected} differs from the answer for something that does not exist (${g.method} ${g.path})`);
        }
        const success = expected < 300;
        if (success && res.status === expected && route.verify) await route.verify(ctx, res, pre);
        if (route.write && !success) {
          F.deepEqual(await snap(snapPriv), pre, 'a refused write changed stored state (owner view before vs after)');
        }
      } finally {
        if (route.restore) await route.restore(ctx, res);
        for (const id of ctx.tmpReviews) await owner.delete(`/api/v1/reviews/${id}`); // 409 once withdrawn
        for (const id of ctx.tmpComments) await owner.delete(`/api/v1/comments/${id}`);
        for (const id of ctx.tmpPosts) await owner.delete(`/api/v1/posts/${id}`);
        if (route.write) {
          F.deepEqual(await snap(snapPriv), base,
            'test bookkeeping: the state could not be restored after this probe (later probes may be affected)');
        }
      }
      F.done();
    });
  };

  // Creates a throwaway post (or comment) by the owner for a destructive probe.
  const tmpPost = async (ctx) => {
    const p = await must(owner, 'POST', `/api/v1/groups/${ctx.gid}/posts`, { body: `${G[ctx.priv].body} throwaway for ${ctx.role}` }, 201);
    ctx.tmpPosts.push(p.id);
    notePost(ctx.priv, p.id);
    return p.id;
  };
  const tmpComment = async (ctx) => {
    const c = await must(owner, 'POST', `/api/v1/posts/${basePost[ctx.priv]}/comments`, { body: `${G[ctx.priv].body} throwaway comment for ${ctx.role}` }, 201);
    ctx.tmpComments.push(c.id);
    return c.id;
  };
  // A throwaway post by the owner, marked important by the owner.
  const tmpImportant = async (ctx) => {
    const id = await tmpPost(ctx);
    await must(owner, 'PUT', `/api/v1/posts/${id}/important`, { days: 1 }, 200);
    return id;
  };
  // A throwaway post by the owner, held for review; withdrawn after the probe.
  const tmpHeld = async (ctx) => {
    const id = await hold(owner, ctx.priv, `throwaway for ${ctx.role}`);
    ctx.tmpReviews.push(id);
    return id;
  };
  const isDeact = (role) => role.startsWith('deact');
  const getJson = async (c, path) => (await c.get(path)).json;

  const ROUTES = [
    {
      name: 'GET /groups/{id}',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/groups/${ids.gid}` }),
      verify: async ({ F, priv, st }, res) => {
        const g = res.json;
        F.check(g?.id === groups[priv] && g?.name === G[priv].name && g?.purpose === G[priv].purpose,
          `group JSON: ${short(res.text)}`);
        F.check(g?.viewer?.state === apiState(st), `viewer.state ${g?.viewer?.state}, expected ${apiState(st)}`);
        F.check(g?.viewer?.can_read === canRead(priv, st), `viewer.can_read ${g?.viewer?.can_read}`);
        F.check(g?.viewer?.can_manage === (st === 'admin'), `viewer.can_manage ${g?.viewer?.can_manage}`);
        F.check(g?.viewer?.can_post === active(st), `viewer.can_post ${g?.viewer?.can_post}`);
      },
    },
    {
      name: 'PATCH /groups/{id} (purpose)',
      write: true,
      request: (ctx, ids) => ({ method: 'PATCH', path: `/api/v1/groups/${ids.gid}`, body: { purpose: `${G[ctx.priv].purpose} Edited by ${ctx.role}.` } }),
      verify: async ({ F, priv, role }) => {
        const g = await getJson(owner, `/api/v1/groups/${groups[priv]}`);
        F.check(g.purpose === `${G[priv].purpose} Edited by ${role}.`, `purpose after the change: ${g.purpose}`);
      },
      restore: async ({ priv }) => {
        await must(owner, 'PATCH', `/api/v1/groups/${groups[priv]}`, { name: G[priv].name, purpose: G[priv].purpose, privacy: priv }, 200);
      },
    },
    {
      name: 'GET /groups/{id}/members',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/groups/${ids.gid}/members` }),
      verify: async ({ F }, res) => {
        F.check(res.json?.items?.some((m) => m.user_id === uid.owner), `the owner is listed: ${short(res.text)}`);
      },
    },
    {
      name: 'GET /groups/{id}/members?state=pending',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/groups/${ids.gid}/members?state=pending` }),
      verify: async ({ F, priv }, res) => {
        const has = res.json?.items?.some((m) => m.user_id === uid.pending);
        F.check(has === (priv === 'closed'), `pending user listed: ${has}: ${short(res.text)}`);
      },
    },
    {
      name: 'GET /groups/{id}/members?state=invited',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/groups/${ids.gid}/members?state=invited` }),
      verify: async ({ F, priv }, res) => {
        const has = res.json?.items?.some((m) => m.user_id === uid.pending);
        F.check(has === (priv === 'secret'), `invited user listed: ${has}: ${short(res.text)}`);
      },
    },
    {
      name: 'POST /groups/{id}/members (self: join, request, accept)',
      write: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/groups/${ids.gid}/members` }),
      verify: async ({ F, priv, st, role }, res, pre) => {
        const want = st === 'none' ? (priv === 'open' ? 'active' : 'pending') : (st === 'pending' ? 'pending' : 'active');
        F.check(res.json?.state === want, `state after: ${res.json?.state}, expected ${want}`);
        const m = await membership(priv);
        F.check(m[uid[role]]?.state === want, `owner sees state ${m[uid[role]]?.state}`);
        if (active(st) || st === 'pending') {
          F.deepEqual(await snapshot(priv), pre, 'asking again must change nothing');
        }
      },
      restore: async ({ priv }) => restoreMembers(priv),
    },
    {
      name: 'POST /groups/{id}/members {user_id: colleague} (invite)',
      write: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/groups/${ids.gid}/members`, body: { user_id: uid.target } }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.state === 'invited', `state after: ${res.json?.state}`);
        const m = await membership(priv);
        F.check(m[uid.target]?.state === 'invited', `owner sees the colleague as ${m[uid.target]?.state}`);
      },
      restore: async ({ priv }) => restoreMembers(priv),
    },
    {
      name: 'POST /groups/{id}/members {user_id: pending} (approve)',
      write: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/groups/${ids.gid}/members`, body: { user_id: uid.pending } }),
      verify: async ({ F, priv, st }, res, pre) => {
        let want;
        if (st === 'admin') want = { open: 'invited', closed: 'active', secret: 'invited' }[priv];
        else if (st === 'member' && priv === 'open') want = 'invited';
        else want = { open: 'active', closed: 'pending', secret: 'active' }[priv]; // the pending user themself
        F.check(res.json?.state === want, `state after: ${res.json?.state}, expected ${want}`);
        const m = await membership(priv);
        F.check(m[uid.pending]?.state === want, `owner sees the pending user as ${m[uid.pending]?.state}`);
        if ((st === 'admin' && priv === 'secret') || (st === 'pending' && priv === 'closed')) {
          F.deepEqual(await snapshot(priv), pre, 'this must change nothing');
        }
      },
      restore: async ({ priv }) => restoreMembers(priv),
    },
    {
      name: 'PATCH /groups/{id}/members/{member} role=admin',
      write: true,
      request: (ctx, ids) => ({ method: 'PATCH', path: `/api/v1/groups/${ids.gid}/members/${uid.member}`, body: { role: 'admin' } }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.role === 'admin', `role after: ${res.json?.role}`);
        const m = await membership(priv);
        F.check(m[uid.member]?.role === 'admin', `owner sees the member as ${m[uid.member]?.role}`);
      },
      restore: async ({ priv }) => restoreMembers(priv),
    },
    {
      name: 'DELETE /groups/{id}/members/{victim}',
      write: true,
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/groups/${ids.gid}/members/${uid.victim}` }),
      verify: async ({ F, priv }) => {
        const m = await membership(priv);
        F.check(!m[uid.victim], `the victim is still ${m[uid.victim]?.state}`);
      },
      restore: async ({ priv }) => restoreMembers(priv),
    },
    {
      name: 'GET /groups/{id}/posts',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/groups/${ids.gid}/posts` }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.items?.some((p) => p.id === basePost[priv]), `the post is listed: ${short(res.text)}`);
      },
    },
    {
      name: 'POST /groups/{id}/posts',
      write: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/groups/${ids.gid}/posts`, body: { body: `${G[ctx.priv].body} new post by ${ctx.role}` } }),
      verify: async ({ F, priv, role }, res) => {
        F.check(res.json?.body === `${G[priv].body} new post by ${role}`, `post: ${short(res.text)}`);
        const p = await owner.get(`/api/v1/posts/${res.json?.id}`);
        F.check(p.status === 200, `the owner reads the new post: ${p.status}`);
      },
      restore: async (ctx, res) => {
        if (res?.status === 201 && res.json?.id) {
          notePost(ctx.priv, res.json.id);
          await must(owner, 'DELETE', `/api/v1/posts/${res.json.id}`, undefined, 204);
        }
      },
    },
    {
      name: 'GET /posts/{id}',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/posts/${ids.pid}` }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.id === basePost[priv] && res.json?.body?.includes(G[priv].body), `post: ${short(res.text)}`);
      },
    },
    {
      name: 'PATCH /posts/{id} (owner\'s post)',
      write: true,
      // the deactivated person tries their own post: the worst case
      prepare: async (ctx) => { ctx.ids.pid = isDeact(ctx.role) ? deactPost[ctx.priv] : await tmpPost(ctx); },
      request: (ctx, ids) => ({ method: 'PATCH', path: `/api/v1/posts/${ids.pid}`, body: { body: `${G[ctx.priv].body} rewritten by ${ctx.role}` } }),
      verify: async ({ F, priv, role, ids }, res) => {
        F.check(res.json?.body === `${G[priv].body} rewritten by ${role}` && res.json?.edited === true, `post: ${short(res.text)}`);
        const rv = await getJson(owner, `/api/v1/posts/${ids.pid}/revisions`);
        F.check(rv?.items?.length === 2, `two revisions after one edit: ${JSON.stringify(rv)}`);
      },
    },
    {
      name: 'DELETE /posts/{id} (owner\'s post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = isDeact(ctx.role) ? deactPost[ctx.priv] : await tmpPost(ctx); },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/posts/${ids.pid}` }),
      verify: async ({ F, ids }) => {
        const r = await owner.get(`/api/v1/posts/${ids.pid}`);
        F.check(r.status === 404, `a deleted post answers ${r.status}`);
      },
    },
    {
      name: 'GET /posts/{id}/revisions',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/posts/${ids.pid}/revisions` }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.items?.[0]?.body === `${G[priv].body} agenda for the week`, `revisions: ${short(res.text)}`);
      },
    },
    {
      name: 'GET /posts/{id}/comments',
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/posts/${ids.pid}/comments` }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.items?.some((c) => c.id === baseComment[priv]), `the comment is listed: ${short(res.text)}`);
      },
    },
    {
      name: 'POST /posts/{id}/comments',
      write: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/posts/${ids.pid}/comments`, body: { body: `${G[ctx.priv].body} comment by ${ctx.role}` } }),
      verify: async ({ F, priv, role }, res) => {
        F.check(res.json?.body === `${G[priv].body} comment by ${role}` && res.json?.post_id === basePost[priv], `comment: ${short(res.text)}`);
      },
      restore: async (ctx, res) => {
        if (res?.status === 201 && res.json?.id) await must(owner, 'DELETE', `/api/v1/comments/${res.json.id}`, undefined, 204);
      },
    },
    {
      name: 'POST /posts/{open post}/comments {parent_id: comment of this group}',
      write: true,
      snapPriv: 'open',
      ghostAll: true,
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/posts/${deactPost.open}/comments`, body: { body: `${G.open.body} a reply by ${ctx.role}`, parent_id: ids.cid } }),
      restore: async (ctx, res) => {
        if (res?.status === 201 && res.json?.id) await must(owner, 'DELETE', `/api/v1/comments/${res.json.id}`, undefined, 204);
      },
    },
    {
      name: 'DELETE /comments/{id} (owner\'s comment)',
      write: true,
      prepare: async (ctx) => { ctx.ids.cid = isDeact(ctx.role) ? deactComment[ctx.priv] : await tmpComment(ctx); },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/comments/${ids.cid}` }),
      verify: async ({ F, priv, ids }) => {
        const cs = await getJson(owner, `/api/v1/posts/${basePost[priv]}/comments?limit=100`);
        F.check(!cs.items.some((c) => c.id === ids.cid), 'the deleted comment is still listed');
      },
    },
    {
      name: 'PUT /posts/{id}/reactions/celebrate',
      write: true,
      request: (ctx, ids) => ({ method: 'PUT', path: `/api/v1/posts/${ids.pid}/reactions/celebrate` }),
      verify: async ({ F, priv }, res) => {
        F.check(res.json?.viewer_reaction === 'celebrate', `viewer_reaction: ${res.json?.viewer_reaction}`);
        const p = await getJson(owner, `/api/v1/posts/${basePost[priv]}`);
        F.check(p.reactions?.celebrate === 1, `the owner sees reactions ${JSON.stringify(p.reactions)}`);
      },
      restore: async (ctx, res) => {
        if (res?.status !== 200) return;
        if (ctx.role === 'owner') await must(owner, 'PUT', `/api/v1/posts/${basePost[ctx.priv]}/reactions/like`, undefined, 200);
        else await must(ctx.c, 'DELETE', `/api/v1/posts/${basePost[ctx.priv]}/reactions/celebrate`, undefined, 200);
      },
    },
    {
      name: 'DELETE /posts/{id}/reactions/{kind} (own reaction)',
      write: true,
      // Each viewer removes a reaction of their own: the owner's like, the
      // deactivated person's support; others first react where they may.
      prepare: async (ctx) => {
        ctx.kind = isDeact(ctx.role) ? 'support' : 'like';
        if (ctx.role !== 'owner' && canRead(ctx.priv, ctx.st)) {
          await must(ctx.c, 'PUT', `/api/v1/posts/${basePost[ctx.priv]}/reactions/like`, undefined, 200);
          ctx.reacted = true;
        }
      },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/posts/${ids.pid}/reactions/${ctx.kind}` }),
      verify: async ({ F, priv }, res, pre) => {
        F.check(res.json?.viewer_reaction === null, `viewer_reaction: ${res.json?.viewer_reaction}`);
        const before = pre.posts.find((x) => x.id === basePost[priv]).reaction_count;
        const p = await getJson(owner, `/api/v1/posts/${basePost[priv]}`);
        F.check(p.reaction_count === before - 1, `reaction_count ${before} before, ${p.reaction_count} after`);
      },
      restore: async (ctx, res) => {
        if (ctx.role === 'owner') await must(owner, 'PUT', `/api/v1/posts/${basePost[ctx.priv]}/reactions/like`, undefined, 200);
        else if (ctx.reacted && res?.status !== 200) await ctx.c.delete(`/api/v1/posts/${basePost[ctx.priv]}/reactions/like`);
      },
    },
    {
      name: 'PUT /posts/{id}/important (owner\'s post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = await tmpPost(ctx); },
      request: (ctx, ids) => ({ method: 'PUT', path: `/api/v1/posts/${ids.pid}/important`, body: { days: 2 } }),
      verify: async ({ F, ids }, res) => {
        F.check(res.json?.important?.active === true, `important: ${short(JSON.stringify(res.json?.important))}`);
        const p = await getJson(owner, `/api/v1/posts/${ids.pid}`);
        F.check(p.important?.active === true, 'the owner sees it important');
      },
    },
    {
      name: 'DELETE /posts/{id}/important (owner\'s important post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = await tmpImportant(ctx); },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/posts/${ids.pid}/important` }),
      verify: async ({ F, ids }, res) => {
        F.check(res.json?.important?.active === false, `important: ${short(JSON.stringify(res.json?.important))}`);
      },
    },
    {
      name: 'POST /posts/{id}/acknowledge (owner\'s important post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = await tmpImportant(ctx); },
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/posts/${ids.pid}/acknowledge` }),
      verify: async ({ F, ids }, res) => {
        F.check(res.json?.viewer?.acknowledged_at, `acknowledged_at: ${short(res.text)}`);
        const p = await getJson(owner, `/api/v1/posts/${ids.pid}`);
        F.check(p.important?.receipts?.acknowledged === 1, `the author counts ${JSON.stringify(p.important?.receipts)}`);
      },
    },
    {
      name: 'POST /posts/{id}/seen (owner\'s important post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = await tmpImportant(ctx); },
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/posts/${ids.pid}/seen` }),
      verify: async ({ F, ids }, res) => {
        F.check(res.json?.viewer?.seen_at && !res.json?.viewer?.acknowledged_at, `receipt: ${short(res.text)}`);
        const p = await getJson(owner, `/api/v1/posts/${ids.pid}`);
        F.check(p.important?.receipts?.seen === 1, `the author counts ${JSON.stringify(p.important?.receipts)}`);
      },
    },
    {
      name: 'GET /posts/{id}/receipts (owner\'s important post)',
      prepare: async (ctx) => { ctx.ids.pid = await tmpImportant(ctx); },
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/posts/${ids.pid}/receipts?state=not_acknowledged` }),
      verify: async ({ F }, res) => {
        const logins = (res.json?.items ?? []).map((x) => x.user.login);
        F.check(logins.includes('member') && !logins.includes('owner') && !logins.includes('nonmember'),
          `not acknowledged: ${logins}`);
        F.check(res.json?.counts?.audience === logins.length, `counts ${JSON.stringify(res.json?.counts)}`);
      },
    },
    {
      name: 'POST /posts/{id}/nudge (owner\'s important post)',
      write: true,
      prepare: async (ctx) => { ctx.ids.pid = await tmpImportant(ctx); },
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/posts/${ids.pid}/nudge` }),
      verify: async ({ F }, res) => {
        F.check(res.json?.nudged >= 1, `nudged: ${short(res.text)}`);
      },
    },
    // Held for review: every probe but the owner's withdrawal asks about
    // the lasting held post (or, deactivated, their own). A refused decision
    // or withdrawal must leave the monitor's queue and the group's posts as
    // they were (reviews: true snapshots those instead of the group).
    {
      name: 'GET /reviews/{id} (owner\'s held post)',
      codes: { 404: 'not_found' },
      prepare: async (ctx) => { if (isDeact(ctx.role)) ctx.ids.rid = deactHeld[ctx.priv]; },
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/reviews/${ids.rid}` }),
      verify: async ({ F, priv }, res) => {
        const r = res.json;
        F.check(r?.id === baseHeld[priv] && r?.state === 'pending' && r?.kind === 'post' && r?.post_id === null,
          `review: ${short(res.text)}`);
        F.check(r?.author?.id === uid.owner && r?.group?.id === groups[priv] && r?.group?.privacy === priv,
          `author and group: ${short(JSON.stringify({ author: r?.author, group: r?.group }))}`);
        F.check(r?.body?.includes(G[priv].held), `body: ${r?.body}`);
        F.check(r?.findings?.[0]?.rule === 'dob' && r?.findings?.[0]?.action === 'hold', `findings: ${JSON.stringify(r?.findings)}`);
        F.check(r?.can_decide === false && r?.decided_by === null, `can_decide ${r?.can_decide}, decided_by ${r?.decided_by}`);
      },
    },
    ...[['release', { reason: 'Fine to publish.' }], ['reject', { reason: 'Not in a group post, please.' }]].map(([verb, body]) => ({
      name: `POST /reviews/{id}/${verb} (owner's held post)`,
      write: true,
      reviews: true,
      codes: { 403: 'monitors_only', 404: 'not_found' },
      prepare: async (ctx) => { if (isDeact(ctx.role)) ctx.ids.rid = deactHeld[ctx.priv]; },
      request: (ctx, ids) => ({ method: 'POST', path: `/api/v1/reviews/${ids.rid}/${verb}`, body }),
      restore: async (ctx, res) => { // a release that should not have happened published a post
        if (res?.status === 200 && res.json?.post_id) await owner.delete(`/api/v1/posts/${res.json.post_id}`);
      },
    })),
    {
      name: 'DELETE /reviews/{id} (owner\'s held post)',
      write: true,
      reviews: true,
      codes: { 404: 'not_found' },
      // the owner withdraws a throwaway; the others try the lasting one
      prepare: async (ctx) => {
        if (isDeact(ctx.role)) ctx.ids.rid = deactHeld[ctx.priv];
        else if (ctx.role === 'owner') ctx.ids.rid = await tmpHeld(ctx);
      },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/reviews/${ids.rid}` }),
      verify: async ({ F, ids }) => {
        const r = await owner.get(`/api/v1/reviews/${ids.rid}`);
        F.check(r.json?.state === 'withdrawn' && r.json?.post_id === null, `after withdrawing: ${short(r.text)}`);
      },
    },
    // The image in the owner's base post. Its bytes are not JSON: the client
    // answers them as text (decoded the same way each time), compared with
    // what the owner was served in setup. A refused change must leave the
    // post's image, its description and what is served as they were.
    ...['', '/thumbnail'].map((suffix, i) => ({
      name: `GET /images/{id}${suffix} (image in owner's post)`,
      codes: { 404: 'not_found' },
      request: (ctx, ids) => ({ method: 'GET', path: `/api/v1/images/${ids.imgid}${suffix}` }),
      verify: async ({ F, priv }, res) => {
        const want = imageRef[priv][i ? 'thumb' : 'full'];
        const got = { type: res.headers.get('content-type'), length: res.headers.get('content-length'), etag: res.headers.get('etag') };
        F.deepEqual(got, { type: want.type, length: want.length, etag: want.etag }, 'the image headers differ from the owner\'s');
        F.check(res.text === want.text, `the image bytes differ from the owner's (${res.text.length} vs ${want.text.length} chars)`);
      },
    })),
    {
      name: 'PATCH /images/{id} (image in owner\'s post)',
      write: true,
      snap: imageSnapshot,
      codes: { 404: 'not_found', 409: 'image_attached' },
      request: (ctx, ids) => ({ method: 'PATCH', path: `/api/v1/images/${ids.imgid}`,
        body: { alt: `Relabelled by ${ctx.role}`, shows_students: true } }),
    },
    {
      name: 'DELETE /images/{id} (image in owner\'s post)',
      write: true,
      snap: imageSnapshot,
      codes: { 404: 'not_found', 409: 'image_attached' },
      request: (ctx, ids) => ({ method: 'DELETE', path: `/api/v1/images/${ids.imgid}` }),
    },
  ];
  assert.deepEqual(ROUTES.map((r) => r.name).sort(), Object.keys(TABLE).sort(), 'every row of TABLE has a probe');

  for (const route of ROUTES) {
    for (const priv of PRIVACIES) {
      for (const role of ROLES) await probe(route, priv, role);
    }
  }

  // ---- listings: the group (or its post) appears exactly when it should ----
  const pages = async (c, path, F, role, what) => {
    const items = [];
    let cursor = null;
    for (let i = 0; i < 200; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await c.get(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
      scan(F, role, res, `${what} page ${i + 1}`);
      if (res.status !== 200) return { status: res.status, res, items };
      items.push(...res.json.items);
      cursor = res.json.next_cursor;
      if (!cursor) return { status: 200, res, items };
    }
    F.fail(`${what}: more than 200 pages`);
    return { status: 200, items };
  };
  const LIST_ROUTES = [
    { name: 'GET /groups (every page)', fetch: async (c, F, role) => {
      const a = await pages(c, '/api/v1/groups?limit=1', F, role, 'GET /groups?limit=1');
      if (a.status === 200) {
        const b = await pages(c, '/api/v1/groups?limit=100', F, role, 'GET /groups?limit=100');
        F.deepEqual(a.items.map((g) => g.id), b.items.map((g) => g.id), 'paging one by one gives the same groups');
      }
      return a;
    }, has: (items, priv) => items.some((g) => g.id === groups[priv]) },
    { name: 'GET /groups?q=<name>', fetch: (c, F, role, priv) => pages(c, `/api/v1/groups?q=${encodeURIComponent(G[priv].name)}`, F, role, 'search'),
      has: (items, priv) => items.some((g) => g.id === groups[priv]) },
    { name: 'GET /groups?q=<purpose>', fetch: (c, F, role, priv) => pages(c, `/api/v1/groups?q=${G[priv].purposeMark}`, F, role, 'search'),
      has: (items, priv) => items.some((g) => g.id === groups[priv]) },
    { name: 'GET /groups?q=<post text>', fetch: (c, F, role, priv) => pages(c, `/api/v1/groups?q=${G[priv].body}`, F, role, 'search'),
      has: (items, priv) => items.some((g) => g.id === groups[priv]) },
    { name: 'GET /groups?filter=mine', fetch: (c, F, role) => pages(c, '/api/v1/groups?filter=mine&limit=1', F, role, 'mine'),
      has: (items, priv) => items.some((g) => g.id === groups[priv]) },
    { name: 'GET /feed (every page)', fetch: (c, F, role) => pages(c, '/api/v1/feed?limit=1', F, role, 'feed'),
      has: (items, priv) => items.some((p) => p.id === basePost[priv]),
      extra: (F, items, priv, role) => {
        for (const p of items) {
          if (p.group?.id === groups[priv] && !active(STATE[role][priv])) F.fail(`the feed carries post ${p.id} of a group the viewer is not a member of`);
        }
      } },
    ...[['owner', basePost], ['deactivated', deactPost]].map(([author, theirPost]) => ({
      name: `GET /users/{${author}}/posts (every page)`,
      fetch: async (c, F, role) => {
        const a = await pages(c, `/api/v1/users/${uid[author]}/posts?limit=1`, F, role, `GET /users/{${author}}/posts?limit=1`);
        if (a.status === 200) {
          const b = await pages(c, `/api/v1/users/${uid[author]}/posts?limit=100`, F, role, `GET /users/{${author}}/posts?limit=100`);
          F.deepEqual(a.items.map((p) => p.id), b.items.map((p) => p.id), 'paging one by one gives the same posts');
        }
        return a;
      },
      has: (items, priv) => items.some((p) => p.id === theirPost[priv]),
      extra: (F, items, priv, role) => {
        const ids = items.map((p) => p.id);
        F.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
        for (const p of items) {
          F.check(p.author?.id === uid[author], `post ${p.id} is by ${p.author?.login}, not ${author}`);
          if (p.group?.id === groups[priv] && !canRead(priv, STATE[role][priv])) F.fail(`post ${p.id} of a group whose content the viewer may not read`);
        }
        const mine = items.filter((p) => p.group?.id === groups[priv]).map((p) => p.id);
        if (canRead(priv, STATE[role][priv])) F.deepEqual(mine, [theirPost[priv]], `the ${author}'s live posts in the ${priv} group`);
      },
    })),
    { name: 'GET /groups?filter=suggested', fetch: (c, F, role) => pages(c, '/api/v1/groups?filter=suggested&limit=100', F, role, 'suggested'),
      has: (items, priv) => items.some((g) => g.id === groups[priv]),
      extra: (F, items, priv, role) => {
        for (const g of items) {
          F.check(g.privacy !== 'secret', `a secret group is suggested: ${g.id}`);
          F.check(g.viewer?.state === 'none', `group ${g.id} is suggested to a viewer in state ${g.viewer?.state}`);
        }
        const want = cell(LISTED['GET /groups?filter=suggested'][priv], role);
        const g = items.find((x) => x.id === groups[priv]);
        if (want === true && g) F.check(g.viewer?.can_read === canRead(priv, STATE[role][priv]), `viewer.can_read ${g.viewer?.can_read}`);
      } },
    { name: 'GET /reviews (every page)', fetch: (c, F, role) => pages(c, '/api/v1/reviews?limit=1', F, role, 'GET /reviews?limit=1'),
      has: (items, priv) => items.some((r) => r.id === baseHeld[priv]),
      extra: (F, items, priv, role, got) => {
        F.check(got.res?.json?.pending_count === null, `pending_count ${got.res?.json?.pending_count} for a non-monitor`);
        for (const r of items) {
          F.check(r.author?.id === uid[role] && r.state === 'pending', `review ${r.id} by ${r.author?.login} (${r.state}) in ${role}'s queue`);
        }
      } },
  ];
  assert.deepEqual(LIST_ROUTES.map((r) => r.name).sort(), Object.keys(LISTED).sort());
  for (const lr of LIST_ROUTES) {
    for (const priv of PRIVACIES) {
      for (const role of ROLES) {
        const label = `${role} × ${priv} × ${lr.name}`;
        probes++;
        await t.test(label, async () => {
          const F = new Failures(label);
          const want = cell(LISTED[lr.name][priv], role);
          const got = await lr.fetch(roleClient[role], F, role, priv);
          if (want === U) {
            F.check(got.status === 401, `status: expected 401, got ${got.status}: ${short(got.res?.text)}`);
            if (got.status >= 400) checkProblem(F, got.res);
          } else if (F.check(got.status === 200, `status: expected 200, got ${got.status}: ${short(got.res?.text)}`)) {
            const has = lr.has(got.items, priv);
            F.check(has === want, `the ${priv} group ${want ? 'is missing from' : 'appears in'} the answer: ${short(JSON.stringify(got.items.map((x) => x.id)))}`);
            lr.extra?.(F, got.items, priv, role, got);
          }
          F.done();
        });
      }
    }
  }

  // ---- notifications: every page of GET /notifications, scanned ----
  // who: a role (its leak rules) or leak rules of its own.
  const allNotes = async (F, who, c) => {
    const items = [];
    let unread = null;
    let cursor = null;
    for (let i = 0; i < 50; i++) {
      const res = await c.get(`/api/v1/notifications?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const rules = typeof who === 'string' ? leakRules(who) : who;
      for (const l of findLeaks(res, rules)) F.fail(`LEAK in GET /notifications: ${l}`);
      if (res.status !== 200) return { status: res.status, res };
      items.push(...res.json.items);
      unread ??= res.json.unread_count;
      cursor = res.json.next_cursor;
      if (!cursor) break;
    }
    return { status: 200, items, unread };
  };
  for (const priv of PRIVACIES) {
    for (const role of ROLES) {
      const label = `${role} × ${priv} × GET /notifications (mentioned in a post of the group)`;
      probes++;
      await t.test(label, async () => {
        const F = new Failures(label);
        const want = cell(NOTIFIED[priv], role);
        const got = await allNotes(F, role, roleClient[role]);
        if (want === U) {
          F.check(got.status === 401, `status: expected 401, got ${got.status}`);
          if (got.res) checkProblem(F, got.res);
        } else if (F.check(got.status === 200, `status: expected 200, got ${got.status}`)) {
          const has = got.items.some((n) => n.kind === 'mention' && n.post_id === mentionPost[priv]);
          F.check(has === want, `mention listed: ${has}, expected ${want}`);
          if (!canRead(priv, STATE[role][priv])) {
            F.check(!got.items.some((n) => n.group?.id === groups[priv] && n.post_id !== null),
              'a notification about a post of a group the viewer may not read');
          }
          F.check(got.unread === got.items.filter((n) => !n.read).length,
            `unread_count ${got.unread} differs from the unread notifications listed`);
        }
        F.done();
      });
    }
  }
  // A member who leaves stops seeing (and counting) what a closed or secret
  // group notified them of; an open group's content stays readable.
  const victim = clients.victim;
  for (const priv of PRIVACIES) {
    const label = `victim × ${priv} × GET /notifications after leaving the group`;
    probes++;
    await t.test(label, async () => {
      const F = new Failures(label);
      try {
        const before = await allNotes(F, 'member', victim);
        F.check(before.items?.some((n) => n.post_id === mentionPost[priv]), 'the mention is listed while a member');
        await must(victim, 'DELETE', `/api/v1/groups/${groups[priv]}/members/${uid.victim}`, undefined, 204);
        // Now only the left group is out of reach (a secret one entirely).
        const rules = priv === 'open' ? leakRules('member') : {
          markers: priv === 'secret' ? [G[priv].nameMark, G[priv].purposeMark] : [],
          hiddenGroups: new Set([groups[priv]]),
          hiddenPosts: hiddenPostIds[priv],
        };
        const after = await allNotes(F, rules, victim);
        const about = (after.items ?? []).filter((n) => n.group?.id === groups[priv] && n.post_id !== null);
        if (priv === 'open') F.check(about.some((n) => n.post_id === mentionPost[priv]), 'an open group\'s mention stays');
        else F.deepEqual(about.map((n) => n.id), [], 'notifications about the group\'s posts after leaving');
        F.check(after.unread === after.items.filter((n) => !n.read).length,
          `unread_count ${after.unread} differs from the unread notifications listed`);
        if (priv !== 'open') {
          // a closed group's name stays visible, so do notifications about the group alone
          const gone = (n) => n.group?.id === groups[priv] && (priv === 'secret' || n.post_id !== null);
          const hiddenUnread = before.items.filter((n) => !n.read && gone(n)).length;
          F.check(after.unread === before.unread - hiddenUnread,
            `unread_count ${after.unread}, expected ${before.unread} - ${hiddenUnread}`);
        }
      } finally {
        await restoreMembers(priv);
      }
      F.done();
    });
  }

  // ---- a system admin sees every group but is never suggested a secret one ----
  probes++;
  await t.test('auditor × - × GET /groups?filter=suggested', async () => {
    const F = new Failures('auditor × GET /groups?filter=suggested');
    const res = await auditor.get('/api/v1/groups?filter=suggested&limit=100');
    F.check(res.status === 200, `status: expected 200, got ${res.status}: ${short(res.text)}`);
    const got = (res.json?.items ?? []).map((g) => g.id);
    F.check(res.json?.next_cursor === null, `next_cursor ${res.json?.next_cursor}`);
    const counts = {};
    for (const priv of PRIVACIES) counts[priv] = (await auditor.get(`/api/v1/groups/${groups[priv]}`)).json?.member_count;
    const want = ['open', 'closed'].sort((x, y) => counts[y] - counts[x] || groups[x] - groups[y]).map((p) => groups[p]);
    F.deepEqual(got, want, `the open and closed groups, most members first (${JSON.stringify(counts)}), never the secret one`);
    F.done();
  });

  // ---- a group id as a listing cursor ----
  for (const priv of PRIVACIES) {
    for (const role of ROLES) {
      const label = `${role} × ${priv} × GET /groups?cursor={id}`;
      probes++;
      await t.test(label, async () => {
        const F = new Failures(label);
        const want = cell(CURSOR_TABLE[priv], role);
        const c = roleClient[role];
        const res = await c.get(`/api/v1/groups?cursor=${groups[priv]}`);
        scan(F, role, res);
        F.check(res.status === want, `status: expected ${want}, got ${res.status}: ${short(res.text)}`);
        if (res.status >= 400) checkProblem(F, res);
        if (want >= 400 && res.status === want) {
          const g = await c.get(`/api/v1/groups?cursor=${GHOST}`);
          F.deepEqual(problemShape(res), problemShape(g), 'the refusal differs from the one for a cursor that names nothing');
        }
        F.done();
      });
    }
  }

  // ---- the rest of what a viewer can reach: nothing there may leak ----
  const SWEEP = ['/api/v1/me', '/api/v1/users', `/api/v1/users?q=Person&limit=100`, `/api/v1/users/${uid.owner}`,
    `/api/v1/users/${uid.deactivated}`, '/api/v1/orgs', '/api/v1/tokens', `/api/v1/feed?cursor=${basePost.secret}`,
    `/api/v1/groups?q=Hush`, `/api/v1/groups?q=Curriculum`, `/api/v1/posts/${GHOST}`, `/api/v1/groups/${GHOST}`,
    '/api/v1/users?login=owner', '/api/v1/users?login=deactivated', `/api/v1/users/${GHOST}/posts`,
    '/api/v1/notifications?limit=100', '/api/v1/notifications?unread=true', '/api/v1/notifications/settings?limit=100',
    '/api/v1/drafts?limit=100', '/api/v1/me/email-settings', `/api/v1/drafts/${GHOST}`,
    '/api/v1/reviews?state=all&limit=100', `/api/v1/reviews/${GHOST}`];
  for (const role of ROLES) {
    for (const path of SWEEP) {
      const label = `${role} × - × GET ${path.replace(/\/\d+/g, '/{id}').replace(/cursor=\d+/, 'cursor={id}')}`;
      probes++;
      await t.test(label, async () => {
        const F = new Failures(label);
        const res = await roleClient[role].get(path);
        scan(F, role, res);
        const want = STATE[role].open === 'unauth' ? 401 : (path.includes(String(GHOST)) ? 404 : 200);
        F.check(res.status === want, `status: expected ${want}, got ${res.status}: ${short(res.text)}`);
        if (res.status >= 400) checkProblem(F, res);
        F.done();
      });
    }
  }

  // ---- every /api/v1 route but POST /session refuses the unauthenticated ----
  const fallback = [
    ['DELETE', '/api/v1/session'], ['GET', '/api/v1/me'], ['POST', '/api/v1/tokens'], ['GET', '/api/v1/tokens'],
    ['DELETE', '/api/v1/tokens/{id}'], ['GET', '/api/v1/users'], ['GET', '/api/v1/users/{id}'], ['GET', '/api/v1/orgs'],
    ['GET', '/api/v1/groups'], ['POST', '/api/v1/groups'],
  ].map(([method, path]) => ({ method, path, isPublic: false }));
  const table = readRouteTable(new URL('../../src/api/routes.c', import.meta.url)) ?? fallback;
  const sample = { id: basePost.open, user_id: uid.member, kind: 'like' };
  const bodies = {
    'POST /api/v1/groups': { name: `${G.secret.name} twin`, purpose: 'a group made without credentials', privacy: 'secret' },
    'POST /api/v1/tokens': { name: 'made without credentials' },
  };
  for (const rt of table) {
    if (!rt.path.startsWith('/api/v1/') || rt.isPublic) continue;
    const path = rt.path.replace(/\{(\w+)(:\w+)?\}/g, (_, n) => String(sample[n] ?? 1));
    for (const role of ['deact-cookie', 'deact-token', 'anonymous']) {
      const label = `${role} × - × ${rt.method} ${rt.path}`;
      probes++;
      await t.test(label, async () => {
        const F = new Failures(label);
        const res = await roleClient[role].req(rt.method, path, bodies[`${rt.method} ${rt.path}`]);
        scan(F, role, res);
        F.check(res.status === 401, `status: expected 401, got ${res.status}: ${short(res.text)}`);
        if (res.status >= 400) checkProblem(F, res);
        if (rt.method === 'POST' && rt.path === '/api/v1/groups') {
          F.check(await auditorGroupCount() === groupCount, 'a group was created without credentials');
        }
        F.done();
      });
    }
  }

  // ---- signing in: open to all, but not to the deactivated ----
  probes++;
  await t.test('deactivated × - × POST /session (right password)', async () => {
    const F = new Failures('deactivated × POST /session');
    const res = await anon(srv.url).post('/api/v1/session', { login: 'deactivated', password: PW });
    F.check(res.status === 401, `status: expected 401, got ${res.status}: ${short(res.text)}`);
    F.check(!(res.headers.getSetCookie?.() ?? []).some((c) => /staffroom_session=[^;]/.test(c)), 'a session cookie was set');
    if (res.status >= 400) checkProblem(F, res);
    F.done();
  });
  probes++;
  await t.test('anonymous × - × POST /session', async () => {
    const F = new Failures('anonymous × POST /session');
    const bad = await anon(srv.url).post('/api/v1/session', { login: 'target', password: 'not the password' });
    F.check(bad.status === 401, `wrong password: expected 401, got ${bad.status}`);
    const good = await anon(srv.url).post('/api/v1/session', { login: 'target', password: PW });
    F.check(good.status === 200, `right password: expected 200, got ${good.status}: ${short(good.text)}`);
    F.done();
  });

  // ---- nothing drifted over the whole run ----
  for (const priv of PRIVACIES) {
    probes++;
    await t.test(`owner × ${priv} × memberships unchanged after the whole matrix`, async () => {
      assert.deepEqual(await membership(priv), baselineMembers[priv]);
    });
  }
  t.diagnostic(`permission matrix: ${probes} probes`);
});
