// Indicators and values over HTTP: definitions and their validation, value entry by type,
// roll-up from communes to provinces to the nation (sum, average, weighted ratio, min, max) with
// edits and deletes, the approval lock, version conflicts and all-or-nothing forms,
// completeness that knows which units existed, evaluation against the path, flags and scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn, stopServer, expectStatus, conformanceErrors } from './helpers.mjs';

process.env.NQ57_TODAY = '2026-02-15';
const PW = 'mat-khau-chi-tieu-1';
let srv, admin, reporter, leader, outsider;
const communes = {};

before(async () => {
  srv = await startServer({ demo: true, demoTasks: 0, users: [
    { username: 'bc.hn', password: PW, unit: 'P01', role: 'reporter' },
    { username: 'ld.hn', password: PW, unit: 'P01', role: 'leader' },
    { username: 'bc.hcm', password: PW, unit: 'P79', role: 'reporter' },
  ] });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  reporter = await loggedIn(srv, 'bc.hn', PW);
  leader = await loggedIn(srv, 'ld.hn', PW);
  outsider = await loggedIn(srv, 'bc.hcm', PW);
  for (const p of ['P01', 'P79']) {
    const r = await admin.get(`/api/v1/units/${p}/children`);
    assert.equal(r.status, 200);
    communes[p] = r.json.items.filter(u => ['commune', 'ward'].includes(u.kind)).map(u => u.code);
  }
});
after(async () => { await stopServer(srv); });

// Checks the reply against the OpenAPI document too.
async function call(c, method, path, body) {
  const r = await c.req(method, path, body);
  const errs = conformanceErrors(method, path, r);
  assert.deepEqual(errs, [], `${method} ${path} does not match the OpenAPI document`);
  return r;
}
const put = (c, body) => call(c, 'PUT', '/api/v1/values', body);
const define = (body) => call(admin, 'POST', '/api/v1/indicators', {
  direction: 'up', period_type: 'month', reporters: ['commune', 'ward', 'province', 'city'],
  ...body });
const near = (a, b) => Math.abs(a - b) < 1e-6 * (1 + Math.abs(a) + Math.abs(b));

test('definitions', async () => {
  let r = await define({ code: 'T-SUM', name: 'Số cán bộ được đào tạo', value_type: 'count',
    aggregation: 'sum', targets: [{ year: 2030, comparator: '>=', value: 1000, text: 'ít nhất 1.000' }] });
  expectStatus(r, 201);
  assert.equal(r.json.targets[0].text, 'ít nhất 1.000');
  for (const [agg, type] of [['avg', 'percent'], ['min', 'number'], ['max', 'number']])
    expectStatus(await define({ code: `T-${agg.toUpperCase()}`, name: `Thử ${agg}`, value_type: type, aggregation: agg }), 201);
  expectStatus(await define({ code: 'T-RATIO', name: 'Tỷ lệ hồ sơ trực tuyến', value_type: 'ratio',
    aggregation: 'wratio', targets: [{ year: 2030, comparator: '>', value: 80 }] }), 201);
  expectStatus(await define({ code: 'T-PART', name: 'Một phần', value_type: 'count', aggregation: 'sum', part_of: 'T-SUM' }), 201);

  // Refusals name the field.
  const bad = [
    [{ code: 'T-SUM', name: 'x', value_type: 'count', aggregation: 'sum' }, 409, 'code'],
    [{ code: 'X1', name: 'x', value_type: 'percent', aggregation: 'sum' }, 400, 'aggregation'],
    [{ code: 'X2', name: 'x', value_type: 'number', aggregation: 'wratio' }, 400, 'aggregation'],
    [{ code: 'X3', name: 'x', value_type: 'ratio', aggregation: 'avg' }, 400, 'aggregation'],
    [{ code: 'X4', name: 'x', value_type: 'colour', aggregation: 'sum' }, 400, 'value_type'],
    [{ code: 'X5', name: 'x', value_type: 'count', aggregation: 'sum', period_type: 'week' }, 400, 'period_type'],
    [{ code: 'X6', name: 'x', value_type: 'count', aggregation: 'sum', part_of: 'NO-SUCH' }, 400, 'part_of'],
    [{ code: 'X7', name: 'x', value_type: 'count', aggregation: 'sum', targets: [{ year: 2030, comparator: '~', value: 1 }] }, 400, 'targets[0]'],
    [{ code: 'X8', name: 'x', value_type: 'count', aggregation: 'sum', targets: [{ year: 2030, comparator: 'between', value: 5 }] }, 400, 'targets[0]'],
    [{ code: 'X9', name: 'x', value_type: 'count', aggregation: 'sum', baseline_year: 2024 }, 400, 'baseline_value'],
    [{ code: 'X 10', name: 'x', value_type: 'count', aggregation: 'sum' }, 400, 'code'],
    [{ code: 'X11', name: 'x', value_type: 'count', aggregation: 'sum', colour: 'red' }, 400, 'colour'],
  ];
  for (const [body, status, field] of bad)
    expectStatus(await define(body), status, { field, label: JSON.stringify(body) });
  expectStatus(await call(reporter, 'POST', '/api/v1/indicators', { code: 'X12', name: 'x', direction: 'up',
    value_type: 'count', aggregation: 'sum', period_type: 'month', reporters: ['commune'] }), 403);

  r = await call(admin, 'GET', '/api/v1/indicators?q=ho%20so%20truc%20tuyen');
  assert.deepEqual(r.json.items.map(i => i.code), ['T-RATIO'], 'search ignores diacritics');
  r = await call(admin, 'PATCH', '/api/v1/indicators/T-RATIO', { near_tolerance: 5, baseline_year: 2024, baseline_value: 20 });
  expectStatus(r, 200);
  assert.equal(r.json.near_tolerance, 5);
  assert.deepEqual(r.json.baseline, { year: 2024, value: 20 });
});

test('values are checked against their type', async () => {
  const c = communes.P01[0];
  const cases = [
    [{ indicator: 'T-AVG', value: 150 }, 'value'],
    [{ indicator: 'T-AVG', value: -1 }, 'value'],
    [{ indicator: 'T-SUM', value: 1.5 }, 'value'],
    [{ indicator: 'T-SUM', value: -3 }, 'value'],
    [{ indicator: 'T-RATIO', numerator: 3 }, 'denominator'],
    [{ indicator: 'T-RATIO', numerator: 3, denominator: 0 }, 'denominator'],
    [{ indicator: 'T-SUM', value: 3, numerator: 1 }, 'numerator'],
    [{ indicator: 'T-SUM', value: '3' }, 'value'],
    [{ indicator: 'T-SUM' }, 'value'],
    [{ indicator: 'T-SUM', value: 3, period: '2025-13' }, 'period'],
    [{ indicator: 'T-SUM', value: 3, period: '2025Q1' }, 'period'],
    [{ indicator: 'T-SUM', value: 3, period: '2027-01' }, 'period'],
    [{ indicator: 'NO-SUCH', value: 3 }, 'indicator'],
    [{ indicator: 'T-SUM', value: 3, unit: 'NO-SUCH' }, 'unit'],
  ];
  for (const [body, field] of cases) {
    const r = await put(reporter, { unit: c, period: '2025-08', ...body });
    expectStatus(r, 400, { field, label: JSON.stringify(body) });
  }
  // A commune created on 1/7/2025 did not exist in January.
  expectStatus(await put(reporter, { indicator: 'T-SUM', unit: c, period: '2025-01', value: 1 }), 400, { field: 'period' });
  // Out of scope.
  expectStatus(await put(outsider, { indicator: 'T-SUM', unit: c, period: '2025-08', value: 1 }), 403);
});

test('roll-up from communes to the nation, with edits and deletes', async () => {
  const period = '2025-09';
  const want = { sum: 0, n: 0, num: 0, den: 0, min: Infinity, max: -Infinity };
  const hn = communes.P01.slice(0, 6), hcm = communes.P79.slice(0, 4);
  const entered = [];
  let k = 1;
  for (const c of [...hn, ...hcm]) {
    const v = k * 7 % 23, num = k * 3, den = k * 5 + 2;
    const who = hn.includes(c) ? reporter : admin;
    for (const [ind, body] of [['T-SUM', { value: v }], ['T-AVG', { value: v * 3 }], ['T-MIN', { value: v - 10 }],
                               ['T-MAX', { value: v + 10 }], ['T-RATIO', { numerator: num, denominator: den }]]) {
      const r = await put(who, { indicator: ind, unit: c, period, ...body });
      expectStatus(r, 200, { label: `${ind} ${c}` });
      entered.push({ ind, c, id: r.json.id, v: r.json.value, num, den });
    }
    k++;
  }
  // Edit one value (the current maximum) and delete another (the current minimum).
  const maxRow = entered.filter(e => e.ind === 'T-MAX').sort((a, b) => b.v - a.v)[0];
  expectStatus(await put(admin, { indicator: 'T-MAX', unit: maxRow.c, period, value: 0 }), 200);
  maxRow.v = 0;
  const minRow = entered.filter(e => e.ind === 'T-MIN').sort((a, b) => a.v - b.v)[0];
  expectStatus(await call(admin, 'DELETE', `/api/v1/values/${minRow.id}`), 204);
  entered.splice(entered.indexOf(minRow), 1);

  const expect = (ind, codes) => {
    const rows = entered.filter(e => e.ind === ind && codes.includes(e.c));
    const vs = rows.map(e => e.v);
    switch (ind) {
      case 'T-SUM': return vs.reduce((a, b) => a + b, 0);
      case 'T-AVG': return vs.reduce((a, b) => a + b, 0) / vs.length;
      case 'T-MIN': return Math.min(...vs);
      case 'T-MAX': return Math.max(...vs);
      case 'T-RATIO': return rows.reduce((a, e) => a + e.num, 0) / rows.reduce((a, e) => a + e.den, 0) * 100;
    }
  };
  for (const ind of ['T-SUM', 'T-AVG', 'T-MIN', 'T-MAX', 'T-RATIO']) {
    const nation = await call(admin, 'GET', `/api/v1/indicators/${ind}/units?unit=VN&period=${period}`);
    expectStatus(nation, 200);
    assert.ok(near(nation.json.value, expect(ind, [...hn, ...hcm])), `${ind} at VN: ${nation.json.value} vs ${expect(ind, [...hn, ...hcm])}`);
    const hnRow = nation.json.children.find(x => x.code === 'P01');
    assert.ok(near(hnRow.value, expect(ind, hn)), `${ind} at P01`);
    const province = await call(reporter, 'GET', `/api/v1/indicators/${ind}/units?unit=P01&period=${period}`);
    assert.equal(province.json.children.length, entered.filter(e => e.ind === ind && hn.includes(e.c)).length);
  }
  // Ranking: best first.
  const ranked = (await call(admin, 'GET', `/api/v1/indicators/T-SUM/units?unit=P01&period=${period}`)).json.children;
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].value >= ranked[i].value);
  assert.deepEqual(ranked.map(x => x.rank), ranked.map((_, i) => i + 1));
});

test('approval locks a form; versions catch changes made meanwhile', async () => {
  const c = communes.P01[10];
  const period = '2025-10';
  let r = await call(reporter, 'GET', `/api/v1/values/form?unit=${c}&period=${period}`);
  expectStatus(r, 200);
  const codes = r.json.items.map(i => i.indicator.code);
  for (const code of ['T-SUM', 'T-AVG', 'T-RATIO']) assert.ok(codes.includes(code), code);
  assert.equal(r.json.state.state, 'draft');

  // A form is all or nothing: one bad value saves nothing.
  r = await call(reporter, 'POST', '/api/v1/values/form', { unit: c, period, values: [
    { indicator: 'T-SUM', value: 5, base_version: 0 }, { indicator: 'T-AVG', value: 500 }] });
  expectStatus(r, 400, { field: 'values[1].value' });
  r = await call(reporter, 'GET', `/api/v1/values/form?unit=${c}&period=${period}`);
  assert.equal(r.json.items.find(i => i.indicator.code === 'T-SUM').value, null, 'nothing saved');

  r = await call(reporter, 'POST', '/api/v1/values/form', { unit: c, period, values: [
    { indicator: 'T-SUM', value: 5, base_version: 0 }, { indicator: 'T-AVG', value: 50, base_version: 0 },
    { indicator: 'T-RATIO', numerator: 1, denominator: 4, base_version: 0, source: 'Sổ theo dõi' }] });
  expectStatus(r, 200);
  assert.equal(r.json.items.length, 3);
  assert.equal(r.json.items[2].value, 25);
  const sumVersion = r.json.items[0].version;

  // Someone else changes T-SUM; an offline form started from the old version is refused whole.
  expectStatus(await put(leader, { indicator: 'T-SUM', unit: c, period, value: 6 }), 200);
  r = await call(reporter, 'POST', '/api/v1/values/form', { unit: c, period, values: [
    { indicator: 'T-SUM', value: 7, base_version: sumVersion }, { indicator: 'T-AVG', value: 60, base_version: 1 }] });
  expectStatus(r, 409, { code: 'conflict', field: 'values' });
  assert.equal(r.json.error.conflicts.length, 1);
  assert.equal(r.json.error.conflicts[0].indicator, 'T-SUM');
  assert.equal(r.json.error.conflicts[0].current.value, 6);
  r = await call(reporter, 'GET', `/api/v1/values/form?unit=${c}&period=${period}`);
  assert.equal(r.json.items.find(i => i.indicator.code === 'T-AVG').value.value, 50, 'nothing saved');
  // Resent from the current version, it goes through.
  r = await put(reporter, { indicator: 'T-SUM', unit: c, period, value: 7, base_version: sumVersion + 1 });
  expectStatus(r, 200);

  // Approval: the reporter submits, cannot approve; the leader approves; the form is locked.
  const approval = (who, action, comment) => call(who, 'POST', '/api/v1/values/approval', { unit: c, period, action, comment });
  expectStatus(await approval(reporter, 'approve'), 403);
  expectStatus(await approval(leader, 'approve'), 409, { code: 'invalid_state' });
  r = await approval(reporter, 'submit');
  expectStatus(r, 200);
  assert.equal(r.json.state.state, 'submitted');
  expectStatus(await approval(leader, 'return'), 400, { field: 'comment' });
  r = await approval(leader, 'approve');
  assert.equal(r.json.state.state, 'approved');
  assert.equal(r.json.state.locked, true);
  expectStatus(await put(reporter, { indicator: 'T-SUM', unit: c, period, value: 8 }), 409, { code: 'locked' });
  const id = (await call(reporter, 'GET', `/api/v1/values?unit=${c}&period=${period}&indicator=T-SUM`)).json.items[0].id;
  expectStatus(await call(reporter, 'DELETE', `/api/v1/values/${id}`), 409, { code: 'locked' });
  r = await approval(leader, 'unapprove');
  assert.equal(r.json.state.state, 'submitted');
  expectStatus(await put(reporter, { indicator: 'T-SUM', unit: c, period, value: 8 }), 200);
  r = await approval(leader, 'return', 'Số liệu tỷ lệ chưa có nguồn');
  assert.equal(r.json.state.state, 'returned');
  assert.equal(r.json.state.comment, 'Số liệu tỷ lệ chưa có nguồn');
  expectStatus(await approval(reporter, 'dance'), 400, { field: 'action' });

  // Every change is in the audit log.
  const audit = await admin.get(`/api/v1/audit?entity=value_period&entity_id=${encodeURIComponent(`${c}/${period}`)}`);
  assert.deepEqual(audit.json.items.map(e => e.action), ['return', 'unapprove', 'approve', 'submit']);
  const valueAudit = await admin.get(`/api/v1/audit?entity=value&entity_id=${encodeURIComponent(`T-SUM/${c}/${period}`)}`);
  assert.ok(valueAudit.json.items.length >= 4);
  assert.ok(valueAudit.json.items[0].before && valueAudit.json.items[0].after, 'before and after kept');
});

test('a required value must be there to submit', async () => {
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-PART', { required: true }), 200);
  const c = communes.P01[11];
  const r = await call(reporter, 'POST', '/api/v1/values/approval', { unit: c, period: '2025-11', action: 'submit' });
  expectStatus(r, 400, { field: 'values' });
  assert.match(r.json.error.message, /T-PART/);
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-PART', { required: false }), 200);
});

test('completeness counts only units that existed and report the indicator', async () => {
  expectStatus(await define({ code: 'T-PROV', name: 'Chỉ tiêu cấp tỉnh', value_type: 'count',
    aggregation: 'sum', reporters: ['province', 'city'] }), 201);
  // January 2025: the 63 former provinces existed, the 34 merged ones mostly did not.
  expectStatus(await put(admin, { indicator: 'T-PROV', unit: 'OLD-P01', period: '2025-01', value: 4 }), 200);
  let r = await call(admin, 'GET', '/api/v1/indicators/T-PROV/completeness?unit=VN&period=2025-01');
  expectStatus(r, 200);
  const jan = r.json;
  assert.ok(jan.units.some(u => u.kind === 'former_province'), 'former provinces are due before the merger');
  assert.equal(jan.reported, 1);
  assert.equal(jan.late, 1, 'entered in 2026 for January 2025: late');
  assert.equal(jan.expected, jan.on_time + jan.late + jan.missing);
  // September 2025: the 34 provinces and cities, no former ones.
  expectStatus(await put(admin, { indicator: 'T-PROV', unit: 'P01', period: '2025-09', value: 4 }), 200);
  r = await call(admin, 'GET', '/api/v1/indicators/T-PROV/completeness?unit=VN&period=2025-09&status=missing');
  assert.equal(r.json.expected, 34);
  assert.equal(r.json.missing, 33);
  assert.ok(r.json.units.every(u => u.status === 'missing' && u.kind !== 'former_province'));
  assert.ok(!r.json.units.some(u => u.code === 'P01'));
  expectStatus(await call(admin, 'GET', '/api/v1/indicators/T-PROV/completeness?unit=VN&period=2025Q3'), 400, { field: 'period' });
  expectStatus(await call(admin, 'GET', '/api/v1/indicators/T-PROV/completeness?unit=VN&status=gone'), 400, { field: 'status' });
  // Across indicators for a period.
  r = await call(reporter, 'GET', '/api/v1/values/completeness?unit=P01&period=2025-09');
  expectStatus(r, 200);
  const sum = r.json.indicators.find(i => i.indicator.code === 'T-SUM');
  assert.equal(sum.reported, 6);
  assert.equal(sum.expected, communes.P01.length + 1, 'Hà Nội and every commune and ward of it owe it');
});

test('evaluation against the path to target, and flags', async () => {
  // Monthly ratios rising towards > 80 % in 2030 from 20 % in 2024.
  const c = communes.P79[20];
  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
  for (const [i, m] of months.entries())
    if (m >= '2025-07') await put(admin, { indicator: 'T-RATIO', unit: c, period: m, numerator: 30 + i, denominator: 100 });
  for (const [i, m] of ['2025-07', '2025-08', '2025-10', '2025-11', '2025-12'].entries())
    expectStatus(await put(admin, { indicator: 'T-RATIO', unit: c, period: m, numerator: 30 + 2 * i, denominator: 100 }), 200);
  let r = await call(admin, 'GET', `/api/v1/indicators/T-RATIO/evaluation?unit=${c}`);
  expectStatus(r, 200);
  const e = r.json;
  assert.equal(e.target.year, 2030);
  assert.equal(e.baseline.value, 20);
  assert.equal(e.latest.period, '2025-12');
  assert.ok(near(e.latest.value, 38));
  // The path from 20 (2024) to 80 (2030) stands at 30 at the end of 2025; the year's ratio is
  // about 34: on the path, green.
  assert.ok(near(e.expected, 30), `expected ${e.expected}`);
  assert.equal(e.status, 'on');
  assert.equal(e.colour, 'green');
  assert.ok(e.projection && typeof e.projection.value === 'number');
  assert.equal(e.path[0].value, 20);
  assert.equal(e.path.at(-1).t, 2030);
  // Raise the baseline: the same values fall behind the path.
  await call(admin, 'PATCH', '/api/v1/indicators/T-RATIO', { baseline_value: 33 });
  r = await call(admin, 'GET', `/api/v1/indicators/T-RATIO/evaluation?unit=${c}`);
  assert.ok(['near', 'off'].includes(r.json.status), r.json.status);
  await call(admin, 'PATCH', '/api/v1/indicators/T-RATIO', { baseline_value: 20 });

  // A value far from the unit's own history is flagged at entry and listed for follow-up.
  for (const [i, m] of ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11'].entries())
    await put(admin, { indicator: 'T-SUM', unit: c, period: m, value: 10 + i % 2 });
  r = await put(admin, { indicator: 'T-SUM', unit: c, period: '2025-12', value: 900 });
  expectStatus(r, 200);
  assert.ok(r.json.warnings.some(w => w.code === 'history_outlier'), JSON.stringify(r.json.warnings));
  // A part above its whole.
  r = await put(admin, { indicator: 'T-PART', unit: c, period: '2025-12', value: 901 });
  assert.ok(r.json.warnings.some(w => w.code === 'exceeds_whole'));
  r = await call(admin, 'GET', '/api/v1/values/flags?unit=P79');
  expectStatus(r, 200);
  assert.ok(r.json.items.some(v => v.unit === c && v.period === '2025-12' && v.flags.includes('history_outlier')));
  assert.ok(r.json.items.every(v => v.flags.length > 0));
  // The outsider sees P79's flags, the Hà Nội reporter does not.
  expectStatus(await call(reporter, 'GET', '/api/v1/values/flags?unit=P79'), 403);
});

test('changing the aggregation recomputes the roll-ups', async () => {
  const before = (await call(admin, 'GET', '/api/v1/indicators/T-MIN/units?unit=VN&period=2025-09')).json;
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-MIN', { aggregation: 'max' }), 200);
  const after = (await call(admin, 'GET', '/api/v1/indicators/T-MIN/units?unit=VN&period=2025-09')).json;
  assert.ok(after.value > before.value, `max ${after.value} above min ${before.value}`);
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-MIN', { value_type: 'percent' }), 409, { code: 'has_values', field: 'value_type' });
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-MIN', { due_days: 30 }), 409, { code: 'has_values', field: 'due_days' });
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-RATIO', { ratio_scale: 1000 }), 409, { code: 'has_values', field: 'ratio_scale' });
  expectStatus(await call(admin, 'PATCH', '/api/v1/indicators/T-MIN', { due_days: 10, name: 'Thử min' }), 200);
});

test('moving a unit moves its values to the roll-ups of its new parents', async () => {
  const c = communes.P01[40];
  const period = '2025-09';
  expectStatus(await put(admin, { indicator: 'T-SUM', unit: c, period, value: 1000 }), 200);
  const at = async code => (await call(admin, 'GET', `/api/v1/indicators/T-SUM/units?unit=${code}&period=${period}`)).json.value;
  const [hn, hcm, vn] = [await at('P01'), await at('P79'), await at('VN')];
  expectStatus(await admin.req('PATCH', `/api/v1/units/${c}`, { parent: 'P79', effective: '2026-02-01' }), 200);
  assert.equal(await at('P01'), hn - 1000, 'gone from Hà Nội');
  assert.equal(await at('P79'), (hcm ?? 0) + 1000, 'counted in Hồ Chí Minh City');
  assert.equal(await at('VN'), vn, 'the nation is unchanged');
});
