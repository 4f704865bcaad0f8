// Promoting feedback of kind sáng kiến or giải pháp (system 2) to a breakthrough initiative
// (system 3): who may, which feedback, what both records keep, and the errors naming fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, stopServer, conformanceErrors } from './helpers.mjs';

const PW = 'mật-khẩu-đủ-dài-1';
let srv, admin, anon, vp, hue;
const ctx = {};

const idea = (extra = {}) => ({ kind: 'sang_kien', field: 'khcn', title: 'Bản đồ số cây trồng cho hợp tác xã',
  content: `Dùng ảnh vệ tinh và dữ liệu mở lập bản đồ cây trồng theo mùa vụ (${Math.random()})`,
  contact_name: 'Phạm Thu Hà', contact_email: 'ha.pham@htx.vn', contact_phone: '0987 654 321', ...extra });

before(async () => {
  srv = await startServer({ users: [
    { username: 'vp', password: PW, unit: 'TW-VPTW', role: 'standing_office' },
    { username: 'xl_hue', password: PW, unit: 'P46', role: 'handler' },
  ] });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  anon = new Client(srv.base);
  vp = await loggedIn(srv, 'vp', PW);
  hue = await loggedIn(srv, 'xl_hue', PW);
  const r = await admin.patch('/api/v1/feedback/settings', { max_per_address: 1000 });
  assert.equal(r.status, 200, r.text);
  for (const [key, body] of [['idea', idea()], ['solution', idea({ kind: 'giai_phap', unit: 'P46' })],
    ['report', { kind: 'phan_anh', field: 'dvc', title: 'Cổng dịch vụ công lỗi', content: 'Không tải được tệp.', unit: 'P46' }],
    ['rejected', idea()]]) {
    const s = await anon.post('/api/v1/feedback', body);
    assert.equal(s.status, 201, s.text);
    ctx[key] = s.json.code;
  }
  const rej = await vp.post(`/api/v1/feedback/${ctx.rejected}/transition`, { to: 'rejected', reason: 'Trùng nội dung đã xử lý.' });
  assert.equal(rej.status, 200, rej.text);
});
after(async () => { await stopServer(srv); });

test('the standing office promotes a sáng kiến; both records keep the step', async t => {
  await runSteps(t, { anon, vp, hue, admin }, [
    { label: 'no field', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: {}, status: 400, code: 'validation_failed', field: 'field' },
    { label: 'a field not in the list', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: { field: 'thien-van' }, status: 400, code: 'validation_failed', field: 'field' },
    { label: 'a proposer kind not in the list', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: { field: 'tri-tue-nhan-tao', proposer_kind: 'hội' }, status: 400, field: 'proposer_kind' },
    { label: 'not signed in', as: 'anon', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: { field: 'tri-tue-nhan-tao' }, status: 401 },
    { label: 'a handler of a province may not', as: 'hue', method: 'POST', path: () => `/api/v1/feedback/${ctx.solution}/promote`,
      body: { field: 'tri-tue-nhan-tao' }, status: 403 },
    { label: 'a phản ánh is not an initiative', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.report}/promote`,
      body: { field: 'tri-tue-nhan-tao' }, status: 409, code: 'invalid_state', field: 'code' },
    { label: 'a rejected sáng kiến stays rejected', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.rejected}/promote`,
      body: { field: 'tri-tue-nhan-tao' }, status: 409, code: 'invalid_state' },
    { label: 'no such code', as: 'vp', method: 'POST', path: '/api/v1/feedback/ZZZ-ZZZ-ZZZ/promote',
      body: { field: 'tri-tue-nhan-tao' }, status: 404 },
    { label: 'promoted', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: { field: 'tri-tue-nhan-tao', impact: 'Giảm chi phí khảo sát cho hợp tác xã.' }, status: 201,
      check: r => {
        assert.match(r.json.initiative, /^SK-/);
        assert.equal(r.json.feedback, ctx.idea);
        ctx.sk = r.json.initiative;
        ctx.skId = r.json.initiative_id;
        assert.deepEqual(conformanceErrors('POST', '/api/v1/feedback/{code}/promote', r), []);
      } },
    { label: 'the feedback is answered with the initiative code, publicly', as: 'anon',
      path: () => `/api/v1/feedback/${ctx.idea}`, status: 200,
      check: r => {
        assert.equal(r.json.status, 'answered');
        assert.ok(r.json.answer.includes(ctx.sk), r.json.answer);
        const last = r.json.history.at(-1);
        assert.equal(last.action, 'promoted');
        assert.equal(r.json.history[0].action, 'received', 'the history from reception is kept');
        assert.ok(!r.text.includes('ha.pham@htx.vn'), 'no personal data');
      } },
    { label: 'the initiative keeps the source, the feedback and the reception time', as: 'vp',
      path: () => `/api/v1/initiatives/${ctx.skId}`, status: 200,
      check: r => {
        assert.equal(r.json.source, 'feedback');
        assert.ok(r.json.feedback_id > 0);
        assert.equal(r.json.stage, 'submitted');
        assert.equal(r.json.field.code, 'tri-tue-nhan-tao');
        assert.match(r.json.title, /Bản đồ số cây trồng/);
      } },
    { label: 'its public tracking page, without the proposer\'s contact', as: 'anon',
      path: () => `/api/v1/initiatives/track/${ctx.sk}`, status: 200,
      check: r => {
        assert.equal(r.json.stage, 'submitted');
        assert.ok(!r.text.includes('ha.pham@htx.vn') && !r.text.includes('0987 654 321'), r.text);
      } },
    { label: 'promoted once only', as: 'vp', method: 'POST', path: () => `/api/v1/feedback/${ctx.idea}/promote`,
      body: { field: 'tri-tue-nhan-tao' }, status: 409, code: 'invalid_state' },
    { label: 'a giải pháp by the administrator', as: 'admin', method: 'POST', path: () => `/api/v1/feedback/${ctx.solution}/promote`,
      body: { field: 'tri-tue-nhan-tao', proposer_kind: 'enterprise' }, status: 201 },
  ]);
  const audit = await admin.get('/api/v1/audit?entity=feedback&limit=200');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some(a => a.action === 'promoted'), 'the promotion is audited');
});
