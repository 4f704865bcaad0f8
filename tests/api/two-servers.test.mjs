// Two `nq57 serve` processes on one database (the deployment PostgreSQL is for; SQLite in WAL
// mode allows it too, so this runs on both backends): requests alternate between them. A
// session opened on one is good on the other, login failures and public submissions count on
// both, a write on one is seen at once on the other (the reply cache compares the data's
// generation, not its own memory), and concurrent writes to one task from both land every one,
// in a single audit chain.
// Values entered at once from both servers into one province keep its roll-ups (kept by
// increments on write) equal to what the stored values add up to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveOn, stopServing, cli, Client, dbSql } from '../lib/server.mjs';
import { loggedIn, expectStatus, listAll, stopServer } from './helpers.mjs';

const PW = 'mat-khau-hai-may-chu-1';
let a, b;

before(async () => {
  process.env.NQ57_TODAY = '2025-07-08';
  a = await startServer({ users: [
    { username: 'baocao.vptw', password: PW, unit: 'TW-VPTW', role: 'reporter' },
    { username: 'thu.sai', password: PW, unit: 'P01', role: 'reporter' },
    { username: 'so.lieu.p01', password: PW, unit: 'P01', role: 'reporter' },
  ] });
  b = await serveOn(a.db, ['--quiet']);
});
after(async () => {
  await stopServing(b);
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

test('public submissions from one address count against one limit across both servers', async () => {
  // The counter is a table, read and written under the writer lock: eight submissions at once,
  // alternating between the servers, give exactly the five the default limit allows.
  const N = 8;
  const results = await Promise.all(Array.from({ length: N }, (_, i) =>
    new Client(i % 2 ? b.base : a.base).post('/api/v1/feedback', {
      kind: 'phan_anh', field: 'dvc', title: `Phản ánh gửi hai máy chủ ${i + 1}`,
      content: `Cổng dịch vụ công báo lỗi khi nộp hồ sơ, lần ${i + 1}` })));
  const statuses = results.map(r => r.status);
  assert.equal(statuses.filter(s => s === 201).length, 5, statuses.join(','));
  assert.equal(statuses.filter(s => s === 429).length, N - 5, statuses.join(','));
  const stored = Number(dbSql(a.db, "SELECT count(*) FROM feedback WHERE title LIKE 'Phản ánh gửi hai máy chủ %'").trim());
  assert.equal(stored, 5, 'only the allowed submissions are stored');
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

// Every roll-up row of an indicator for a period, next to what the values strictly below its
// unit add up to, counted from the values themselves (the same SQL on both backends).
function rollupsAgainstValues(db, code, period) {
  const below = (agg) => `(SELECT ${agg} FROM indicator_values v JOIN units c ON c.id = v.unit_id ` +
    `WHERE v.indicator_id = r.indicator_id AND v.period = r.period AND c.id <> u.id AND ` +
    `substr(c.path, 1, length(u.path)) = u.path)`;
  const out = dbSql(db, `SELECT u.code, r.n, r.total, r.lo, r.hi, ${below('count(*)')}, ` +
    `${below('sum(v.value)')}, ${below('min(v.value)')}, ${below('max(v.value)')} ` +
    `FROM indicator_rollups r JOIN units u ON u.id = r.unit_id JOIN indicators i ON ` +
    `i.id = r.indicator_id WHERE i.code = '${code}' AND r.period = '${period}' ORDER BY u.code`);
  return out.trim().split('\n').filter(Boolean).map(line => {
    const [unit, n, total, lo, hi, count, sum, min, max] = line.split('|');
    const num = x => (x === '' ? null : Number(x));
    return { unit, n: Number(n), total: Number(total), lo: num(lo), hi: num(hi),
             count: Number(count), sum: num(sum) ?? 0, min: num(min), max: num(max) };
  });
}

test('values entered at once from both servers into one province: its roll-ups equal the sum of the stored values', async () => {
  const admin = await loggedIn(a, 'admin', a.adminPassword);
  const onB = await loggedIn({ base: b.base }, 'so.lieu.p01', PW);
  const period = '2025-07';
  for (const [code, value_type, aggregation] of [['HAI-SUM', 'count', 'sum'], ['HAI-MAX', 'number', 'max']])
    expectStatus(await admin.post('/api/v1/indicators', { code, name: `Chỉ tiêu hai máy ${aggregation}`,
      direction: 'up', period_type: 'month', reporters: ['commune', 'ward'], value_type, aggregation }), 201,
      { label: `define ${code}` });
  // Twelve communes of P01 (the first test made HAI-1), the new ones created from both servers.
  const adminB = await loggedIn({ base: b.base }, 'admin', a.adminPassword);
  const made = await Promise.all(Array.from({ length: 11 }, (_, i) =>
    (i % 2 ? adminB : admin).post('/api/v1/units', { code: `HAI-${i + 2}`, name: `Xã Hai Máy Số ${i + 2}`,
      kind: 'commune', parent: 'P01', valid_from: '2025-07-01' })));
  made.forEach((r, i) => expectStatus(r, 201, { label: `create HAI-${i + 2}` }));
  const kids = await admin.get('/api/v1/units/P01/children');
  expectStatus(kids, 200);
  const communes = kids.json.items.filter(u => ['commune', 'ward'].includes(u.kind)).map(u => u.code).slice(0, 12);
  assert.equal(communes.length, 12, 'twelve communes and wards of P01');
  const put = (c, body) => c.req('PUT', '/api/v1/values', { period, ...body });
  const server = i => (i % 2 ? onB : admin);

  // Round 1: every commune's two values, alternately on A and B, all at once.
  const first = await Promise.all(communes.flatMap((unit, i) => [
    put(server(i), { indicator: 'HAI-SUM', unit, value: 10 + i }),
    put(server(i + 1), { indicator: 'HAI-MAX', unit, value: 100 - 3 * i }),
  ]));
  first.forEach((r, k) => expectStatus(r, 200, { label: `round 1, request ${k}` }));
  const ids = Object.fromEntries(first.map(r => [`${r.json.indicator}/${r.json.unit}`, r.json.id]));

  // Round 2, at once: both servers overwrite the same values of six communes (whichever
  // commits last stays), B deletes three, A edits three more (the maximum among them).
  const second = await Promise.all([
    ...communes.slice(0, 6).flatMap((unit, i) => [
      put(admin, { indicator: 'HAI-SUM', unit, value: 200 + i }),
      put(onB, { indicator: 'HAI-SUM', unit, value: 300 + i }),
      put(admin, { indicator: 'HAI-MAX', unit, value: 1 + i }),
      put(onB, { indicator: 'HAI-MAX', unit, value: 2 + i }),
    ]),
    ...communes.slice(6, 9).flatMap(unit => ['HAI-SUM', 'HAI-MAX'].map(ind => {
      const id = ids[`${ind}/${unit}`];
      assert.ok(id, `the id of ${ind}/${unit} from round 1`);
      return onB.req('DELETE', `/api/v1/values/${id}`);
    })),
    ...communes.slice(9).flatMap((unit, i) => [
      put(admin, { indicator: 'HAI-SUM', unit, value: 7 * i }),
      put(admin, { indicator: 'HAI-MAX', unit, value: 500 + i }),
    ]),
  ]);
  second.forEach((r, k) => expectStatus(r, [200, 204], { label: `round 2, request ${k}` }));

  // The stored values, as the API lists them, and the province's total as each server reads it.
  for (const [ind, combine] of [['HAI-SUM', vs => vs.reduce((x, y) => x + y, 0)], ['HAI-MAX', vs => Math.max(...vs)]]) {
    const stored = await listAll(admin, `/api/v1/values?indicator=${ind}&unit=P01&period=${period}&limit=5`);
    assert.equal(stored.length, 9, `${ind}: twelve entered, three deleted`);
    const want = combine(stored.map(v => v.value));
    for (const [name, c] of [['A', admin], ['B', onB]]) {
      const r = await c.get(`/api/v1/indicators/${ind}/units?unit=P01&period=${period}`);
      expectStatus(r, 200, { label: `${ind} at P01 on ${name}` });
      assert.equal(r.json.value, want, `${ind} at P01 on ${name}: the roll-up against the stored values`);
    }
    // Every roll-up row (P01 and the nation above it) against a count made from the values.
    const rows = rollupsAgainstValues(a.db, ind, period);
    assert.deepEqual(rows.map(x => x.unit).sort(), ['P01', 'VN'], `${ind}: roll-up rows`);
    for (const x of rows) {
      assert.equal(x.n, x.count, `${ind} at ${x.unit}: n`);
      assert.equal(x.total, x.sum, `${ind} at ${x.unit}: total`);
      if (ind === 'HAI-MAX') {     // only min and max keep the extremes
        assert.equal(x.lo, x.min, `${ind} at ${x.unit}: lo`);
        assert.equal(x.hi, x.max, `${ind} at ${x.unit}: hi`);
      }
    }
  }
  const r = cli(['audit', 'verify', '--db', a.db], { allowFail: true });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
