// `nq57 migrate` on the backend under test: on a new database it applies every migration, in a
// second run none; on a database in use (a server running on it) it applies none and changes
// nothing; three started at once on a new database apply each migration once between them.
// Both backends carry the same numbered migrations (sql/sqlite and sql/postgres): a
// migration added to one and not ported to the other fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startServer, cli, dbSql, freshDatabase, BACKEND, ROOT, BIN } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await stopServer(srv); });

// The migration files of a backend's folder: [[version, name]], in order.
const files = dir => readdirSync(join(ROOT, 'sql', dir)).filter(f => /^\d{4}_.*\.sql$/.test(f)).sort()
  .map(f => [Number(f.slice(0, 4)), f]);
const recorded = db => dbSql(db, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
  .trim().split('\n').map(l => l.split('|'));
const applied = r => Number(/migrations applied: (\d+)/.exec(r.stdout)?.[1]);

test('both backends have the same numbered migrations', () => {
  assert.deepEqual(files('postgres').map(([v]) => v), files('sqlite').map(([v]) => v),
    'sql/postgres mirrors sql/sqlite');
});

test('a new database: every migration once, then none', () => {
  const db = freshDatabase(srv, 'mig');
  const want = files(BACKEND === 'postgres' ? 'postgres' : 'sqlite');
  assert.equal(applied(cli(['migrate', '--db', db])), want.length);
  const first = recorded(db);
  assert.deepEqual(first.map(([v, name]) => [Number(v), name]), want);
  for (let i = 0; i < 2; i++) assert.equal(applied(cli(['migrate', '--db', db])), 0, `run ${i + 2}`);
  assert.deepEqual(recorded(db), first, 'nothing applied again (same times)');
  // The migrated database takes the bundled data like any other.
  cli(['init', '--db', db]);
});

test('a database in use: migrate applies nothing and the server goes on', async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  expectStatus(await admin.post('/api/v1/units', { code: 'MIG-1', name: 'Xã Di Trú', kind: 'commune', parent: 'P01' }), 201);
  const before = recorded(srv.db);
  const units = dbSql(srv.db, 'SELECT count(*) FROM units');
  assert.equal(applied(cli(['migrate', '--db', srv.db])), 0);
  assert.deepEqual(recorded(srv.db), before);
  assert.equal(dbSql(srv.db, 'SELECT count(*) FROM units'), units);
  const r = await admin.get('/api/v1/units/MIG-1');
  expectStatus(r, 200);
  assert.equal(r.json.name, 'Xã Di Trú');
});

test('three migrate commands at once on a new database apply each migration once', async () => {
  const db = freshDatabase(srv, 'race');
  const run = () => new Promise(resolve => {
    const p = spawn(BIN, ['migrate', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', d => { out += d; });
    p.stderr.on('data', d => { out += d; });
    p.on('exit', status => resolve({ status, stdout: out }));
  });
  const results = await Promise.all([run(), run(), run()]);
  for (const r of results) assert.equal(r.status, 0, r.stdout);
  const want = files(BACKEND === 'postgres' ? 'postgres' : 'sqlite');
  assert.equal(results.reduce((n, r) => n + applied(r), 0), want.length, results.map(r => r.stdout).join(''));
  assert.deepEqual(recorded(db).map(([v, name]) => [Number(v), name]), want);
});
