// Feedback, petitions, initiatives and solutions (system 2) over HTTP: submission without an
// account, tracking codes, errors naming their field, routing rules and re-routing, the
// workflow, personal data visible only to the handlers of the unit concerned (in the API and in
// the database's public view), duplicates, the rate limit kept in the database, attachments,
// deadlines in working days with the administrator's days, overdue items escalating to the
// parent unit, the backlog by urgency, public list and statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/server.mjs';
import { runSteps, loggedIn, listAll, stopServer, dbSql, dbColumns, conformanceErrors } from './helpers.mjs';

const PW = 'mật-khẩu-đủ-dài-1';
let srv, admin, anon, vp, hue, hueLeader, hanoi, xa;
const ctx = {};
const CODE_RE = /^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/;
const PERSONAL = { contact_name: 'Trần Thị Bích Ngọc', contact_phone: '0912 345 678',
                   contact_email: 'ngoc.tran@example.vn', contact_address: '12 Lê Lợi, phường Thuận Hóa' };

const report = (extra = {}) => ({ kind: 'phan_anh', field: 'dvc', title: 'Cổng dịch vụ công của xã bị lỗi',
  content: `Không nộp được hồ sơ trực tuyến, trang báo lỗi khi tải tệp (${Math.random()})`, unit: 'P46', ...extra });

// An upload over fetch (the test client sends JSON).
async function upload(code, name, bytes, who = null) {
  const h = { 'content-type': 'application/octet-stream' };
  if (who?.cookie) { h.cookie = who.cookie; h['x-csrf-token'] = who.csrf; }
  const r = await fetch(`${srv.base}/api/v1/feedback/${code}/files?name=${encodeURIComponent(name)}`,
                        { method: 'POST', headers: h, body: bytes });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, json, text };
}
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);

before(async () => {
  srv = await startServer({ users: [
    { username: 'vp', password: PW, unit: 'TW-VPTW', role: 'standing_office' },
    { username: 'xl_hue', password: PW, unit: 'P46', role: 'handler' },
    { username: 'ld_hue', password: PW, unit: 'P46', role: 'leader' },
    { username: 'xl_hanoi', password: PW, unit: 'P01', role: 'handler' },
  ] });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  anon = new Client(srv.base);
  vp = await loggedIn(srv, 'vp', PW);
  hue = await loggedIn(srv, 'xl_hue', PW);
  hueLeader = await loggedIn(srv, 'ld_hue', PW);
  hanoi = await loggedIn(srv, 'xl_hanoi', PW);
  // A ward below Huế and its handler, for hand-over and escalation.
  let r = await admin.post('/api/v1/units', { code: 'P46-X1', name: 'Phường Thuận Hóa', kind: 'ward', parent: 'P46' });
  assert.equal(r.status, 201, r.text);
  r = await admin.post('/api/v1/users', { username: 'xl_xa', password: PW, unit: 'P46-X1', role: 'handler' });
  assert.equal(r.status, 201, r.text);
  xa = await loggedIn(srv, 'xl_xa', PW);
  // Plenty of room for the tests from one address; the rate-limit test lowers it.
  r = await admin.patch('/api/v1/feedback/settings', { max_per_address: 1000 });
  assert.equal(r.status, 200, r.text);
});
after(async () => { await stopServer(srv); });

test('submitting without an account', async t => {
  await runSteps(t, { anon }, [
    { label: 'a report with contact details', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report(PERSONAL), status: 201,
      check: r => {
        ctx.first = r.json.code;
        assert.match(r.json.code, CODE_RE);
        assert.equal(r.json.status, 'received');
        assert.equal(r.json.unit.code, 'P46', 'routed to the unit it names');
        assert.equal(r.json.concerns.code, 'P46');
        assert.equal(r.json.history.length, 1);
        assert.equal(r.json.history[0].action, 'received');
        const expected = cli(['workdays', r.json.received_on, '10']).stdout.trim();
        assert.equal(r.json.due, expected, 'phản ánh: 10 working days');
        for (const v of Object.values(PERSONAL)) assert.ok(!r.text.includes(v), `reply hides ${v}`);
        assert.deepEqual(conformanceErrors('POST', '/api/v1/feedback', r), []);
      } },
    { label: 'a report without contact details', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report(), status: 201, check: r => { ctx.noContact = r.json.code; } },
    { label: 'an initiative with its author', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: { kind: 'sang_kien', field: 'khcn', title: 'Nền tảng dữ liệu mở cho nhà khoa học',
              content: 'Đề xuất xây dựng nền tảng chia sẻ dữ liệu nghiên cứu dùng chung.',
              contact_name: 'Lê Văn Minh', contact_email: 'minh@vien.vn' }, status: 201,
      check: r => {
        ctx.initiative = r.json.code;
        assert.equal(r.json.unit.code, 'TW-VPTW', 'no unit named, no rule: the standing office');
        assert.equal(r.json.due, cli(['workdays', r.json.received_on, '30']).stdout.trim());
      } },
    { label: 'the code is read in any case and grouping', as: 'anon',
      path: () => `/api/v1/feedback/${ctx.first.replaceAll('-', '').toLowerCase()}`, status: 200,
      check: r => assert.equal(r.json.code, ctx.first) },
    { label: 'an unknown code', as: 'anon', path: '/api/v1/feedback/ABC-DEF-GHJ', status: 404, code: 'not_found', field: 'code' },
    { label: 'a code with a letter outside the alphabet', as: 'anon', path: '/api/v1/feedback/ABC-DEF-GH0', status: 404, field: 'code' },
  ]);
});

test('every error names its field', async t => {
  const bad = (label, body, field, status = 400) =>
    ({ label, as: 'anon', method: 'POST', path: '/api/v1/feedback', body, status, code: 'validation_failed', field });
  await runSteps(t, { anon }, [
    bad('kind missing', { ...report(), kind: undefined }, 'kind'),
    bad('kind unknown', report({ kind: 'khieu_nai' }), 'kind'),
    bad('field unknown', report({ field: 'thời tiết' }), 'field'),
    bad('title too short', report({ title: 'Lỗi' }), 'title'),
    bad('content too short', report({ content: 'ngắn' }), 'content'),
    bad('unit unknown', report({ unit: 'P999' }), 'unit'),
    bad('an unknown property', { ...report(), secret: 1 }, 'secret'),
    bad('title not a string', report({ title: 42 }), 'title'),
    bad('phone not a phone', report({ contact_phone: 'gọi tôi' }), 'contact_phone'),
    bad('email not an e-mail', report({ contact_email: 'a@b' }), 'contact_email'),
    bad('an initiative without its author', { kind: 'sang_kien', field: 'khcn', title: 'Sáng kiến vô danh',
      content: 'Một sáng kiến không để lại tên người đề xuất.' }, 'contact_name'),
    bad('a solution without phone or e-mail', { kind: 'giai_phap', field: 'cds', title: 'Giải pháp chữ ký số',
      content: 'Giải pháp ký số từ xa cho cán bộ xã.', contact_name: 'Phạm An' }, 'contact_phone'),
    { label: 'not JSON', as: 'anon', method: 'POST', path: '/api/v1/feedback', body: '{kind:', status: 400 },
  ]);
  // Nothing was stored by the refused submissions.
  const n = dbSql(srv.db, "SELECT count(*) FROM feedback WHERE title IN ('Lỗi', 'Sáng kiến vô danh', 'Giải pháp chữ ký số')").trim();
  assert.equal(n, '0');
});

test('personal data: only the handlers of the unit concerned', async t => {
  const hides = r => { for (const v of Object.values(PERSONAL)) assert.ok(!r.text.includes(v), `hides ${v}`); assert.equal(r.json.contact, undefined); };
  await runSteps(t, { anon, vp, hue, hueLeader, hanoi, admin }, [
    { label: 'the public', as: 'anon', path: () => `/api/v1/feedback/${ctx.first}`, status: 200,
      check: r => { hides(r); assert.equal(r.json.history[0].actor, undefined, 'no official names'); assert.equal(r.json.files, undefined); } },
    { label: 'the standing office', as: 'vp', path: () => `/api/v1/feedback/${ctx.first}`, status: 200, check: hides },
    { label: 'the administrator', as: 'admin', path: () => `/api/v1/feedback/${ctx.first}`, status: 200, check: hides },
    { label: 'the leader of the unit', as: 'hueLeader', path: () => `/api/v1/feedback/${ctx.first}`, status: 200,
      check: r => { hides(r); assert.ok(Array.isArray(r.json.history) && r.json.history[0].actor, 'staff see who acted'); } },
    { label: 'a handler of another unit', as: 'hanoi', path: () => `/api/v1/feedback/${ctx.first}`, status: 200,
      check: r => { hides(r); assert.equal(r.json.files, undefined, 'out of scope: the public view'); } },
    { label: 'a handler of the unit', as: 'hue', path: () => `/api/v1/feedback/${ctx.first}`, status: 200,
      check: r => {
        assert.equal(r.json.contact.name, PERSONAL.contact_name);
        assert.equal(r.json.contact.phone, PERSONAL.contact_phone);
        assert.equal(r.json.contact.email, PERSONAL.contact_email);
        assert.equal(r.json.contact.address, PERSONAL.contact_address);
        assert.deepEqual(conformanceErrors('GET', `/api/v1/feedback/${ctx.first}`, r), []);
      } },
  ]);
  await t.test('the database view the public side reads has no personal column', () => {
    const cols = dbColumns(srv.db, 'feedback_public');
    assert.ok(cols.includes('code') && cols.includes('answer'), cols.join(','));
    for (const c of ['name', 'phone', 'email', 'address', 'address_ip'])
      assert.ok(!cols.includes(c), `feedback_public has no ${c}`);
    const fcols = dbColumns(srv.db, 'feedback');
    for (const c of ['name', 'phone', 'email', 'address']) assert.ok(!fcols.includes(c), `feedback has no ${c}`);
  });
  await t.test('the audit log keeps no personal data', async () => {
    const r = await admin.get('/api/v1/audit?entity=feedback&limit=200');
    assert.equal(r.status, 200, r.text);
    for (const v of Object.values(PERSONAL)) assert.ok(!r.text.includes(v), `audit hides ${v}`);
  });
});

test('workflow, answer, publication and rating', async t => {
  await runSteps(t, { anon, hue, hanoi, vp }, [
    { label: 'the public list does not show what is not screened', as: 'anon', path: '/api/v1/feedback?limit=500', status: 200,
      check: r => assert.ok(!r.json.items.some(i => i.code === ctx.first)) },
    { label: 'rating before an answer', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/rating`,
      body: { rating: 5 }, status: 409, code: 'invalid_state', field: 'rating' },
    { label: 'a handler out of scope cannot act', as: 'hanoi', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'accepted' }, status: 403 },
    { label: 'the public cannot act', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'accepted' }, status: 401 },
    { label: 'received cannot be answered directly', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'answered', answer: 'Đã xử lý xong.' }, status: 409, code: 'invalid_state', field: 'to' },
    { label: 'an unknown status', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'done' }, status: 400, field: 'to' },
    { label: 'accept', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'accepted', note: 'Đúng thẩm quyền' }, status: 200,
      check: r => { assert.equal(r.json.status, 'accepted'); assert.deepEqual(conformanceErrors('POST', `/api/v1/feedback/${ctx.first}/transition`, r), []); } },
    { label: 'being handled', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'in_progress' }, status: 200 },
    { label: 'an answer needs its text', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'answered' }, status: 400, code: 'validation_failed', field: 'answer' },
    { label: 'answer', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'answered', answer: 'Sở Khoa học và Công nghệ đã khắc phục lỗi tải tệp ngày hôm nay.' }, status: 200,
      check: r => { assert.equal(r.json.status, 'answered'); assert.equal(r.json.on_time, true); assert.equal(typeof r.json.days_taken, 'number'); } },
    { label: 'the public reads the answer and every step', as: 'anon', path: () => `/api/v1/feedback/${ctx.first}`, status: 200,
      check: r => {
        assert.match(r.json.answer, /khắc phục/);
        assert.deepEqual(r.json.history.map(h => h.action), ['received', 'accepted', 'in_progress', 'answered']);
        assert.ok(r.json.history.every(h => h.at && h.unit.code === 'P46'), 'every step timed, with its unit');
      } },
    { label: 'the public list shows it, without personal data', as: 'anon', path: '/api/v1/feedback?limit=500', status: 200,
      check: r => {
        const it = r.json.items.find(i => i.code === ctx.first);
        assert.ok(it, 'listed'); assert.equal(it.unit.code, 'P46'); assert.match(it.answer, /khắc phục/);
        for (const v of Object.values(PERSONAL)) assert.ok(!r.text.includes(v));
        assert.deepEqual(conformanceErrors('GET', '/api/v1/feedback', r), []);
      } },
    { label: 'a rating out of range', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/rating`,
      body: { rating: 6 }, status: 400, field: 'rating' },
    { label: 'rate the answer', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/rating`,
      body: { rating: 4, comment: 'Nhanh, rõ ràng' }, status: 200, check: r => assert.equal(r.json.rating, 4) },
    { label: 'rate twice', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/rating`,
      body: { rating: 1 }, status: 409, field: 'rating' },
    { label: 'close', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/transition`,
      body: { to: 'closed' }, status: 200, check: r => { assert.equal(r.json.status, 'closed'); assert.match(r.json.answer, /khắc phục/, 'the answer stays'); } },
    { label: 'a rejection needs its reason', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.noContact}/transition`,
      body: { to: 'rejected' }, status: 400, field: 'reason' },
    { label: 'reject with a reason', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.noContact}/transition`,
      body: { to: 'rejected', reason: 'Nội dung trùng với phản ánh đã trả lời.' }, status: 200,
      check: r => assert.equal(r.json.reason, 'Nội dung trùng với phản ánh đã trả lời.') },
  ]);
  await t.test('every transition is audited with its actor', async () => {
    const r = await admin.get(`/api/v1/audit?entity=feedback&entity_id=${ctx.first.replaceAll('-', '')}`);
    assert.equal(r.status, 200, r.text);
    const actions = r.json.items.map(e => e.action).sort();
    assert.deepEqual(actions, ['accepted', 'answered', 'closed', 'create', 'in_progress', 'rate']);
    assert.ok(r.json.items.filter(e => e.action !== 'create' && e.action !== 'rate').every(e => e.actor === 'xl_hue'));
  });
});

test('routing rules, re-routing and handing down', async t => {
  await runSteps(t, { anon, admin, vp, hue, xa, hanoi }, [
    { label: 'a rule: science goes to the steering committee', as: 'admin', method: 'POST', path: '/api/v1/feedback/routing',
      body: { field: 'khcn', target: 'TW-BCD' }, status: 201, check: r => { ctx.rule1 = r.json.id; assert.equal(r.json.target.code, 'TW-BCD'); } },
    { label: 'a more specific rule: science in Huế goes to the ward', as: 'vp', method: 'POST', path: '/api/v1/feedback/routing',
      body: { field: 'khcn', concerns: 'P46', target: 'P46-X1', position: 5 }, status: 201, check: r => { ctx.rule2 = r.json.id; } },
    { label: 'a rule with an unknown target', as: 'admin', method: 'POST', path: '/api/v1/feedback/routing',
      body: { target: 'NOPE' }, status: 400, field: 'target' },
    { label: 'a rule with an unknown kind', as: 'admin', method: 'POST', path: '/api/v1/feedback/routing',
      body: { kind: 'x', target: 'P46' }, status: 400, field: 'kind' },
    { label: 'a handler cannot edit rules', as: 'hue', method: 'POST', path: '/api/v1/feedback/routing',
      body: { target: 'P46' }, status: 403 },
    { label: 'the rules', as: 'vp', path: '/api/v1/feedback/routing', status: 200,
      check: r => { assert.equal(r.json.items.length, 2); assert.deepEqual(conformanceErrors('GET', '/api/v1/feedback/routing', r), []); } },
    { label: 'science about Hà Nội: the general rule', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ field: 'khcn', unit: 'P01' }), status: 201, check: r => assert.equal(r.json.unit.code, 'TW-BCD') },
    { label: 'science about Huế: the specific rule', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ field: 'khcn', unit: 'P46' }), status: 201, check: r => assert.equal(r.json.unit.code, 'P46-X1') },
    { label: 'delete the specific rule', as: 'admin', method: 'DELETE', path: () => `/api/v1/feedback/routing/${ctx.rule2}`, status: 204 },
    { label: 'delete it again', as: 'admin', method: 'DELETE', path: () => `/api/v1/feedback/routing/${ctx.rule2}`, status: 404 },
    { label: 'science about Huế now: the general rule', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ field: 'khcn', unit: 'P46' }), status: 201, check: r => assert.equal(r.json.unit.code, 'TW-BCD') },
    { label: 'a report for Huế to hand down', as: 'anon', method: 'POST', path: '/api/v1/feedback', body: report(), status: 201,
      check: r => { ctx.down = r.json.code; } },
    { label: 'Huế cannot hand it sideways', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/route`,
      body: { unit: 'P01' }, status: 403, field: 'unit' },
    { label: 'an unknown unit', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/route`,
      body: { unit: 'NOPE' }, status: 400, field: 'unit' },
    { label: 'Huế hands it to the ward below', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/route`,
      body: { unit: 'P46-X1', note: 'Thuộc thẩm quyền phường' }, status: 200,
      check: r => { assert.equal(r.json.unit.code, 'P46-X1'); assert.equal(r.json.history.at(-1).action, 'routed'); } },
    { label: 'the ward cannot hand it up', as: 'xa', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/route`,
      body: { unit: 'P46' }, status: 403 },
    { label: 'the standing office re-routes it anywhere', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/route`,
      body: { unit: 'P01' }, status: 200, check: r => assert.equal(r.json.unit.code, 'P01') },
    { label: 'now Hà Nội handles it', as: 'hanoi', method: 'POST', path: () => `/api/v1/feedback/${ctx.down}/transition`,
      body: { to: 'accepted' }, status: 200 },
    { label: 'a closed item is not routed', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.first}/route`,
      body: { unit: 'P01' }, status: 409, code: 'invalid_state' },
  ]);
});

test('near-duplicates are linked to the first', async t => {
  const content = 'Đèn tín hiệu   giao thông ở ngã tư Lê Lợi  hỏng đã hai tuần';
  await runSteps(t, { anon }, [
    { label: 'the first', as: 'anon', method: 'POST', path: '/api/v1/feedback', body: report({ content }), status: 201,
      check: r => { ctx.dup1 = r.json.code; assert.equal(r.json.duplicate_of, null); } },
    { label: 'the same without diacritics and with other spacing', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ content: 'den tin hieu giao thong o NGA TU le loi hong da hai tuan ' }), status: 201,
      check: r => assert.equal(r.json.duplicate_of, ctx.dup1) },
    { label: 'a third copy links to the first too', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ content }), status: 201, check: r => assert.equal(r.json.duplicate_of, ctx.dup1) },
    { label: 'other content is not a duplicate', as: 'anon', method: 'POST', path: '/api/v1/feedback',
      body: report({ content: content + ' nữa' }), status: 201, check: r => assert.equal(r.json.duplicate_of, null) },
  ]);
});

test('attachments: size and type checked, for the handlers', async t => {
  let r = await anon.post('/api/v1/feedback', report(PERSONAL));
  const code = r.json.code;
  await t.test('a PNG is accepted', async () => {
    r = await upload(code, 'ảnh chụp màn hình.png', PNG);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.type, 'image/png');
    assert.equal(r.json.size, PNG.length);
    ctx.fileUrl = r.json.url;
  });
  await t.test('text is refused naming the file', async () => {
    r = await upload(code, 'ghi-chu.txt', Buffer.from('chỉ là chữ'));
    assert.equal(r.status, 415, r.text);
    assert.equal(r.json.error.field, 'file');
  });
  await t.test('a zip pretending to be a DOCX without the extension is refused', async () => {
    r = await upload(code, 'tai-lieu.zip', Buffer.from('PK\x03\x04rest-of-zip'));
    assert.equal(r.status, 415);
  });
  await t.test('a bad file name', async () => {
    r = await upload(code, 'a/b.png', PNG);
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'name');
  });
  await t.test('an empty body', async () => {
    r = await upload(code, 'x.png', Buffer.alloc(0));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'file');
  });
  await t.test('a file over 5 MiB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    r = await upload(code, 'lon.png', big);
    assert.equal(r.status, 413, r.text);
  });
  await t.test('at most five', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await upload(code, `anh-${i}.png`, PNG)).status, 201);
    r = await upload(code, 'anh-6.png', PNG);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.field, 'file');
  });
  await t.test('the handler downloads it as an attachment; the public cannot', async () => {
    const pub = await anon.get(ctx.fileUrl);
    assert.equal(pub.status, 401);
    const other = await hanoi.get(ctx.fileUrl);
    assert.equal(other.status, 403);
    const res = await fetch(srv.base + ctx.fileUrl, { headers: { cookie: hue.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
    const item = await hue.get(`/api/v1/feedback/${code}`);
    assert.equal(item.json.files.length, 5);
  });
  await t.test('no attachments once accepted', async () => {
    assert.equal((await hue.post(`/api/v1/feedback/${code}/transition`, { to: 'accepted' })).status, 200);
    r = await upload(code, 'muon.png', PNG);
    assert.equal(r.status, 409);
  });
});

test('deadlines: per kind, configurable, with the administrator\'s days', async t => {
  let r = await hue.patch('/api/v1/feedback/kinds/phan_anh', { days: 5 });
  assert.equal(r.status, 403, 'only the administrator');
  r = await admin.patch('/api/v1/feedback/kinds/phan_anh', { days: 0 });
  assert.equal(r.status, 400); assert.equal(r.json.error.field, 'days');
  r = await admin.patch('/api/v1/feedback/kinds/khieu_nai', { days: 5 });
  assert.equal(r.status, 404);
  r = await admin.patch('/api/v1/feedback/kinds/phan_anh', { days: 5 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.find(k => k.code === 'phan_anh').days, 5);
  r = await anon.post('/api/v1/feedback', report());
  const today = r.json.received_on;
  assert.equal(r.json.due, cli(['workdays', today, '5']).stdout.trim());
  // A compensatory day off on the first working day after today moves the deadline by one.
  const firstWorking = cli(['workdays', today, '1']).stdout.trim();
  r = await hue.req('PUT', `/api/v1/calendar/days/${firstWorking}`, { name: 'Nghỉ bù', working: false });
  assert.equal(r.status, 403);
  r = await admin.req('PUT', '/api/v1/calendar/days/2026-02-30', { name: 'x', working: false });
  assert.equal(r.status, 400); assert.equal(r.json.error.field, 'date');
  r = await admin.req('PUT', `/api/v1/calendar/days/${firstWorking}`, { name: 'Nghỉ bù (quyết định thử)', working: 'no' });
  assert.equal(r.status, 400); assert.equal(r.json.error.field, 'working');
  r = await admin.req('PUT', `/api/v1/calendar/days/${firstWorking}`, { name: 'Nghỉ bù (quyết định thử)', working: false });
  assert.equal(r.status, 200, r.text);
  r = await anon.get(`/api/v1/calendar/days?year=${firstWorking.slice(0, 4)}`);
  assert.ok(r.json.days_off.some(d => d.date === firstWorking && d.name === 'Nghỉ bù (quyết định thử)'));
  assert.ok(r.json.changes.some(d => d.date === firstWorking && d.working === false));
  assert.deepEqual(conformanceErrors('GET', '/api/v1/calendar/days', r), []);
  // The CLI with the database sees the same day; without it, the computed calendar.
  const withDb = cli(['holidays', firstWorking.slice(0, 4), '--db', srv.db]).stdout;
  assert.ok(withDb.includes(`${firstWorking}\tNghỉ bù (quyết định thử)`), withDb);
  assert.ok(!cli(['holidays', firstWorking.slice(0, 4)]).stdout.includes('quyết định thử'));
  const due5 = cli(['workdays', today, '5', '--db', srv.db]).stdout.trim();
  assert.notEqual(due5, cli(['workdays', today, '5']).stdout.trim(), 'the day off counts');
  r = await anon.post('/api/v1/feedback', report());
  assert.equal(r.json.due, due5, 'the deadline skips the compensatory day');
  r = await admin.del(`/api/v1/calendar/days/${firstWorking}`);
  assert.equal(r.status, 204);
  r = await admin.del(`/api/v1/calendar/days/${firstWorking}`);
  assert.equal(r.status, 404);
  await admin.patch('/api/v1/feedback/kinds/phan_anh', { days: 10 });
});

test('overdue items are red, escalate to the parent, and lead the backlog', async t => {
  // Two items at the ward; one made overdue in the database (a past deadline).
  let r = await anon.post('/api/v1/feedback', report({ unit: 'P46-X1', title: 'Phản ánh quá hạn ở phường' }));
  assert.equal(r.json.unit.code, 'P46-X1');
  ctx.late = r.json.code;
  r = await anon.post('/api/v1/feedback', report({ unit: 'P46-X1', title: 'Phản ánh còn hạn ở phường' }));
  ctx.fresh = r.json.code;
  dbSql(srv.db, `UPDATE feedback SET due = '2025-01-06', received_on = '2024-12-20' WHERE code = '${ctx.late.replaceAll('-', '')}';
                  UPDATE generations SET value = value + 1 WHERE name = 'feedback';`);
  await runSteps(t, { anon, hue, xa, hueLeader, hanoi }, [
    { label: 'the ward\'s backlog: overdue first, red', as: 'xa', path: '/api/v1/feedback/backlog', status: 200,
      check: r2 => {
        const codes = r2.json.items.map(i => i.code);
        assert.equal(codes[0], ctx.late);
        assert.ok(codes.includes(ctx.fresh));
        assert.equal(r2.json.items[0].overdue, true);
        assert.ok(r2.json.items[0].days_overdue > 300);
        assert.equal(r2.json.items[0].escalated_to.code, 'P46');
        const dues = r2.json.items.map(i => i.due);
        assert.deepEqual(dues, [...dues].sort(), 'sorted by urgency');
        assert.deepEqual(conformanceErrors('GET', '/api/v1/feedback/backlog', r2), []);
      } },
    { label: 'Huế\'s backlog has it, escalated; not the ward\'s fresh one', as: 'hue', path: '/api/v1/feedback/backlog', status: 200,
      check: r2 => {
        const codes = r2.json.items.map(i => i.code);
        assert.equal(codes[0], ctx.late);
        assert.ok(!codes.includes(ctx.fresh));
      } },
    { label: 'the leader\'s overdue list below Huế', as: 'hueLeader', path: '/api/v1/feedback/backlog?scope=subtree&overdue=1', status: 200,
      check: r2 => { assert.deepEqual(r2.json.items.map(i => i.code), [ctx.late]); } },
    { label: 'Hà Nội cannot read Huế\'s backlog', as: 'hanoi', path: '/api/v1/feedback/backlog?unit=P46', status: 403 },
    { label: 'the public cannot read a backlog', as: 'anon', path: '/api/v1/feedback/backlog', status: 401 },
    { label: 'a bad scope', as: 'hue', path: '/api/v1/feedback/backlog?scope=all', status: 400, field: 'scope' },
    { label: 'a bad status filter', as: 'hue', path: '/api/v1/feedback/backlog?status=done', status: 400, field: 'status' },
    { label: 'the public page shows it overdue', as: 'anon', path: () => `/api/v1/feedback/${ctx.late}`, status: 200,
      check: r2 => { assert.equal(r2.json.overdue, true); assert.equal(r2.json.escalated_to.code, 'P46'); } },
    { label: 'statistics per unit', as: 'anon', path: '/api/v1/feedback/stats', status: 200,
      check: r2 => {
        const ward = r2.json.items.find(u => u.code === 'P46-X1');
        assert.equal(ward.overdue, 1);
        assert.ok(ward.received >= 2);
        const hueStats = r2.json.items.find(u => u.code === 'P46');
        assert.ok(hueStats.answered >= 1 && hueStats.answered_on_time >= 1);
        assert.equal(typeof hueStats.average_days, 'number');
        assert.ok(r2.json.total.received >= ward.received + hueStats.received);
        assert.deepEqual(conformanceErrors('GET', '/api/v1/feedback/stats', r2), []);
      } },
    { label: 'the leader\'s dashboard counts the same', as: 'hueLeader', path: '/api/v1/dashboard?unit=P46', status: 200,
      check: async r2 => {
        const st = (await anon.get('/api/v1/feedback/stats?unit=P46')).json.total;
        assert.ok(st.overdue >= 1);
        assert.equal(r2.json.feedback.overdue, st.overdue);
        assert.equal(r2.json.feedback.backlog, st.open);
        assert.equal(r2.json.feedback.average_days, st.average_days);
      } },
  ]);
});

test('public list: paging and filters', async t => {
  // Accept a few so that the public list has several.
  const backlog = await listAll(hue, '/api/v1/feedback/backlog?scope=subtree&limit=2');
  assert.ok(backlog.length >= 3, 'paging the backlog');
  for (const it of backlog.slice(0, 3)) {
    const r = await vp.post(`/api/v1/feedback/${it.code}/transition`, { to: 'accepted' });
    assert.equal(r.status, 200, r.text);
  }
  const all = await listAll(anon, '/api/v1/feedback?limit=1');
  assert.ok(all.length >= 4);
  assert.equal(new Set(all.map(i => i.code)).size, all.length, 'no item twice across pages');
  await runSteps(t, { anon }, [
    { label: 'by kind', as: 'anon', path: '/api/v1/feedback?kind=phan_anh', status: 200,
      check: r => assert.ok(r.json.items.every(i => i.kind === 'phan_anh')) },
    { label: 'by unit and below', as: 'anon', path: '/api/v1/feedback?unit=P46', status: 200,
      check: r => assert.ok(r.json.items.every(i => i.unit.code.startsWith('P46'))) },
    { label: 'search without diacritics', as: 'anon', path: '/api/v1/feedback?q=cong%20dich%20vu', status: 200,
      check: r => assert.ok(r.json.items.length > 0) },
    { label: 'a bad kind', as: 'anon', path: '/api/v1/feedback?kind=x', status: 400, field: 'kind' },
    { label: 'a bad unit', as: 'anon', path: '/api/v1/feedback?unit=NOPE', status: 400, field: 'unit' },
    { label: 'a bad cursor', as: 'anon', path: '/api/v1/feedback?cursor=%%%', status: 400, field: 'cursor' },
    { label: 'a bad limit', as: 'anon', path: '/api/v1/feedback?limit=0', status: 400, field: 'limit' },
  ]);
});

test('floods from one address are rate-limited, the counter in the database', async () => {
  let r = await hue.patch('/api/v1/feedback/settings', { max_per_address: 2 });
  assert.equal(r.status, 403);
  r = await admin.patch('/api/v1/feedback/settings', { max_per_address: 0 });
  assert.equal(r.status, 400); assert.equal(r.json.error.field, 'max_per_address');
  const stored = Number(dbSql(srv.db, "SELECT count(*) FROM login_failures WHERE key LIKE 'feedback:%'").trim());
  assert.ok(stored > 10, `the submissions are counted in the database (${stored})`);
  r = await admin.patch('/api/v1/feedback/settings', { max_per_address: stored + 1 });
  assert.equal(r.status, 200);
  r = await anon.post('/api/v1/feedback', report());
  assert.equal(r.status, 201, 'the last one allowed');
  const before = dbSql(srv.db, 'SELECT count(*) FROM feedback').trim();
  r = await anon.post('/api/v1/feedback', report());
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json.error.code, 'rate_limited');
  assert.match(r.json.error.message, /thử lại sau \d+ phút/);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.equal(dbSql(srv.db, 'SELECT count(*) FROM feedback').trim(), before, 'nothing stored');
  // Another server on the same database would see the same counter: it is a table, so
  // clearing it (as the window passing does) lets the address submit again.
  dbSql(srv.db, "DELETE FROM login_failures WHERE key LIKE 'feedback:%'");
  r = await anon.post('/api/v1/feedback', report());
  assert.equal(r.status, 201);
});
