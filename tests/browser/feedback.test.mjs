// Feedback (system 2) through the UI: on a phone, without an account, a citizen submits a
// report with an attachment, gets a tracking code, follows it by code, and after the answer
// reads it and rates it; the handler of the unit works the backlog (overdue first, in red),
// sees the contact details the public never sees, accepts and answers; the administrator adds a
// routing rule and a compensatory day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, axe, waitForText, PHONE, LAPTOP } from './helpers.mjs';
import { dbSql } from '../api/helpers.mjs';
import { Client } from '../lib/server.mjs';

const skip = skipReason() || false;
const HANDLER = { username: 'ui.xlhue', password: 'ui-handler-password-1', unit: 'P46', role: 'handler' };
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
const CODE_RE = /[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}/;
let srv, browser;
const ctx = {};

before(async () => {
  if (skip) return;
  srv = await start({ users: [HANDLER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function noSeriousViolations(page) {
  const v = (await axe(page)).filter(x => ['serious', 'critical'].includes(x.impact));
  assert.deepEqual(v.map(x => `${x.id}: ${x.nodes.map(n => n.target).join(' ')}`), []);
}
async function fitsWidth(page) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= page.viewportSize().width, `no horizontal scrolling (${w}px)`);
}

test('on a phone: submit without an account, then follow by code', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await page.goto('/feedback/new');
  await page.getByRole('heading', { name: 'Gửi phản ánh, kiến nghị, sáng kiến, giải pháp' }).waitFor();
  await noSeriousViolations(page);
  await fitsWidth(page);

  // An initiative without its author is refused, naming the field.
  await page.getByLabel('Loại ý kiến').selectOption('sang_kien');
  await waitForText(page.locator('#fb-contact-note'), /Bắt buộc/);
  await page.getByLabel('Lĩnh vực').selectOption('khcn');
  await page.getByLabel('Tiêu đề').fill('Nền tảng dữ liệu nghiên cứu dùng chung');
  await page.getByLabel('Nội dung').fill('Đề xuất xây dựng nền tảng chia sẻ dữ liệu nghiên cứu cho các viện, trường.');
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await waitForText(page.locator('.field.invalid'), /họ tên/i);
  assert.equal(await page.getByLabel('Họ và tên').getAttribute('aria-invalid'), 'true');

  // A report with a photo and contact details.
  await page.getByLabel('Loại ý kiến').selectOption('phan_anh');
  await page.getByLabel('Lĩnh vực').selectOption('dvc');
  await page.getByLabel('Tiêu đề').fill('Không nộp được hồ sơ trực tuyến ở phường');
  await page.getByLabel('Nội dung').fill('Trang dịch vụ công báo lỗi khi tải tệp đính kèm, đã thử ba ngày liền.');
  await page.getByLabel('Địa phương, cơ quan liên quan').fill('p46');
  await page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'ảnh lỗi.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Họ và tên').fill('Trần Thị Bích Ngọc');
  await page.getByLabel('Điện thoại').fill('0912345678');
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await page.waitForURL(u => u.pathname.startsWith('/feedback/follow/'));
  const flash = await waitForText(page.locator('.notice-ok'), CODE_RE);
  ctx.code = CODE_RE.exec(flash)[0];
  assert.equal(await page.locator('#fb-item-code').innerText(), ctx.code);
  await waitForText(page.locator('#fb-facts'), /Đã tiếp nhận/);
  assert.match(await page.locator('#fb-facts').innerText(), /Thành phố Huế/);
  assert.match(await page.locator('.fb-history').innerText(), /Tiếp nhận[\s\S]*Đính kèm tệp/);
  assert.ok(!(await page.content()).includes('0912345678'), 'the public page never shows the phone');
  await noSeriousViolations(page);
  await fitsWidth(page);
  await shot(page, 'feedback-submitted');

  // Later, on another phone: follow by the code typed in lower case without dashes.
  const other = await newPage(browser, srv.base, PHONE);
  await other.goto('/feedback/follow');
  await other.getByLabel('Mã theo dõi').fill(ctx.code.replaceAll('-', '').toLowerCase());
  await other.getByRole('button', { name: 'Xem' }).click();
  await other.waitForURL(u => u.pathname === `/feedback/follow/${ctx.code}`);
  await waitForText(other.locator('h1'), /Không nộp được hồ sơ/);
  // A wrong code says so.
  await other.goto('/feedback/follow');
  await other.getByLabel('Mã theo dõi').fill('12345');
  await other.getByRole('button', { name: 'Xem' }).click();
  await waitForText(other.locator('.field.invalid .field-error'), /9 ký tự/);
  assert.deepEqual([...page.errors, ...other.errors], []);
  await other.close();
  await page.close();
});

test('the handler works the backlog: overdue first, contact visible, accept and answer', { skip }, async () => {
  // An older item made overdue in the database, to see it at the top in red.
  const r = await fetch(`${srv.base}/api/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'kien_nghi', field: 'the_che', title: 'Kiến nghị đã quá hạn từ lâu', content: 'Kiến nghị sửa quy định về thủ tục cấp phép thử nghiệm.', unit: 'P46' }) });
  const late = (await r.json()).code;
  dbSql(srv.db, `UPDATE feedback SET due = '2025-01-06' WHERE code = '${late.replaceAll('-', '')}'; UPDATE generations SET value = value + 1 WHERE name = 'feedback';`);

  const page = await newPage(browser, srv.base, LAPTOP);
  await login(page, HANDLER.username, HANDLER.password, '/feedback/backlog');
  await page.waitForURL(u => u.pathname === '/feedback/backlog');
  await page.locator('#fb-backlog').waitFor();
  const first = page.locator('#fb-backlog > li').first();
  assert.match(await first.innerText(), /Kiến nghị đã quá hạn từ lâu[\s\S]*quá hạn/);
  assert.ok(await first.evaluate(el => el.classList.contains('fb-overdue')), 'overdue is marked');
  assert.match(await page.locator('.notice-error').innerText(), /1 ý kiến quá hạn/);
  await noSeriousViolations(page);
  await shot(page, 'feedback-backlog');

  await page.getByRole('link', { name: 'Không nộp được hồ sơ trực tuyến ở phường' }).click();
  await page.waitForURL(u => u.pathname === `/feedback/follow/${ctx.code}`);
  await waitForText(page.locator('#fb-contact'), /0912345678/);
  assert.match(await page.locator('.fb-staff').innerText(), /ảnh lỗi\.png/);
  await page.getByRole('button', { name: 'Thụ lý' }).click();
  await waitForText(page.locator('#fb-facts'), /Đã thụ lý/);
  await page.getByRole('button', { name: 'Trả lời' }).click();
  await waitForText(page.locator('.field.invalid .field-error'), /trả lời/i);
  await page.getByLabel('Nội dung trả lời hoặc lý do từ chối').fill('Đã khắc phục lỗi tải tệp; mời ông/bà nộp lại hồ sơ.');
  await page.getByRole('button', { name: 'Trả lời' }).click();
  await waitForText(page.locator('#fb-answer'), /Đã khắc phục/);
  await noSeriousViolations(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a phone: the citizen reads the answer and rates it; the public list shows it', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await page.goto(`/feedback/follow/${ctx.code}`);
  await waitForText(page.locator('#fb-answer'), /Đã khắc phục/);
  assert.match(await page.locator('#fb-facts').innerText(), /Đã trả lời/);
  await page.getByText('5 — rất hài lòng').click();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await waitForText(page.locator('.notice-ok'), /Cảm ơn/);
  await waitForText(page.locator('#fb-rated'), /5\/5/);
  await page.getByRole('link', { name: 'Kết quả công khai' }).first().click();
  await page.waitForURL(u => u.pathname === '/feedback');
  await waitForText(page.locator('#fb-public-list'), /Không nộp được hồ sơ/);
  assert.match(await page.locator('#fb-stats').innerText(), /Thành phố Huế/);
  assert.ok(!(await page.content()).includes('0912345678'));
  await noSeriousViolations(page);
  await fitsWidth(page);
  await shot(page, 'feedback-public');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the administrator promotes a sáng kiến to a breakthrough initiative', { skip }, async () => {
  const sub = await new Client(srv.base).post('/api/v1/feedback', { kind: 'sang_kien', field: 'khcn',
    title: 'Trợ lý AI trả lời thủ tục hành chính', content: 'Dùng mô hình ngôn ngữ tiếng Việt trả lời câu hỏi về thủ tục.',
    contact_name: 'Đỗ Minh Khoa', contact_email: 'khoa.do@example.vn' });
  assert.equal(sub.status, 201, sub.text);
  const page = await newPage(browser, srv.base, LAPTOP);
  await login(page, 'admin', srv.adminPassword, `/feedback/follow/${sub.json.code}`);
  await page.getByRole('heading', { name: 'Chuyển thành sáng kiến đột phá' }).waitFor();
  assert.equal(await page.locator('#fb-promote-field').evaluate(el => el.required), true, 'the field must be chosen');
  await page.locator('#fb-promote-field').selectOption('tri-tue-nhan-tao');
  await page.locator('#fb-promote-kind').selectOption('person');
  await page.locator('#fb-promote').getByRole('button', { name: 'Chuyển thành sáng kiến' }).click();
  await page.waitForURL(u => /^\/initiatives\/\d+$/.test(u.pathname));
  await waitForText(page.locator('main'), /Trợ lý AI trả lời thủ tục hành chính/);
  await shot(page, 'feedback-promoted');
  const item = await new Client(srv.base).get(`/api/v1/feedback/${sub.json.code}`);
  assert.equal(item.json.status, 'answered');
  assert.match(item.json.answer, /SK-[0-9A-Z]{4}-/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the administrator adds a routing rule and a compensatory day', { skip }, async () => {
  const page = await newPage(browser, srv.base, LAPTOP);
  await login(page, 'admin', srv.adminPassword, '/feedback/admin');
  await page.waitForURL(u => u.pathname === '/feedback/admin');
  await page.getByRole('heading', { name: 'Quy tắc chuyển xử lý' }).waitFor();
  await page.getByText('Thêm quy tắc', { exact: true }).first().click();
  await page.locator('#fb-rule-form').getByLabel('Lĩnh vực').selectOption('khcn');
  await page.locator('#fb-rule-target').fill('tw-bcd');
  await page.locator('#fb-rule-form').getByRole('button', { name: 'Thêm quy tắc' }).click();
  await waitForText(page.locator('#fb-rules'), /Khoa học, công nghệ[\s\S]*Ban Chỉ đạo Trung ương/);
  const year = new Date().getFullYear();
  await page.locator('#fb-day-date').fill(`${year}-12-31`);
  await page.locator('#fb-day-name').fill('Nghỉ bù (thử)');
  await page.getByRole('button', { name: 'Thêm ngày' }).click();
  await waitForText(page.locator('#fb-changes'), /31\/12\/\d{4} — Nghỉ bù \(thử\)/);
  assert.match(await page.locator('#fb-days-off').innerText(), /Nghỉ bù \(thử\)/);
  await page.getByLabel('Số ý kiến tối đa từ một địa chỉ trong 15 phút').fill('7');
  await page.locator('#fb-settings-form').getByRole('button', { name: 'Lưu' }).click();
  await waitForText(page.locator('.notice-ok'), /Đã lưu/);
  assert.equal(await page.locator('#fb-max').inputValue(), '7');
  await noSeriousViolations(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});
