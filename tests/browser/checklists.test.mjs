// The checklist pages: the list, the national summary as of 2025-07-31 (1,981 of the 3,321 demo
// communes green = 59.7 %, band "over 50 %") with drill-down to a province and breadcrumbs back;
// a commune's answers; a province's reporting officer answering a criterion; axe-core, labels
// and no sideways scroll at three sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, axe, waitForText, LAPTOP, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'cl.admin', password: 'cl-admin-password-1', unit: 'VN', role: 'admin' };
const REPORTER = { username: 'hanoi.reporter', password: 'hanoi-reporter-password-1', unit: 'P01', role: 'reporter' };
const NARROW = { width: 360, height: 740 };
let srv, browser;

before(async () => {
  if (skip) return;
  srv = await start({ demo: true, users: [ADMIN, REPORTER] });
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

test('summary: as of 2025-07-31, 59.7 % of communes are green; drill-down to Hà Nội and back by the breadcrumbs', { skip }, async () => {
  const page = await signedIn(ADMIN, LAPTOP, '/checklists');
  const nav = page.locator('header nav');
  assert.equal(await nav.getByRole('link', { name: 'Tiêu chí' }).getAttribute('aria-current'), 'page');
  await page.locator('#checklists li').first().waitFor();
  assert.match(await page.locator('#checklists').innerText(), /TTPVHCC-XA/);
  await page.getByRole('link', { name: /Tiêu chí cơ bản bảo đảm vận hành Trung tâm phục vụ hành chính công cấp xã/ }).click();
  await page.waitForURL(u => /^\/checklists\/\d+\/summary$/.test(u.pathname));
  await page.locator('#cl-share').waitFor();

  await page.getByLabel('Xem theo ngày').fill('2025-07-31');
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.waitForURL(u => u.searchParams.get('as_of') === '2025-07-31');
  await waitForText(page.locator('#cl-share'), /^59,7\s%$/);
  assert.match(await page.locator('#cl-count').innerText(), /1\.981 trên 3\.321 đơn vị/);
  assert.match(await page.locator('#cl-band').innerText(), /Trên 50%/);
  assert.equal(await page.locator('#cl-table tbody tr').count(), 34, 'the 34 provinces');
  await shot(page, 'checklist-summary');

  await page.locator('#cl-table tbody tr[data-unit="P01"] a').click();
  await page.waitForURL(u => u.searchParams.get('unit') === 'P01' && u.searchParams.get('as_of') === '2025-07-31');
  await waitForText(page.locator('h1'), /Thành phố Hà Nội/);
  await waitForText(page.locator('#cl-share'), /^57,9\s%$/);
  assert.match(await page.locator('#cl-count').innerText(), /73 trên 126/);
  assert.match(await page.locator('#cl-crumbs').innerText(), /Cả nước[\s\S]*Thành phố Hà Nội/);

  // A commune: its six criteria with day and actor.
  await page.locator('#cl-table tbody tr[data-unit="P01-00001"] a').click();
  await page.waitForURL(u => u.pathname.endsWith('/units/P01-00001'));
  await page.locator('#cl-criteria tbody tr').first().waitFor();
  assert.equal(await page.locator('#cl-criteria tbody tr').count(), 6);
  assert.match(await page.locator('#cl-criteria').innerText(), /Đạt[\s\S]*demo/);
  assert.equal(await page.locator('#cl-answer-form').count(), 0, 'an admin does not answer');
  await page.locator('#cl-crumbs').getByRole('link', { name: 'Thành phố Hà Nội' }).click();
  await page.waitForURL(u => u.searchParams.get('unit') === 'P01');
  await page.locator('#cl-crumbs').getByRole('link', { name: 'Cả nước' }).click();
  await page.waitForURL(u => !u.searchParams.get('unit') && u.searchParams.get('as_of') === '2025-07-31');
  await waitForText(page.locator('#cl-share'), /^59,7\s%$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('answer: a Hà Nội reporting officer marks a criterion of a ward not met with a note, and it shows', { skip }, async () => {
  const page = await signedIn(REPORTER, LAPTOP, '/checklists');
  await page.locator('#checklists li a').first().click();
  await page.waitForURL(u => /^\/checklists\/\d+\/summary$/.test(u.pathname));
  await waitForText(page.locator('h1'), /Thành phố Hà Nội/);
  await page.locator('#cl-table tbody tr[data-unit="P01-00002"] a').click();
  await page.waitForURL(u => u.pathname.endsWith('/units/P01-00002'));
  const form = page.locator('#cl-answer-form');
  await form.waitFor();
  const set = form.locator('fieldset').nth(2);
  await set.getByLabel('Chưa đạt').check();
  await set.getByLabel(/Ghi chú/).fill('Điểm cầu trực tuyến đang sửa chữa');
  await form.getByRole('button', { name: 'Lưu kết quả' }).click();
  await waitForText(page.locator('#cl-status'), /Đã lưu 1 tiêu chí/);
  const row = page.locator('#cl-criteria tbody tr').nth(2);
  assert.equal(await row.getAttribute('data-met'), 'false');
  const text = await row.innerText();
  assert.match(text, /Chưa đạt/);
  assert.match(text, /hanoi\.reporter/);
  assert.match(text, /Điểm cầu trực tuyến đang sửa chữa/);
  assert.match(await page.locator('#cl-unit-verdict').innerText(), /Mới đạt \d\/6 tiêu chí/);
  // Nothing changed: nothing is sent.
  await page.locator('#cl-answer-form').getByRole('button', { name: 'Lưu kết quả' }).click();
  await waitForText(page.locator('#cl-answer .form-status'), /Chưa có thay đổi/);
  await shot(page, 'checklist-answer');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const PAGES = [
  { name: 'checklists', path: '/checklists', ready: '#checklists li' },
  { name: 'checklist-summary', path: '/checklists/1/summary?as_of=2025-07-31', ready: '#cl-table tbody tr' },
  { name: 'checklist-province', path: '/checklists/1/summary?unit=P01', ready: '#cl-table tbody tr' },
  { name: 'checklist-unit', path: '/checklists/1/units/P01-00001', ready: '#cl-criteria tbody tr' },
];

for (const vp of [LAPTOP, PHONE, NARROW]) {
  test(`checklist pages at ${vp.width}x${vp.height}: axe, labels, no sideways scroll`, { skip }, async () => {
    const page = await signedIn(REPORTER, vp, '/checklists');
    for (const p of PAGES) {
      await page.goto(p.path);
      await page.locator(p.ready).first().waitFor();
      assert.equal(await page.locator('h1').count(), 1, `${p.name}: one h1`);
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name || el.id || el.tagName));
      assert.deepEqual(unlabelled, [], `${p.name}: every control has a label`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p.name}: scrolls sideways by ${overflow}px at ${vp.width}px`);
      assert.deepEqual(await axe(page), [], `${p.name}: axe`);
      if (vp !== NARROW) await shot(page, `a11y-${p.name}`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
