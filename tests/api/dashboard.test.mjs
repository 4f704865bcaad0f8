// The dashboard (GET /api/v1/dashboard) and the public programme page (GET
// /api/v1/public/programme) over real HTTP, on the demo data: every number equals what the
// endpoints behind it say (/tasks/summary, /tasks, /indicators/{code}/evaluation and
// /completeness), "as of" a past day, the reader's scope, the public page without login and
// without restricted data, errors that name their field, and the reply cache. Every reply is
// checked against docs/openapi.json.
//
// "Today" is pinned to 2025-11-20 (NQ57_TODAY): the demo's monthly indicator values run through
// 2025, so the latest period due (2025-10) has values and completeness is not trivially zero.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startServer, Client } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer, conformanceErrors } from './helpers.mjs';

const PW = 'mat-khau-tong-quan-1';
const USERS = [
  { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
  { username: 'lanhdao.xa', password: PW, unit: 'P01-00001', role: 'leader' },
];
const TODAY = '2025-11-20';
const PAST = '2025-09-15';

let srv, admin, leader, commune, anon;
const cache = new Map();

async function call(client, path, status = 200, opts = {}) {
  const r = await client.req('GET', path);
  expectStatus(r, status, { ...opts, label: opts.label || `GET ${path}` });
  assert.deepEqual(conformanceErrors('GET', path, r), [], `GET ${path} conforms`);
  return r;
}
// The national figures are read by several tests: ask once.
async function get(client, path) {
  if (!cache.has(path)) cache.set(path, (await call(client, path)).json);
  return cache.get(path);
}

before(async () => {
  process.env.NQ57_TODAY = TODAY;
  srv = await startServer({ demo: true, demoTasks: 3000, users: USERS });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  leader = await loggedIn(srv, 'lanhdao.hn', PW);
  commune = await loggedIn(srv, 'lanhdao.xa', PW);
  anon = new Client(srv.base);
});
after(async () => { await stopServer(srv); });

test('the national dashboard: tasks, ranking and red list equal /tasks/summary and /tasks', async () => {
  const d = await get(admin, '/api/v1/dashboard');
  const s = await get(admin, '/api/v1/tasks/summary');
  assert.equal(d.unit.code, 'VN');
  assert.deepEqual(d.trail, [{ code: 'VN', name: 'Cả nước' }]);
  assert.equal(d.as_of, TODAY);
  assert.deepEqual(d.tasks.counts, s.subtree.counts);
  assert.equal(d.tasks.greening_rate, s.subtree.greening_rate);
  assert.equal(d.tasks.due, s.subtree.due);
  assert.deepEqual(d.tasks_alone, s.alone);
  assert.ok(d.tasks.due > 0, 'the demo has tasks due');
  // The ranking: the summary's, without the breakdowns.
  assert.deepEqual(d.ranking, s.ranking.map(({ breakdown, ...rest }) => rest));
  assert.ok(d.ranking.filter(r => /^P\d\d$/.test(r.unit.code)).length === 34, 'the 34 provinces are ranked');
  // The red list: worst first, at most ten, its total that of the overdue task list.
  const list = await call(admin, '/api/v1/tasks?overdue=true&sort=overdue&limit=10');
  assert.equal(d.red.total, list.json.total);
  assert.ok(d.red.items.length <= 10 && d.red.items.length > 0);
  assert.deepEqual(d.red.items.map(i => i.task_id), list.json.items.map(i => i.task.id));
  for (let i = 1; i < d.red.items.length; i++)
    assert.ok(d.red.items[i - 1].days_overdue >= d.red.items[i].days_overdue, 'sorted by days overdue');
  for (const i of d.red.items) assert.ok(i.unit.code && i.unit.name && ['lead', 'coordinator'].includes(i.role));
  // Feedback (system 2): today's figures of the unit and below, as the public statistics count.
  const fb = (await get(anon, '/api/v1/feedback/stats')).total;
  for (const k of ['received', 'answered', 'answered_on_time', 'overdue', 'open', 'average_days'])
    assert.equal(d.feedback[k], fb[k], `feedback.${k}`);
  assert.equal(d.feedback.backlog, fb.open);
  // As of a past day the figures are those of that day (tests/api/dashboard-feedback.test.mjs).
  const past = await get(admin, '/api/v1/dashboard?as_of=2025-08-01');
  assert.equal(past.feedback.as_of, '2025-08-01');
});

test('the greening rate over time: monthly points that equal /tasks/summary on their days', async () => {
  const d = await get(admin, '/api/v1/dashboard');
  assert.equal(d.trend.length, 12);
  assert.deepEqual(d.trend.map(p => p.as_of).slice(-3), ['2025-09-20', '2025-10-20', TODAY]);
  const last = d.trend[11];
  assert.equal(last.greening_rate, d.tasks.greening_rate);
  for (const p of d.trend.slice(0, 11)) {
    const s = await get(admin, `/api/v1/tasks/summary?as_of=${p.as_of}`);
    assert.equal(p.due, s.subtree.due, `due on ${p.as_of}`);
    assert.equal(p.greening_rate, s.subtree.due ? s.subtree.greening_rate : null, `rate on ${p.as_of}`);
  }
  assert.deepEqual(d.tasks.previous, { as_of: '2025-10-20', greening_rate: d.trend[10].greening_rate });
  assert.equal(d.tasks.change, Math.round((last.greening_rate - d.trend[10].greening_rate) * 10) / 10);
});

// The trend, the counts and the red list are computed for all their days in one read of the
// tasks and their histories; each day must still be what a scan of that day gives. Random days
// (the seed is printed: DASHBOARD_SEED=N replays a failure) and month ends, whose trend days are
// clamped (31 October -> 30 September, 31 March -> 28 February). Hà Nội (P01) exists from the
// 2025 reform (1 July) on.
async function sameAsScans(unit, day) {
  const d = (await call(admin, `/api/v1/dashboard?unit=${unit}&as_of=${day}`)).json;
  const s = (await call(admin, `/api/v1/tasks/summary?unit=${unit}&as_of=${day}`)).json;
  const at = `${unit} as of ${day}`;
  assert.deepEqual(d.tasks.counts, s.subtree.counts, `${at}: counts`);
  assert.deepEqual(d.tasks_alone, s.alone, `${at}: the unit's own tasks`);
  assert.deepEqual(d.ranking, s.ranking.map(({ breakdown, ...rest }) => rest), `${at}: ranking`);
  const list = (await call(admin, `/api/v1/tasks?unit=${unit}&as_of=${day}&overdue=true&sort=overdue&limit=10`)).json;
  assert.equal(d.red.total, list.total, `${at}: red total`);
  assert.deepEqual(d.red.items.map(i => [i.task_id, i.unit.code, i.role, i.days_overdue, i.due]),
    list.items.map(i => [i.task.id, i.part.unit.code, i.part.role, i.part.verdict.days_overdue, i.part.verdict.due]),
    `${at}: red list`);
  assert.equal(d.trend.length, 12);
  for (const p of d.trend) {
    const o = (await call(admin, `/api/v1/tasks/summary?unit=${unit}&as_of=${p.as_of}`)).json;
    assert.equal(p.due, o.subtree.due, `${at}: due on ${p.as_of}`);
    assert.equal(p.greening_rate, o.subtree.due ? o.subtree.greening_rate : null, `${at}: rate on ${p.as_of}`);
  }
  return d;
}

test('any day: each trend point, the counts and the red list equal the scans of their own day', async () => {
  const seed = Number(process.env.DASHBOARD_SEED) || Date.now() % 1000003;
  console.log(`# random days: DASHBOARD_SEED=${seed}`);
  let x = seed;
  const rnd = n => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
  const day = (from, to) => {
    const a = Date.parse(from), n = (Date.parse(to) - a) / 86400000;
    return new Date(a + rnd(n + 1) * 86400000).toISOString().slice(0, 10);
  };
  const views = [['VN', '2025-03-31'], ['P01', '2025-10-31'], ['VN', day('2025-01-01', TODAY)],
    ['P01', day('2025-07-01', TODAY)], ['VN', day('2025-01-01', TODAY)]];
  const seen = [];
  for (const [unit, at] of views) seen.push((await sameAsScans(unit, at)).trend.map(p => p.as_of));
  assert.deepEqual(seen[1].slice(-3), ['2025-08-31', '2025-09-30', '2025-10-31'], 'a day the month lacks is its last');
  assert.equal(seen[0][10], '2025-02-28');
});

test('indicator cards equal /indicators/{code}/evaluation', async () => {
  const d = await get(admin, '/api/v1/dashboard');
  const all = await get(admin, '/api/v1/indicators');
  assert.equal(d.indicators.length, all.items.length, 'the nation follows every indicator');
  let withValues = 0;
  for (const c of d.indicators) {
    const e = await get(admin, `/api/v1/indicators/${encodeURIComponent(c.code)}/evaluation?unit=VN`);
    for (const k of ['status', 'colour', 'reason', 'latest', 'target', 'expected', 'projection', 'path'])
      assert.deepEqual(c[k], e[k], `${c.code}: ${k}`);
    assert.deepEqual(c.series, e.periods.slice(-12).map(p => ({ period: p.period, value: p.value })), `${c.code}: series`);
    if (c.latest) withValues++;
  }
  assert.ok(withValues >= 5, 'the demo indicators have values');
});

test('completeness equals /indicators/{code}/completeness for the latest period due', async () => {
  const d = await get(admin, '/api/v1/dashboard');
  const c = d.completeness;
  assert.ok(c.items.length > 0 && c.expected > 0);
  const sum = { expected: 0, reported: 0, on_time: 0, late: 0, missing: 0 };
  for (const i of c.items) {
    const one = await get(admin, `/api/v1/indicators/${encodeURIComponent(i.indicator)}/completeness?unit=VN&limit=1`);
    assert.equal(i.period, one.period, `${i.indicator}: the period /completeness picks by default`);
    for (const k of Object.keys(sum)) {
      assert.equal(i[k], one[k], `${i.indicator}: ${k}`);
      sum[k] += i[k];
    }
    assert.equal(i.rate, one.rate);
  }
  for (const k of Object.keys(sum)) assert.equal(c[k], sum[k], `total ${k}`);
  assert.equal(c.rate, Math.round(c.reported * 1000 / c.expected) / 10);
  assert.ok(c.reported > 0, 'the demo reported October');
});

test('as of a past day: tasks, units and indicator periods as they stood', async () => {
  const d = await get(admin, `/api/v1/dashboard?as_of=${PAST}`);
  const s = await get(admin, `/api/v1/tasks/summary?as_of=${PAST}`);
  assert.equal(d.as_of, PAST);
  assert.deepEqual(d.tasks.counts, s.subtree.counts);
  assert.equal(d.trend[11].as_of, PAST);
  assert.deepEqual(d.ranking.map(r => r.unit.code), s.ranking.map(r => r.unit.code));
  for (const c of d.indicators.filter(x => x.series.length)) {
    for (const p of c.series) assert.ok(p.period <= PAST.slice(0, 7), `${c.code}: ${p.period} begun by ${PAST}`);
    const e = await get(admin, `/api/v1/indicators/${encodeURIComponent(c.code)}/evaluation?unit=VN&as_of=${PAST}`);
    assert.deepEqual(c.latest, e.latest, `${c.code}: latest as of`);
    assert.equal(c.status, e.status);
  }
  const today = await get(admin, '/api/v1/dashboard');
  const card = (x, code) => x.indicators.find(c => c.code === code);
  const moved = today.indicators.filter(c => c.latest && card(d, c.code).latest &&
    c.latest.period !== card(d, c.code).latest.period);
  assert.ok(moved.length > 0, 'later periods are left out of the past view');
  // Before the 2025 reform there were 63 provinces: the ranking is of the units of that day.
  const old = await call(admin, '/api/v1/dashboard?as_of=2025-06-01');
  assert.ok(old.json.ranking.some(r => r.unit.code.startsWith('OLD-')), 'the former provinces on 2025-06-01');
  assert.ok(!old.json.ranking.some(r => r.unit.code === 'P80'), 'no post-reform province then');
});

test('scope: a province leader sees their province and below, nothing else', async () => {
  const own = await call(leader, '/api/v1/dashboard');
  assert.equal(own.json.unit.code, 'P01', 'defaults to the reader\'s unit');
  assert.deepEqual(own.json.trail.map(u => u.code), ['P01'], 'the trail starts at the top of the scope');
  const s = await call(leader, '/api/v1/tasks/summary?unit=P01');
  assert.deepEqual(own.json.tasks.counts, s.json.subtree.counts);
  const kid = own.json.ranking[0].unit.code;
  const down = await call(leader, `/api/v1/dashboard?unit=${kid}`);
  assert.deepEqual(down.json.trail.map(u => u.code), ['P01', kid]);
  const viaAdmin = await call(admin, `/api/v1/dashboard?unit=${kid}`);
  assert.deepEqual(viaAdmin.json.trail.map(u => u.code), ['VN', 'P01', kid]);
  assert.deepEqual(viaAdmin.json.tasks, down.json.tasks);
  await call(leader, '/api/v1/dashboard?unit=P31', 403, { code: 'forbidden' });
  await call(leader, '/api/v1/dashboard?unit=VN', 403, { code: 'forbidden' });
  await call(commune, '/api/v1/dashboard?unit=P01', 403, { code: 'forbidden' });
  const c = await call(commune, '/api/v1/dashboard');
  assert.equal(c.json.unit.code, 'P01-00001');
  assert.deepEqual(c.json.ranking, []);
});

test('errors name their field; no login, no dashboard', async () => {
  await call(admin, '/api/v1/dashboard?as_of=2025-13-01', 400, { code: 'validation_failed', field: 'as_of' });
  await call(admin, '/api/v1/dashboard?as_of=yesterday', 400, { code: 'validation_failed', field: 'as_of' });
  await call(admin, '/api/v1/dashboard?as_of=2025-11-21', 400, { code: 'validation_failed', field: 'as_of' });
  await call(admin, '/api/v1/dashboard?unit=KHONG-CO', 400, { code: 'validation_failed', field: 'unit' });
  await call(admin, '/api/v1/dashboard?unit=', 400, { code: 'validation_failed', field: 'unit' });
  await call(admin, '/api/v1/indicators/DEMO-DVC-TOANTRINH/evaluation?as_of=2025-02-30', 400, { code: 'validation_failed', field: 'as_of' });
  await call(anon, '/api/v1/dashboard', 401);
});

test('the reply cache: a repeat is a 304 with the ETag; a write makes it stale', async () => {
  const a = await admin.get('/api/v1/dashboard?unit=P01');
  const etag = a.headers.get('etag');
  assert.ok(etag);
  const b = await admin.get('/api/v1/dashboard?unit=P01', { 'if-none-match': etag });
  assert.equal(b.status, 304);
  // A value for a Hà Nội commune moves the province's figures: the cached reply is not served.
  const v = await admin.req('PUT', '/api/v1/values', { indicator: 'DEMO-BANGRONG-HO', unit: 'P01-00001', period: '2025-11', value: 50 });
  expectStatus(v, [200, 201], { label: 'PUT value' });
  const c = await admin.get('/api/v1/dashboard?unit=P01', { 'if-none-match': etag });
  assert.equal(c.status, 200, 'a write bumps the generation');
  assert.notEqual(c.headers.get('etag'), etag);
});

test('the national dashboard JSON is small (raw and gzip)', async () => {
  const r = await admin.get('/api/v1/dashboard');
  const raw = Buffer.byteLength(r.text);
  const gz = gzipSync(r.text).length;
  console.log(`# national dashboard JSON: ${raw} bytes, ${gz} gzipped`);
  assert.ok(raw < 80000, `raw ${raw} < 80 kB`);
  assert.ok(gz < 15000, `gzip ${gz} < 15 kB`);
  const z = await fetch(srv.base + '/api/v1/dashboard', { headers: { cookie: admin.cookie, 'accept-encoding': 'gzip' } });
  assert.equal(z.headers.get('content-encoding'), 'gzip', 'sent compressed to a browser');
});

test('the public programme page: no login, national totals only, the resolution\'s own indicators', async () => {
  const r = await call(anon, '/api/v1/public/programme');
  const p = r.json;
  assert.deepEqual(Object.keys(p).sort(), ['as_of', 'feedback', 'indicators', 'programme', 'rule_version', 'tasks', 'unit']);
  assert.equal(p.programme, '57-NQ/TW');
  assert.deepEqual(p.unit, { code: 'VN', name: 'Cả nước' });
  assert.equal(p.feedback.received, (await get(anon, '/api/v1/feedback/stats')).total.received);
  // The indicators of the resolution (tied to its document), each with its targets.
  const all = await get(admin, '/api/v1/indicators');
  const own = all.items.filter(i => i.programme === '57-NQ/TW' && i.document);
  assert.deepEqual(p.indicators.map(i => i.code).sort(), own.map(i => i.code).sort());
  assert.ok(p.indicators.length >= 20 && !p.indicators.some(i => i.code.startsWith('DEMO-')));
  for (const i of p.indicators) {
    assert.ok(i.targets.length > 0, `${i.code} has targets`);
    const e = await get(admin, `/api/v1/indicators/${encodeURIComponent(i.code)}/evaluation?unit=VN`);
    assert.equal(i.status, e.status);
    assert.deepEqual(i.target, e.target);
    assert.deepEqual(Object.keys(i).sort(), ['code', 'colour', 'direction', 'expected', 'goal', 'latest', 'name', 'status', 'target', 'targets', 'unit_of_measure']);
  }
  // Tasks by colour, in total and by group, equal the national summary.
  const s = await get(admin, '/api/v1/tasks/summary');
  assert.deepEqual(p.tasks.counts, s.subtree.counts);
  assert.equal(p.tasks.greening_rate, s.subtree.greening_rate);
  assert.ok(p.tasks.groups.length >= 5);
  for (const g of p.tasks.groups) assert.ok(g.group >= 1 && g.group <= 7);
  for (const c of Object.keys(p.tasks.counts))
    assert.ok(p.tasks.groups.reduce((n, g) => n + g.counts[c], 0) <= p.tasks.counts[c], `groups within the total (${c})`);
  // Nothing restricted: no task, no unit below the nation, no person, no reporting detail.
  for (const bad of ['"task_id"', '"title"', '"reporters"', '"username"', 'P01-', '"reporting"', '"late"'])
    assert.ok(!r.text.includes(bad), `no ${bad} in the public reply`);
  // Cached, and the same for everyone.
  const again = await admin.get('/api/v1/public/programme');
  assert.deepEqual(again.json, p);
});

// Last: it changes the tasks that the other tests compare through the cached national figures.
test('after a write: today\'s figures change, and every day still equals its scan', async () => {
  // The worst red part of Hà Nội, reported done and accepted today: one red part fewer today.
  const before = await sameAsScans('P01', TODAY);
  const worst = before.red.items[0];
  assert.ok(worst, 'Hà Nội has red parts');
  for (const step of ['report', 'accept']) {
    const r = await admin.req('POST', `/api/v1/tasks/${worst.task_id}/${step}`, { unit: worst.unit.code });
    expectStatus(r, 200, { label: `POST ${step}` });
  }
  const after = await sameAsScans('P01', TODAY);
  assert.equal(after.tasks.counts.red, before.tasks.counts.red - 1, 'one red part fewer');
  assert.equal(after.tasks.counts.done_late, before.tasks.counts.done_late + 1, 'done late instead');
  assert.equal(after.red.total, before.red.total - 1);
  assert.deepEqual(after.trend.slice(0, 11), before.trend.slice(0, 11), 'past days as they were');
});
