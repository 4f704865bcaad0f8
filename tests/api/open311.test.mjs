// Open311 GeoReport v2 over the feedback of system 2: services, submission form-encoded and as
// JSON through the same rules, the list with its filters, one request by tracking code, errors
// naming their parameter, and no personal data anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, stopServer, conformanceErrors } from './helpers.mjs';

const PW = 'mật-khẩu-đủ-dài-1';
let srv, anon, hue, admin;
const ctx = {};
const CODE_RE = /^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = o => new URLSearchParams(o).toString();

before(async () => {
  srv = await startServer({ users: [{ username: 'xl_hue', password: PW, unit: 'P46', role: 'handler' }] });
  anon = new Client(srv.base);
  hue = await loggedIn(srv, 'xl_hue', PW);
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  await admin.patch('/api/v1/feedback/settings', { max_per_address: 1000 });
});
after(async () => { await stopServer(srv); });

test('Open311 GeoReport v2', async t => {
  await runSteps(t, { anon, hue }, [
    { label: 'services are the four kinds', as: 'anon', path: '/open311/v2/services.json', status: 200,
      check: r => {
        assert.deepEqual(r.json.map(s => s.service_code), ['phan_anh', 'kien_nghi', 'sang_kien', 'giai_phap']);
        assert.equal(r.json[0].service_name, 'Phản ánh');
        assert.deepEqual(conformanceErrors('GET', '/open311/v2/services.json', r), []);
      } },
    { label: 'submit form-encoded, with Vietnamese text', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ service_code: 'phan_anh', description: 'Wi-Fi công cộng ở bộ phận một cửa phường không hoạt động',
                   'attribute[field]': 'hatang', 'attribute[unit]': 'P46', first_name: 'Hoa', last_name: 'Nguyễn Thị',
                   phone: '0987654321', email: 'hoa@example.vn', address_string: '5 Hùng Vương' }), status: 201,
      check: r => {
        assert.equal(r.json.length, 1);
        assert.match(r.json[0].service_request_id, CODE_RE);
        ctx.id = r.json[0].service_request_id;
        assert.deepEqual(conformanceErrors('POST', '/open311/v2/requests.json', r), []);
      } },
    { label: 'submit as JSON', as: 'anon', method: 'POST', path: '/open311/v2/requests.json',
      body: { service_code: 'kien_nghi', description: 'Kiến nghị mở rộng giờ tiếp nhận hồ sơ trực tuyến', title: 'Giờ tiếp nhận', field: 'dvc' }, status: 201,
      check: r => { ctx.id2 = r.json[0].service_request_id; } },
    { label: 'the same item in the nq57 API, routed and with its title', as: 'anon', path: () => `/api/v1/feedback/${ctx.id}`, status: 200,
      check: r => {
        assert.equal(r.json.unit.code, 'P46');
        assert.equal(r.json.field, 'hatang');
        assert.match(r.json.title, /^Wi-Fi công cộng/);
        assert.ok(!r.text.includes('0987654321') && !r.text.includes('hoa@example.vn'));
      } },
    { label: 'the handler sees the contact from the Open311 names', as: 'hue', path: () => `/api/v1/feedback/${ctx.id}`, status: 200,
      check: r => {
        assert.equal(r.json.contact.name, 'Nguyễn Thị Hoa');
        assert.equal(r.json.contact.phone, '0987654321');
        assert.equal(r.json.contact.address, '5 Hùng Vương');
      } },
    { label: 'one request by id', as: 'anon', path: () => `/open311/v2/requests/${ctx.id}.json`, status: 200,
      check: r => {
        assert.equal(r.json.length, 1);
        const q = r.json[0];
        assert.equal(q.service_request_id, ctx.id);
        assert.equal(q.status, 'open');
        assert.equal(q.service_code, 'phan_anh');
        assert.equal(q.agency_responsible, 'Thành phố Huế');
        assert.match(q.expected_datetime, /T23:59:59\+07:00$/);
        assert.ok(!JSON.stringify(q).includes('0987654321'));
        assert.deepEqual(conformanceErrors('GET', `/open311/v2/requests/${ctx.id}.json`, r), []);
      } },
    { label: 'the id without dashes works too', as: 'anon', path: () => `/open311/v2/requests/${ctx.id.replaceAll('-', '')}.json`, status: 200 },
    { label: 'an unknown request', as: 'anon', path: '/open311/v2/requests/ABC-DEF-GHJ.json', status: 404, field: 'service_request_id' },
    { label: 'not screened yet: not in the list', as: 'anon', path: '/open311/v2/requests.json', status: 200,
      check: r => assert.ok(!r.json.some(q => q.service_request_id === ctx.id)) },
    { label: 'accept it', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.id}/transition`, body: { to: 'accepted' }, status: 200 },
    { label: 'now listed, open', as: 'anon', path: '/open311/v2/requests.json?status=open', status: 200,
      check: r => {
        assert.ok(r.json.some(q => q.service_request_id === ctx.id));
        assert.deepEqual(conformanceErrors('GET', '/open311/v2/requests.json', r), []);
      } },
    { label: 'not among the closed', as: 'anon', path: '/open311/v2/requests.json?status=closed', status: 200,
      check: r => assert.ok(!r.json.some(q => q.service_request_id === ctx.id)) },
    { label: 'filter by service', as: 'anon', path: '/open311/v2/requests.json?service_code=kien_nghi', status: 200,
      check: r => assert.ok(r.json.every(q => q.service_code === 'kien_nghi')) },
    { label: 'by ids, any status', as: 'anon', path: () => `/open311/v2/requests.json?service_request_id=${ctx.id},${ctx.id2}`, status: 200,
      check: r => assert.deepEqual(r.json.map(q => q.service_request_id).sort(), [ctx.id, ctx.id2].sort()) },
    { label: 'by dates', as: 'anon', path: '/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-12-31', status: 200,
      check: r => assert.deepEqual(r.json, []) },
    { label: 'answer it', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.id}/transition`,
      body: { to: 'answered', answer: 'Đã thay thiết bị phát Wi-Fi.' }, status: 200 },
    { label: 'closed, with the answer as status notes', as: 'anon', path: () => `/open311/v2/requests/${ctx.id}.json`, status: 200,
      check: r => { assert.equal(r.json[0].status, 'closed'); assert.equal(r.json[0].status_notes, 'Đã thay thiết bị phát Wi-Fi.'); } },
    // Errors name the Open311 parameter.
    { label: 'service_code missing', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ description: 'Thiếu mã dịch vụ trong yêu cầu này' }), status: 400, field: 'service_code' },
    { label: 'service_code unknown', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ service_code: 'pothole', description: 'Ổ gà trên đường tỉnh lộ' }), status: 400, field: 'service_code' },
    { label: 'description too short', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ service_code: 'phan_anh', description: 'ngắn' }), status: 400, field: 'description' },
    { label: 'an initiative needs a name', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ service_code: 'sang_kien', description: 'Sáng kiến số hóa hồ sơ địa chính', email: 'a@b.vn' }), status: 400, field: 'first_name' },
    { label: 'a bad e-mail', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: form({ service_code: 'phan_anh', description: 'Một phản ánh có e-mail sai', email: 'khong-phai-email' }), status: 400, field: 'email' },
    { label: 'a bad percent escape', as: 'anon', method: 'POST', path: '/open311/v2/requests.json', headers: FORM,
      body: 'service_code=phan_anh&description=%ZZ', status: 400 },
    { label: 'an unknown JSON parameter', as: 'anon', method: 'POST', path: '/open311/v2/requests.json',
      body: { service_code: 'phan_anh', description: 'Phản ánh với tham số lạ', color: 'red' }, status: 400, field: 'color' },
    { label: 'a bad status filter', as: 'anon', path: '/open311/v2/requests.json?status=pending', status: 400, field: 'status' },
    { label: 'a bad start_date', as: 'anon', path: '/open311/v2/requests.json?start_date=hôm-qua', status: 400, field: 'start_date' },
    { label: 'a bad service filter', as: 'anon', path: '/open311/v2/requests.json?service_code=x', status: 400, field: 'service_code' },
  ]);
});
