// `nq57 serve --read-db URL` (PostgreSQL): GET requests read the replica URL names, while
// sessions and writes use --db. A separate database stands in for a replica that lags behind:
// what was just written through the server is not in what it reads. Pointed at the primary
// itself, every GET answers as a server without the option does, and none of them writes
// (the read connection's transactions are read-only, so a GET that wrote would fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveOn, stopServing, freshDatabase, cli, BACKEND, BIN } from '../lib/server.mjs';
import { spawnSync } from 'node:child_process';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';

const skip = BACKEND !== 'postgres' && 'a PostgreSQL option (NQ57_TEST_DB=postgres)';
const PW = 'mat-khau-ban-sao-1';
let srv, lagging, same;

before(async () => {
  if (skip) return;
  process.env.NQ57_TODAY = '2025-07-08';
  srv = await startServer({ users: [{ username: 'doc.p01', password: PW, unit: 'P01', role: 'reporter' }] });
  const replica = freshDatabase(srv, 'replica');
  cli(['init', '--db', replica]);
  lagging = await serveOn(srv.db, ['--quiet', '--read-db', replica]);
  same = await serveOn(srv.db, ['--quiet', '--read-db', srv.db]);
});
after(async () => {
  await stopServing(lagging);
  await stopServing(same);
  await stopServer(srv);
});

test('--read-db is refused with SQLite', { skip: BACKEND === 'postgres' && 'the SQLite case' }, () => {
  const r = spawnSync(BIN, ['serve', '--db', '/nonexistent/x.db', '--read-db', 'postgres://127.0.0.1:1/x'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--read-db goes with a PostgreSQL --db/);
  const s = spawnSync(BIN, ['serve', '--db', 'postgres://127.0.0.1:1/x', '--read-db', '/tmp/replica.db'], { encoding: 'utf8' });
  assert.equal(s.status, 2);
  assert.match(s.stderr, /--read-db takes a PostgreSQL URL/);
});

test('sessions and writes go to --db, reads to --read-db', { skip }, async () => {
  const c = await loggedIn({ base: lagging.base }, 'admin', srv.adminPassword);
  expectStatus(await c.get('/api/v1/auth/me'), 200, { label: 'the session, kept on the primary' });
  expectStatus(await c.post('/api/v1/units', { code: 'RD-1', name: 'Xã Bản Sao', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }), 201,
    { label: 'a write through the server' });
  const primary = await loggedIn(srv, 'admin', srv.adminPassword);
  const onPrimary = await primary.get('/api/v1/units/RD-1');
  expectStatus(onPrimary, 200, { label: 'the write is on the primary' });
  assert.equal(onPrimary.json.name, 'Xã Bản Sao');
  expectStatus(await c.get('/api/v1/units/RD-1'), 404, { label: 'the replica has not got it yet' });
  expectStatus(await c.get('/api/v1/units/P01'), 200, { label: 'what the replica has' });
});

test('pointed at the primary, every GET answers as without the option, and none writes', { skip }, async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const viaRead = await loggedIn({ base: same.base }, 'admin', srv.adminPassword);
  const reporter = await loggedIn({ base: same.base }, 'doc.p01', PW);
  const first = async (path, key) => (await admin.get(path)).json?.items?.[0]?.[key];
  const ind = await first('/api/v1/indicators', 'code');
  const schedule = await first('/api/v1/reports/schedules', 'code');
  const checklist = await first('/api/v1/checklists', 'id');
  const doc = await first('/api/v1/documents', 'id');
  const paths = spawnSync(BIN, ['routes'], { encoding: 'utf8' }).stdout.trim().split('\n')
    .filter(l => l.startsWith('GET /api/')).map(l => l.slice(4)
      .replace('/units/{code}', '/units/P01').replace('{username}', 'doc.p01')
      .replace('/indicators/{code}', `/indicators/${ind}`).replace('{schedule}/{unit}/{period}', `${schedule}/P01/2025-07`)
      .replace('/checklists/{id}', `/checklists/${checklist}`).replace('/documents/{id}', `/documents/${doc}`)
      .replace('{id}', '1'))
    .map(p => (p.includes('?') ? p : `${p}?unit=P01&period=2025-07`));
  assert.ok(paths.length > 30, `${paths.length} GET routes`);
  for (const path of paths) {
    const want = await admin.get(path);
    const got = await viaRead.get(path);
    assert.ok(got.status < 500, `${path}: ${got.status} ${got.text.slice(0, 200)}`);
    assert.equal(got.status, want.status, `${path}: the same status as without --read-db`);
    if (/\/(units|indicators|reports\/schedules|checklists|documents)/.test(path) && got.status === 200)
      assert.deepEqual(got.json, want.json, `${path}: the same reply`);
    const mine = await reporter.get(path);
    assert.ok(mine.status < 500, `${path} as a reporter: ${mine.status}`);
  }
  assert.doesNotMatch(same.log(), /level=error/, 'no statement failed on the read connection');
});
