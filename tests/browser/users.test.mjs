// User management through the UI (admin), validation messages on the offending field, editing
// in the dialog, and what a non-admin sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'ui.admin', password: 'ui-admin-password-1', unit: 'VN', role: 'admin' };
const LEADER = { username: 'ui.leader', password: 'ui-leader-password-1', unit: 'P01', role: 'leader' };
let srv, browser;

before(async () => {
  if (skip) return;
  srv = await start({ users: [ADMIN, LEADER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function usersPage(viewport) {
  const page = await newPage(browser, srv.base, viewport);
  await login(page, ADMIN.username, ADMIN.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
  await page.waitForURL(u => u.pathname === '/users');
  await page.locator('#users-table tr[data-username="ui.admin"]').waitFor();
  return page;
}

test('admin creates a user through the UI and it appears in the list', { skip }, async () => {
  const page = await usersPage();
  await page.getByText('Thêm người dùng').click();
  const form = page.locator('#user-create');
  await form.getByLabel('Tên đăng nhập').fill('can.bo.moi');
  await form.getByLabel('Họ và tên').fill('Nguyễn Thị Thu Hà');
  await form.getByLabel('Mật khẩu').fill('mat-khau-du-dai-1');
  await form.getByLabel('Đơn vị').fill('P01');
  await form.getByLabel('Vai trò').selectOption('reporter');
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const row = page.locator('#users-table tr[data-username="can.bo.moi"]');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Nguyễn Thị Thu Hà/);
  assert.match(text, /Cán bộ báo cáo/);
  assert.match(text, /Thành phố Hà Nội/);
  await page.getByRole('status').filter({ hasText: 'can.bo.moi' }).waitFor();
  await shot(page, 'users');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('validation errors from the API are shown on the offending field', { skip }, async () => {
  const page = await usersPage();
  await page.getByText('Thêm người dùng').click();
  const form = page.locator('#user-create');
  const submit = form.getByRole('button', { name: 'Tạo tài khoản' });
  const fill = async (o) => {
    for (const [label, v] of Object.entries(o)) await form.getByLabel(label, { exact: true }).fill(v);
  };
  const invalidField = async () => {
    await form.locator('[aria-invalid="true"]').waitFor();
    const name = await form.locator('[aria-invalid="true"]').getAttribute('name');
    const msg = await form.locator('.field.invalid .field-error').innerText();
    const focused = await page.evaluate(() => document.activeElement.name);
    return { name, msg, focused };
  };
  await fill({ 'Tên đăng nhập': 'Bad Name!', 'Họ và tên': 'Thử', 'Mật khẩu': 'mat-khau-du-dai-1', 'Đơn vị': 'P01' });
  await submit.click();
  let r = await invalidField();
  assert.equal(r.name, 'username');
  assert.equal(r.focused, 'username', 'focus moves to the offending field');
  assert.match(r.msg, /3–64 ký tự/);
  await shot(page, 'users-validation');

  await fill({ 'Tên đăng nhập': 'thu.nghiem', 'Mật khẩu': 'ngan' });
  await submit.click();
  await page.waitForFunction(() => document.querySelector('#user-create [aria-invalid="true"]')?.name === 'password');
  r = await invalidField();
  assert.equal(r.name, 'password');

  await fill({ 'Mật khẩu': 'mat-khau-du-dai-1', 'Đơn vị': 'KHONG-CO' });
  await submit.click();
  await page.waitForFunction(() => document.querySelector('#user-create [aria-invalid="true"]')?.name === 'unit');
  r = await invalidField();
  assert.equal(r.name, 'unit');
  await page.context().close();
});

test('admin edits a user role and locks the account in the dialog', { skip }, async () => {
  const page = await usersPage();
  await page.getByRole('button', { name: 'Sửa ui.leader' }).click();
  const dlg = page.getByRole('dialog', { name: 'Sửa người dùng ui.leader' });
  await dlg.waitFor();
  await dlg.getByLabel('Vai trò').selectOption('handler');
  await dlg.getByLabel('Tài khoản đang hoạt động').uncheck();
  await dlg.getByRole('button', { name: 'Lưu' }).click();
  await dlg.waitFor({ state: 'detached' });
  const row = page.locator('#users-table tr[data-username="ui.leader"]');
  await row.filter({ hasText: 'Cán bộ xử lý phản ánh' }).waitFor();
  assert.match(await row.innerText(), /Đã khóa/);
  // Escape closes without saving and gives focus back to the button.
  await page.getByRole('button', { name: 'Sửa ui.leader' }).click();
  await dlg.waitFor();
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Sửa ui.leader');
  // Put it back for the next test.
  await page.getByRole('button', { name: 'Sửa ui.leader' }).click();
  await dlg.getByLabel('Vai trò').selectOption('leader');
  await dlg.getByLabel('Tài khoản đang hoạt động').check();
  await dlg.getByRole('button', { name: 'Lưu' }).click();
  await row.filter({ hasText: 'Lãnh đạo' }).waitFor();
  await page.context().close();
});

test('a non-admin does not see Users, cannot open /users, and the tree starts at their unit', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await login(page, LEADER.username, LEADER.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  await page.locator('#unit-tree li.node').first().waitFor();
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  assert.ok(await nav.getByRole('link', { name: 'Đơn vị' }).isVisible());
  assert.equal(await nav.getByRole('link', { name: 'Người dùng' }).count(), 0);
  assert.equal(await page.locator('#unit-tree > li').getAttribute('data-code'), 'P01');
  assert.match(await page.locator('header').innerText(), /Lãnh đạo/);
  await shot(page, 'units-leader');
  await page.goto('/users');
  await page.getByRole('heading', { level: 1, name: 'Bạn không có quyền xem trang này.' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
