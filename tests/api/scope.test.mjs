// Scope and roles: nothing outside a caller's scope is readable or writable, and role-restricted
// resources refuse other roles. Table-driven: a new resource adds rows to SCOPE_TABLE.
//
// Actors (all created before the server starts, except the token):
//   leader   leader of P01 (Hà Nội), cookie session
//   reporter reporter of P01, cookie session
//   standing standing_office, sitting at P01 but seeing the whole tree
//   token    the leader's API token for P01 with role leader (Bearer, no CSRF)
//   admintok an API token owned by admin but restricted to P01 and role leader: a token is
//            scoped by its own unit and role, not its owner's
//   admin    the admin from `nq57 init`
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn, bearerClient, listAll, walkTree, expectStatus, stopServer } from './helpers.mjs';

const PW = 'mat-khau-pham-vi-1';
const USERS = [
  { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
  { username: 'baocao.hn', password: PW, unit: 'P01', role: 'reporter' },
  { username: 'thuongtruc', password: PW, unit: 'P01', role: 'standing_office' },
];
const LOCAL = ['leader', 'reporter', 'token', 'admintok'];   // scoped to P01
const NOT_ADMIN = ['leader', 'reporter', 'standing', 'token', 'admintok'];

let srv, clients;
const ctx = {};
before(async () => {
  srv = await startServer({ users: USERS });
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  ctx.root = (await admin.get('/api/v1/auth/me')).json.scope.code;
  for (const [code, parent] of [['P01-S1', 'P01'], ['P01-S2', 'P01'], ['P79-S1', 'P79']])
    expectStatus(await admin.post('/api/v1/units', { code, name: `Xã ${code}`, kind: 'commune', parent, valid_from: '2025-07-01' }),
      201, { label: code });
  const leader = await loggedIn(srv, 'lanhdao.hn', PW);
  const tok = await leader.post('/api/v1/tokens', { name: 'hệ thống Hà Nội', unit: 'P01', role: 'leader' });
  expectStatus(tok, 201, { label: 'P01 token of the leader' });
  const restricted = await admin.post('/api/v1/tokens', { name: 'admin, Hà Nội only', unit: 'P01', role: 'leader' });
  expectStatus(restricted, 201, { label: 'restricted admin token' });
  const adminTok = await admin.post('/api/v1/tokens', { name: 'admin token', unit: 'P79', role: 'leader' });
  expectStatus(adminTok, 201, { label: 'admin token' });
  ctx.adminTokenId = adminTok.json.id;
  // Two bundled tasks: II.3.a-1 (TW-VPTW only, nothing in P01) and II.4.e (every province).
  const tasks = await admin.get('/api/v1/tasks?role=lead&limit=500&as_of=2025-12-31');
  expectStatus(tasks, 200, { label: 'bundled tasks' });
  ctx.vptwTask = tasks.json.items.find(it => it.task.key === '05TB-II.3.a-1').task.id;
  ctx.provinceTask = tasks.json.items.find(it => it.task.key === '05TB-II.4.e').task.id;
  clients = {
    admin,
    leader,
    reporter: await loggedIn(srv, 'baocao.hn', PW),
    standing: await loggedIn(srv, 'thuongtruc', PW),
    token: bearerClient(srv, tok.json.token),
    admintok: bearerClient(srv, restricted.json.token),
  };
});
after(async () => { await stopServer(srv); });

// Each row: the resource, a label, the request, the actors who must get 403 `forbidden`, and
// optionally actors who may (with the status they get) — the control that shows the 403 comes
// from scope or role, not from a broken route.
const SCOPE_TABLE = [
  // units: reads outside scope
  { resource: 'units', label: 'read P79', path: '/api/v1/units/P79', deny: LOCAL, allow: { standing: 200, admin: 200 } },
  { resource: 'units', label: 'read a unit under P79', path: '/api/v1/units/P79-S1', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'read P79 as of a past date', path: '/api/v1/units/P79?as_of=2025-08-01', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'subtree of P79', path: '/api/v1/units/P79/subtree', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'children of P79', path: '/api/v1/units/P79/children', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'tree rooted at P79', path: '/api/v1/units/tree?root=P79', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'read the root, above the own unit', path: c => `/api/v1/units/${c.root}`, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'tree rooted at the root', path: c => `/api/v1/units/tree?root=${c.root}`, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'units', label: 'subtree of the root', path: c => `/api/v1/units/${c.root}/subtree?depth=1`, deny: LOCAL },
  { resource: 'units', label: 'read a former province (OLD-P80)', path: '/api/v1/units/OLD-P80', deny: LOCAL, allow: { standing: 200 } },
  // units: writes outside scope
  { resource: 'units', label: 'create a child under P79', method: 'POST', path: '/api/v1/units',
    body: { code: 'X-P79', name: 'Xã Ngoài', kind: 'commune', parent: 'P79' }, deny: LOCAL },
  { resource: 'units', label: 'create a unit under the root (above the own unit)', method: 'POST', path: '/api/v1/units',
    body: c => ({ code: 'X-ROOT', name: 'Ngoài', kind: 'agency', parent: c.root }), deny: LOCAL },
  { resource: 'units', label: 'patch P79', method: 'PATCH', path: '/api/v1/units/P79', body: { name: 'Tên mới' }, deny: LOCAL },
  { resource: 'units', label: 'patch a unit under P79', method: 'PATCH', path: '/api/v1/units/P79-S1', body: { name: 'Tên mới' }, deny: LOCAL },
  { resource: 'units', label: 'move an own unit under P79', method: 'PATCH', path: '/api/v1/units/P01-S2', body: { parent: 'P79' }, deny: LOCAL },
  { resource: 'units', label: 'move an own unit to the root', method: 'PATCH', path: '/api/v1/units/P01-S2', body: c => ({ parent: c.root }), deny: LOCAL },
  { resource: 'units', label: 'deactivate P79', method: 'POST', path: '/api/v1/units/P79/deactivate', body: { event: 'dissolved' }, deny: LOCAL },
  { resource: 'units', label: 'deactivate a unit under P79', method: 'POST', path: '/api/v1/units/P79-S1/deactivate', body: { event: 'dissolved' }, deny: LOCAL },
  { resource: 'units', label: 'merge an own unit into P79', method: 'POST', path: '/api/v1/units/P01-S2/deactivate',
    body: { event: 'merged', successors: ['P79-S1'] }, deny: ['leader', 'token', 'admintok'] },
  { resource: 'units', label: 'reporter may not create units even in scope', method: 'POST', path: '/api/v1/units',
    body: { code: 'X-REP', name: 'Xã Báo Cáo', kind: 'commune', parent: 'P01' }, deny: ['reporter'] },
  // users: admin only
  { resource: 'users', label: 'list users', path: '/api/v1/users', deny: NOT_ADMIN, allow: { admin: 200 } },
  { resource: 'users', label: 'list users of the own unit', path: '/api/v1/users?unit=P01', deny: NOT_ADMIN },
  { resource: 'users', label: 'create a user', method: 'POST', path: '/api/v1/users',
    body: { username: 'ke.xam.nhap', password: 'mat-khau-dai-du', display_name: 'X', unit: 'P01', role: 'admin' }, deny: NOT_ADMIN },
  { resource: 'users', label: 'get a user', path: '/api/v1/users/admin', deny: NOT_ADMIN, allow: { admin: 200 } },
  { resource: 'users', label: 'get oneself via /users', path: '/api/v1/users/lanhdao.hn', deny: ['leader'] },
  { resource: 'users', label: 'patch a user', method: 'PATCH', path: '/api/v1/users/admin', body: { display_name: 'Bị sửa' }, deny: NOT_ADMIN },
  { resource: 'users', label: 'promote oneself', method: 'PATCH', path: '/api/v1/users/lanhdao.hn', body: { role: 'admin' }, deny: ['leader'] },
  { resource: 'users', label: 'widen one\'s own scope', method: 'PATCH', path: '/api/v1/users/baocao.hn', body: c => ({ unit: c.root }), deny: ['reporter'] },
  // audit: admin and standing_office
  { resource: 'audit', label: 'list audit', path: '/api/v1/audit', deny: LOCAL, allow: { standing: 200, admin: 200 } },
  { resource: 'audit', label: 'audit of a unit', path: '/api/v1/audit?entity=unit&entity_id=P01', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'audit', label: 'verify audit', path: '/api/v1/audit/verify', deny: LOCAL, allow: { standing: 200, admin: 200 } },
  // tokens
  { resource: 'tokens', label: 'token for a unit outside scope', method: 'POST', path: '/api/v1/tokens',
    body: { name: 'ngoài', unit: 'P79', role: 'leader' }, deny: ['leader', 'token', 'admintok'] },
  { resource: 'tokens', label: 'token for the root (above the own unit)', method: 'POST', path: '/api/v1/tokens',
    body: c => ({ name: 'gốc', unit: c.root, role: 'reporter' }), deny: ['leader', 'reporter'] },
  { resource: 'tokens', label: 'token with a role other than one\'s own', method: 'POST', path: '/api/v1/tokens',
    body: { name: 'leo thang', unit: 'P01', role: 'admin' }, deny: ['leader', 'reporter', 'admintok'] },
  { resource: 'tokens', label: 'token with a higher role in scope', method: 'POST', path: '/api/v1/tokens',
    body: { name: 'leo thang', unit: 'P01', role: 'leader' }, deny: ['reporter'] },
  { resource: 'tokens', label: 'revoke a token for P79 (another user\'s; for admintok, the same owner\'s)', method: 'DELETE', path: c => `/api/v1/tokens/${c.adminTokenId}`,
    deny: NOT_ADMIN },
  // tasks: reads outside scope, writes to parts outside scope, decisions the caller did not assign
  { resource: 'tasks', label: 'list tasks of P79', path: '/api/v1/tasks?unit=P79', deny: LOCAL, allow: { standing: 200, admin: 200 } },
  { resource: 'tasks', label: 'list tasks of the root', path: c => `/api/v1/tasks?unit=${c.root}&limit=5`, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'task summary of P79', path: '/api/v1/tasks/summary?unit=P79', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'task summary of the root', path: c => `/api/v1/tasks/summary?unit=${c.root}`, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'export the tasks of P79', path: '/api/v1/tasks/export.csv?unit=P79', deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'read a task with no part in scope (II.3.a-1, TW-VPTW)', path: c => `/api/v1/tasks/${c.vptwTask}`, deny: LOCAL, allow: { standing: 200, admin: 200 } },
  { resource: 'tasks', label: 'read it as of a past day', path: c => `/api/v1/tasks/${c.vptwTask}?as_of=2025-07-10`, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'progress on P79\'s part of II.4.e', method: 'POST', path: c => `/api/v1/tasks/${c.provinceTask}/progress`,
    body: { unit: 'P79', progress: 50 }, deny: LOCAL, allow: { standing: 200 } },
  { resource: 'tasks', label: 'report P79\'s part done', method: 'POST', path: c => `/api/v1/tasks/${c.provinceTask}/report`, body: { unit: 'P79' }, deny: LOCAL },
  { resource: 'tasks', label: 'progress on a task with no part in scope', method: 'POST', path: c => `/api/v1/tasks/${c.vptwTask}/progress`,
    body: { unit: 'TW-VPTW', progress: 50 }, deny: LOCAL },
  { resource: 'tasks', label: 'accept a completion P01 did not assign', method: 'POST', path: c => `/api/v1/tasks/${c.provinceTask}/accept`, body: { unit: 'P01' }, deny: LOCAL },
  { resource: 'tasks', label: 'return a completion P01 did not assign', method: 'POST', path: c => `/api/v1/tasks/${c.provinceTask}/return`,
    body: { unit: 'P01', reason: 'Trả lại' }, deny: LOCAL },
  { resource: 'tasks', label: 'create a top-level task', method: 'POST', path: '/api/v1/tasks', body: { title: 'Tự giao', lead: ['P01'], due: '2099-12-31' }, deny: LOCAL },
  { resource: 'tasks', label: 'break a task down for a unit under P79', method: 'POST', path: '/api/v1/tasks',
    body: c => ({ title: 'Ngoài phạm vi', lead: ['P79-S1'], due: '2099-12-31', parent: c.provinceTask }), deny: LOCAL },
];

// The same actors inside their scope: these must succeed (run after the denials).
const IN_SCOPE = [
  { label: 'leader reads P01', as: 'leader', path: '/api/v1/units/P01', status: 200 },
  { label: 'reporter reads P01', as: 'reporter', path: '/api/v1/units/P01', status: 200 },
  { label: 'token reads P01', as: 'token', path: '/api/v1/units/P01', status: 200 },
  { label: 'leader reads a unit under P01', as: 'leader', path: '/api/v1/units/P01-S1', status: 200 },
  { label: 'leader reads the P01 subtree', as: 'leader', path: '/api/v1/units/P01/subtree', status: 200 },
  { label: 'leader reads the P01 children', as: 'leader', path: '/api/v1/units/P01/children', status: 200 },
  { label: 'leader creates a child of P01', as: 'leader', method: 'POST', path: '/api/v1/units',
    body: { code: 'P01-L1', name: 'Chi bộ Lãnh Đạo', kind: 'party_cell', parent: 'P01' }, status: 201 },
  { label: 'token creates a child of P01 (no CSRF)', as: 'token', method: 'POST', path: '/api/v1/units',
    body: { code: 'P01-T1', name: 'Chi bộ Máy', kind: 'party_cell', parent: 'P01-S1' }, status: 201 },
  { label: 'leader renames a unit under P01', as: 'leader', method: 'PATCH', path: '/api/v1/units/P01-S1', body: { name: 'Xã Đổi Tên' }, status: 200 },
  { label: 'leader creates a token for P01', as: 'leader', method: 'POST', path: '/api/v1/tokens',
    body: { name: 'của tôi', unit: 'P01', role: 'leader' }, status: 201 },
  { label: 'leader creates a token for a unit below', as: 'leader', method: 'POST', path: '/api/v1/tokens',
    body: { name: 'của xã', unit: 'P01-S1', role: 'leader' }, status: 201 },
  { label: 'standing office creates under P79', as: 'standing', method: 'POST', path: '/api/v1/units',
    body: { code: 'P79-ST', name: 'Phường Thường Trực', kind: 'ward', parent: 'P79' }, status: 201 },
  { label: 'standing office patches P79-S1', as: 'standing', method: 'PATCH', path: '/api/v1/units/P79-S1', body: { name: 'Xã Sửa' }, status: 200 },
  { label: 'leader reads own /auth/me', as: 'leader', path: '/api/v1/auth/me', status: 200 },
  { label: 'leader lists own tokens', as: 'leader', path: '/api/v1/tokens', status: 200 },
  { label: 'leader lists own tasks', as: 'leader', path: '/api/v1/tasks?unit=P01', status: 200 },
  { label: 'token reads the P01 task summary', as: 'token', path: '/api/v1/tasks/summary', status: 200 },
  { label: 'reporter exports P01\'s tasks', as: 'reporter', path: '/api/v1/tasks/export.csv', status: 200 },
];

test('out-of-scope and wrong-role requests are 403, for every resource', async t => {
  for (const row of SCOPE_TABLE) {
    const method = row.method || 'GET';
    for (const who of row.deny) {
      await t.test(`[${row.resource}] ${row.label}: ${who} → 403`, async () => {
        const path = typeof row.path === 'function' ? row.path(ctx) : row.path;
        const body = typeof row.body === 'function' ? row.body(ctx) : row.body;
        const r = await clients[who].req(method, path, body);
        expectStatus(r, 403, { code: 'forbidden', label: `${who} ${method} ${path}` });
      });
    }
    for (const [who, status] of Object.entries(row.allow || {})) {
      await t.test(`[${row.resource}] ${row.label}: ${who} → ${status} (control)`, async () => {
        const path = typeof row.path === 'function' ? row.path(ctx) : row.path;
        const body = typeof row.body === 'function' ? row.body(ctx) : row.body;
        expectStatus(await clients[who].req(method, path, body), status, { label: `${who} ${method} ${path}` });
      });
    }
  }
});

test('nothing was written by the denied requests', async () => {
  const admin = clients.admin;
  for (const code of ['X-P79', 'X-ROOT', 'X-REP'])
    expectStatus(await admin.get(`/api/v1/units/${code}`), 404, { label: code });
  const p79 = await admin.get('/api/v1/units/P79');
  assert.equal(p79.json.name, 'Thành phố Hồ Chí Minh');
  assert.equal(p79.json.active, true);
  const s2 = await admin.get('/api/v1/units/P01-S2');
  assert.equal(s2.json.parent, 'P01');
  assert.equal(s2.json.active, true);
  const u = await admin.get('/api/v1/users/lanhdao.hn');
  assert.equal(u.json.role, 'leader');
  expectStatus(await admin.get('/api/v1/users/ke.xam.nhap'), 404);
  const toks = await admin.get('/api/v1/tokens');
  const t = toks.json.items.find(x => String(x.id) === String(ctx.adminTokenId));
  assert.equal(t.revoked_at, null, 'the admin token was not revoked');
});

test('in-scope requests by the same actors succeed (controls)', async t => {
  for (const s of IN_SCOPE) {
    await t.test(s.label, async () => {
      const r = await clients[s.as].req(s.method || 'GET', s.path, s.body);
      expectStatus(r, s.status, { label: s.label });
    });
  }
});

test('searches and lists never include units outside scope', async t => {
  const admin = clients.admin;
  const st = await admin.get('/api/v1/units/P01/subtree');
  const sub = st.json.unit && !st.json.code ? st.json.unit : st.json;
  const inScope = new Set(); walkTree(sub, n => inScope.add(n.code));
  assert.ok(inScope.has('P01') && inScope.has('P01-S1'));
  const queries = ['/api/v1/units?limit=500', '/api/v1/units?q=ho%20chi%20minh', '/api/v1/units?q=thanh%20pho',
    '/api/v1/units?q=xa', '/api/v1/units?kind=city', '/api/v1/units?kind=commune', '/api/v1/units?include_inactive=true&limit=500',
    '/api/v1/units?as_of=2025-06-01&limit=500', '/api/v1/units?q=long%20an&as_of=2025-06-01'];
  for (const who of LOCAL) {
    for (const q of queries) {
      await t.test(`${who}: ${q}`, async () => {
        const items = await listAll(clients[who], q);
        const out = items.filter(u => !inScope.has(u.code));
        assert.deepEqual(out.map(u => u.code), [], 'units outside scope');
      });
    }
    await t.test(`${who}: parent=P79 is refused or empty`, async () => {
      const r = await clients[who].get('/api/v1/units?parent=P79');
      if (r.status === 200) assert.deepEqual(r.json.items.map(u => u.code), []);
      else expectStatus(r, 403, { code: 'forbidden' });
    });
    await t.test(`${who}: default tree is rooted at P01 and stays inside`, async () => {
      const r = await clients[who].get('/api/v1/units/tree?depth=10');
      expectStatus(r, 200);
      assert.equal(r.json.unit.code, 'P01');
      walkTree(r.json.unit, n => assert.ok(inScope.has(n.code), n.code));
    });
  }
  await t.test('standing office search does find P79', async () => {
    const r = await clients.standing.get('/api/v1/units?q=ho%20chi%20minh');
    assert.ok(r.json.items.some(u => u.code === 'P79'));
  });
  await t.test('leader lists only own tokens', async () => {
    const r = await clients.leader.get('/api/v1/tokens');
    expectStatus(r, 200);
    assert.ok(r.json.items.length >= 1);
    for (const x of r.json.items) assert.equal(x.owner, 'lanhdao.hn');
    assert.ok(!r.json.items.some(x => String(x.id) === String(ctx.adminTokenId)));
  });
});
