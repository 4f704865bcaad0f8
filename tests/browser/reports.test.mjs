// The report pages: the list of reports owed by Hà Nội with the six-monthly report red (today is
// pinned to 2025-07-20, ten days after it was due); a reporter writing and submitting it and the
// leader approving it; the standard summary of the nation for the first half of 2025 with its
// print button, printed by Chromium (page.pdf, the print stylesheet) into tests/artifacts/;
// axe-core on the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { skipReason, start, launch, newPage, login, shot, axe, waitForText, ARTIFACTS, LAPTOP, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'rep.admin', password: 'rep-admin-password-1', unit: 'VN', role: 'admin' };
const LEADER = { username: 'hanoi.leader', password: 'hanoi-leader-password-1', unit: 'P01', role: 'leader' };
const REPORTER = { username: 'hanoi.reporter', password: 'hanoi-reporter-password-1', unit: 'P01', role: 'reporter' };
let srv, browser;

before(async () => {
  if (skip) return;
  process.env.NQ57_TODAY = '2025-07-20';
  srv = await start({ users: [ADMIN, LEADER, REPORTER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function signedIn(user, viewport, next) {
  const page = await newPage(browser, srv.base, viewport);
  await login(page, user.username, user.password, next);
  await page.waitForURL(u => u.pathname === next.split('?')[0]);
  return page;
}

test('the list shows the overdue six-monthly report red; the reporter submits, the leader approves', { skip }, async () => {
  const page = await signedIn(REPORTER, LAPTOP, '/reports');
  assert.equal(await page.locator('header nav').getByRole('link', { name: 'Báo cáo' }).getAttribute('aria-current'), 'page');
  const row = page.locator('#rep-table tbody tr[data-unit="P01"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-colour'), 'red');
  assert.match(await row.innerText(), /Quá hạn/);
  assert.match(await page.locator('#rep-counts').innerText(), /quá hạn 1/);
  assert.deepEqual(await axe(page), [], 'no serious accessibility violations on the list');
  await shot(page, 'reports-list');

  await row.getByRole('link').click();
  await page.waitForURL(u => u.pathname === '/reports/BC-6THANG-BCD/P01/2025S1');
  await page.getByLabel('Nội dung báo cáo').fill('Sáu tháng đầu năm 2025, thành phố đã quán triệt và triển khai Nghị quyết 57-NQ/TW.');
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await waitForText(page.locator('#rep-status'), /Đã nộp báo cáo/);
  assert.match(await page.locator('#rep-state').innerText(), /Đã nộp, chờ duyệt/);
  assert.equal(await page.locator('#rep-approve').count(), 0, 'a reporter is not offered approval');
  assert.deepEqual(await axe(page), [], 'no serious accessibility violations on a report');
  await page.context().close();

  const lead = await signedIn(LEADER, PHONE, '/reports/BC-6THANG-BCD/P01/2025S1');
  await lead.locator('#rep-approve').waitFor();
  await lead.getByLabel('Ý kiến').fill('Đồng ý.');
  await lead.locator('#rep-approve').click();
  await waitForText(lead.locator('#rep-state'), /Đã phê duyệt/);
  assert.deepEqual(lead.errors, []);
  await lead.context().close();
});

test('the summary page renders and prints to PDF from the print styles', { skip }, async () => {
  const page = await signedIn(ADMIN, LAPTOP, '/reports/summary?period=2025S1');
  await waitForText(page.locator('h1'), /Báo cáo tổng hợp: Cả nước/);
  await page.locator('#sum-legend').waitFor();
  assert.match(await page.locator('#sum-period-line').innerText(), /2025S1/);
  assert.match(await page.locator('#sum-red').innerText(), /Nhiệm vụ quá hạn/);
  assert.ok(await page.locator('#sum-red-table tbody tr').count() > 0, 'the red list is shown');
  assert.ok(await page.getByRole('button', { name: 'In / Lưu PDF' }).isVisible());
  assert.match(await page.locator('#sum-xlsx').getAttribute('href'), /summary\.xlsx\?unit=VN&period=2025S1/);
  assert.deepEqual(await axe(page), [], 'no serious accessibility violations on the summary');
  await shot(page, 'reports-summary');

  // The print stylesheet hides the navigation, forms and buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#site-header').isVisible(), false, 'no header in print');
  assert.equal(await page.locator('#sum-print').isVisible(), false, 'no print button in print');
  assert.equal(await page.locator('#sum-form').isVisible(), false, 'no form in print');
  assert.ok(await page.locator('#sum-red-table').isVisible(), 'the tables print');
  await shot(page, 'reports-summary-print');
  await page.emulateMedia({ media: 'screen' });

  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'reports-summary-VN-2025S1.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1, `the PDF has ${pages} page(s)`);
  assert.deepEqual(page.errors, []);
});
