// Login, sessions, logout, /auth/me, password change and the login rate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { expectStatus, loggedIn, stopServer } from './helpers.mjs';

const USERS = [
  { username: 'canbo.doimk', password: 'mat-khau-cu-123', unit: 'P01', role: 'reporter' },
  { username: 'canbo.khoa', password: 'mat-khau-dung-456', unit: 'P01', role: 'reporter' },
  { username: 'canbo.khac', password: 'mat-khau-khac-789', unit: 'P01', role: 'reporter' },
  { username: 'lanhdao.hn', password: 'lanh-dao-ha-noi-1', unit: 'P01', role: 'leader' },
];
let srv;
before(async () => { srv = await startServer({ users: USERS }); });
after(async () => { await stopServer(srv); });

test('init printed an admin password', () => {
  assert.ok(srv.adminPassword && srv.adminPassword.length >= 10, 'admin password: XXX on stdout');
});

test('login sets an HttpOnly SameSite=Strict session cookie and returns user, csrf_token, expires_at', async () => {
  const c = new Client(srv.base);
  const r = await c.login('admin', srv.adminPassword);
  expectStatus(r, 200, { label: 'login' });
  const set = r.headers.get('set-cookie') || '';
  assert.match(set, /nq57_session=[^;]+/);
  assert.match(set, /;\s*HttpOnly/i);
  assert.match(set, /;\s*SameSite=Strict/i);
  assert.match(set, /;\s*Path=\//i);
  assert.equal(r.json.user.username, 'admin');
  assert.equal(r.json.user.role, 'admin');
  assert.equal(r.json.user.active, true);
  assert.equal(typeof r.json.user.unit.code, 'string');
  assert.equal(typeof r.json.user.unit.name, 'string');
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 16, 'csrf token has some entropy');
  assert.ok(!Number.isNaN(Date.parse(r.json.expires_at)), 'expires_at is a timestamp');
  assert.ok(Date.parse(r.json.expires_at) > Date.now(), 'expires_at is in the future');
  assert.ok(!('password' in r.json.user) && !('password_hash' in r.json.user), 'no password in User');
});

test('wrong credentials are 401 unauthenticated', async () => {
  const c = new Client(srv.base);
  expectStatus(await c.login('admin', 'definitely-wrong'), 401, { code: 'unauthenticated', label: 'wrong password' });
  expectStatus(await c.login('no.such.user', 'whatever-123'), 401, { code: 'unauthenticated', label: 'unknown user' });
  assert.equal(c.cookie, null, 'no session cookie after a failed login');
});

test('GET /auth/me returns the user, a csrf_token and the scope', async () => {
  const c = await loggedIn(srv, 'lanhdao.hn', 'lanh-dao-ha-noi-1');
  const r = await c.get('/api/v1/auth/me');
  expectStatus(r, 200, { label: 'me' });
  assert.equal(r.json.user.username, 'lanhdao.hn');
  assert.equal(r.json.user.role, 'leader');
  assert.equal(r.json.user.unit.code, 'P01');
  assert.equal(r.json.user.unit.name, 'Thành phố Hà Nội');
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.equal(r.json.scope.code, 'P01', 'a leader is scoped to their unit');
  // The csrf_token from /me works for writes.
  c.csrf = r.json.csrf_token;
  expectStatus(await c.post('/api/v1/units', { code: 'ME-CSRF', name: 'Thử CSRF', kind: 'commune', parent: 'P01' }),
    201, { label: 'write with the csrf_token from /me' });

  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const a = await admin.get('/api/v1/auth/me');
  expectStatus(a, 200);
  const tree = await admin.get('/api/v1/units/tree?depth=1');
  assert.equal(a.json.scope.code, tree.json.unit.code, 'admin is scoped to the root of the tree');
});

test('the scope in /auth/me is a Unit', async () => {
  const c = await loggedIn(srv, 'lanhdao.hn', 'lanh-dao-ha-noi-1');
  const r = await c.get('/api/v1/auth/me');
  for (const k of ['code', 'name', 'kind', 'parent', 'valid_from', 'valid_to', 'active', 'child_count'])
    assert.ok(k in r.json.scope, `scope is a Unit (docs/api.md), missing "${k}": ${JSON.stringify(r.json.scope)}`);
  assert.equal(r.json.scope.kind, 'city');
});

test('logout deletes the session: the old cookie then gets 401', async () => {
  const c = await loggedIn(srv, 'admin', srv.adminPassword);
  const oldCookie = c.cookie;
  expectStatus(await c.get('/api/v1/auth/me'), 200);
  const r = await c.post('/api/v1/auth/logout');
  expectStatus(r, 204, { label: 'logout' });
  const set = r.headers.get('set-cookie') || '';
  assert.match(set, /nq57_session=/, 'the cookie is cleared');
  assert.match(set, /(Max-Age=0|expires=Thu, 01 Jan 1970)/i, 'the cleared cookie expires');
  const replay = new Client(srv.base);
  replay.cookie = oldCookie;
  expectStatus(await replay.get('/api/v1/auth/me'), 401, { code: 'unauthenticated', label: 'old cookie after logout' });
  expectStatus(await replay.get('/api/v1/units'), 401, { code: 'unauthenticated', label: 'old cookie reading units' });
  // A second session of the same user is not affected.
  const other = await loggedIn(srv, 'admin', srv.adminPassword);
  expectStatus(await other.get('/api/v1/auth/me'), 200);
});

test('password change: the old password stops working, the new one works', async () => {
  const u = USERS[0];
  const c = await loggedIn(srv, u.username, u.password);
  expectStatus(await c.post('/api/v1/auth/password', { current_password: u.password, new_password: 'short' }),
    400, { code: 'validation_failed', field: 'new_password', label: 'new password under 10 chars' });
  expectStatus(await c.post('/api/v1/auth/password', { current_password: u.password }),
    400, { code: 'validation_failed', field: 'new_password', label: 'new password missing' });
  const wrong = await c.post('/api/v1/auth/password', { current_password: 'not-my-password', new_password: 'mat-khau-moi-999' });
  assert.ok([400, 401, 403].includes(wrong.status), `wrong current password refused, got ${wrong.status}`);
  expectStatus(wrong, [400, 401, 403]);
  const nocsrf = new Client(srv.base);
  nocsrf.cookie = c.cookie;
  expectStatus(await nocsrf.post('/api/v1/auth/password', { current_password: u.password, new_password: 'mat-khau-moi-999' }),
    403, { code: 'csrf_failed', label: 'password change needs CSRF' });
  expectStatus(await c.post('/api/v1/auth/password', { current_password: u.password, new_password: 'mat-khau-moi-999' }),
    204, { label: 'password changed' });
  expectStatus(await new Client(srv.base).login(u.username, u.password), 401, { code: 'unauthenticated', label: 'old password' });
  expectStatus(await new Client(srv.base).login(u.username, 'mat-khau-moi-999'), 200, { label: 'new password' });
});

test('6th failure for one account within the window is 429 with Retry-After; then even the right password is refused', async () => {
  const u = USERS[1];
  const c = new Client(srv.base);
  for (let i = 1; i <= 5; i++)
    expectStatus(await c.login(u.username, `wrong-password-${i}`), 401, { code: 'unauthenticated', label: `failure ${i}` });
  const sixth = await c.login(u.username, 'wrong-password-6');
  expectStatus(sixth, 429, { code: 'rate_limited', label: '6th failure' });
  const retry = sixth.headers.get('retry-after');
  assert.match(retry || '', /^\d+$/, 'Retry-After in seconds');
  assert.ok(Number(retry) > 0 && Number(retry) <= 15 * 60, `Retry-After within the 15-minute window (${retry})`);
  const right = await c.login(u.username, u.password);
  expectStatus(right, 429, { code: 'rate_limited', label: 'right password while limited' });
  assert.match(right.headers.get('retry-after') || '', /^\d+$/);
  assert.equal(c.cookie, null, 'no session while limited');
  // The limit is per account: another account from the same address still logs in.
  const v = USERS[2];
  expectStatus(await new Client(srv.base).login(v.username, v.password), 200, { label: 'other account' });
});
