// Replies match docs/openapi.json: every status a request gets is documented for its operation,
// and every JSON body matches the documented schema. A table of labelled requests covering every
// operation, with successes and errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { loggedIn, bearerClient, conformanceErrors, schemaErrors, OPENAPI, stopServer } from './helpers.mjs';

const PW = 'mat-khau-hop-dong-1';
let srv, clients;
const ctx = {};
before(async () => {
  srv = await startServer({ users: [
    { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
    { username: 'khoa.tk', password: PW, unit: 'P01', role: 'reporter' },
  ] });
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const leader = await loggedIn(srv, 'lanhdao.hn', PW);
  const nocsrf = await loggedIn(srv, 'admin', srv.adminPassword); nocsrf.csrf = null;
  // `anon` picks up a session from the first login step below; `nobody` never signs in.
  clients = { admin, leader, nocsrf, anon: new Client(srv.base), nobody: new Client(srv.base) };
});
after(async () => { await stopServer(srv); });

const STEPS = [
  ['anon', 'GET', '/healthz'],
  ['anon', 'GET', '/metrics'],
  ['anon', 'GET', '/api/v1/openapi.json'],
  ['anon', 'POST', '/api/v1/auth/login', { username: 'lanhdao.hn', password: PW }],
  ['anon', 'POST', '/api/v1/auth/login', { username: 'lanhdao.hn', password: 'sai-mat-khau' }],
  ['anon', 'POST', '/api/v1/auth/login', { username: 'lanhdao.hn' }],
  ['anon', 'POST', '/api/v1/auth/login', '{"username":'],
  ['admin', 'GET', '/api/v1/auth/me'],
  ['leader', 'GET', '/api/v1/auth/me'],
  ['anon', 'GET', '/api/v1/auth/me'],
  ['admin', 'GET', '/api/v1/units?q=ha%20noi'],
  ['admin', 'GET', '/api/v1/units?limit=5'],
  ['admin', 'GET', '/api/v1/units?as_of=2025-06-01&q=long%20an'],
  ['admin', 'GET', '/api/v1/units?include_inactive=true&kind=former_province&limit=3'],
  ['admin', 'GET', '/api/v1/units?limit=0'],
  ['anon', 'GET', '/api/v1/units'],
  ['admin', 'GET', '/api/v1/units/tree'],
  ['admin', 'GET', '/api/v1/units/tree?root=P01&as_of=2025-08-01'],
  ['leader', 'GET', '/api/v1/units/tree?root=P79'],
  ['admin', 'GET', '/api/v1/units/tree?root=NO-SUCH'],
  ['admin', 'GET', '/api/v1/units/P01'],
  ['admin', 'GET', '/api/v1/units/OLD-P80'],
  ['admin', 'GET', '/api/v1/units/P80'],
  ['admin', 'GET', '/api/v1/units/NO-SUCH'],
  ['leader', 'GET', '/api/v1/units/P79'],
  ['admin', 'GET', '/api/v1/units/VN/children'],
  ['admin', 'GET', '/api/v1/units/P01/subtree'],
  ['admin', 'GET', '/api/v1/units/P01/subtree?depth=1&as_of=2025-08-01'],
  ['admin', 'POST', '/api/v1/units', { code: 'HD-1', name: 'Xã Hợp Đồng', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }],
  ['admin', 'POST', '/api/v1/units', { code: 'HD-2', name: 'Xã Hai', kind: 'commune', parent: 'HD-1', valid_from: '2025-07-01' }],
  ['admin', 'POST', '/api/v1/units', { code: 'HD-1', name: 'Trùng', kind: 'commune', parent: 'P01' }],
  ['admin', 'POST', '/api/v1/units', { code: 'HD-3', name: 'X', kind: 'galaxy', parent: 'P01' }],
  ['nocsrf', 'POST', '/api/v1/units', { code: 'HD-4', name: 'X', kind: 'commune', parent: 'P01' }],
  ['leader', 'POST', '/api/v1/units', { code: 'HD-5', name: 'X', kind: 'commune', parent: 'P79' }],
  ['admin', 'PATCH', '/api/v1/units/HD-1', { name: 'Phường Hợp Đồng', effective: '2025-09-01' }],
  ['admin', 'PATCH', '/api/v1/units/NO-SUCH', { name: 'X' }],
  ['admin', 'PATCH', '/api/v1/units/HD-1', { name: 5 }],
  ['admin', 'POST', '/api/v1/units/HD-1/deactivate', { event: 'dissolved' }],
  ['admin', 'POST', '/api/v1/units/HD-2/deactivate', { event: 'merged', successors: ['P01'], date: '2025-10-01' }],
  ['admin', 'GET', '/api/v1/units/HD-2'],
  ['admin', 'GET', '/api/v1/users'],
  ['admin', 'GET', '/api/v1/users?unit=P01&q=lanh'],
  ['leader', 'GET', '/api/v1/users'],
  ['admin', 'POST', '/api/v1/users', { username: 'moi.tao', password: 'mat-khau-moi-tao', display_name: 'Mới Tạo', unit: 'P01', role: 'reporter' }],
  ['admin', 'POST', '/api/v1/users', { username: 'moi.tao', password: 'mat-khau-moi-tao', display_name: 'Mới Tạo', unit: 'P01', role: 'reporter' }],
  ['admin', 'POST', '/api/v1/users', { username: 'X', password: 'short', display_name: 'X', unit: 'P01', role: 'reporter' }],
  ['admin', 'GET', '/api/v1/users/moi.tao'],
  ['admin', 'GET', '/api/v1/users/no.such'],
  ['admin', 'PATCH', '/api/v1/users/moi.tao', { role: 'handler', display_name: 'Đổi Tên' }],
  ['admin', 'PATCH', '/api/v1/users/moi.tao', { role: 'emperor' }],
  ['admin', 'POST', '/api/v1/tokens', { name: 'máy', unit: 'P01', role: 'leader' }, r => { ctx.tokenId = r.json?.id; ctx.token = r.json?.token; }],
  ['leader', 'POST', '/api/v1/tokens', { name: 'ngoài', unit: 'P79', role: 'leader' }],
  ['admin', 'POST', '/api/v1/tokens', { name: 'x' }],
  ['admin', 'GET', '/api/v1/tokens'],
  ['bearer', 'GET', '/api/v1/auth/me'],
  ['bearer', 'GET', '/api/v1/units/P01'],
  ['admin', 'DELETE', () => `/api/v1/tokens/${ctx.tokenId}`],
  ['admin', 'DELETE', '/api/v1/tokens/999999'],
  ['bearer', 'GET', '/api/v1/units/P01'],
  ['admin', 'GET', '/api/v1/audit?limit=5'],
  ['admin', 'GET', '/api/v1/audit?entity=unit&entity_id=HD-1'],
  ['leader', 'GET', '/api/v1/audit'],
  ['admin', 'GET', '/api/v1/audit/verify'],
  ['admin', 'GET', '/api/v1/documents'],
  ['admin', 'GET', '/api/v1/documents?q=chuyen%20doi%20so'],
  ['admin', 'GET', '/api/v1/documents/1'],
  ['admin', 'GET', '/api/v1/documents/999999'],
  // tasks (system 1): the bundled tasks of 05-TB/BCĐTW, and a task created here
  ['admin', 'GET', '/api/v1/tasks?limit=3'],
  ['admin', 'GET', '/api/v1/tasks?q=ke%20hoach%20so%2001&role=lead&limit=5', undefined, r => { ctx.vptwTask = r.json?.items?.[0]?.task?.id; }],
  ['admin', 'GET', '/api/v1/tasks?unit=P01&subtree=false&colour=red,blue,grey&sort=overdue&as_of=2025-08-05'],
  ['admin', 'GET', '/api/v1/tasks?due_from=2025-07-01&due_to=2025-07-31&sort=title&group=1'],
  ['admin', 'GET', '/api/v1/tasks?colour=purple'],
  ['admin', 'GET', '/api/v1/tasks?as_of=2025-02-30'],
  ['leader', 'GET', '/api/v1/tasks?unit=P79'],
  ['leader', 'GET', '/api/v1/tasks?limit=2'],
  ['nobody', 'GET', '/api/v1/tasks'],
  ['nobody', 'POST', () => `/api/v1/tasks/${ctx.vptwTask}/progress`, { unit: 'TW-VPTW', progress: 5 }],
  ['admin', 'GET', '/api/v1/tasks/summary?as_of=2025-08-05'],
  ['leader', 'GET', '/api/v1/tasks/summary'],
  ['admin', 'GET', '/api/v1/tasks/summary?unit=NO-SUCH'],
  ['leader', 'GET', '/api/v1/tasks/summary?unit=P79'],
  ['admin', 'GET', '/api/v1/tasks/export.csv?sort=sideways'],
  ['admin', 'GET', '/api/v1/tasks/export.xlsx?colour=purple'],
  ['leader', 'GET', '/api/v1/tasks/export.xlsx?unit=P79'],
  ['admin', 'GET', '/api/v1/tasks/summary?as_of=2025-08-05&cutoff=2025-08-01'],
  ['admin', 'GET', '/api/v1/tasks/summary?cutoff=2025-02-30'],
  ['leader', 'POST', '/api/v1/tasks/import', 'id,title\n'],
  ['admin', 'POST', '/api/v1/tasks/import', { title: 'not CSV' }],
  ['leader', 'GET', '/api/v1/tasks/export.csv?unit=P79'],
  ['admin', 'GET', () => `/api/v1/tasks/${ctx.vptwTask}?as_of=2025-07-16`],
  ['leader', 'GET', () => `/api/v1/tasks/${ctx.vptwTask}`],
  ['admin', 'GET', '/api/v1/tasks/999999'],
  ['admin', 'GET', '/api/v1/tasks/abc'],
  ['admin', 'POST', '/api/v1/tasks', { title: 'Nhiệm vụ hợp đồng', lead: ['P01'], coordinators: ['P79'], deadline_text: 'Hoàn thành trong tháng 9/2025', start_date: '2025-07-04' },
    r => { ctx.newTask = r.json?.id; }],
  ['admin', 'POST', '/api/v1/tasks', { title: 'Không rõ hạn', lead: ['P01'], deadline_text: 'sớm nhất có thể' }],
  ['admin', 'POST', '/api/v1/tasks', { title: 'Không có đơn vị', lead: [] }],
  ['leader', 'POST', '/api/v1/tasks', { title: 'Lãnh đạo tự giao', lead: ['P01'], due: '2027-01-01' }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/progress`, { unit: 'P01', progress: 40, note: 'Đang làm', links: ['https://hanoi.gov.vn/bao-cao'] }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/progress`, { unit: 'P01', progress: 101 }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/evidence?unit=P01&name=bao-cao.pdf`, '%PDF-1.4 minh chứng'],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/evidence?unit=P01&name=ghi-chu.txt`, 'chỉ là chữ'],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/evidence?unit=P01`, '%PDF-1.4'],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/evidence?unit=P79&name=a.pdf`, '%PDF-1.4'],
  ['admin', 'GET', '/api/v1/evidence/999999'],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/progress`, { unit: 'P79', progress: 10 }],
  ['leader', 'POST', '/api/v1/tasks/999999/progress', { unit: 'P01', progress: 10 }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/report`, { unit: 'P01', note: 'Xong' }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/report`, { unit: 'P01' }],
  ['leader', 'POST', () => `/api/v1/tasks/${ctx.newTask}/accept`, { unit: 'P01' }],
  ['admin', 'POST', () => `/api/v1/tasks/${ctx.newTask}/return`, { unit: 'P01' }],
  ['admin', 'POST', () => `/api/v1/tasks/${ctx.newTask}/accept`, { unit: 'P01' }],
  ['admin', 'POST', () => `/api/v1/tasks/${ctx.newTask}/accept`, { unit: 'P01' }],
  ['admin', 'POST', () => `/api/v1/tasks/${ctx.newTask}/return`, { unit: 'P79', reason: 'Chưa báo cáo' }],
  ['admin', 'GET', () => `/api/v1/tasks/${ctx.newTask}`],
  // checklists
  ['admin', 'GET', '/api/v1/checklists', undefined, r => { ctx.checklist = r.json?.items?.[0]?.id; }],
  ['admin', 'POST', '/api/v1/checklists', { code: 'HD-CL', name: 'Tiêu chí hợp đồng', unit_kinds: ['commune'], criteria: ['Có họp trực tuyến', 'Có chữ ký số'] },
    r => { ctx.cl = r.json?.id; ctx.criteria = r.json?.criteria?.map(c => c.id); }],
  ['admin', 'POST', '/api/v1/checklists', { code: 'HD-CL', name: 'Trùng mã', unit_kinds: ['commune'], criteria: ['X'] }],
  ['admin', 'POST', '/api/v1/checklists', { code: 'HD-CL2', name: 'X', unit_kinds: ['galaxy'], criteria: ['X'] }],
  ['leader', 'POST', '/api/v1/checklists', { code: 'HD-CL3', name: 'X', unit_kinds: ['commune'], criteria: ['X'] }],
  ['leader', 'POST', () => `/api/v1/checklists/${ctx.cl}/units/HD-1`, () => ({ answers: [{ criterion: ctx.criteria[0], met: true, note: 'Đã họp' }, { criterion: ctx.criteria[1], met: false }] })],
  ['leader', 'POST', () => `/api/v1/checklists/${ctx.cl}/units/HD-1`, { answers: [{ criterion: 999999, met: true }] }],
  ['leader', 'POST', () => `/api/v1/checklists/${ctx.cl}/units/P01`, () => ({ answers: [{ criterion: ctx.criteria[0], met: true }] })],
  ['leader', 'GET', () => `/api/v1/checklists/${ctx.cl}/units/HD-1`],
  ['leader', 'GET', () => `/api/v1/checklists/${ctx.cl}/units/HD-1?as_of=2025-01-01`],
  ['leader', 'GET', () => `/api/v1/checklists/${ctx.cl}/units/P79`],
  ['leader', 'GET', () => `/api/v1/checklists/${ctx.cl}/summary`],
  ['admin', 'GET', () => `/api/v1/checklists/${ctx.checklist}/summary?unit=P31&as_of=2025-08-01`],
  ['admin', 'GET', () => `/api/v1/checklists/${ctx.cl}/summary?unit=NO-SUCH`],
  ['admin', 'GET', '/api/v1/checklists/999999/summary'],
  ['admin', 'GET', () => `/api/v1/checklists/${ctx.cl}/units/NO-SUCH`],
  ['leader', 'POST', '/api/v1/auth/password', { current_password: PW, new_password: 'ngan' }],
  ['leader', 'POST', '/api/v1/auth/password', { current_password: PW, new_password: 'mat-khau-lanh-dao-moi' }],
  ['admin', 'POST', '/api/v1/auth/logout'],
];

test('every reply is documented in openapi.json and matches its schema', async t => {
  for (const [who, method, p, body, after] of STEPS) {
    const path = typeof p === 'function' ? p() : p;
    await t.test(`${who} ${method} ${path}`, async () => {
      const c = who === 'bearer' ? bearerClient(srv, ctx.token) : clients[who];
      const r = await c.req(method, path, typeof body === 'function' ? body() : body);
      if (after) after(r);
      assert.ok(r.status < 500, `status ${r.status}: ${r.text.slice(0, 200)}`);
      assert.deepEqual(conformanceErrors(method, path, r), [], r.text.slice(0, 300));
    });
  }
});

test('route-level errors (404 unknown route, 405, 413) use the Error schema', async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  for (const [method, path] of [['GET', '/api/v1/nothing-here'], ['DELETE', '/api/v1/units'], ['PUT', '/api/v1/auth/me']]) {
    const r = await admin.req(method, path, method === 'PUT' ? {} : undefined);
    assert.ok([404, 405].includes(r.status), `${method} ${path}: ${r.status}`);
    assert.deepEqual(schemaErrors(OPENAPI.components.schemas.Error, r.json), [], `${method} ${path}`);
  }
});
