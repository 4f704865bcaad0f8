// Tasks (system 1) over real HTTP, part 1: the bundled tasks of 05-TB/BCĐTW as `init` loads
// them, their colours as of chosen days (docs/rules.md), the list (filters, search, sort,
// paging, counts), the CSV export, the summary, and what a leader of P01 may read.
//
// "Today" is 2025-07-20 for this server: NQ57_TODAY is set here and inherited by the process
// startServer spawns. The workflow, which writes on several days, is in tasks-workflow.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn, listAll, expectStatus, stopServer } from './helpers.mjs';

const TODAY = '2025-07-20';
const PW = 'mat-khau-nhiem-vu-1';
const USERS = [
  { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
  { username: 'baocao.hn', password: PW, unit: 'P01', role: 'reporter' },
];
const COLOURS = ['green', 'blue', 'yellow', 'red', 'grey', 'done_late'];
// Worst last, as sort=overdue orders them (docs/api.md: worst first, most days overdue first).
const SEVERITY = { green: 0, grey: 1, blue: 2, yellow: 3, done_late: 4, red: 5 };

let srv, admin, leader, reporter;
const byKey = new Map();        // task key → Task, from the whole list
const partsOf = new Map();      // task id → [Part]
let provinces = [];             // codes of the 34 provincial units
const DOC_05TB = '05-TB/BCĐTW';

// Text folded like the server's search: no diacritics, no case, đ → d.
const fold = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
const enc = encodeURIComponent;
const rowKey = it => `${it.task.id}/${it.part.unit.code}`;
const sumCounts = c => COLOURS.reduce((n, k) => n + c[k], 0);

before(async () => {
  process.env.NQ57_TODAY = TODAY;
  srv = await startServer({ users: USERS });
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  leader = await loggedIn(srv, 'lanhdao.hn', PW);
  reporter = await loggedIn(srv, 'baocao.hn', PW);
  // Two communes under P01, so that P01's summary has units below it to rank. (A summary of a
  // unit with none, and a list with no rows, are in tasks-empty.test.mjs.)
  for (const code of ['P01-X1', 'P01-X2'])
    expectStatus(await admin.post('/api/v1/units', { code, name: `Xã ${code}`, kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }),
      201, { label: `unit ${code}` });
  // Every part of every task, as of the end of 2025 (when every bundled task has begun).
  for (const it of await listAll(admin, '/api/v1/tasks?limit=500&as_of=2025-12-31')) {
    if (it.task.key) byKey.set(it.task.key, it.task);
    if (!partsOf.has(it.task.id)) partsOf.set(it.task.id, []);
    partsOf.get(it.task.id).push(it.part);
  }
  const children = await admin.get('/api/v1/units/VN/children');
  expectStatus(children, 200, { label: 'children of VN' });
  provinces = children.json.items.filter(u => u.kind === 'province' || u.kind === 'city').map(u => u.code);
});
after(async () => { await stopServer(srv); });

function task(key) {
  const t = byKey.get(key);
  assert.ok(t, `bundled task ${key} is listed`);
  return t;
}
async function detail(key, asOf) {
  const r = await admin.get(`/api/v1/tasks/${task(key).id}${asOf ? `?as_of=${asOf}` : ''}`);
  expectStatus(r, 200, { label: `GET task ${key}` });
  return r.json;
}
const leads = d => d.parts.filter(p => p.role === 'lead');
const part = (d, code) => {
  const p = d.parts.find(x => x.unit.code === code);
  assert.ok(p, `${d.key} has a part for ${code}`);
  return p;
};

// ---- the bundled data ----

test('bundled: 50 tasks, 49 of 05-TB/BCĐTW and one of 71-KH/ĐUK, each with a lead part', () => {
  assert.equal(partsOf.size, 50, 'distinct tasks');
  assert.equal(byKey.size, 50, 'distinct keys');
  const docs = [...byKey.values()].map(t => t.document && t.document.number);
  assert.equal(docs.filter(n => n === DOC_05TB).length, 49);
  assert.equal(docs.filter(n => n === '71-KH/ĐUK').length, 1);
  for (const [id, parts] of partsOf) {
    assert.ok(parts.some(p => p.role === 'lead'), `task ${id} has a lead part`);
    const units = parts.map(p => p.unit.code);
    assert.equal(new Set(units).size, units.length, `task ${id}: one part per unit`);
    for (const p of parts) {
      assert.equal(p.progress, 0, 'nothing reported yet');
      assert.equal(p.state, 'open');
      assert.equal(p.done_on, null);
    }
  }
});

test('bundled: II.3.a "ban hành hướng dẫn chi tiết … Kế hoạch số 01-KH/BCĐTW" is led by TW-VPTW, due 2025-07-15', async () => {
  const r = await admin.get(`/api/v1/tasks?q=${enc('ban hanh huong dan chi tiet')}&as_of=2025-12-31`);
  expectStatus(r, 200);
  const hits = r.json.items.filter(it => it.task.section === 'II.3.a');
  assert.equal(hits.length, 1, JSON.stringify(r.json.items.map(it => it.task.title)));
  const d = (await admin.get(`/api/v1/tasks/${hits[0].task.id}`)).json;
  assert.match(d.title, /Kế hoạch số 01-KH\/BCĐTW/);
  assert.ok(d.text.includes('Hoàn thành trước ngày 15/7/2025'), 'the text as written');
  assert.equal(d.deadline_text, 'Hoàn thành trước ngày 15/7/2025');
  assert.equal(d.deadline_kind, 'date');
  assert.equal(d.due, '2025-07-15');
  assert.equal(d.period, null);
  assert.equal(d.document.number, DOC_05TB);
  assert.equal(d.section, 'II.3.a');
  assert.equal(d.task_group, 1);
  assert.deepEqual(d.parts.map(p => [p.unit.code, p.role]), [['TW-VPTW', 'lead']]);
  assert.equal(d.parts[0].unit.name, 'Văn phòng Trung ương Đảng');
  assert.deepEqual(d.children, []);
  assert.equal(d.rollup_progress, null);
  assert.deepEqual(d.history, []);
});

test('bundled: deadlines are read from the words of the documents', async t => {
  const TABLE = [
    { key: '05TB-II.3.a-1', text: 'trước ngày 15/7/2025', kind: 'date', due: '2025-07-15' },
    { key: '05TB-II.3.a-5', text: 'trong tháng 7/2025', kind: 'date', due: '2025-07-31' },
    { key: '05TB-II.3.a-6', text: 'trong tháng 7/2025 (… hoàn thành và báo cáo …)', kind: 'date', due: '2025-07-31' },
    { key: '05TB-II.2-2', text: 'trong năm 2025', kind: 'date', due: '2025-12-31' },
    { key: '71DUK-III', text: 'trước ngày 05/4/2025', kind: 'date', due: '2025-04-05' },
    { key: '05TB-II.3.d-1', text: 'Hằng tháng báo cáo', kind: 'recurring', period: 'month' },
    { key: '05TB-II.3.dd', text: 'Định kỳ hằng tháng', kind: 'recurring', period: 'month' },
    { key: '05TB-II.4.c', text: 'Hằng tháng báo cáo', kind: 'recurring', period: 'month' },
    { key: '05TB-II.4.d', text: 'Hằng tháng báo cáo', kind: 'recurring', period: 'month' },
    { key: '05TB-II.3.a-7', text: 'định kỳ và đột xuất', kind: 'recurring', period: null, on_demand: true },
    { key: '05TB-II.3.a-2a', text: '(none: continuous)', kind: 'none' },
  ];
  for (const row of TABLE) {
    await t.test(`${row.key}: "${row.text}" → ${row.kind} ${row.due || row.period || ''}`, () => {
      const k = task(row.key);
      assert.equal(k.deadline_kind, row.kind);
      assert.equal(k.due, row.due || null);
      if (row.kind === 'recurring') assert.equal(k.period, row.period);
      if (row.on_demand !== undefined) assert.equal(k.on_demand, row.on_demand);
    });
  }
  await t.test('every "Hằng tháng báo cáo" / "Định kỳ hằng tháng" task is monthly', () => {
    const monthly = [...byKey.values()].filter(k => /hằng tháng báo cáo|định kỳ hằng tháng/i.test(k.deadline_text));
    assert.ok(monthly.length >= 4, `${monthly.length} monthly tasks`);
    for (const k of monthly) {
      assert.equal(k.deadline_kind, 'recurring', k.key);
      assert.equal(k.period, 'month', k.key);
      assert.equal(k.due, null, k.key);
    }
  });
});

test('bundled: selectors expand to one part per unit', async t => {
  await t.test('II.4.e for @provinces has 34 lead parts, one per provincial unit', async () => {
    assert.equal(provinces.length, 34);
    const d = await detail('05TB-II.4.e');
    assert.equal(leads(d).length, 34);
    assert.deepEqual(leads(d).map(p => p.unit.code).sort(), [...provinces].sort());
    assert.equal(d.parts.length, 34, 'no coordinators');
  });
  await t.test('II.1-1 for @ministries;@provinces has 13 + 34 lead parts', async () => {
    const d = await detail('05TB-II.1-1');
    assert.equal(leads(d).length, 47);
    for (const code of provinces) assert.ok(leads(d).some(p => p.unit.code === code), code);
    for (const code of ['BO-KHCN', 'BO-TC', 'TW-NHNN']) assert.ok(leads(d).some(p => p.unit.code === code), code);
  });
  await t.test('II.3.d-1 names nine ministries as leads', async () => {
    const d = await detail('05TB-II.3.d-1');
    assert.deepEqual(leads(d).map(p => p.unit.code).sort(),
      ['BO-CA', 'BO-CT', 'BO-GDDT', 'BO-KHCN', 'BO-NNMT', 'BO-QP', 'BO-TC', 'BO-XD', 'BO-YT']);
  });
  await t.test('II.3.a-6: BO-KHCN leads, the other twelve of @ministries coordinate', async () => {
    const d = await detail('05TB-II.3.a-6');
    assert.deepEqual(leads(d).map(p => p.unit.code), ['BO-KHCN']);
    const coords = d.parts.filter(p => p.role === 'coordinator').map(p => p.unit.code);
    assert.equal(coords.length, 12);
    assert.ok(!coords.includes('BO-KHCN'), 'a lead is not also a coordinator');
  });
});

// ---- colours as of chosen days ----

test('colours as of dates follow docs/rules.md', async t => {
  // II.3.a-1: starts 2025-07-04, due 2025-07-15, no progress. II.3.d-1: monthly from 2025-07-04
  // (first obligation due 2025-07-31). II.3.a-2a: no deadline.
  const TABLE = [
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: '2025-07-05', colour: 'blue', why: '10 days left, not in the last 15 %' },
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: '2025-07-10', colour: 'yellow', why: '5 days left and 0 % behind 6/11 of the time' },
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: '2025-07-15', colour: 'yellow', why: 'the deadline day itself is on time' },
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: '2025-07-16', colour: 'red', days: 1, why: 'the day after the deadline: 1 day overdue' },
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: '2025-08-05', colour: 'red', days: 21 },
    { key: '05TB-II.3.a-1', unit: 'TW-VPTW', as_of: undefined, colour: 'red', days: 5, why: 'default as_of is today (NQ57_TODAY 2025-07-20)' },
    { key: '05TB-II.3.d-1', unit: 'BO-CA', as_of: '2025-07-20', colour: 'blue', due: '2025-07-31', why: 'July is the current period' },
    { key: '05TB-II.3.d-1', unit: 'BO-CA', as_of: '2025-07-31', colour: 'yellow', due: '2025-07-31', why: 'last day of July, not reported' },
    { key: '05TB-II.3.d-1', unit: 'BO-CA', as_of: '2025-08-01', colour: 'red', days: 1, why: 'July missed' },
    { key: '05TB-II.3.d-1', unit: 'BO-CA', as_of: '2025-08-05', colour: 'red', days: 5, due: '2025-08-31', why: 'July missed; due is the current obligation\'s' },
    { key: '05TB-II.3.a-2a', unit: 'BO-KHCN', as_of: '2025-07-20', colour: 'grey', why: 'continuous' },
    { key: '05TB-II.3.a-2a', unit: 'BO-KHCN', as_of: '2026-12-31', colour: 'grey', why: 'continuous, never overdue' },
  ];
  for (const row of TABLE) {
    await t.test(`${row.key} ${row.unit} as of ${row.as_of || 'today'} → ${row.colour}${row.why ? ` (${row.why})` : ''}`, async () => {
      const d = await detail(row.key, row.as_of);
      assert.equal(d.as_of, row.as_of || TODAY);
      assert.equal(d.rule_version, 1);
      const v = part(d, row.unit).verdict;
      assert.equal(v.colour, row.colour, JSON.stringify(v));
      assert.equal(v.days_overdue, row.days || 0);
      assert.equal(v.late, false);
      assert.equal(typeof v.reason, 'string');
      if (row.due) assert.equal(v.due, row.due);
      if (row.key === '05TB-II.3.a-1') assert.equal(d.combined.verdict.colour, row.colour, 'one lead part: the task has its colour');
      // The list row of the same part, as of the same day, says the same.
      const q = `/api/v1/tasks?unit=${row.unit}&subtree=false&limit=500${row.as_of ? `&as_of=${row.as_of}` : ''}`;
      const l = await admin.get(q);
      expectStatus(l, 200);
      const it = l.json.items.find(x => x.task.id === d.id);
      assert.ok(it, `the list has ${row.key} for ${row.unit}`);
      assert.deepEqual(it.part.verdict, v);
    });
  }
  await t.test('the reason of a missed recurring report says so', async () => {
    const v = part(await detail('05TB-II.3.d-1', '2025-08-05'), 'BO-CA').verdict;
    assert.match(v.reason, /report|miss/i);
  });
  await t.test('continuous task: the combined verdict is grey too', async () => {
    const d = await detail('05TB-II.3.a-2a', '2025-09-01');
    assert.equal(d.combined.verdict.colour, 'grey');
    assert.equal(d.combined.verdict.due, null);
  });
});

// ---- the list ----

test('list: every filter keeps exactly the rows it names, and counts match the items', async t => {
  const ids = {};
  const docs = (await admin.get('/api/v1/documents?limit=500')).json.items;
  ids.tb = docs.find(d => d.number === DOC_05TB).id;
  ids.duk = docs.find(d => d.number === '71-KH/ĐUK').id;
  const tw = (await admin.get('/api/v1/units/TW/subtree')).json;
  const twUnits = new Set();
  (function walk(n) { n = n.unit && !n.code ? n.unit : n; twUnits.add(n.code); (n.children || []).forEach(walk); })(tw);
  const AS_OF = '2025-08-05';
  const TABLE = [
    { label: 'unit=P01&subtree=false: P01\'s own parts', q: 'unit=P01&subtree=false', row: it => it.part.unit.code === 'P01', min: 5 },
    { label: 'unit=TW: parts of units in TW\'s subtree', q: 'unit=TW', row: it => twUnits.has(it.part.unit.code), min: 50 },
    { label: 'role=lead', q: 'role=lead', row: it => it.part.role === 'lead', min: 100 },
    { label: 'role=coordinator', q: 'role=coordinator', row: it => it.part.role === 'coordinator', min: 10 },
    { label: 'unit=P01&role=coordinator', q: 'unit=P01&role=coordinator', row: it => it.part.unit.code === 'P01' && it.part.role === 'coordinator', min: 1 },
    { label: 'document=05-TB/BCĐTW', q: () => `document=${ids.tb}`, row: it => it.task.document.id === ids.tb, min: 100 },
    { label: 'document=71-KH/ĐUK: its one task', q: () => `document=${ids.duk}`, row: it => it.task.key === '71DUK-III', exact: 1 },
    { label: 'group=7: II.3.đ, BO-NG leads with two coordinators', q: 'group=7', row: it => it.task.task_group === 7 && it.task.section === 'II.3.đ', exact: 3 },
    { label: 'colour=red,yellow', q: 'colour=red,yellow', row: it => ['red', 'yellow'].includes(it.part.verdict.colour), min: 10 },
    { label: 'colour=grey', q: 'colour=grey', row: it => it.part.verdict.colour === 'grey', min: 100 },
    { label: 'overdue=true: red only', q: 'overdue=true', row: it => it.part.verdict.colour === 'red' && it.part.verdict.days_overdue > 0, min: 10 },
    { label: 'due_from/due_to: due in July 2025', q: 'due_from=2025-07-01&due_to=2025-07-31',
      row: it => it.task.due >= '2025-07-01' && it.task.due <= '2025-07-31', min: 10 },
    { label: 'due_from alone', q: 'due_from=2025-08-01', row: it => it.task.due >= '2025-08-01', min: 1 },
    { label: 'q=dot xuat finds "đột xuất" (d matches đ)', q: `q=${enc('dot xuat')}`, row: it => it.task.key === '05TB-II.3.a-7', exact: 1 },
    { label: 'q=II.3.a searches the section', q: `q=${enc('II.3.a')}`, row: it => it.task.section.startsWith('II.3.a'), min: 10 },
  ];
  const unfiltered = new Map();   // same query without colour/overdue → its counts
  for (const row of TABLE) {
    await t.test(row.label, async () => {
      const q = typeof row.q === 'function' ? row.q() : row.q;
      const path = `/api/v1/tasks?${q}&as_of=${AS_OF}&limit=500`;
      const first = await admin.get(path);
      expectStatus(first, 200, { label: path });
      const items = await listAll(admin, path);
      assert.equal(first.json.total, items.length, 'total is the number of rows');
      assert.equal(first.json.as_of, AS_OF);
      if (row.exact !== undefined) assert.equal(items.length, row.exact, 'rows');
      if (row.min !== undefined) assert.ok(items.length >= row.min, `at least ${row.min} rows, got ${items.length}`);
      const wrong = items.filter(it => !row.row(it));
      assert.deepEqual(wrong.map(rowKey), [], 'rows the filter should have left out');
      if (!/colour=|overdue=/.test(q)) {
        assert.equal(sumCounts(first.json.counts), items.length, 'counts add up to the rows');
        const byColour = Object.fromEntries(COLOURS.map(c => [c, items.filter(it => it.part.verdict.colour === c).length]));
        assert.deepEqual(first.json.counts, byColour, 'counts match the items');
        unfiltered.set(q, first.json.counts);
      }
    });
  }
  await t.test('q finds exactly the tasks whose title, text, section or output hold the words, without diacritics', async () => {
    const texts = new Map();
    for (const k of byKey.values()) {
      const d = (await admin.get(`/api/v1/tasks/${k.id}`)).json;
      texts.set(k.id, fold([d.section, d.title, d.text, d.expected_output].join(' ')));
    }
    for (const q of ['ke hoach', 'dot xuat', 'chuyen doi so', 'phong thi nghiem', 'ii.3.c']) {
      const items = await listAll(admin, `/api/v1/tasks?q=${enc(q)}&as_of=2025-12-31&limit=500`);
      const found = [...new Set(items.map(it => it.task.id))].sort((a, b) => a - b);
      const expected = [...texts].filter(([, text]) => text.includes(q)).map(([id]) => id).sort((a, b) => a - b);
      assert.ok(expected.length > 0, `some task holds "${q}"`);
      assert.deepEqual(found, expected, `q=${q}`);
    }
  });
  await t.test('q is diacritic- and case-insensitive: "ke hoach", "Kế hoạch" and "KẾ HOẠCH" find the same rows', async () => {
    const sets = [];
    for (const q of ['ke hoach', 'Kế hoạch', 'KẾ HOẠCH']) {
      const items = await listAll(admin, `/api/v1/tasks?q=${enc(q)}&as_of=${AS_OF}&limit=500`);
      sets.push(items.map(rowKey).sort());
    }
    assert.deepEqual(sets[1], sets[0]);
    assert.deepEqual(sets[2], sets[0]);
    const items = await listAll(admin, `/api/v1/tasks?q=${enc('ke hoach')}&as_of=${AS_OF}&limit=500`);
    assert.ok(items.some(it => it.task.title.includes('Kế hoạch')), 'a title with "Kế hoạch"');
    assert.ok(items.some(it => it.task.key === '05TB-II.3.a-1'));
  });
  await t.test('counts are over the rows before the colour filter', async () => {
    const all = await admin.get(`/api/v1/tasks?as_of=${AS_OF}&limit=1`);
    for (const q of ['colour=red', 'colour=grey,blue', 'overdue=true']) {
      const r = await admin.get(`/api/v1/tasks?${q}&as_of=${AS_OF}&limit=1`);
      expectStatus(r, 200);
      assert.deepEqual(r.json.counts, all.json.counts, q);
    }
    const red = await admin.get(`/api/v1/tasks?colour=red&as_of=${AS_OF}&limit=1`);
    assert.equal(red.json.total, all.json.counts.red, 'colour=red total is the red count');
    const od = await admin.get(`/api/v1/tasks?overdue=true&as_of=${AS_OF}&limit=1`);
    assert.equal(od.json.total, all.json.counts.red, 'overdue=true total is the red count');
  });
});

test('list: sort orders', async t => {
  const AS_OF = '2025-08-05';
  await t.test('sort=due (default): by due date, tasks without one last', async () => {
    const items = await listAll(admin, `/api/v1/tasks?as_of=${AS_OF}&limit=500`);
    const dues = items.map(it => it.part.verdict.due || it.task.due);
    const firstNull = dues.indexOf(null);
    if (firstNull >= 0) assert.ok(dues.slice(firstNull).every(d => d === null), 'no due date after the first row without one');
    const dated = dues.filter(Boolean);
    assert.deepEqual(dated, [...dated].sort(), 'ascending');
    assert.equal(items[0].task.key, '71DUK-III', 'due 2025-04-05 comes first');
  });
  await t.test('sort=overdue: worst colour first, the most days overdue first', async () => {
    const items = await listAll(admin, `/api/v1/tasks?sort=overdue&as_of=${AS_OF}&limit=500`);
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1].part.verdict, b = items[i].part.verdict;
      assert.ok(SEVERITY[a.colour] >= SEVERITY[b.colour], `row ${i}: ${a.colour} before ${b.colour}`);
      if (a.colour === b.colour && a.colour === 'red')
        assert.ok(a.days_overdue >= b.days_overdue, `row ${i}: ${a.days_overdue} before ${b.days_overdue} days`);
    }
    assert.equal(items[0].task.key, '71DUK-III', 'the most overdue first (since 2025-04-05)');
    assert.equal(items[0].part.verdict.days_overdue, 122);
  });
  await t.test('sort=title: by title', async () => {
    const items = await listAll(admin, `/api/v1/tasks?sort=title&unit=P01&as_of=${AS_OF}&limit=500`);
    const titles = items.map(it => it.task.title);
    assert.deepEqual(titles, [...titles].sort());
  });
});

test('list: paging with limit and cursor covers every row exactly once', async t => {
  // The big lists in pages of 41, the small ones in pages of 7.
  for (const [q, size] of [['', 41], ['unit=P01&', 7], ['colour=red&', 7], ['sort=overdue&', 41], ['sort=title&role=coordinator&', 7]]) {
    await t.test(`${q || 'everything'} in pages of ${size}`, async () => {
      const whole = await admin.get(`/api/v1/tasks?${q}as_of=2025-08-05&limit=500`);
      expectStatus(whole, 200);
      const all = await listAll(admin, `/api/v1/tasks?${q}as_of=2025-08-05&limit=500`);
      const paged = [];
      let cursor = null, pages = 0;
      do {
        const r = await admin.get(`/api/v1/tasks?${q}as_of=2025-08-05&limit=${size}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
        expectStatus(r, 200);
        assert.ok(r.json.items.length <= size);
        if (r.json.next_cursor) assert.equal(r.json.items.length, size, 'only the last page is short');
        assert.equal(r.json.total, whole.json.total, 'the same total on every page');
        assert.deepEqual(r.json.counts, whole.json.counts, 'the same counts on every page');
        paged.push(...r.json.items);
        cursor = r.json.next_cursor;
        pages++;
      } while (cursor && pages < 500);
      assert.equal(cursor, null, 'the last page has no next_cursor');
      assert.equal(paged.length, whole.json.total);
      assert.equal(new Set(paged.map(rowKey)).size, paged.length, 'no row twice');
      assert.deepEqual(paged.map(rowKey), all.map(rowKey), 'the same rows in the same order');
    });
  }
  await t.test('default page size is 50', async () => {
    const r = await admin.get('/api/v1/tasks');
    expectStatus(r, 200);
    assert.equal(r.json.items.length, 50);
    assert.equal(typeof r.json.next_cursor, 'string');
  });
});

test('list, summary and export: bad parameters are 400 naming the field', async t => {
  const TABLE = [
    ['/api/v1/tasks?limit=0', 'limit'],
    ['/api/v1/tasks?limit=501', 'limit'],
    ['/api/v1/tasks?limit=ten', 'limit'],
    ['/api/v1/tasks?cursor=not-a-cursor', 'cursor'],
    ['/api/v1/tasks?unit=NO-SUCH', 'unit'],
    ['/api/v1/tasks?subtree=maybe', 'subtree'],
    ['/api/v1/tasks?role=boss', 'role'],
    ['/api/v1/tasks?document=abc', 'document'],
    ['/api/v1/tasks?group=0', 'group'],
    ['/api/v1/tasks?group=seven', 'group'],
    ['/api/v1/tasks?colour=purple', 'colour'],
    ['/api/v1/tasks?colour=red,purple', 'colour'],
    ['/api/v1/tasks?due_from=2025-13-01', 'due_from'],
    ['/api/v1/tasks?due_to=31/7/2025', 'due_to'],
    ['/api/v1/tasks?as_of=2025-02-30', 'as_of'],
    ['/api/v1/tasks?sort=worst', 'sort'],
    [`/api/v1/tasks?q=${'x'.repeat(201)}`, 'q'],
    ['/api/v1/tasks/export.csv?colour=purple', 'colour'],
    ['/api/v1/tasks/export.csv?sort=worst', 'sort'],
    ['/api/v1/tasks/export.csv?unit=NO-SUCH', 'unit'],
    ['/api/v1/tasks/summary?unit=NO-SUCH', 'unit'],
    ['/api/v1/tasks/summary?as_of=yesterday', 'as_of'],
    ['/api/v1/tasks/1?as_of=2025-7-1', 'as_of'],
  ];
  for (const [path, field] of TABLE)
    await t.test(`${path} → 400 ${field}`, async () => {
      expectStatus(await admin.get(path), 400, { code: 'validation_failed', field, label: path });
    });
  await t.test('overdue=maybe → 400 overdue', async () => {
    expectStatus(await admin.get('/api/v1/tasks?overdue=maybe'), 400, { code: 'validation_failed', field: 'overdue' });
  });
  await t.test('unknown task → 404', async () => {
    expectStatus(await admin.get('/api/v1/tasks/999999'), 404, { code: 'not_found' });
    expectStatus(await admin.get('/api/v1/tasks/0'), 404, { code: 'not_found' });
    expectStatus(await admin.get('/api/v1/tasks/x1'), 404, { code: 'not_found' });
  });
});

// ---- summary ----

// Checks one Rate: due = green + done_late + red, and the greening rate to one decimal.
function assertRate(rate, label) {
  const c = rate.counts;
  for (const k of COLOURS) assert.ok(Number.isInteger(c[k]) && c[k] >= 0, `${label}: ${k}`);
  assert.equal(rate.due, c.green + c.done_late + c.red, `${label}: due`);
  const expected = rate.due ? Math.round((c.green * 1000) / rate.due) / 10 : 0;
  assert.equal(rate.greening_rate, expected, `${label}: greening_rate of ${JSON.stringify(c)}`);
}
// The ranking: best rate first, rank = 1 + the number of units with a better rate (ties share).
function assertRanking(ranking) {
  for (let i = 0; i < ranking.length; i++) {
    assertRate(ranking[i], ranking[i].unit.code);
    if (i) assert.ok(ranking[i - 1].greening_rate >= ranking[i].greening_rate, `ranking order at ${i}`);
    const better = ranking.filter(x => x.greening_rate > ranking[i].greening_rate).length;
    assert.equal(ranking[i].rank, better + 1, `rank of ${ranking[i].unit.code}`);
  }
}

test('summary: counts add up, greening rates follow the formula, the provinces are ranked', async t => {
  for (const asOf of ['2025-07-20', '2025-08-05', '2025-12-31']) {
    await t.test(`VN as of ${asOf}`, async () => {
      const r = await admin.get(`/api/v1/tasks/summary?as_of=${asOf}`);
      expectStatus(r, 200);
      const s = r.json;
      assert.equal(s.unit.code, 'VN', 'the admin\'s own unit by default');
      assert.equal(s.as_of, asOf);
      assert.equal(s.rule_version, 1);
      assertRate(s.alone, 'alone');
      assertRate(s.subtree, 'subtree');
      assertRanking(s.ranking);
      for (const code of provinces) assert.ok(s.ranking.some(x => x.unit.code === code), `${code} is ranked`);
      assert.ok(s.ranking.some(x => x.unit.code === 'TW'), 'the centre is ranked too');
      const sum = Object.fromEntries(COLOURS.map(k => [k, s.alone.counts[k] + s.ranking.reduce((n, x) => n + x.counts[k], 0)]));
      assert.deepEqual(sum, s.subtree.counts, 'alone + the units below = the subtree');
    });
  }
  await t.test('as of 2025-07-20 (before any monthly report falls due) the summary counts are the list counts', async () => {
    const s = (await admin.get('/api/v1/tasks/summary?unit=P01&as_of=2025-07-20')).json;
    const own = (await admin.get('/api/v1/tasks?unit=P01&subtree=false&as_of=2025-07-20&limit=1')).json;
    const all = (await admin.get('/api/v1/tasks?unit=P01&as_of=2025-07-20&limit=1')).json;
    assert.deepEqual(s.alone.counts, own.counts);
    assert.deepEqual(s.subtree.counts, all.counts);
  });
  await t.test('each obligation of a recurring task counts: as of 2025-10-05 BO-CA owes July, August and September of II.3.d-1', async () => {
    // BO-CA's row in the ranking of the government's units (BO-CA has no units below it).
    const boca = (await admin.get('/api/v1/tasks/summary?unit=TW-CP&as_of=2025-10-05')).json.ranking.find(x => x.unit.code === 'BO-CA');
    const rows = await listAll(admin, '/api/v1/tasks?unit=BO-CA&subtree=false&as_of=2025-10-05&limit=500');
    const monthly = rows.filter(it => it.task.deadline_kind === 'recurring' && it.task.period === 'month');
    const dated = rows.filter(it => it.task.deadline_kind !== 'recurring' && it.part.verdict.colour === 'red');
    assert.ok(monthly.length >= 1, 'BO-CA has a monthly task');
    // Three missed months per monthly task, plus the red dated tasks.
    assert.equal(boca.counts.red, 3 * monthly.length + dated.length, JSON.stringify(boca.counts));
  });
  await t.test('a province\'s summary ranks the units below it', async () => {
    const s = (await admin.get('/api/v1/tasks/summary?unit=P01&as_of=2025-08-05')).json;
    assert.equal(s.unit.code, 'P01');
    assertRanking(s.ranking);
    assert.deepEqual(s.ranking.map(x => x.unit.code).sort(), ['P01-X1', 'P01-X2']);
    assert.ok(s.alone.due >= 2, 'P01 has parts due as of 2025-08-05');
    assert.equal(s.alone.greening_rate, 0, 'nothing done');
  });
});

// ---- CSV export ----

// RFC 4180: fields separated by commas, quoted fields with "" for a quote.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') i++;
    if (ch === '\n' || ch === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += ch; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const HEADER = ['id', 'document', 'section', 'task_group', 'title', 'unit', 'role', 'deadline_text', 'due', 'progress',
  'state', 'colour', 'days_overdue', 'done_on'];

test('export.csv: text/csv, a header line, one line per row of the list with the same filters', async t => {
  const created = await admin.post('/api/v1/tasks', {
    title: 'Báo cáo "nhanh", có dấu phẩy', lead: ['P01'], due: '2025-09-30', text: 'Kiểm tra xuất CSV',
  });
  expectStatus(created, 201, { label: 'a task with quotes and a comma in its title' });
  for (const q of ['', 'unit=P01&sort=title', 'colour=red,grey&sort=overdue', `q=${enc('ke hoach')}`, 'unit=P01&subtree=false&as_of=2025-08-05', 'role=lead&group=5']) {
    await t.test(`export.csv?${q}`, async () => {
      const r = await admin.get(`/api/v1/tasks/export.csv?${q}`);
      expectStatus(r, 200);
      assert.match(r.headers.get('content-type') || '', /^text\/csv/);
      const rows = parseCsv(r.text);
      assert.deepEqual(rows[0], HEADER);
      for (const [i, row] of rows.entries()) assert.equal(row.length, HEADER.length, `line ${i + 1} has ${HEADER.length} fields`);
      const items = await listAll(admin, `/api/v1/tasks?${q}${q ? '&' : ''}limit=500`);
      assert.equal(rows.length - 1, items.length, 'one line per row of the list');
      const col = Object.fromEntries(HEADER.map((h, i) => [h, i]));
      items.forEach((it, i) => {
        const line = rows[i + 1];
        assert.equal(line[col.id], String(it.task.id), `line ${i + 2} id`);
        assert.equal(line[col.unit], it.part.unit.code, `line ${i + 2} unit`);
        assert.equal(line[col.title], it.task.title);
        assert.equal(line[col.role], it.part.role);
        assert.equal(line[col.colour], it.part.verdict.colour);
        assert.equal(line[col.days_overdue], String(it.part.verdict.days_overdue));
        assert.equal(line[col.progress], String(it.part.progress));
        assert.equal(line[col.due], it.part.verdict.due || '');
        assert.equal(line[col.document], it.task.document ? it.task.document.number : '');
      });
    });
  }
  await t.test('quotes in a field are doubled, and the field is quoted', async () => {
    const r = await admin.get('/api/v1/tasks/export.csv?unit=P01&subtree=false');
    assert.ok(r.text.includes('"Báo cáo ""nhanh"", có dấu phẩy"'), 'the title as RFC 4180 writes it');
    const rows = parseCsv(r.text);
    assert.ok(rows.some(row => row[4] === 'Báo cáo "nhanh", có dấu phẩy'), 'and it reads back');
  });
});

// ---- what a leader of P01 may read ----

test('scope: a leader of P01 sees only parts in P01\'s subtree', async t => {
  for (const q of ['', 'q=ke%20hoach&', 'role=coordinator&', 'colour=red,grey,blue&', 'sort=overdue&', 'unit=P01&']) {
    await t.test(`list ${q || '(defaults)'}`, async () => {
      const items = await listAll(leader, `/api/v1/tasks?${q}limit=500&as_of=2025-08-05`);
      assert.ok(items.length > 0, 'P01 has parts');
      assert.deepEqual(items.filter(it => !/^P01(-|$)/.test(it.part.unit.code)).map(rowKey), [], 'rows outside P01');
    });
  }
  await t.test('the list defaults to the leader\'s unit: the same rows as unit=P01', async () => {
    const a = await listAll(leader, '/api/v1/tasks?limit=500');
    const b = await listAll(admin, '/api/v1/tasks?unit=P01&limit=500');
    assert.deepEqual(a.map(rowKey), b.map(rowKey));
  });
  await t.test('export.csv holds P01 rows only', async () => {
    const r = await leader.get('/api/v1/tasks/export.csv');
    expectStatus(r, 200);
    const rows = parseCsv(r.text).slice(1);
    assert.ok(rows.length > 0);
    assert.deepEqual(rows.filter(row => !/^P01(-|$)/.test(row[5])).map(row => row[5]), []);
  });
  await t.test('the summary defaults to P01 and counts P01 only', async () => {
    const s = (await leader.get('/api/v1/tasks/summary?as_of=2025-08-05')).json;
    assert.equal(s.unit.code, 'P01');
    const a = (await admin.get('/api/v1/tasks/summary?unit=P01&as_of=2025-08-05')).json;
    assert.deepEqual(s, a);
  });
  const DENIED = [
    ['list of P79', () => '/api/v1/tasks?unit=P79'],
    ['list of VN', () => '/api/v1/tasks?unit=VN'],
    ['list of TW-VPTW', () => '/api/v1/tasks?unit=TW-VPTW&subtree=false'],
    ['summary of VN', () => '/api/v1/tasks/summary?unit=VN'],
    ['summary of P79', () => '/api/v1/tasks/summary?unit=P79'],
    ['export of P79', () => '/api/v1/tasks/export.csv?unit=P79'],
    ['II.3.a-1, no part in P01', () => `/api/v1/tasks/${task('05TB-II.3.a-1').id}`],
    ['II.3.a-1 as of a past day', () => `/api/v1/tasks/${task('05TB-II.3.a-1').id}?as_of=2025-07-10`],
    ['II.3.d-1, ministries only', () => `/api/v1/tasks/${task('05TB-II.3.d-1').id}`],
  ];
  for (const [label, path] of DENIED)
    for (const [who, c] of [['leader', leader], ['reporter', reporter]])
      await t.test(`${who}: ${label} → 403`, async () => {
        expectStatus(await c.get(path()), 403, { code: 'forbidden', label: path() });
      });
  await t.test('a task with a part for P01 is readable', async () => {
    const r = await leader.get(`/api/v1/tasks/${task('05TB-II.4.e').id}`);
    expectStatus(r, 200);
    assert.ok(r.json.parts.some(p => p.unit.code === 'P01'));
  });
  await t.test('progress on a part outside scope → 403, and nothing changes', async () => {
    const id = task('05TB-II.4.e').id;
    for (const c of [leader, reporter])
      expectStatus(await c.post(`/api/v1/tasks/${id}/progress`, { unit: 'P79', progress: 50 }), 403, { code: 'forbidden' });
    expectStatus(await reporter.post(`/api/v1/tasks/${id}/report`, { unit: 'P79' }), 403, { code: 'forbidden' });
    const d = (await admin.get(`/api/v1/tasks/${id}`)).json;
    assert.equal(part(d, 'P79').progress, 0);
    assert.equal(part(d, 'P79').state, 'open');
    assert.deepEqual(d.history, []);
  });
});
