// Documents through the UI: the list, search without diacritics, the cascade both ways, and the
// standing office registering a plan that implements 57-NQ/TW.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, axe, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const OFFICE = { username: 'ui.vptw', password: 'ui-office-password-1', unit: 'TW-VPTW', role: 'standing_office' };
const LEADER = { username: 'ui.hn', password: 'ui-leader-password-1', unit: 'P01', role: 'leader' };
let srv, browser;

before(async () => {
  if (skip) return;
  srv = await start({ users: [OFFICE, LEADER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the list shows the bundled documents and finds them without diacritics', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, LEADER.username, LEADER.password, '/documents');
  await page.waitForURL(u => u.pathname === '/documents');
  await page.locator('table.docs').waitFor();
  assert.ok(await page.getByText('05-TB/BCĐTW').count() >= 1);
  await page.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('xanh hoa');
  await page.getByRole('button', { name: 'Tìm' }).click();
  await page.waitForURL(u => u.search.includes('q='));
  await page.locator('table.docs').waitFor();
  assert.ok(await page.getByText('05-TB/BCĐTW').count() >= 1, '"xanh hoa" finds 05-TB/BCĐTW');
  assert.equal(await page.locator('#docs-new').count(), 0, 'a leader does not register documents');
  const violations = (await axe(page)).filter(v => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(violations.map(v => v.id), []);
  await shot(page, 'documents-list-1366x768');
  await page.close();
});

test('a document page shows the cascade both ways and its text', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await login(page, LEADER.username, LEADER.password, '/documents');
  await page.waitForURL(u => u.pathname === '/documents');
  await page.getByRole('link', { name: /về đột phá phát triển khoa học/i }).first().click();
  await page.waitForURL(u => /^\/documents\/\d+$/.test(u.pathname));
  await page.getByRole('heading', { name: /57-NQ\/TW/ }).waitFor();
  const below = page.locator('ul.cascade');
  assert.ok(await below.getByText('05-TB/BCĐTW').count() >= 1, '05-TB/BCĐTW implements 57-NQ/TW');
  await below.getByRole('link', { name: /05-TB\/BCĐTW/ }).click();
  await page.getByRole('heading', { name: /05-TB\/BCĐTW/ }).waitFor();
  assert.ok(await page.locator('dl.facts').getByRole('link', { name: /57-NQ\/TW/ }).count() === 1,
            'and points back up to 57-NQ/TW');
  assert.match(await page.locator('.doc-text').innerText(), /xanh hoá/);
  await shot(page, 'document-detail-390x844');
  await page.close();
});

test('the standing office registers a plan in the cascade; a duplicate is refused on its field', { skip }, async () => {
  const page = await newPage(browser, srv.base);
  await login(page, OFFICE.username, OFFICE.password, '/documents');
  await page.waitForURL(u => u.pathname === '/documents');
  await page.locator('#docs-new').click();
  await page.waitForURL(u => u.pathname === '/documents/new');
  await page.getByLabel('Số, ký hiệu').fill('99-KH/TU');
  await page.getByLabel('Trích yếu').fill('Kế hoạch thực hiện Nghị quyết 57 trên địa bàn');
  await page.getByLabel('Ngày ban hành').fill('2025-03-01');
  await page.getByLabel('Cơ quan ban hành').fill('P01');
  const nq57 = await page.locator('#doc-implements option', { hasText: '57-NQ/TW' }).first().getAttribute('value');
  await page.locator('#doc-implements').selectOption(nq57);
  await page.locator('#doc-submit').click();
  await page.waitForURL(u => /^\/documents\/\d+$/.test(u.pathname));
  await page.getByRole('heading', { name: /99-KH\/TU/ }).waitFor();
  assert.ok(await page.locator('dl.facts').getByRole('link', { name: /57-NQ\/TW/ }).count() === 1);
  // The same number and date again: the error is on the number field.
  await page.goto(srv.base + '/documents/new');
  await page.getByLabel('Số, ký hiệu').fill('99-KH/TU');
  await page.getByLabel('Trích yếu').fill('Trùng');
  await page.getByLabel('Ngày ban hành').fill('2025-03-01');
  await page.getByLabel('Cơ quan ban hành').fill('P01');
  await page.locator('#doc-submit').click();
  await page.locator('#doc-number[aria-invalid="true"]').waitFor();
  await page.close();
});
