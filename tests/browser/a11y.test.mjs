// Accessibility and small screens: axe-core (WCAG 2.1 A/AA) finds no serious or critical
// problem on each page, nothing scrolls sideways at 360 px, landmarks are there, and the
// laptop and phone screenshots are saved in tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, axe, LAPTOP, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'ui.admin', password: 'ui-admin-password-1', unit: 'VN', role: 'admin' };
const NARROW = { width: 360, height: 740 };
let srv, browser;

before(async () => {
  if (skip) return;
  srv = await start({ users: [ADMIN] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const PAGES = [
  { name: 'units', path: '/units', ready: '#unit-tree li[data-code="TW"]' },
  { name: 'units-as-of', path: '/units?as_of=2025-06-01', ready: '#unit-tree li[data-code="TW"]' },
  { name: 'unit-P01', path: '/units/P01', ready: 'dl.facts' },
  { name: 'users', path: '/users', ready: '#users-table tbody tr' },
  { name: 'dashboard', path: '/dashboard', ready: '#dash-counts' },
  { name: 'programme', path: '/programme', ready: '#pub-ind-table tbody tr' },
];

for (const vp of [LAPTOP, PHONE, NARROW]) {
  test(`pages at ${vp.width}x${vp.height}: axe, landmarks, no sideways scroll`, { skip }, async () => {
    const page = await newPage(browser, srv.base, vp);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    assert.deepEqual(await axe(page), [], 'login page');
    if (vp !== NARROW) await shot(page, 'login');
    await login(page, ADMIN.username, ADMIN.password, '/units');
    await page.waitForURL(u => u.pathname === '/units');
    for (const p of PAGES) {
      await page.goto(p.path);
      await page.locator(p.ready).first().waitFor();
      assert.equal(await page.locator('main').count(), 1, `${p.name}: one <main>`);
      assert.equal(await page.locator('header nav[aria-label]').count(), 1, `${p.name}: labelled nav`);
      assert.equal(await page.locator('h1').count(), 1, `${p.name}: one h1`);
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name || el.id));
      assert.deepEqual(unlabelled, [], `${p.name}: every input has a label`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p.name}: scrolls sideways by ${overflow}px at ${vp.width}px`);
      assert.deepEqual(await axe(page), [], `${p.name}: axe`);
      if (vp !== NARROW) await shot(page, p.name);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('skip link moves focus to the main content', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, ADMIN.username, ADMIN.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  await page.goto('/units');
  await page.locator('#unit-tree li[data-code="TW"]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(new URL(page.url()).pathname, '/units');
  await page.context().close();
});
