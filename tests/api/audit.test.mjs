// The audit log: every write is recorded with before/after, the hash chain verifies over HTTP and
// with `nq57 audit verify --db FILE`, and tampering with one row is detected and named. The
// tampering is done with the backend's own client (sqlite3 or psql) on the test's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveOn, stopServing, cli, copyDatabase } from '../lib/server.mjs';
import { runSteps, loggedIn, expectStatus, listAll, dbSql, dbTables, dbColumns, stopServer } from './helpers.mjs';

const AUDIT_KEYS = ['action', 'actor', 'after', 'at', 'before', 'entity', 'entity_id', 'hash', 'id'];
let srv, admin;
const ctx = {};
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
});
after(async () => { await stopServer(srv); });

const findEntry = (items, entity, id, pred = () => true) =>
  items.find(e => e.entity === entity && String(e.entity_id) === id && pred(e));

test('writes are audited with who, when, what, before and after', async t => {
  await runSteps(t, { admin }, [
    { label: 'create a unit', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'AUD-1', name: 'Xã Kiểm Toán', kind: 'commune', parent: 'P01' }, status: 201 },
    { label: 'rename it', as: 'admin', method: 'PATCH', path: '/api/v1/units/AUD-1', body: { name: 'Phường Kiểm Toán' }, status: 200 },
    { label: 'create a user', as: 'admin', method: 'POST', path: '/api/v1/users',
      body: { username: 'kiem.toan', password: 'mat-khau-kiem-toan', display_name: 'Kiểm Toán Viên', unit: 'AUD-1', role: 'reporter' }, status: 201 },
    { label: 'change its role', as: 'admin', method: 'PATCH', path: '/api/v1/users/kiem.toan', body: { role: 'leader' }, status: 200 },
    { label: 'create a token', as: 'admin', method: 'POST', path: '/api/v1/tokens',
      body: { name: 'máy kiểm toán', unit: 'AUD-1', role: 'leader' }, status: 201, check: r => { ctx.token = r.json.token; ctx.tokenId = r.json.id; } },
    { label: 'create a second unit', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'AUD-2', name: 'Xã Giải Thể', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }, status: 201 },
    { label: 'deactivate it', as: 'admin', method: 'POST', path: '/api/v1/units/AUD-2/deactivate', body: { event: 'dissolved' }, status: 200 },
    { label: 'revoke the token', as: 'admin', method: 'DELETE', path: () => `/api/v1/tokens/${ctx.tokenId}`, status: 204 },
  ]);

  const r = await admin.get('/api/v1/audit?limit=100');
  expectStatus(r, 200);
  assert.ok('next_cursor' in r.json);
  const items = r.json.items;
  for (const e of items) {
    for (const k of AUDIT_KEYS) assert.ok(k in e, `entry has ${k}: ${JSON.stringify(e)}`);
    assert.ok(!Number.isNaN(Date.parse(e.at)), 'at is a timestamp');
    assert.equal(typeof e.hash, 'string');
    assert.ok(e.hash.length >= 32, 'a real hash');
  }
  const ids = items.map(e => Number(e.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

  await t.test('unit create: before null, after the unit', () => {
    const e = findEntry(items, 'unit', 'AUD-1', e => e.before === null);
    assert.ok(e, 'create entry');
    assert.equal(e.actor, 'admin');
    assert.equal(e.after.name, 'Xã Kiểm Toán');
  });
  await t.test('unit rename: before and after names', () => {
    const e = findEntry(items, 'unit', 'AUD-1', e => e.before && e.after && e.before.name !== e.after.name);
    assert.ok(e, 'update entry');
    assert.equal(e.before.name, 'Xã Kiểm Toán');
    assert.equal(e.after.name, 'Phường Kiểm Toán');
    assert.equal(e.actor, 'admin');
  });
  await t.test('user create and role change, never with a password', () => {
    const c = findEntry(items, 'user', 'kiem.toan', e => e.before === null);
    assert.ok(c, 'user create entry');
    const u = findEntry(items, 'user', 'kiem.toan', e => e.before && e.after);
    assert.equal(u.before.role, 'reporter');
    assert.equal(u.after.role, 'leader');
    const text = JSON.stringify(items);
    assert.ok(!text.includes('mat-khau-kiem-toan'), 'no password in the audit log');
    assert.ok(!/\$argon2/.test(text), 'no password hash in the audit log');
    assert.ok(!text.includes(ctx.token), 'no token secret in the audit log');
  });
  await t.test('token create and revoke, deactivation', () => {
    assert.ok(items.filter(e => e.entity === 'token').length >= 2, 'token create and revoke');
    const d = findEntry(items, 'unit', 'AUD-2', e => e.before && e.after && e.before.active === true && e.after.active === false);
    assert.ok(d, 'deactivation entry with active true → false');
  });
  await t.test('filters: entity, entity_id, actor', async () => {
    const f = await listAll(admin, '/api/v1/audit?entity=unit&entity_id=AUD-1');
    assert.ok(f.length >= 2);
    f.forEach(e => { assert.equal(e.entity, 'unit'); assert.equal(String(e.entity_id), 'AUD-1'); });
    const a = await listAll(admin, '/api/v1/audit?actor=admin&limit=500');
    assert.ok(a.length >= 8);
    a.forEach(e => assert.equal(e.actor, 'admin'));
    const none = await admin.get('/api/v1/audit?actor=no.such.user');
    expectStatus(none, 200);
    assert.deepEqual(none.json.items, []);
  });
  await t.test('paging the audit log', async () => {
    const all = await listAll(admin, '/api/v1/audit?limit=3');
    const set = new Set(all.map(e => String(e.id)));
    assert.equal(set.size, all.length, 'no duplicates across pages');
    assert.ok(all.length >= 8);
  });
});

test('a refused write leaves no audit entry', async () => {
  const before = await listAll(admin, '/api/v1/audit?limit=500');
  expectStatus(await admin.post('/api/v1/units', { code: 'AUD-1', name: 'Trùng', kind: 'commune', parent: 'P01' }), 409);
  expectStatus(await admin.post('/api/v1/units', { code: 'AUD-9', name: 'X', kind: 'bad-kind', parent: 'P01' }), 400);
  const afterList = await listAll(admin, '/api/v1/audit?limit=500');
  const newWrites = afterList.filter(e => !before.some(b => String(b.id) === String(e.id)) && e.entity === 'unit');
  assert.deepEqual(newWrites, [], 'no unit entries for refused writes');
});

test('GET /audit/verify is ok on an untouched log', async () => {
  const r = await admin.get('/api/v1/audit/verify');
  expectStatus(r, 200);
  assert.equal(r.json.ok, true, JSON.stringify(r.json));
  assert.ok(r.json.checked >= 8, `checked ${r.json.checked}`);
  assert.equal(r.json.first_broken, null);
});

// Finds the audit table and a JSON column to tamper with, from the real schema.
function auditSchema(db) {
  const tables = dbTables(db, '%audit%');
  const table = tables.includes('audit_log') ? 'audit_log' : tables[0];
  assert.ok(table, `an audit table among ${tables}`);
  const cols = dbColumns(db, table);
  const column = ['after_json', 'after', 'before_json', 'before', 'detail'].find(c => cols.includes(c));
  assert.ok(column, `a before/after column among ${cols}`);
  return { table, column };
}

test('tampering with one row is detected by `nq57 audit verify` and named', async t => {
  // Stop the server but keep its directory (srv.stop() in after() removes it later).
  srv.proc.kill('SIGTERM');
  if (srv.proc.exitCode === null) await new Promise(r => srv.proc.once('exit', r));
  assert.equal(dbSql(srv.db, 'SELECT 1;').trim(), '1', 'the database is still there');

  await t.test('before tampering: exit 0', () => {
    const r = cli(['audit', 'verify', '--db', srv.db], { allowFail: true });
    assert.equal(r.status, 0, `exit ${r.status}: ${r.stdout} ${r.stderr}`);
  });

  const { table, column } = auditSchema(srv.db);
  // Copies for the other tamperings (SQLite's .backup also takes anything still in the WAL).
  const copyDel = copyDatabase(srv, 'del'), copyHash = copyDatabase(srv, 'hash');
  const target = Number(dbSql(srv.db, `SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET 1;`).trim());
  assert.ok(Number.isInteger(target), 'a second audit row exists');
  dbSql(srv.db, `UPDATE ${table} SET ${column} = '{"name":"Giả mạo"}' WHERE id = ${target};`);

  await t.test(`after tampering row ${target} (${table}.${column}): non-zero exit naming the row`, () => {
    const r = cli(['audit', 'verify', '--db', srv.db], { allowFail: true });
    assert.notEqual(r.status, 0, `exit ${r.status}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b${target}\\b`), `names row ${target}: ${r.stdout} ${r.stderr}`);
  });

  await t.test('the server reports the same over HTTP', async () => {
    const s = await serveOn(srv.db);
    try {
      const c = await loggedIn({ base: s.base }, 'admin', srv.adminPassword);
      const r = await c.get('/api/v1/audit/verify');
      expectStatus(r, 200);
      assert.equal(r.json.ok, false);
      assert.equal(Number(r.json.first_broken), target);
      assert.equal(typeof r.json.reason, 'string');
    } finally { await stopServing(s); }
  });

  await t.test('deleting a middle row breaks the chain too', () => {
    const del = Number(dbSql(copyDel, `SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET 2;`).trim());
    dbSql(copyDel, `DELETE FROM ${table} WHERE id = ${del};`);
    const r = cli(['audit', 'verify', '--db', copyDel], { allowFail: true });
    assert.notEqual(r.status, 0, `exit ${r.status}: ${r.stdout} ${r.stderr}`);
  });

  await t.test('a wrong hash on the last row is detected', () => {
    const cols = dbColumns(copyHash, table);
    const hashCol = ['hash', 'row_hash', 'entry_hash'].find(c => cols.includes(c));
    assert.ok(hashCol, `a hash column among ${cols}`);
    const last = Number(dbSql(copyHash, `SELECT max(id) FROM ${table};`).trim());
    dbSql(copyHash, `UPDATE ${table} SET ${hashCol} = '${'0'.repeat(64)}' WHERE id = ${last};`);
    const r = cli(['audit', 'verify', '--db', copyHash], { allowFail: true });
    assert.notEqual(r.status, 0, `exit ${r.status}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b${last}\\b`), `names row ${last}`);
  });
});
