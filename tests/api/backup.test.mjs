// `nq57 backup`: on SQLite an online copy of the live database (the server keeps running) whose
// audit chain is checked; on PostgreSQL the pg_dump command to run, without the password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startServer, cli, BACKEND } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await stopServer(srv); });

test('nq57 backup while the server writes', async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  expectStatus(await admin.post('/api/v1/units', { code: 'BK-1', name: 'Xã Sao Lưu', kind: 'commune', parent: 'P01' }), 201);
  if (BACKEND === 'postgres') {
    const dump = join(srv.dir, 'nq57.dump');
    const r = cli(['backup', '--db', srv.db, '--to', dump]);
    const url = new URL(srv.db);
    assert.match(r.stdout, /^pg_dump --format=custom --file=\S+ 'postgres/);
    assert.ok(r.stdout.includes(`/${url.pathname.slice(1)}'`), r.stdout);
    if (url.password) assert.ok(!r.stdout.includes(url.password), 'the password is not printed');
    // The command works as printed, the password coming from the environment.
    const run = spawnSync('bash', ['-c', r.stdout], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(statSync(dump).size > 1000, 'a dump was written');
    return;
  }
  const copy = join(srv.dir, 'copy.db');
  const r = cli(['backup', '--db', srv.db, '--to', copy]);
  assert.match(r.stdout, /backup .* written: \d+ audit rows, hash chain intact/);
  assert.ok(existsSync(copy));
  assert.match(cli(['audit', 'verify', '--db', copy]).stdout, /^ok: /);
  // The copy holds the unit written just before.
  assert.equal(cli(['backup', '--db', srv.db, '--to', copy], { allowFail: true }).status, 1, 'an existing file is never overwritten');
  expectStatus(await admin.get('/api/v1/units/BK-1'), 200, { label: 'the server goes on' });
});
