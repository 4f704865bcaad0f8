// Periodic reports (system 1) over real HTTP: the schedules `init` bundles, the reports owed and
// their colours around the due day (docs/rules.md), the write-submit-approve workflow and who may
// do what, the standard summary against GET /tasks/summary and /tasks, the workbook, and errors
// that name their field. Every reply is checked against docs/openapi.json.
//
// "Today" is 2025-07-20 for the main server (NQ57_TODAY, inherited by the process startServer
// spawns): the six-monthly report on 2025S1 was due on 2025-07-10 and is overdue; a second
// server on 2025-07-05 sees the same report not yet due.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer, conformanceErrors } from './helpers.mjs';

const PW = 'mat-khau-bao-cao-1';
const USERS = [
  { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
  { username: 'baocao.hn', password: PW, unit: 'P01', role: 'reporter' },
  { username: 'baocao.hp', password: PW, unit: 'P31', role: 'reporter' },
  { username: 'vanphong', password: PW, unit: 'TW-VPTW', role: 'standing_office' },
];
const HALF = '/api/v1/reports/BC-6THANG-BCD/P01/2025S1';

let srv, admin, leader, reporter, other, office;

// A request that must conform to docs/openapi.json and have the status expected.
async function call(client, method, path, body, status, opts = {}) {
  const r = await client.req(method, path, body);
  expectStatus(r, status, { ...opts, label: opts.label || `${method} ${path}` });
  if (!path.endsWith('.xlsx')) assert.deepEqual(conformanceErrors(method, path, r), [], `${method} ${path} conforms`);
  return r;
}

before(async () => {
  process.env.NQ57_TODAY = '2025-07-20';
  srv = await startServer({ users: USERS });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  leader = await loggedIn(srv, 'lanhdao.hn', PW);
  reporter = await loggedIn(srv, 'baocao.hn', PW);
  other = await loggedIn(srv, 'baocao.hp', PW);
  office = await loggedIn(srv, 'vanphong', PW);
});
after(async () => { await stopServer(srv); });

test('init bundles the report schedules of the seeds', async () => {
  const r = await call(leader, 'GET', '/api/v1/reports/schedules', undefined, 200);
  const by = Object.fromEntries(r.json.items.map(s => [s.code, s]));
  assert.deepEqual(Object.keys(by).sort(), ['BC-6THANG-BCD', 'BC-71DUK-2025', 'BC-THANG-XA']);
  const once = by['BC-71DUK-2025'];
  assert.equal(once.kind, 'one_off');
  assert.equal(once.due_date, '2025-04-05');
  assert.deepEqual(once.reporters, ['UNK-DUK']);
  assert.match(once.quote, /trước ngày 05\/4\/2025/);
  const half = by['BC-6THANG-BCD'];
  assert.equal(half.kind, 'half_yearly');
  assert.equal(half.to_unit.code, 'TW-BCD');
  assert.deepEqual(half.current_period, { code: '2025S1', from: '2025-01-01', to: '2025-06-30', due: '2025-07-10' });
  assert.match(half.quote, /định kỳ 6 tháng báo cáo/);
  assert.equal(by['BC-THANG-XA'].kind, 'monthly');
  assert.deepEqual(by['BC-THANG-XA'].current_period, { code: '2025-06', from: '2025-06-01', to: '2025-06-30', due: '2025-07-05' });
});

test('a report not submitted by its due day is overdue (red); one not yet due is grey', async () => {
  const r = await call(leader, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD', undefined, 200);
  assert.equal(r.json.total, 1, 'P01 alone owes the six-monthly report in its scope');
  const [it] = r.json.items;
  assert.equal(it.unit.code, 'P01');
  assert.equal(it.period, '2025S1');
  assert.equal(it.due, '2025-07-10');
  assert.equal(it.state, 'none');
  assert.equal(it.colour, 'red');
  assert.equal(it.overdue, true);
  assert.equal(r.json.counts.overdue, 1);
  // The next half-year has not begun: not due, grey.
  const next = await call(leader, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD&period=2025S2', undefined, 200);
  assert.equal(next.json.items[0].colour, 'grey');
  assert.equal(next.json.items[0].overdue, false);
  assert.equal(next.json.items[0].due, '2026-01-10');
  // The nation: the 34 provincial units (not the 63 merged into them: they do not exist on the
  // due day) and the ministries owe it; the one-off of 71-KH/ĐUK is overdue too.
  const all = await call(admin, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD&limit=500', undefined, 200);
  const codes = all.json.items.map(x => x.unit.code);
  assert.ok(codes.includes('P79') && codes.includes('BO-KHCN'), 'provinces and ministries owe it');
  assert.ok(!codes.some(c => c.startsWith('OLD-P')), 'merged provinces do not');
  assert.equal(all.json.counts.overdue, all.json.total);
  const once = await call(admin, 'GET', '/api/v1/reports?schedule=BC-71DUK-2025', undefined, 200);
  assert.deepEqual(once.json.items.map(x => [x.unit.code, x.due, x.colour]), [['UNK-DUK', '2025-04-05', 'red']]);
  // Only the red ones.
  const red = await call(admin, 'GET', '/api/v1/reports?colour=red&limit=5', undefined, 200);
  assert.ok(red.json.items.every(x => x.colour === 'red'));
});

test('before the due day the same report is grey', async () => {
  process.env.NQ57_TODAY = '2025-07-05';
  const early = await startServer({ users: USERS.slice(0, 1) });
  process.env.NQ57_TODAY = '2025-07-20';
  try {
    const c = await loggedIn(early, 'lanhdao.hn', PW);
    const r = await call(c, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD', undefined, 200);
    assert.equal(r.json.items[0].colour, 'grey');
    assert.equal(r.json.items[0].overdue, false);
    assert.equal(r.json.counts.not_due, 1);
  } finally {
    await stopServer(early);
  }
});

test('write, submit, approve: a reporter submits, only the leader or the centre decides', async (t) => {
  const steps = [
    ['reporter saves a draft', reporter, 'PUT', HALF, { narrative: 'Sáu tháng đầu năm 2025: đã quán triệt Nghị quyết.' }, 201,
      r => { assert.equal(r.json.state, 'draft'); assert.equal(r.json.colour, 'red'); }],
    ['reporter saves again', reporter, 'PUT', HALF, { narrative: 'Sáu tháng đầu năm 2025: đã quán triệt, triển khai Nghị quyết.' }, 200],
    ['a reporter of another province may not see it', other, 'GET', HALF, undefined, 403],
    ['the reporter may not approve', reporter, 'POST', `${HALF}/approve`, {}, 403],
    ['approve before submission is refused', leader, 'POST', `${HALF}/approve`, {}, 409, null, { code: 'conflict', field: 'state' }],
    ['reporter submits', reporter, 'POST', `${HALF}/submit`, undefined, 200, r => {
      assert.equal(r.json.state, 'submitted');
      assert.equal(r.json.colour, 'blue');
      assert.equal(r.json.overdue, false);
      assert.equal(r.json.submitted_by, 'baocao.hn');
      assert.equal(r.json.snapshot.unit.code, 'P01');
      assert.equal(r.json.snapshot.period.code, '2025S1');
      assert.ok(r.json.snapshot.tasks.counts, 'the snapshot holds the task counts');
    }],
    ['a submitted report cannot be edited', reporter, 'PUT', HALF, { narrative: 'sửa' }, 409, null, { code: 'conflict', field: 'state' }],
    ['returning needs a comment', leader, 'POST', `${HALF}/return`, {}, 400, null, { field: 'comment' }],
    ['the leader returns it', leader, 'POST', `${HALF}/return`, { comment: 'Bổ sung số liệu chỉ tiêu.' }, 200,
      r => { assert.equal(r.json.state, 'returned'); assert.equal(r.json.colour, 'red'); assert.equal(r.json.comment, 'Bổ sung số liệu chỉ tiêu.'); }],
    ['reporter submits again', reporter, 'POST', `${HALF}/submit`, { narrative: 'Đã bổ sung số liệu.' }, 200],
    ['the leader approves', leader, 'POST', `${HALF}/approve`, { comment: 'Đồng ý' }, 200, r => {
      assert.equal(r.json.state, 'approved');
      assert.equal(r.json.colour, 'green');
      assert.equal(r.json.late, true, 'submitted after 2025-07-10');
      assert.equal(r.json.decided_by, 'lanhdao.hn');
      assert.equal(r.json.narrative, 'Đã bổ sung số liệu.');
    }],
    ['the list shows it green', leader, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD', undefined, 200,
      r => { assert.equal(r.json.items[0].colour, 'green'); assert.equal(r.json.counts.approved, 1); }],
    ['the standing office may return an approved report', office, 'POST', `${HALF}/return`, { comment: 'Xem lại.' }, 200],
    ['the standing office may not submit for P01', office, 'POST', `${HALF}/submit`, undefined, 403],
  ];
  for (const [label, c, method, path, body, status, check, opts] of steps)
    await t.test(label, async () => {
      const r = await call(c, method, path, body, status, { label, ...(opts || {}) });
      if (check) check(r);
    });
  const audit = await admin.get('/api/v1/audit?entity=report');
  expectStatus(audit, 200, { label: 'audit' });
  const actions = audit.json.items.map(e => e.action).reverse();
  assert.deepEqual(actions, ['save', 'save', 'submit', 'return', 'submit', 'approve', 'return']);
});

test('the summary agrees with GET /tasks/summary and the red list of /tasks', async () => {
  for (const [unit, period, asOf] of [['VN', '2025S1', '2025-06-30'], ['VN', '2025-07', '2025-07-20'], ['P01', '2025-07', '2025-07-20']]) {
    const s = await call(admin, 'GET', `/api/v1/reports/summary?unit=${unit}&period=${period}`, undefined, 200);
    assert.equal(s.json.as_of, asOf);
    const ts = await admin.get(`/api/v1/tasks/summary?unit=${unit}&as_of=${asOf}`);
    expectStatus(ts, 200, { label: 'tasks summary' });
    assert.deepEqual(s.json.tasks, ts.json.subtree, `${unit} ${period}: tasks by colour`);
    assert.deepEqual(s.json.tasks_alone, ts.json.alone);
    assert.deepEqual(s.json.units_below.map(x => [x.unit.code, x.greening_rate, x.rank]),
      ts.json.ranking.map(x => [x.unit.code, x.greening_rate, x.rank]));
    const red = await admin.get(`/api/v1/tasks?unit=${unit}&as_of=${asOf}&overdue=true&limit=1`);
    expectStatus(red, 200, { label: 'red tasks' });
    assert.equal(s.json.overdue.total, red.json.total, `${unit} ${period}: red parts`);
    assert.equal(s.json.overdue.total, red.json.counts.red);
    const days = s.json.overdue.items.map(x => x.days_overdue);
    assert.deepEqual(days, [...days].sort((a, b) => b - a), 'most overdue first');
  }
  const vn = await call(admin, 'GET', '/api/v1/reports/summary?period=2025S1', undefined, 200);
  assert.ok(vn.json.overdue.total > 0, 'some tasks were red at the end of June');
  assert.ok(vn.json.overdue.items.every(x => x.days_overdue > 0 && x.unit.code && x.title));
  // Reports owed for periods ending in 2025: the one-off and both halves.
  const year = await call(admin, 'GET', '/api/v1/reports/summary?period=2025', undefined, 200);
  const owed = year.json.reports.items.map(x => `${x.schedule.code} ${x.period.code}`);
  assert.ok(owed.includes('BC-71DUK-2025 BC-71DUK-2025') && owed.includes('BC-6THANG-BCD 2025S1'), owed.join(', '));
  // A one-off report's code is a period too.
  const once = await call(admin, 'GET', '/api/v1/reports/summary?unit=UNK-DUK&period=BC-71DUK-2025', undefined, 200);
  assert.deepEqual(once.json.period, { code: 'BC-71DUK-2025', from: '2025-02-07', to: '2025-04-05' });
  assert.equal(once.json.reports.overdue, 1);
});

test('the summary evaluates the unit\'s indicators with completeness for the period', async () => {
  const ind = {
    code: 'TEST-DVC', name: 'Tỉ lệ dịch vụ công trực tuyến toàn trình', unit_of_measure: '%', direction: 'up',
    value_type: 'percent', aggregation: 'avg', period_type: 'month', reporters: ['province', 'city'],
    baseline_year: 2024, baseline_value: 40, targets: [{ year: 2025, comparator: '>=', value: 80 }],
  };
  expectStatus(await admin.post('/api/v1/indicators', ind), 201, { label: 'indicator' });
  expectStatus(await reporter.req('PUT', '/api/v1/values', { indicator: 'TEST-DVC', unit: 'P01', period: '2025-07', value: 70 }),
    [200, 201], { label: 'value' });
  const s = await call(leader, 'GET', '/api/v1/reports/summary?period=2025-07', undefined, 200);
  const row = s.json.indicators.find(x => x.indicator.code === 'TEST-DVC');
  assert.ok(row, 'the indicator P01 reports is evaluated');
  assert.equal(row.latest.value, 70);
  assert.equal(row.target.value, 80);
  assert.deepEqual([row.completeness.expected, row.completeness.reported, row.completeness.rate], [1, 1, 100]);
  assert.equal(s.json.completeness.expected, 1);
  const ev = await leader.get('/api/v1/indicators/TEST-DVC/evaluation?unit=P01');
  assert.equal(row.status, ev.json.status, 'the same evaluation as the indicator endpoint');
});

// The entries of a zip archive (central directory), inflated: {name: Buffer}.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'zip has an end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 8 ? inflateRawSync(data) : data;
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

test('the summary as a workbook: a zip with the four sheets', async () => {
  const r = await fetch(`${srv.base}/api/v1/reports/summary.xlsx?unit=VN&period=2025S1`, { headers: { cookie: admin.cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(r.headers.get('content-disposition'), /nq57-bao-cao-VN-2025S1\.xlsx/);
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const files = unzip(buf);
  const wb = files['xl/workbook.xml'].toString('utf8');
  const sheets = [...wb.matchAll(/<sheet name="([^"]+)"/g)].map(m => m[1]);
  assert.deepEqual(sheets, ['Tóm tắt', 'Nhiệm vụ quá hạn', 'Chỉ tiêu', 'Báo cáo']);
  const strings = files['xl/sharedStrings.xml'].toString('utf8');
  assert.match(strings, /Tỉ lệ xanh hoá/);
  const bad = await call(admin, 'GET', '/api/v1/reports/summary.xlsx?period=2025-13', undefined, 400, { field: 'period' });
  assert.equal(bad.json.error.field, 'period');
});

test('errors name the field at fault', async (t) => {
  const cases = [
    ['bad period for the summary', admin, 'GET', '/api/v1/reports/summary?period=2025X', undefined, 400, 'period'],
    ['unknown unit', admin, 'GET', '/api/v1/reports/summary?unit=NOPE', undefined, 400, 'unit'],
    ['unknown schedule in the list', admin, 'GET', '/api/v1/reports?schedule=NOPE', undefined, 400, 'schedule'],
    ['a month for a half-yearly schedule', admin, 'GET', '/api/v1/reports?schedule=BC-6THANG-BCD&period=2025-07', undefined, 400, 'period'],
    ['bad colour', admin, 'GET', '/api/v1/reports?colour=purple', undefined, 400, 'colour'],
    ['unknown schedule', reporter, 'GET', '/api/v1/reports/NOPE/P01/2025S1', undefined, 404, 'schedule'],
    ['a unit that does not owe it', admin, 'GET', '/api/v1/reports/BC-THANG-XA/P01/2025-07', undefined, 400, 'unit'],
    ['a province merged before the due day', admin, 'GET', '/api/v1/reports/BC-6THANG-BCD/OLD-P01/2025S1', undefined, 400, 'unit'],
    ['a province formed after the due day', admin, 'GET', '/api/v1/reports/BC-6THANG-BCD/P01/2024S2', undefined, 400, 'unit'],
    ['a period of another kind', reporter, 'GET', '/api/v1/reports/BC-6THANG-BCD/P01/2025-07', undefined, 400, 'period'],
    ['a period not begun', reporter, 'PUT', '/api/v1/reports/BC-6THANG-BCD/P01/2026S1', { narrative: 'x' }, 400, 'period'],
    ['narrative missing', reporter, 'PUT', '/api/v1/reports/BC-6THANG-BCD/P01/2024S2', {}, 400, 'narrative'],
    ['unknown field', reporter, 'PUT', '/api/v1/reports/BC-6THANG-BCD/P01/2024S2', { narrative: 'x', state: 'approved' }, 400, 'state'],
    ['schedule: only the centre creates', leader, 'POST', '/api/v1/reports/schedules', { code: 'X', name: 'x', kind: 'monthly', due_day: 5, reporters: ['commune'] }, 403, undefined],
    ['schedule: day 31', admin, 'POST', '/api/v1/reports/schedules', { code: 'X', name: 'x', kind: 'monthly', due_day: 31, reporters: ['commune'] }, 400, 'due_day'],
    ['schedule: bad kind', admin, 'POST', '/api/v1/reports/schedules', { code: 'X', name: 'x', kind: 'weekly', reporters: ['commune'] }, 400, 'kind'],
    ['schedule: one-off without a date', admin, 'POST', '/api/v1/reports/schedules', { code: 'X', name: 'x', kind: 'one_off', reporters: ['P01'] }, 400, 'due_date'],
    ['schedule: unknown receiver', admin, 'POST', '/api/v1/reports/schedules', { code: 'X', name: 'x', kind: 'monthly', due_day: 5, reporters: ['city'], to_unit: 'NOPE' }, 400, 'to_unit'],
    ['schedule: taken code', admin, 'POST', '/api/v1/reports/schedules', { code: 'BC-THANG-XA', name: 'x', kind: 'monthly', due_day: 5, reporters: ['commune'] }, 409, 'code'],
  ];
  for (const [label, c, method, path, body, status, field] of cases)
    await t.test(label, async () => {
      const r = await call(c, method, path, body, status, { label, field });
      if (field !== undefined) assert.equal(r.json.error.field, field);
    });
  await t.test('the centre creates a one-off schedule', async () => {
    const r = await call(admin, 'POST', '/api/v1/reports/schedules', {
      code: 'BC-SOKET-2025', name: 'Báo cáo sơ kết năm 2025', kind: 'one_off', due_date: '2025-12-15',
      period_from: '2025-01-01', period_to: '2025-11-30', reporters: ['province', 'city'], to_unit: 'TW-VPTW',
    }, 201);
    assert.equal(r.json.current_period.due, '2025-12-15');
    const list = await call(leader, 'GET', '/api/v1/reports?schedule=BC-SOKET-2025', undefined, 200);
    assert.deepEqual(list.json.items.map(x => [x.unit.code, x.colour]), [['P01', 'grey']]);
    const empty = await call(leader, 'POST', '/api/v1/reports/BC-SOKET-2025/P01/BC-SOKET-2025/submit', undefined, 400, { field: 'narrative' });
    assert.equal(empty.json.error.field, 'narrative', 'submitting without a narrative');
  });
});
