// Browser-test plumbing: a real `staffroom serve` on the demo district with
// the built web client, Debian's Chromium driven by playwright-core, axe-core
// injected into pages, and screenshots written to test-artifacts/ (ignored
// by git) so a person can look at what the tests saw.

import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { run, startServer } from '../../api/lib/server.mjs';
import { Client } from '../../api/lib/client.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_DIR = join(ROOT, 'web/dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const DEMO_PASSWORD = 'staffroom-demo';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Starts the demo district with the web client; returns the harness server. */
export async function startDemo(opts = {}) {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(`no built web client in ${WEB_DIR}: run \`make web\``);
  }
  return startServer({ demo: true, ...opts, args: ['--web-dir', WEB_DIR, ...(opts.args ?? [])] });
}

/** Launches headless Chromium with the flags this closed network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

let axeSource = null;

/** Runs axe-core on the page; returns its violations (WCAG 2.1 A and AA). */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    // Evaluated through the DevTools protocol: the server's Content-Security-
    // Policy (script-src 'self') refuses an inline <script> from addScriptTag.
    axeSource ??= await readFile(AXE, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** Writes a full-page screenshot to test-artifacts/screenshots/NAME.png. */
export async function screenshot(page, name) {
  const dir = join(ARTIFACTS, 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/* ------------------------------------------------------------------------
 * Helpers for the browser tests (tests/e2e/*.test.mjs).
 * Everything waits for elements or responses; nothing sleeps a fixed time.
 * ---------------------------------------------------------------------- */


/** The time a single expectation may take before it fails. */
export const WAIT_MS = 10_000;

/**
 * A new browser context (its own cookies and storage: one person) and a page
 * in it. Service workers are blocked unless serviceWorkers: 'allow' (a worker
 * would hide requests from page.route()). Uncaught page errors are collected
 * in page.errors; assertNoPageErrors() checks them.
 */
export async function newPage(browser, { viewport = DESKTOP, serviceWorkers = 'block', ...opts } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers, locale: 'en-US', ...opts });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return { context, page };
}

export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], `uncaught errors in the page: ${page.errors.join('\n')}`);
}

/** Adds a person with the CLI (`user add`, password on stdin); returns their login. */
export async function addUser(srv, { login, name, title, org, role, password = DEMO_PASSWORD }) {
  const args = ['user', 'add', '--db', srv.dbPath, '--login', login, '--name', name ?? login];
  if (title) args.push('--title', title);
  if (org) args.push('--org', org);
  if (role) args.push('--role', role);
  const r = await run(args, { input: `${password}\n` });
  assert.equal(r.code, 0, `user add ${login}: ${r.stdout}${r.stderr}`);
  return login;
}

/** An API client signed in as this person. */
export async function apiAs(srv, login, password = DEMO_PASSWORD) {
  const c = new Client(srv.url);
  await c.login(login, password);
  return c;
}

/** Signs the browser context in through the API (its cookie jar is the context's). */
export async function signInContext(context, srv, login, password = DEMO_PASSWORD) {
  const res = await context.request.post(`${srv.url}/api/v1/session`, { data: { login, password } });
  assert.equal(res.status(), 200, `sign in as ${login}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** Signs in through the sign-in page, with the mouse. Leaves the page on where it went next. */
export async function signInPage(page, login, password = DEMO_PASSWORD) {
  await page.getByRole('heading', { level: 1, name: 'Sign in to staffroom' }).waitFor();
  await page.getByRole('textbox', { name: 'Login' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The page's h1. */
export function h1(page) {
  return page.getByRole('heading', { level: 1 });
}

/** Waits for the page's h1 to have exactly this text; returns the locator. */
export async function waitForH1(page, name) {
  const h = page.getByRole('heading', { level: 1, name, exact: true });
  await h.waitFor();
  return h;
}

/** Goes to a path of the client and waits for its h1 (exact text or RegExp). */
export async function visit(page, srv, path, heading) {
  await page.goto(srv.url + path);
  return waitForH1(page, heading);
}

/** True when the locator's element has the keyboard focus. */
export async function isFocused(locator) {
  return locator.evaluate((el) => el === document.activeElement);
}

/** A short description of the focused element, for assertion messages. */
export async function focusedDescription(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body> (nothing focused)';
    const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '';
    return `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}> "${label.trim().replace(/\s+/g, ' ').slice(0, 80)}"`;
  });
}

/** Waits (polling, no fixed sleep) until the locator's element has the focus. */
export async function waitForFocus(locator, what, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if ((await locator.count()) === 1 && (await isFocused(locator))) return;
    if (Date.now() > deadline) {
      assert.fail(`focus should be on ${what}, but it is on ${await focusedDescription(locator.page())}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Keyboard only: presses Tab (or Shift+Tab) until the locator's element has
 * the focus; fails after max presses. Returns the number of presses.
 */
export async function tabTo(page, locator, what, { max = 80, back = false } = {}) {
  await locator.waitFor();
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await isFocused(locator)) return i;
  }
  assert.fail(`${what} was not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}; ` +
    `focus is on ${await focusedDescription(page)}`);
}

/** Polls fn until it returns a truthy value; fails with message after timeout. */
export async function until(fn, message, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(typeof message === 'function' ? await message() : message);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs axe and fails with a readable list of the violations. */
export async function assertNoAxeViolations(page, label) {
  const v = await axe(page);
  assert.deepEqual(v, [], `axe violations on ${label}:\n` +
    v.map((x) => `- ${x.id} (${x.impact}): ${x.help}\n    ${x.nodes.join('\n    ')}`).join('\n'));
}

/** True when the page scrolls sideways (content wider than the viewport). */
export async function overflowsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** The post card (article "AUTHOR in GROUP") whose body contains text. */
export function postCard(scope, author, group, text) {
  let a = scope.getByRole('article', { name: `${author} in ${group}`, exact: true });
  if (text) a = a.filter({ hasText: text });
  return a;
}
