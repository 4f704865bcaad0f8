// The one error shape and the status codes of docs/api.md's error table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, rawRequest, expectStatus, stopServer } from './helpers.mjs';

let srv, clients;
before(async () => {
  srv = await startServer();
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const anon = new Client(srv.base);
  // Logged in with the cookie but never sends the CSRF header.
  const nocsrf = await loggedIn(srv, 'admin', srv.adminPassword);
  nocsrf.csrf = null;
  const badcsrf = await loggedIn(srv, 'admin', srv.adminPassword);
  badcsrf.csrf = 'not-the-token';
  clients = { admin, anon, nocsrf, badcsrf };
});
after(async () => { await stopServer(srv); });

const unit = (over = {}) => ({ code: 'ERR-T1', name: 'Đơn vị thử', kind: 'commune', parent: 'P01', ...over });
const without = (o, k) => { const c = { ...o }; delete c[k]; return c; };

test('error statuses and codes', async t => {
  await runSteps(t, clients, [
    { label: 'unknown API route', as: 'admin', path: '/api/v1/no-such-thing', status: 404, code: 'not_found', field: null },
    { label: 'unknown nested route', as: 'admin', path: '/api/v1/units/P01/no-such-thing', status: 404, code: 'not_found' },
    { label: 'unknown unit', as: 'admin', path: '/api/v1/units/NO-SUCH-UNIT', status: 404, code: 'not_found' },
    { label: 'unknown user', as: 'admin', path: '/api/v1/users/no.such.user', status: 404, code: 'not_found' },
    { label: 'unknown document', as: 'admin', path: '/api/v1/documents/999999999', status: 404, code: 'not_found' },
    { label: 'revoke unknown token', as: 'admin', method: 'DELETE', path: '/api/v1/tokens/999999999', status: 404, code: 'not_found' },
    { label: 'DELETE on a GET/POST collection is 405 with Allow', as: 'admin', method: 'DELETE', path: '/api/v1/units',
      status: 405, code: 'method_not_allowed',
      check: r => {
        const allow = (r.headers.get('allow') || '').toUpperCase();
        assert.match(allow, /\bGET\b/); assert.match(allow, /\bPOST\b/);
      } },
    { label: 'PUT /auth/me is 405 with Allow: GET', as: 'admin', method: 'PUT', path: '/api/v1/auth/me', body: {},
      status: 405, code: 'method_not_allowed', check: r => assert.match(r.headers.get('allow') || '', /\bGET\b/) },
    { label: 'GET /auth/login is 405 with Allow: POST', as: 'anon', path: '/api/v1/auth/login',
      status: 405, code: 'method_not_allowed', check: r => assert.match(r.headers.get('allow') || '', /\bPOST\b/) },
    { label: 'DELETE /units/{code} is 405 with Allow', as: 'admin', method: 'DELETE', path: '/api/v1/units/P01',
      status: 405, code: 'method_not_allowed',
      check: r => { assert.match(r.headers.get('allow') || '', /\bGET\b/); assert.match(r.headers.get('allow') || '', /\bPATCH\b/); } },
    { label: 'malformed JSON', as: 'admin', method: 'POST', path: '/api/v1/units', body: '{"code": "X",',
      status: 400, code: 'invalid_json' },
    { label: 'not JSON at all', as: 'admin', method: 'POST', path: '/api/v1/units', body: 'hello',
      status: 400, code: 'invalid_json' },
    { label: 'a JSON array body', as: 'admin', method: 'POST', path: '/api/v1/units', body: '[1, 2, 3]',
      status: 400, code: 'invalid_json' },
    { label: 'a JSON string body', as: 'admin', method: 'POST', path: '/api/v1/units', body: '"unit"',
      status: 400, code: 'invalid_json' },
    { label: 'a JSON null body', as: 'admin', method: 'POST', path: '/api/v1/units', body: 'null',
      status: 400, code: 'invalid_json' },
    { label: 'empty body on a create', as: 'admin', method: 'POST', path: '/api/v1/units', body: '',
      status: 400 },
    { label: 'malformed JSON at login', as: 'anon', method: 'POST', path: '/api/v1/auth/login', body: '{"username":',
      status: 400, code: 'invalid_json' },
    { label: 'missing code', as: 'admin', method: 'POST', path: '/api/v1/units', body: without(unit(), 'code'),
      status: 400, code: 'validation_failed', field: 'code' },
    { label: 'missing name', as: 'admin', method: 'POST', path: '/api/v1/units', body: without(unit(), 'name'),
      status: 400, code: 'validation_failed', field: 'name' },
    { label: 'missing kind', as: 'admin', method: 'POST', path: '/api/v1/units', body: without(unit(), 'kind'),
      status: 400, code: 'validation_failed', field: 'kind' },
    { label: 'code of the wrong type', as: 'admin', method: 'POST', path: '/api/v1/units', body: unit({ code: 123 }),
      status: 400, code: 'validation_failed', field: 'code' },
    { label: 'name of the wrong type', as: 'admin', method: 'POST', path: '/api/v1/units', body: unit({ name: ['a'] }),
      status: 400, code: 'validation_failed', field: 'name' },
    { label: 'name too long', as: 'admin', method: 'POST', path: '/api/v1/units', body: unit({ name: 'x'.repeat(100000) }),
      status: 400, code: 'validation_failed', field: 'name' },
    { label: 'login: username of the wrong type', as: 'anon', method: 'POST', path: '/api/v1/auth/login',
      body: { username: 5, password: 'whatever-long' }, status: 400, code: 'validation_failed', field: 'username' },
    { label: 'login: missing password', as: 'anon', method: 'POST', path: '/api/v1/auth/login',
      body: { username: 'admin' }, status: 400, code: 'validation_failed', field: 'password' },
    { label: 'users: role of the wrong type', as: 'admin', method: 'POST', path: '/api/v1/users',
      body: { username: 'typed.user', password: 'mat-khau-du-dai', display_name: 'T', unit: 'P01', role: 7 },
      status: 400, code: 'validation_failed', field: 'role' },
    { label: 'limit out of range', as: 'admin', path: '/api/v1/units?limit=0', status: 400, code: 'validation_failed', field: 'limit' },
    { label: 'limit over 500', as: 'admin', path: '/api/v1/units?limit=501', status: 400, code: 'validation_failed', field: 'limit' },
    { label: 'limit not a number', as: 'admin', path: '/api/v1/units?limit=abc', status: 400, code: 'validation_failed', field: 'limit' },
    { label: 'bad as_of', as: 'admin', path: '/api/v1/units?as_of=2025-02-30', status: 400, code: 'validation_failed', field: 'as_of' },
    { label: 'garbage cursor', as: 'admin', path: '/api/v1/units?cursor=not-a-cursor!!', status: 400, code: 'validation_failed', field: 'cursor' },
    { label: 'unauthenticated list', as: 'anon', path: '/api/v1/units', status: 401, code: 'unauthenticated' },
    { label: 'unauthenticated me', as: 'anon', path: '/api/v1/auth/me', status: 401, code: 'unauthenticated' },
    { label: 'unauthenticated write', as: 'anon', method: 'POST', path: '/api/v1/units', body: unit(), status: 401, code: 'unauthenticated' },
    { label: 'unauthenticated audit', as: 'anon', path: '/api/v1/audit', status: 401, code: 'unauthenticated' },
    { label: 'unknown session cookie', as: 'anon', path: '/api/v1/auth/me', headers: { cookie: 'nq57_session=forged' },
      status: 401, code: 'unauthenticated' },
    { label: 'unknown bearer token', as: 'anon', path: '/api/v1/units', headers: { authorization: 'Bearer nq57_forged' },
      status: 401, code: 'unauthenticated' },
    { label: 'cookie write without CSRF header', as: 'nocsrf', method: 'POST', path: '/api/v1/units', body: unit(),
      status: 403, code: 'csrf_failed' },
    { label: 'cookie write with a wrong CSRF header', as: 'badcsrf', method: 'POST', path: '/api/v1/units', body: unit(),
      status: 403, code: 'csrf_failed' },
    { label: 'cookie PATCH without CSRF header', as: 'nocsrf', method: 'PATCH', path: '/api/v1/units/P01', body: { name: 'X' },
      status: 403, code: 'csrf_failed' },
    { label: 'cookie logout without CSRF header', as: 'nocsrf', method: 'POST', path: '/api/v1/auth/logout',
      status: 403, code: 'csrf_failed' },
    { label: 'cookie read without CSRF header is fine', as: 'nocsrf', path: '/api/v1/auth/me', status: 200 },
    { label: 'nothing was written by the failed creates', as: 'admin', path: '/api/v1/units/ERR-T1', status: 404 },
  ]);
});

test('a body over 1 MiB is 413 payload_too_large', async () => {
  const admin = clients.admin;
  const big = JSON.stringify({ code: 'BIG', name: 'x'.repeat(1024 * 1024 + 10), kind: 'commune', parent: 'P01' });
  const r = await rawRequest(srv.base, 'POST', '/api/v1/units', big, {
    'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf,
    'content-length': Buffer.byteLength(big),
  });
  expectStatus(r, 413, { code: 'payload_too_large', label: 'big body' });
  const r2 = await rawRequest(srv.base, 'POST', '/api/v1/auth/login', big, {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(big),
  });
  expectStatus(r2, 413, { code: 'payload_too_large', label: 'big login body' });
  // The server is still fine afterwards.
  expectStatus(await admin.get('/healthz'), 200);
});

test('a chunked body over 1 MiB is 413 too', async () => {
  const admin = clients.admin;
  const big = '{"code":"BIG2","name":"' + 'y'.repeat(1100 * 1024) + '","kind":"commune","parent":"P01"}';
  const r = await rawRequest(srv.base, 'POST', '/api/v1/units', big, {
    'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf,
    'transfer-encoding': 'chunked',
  });
  expectStatus(r, 413, { code: 'payload_too_large', label: 'chunked big body' });
});

test('a body of exactly 1 MiB is not rejected as too large', async () => {
  const admin = clients.admin;
  const head = '{"code":"OK-SIZE","kind":"commune","parent":"P01","name":"Tên"}';
  const body = head + ' '.repeat(1024 * 1024 - Buffer.byteLength(head));
  assert.equal(Buffer.byteLength(body), 1024 * 1024);
  const r = await admin.post('/api/v1/units', body);
  assert.notEqual(r.status, 413, r.text.slice(0, 200));
  expectStatus(r, 201, { label: '1 MiB body' });
});
