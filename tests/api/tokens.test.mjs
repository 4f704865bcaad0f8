// API tokens: created once with the secret shown once, used as Bearer without CSRF, scoped to
// their unit, revocable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, bearerClient, expectStatus, stopServer } from './helpers.mjs';

const TOKEN_KEYS = ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'owner', 'revoked_at', 'role', 'unit'];
const USERS = [{ username: 'lanhdao.hn', password: 'mat-khau-token-1', unit: 'P01', role: 'leader' }];
let srv, admin;
const ctx = {};
before(async () => {
  srv = await startServer({ users: USERS });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
});
after(async () => { await stopServer(srv); });

test('token lifecycle', async t => {
  const clients = { admin, anon: new Client(srv.base) };
  const bearer = () => bearerClient(srv, ctx.secret);
  await runSteps(t, clients, [
    { label: 'create a token for P01', as: 'admin', method: 'POST', path: '/api/v1/tokens',
      body: { name: 'Hệ thống báo cáo Hà Nội', unit: 'P01', role: 'leader' }, status: 201,
      check: r => {
        for (const k of TOKEN_KEYS) assert.ok(k in r.json, `token has ${k}`);
        assert.match(r.json.token, /^nq57_\S{16,}$/, 'secret starts with nq57_ and is long');
        assert.equal(r.json.name, 'Hệ thống báo cáo Hà Nội');
        assert.equal(r.json.role, 'leader');
        assert.equal(r.json.revoked_at, null);
        assert.equal(r.json.owner, 'admin');
        ctx.id = r.json.id; ctx.secret = r.json.token;
      } },
    { label: 'missing name', as: 'admin', method: 'POST', path: '/api/v1/tokens', body: { unit: 'P01', role: 'leader' },
      status: 400, code: 'validation_failed', field: 'name' },
    { label: 'bad role', as: 'admin', method: 'POST', path: '/api/v1/tokens', body: { name: 'x', unit: 'P01', role: 'god' },
      status: 400, code: 'validation_failed', field: 'role' },
    { label: 'bad expires_at', as: 'admin', method: 'POST', path: '/api/v1/tokens',
      body: { name: 'x', unit: 'P01', role: 'leader', expires_at: 'tomorrow' }, status: 400, code: 'validation_failed', field: 'expires_at' },
    { label: 'anonymous create', as: 'anon', method: 'POST', path: '/api/v1/tokens', body: { name: 'x', unit: 'P01', role: 'leader' },
      status: 401, code: 'unauthenticated' },
    { label: 'list shows it without the secret', as: 'admin', path: '/api/v1/tokens', status: 200,
      check: r => {
        const x = r.json.items.find(i => String(i.id) === String(ctx.id));
        assert.ok(x, 'listed');
        assert.ok(!('token' in x), 'secret not shown again');
        assert.ok(!JSON.stringify(r.json).includes(ctx.secret), 'secret nowhere in the list');
        for (const k of TOKEN_KEYS) assert.ok(k in x, `listed token has ${k}`);
      } },
  ]);

  await t.test('Bearer: reads in scope, writes without CSRF, 403 outside scope', async () => {
    const b = bearer();
    expectStatus(await b.get('/api/v1/auth/me'), [200], { label: 'me with a token' });
    const p01 = await b.get('/api/v1/units/P01');
    expectStatus(p01, 200, { label: 'P01' });
    expectStatus(await b.get('/api/v1/units/P79'), 403, { code: 'forbidden', label: 'P79' });
    expectStatus(await b.get('/api/v1/units/tree?root=P79'), 403, { code: 'forbidden', label: 'tree P79' });
    const tree = await b.get('/api/v1/units/tree');
    expectStatus(tree, 200);
    assert.equal(tree.json.unit.code, 'P01', 'the token is scoped to its unit');
    const w = await b.post('/api/v1/units', { code: 'TOK-1', name: 'Xã Máy', kind: 'commune', parent: 'P01' });
    expectStatus(w, 201, { label: 'bearer write without CSRF' });
    expectStatus(await b.post('/api/v1/units', { code: 'TOK-2', name: 'Xã Máy', kind: 'commune', parent: 'P79' }),
      403, { code: 'forbidden', label: 'bearer write outside scope' });
    expectStatus(await b.get('/api/v1/users'), 403, { code: 'forbidden', label: 'a leader token is not admin' });
  });

  await t.test('last_used_at is set after use', async () => {
    const r = await admin.get('/api/v1/tokens');
    const x = r.json.items.find(i => String(i.id) === String(ctx.id));
    assert.ok(x.last_used_at && !Number.isNaN(Date.parse(x.last_used_at)), `last_used_at ${x.last_used_at}`);
  });

  await t.test('a mangled secret is 401', async () => {
    expectStatus(await bearerClient(srv, ctx.secret + 'x').get('/api/v1/units/P01'), 401, { code: 'unauthenticated' });
    expectStatus(await bearerClient(srv, ctx.secret.slice(0, -1)).get('/api/v1/units/P01'), 401, { code: 'unauthenticated' });
    const c = new Client(srv.base);
    expectStatus(await c.get('/api/v1/units/P01', { authorization: 'Basic ' + Buffer.from('admin:x').toString('base64') }),
      401, { code: 'unauthenticated', label: 'Basic auth' });
  });

  await runSteps(t, clients, [
    { label: 'revoke', as: 'admin', method: 'DELETE', path: () => `/api/v1/tokens/${ctx.id}`, status: 204 },
    { label: 'listed as revoked', as: 'admin', path: '/api/v1/tokens', status: 200,
      check: r => {
        const x = r.json.items.find(i => String(i.id) === String(ctx.id));
        assert.ok(x && x.revoked_at && !Number.isNaN(Date.parse(x.revoked_at)), 'revoked_at set');
      } },
  ]);

  await t.test('a revoked token is 401', async () => {
    expectStatus(await bearer().get('/api/v1/units/P01'), 401, { code: 'unauthenticated' });
    expectStatus(await bearer().post('/api/v1/units', { code: 'TOK-3', name: 'X', kind: 'commune', parent: 'P01' }),
      401, { code: 'unauthenticated' });
  });
});

test('an expired token is 401', async () => {
  const r = await admin.post('/api/v1/tokens', { name: 'hết hạn', unit: 'P01', role: 'leader', expires_at: '2020-01-01T00:00:00Z' });
  if (r.status === 400) {
    // Refusing a past expiry outright is also fine.
    expectStatus(r, 400, { code: 'validation_failed', field: 'expires_at' });
    return;
  }
  expectStatus(r, 201);
  expectStatus(await bearerClient(srv, r.json.token).get('/api/v1/units/P01'), 401, { code: 'unauthenticated' });
});

test('a user\'s own token: created with cookie + CSRF, revoked by the owner', async () => {
  const leader = await loggedIn(srv, 'lanhdao.hn', USERS[0].password);
  const nocsrf = new Client(srv.base); nocsrf.cookie = leader.cookie;
  expectStatus(await nocsrf.post('/api/v1/tokens', { name: 'x', unit: 'P01', role: 'leader' }), 403, { code: 'csrf_failed' });
  const r = await leader.post('/api/v1/tokens', { name: 'của lãnh đạo', unit: 'P01', role: 'leader' });
  expectStatus(r, 201);
  assert.equal(r.json.owner, 'lanhdao.hn');
  const b = bearerClient(srv, r.json.token);
  expectStatus(await b.get('/api/v1/units/P01'), 200);
  const adminList = await admin.get('/api/v1/tokens');
  assert.ok(adminList.json.items.some(x => String(x.id) === String(r.json.id)), 'admin sees all tokens');
  expectStatus(await leader.del(`/api/v1/tokens/${r.json.id}`), 204, { label: 'owner revokes' });
  expectStatus(await b.get('/api/v1/units/P01'), 401, { code: 'unauthenticated' });
  // Admin may revoke a user's token.
  const r2 = await leader.post('/api/v1/tokens', { name: 'thứ hai', unit: 'P01', role: 'leader' });
  expectStatus(await admin.del(`/api/v1/tokens/${r2.json.id}`), 204, { label: 'admin revokes a user token' });
  expectStatus(await bearerClient(srv, r2.json.token).get('/api/v1/units/P01'), 401);
});
