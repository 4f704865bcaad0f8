// User administration (admin only): create, validate, log in, change role, deactivate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, listAll, expectStatus, stopServer } from './helpers.mjs';

const USER_KEYS = ['active', 'created_at', 'display_name', 'role', 'unit', 'username'];
let srv, clients;
before(async () => {
  srv = await startServer();
  clients = { admin: await loggedIn(srv, 'admin', srv.adminPassword), anon: new Client(srv.base) };
});
after(async () => { await stopServer(srv); });

function assertUser(u) {
  assert.deepEqual(Object.keys(u).filter(k => USER_KEYS.includes(k)).sort(), USER_KEYS, JSON.stringify(u));
  for (const k of Object.keys(u)) assert.ok(!/password|hash|salt/i.test(k), `no secret in User: ${k}`);
  assert.ok(!Number.isNaN(Date.parse(u.created_at)), 'created_at is a timestamp');
  assert.equal(typeof u.unit.code, 'string');
  assert.equal(typeof u.unit.name, 'string');
}

const NEW = { username: 'nguyen.van.a', password: 'mat-khau-an-toan-1', display_name: 'Nguyễn Văn A', unit: 'P01', role: 'leader' };
const mk = over => ({ ...NEW, ...over });

test('user administration', async t => {
  await runSteps(t, clients, [
    { label: 'create a user', as: 'admin', method: 'POST', path: '/api/v1/users', body: NEW, status: 201,
      check: r => {
        assertUser(r.json);
        assert.equal(r.json.username, NEW.username);
        assert.equal(r.json.display_name, 'Nguyễn Văn A');
        assert.equal(r.json.role, 'leader');
        assert.deepEqual(r.json.unit, { code: 'P01', name: 'Thành phố Hà Nội' });
        assert.equal(r.json.active, true);
      } },
    { label: 'duplicate username', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ display_name: 'Khác' }),
      status: 409, code: 'conflict' },
    { label: 'username too short', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'ab' }),
      status: 400, code: 'validation_failed', field: 'username' },
    { label: 'username with capitals and spaces', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'Bad Name!' }),
      status: 400, code: 'validation_failed', field: 'username' },
    { label: 'username with diacritics', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'nguyễn' }),
      status: 400, code: 'validation_failed', field: 'username' },
    { label: 'username over 64 chars', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'a'.repeat(65) }),
      status: 400, code: 'validation_failed', field: 'username' },
    { label: 'username of exactly 64 chars is fine', as: 'admin', method: 'POST', path: '/api/v1/users',
      body: mk({ username: 'b'.repeat(64) }), status: 201 },
    { label: 'password under 10 chars', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'short.pw', password: '123456789' }),
      status: 400, code: 'validation_failed', field: 'password' },
    { label: 'password missing', as: 'admin', method: 'POST', path: '/api/v1/users',
      body: { username: 'no.pw', display_name: 'X', unit: 'P01', role: 'leader' }, status: 400, code: 'validation_failed', field: 'password' },
    { label: 'unknown role', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'bad.role', role: 'emperor' }),
      status: 400, code: 'validation_failed', field: 'role' },
    { label: 'unknown unit', as: 'admin', method: 'POST', path: '/api/v1/users', body: mk({ username: 'bad.unit', unit: 'NO-SUCH' }),
      status: [400, 404], check: r => { if (r.status === 400) assert.equal(r.json.error.field, 'unit'); } },
    { label: 'get the user', as: 'admin', path: '/api/v1/users/nguyen.van.a', status: 200,
      check: r => { assertUser(r.json); assert.equal(r.json.role, 'leader'); } },
    { label: 'list users', as: 'admin', path: '/api/v1/users', status: 200,
      check: r => {
        assert.ok('next_cursor' in r.json);
        const names = r.json.items.map(u => u.username);
        assert.ok(names.includes('admin') && names.includes('nguyen.van.a'), names.join(','));
        r.json.items.forEach(assertUser);
      } },
    { label: 'list users by unit', as: 'admin', path: '/api/v1/users?unit=P01', status: 200,
      check: r => { assert.ok(r.json.items.length >= 1); r.json.items.forEach(u => assert.equal(u.unit.code, 'P01')); } },
    { label: 'search users', as: 'admin', path: '/api/v1/users?q=nguyen.van', status: 200,
      check: r => assert.ok(r.json.items.some(u => u.username === 'nguyen.van.a')) },
    { label: 'search display names without diacritics', as: 'admin', path: '/api/v1/users?q=nguyen%20van', status: 200,
      check: r => assert.ok(r.json.items.some(u => u.username === 'nguyen.van.a')) },
    { label: 'search display names with diacritics and capitals', as: 'admin', path: '/api/v1/users?q=' + encodeURIComponent('NGUYỄN VĂN'), status: 200,
      check: r => assert.ok(r.json.items.some(u => u.username === 'nguyen.van.a')) },
    { label: 'anonymous list is 401', as: 'anon', path: '/api/v1/users', status: 401, code: 'unauthenticated' },
    { label: 'patch an unknown user', as: 'admin', method: 'PATCH', path: '/api/v1/users/no.such.user', body: { role: 'reporter' },
      status: 404, code: 'not_found' },
    { label: 'patch with a bad role', as: 'admin', method: 'PATCH', path: '/api/v1/users/nguyen.van.a', body: { role: 'emperor' },
      status: 400, code: 'validation_failed', field: 'role' },
    { label: 'patch active with a string', as: 'admin', method: 'PATCH', path: '/api/v1/users/nguyen.van.a', body: { active: 'no' },
      status: 400, code: 'validation_failed', field: 'active' },
    { label: 'patch a short password', as: 'admin', method: 'PATCH', path: '/api/v1/users/nguyen.van.a', body: { password: 'short' },
      status: 400, code: 'validation_failed', field: 'password' },
  ]);
});

test('a new user can log in; PATCH role and unit take effect', async () => {
  const u = await loggedIn(srv, NEW.username, NEW.password);
  const me = await u.get('/api/v1/auth/me');
  expectStatus(me, 200);
  assert.equal(me.json.user.role, 'leader');
  assert.equal(me.json.scope.code, 'P01');
  const admin = clients.admin;
  const r = await admin.patch(`/api/v1/users/${NEW.username}`, { role: 'reporter', display_name: 'Nguyễn Văn Á', unit: 'P79' });
  expectStatus(r, 200, { label: 'patch' });
  assertUser(r.json);
  assert.equal(r.json.role, 'reporter');
  assert.equal(r.json.display_name, 'Nguyễn Văn Á');
  assert.equal(r.json.unit.code, 'P79');
  // The old session either ended or sees the new role and scope; it never keeps the old ones.
  const again = await u.get('/api/v1/auth/me');
  if (again.status === 200) {
    assert.equal(again.json.user.role, 'reporter', 'the session sees the new role');
    assert.equal(again.json.scope.code, 'P79', 'the session sees the new scope');
  } else expectStatus(again, 401, { code: 'unauthenticated', label: 'session after a role change' });
  expectStatus(await u.get('/api/v1/units/P01'), [401, 403], { label: 'old scope no longer readable' });
  const fresh = await loggedIn(srv, NEW.username, NEW.password);
  const me2 = await fresh.get('/api/v1/auth/me');
  assert.equal(me2.json.user.role, 'reporter');
  assert.equal(me2.json.scope.code, 'P79');
  expectStatus(await fresh.get('/api/v1/units/P01'), 403, { code: 'forbidden', label: 'old scope no longer readable' });
  expectStatus(await fresh.get('/api/v1/units/P79'), 200, { label: 'new scope readable' });
});

test('deactivate: login fails and existing sessions die; reactivate restores login', async () => {
  const admin = clients.admin;
  expectStatus(await admin.post('/api/v1/users', mk({ username: 'tam.nghi', unit: 'P66' })), 201);
  const s1 = await loggedIn(srv, 'tam.nghi', NEW.password);
  const s2 = await loggedIn(srv, 'tam.nghi', NEW.password);
  const tok = await s1.post('/api/v1/tokens', { name: 'máy', unit: 'P66', role: 'leader' });
  expectStatus(tok, 201, { label: 'token of the user' });
  const bearer = new Client(srv.base); bearer.bearer = tok.json.token;
  expectStatus(await bearer.get('/api/v1/units/P66'), 200, { label: 'token works before' });

  const r = await admin.patch('/api/v1/users/tam.nghi', { active: false });
  expectStatus(r, 200);
  assert.equal(r.json.active, false);
  expectStatus(await new Client(srv.base).login('tam.nghi', NEW.password), 401, { code: 'unauthenticated', label: 'login of inactive user' });
  expectStatus(await s1.get('/api/v1/auth/me'), 401, { code: 'unauthenticated', label: 'session 1 after deactivation' });
  expectStatus(await s2.get('/api/v1/units/P66'), 401, { code: 'unauthenticated', label: 'session 2 after deactivation' });
  expectStatus(await bearer.get('/api/v1/units/P66'), 401, { code: 'unauthenticated', label: 'token after deactivation' });
  const all = await listAll(admin, '/api/v1/users?limit=500');
  assert.equal(all.find(u => u.username === 'tam.nghi')?.active, false, 'listed as inactive');

  expectStatus(await admin.patch('/api/v1/users/tam.nghi', { active: true }), 200);
  expectStatus(await new Client(srv.base).login('tam.nghi', NEW.password), 200, { label: 'login after reactivation' });
  expectStatus(await s1.get('/api/v1/auth/me'), 401, { label: 'old session stays dead' });
});

test('admin sets a password: the old one stops working', async () => {
  const admin = clients.admin;
  expectStatus(await admin.post('/api/v1/users', mk({ username: 'doi.mk', unit: 'P01' })), 201);
  expectStatus(await admin.patch('/api/v1/users/doi.mk', { password: 'mat-khau-moi-2026' }), 200);
  expectStatus(await new Client(srv.base).login('doi.mk', NEW.password), 401, { label: 'old password' });
  expectStatus(await new Client(srv.base).login('doi.mk', 'mat-khau-moi-2026'), 200, { label: 'new password' });
});

test('an administrator cannot demote or deactivate themselves (the system keeps an admin)', async () => {
  const srv = await startServer();
  try {
    const admin = new Client(srv.base);
    expectStatus(await admin.login('admin', srv.adminPassword), 200);
    expectStatus(await admin.patch('/api/v1/users/admin', { role: 'reporter' }), 400,
                 { code: 'validation_failed', field: 'role' });
    expectStatus(await admin.patch('/api/v1/users/admin', { active: false }), 400,
                 { code: 'validation_failed', field: 'active' });
    const me = await admin.get('/api/v1/auth/me');
    assert.equal(me.json.user.role, 'admin');
    // Changing one's own display name is still fine.
    expectStatus(await admin.patch('/api/v1/users/admin', { display_name: 'Quản trị' }), 200);
  } finally { await stopServer(srv); }
});
