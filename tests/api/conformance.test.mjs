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
  clients = { admin, leader, nocsrf, anon: new Client(srv.base) };
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
  ['leader', 'POST', '/api/v1/auth/password', { current_password: PW, new_password: 'ngan' }],
  ['leader', 'POST', '/api/v1/auth/password', { current_password: PW, new_password: 'mat-khau-lanh-dao-moi' }],
  ['admin', 'POST', '/api/v1/auth/logout'],
];

test('every reply is documented in openapi.json and matches its schema', async t => {
  for (const [who, method, p, body, after] of STEPS) {
    const path = typeof p === 'function' ? p() : p;
    await t.test(`${who} ${method} ${path}`, async () => {
      const c = who === 'bearer' ? bearerClient(srv, ctx.token) : clients[who];
      const r = await c.req(method, path, body);
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
