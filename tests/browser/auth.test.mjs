// Login, logout, keyboard access to the login form, the rate-limit message, and the language
// switch, through a real browser against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'ui.admin', password: 'ui-admin-password-1', unit: 'VN', role: 'admin' };
const LOCKED = { username: 'ui.locked', password: 'ui-locked-password-1', unit: 'P01', role: 'reporter' };
let srv, browser;

before(async () => {
  if (skip) return;
  srv = await start({ users: [ADMIN, LOCKED] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a bad password shows the error (in Vietnamese, or the API message in English)', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, ADMIN.username, 'wrong-password-123');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Sai tên đăng nhập hoặc mật khẩu/);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.getByLabel('Mật khẩu').inputValue(), '', 'password is cleared');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'password', 'focus back on the password');
  await shot(page, 'login-error');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill('wrong-password-456');
  const resp = page.waitForResponse(r => r.url().endsWith('/api/v1/auth/login'));
  await page.getByRole('button', { name: 'Log in' }).click();
  const body = await (await resp).json();
  assert.equal(body.error.code, 'unauthenticated');
  await page.getByRole('alert').filter({ hasText: body.error.message }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a good password lands on the dashboard of the user\'s unit, with the user in the header', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, ADMIN.username, ADMIN.password);
  await page.waitForURL(u => u.pathname === '/dashboard');
  await page.getByRole('heading', { level: 1, name: 'Cả nước' }).waitFor();
  await page.goto('/units');
  await page.locator('#unit-tree').getByRole('link', { name: 'Cả nước', exact: true }).waitFor();
  const header = page.locator('header');
  assert.match(await header.innerText(), /nq57 — Hệ thống giám sát, đánh giá thực hiện Nghị quyết 57-NQ\/TW/);
  assert.match(await header.innerText(), /Quản trị hệ thống/);
  assert.ok(await page.getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Người dùng' }).isVisible(), 'admin sees the Users link');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('login returns to ?next= and a signed-out visit is sent to login with next', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await page.goto('/units/P01');
  await page.waitForURL(u => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/units/P01');
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByLabel('Mật khẩu').press('Enter');
  await page.waitForURL(u => u.pathname === '/units/P01');
  await page.getByRole('heading', { level: 1, name: /Thành phố Hà Nội/ }).waitFor();
  await page.context().close();
});

test('keyboard: Tab reaches username, password and the submit button, with visible focus', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  const seen = [];
  for (let i = 0; i < 20 && !seen.includes('login-submit'); i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { key: el.name || el.id || el.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    seen.push(info.key);
    if (['username', 'password', 'login-submit'].includes(info.key))
      assert.ok(info.outline !== 'none' && info.width >= 2, `${info.key} shows a focus outline`);
  }
  const order = ['username', 'password', 'login-submit'].map(k => seen.indexOf(k));
  assert.ok(order.every(i => i >= 0), `Tab reached all three: ${seen.join(', ')}`);
  assert.ok(order[0] < order[1] && order[1] < order[2], `in order: ${seen.join(', ')}`);
  // And the keyboard alone signs in.
  await page.getByLabel('Tên đăng nhập').focus();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(u => u.pathname === '/dashboard');
  await page.context().close();
});

test('too many failures: 429 shows the retry delay', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await page.goto('/login');
  let text = '';
  for (let i = 0; i < 8; i++) {
    await page.getByLabel('Tên đăng nhập').fill(LOCKED.username);
    await page.getByLabel('Mật khẩu').fill('not-the-password-' + i);
    const resp = page.waitForResponse(r => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const r = await resp;
    await page.getByRole('alert').waitFor();
    text = await page.getByRole('alert').innerText();
    if (r.status() === 429) {
      const ra = r.headers()['retry-after'];
      assert.ok(ra, 'the server sends Retry-After');
      assert.match(text, new RegExp(`thử lại sau ${ra} giây`, 'i'));
      await shot(page, 'login-rate-limited');
      await page.context().close();
      return;
    }
  }
  assert.fail('no 429 after 8 failures; last message: ' + text);
});

test('language switch: English and back, persisted, <html lang> follows', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, ADMIN.username, ADMIN.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Unit tree' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.ok(await page.getByRole('link', { name: 'Units', exact: true }).isVisible());
  assert.ok(await page.getByRole('button', { name: 'Log out' }).isVisible());
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Unit tree' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'choice persists over a reload');
  await shot(page, 'units-english');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.ok(await page.getByRole('link', { name: 'Đơn vị', exact: true }).isVisible());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('logout returns to the login page and the session is gone', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await login(page, ADMIN.username, ADMIN.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  const resp = page.waitForResponse(r => r.url().endsWith('/api/v1/auth/logout'));
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  assert.equal((await resp).status(), 204, 'logout accepted (CSRF header sent)');
  await page.waitForURL(u => u.pathname === '/login');
  await page.getByRole('status').filter({ hasText: 'Bạn đã đăng xuất.' }).waitFor();
  await page.goto('/units');
  await page.waitForURL(u => u.pathname === '/login');
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then(r => r.status));
  assert.equal(me, 401);
  await page.context().close();
});
