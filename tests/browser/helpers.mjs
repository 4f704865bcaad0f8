// Shared pieces of the browser tests: a real nq57 server (tests/lib/server.mjs), headless
// Chromium, screenshots into tests/artifacts/, and axe-core.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { ROOT, BIN, startServer } from '../lib/server.mjs';

export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

// Why the suite cannot run here, or null when it can.
export function skipReason() {
  if (!existsSync(process.env.CHROMIUM || '/usr/bin/chromium')) return 'no Chromium at /usr/bin/chromium';
  if (!existsSync(BIN)) return `no server binary at ${BIN} (run make)`;
  return null;
}

// The server serves web/ from the working tree (--web), so the tests see the UI as it is now,
// not the copy embedded in the binary at its last build; NQ57_BROWSER_EMBEDDED=1 tests that copy.
export async function start(opts = {}) {
  const web = process.env.NQ57_BROWSER_EMBEDDED ? [] : ['--web', join(ROOT, 'web')];
  return startServer({ ...opts, extraArgs: [...web, ...(opts.extraArgs || [])] });
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A fresh context (own cookies and localStorage) and page; console errors are collected so a
// test can assert the UI threw none.
export async function newPage(browser, base, viewport = LAPTOP) {
  const context = await browser.newContext({ baseURL: base, viewport, locale: 'vi-VN' });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

// Waits until the locator's text matches re; on timeout the error shows the text it had.
export async function waitForText(locator, re, timeout = 10000) {
  const end = Date.now() + timeout;
  let last = '';
  while (Date.now() < end) {
    last = await locator.innerText({ timeout: 1000 }).catch(() => '');
    if (re.test(last)) return last;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${re}; the text was: ${JSON.stringify(last)}`);
}

export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const vp = page.viewportSize();
  // A full-page shot of a long table takes seconds on a loaded 2-core machine: give it 30 s.
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${vp.width}x${vp.height}.png`), fullPage: true, timeout: 30000 });
}

export async function login(page, username, password, next = '') {
  await page.goto('/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core (WCAG 2.x A and AA rules) and returns the serious and critical violations.
export async function axe(page) {
  // Evaluated over the DevTools protocol, which the server's Content-Security-Policy allows.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(`${AXE}\n;0`);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}
