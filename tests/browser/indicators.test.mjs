// The indicator pages and data entry: the list with each indicator's colour; one indicator at the
// nation (status, ranking of the units below, drill-down to a city changes the URL); a reporting
// officer of Hà Nội saving a value and meeting a validation error (a percent of 150); saving
// offline (kept on the machine, sent when back online); and a value changed by someone else
// meanwhile (shown side by side, "keep mine" sends the officer's value).
//
// The demo has no indicator values yet, so the test defines one (a percent, monthly, reported by
// provinces and cities, 40 % in 2024 heading for 90 % by 2026) and enters values through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';
import { skipReason, start, launch, newPage, login, shot, axe, waitForText, LAPTOP, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const REPORTER = { username: 'hn.values', password: 'hn-values-password-1', unit: 'P01', role: 'reporter' };
const CODE = 'UI-PCT';
let srv, browser, admin;

before(async () => {
  if (skip) return;
  srv = await start({ demo: true, users: [REPORTER] });
  browser = await launch();
  admin = new Client(srv.base);
  assert.equal((await admin.login('admin', srv.adminPassword)).status, 200);
  const r = await admin.post('/api/v1/indicators', {
    code: CODE, name: 'Tỉ lệ hồ sơ trực tuyến (thử nghiệm)', unit_of_measure: '%', direction: 'up',
    value_type: 'percent', aggregation: 'avg', period_type: 'month', reporters: ['province', 'city'],
    baseline_year: 2024, baseline_value: 40,
    targets: [{ year: 2026, comparator: '>=', value: 90, text: 'Đạt trên 90% vào năm 2026' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  for (const [unit, value] of [['P01', 30], ['P04', 40]]) {
    const v = await admin.req('PUT', '/api/v1/values', { indicator: CODE, unit, period: '2025-12', value });
    assert.equal(v.status, 200, JSON.stringify(v.json));
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// The test indicator's fieldset in the entry form (the demo data adds other indicators to it).
function entry(page) {
  return page.locator(`fieldset[data-indicator="${CODE}"]`);
}

async function signedIn(user, password, next, viewport = LAPTOP) {
  const page = await newPage(browser, srv.base, viewport);
  await login(page, user, password, next);
  await page.waitForURL(u => u.pathname === next.split('?')[0]);
  return page;
}

async function apiValue(unit, period) {
  const r = await admin.get(`/api/v1/values?indicator=${CODE}&unit=${unit}&period=${period}`);
  return r.json.items.find(v => v.unit === unit && v.period === period) || null;
}

async function until(fn, what, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise(r => setTimeout(r, 150));
  }
}

test('list: the indicator with its unit, target as written and colour at the nation', { skip }, async () => {
  const page = await signedIn('admin', srv.adminPassword, '/indicators');
  assert.equal(await page.locator('header nav').getByRole('link', { name: 'Chỉ tiêu' }).getAttribute('aria-current'), 'page');
  const row = page.locator(`#ind-table tbody tr[data-code="${CODE}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Tỉ lệ hồ sơ trực tuyến[\s\S]*%[\s\S]*Đạt trên 90% vào năm 2026/);
  await waitForText(row.locator('[data-status-cell]'), /Chệch lộ trình/);
  assert.equal(await row.getAttribute('data-status'), 'off');
  // Search without diacritics.
  await page.getByLabel('Tìm chỉ tiêu').fill('ho so truc tuyen');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.waitForURL(u => u.searchParams.get('q') === 'ho so truc tuyen');
  await row.waitFor();
  assert.equal(await page.locator('#ind-table tbody tr').count(), 1);
  await shot(page, 'indicators-list');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('indicator: status, chart, ranking of the units below; drill-down to Hà Nội changes the URL', { skip }, async () => {
  const page = await signedIn('admin', srv.adminPassword, '/indicators');
  await page.locator(`#ind-table tr[data-code="${CODE}"] a`).first().click();
  await page.waitForURL(u => u.pathname === `/indicators/${CODE}`);
  await waitForText(page.locator('#ind-status'), /Chệch lộ trình/);
  assert.match(await page.locator('#ind-eval').innerText(), /35\s%[\s\S]*kỳ 2025-12/);
  assert.match(await page.locator('#ind-target').innerText(), /90\s%.*2026/);
  assert.equal(await page.locator('#ind-chart svg.chart').count(), 1);
  const rows = page.locator('#ind-rank-table tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-unit'), 'P04', 'the higher value first');
  assert.equal(await rows.nth(1).getAttribute('data-unit'), 'P01');
  assert.match(await page.locator('#ind-comp-counts').innerText(), /đơn vị đã báo cáo/);
  await shot(page, 'indicator-nation');
  assert.deepEqual(await axe(page), []);

  await rows.nth(1).getByRole('link').click();
  await page.waitForURL(u => u.pathname === `/indicators/${CODE}` && u.searchParams.get('unit') === 'P01');
  await waitForText(page.locator('#ind-eval'), /30\s%/);
  assert.match(await page.locator('#ind-crumbs').innerText(), /Cả nước[\s\S]*Thành phố Hà Nội/);
  await page.goBack();
  await page.waitForURL(u => !u.searchParams.get('unit'));
  await waitForText(page.locator('#ind-eval'), /35\s%/);

  // On a phone too.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.locator('#ind-status').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll');
  await shot(page, 'indicator-nation');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('entry: a Hà Nội officer saves a value; a percent of 150 is refused at the field', { skip }, async () => {
  const page = await signedIn(REPORTER.username, REPORTER.password, '/values?unit=P01&period=2025-08');
  const input = entry(page).getByLabel('Giá trị');
  await input.waitFor();
  assert.match(await page.locator('#val-state').innerText(), /Đang nhập/);
  await input.fill('55,5');
  await entry(page).getByLabel('Nguồn số liệu (không bắt buộc)').fill('Báo cáo tháng 8');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await waitForText(page.locator('#val-status'), /Đã lưu 1 số liệu/);
  const saved = await apiValue('P01', '2025-08');
  assert.equal(saved.value, 55.5);
  assert.equal(saved.source, 'Báo cáo tháng 8');

  await entry(page).getByLabel('Giá trị').fill('150');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  const fieldBox = page.locator('.field.invalid');
  await waitForText(fieldBox.locator('.field-error'), /phải từ 0 đến 100/);
  assert.equal(await entry(page).getByLabel('Giá trị').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), `val-value-${CODE}`);
  assert.equal((await apiValue('P01', '2025-08')).value, 55.5, 'nothing saved');
  await shot(page, 'values-error');
  assert.deepEqual(await axe(page), []);

  // Submit the period for approval: the state changes and the submit button goes.
  await entry(page).getByLabel('Giá trị').fill('56');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await waitForText(page.locator('#val-status'), /Đã lưu 1 số liệu/);
  await page.getByRole('button', { name: 'Gửi duyệt' }).click();
  await waitForText(page.locator('#val-state-badge'), /Đã gửi, chờ duyệt/);
  assert.equal(await page.getByRole('button', { name: 'Duyệt' }).count(), 0, 'a reporter does not approve');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('offline: saving keeps the form on the machine; back online it is sent', { skip }, async () => {
  const page = await signedIn(REPORTER.username, REPORTER.password, '/values?unit=P01&period=2025-09');
  await entry(page).getByLabel('Giá trị').waitFor();
  await page.context().setOffline(true);
  await entry(page).getByLabel('Giá trị').fill('42');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await waitForText(page.locator('#val-form-status'), /đã lưu trên máy, sẽ gửi khi có mạng/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('nq57.pending.')));
  assert.equal(kept.length, 1);
  assert.equal(await apiValue('P01', '2025-09'), null, 'not on the server yet');
  await shot(page, 'values-offline');

  await page.context().setOffline(false);
  const v = await until(() => apiValue('P01', '2025-09'), 'the kept value on the server');
  assert.equal(v.value, 42);
  await waitForText(page.locator('#val-status'), /đã gửi 1 số liệu/);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('nq57.pending.'))), []);
  assert.deepEqual(page.errors.filter(e => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await page.context().close();
});

test('conflict: a value changed meanwhile is shown side by side; "keep mine" sends the officer\'s', { skip }, async () => {
  const first = await admin.req('PUT', '/api/v1/values', { indicator: CODE, unit: 'P01', period: '2025-10', value: 60 });
  assert.equal(first.status, 200);
  const page = await signedIn(REPORTER.username, REPORTER.password, '/values?unit=P01&period=2025-10');
  await entry(page).getByLabel('Giá trị').waitFor();
  // Someone else changes it while the form is open.
  const other = await admin.req('PUT', '/api/v1/values', { indicator: CODE, unit: 'P01', period: '2025-10', value: 70, base_version: 1 });
  assert.equal(other.status, 200);
  await entry(page).getByLabel('Giá trị').fill('80');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  const box = page.locator('#val-conflicts');
  await waitForText(box, /Số liệu đã bị người khác thay đổi/);
  assert.match(await box.locator('[data-side="mine"]').innerText(), /80\s%/);
  assert.match(await box.locator('[data-side="server"]').innerText(), /70\s%/);
  assert.equal((await apiValue('P01', '2025-10')).value, 70, 'nothing overwritten');
  assert.equal(await page.locator('#val-form').count(), 0, 'the stale form is not offered while the choice waits');
  await shot(page, 'values-conflict');
  assert.deepEqual(await axe(page), []);

  // Applying without a choice is refused; then keep mine.
  await page.getByRole('button', { name: 'Áp dụng lựa chọn' }).click();
  await waitForText(box, /Vui lòng chọn cho từng số liệu/);
  await page.getByLabel('Giữ số của tôi').check();
  await page.getByRole('button', { name: 'Áp dụng lựa chọn' }).click();
  await waitForText(page.locator('#val-status'), /Đã lưu 1 số liệu/);
  assert.equal((await apiValue('P01', '2025-10')).value, 80);
  assert.equal(await page.locator('#val-conflicts').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
