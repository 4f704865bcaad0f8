// Garbage in, 4xx out: a few hundred random bodies and paths (deterministic PRNG, bounded loop)
// never produce a 5xx, always produce the error shape for errors, and the server stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client } from '../lib/server.mjs';
import { loggedIn, prng, assertErrorShape, rawRequest, stopServer } from './helpers.mjs';

const SEED = Number(process.env.NQ57_FUZZ_SEED || 57);
const ROUNDS = Number(process.env.NQ57_FUZZ_ROUNDS || 400);

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
});
after(async () => { await stopServer(srv); });

// Each test after the random loop gets a live server even if an earlier test crashed it, so a
// crash is reported once, where it happened.
async function ensureUp() {
  if (srv.proc.exitCode === null && srv.proc.signalCode === null) return;
  await stopServer(srv);
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
}

// Paths that exist (so garbage reaches the handlers) and ones that do not. Logout and password
// are left out so the admin session survives the loop.
const TEMPLATES = ['/api/v1/units', '/api/v1/units/tree', '/api/v1/units/{c}', '/api/v1/units/{c}/children',
  '/api/v1/units/{c}/subtree', '/api/v1/units/{c}/deactivate', '/api/v1/users', '/api/v1/users/{s}', '/api/v1/tokens',
  '/api/v1/tokens/{s}', '/api/v1/audit', '/api/v1/audit/verify', '/api/v1/documents', '/api/v1/documents/{s}',
  '/api/v1/auth/me', '/api/v1/auth/login', '/api/v1/openapi.json', '/healthz', '/api/v1/{s}', '/api/{s}', '/api/v1/units/{c}/{s}'];
const CODES = ['P01', 'P79', 'OLD-P80', 'NO-SUCH', '', '..', '%2e%2e', '%00', 'P01%2FP79', 'x'.repeat(300), 'Hà%20Nội', '%ff%fe', '-1', '0', '99999999999999999999'];
const QUERY_KEYS = ['q', 'limit', 'cursor', 'as_of', 'depth', 'root', 'kind', 'parent', 'include_inactive', 'entity', 'actor', 'unit'];
const WEIRD = ['', '-1', '0', '1', '501', '1e9', 'abc', '%00', '%ff', '2025-02-30', '2025-06-01', '9999-99-99', 'true', 'null',
  'P01', 'P79', '%E1%BA%A1', "'; DROP TABLE units; --", '%22', '\u{1F600}', 'x'.repeat(2000)];
const FIELDS = ['code', 'name', 'kind', 'parent', 'valid_from', 'effective', 'date', 'event', 'successors', 'username', 'password',
  'display_name', 'unit', 'role', 'active', 'expires_at', 'current_password', 'new_password', '__proto__', 'constructor', ''];

function randomString(rnd, max = 40) {
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\u0000', '\u001f', 'đ', 'Đ', 'ắ', 'ệ', '\u0301', '\u{1F1FB}', '\uFFFD', '/', '%', '{', '}', '\n'];
  let s = '';
  const n = rnd.int(max);
  for (let i = 0; i < n; i++) s += rnd.pick(alphabet);
  return s;
}

function randomValue(rnd, depth = 0) {
  switch (rnd.int(depth > 2 ? 6 : 8)) {
    case 0: return null;
    case 1: return rnd() < 0.5;
    case 2: return rnd.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 123456789]);
    case 3: return randomString(rnd);
    case 4: return rnd.pick(['P01', 'P79', 'commune', 'leader', 'admin', '2025-07-01', 'merged', 'nq57_x', 'x'.repeat(5000)]);
    case 5: return rnd.pick(['2025-13-01', '2025-06-31', '0000-00-00', '2025-7-1', 'T']);
    case 6: return Array.from({ length: rnd.int(4) }, () => randomValue(rnd, depth + 1));
    default: return randomObject(rnd, depth + 1);
  }
}

function randomObject(rnd, depth = 0) {
  const o = {};
  const n = rnd.int(6);
  for (let i = 0; i < n; i++) o[rnd.pick(FIELDS)] = randomValue(rnd, depth);
  return o;
}

function randomBody(rnd) {
  switch (rnd.int(9)) {
    case 0: return undefined;
    case 1: return '';
    case 2: return randomString(rnd, 200);
    case 3: return JSON.stringify(randomObject(rnd));
    case 4: return JSON.stringify(randomObject(rnd)).slice(0, rnd.int(30) + 1); // truncated JSON
    case 5: return JSON.stringify(randomValue(rnd));
    case 6: return '{"a":'.repeat(200 + rnd.int(800)) + '1' + '}'.repeat(rnd.int(3)); // deep nesting
    case 7: return '{"name":"\\ud800","code":"\\u0000","kind":"commune","parent":"P01"}'; // lone surrogate, NUL
    default: return Buffer.from(Array.from({ length: rnd.int(300) }, () => rnd.int(256))).toString('latin1');
  }
}

function randomPath(rnd) {
  let p = rnd.pick(TEMPLATES).replace('{c}', () => rnd.pick(CODES)).replace('{s}', () =>
    rnd() < 0.5 ? rnd.pick(CODES) : encodeURIComponent(randomString(rnd, 20)));
  const nq = rnd.int(4);
  const qs = [];
  for (let i = 0; i < nq; i++) qs.push(`${rnd.pick(QUERY_KEYS)}=${rnd.pick(WEIRD)}`);
  if (rnd() < 0.1) qs.push('limit=1&limit=2&&=&%=');
  if (qs.length) p += '?' + qs.join('&');
  return p;
}

test(`${ROUNDS} random requests (seed ${SEED}) never give a 5xx`, async () => {
  const rnd = prng(SEED);
  const anon = new Client(srv.base);
  const nocsrf = new Client(srv.base); nocsrf.cookie = admin.cookie;
  const failures = [];
  let previous = '(none)';
  for (let i = 0; i < ROUNDS; i++) {
    const method = rnd.pick(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'GET', 'POST', 'PATCH', 'HEAD', 'OPTIONS']);
    const path = randomPath(rnd);
    const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(rnd);
    const who = rnd.pick([admin, admin, admin, anon, nocsrf]);
    const headers = rnd() < 0.15 ? { 'content-type': rnd.pick(['text/plain', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', '']) } : {};
    const desc = `#${i} ${method} ${path} body=${JSON.stringify(body)?.slice(0, 200)}`;
    let r;
    try {
      r = await who.req(method, path, body, headers);
    } catch (e) {
      // The connection failed: the server may have died on this request or the one before.
      const alive = srv.proc.exitCode === null && srv.proc.signalCode === null;
      failures.push(`${desc}: request failed: ${e.message}; previous: ${previous}; server ${alive ? 'alive' :
        `exited (code ${srv.proc.exitCode}, signal ${srv.proc.signalCode})`}; log tail: ${srv.log().slice(-600)}`);
      if (!alive) break;
      continue;
    }
    previous = desc;
    if (r.status >= 500) failures.push(`${desc} → ${r.status} ${r.text.slice(0, 200)}`);
    else if (r.status >= 400 && method !== 'HEAD' && path.startsWith('/api/')) {
      try { assertErrorShape(r, `#${i} ${method} ${path}`); } catch (e) { failures.push(e.message.slice(0, 300)); }
    }
    if (i % 50 === 49) {
      const h = await fetch(srv.base + '/healthz').catch(e => ({ status: 0, e }));
      if (h.status !== 200) { failures.push(`#${i}: /healthz ${h.status} — server down`); break; }
      // Keep the admin session alive even if the loop logged it out or changed its password.
      const me = await admin.get('/api/v1/auth/me');
      if (me.status !== 200) await admin.login('admin', srv.adminPassword);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} bad replies`);
  assert.equal(srv.proc.exitCode, null, 'the server is still running');
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});

// Invalid UTF-8 (%ff) in a path segment or parameter that ends up in an error message or a
// lookup. Each row gets a live server, so one crash does not hide the next.
const INVALID_UTF8 = [
  { label: 'unknown route, anonymous', anon: true, path: '/api/v1/nope%ff' },
  { label: 'unknown route under /api/', anon: true, path: '/api/%ff%fe' },
  { label: 'unit code', path: '/api/v1/units/%ff' },
  { label: 'unit code, children', path: '/api/v1/units/%ff/children' },
  { label: 'unit code, subtree', path: '/api/v1/units/%ff/subtree' },
  { label: 'unit code, patch', method: 'PATCH', path: '/api/v1/units/%ff', body: { name: 'X' } },
  { label: 'unit code, deactivate', method: 'POST', path: '/api/v1/units/%ff/deactivate', body: {} },
  { label: 'tree root', path: '/api/v1/units/tree?root=%ff' },
  { label: 'list parent', path: '/api/v1/units?parent=%ff' },
  { label: 'list kind', path: '/api/v1/units?kind=%ff' },
  { label: 'list q (a filter: an empty list is fine)', path: '/api/v1/units?q=%ff', ok200: true },
  { label: 'username', path: '/api/v1/users/%ff' },
  { label: 'users unit', path: '/api/v1/users?unit=%ff' },
  { label: 'document id', path: '/api/v1/documents/%ff' },
  { label: 'token id', method: 'DELETE', path: '/api/v1/tokens/%ff' },
  { label: 'audit entity (a filter: an empty list is fine)', path: '/api/v1/audit?entity=%ff&entity_id=%fe', ok200: true },
];

test('invalid UTF-8 in paths and parameters is a 4xx, never a crash', async t => {
  for (const row of INVALID_UTF8) {
    await t.test(`${row.label}: ${row.method || 'GET'} ${row.path}`, async () => {
      await ensureUp();
      const c = row.anon ? new Client(srv.base) : admin;
      let r;
      try { r = await c.req(row.method || 'GET', row.path, row.body); } catch (e) { r = { status: 0, text: e.message }; }
      await new Promise(ok => setTimeout(ok, 50));
      const alive = srv.proc.exitCode === null && srv.proc.signalCode === null;
      assert.ok(alive, `server died (signal ${srv.proc.signalCode}, exit ${srv.proc.exitCode})`);
      if (row.ok200 && r.status === 200) return;
      assert.ok(r.status >= 400 && r.status < 500, `status ${r.status} ${r.text.slice(0, 200)}`);
      assertErrorShape(r, row.label);
    });
  }
  await t.test('invalid UTF-8 inside a JSON body', async () => {
    await ensureUp();
    const body = Buffer.concat([Buffer.from('{"code":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","name":"X","kind":"commune","parent":"P01"}')]);
    const r = await rawRequest(srv.base, 'POST', '/api/v1/units', body, {
      'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-length': body.length,
    });
    assert.equal(r.status, 400, r.text);
    assertErrorShape(r);
  });
});

// "%00" must not cut a path or a value short: /units/P01%00x is not /units/P01.
test('an escaped NUL is part of the path or value it is in, never its end', async t => {
  const rows = [
    ['GET', '/api/v1/units/P01%00', 404],
    ['GET', '/api/v1/units/P01%00x/children', 404],
    ['GET', '/api/v1/documents/1%00', [400, 404]],
    ['GET', '/api/v1/tasks/1%00', [400, 404]],
    ['GET', '/api/v1/units?as_of=2025-06-01%00x', 400],
  ];
  for (const [method, path, want] of rows) {
    await t.test(`${method} ${path}`, async () => {
      await ensureUp();
      const r = await admin.req(method, path);
      assert.ok([want].flat().includes(r.status), `status ${r.status} ${r.text.slice(0, 200)}`);
      assertErrorShape(r, path);
    });
  }
  await t.test('a %00 elsewhere still decodes the other escapes', async () => {
    const r = await admin.req('GET', '/api/v1/units?q=H%C3%A0%20N%E1%BB%99i');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.some(u => u.code === 'P01'), 'Hà Nội is found');
  });
});

// Malformed HTTP at the socket level: the server answers 4xx or closes, and stays up.
function rawSocket(port, payload, timeoutMs = 3000) {
  return new Promise(ok => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    s.setTimeout(timeoutMs, () => { s.destroy(); ok(data); });
    s.on('data', d => { data += d; });
    s.on('error', () => ok(data));
    s.on('close', () => ok(data));
    s.on('connect', () => s.end(payload));
  });
}

test('malformed HTTP requests do not crash the server', async t => {
  await ensureUp();
  const cases = [
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['no version', 'GET /healthz\r\n\r\n'],
    ['binary', Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])],
    ['huge header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200000)}\r\n\r\n`],
    ['huge URL', `GET /api/v1/units?q=${'a'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['negative content-length', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}'],
    ['huge content-length, short body', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{}'],
    ['bad chunked encoding', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['NUL in path', 'GET /api/v1/units/P01\u0000x HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['absolute URI', 'GET http://evil.example/api/v1/units HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['path traversal', 'GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['encoded traversal', 'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['many cookies', `GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: ${Array.from({ length: 500 }, (_, i) => `c${i}=v`).join('; ')}\r\n\r\n`],
    ['invalid UTF-8 in a JSON body', Buffer.concat([Buffer.from('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 43\r\n\r\n'),
      Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('","password":"abcdefghij"}')])],
    ['bearer garbage', 'GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n'],
  ];
  for (const [label, payload] of cases) {
    await t.test(label, async () => {
      const reply = await rawSocket(srv.port, payload);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(reply);
      if (m) assert.ok(Number(m[1]) < 500 || m[1] === '505', `${label}: status ${m[1]}`);
      assert.ok(!/root:x:0:0/.test(reply), 'no file outside web/ served');
      const h = await fetch(srv.base + '/healthz');
      assert.equal(h.status, 200, 'server still up');
    });
  }
});

test('a slow client does not block others', async () => {
  await ensureUp();
  const s = net.connect(srv.port, '127.0.0.1');
  await new Promise(r => s.on('connect', r));
  s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
  const t0 = Date.now();
  const r = await rawRequest(srv.base, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.ok(Date.now() - t0 < 2000, 'healthz answered while another request is stalled');
  s.destroy();
});

test('concurrent writes: one create wins, the rest are 409; parallel renames all succeed; the audit chain holds', async () => {
  await ensureUp();
  const create = () => admin.post('/api/v1/units', { code: 'RACE-1', name: 'Xã Đua', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' });
  const statuses = (await Promise.all(Array.from({ length: 25 }, create))).map(r => r.status);
  assert.equal(statuses.filter(s => s === 201).length, 1, statuses.join(','));
  assert.equal(statuses.filter(s => s === 409).length, 24, statuses.join(','));
  const renames = await Promise.all(Array.from({ length: 25 }, (_, i) => admin.patch('/api/v1/units/RACE-1', { name: `Xã Đua ${i}` })));
  assert.ok(renames.every(r => r.status === 200), renames.map(r => r.status).join(','));
  const u = await admin.get('/api/v1/units/RACE-1');
  assert.match(u.json.name, /^Xã Đua \d+$/);
  const users = await Promise.all(Array.from({ length: 10 }, (_, i) => admin.post('/api/v1/users',
    { username: `dua.${i % 3}`, password: 'mat-khau-dua-123', display_name: 'Đua', unit: 'P01', role: 'reporter' })));
  assert.equal(users.filter(r => r.status === 201).length, 3, users.map(r => r.status).join(','));
  const v = await admin.get('/api/v1/audit/verify');
  assert.equal(v.json.ok, true, JSON.stringify(v.json));
});
