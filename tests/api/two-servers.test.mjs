// Two `nq57 serve` processes on one database (the deployment PostgreSQL is for; SQLite in WAL
// mode allows it too, so this runs on both backends): requests alternate between them. A
// session opened on one is good on the other, login failures count on both, a write on one is
// seen at once on the other (the reply cache compares the data's generation, not its own
// memory), and concurrent writes to one task from both land every one, in a single audit chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, freePort, cli, Client, BIN } from '../lib/server.mjs';
import { loggedIn, expectStatus, listAll, stopServer } from './helpers.mjs';

const PW = 'mat-khau-hai-may-chu-1';
let a, b, bProc;

// A second server on A's database.
async function serveOn(db) {
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--quiet'],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', d => { log += d; });
  proc.stderr.on('data', d => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error('second server exited:\n' + log);
    if (i > 200) throw new Error('second server did not come up:\n' + log);
    await new Promise(r => setTimeout(r, 50));
  }
  return { base, proc, log: () => log };
}

before(async () => {
  process.env.NQ57_TODAY = '2025-07-08';
  a = await startServer({ users: [
    { username: 'baocao.vptw', password: PW, unit: 'TW-VPTW', role: 'reporter' },
    { username: 'thu.sai', password: PW, unit: 'P01', role: 'reporter' },
  ] });
  b = await serveOn(a.db);
  bProc = b.proc;
});
after(async () => {
  if (bProc && bProc.exitCode === null && bProc.signalCode === null) {
    bProc.kill('SIGTERM');
    await new Promise(r => bProc.once('exit', r));
  }
  await stopServer(a);
});

test('a session opened on one server works on the other, writes included', async () => {
  const onA = await loggedIn(a, 'admin', a.adminPassword);
  const onB = new Client(b.base);
  onB.cookie = onA.cookie;
  onB.csrf = onA.csrf;
  const me = await onB.get('/api/v1/auth/me');
  expectStatus(me, 200, { label: 'me on B' });
  assert.equal(me.json.username ?? me.json.user?.username, 'admin');
  const r = await onB.post('/api/v1/units', { code: 'HAI-1', name: 'Xã Hai Máy', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' });
  expectStatus(r, 201, { label: 'create a unit on B with the session of A' });
  // Logging out on B ends the session on A too.
  expectStatus(await onB.post('/api/v1/auth/logout', {}), [200, 204], { label: 'logout on B' });
  expectStatus(await onA.get('/api/v1/auth/me'), 401, { label: 'the session is gone on A' });
});

test('a write on one server is seen at once on the other (no stale cached reply)', async () => {
  const onA = await loggedIn(a, 'admin', a.adminPassword);
  const onB = await loggedIn({ base: b.base }, 'admin', a.adminPassword);
  // Fill B's reply cache first.
  const before = await onB.get('/api/v1/units/HAI-1');
  expectStatus(before, 200);
  assert.equal(before.json.name, 'Xã Hai Máy');
  expectStatus(await onA.patch('/api/v1/units/HAI-1', { name: 'Xã Hai Máy Đổi Tên' }), 200, { label: 'rename on A' });
  const afterB = await onB.get('/api/v1/units/HAI-1');
  expectStatus(afterB, 200);
  assert.equal(afterB.json.name, 'Xã Hai Máy Đổi Tên', 'B serves the new name');
});

test('login failures count across both servers', async () => {
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const c = new Client(i % 2 ? b.base : a.base);
    statuses.push((await c.login('thu.sai', 'wrong password ' + i)).status);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401], statuses.join(','));
  assert.equal(statuses[5], 429, `the sixth failure, on either server, is refused: ${statuses}`);
});

test('concurrent progress reports on one task from both servers all land, in one audit chain', async () => {
  const onA = await loggedIn(a, 'baocao.vptw', PW);
  const onB = await loggedIn({ base: b.base }, 'baocao.vptw', PW);
  const admin = await loggedIn(a, 'admin', a.adminPassword);
  const rows = await listAll(admin, '/api/v1/tasks?role=lead&limit=500&as_of=2025-12-31');
  const task = rows.find(it => it.task.key === '05TB-II.3.a-1');
  assert.ok(task, 'the bundled task 05TB-II.3.a-1');
  const id = task.task.id;
  const N = 24;
  const results = await Promise.all(Array.from({ length: N }, (_, i) =>
    (i % 2 ? onB : onA).post(`/api/v1/tasks/${id}/progress`, { unit: 'TW-VPTW', progress: i + 1, note: `lần ${i + 1}` })));
  for (const [i, r] of results.entries()) expectStatus(r, [200, 201], { label: `report ${i + 1} on ${i % 2 ? 'B' : 'A'}` });
  const d = await onB.get(`/api/v1/tasks/${id}`);
  expectStatus(d, 200);
  const notes = d.json.history.filter(h => h.kind === 'progress').map(h => h.note).sort();
  assert.equal(notes.length, N, `every report is in the history: ${notes}`);
  // One chain: both servers appended to it, each row following the one before.
  for (const base of [a.base, b.base]) {
    const c = base === a.base ? admin : await loggedIn({ base }, 'admin', a.adminPassword);
    const v = await c.get('/api/v1/audit/verify');
    expectStatus(v, 200);
    assert.equal(v.json.ok, true, JSON.stringify(v.json));
  }
  const r = cli(['audit', 'verify', '--db', a.db], { allowFail: true });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const entries = (await listAll(admin, '/api/v1/audit?limit=500')).filter(e => e.entity === 'task_part' && e.action === 'progress');
  assert.equal(entries.length, N, 'an audit entry per report');
});

test('an evidence file uploaded on one server downloads byte for byte from the other', async () => {
  const onA = await loggedIn(a, 'baocao.vptw', PW);
  const onB = await loggedIn({ base: b.base }, 'baocao.vptw', PW);
  const admin = await loggedIn(a, 'admin', a.adminPassword);
  const task = (await listAll(admin, '/api/v1/tasks?role=lead&limit=500&as_of=2025-12-31')).find(it => it.task.key === '05TB-II.3.a-1');
  // A PDF header, then every byte value (NUL included) twice, so no text encoding survives it.
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))]);
  const up = await fetch(`${a.base}/api/v1/tasks/${task.task.id}/evidence?unit=TW-VPTW&name=nhi-phan.pdf`, {
    method: 'POST', body: bytes,
    headers: { cookie: onA.cookie, 'x-csrf-token': onA.csrf, 'content-type': 'application/pdf' },
  });
  const upText = await up.text();
  assert.ok(up.status === 200 || up.status === 201, `upload: ${up.status} ${upText}`);
  const id = JSON.parse(upText).id ?? JSON.parse(upText).evidence?.id;
  assert.ok(id, `the upload names the file's id: ${upText}`);
  const down = await fetch(`${b.base}/api/v1/evidence/${id}`, { headers: { cookie: onB.cookie } });
  assert.equal(down.status, 200);
  assert.deepEqual(Buffer.from(await down.arrayBuffer()), bytes);
});
