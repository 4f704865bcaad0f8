// Tasks (system 1) over real HTTP, part 2: the workflow on chosen days. Progress with evidence,
// completion reports, acceptance and return, recurring reports period by period, creating
// tasks and breaking them down, the history and the audit trail of every write, and how the
// picture looked as of earlier days (docs/api.md "Tasks", docs/rules.md).
//
// The server's "today" is NQ57_TODAY. To place writes on chosen days the test restarts the
// server on the same database and port with another NQ57_TODAY (sessions live in the
// database, so the clients stay signed in). The days only move forward, all in 2025:
//   07-08  progress 30 % on II.3.a-1 (TW-VPTW, due 15/7)
//   07-10  progress 60 %; tasks created, and II.4.e broken down by P01's leader
//   07-14  completions reported
//   07-18  decisions: accepted on time, returned with a reason
//   07-25  July reports of the monthly II.3.d-1
//   08-02  late completions accepted
//   08-05  missed and made monthly reports; the ranking of the provinces
//   08-06  a late monthly report
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { runSteps, loggedIn, listAll, expectStatus, stopServer, restartOn } from './helpers.mjs';

const PW = 'mat-khau-quy-trinh-1';
const USERS = [
  ['thuongtruc', 'TW', 'standing_office'],
  ['baocao.vptw', 'TW-VPTW', 'reporter'],
  ['lanhdao.vptw', 'TW-VPTW', 'leader'],
  ['xuly.vptw', 'TW-VPTW', 'handler'],
  ['baocao.bonv', 'BO-NV', 'reporter'],
  ['baocao.khcn', 'BO-KHCN', 'reporter'],
  ['baocao.boca', 'BO-CA', 'reporter'],
  ['lanhdao.hn', 'P01', 'leader'],
  ['baocao.hn', 'P01', 'reporter'],
  ['baocao.hcm', 'P79', 'reporter'],
].map(([username, unit, role]) => ({ username, unit, role, password: PW }));
// Short names for the clients.
const AS = {
  standing: 'thuongtruc', vptwRep: 'baocao.vptw', vptwLead: 'lanhdao.vptw', vptwHandler: 'xuly.vptw',
  bonv: 'baocao.bonv', khcn: 'baocao.khcn', boca: 'baocao.boca', hnLead: 'lanhdao.hn', hnRep: 'baocao.hn',
  hcmRep: 'baocao.hcm',
};
// As of a past day a part shows the progress and state recorded up to that day (these checks
// once caught sq_task_rows comparing as_of with an uninitialised "today").
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let srv, proc, clients;
let today = '2025-07-08';
const ids = {};      // task ids by short name
const ctx = {};      // values known only after earlier steps

// Restarts the server on the same database with NQ57_TODAY = DAY.
async function setToday(day) {
  proc = await restartOn(srv, proc, day);
  today = day;
}

before(async () => {
  process.env.NQ57_TODAY = today;
  srv = await startServer({ users: USERS });
  proc = srv.proc;
  clients = { admin: await loggedIn(srv, 'admin', srv.adminPassword) };
  for (const [short, username] of Object.entries(AS)) clients[short] = await loggedIn(srv, username, PW);
  for (const [code, parent] of [['P01-X1', 'P01'], ['P01-X2', 'P01'], ['P79-X1', 'P79']])
    expectStatus(await clients.admin.post('/api/v1/units', { code, name: `Xã ${code}`, kind: 'commune', parent, valid_from: '2025-07-01' }),
      201, { label: `unit ${code}` });
  const keys = { a1: '05TB-II.3.a-1', a3: '05TB-II.3.a-3', a5: '05TB-II.3.a-5', d1: '05TB-II.3.d-1', e: '05TB-II.4.e' };
  for (const it of await listAll(clients.admin, '/api/v1/tasks?role=lead&limit=500&as_of=2025-12-31'))
    for (const [short, key] of Object.entries(keys)) if (it.task.key === key) ids[short] = it.task.id;
  for (const short of Object.keys(keys)) assert.ok(ids[short], `bundled task ${keys[short]}`);
});
after(async () => {
  if (proc && proc !== srv.proc && proc.exitCode === null && proc.signalCode === null)
    await new Promise(r => { proc.once('exit', r); proc.kill('SIGTERM'); });
  await stopServer(srv);
});

// A task's detail as of a day (default today) and one part of it.
async function detail(id, asOf) {
  const r = await clients.admin.get(`/api/v1/tasks/${id}${asOf ? `?as_of=${asOf}` : ''}`);
  expectStatus(r, 200, { label: `GET task ${id}` });
  return r.json;
}
function partIn(d, code) {
  const p = d.parts.find(x => x.unit.code === code);
  assert.ok(p, `task ${d.id} has a part for ${code}`);
  return p;
}
const partOf = (r, code) => partIn(r.json, code);
const lastHistory = r => r.json.history.at(-1);

// ---- 2025-07-08 ----

test('2025-07-08: progress on II.3.a-1 with evidence; bad input and wrong callers change nothing', async t => {
  const p = () => `/api/v1/tasks/${ids.a1}/progress`;
  await runSteps(t, clients, [
    { label: 'the VPTW reporter reports 30 % with a note and a link', as: 'vptwRep', method: 'POST', path: p,
      body: { unit: 'TW-VPTW', progress: 30, note: 'Đã xây dựng dự thảo hướng dẫn', links: ['https://vptw.dcs.vn/du-thao-huong-dan'] },
      status: 200, check: r => {
        assert.equal(r.json.id, ids.a1, 'the reply is the task');
        const part = partOf(r, 'TW-VPTW');
        assert.equal(part.progress, 30);
        assert.equal(part.state, 'open');
        assert.equal(r.json.history.length, 1);
        const h = lastHistory(r);
        assert.equal(h.kind, 'progress');
        assert.equal(h.unit, 'TW-VPTW');
        assert.equal(h.actor, 'baocao.vptw');
        assert.equal(h.day, '2025-07-08');
        assert.match(h.at, ISO_TIME);
        assert.equal(h.progress, 30);
        assert.equal(h.note, 'Đã xây dựng dự thảo hướng dẫn');
        assert.deepEqual(h.links, ['https://vptw.dcs.vn/du-thao-huong-dan']);
      } },
    { label: 'progress 101 → 400 progress', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 101 }, status: 400, code: 'validation_failed', field: 'progress' },
    { label: 'progress -1 → 400 progress', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: -1 }, status: 400, code: 'validation_failed', field: 'progress' },
    { label: 'progress "50" (a string) → 400 progress', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: '50' }, status: 400, code: 'validation_failed', field: 'progress' },
    { label: 'progress 50.5 → 400 progress', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 50.5 }, status: 400, code: 'validation_failed', field: 'progress' },
    { label: 'no progress → 400 progress', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW' }, status: 400, code: 'validation_failed', field: 'progress' },
    { label: 'no unit → 400 unit', as: 'vptwRep', method: 'POST', path: p, body: { progress: 40 }, status: 400, code: 'validation_failed', field: 'unit' },
    { label: 'a unit without a part in the task → 400 unit', as: 'admin', method: 'POST', path: p, body: { unit: 'P01', progress: 40 }, status: 400, code: 'validation_failed', field: 'unit' },
    { label: 'an ftp link → 400 links', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, links: ['ftp://vptw.dcs.vn/a.pdf'] }, status: 400, code: 'validation_failed', field: 'links' },
    { label: 'a javascript: link → 400 links', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, links: ['javascript:alert(1)'] }, status: 400, code: 'validation_failed', field: 'links' },
    { label: 'a link without a scheme, after a good one → 400 links', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, links: ['https://a.vn/x', 'vptw.dcs.vn/b'] }, status: 400, code: 'validation_failed', field: 'links' },
    { label: 'links as a string, not a list → 400 links', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, links: 'https://a.vn/x' }, status: 400, code: 'validation_failed', field: 'links' },
    { label: 'a note that is not text → 400 note', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, note: 5 }, status: 400, code: 'validation_failed', field: 'note' },
    { label: 'an unknown field → 400 naming it', as: 'vptwRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40, colour: 'green' }, status: 400, code: 'validation_failed', field: 'colour' },
    { label: 'not JSON → 400 invalid_json', as: 'vptwRep', method: 'POST', path: p, body: '{"unit":', status: 400, code: 'invalid_json' },
    { label: 'a handler may not report progress → 403', as: 'vptwHandler', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40 }, status: 403, code: 'forbidden' },
    { label: 'a reporter of P01 may not touch TW-VPTW\'s part → 403', as: 'hnRep', method: 'POST', path: p, body: { unit: 'TW-VPTW', progress: 40 }, status: 403, code: 'forbidden' },
    { label: 'an unknown task → 404', as: 'vptwRep', method: 'POST', path: '/api/v1/tasks/999999/progress', body: { unit: 'TW-VPTW', progress: 40 }, status: 404, code: 'not_found' },
  ], ctx);
  await t.test('the refused requests changed nothing', async () => {
    const d = await detail(ids.a1);
    assert.equal(partIn(d, 'TW-VPTW').progress, 30);
    assert.equal(d.history.length, 1);
  });
});

// ---- 2025-07-10 ----

test('2025-07-10: progress 60; as of earlier days the earlier progress shows', async t => {
  await setToday('2025-07-10');
  await runSteps(t, clients, [
    { label: 'the VPTW leader reports 60 %', as: 'vptwLead', method: 'POST', path: () => `/api/v1/tasks/${ids.a1}/progress`,
      body: { unit: 'TW-VPTW', progress: 60, note: 'Đã lấy ý kiến các ban' }, status: 200,
      check: r => { assert.equal(partOf(r, 'TW-VPTW').progress, 60); assert.equal(lastHistory(r).actor, 'lanhdao.vptw'); } },
  ], ctx);
  // start 07-04, due 07-15: 11 days. 07-07: 8 days left, blue. 07-08: 7 days left (close: the
  // rule's "within 7 days") and 30 % < 4/11 of the time, yellow. 07-09: 6 days left and 30 % <
  // 5/11, yellow. 07-10: 60 % >= 6/11, blue.
  const TABLE = [
    { as_of: '2025-07-07', progress: 0, history: 0, colour: 'blue' },
    { as_of: '2025-07-08', progress: 30, history: 1, colour: 'yellow' },
    { as_of: '2025-07-09', progress: 30, history: 1, colour: 'yellow' },
    { as_of: '2025-07-10', progress: 60, history: 2, colour: 'blue' },
    { as_of: undefined, progress: 60, history: 2, colour: 'blue' },
  ];
  for (const row of TABLE) {
    await t.test(`as of ${row.as_of || 'today'}: ${row.history} history entries`, async () => {
      const d = await detail(ids.a1, row.as_of);
      assert.equal(d.history.length, row.history);
      assert.ok(d.history.every(h => h.day <= (row.as_of || '2025-07-10')), 'nothing after the day asked');
    });
    await t.test(`as of ${row.as_of || 'today'}: ${row.progress} %, ${row.colour}`, async () => {
      const d = await detail(ids.a1, row.as_of);
      const part = partIn(d, 'TW-VPTW');
      assert.equal(part.progress, row.progress);
      assert.equal(part.verdict.colour, row.colour);
      assert.equal(d.combined.progress, row.progress);
      const l = await clients.admin.get(`/api/v1/tasks?unit=TW-VPTW&subtree=false&limit=500${row.as_of ? `&as_of=${row.as_of}` : ''}`);
      const it = l.json.items.find(x => x.task.id === ids.a1);
      assert.equal(it.part.progress, row.progress, 'the list agrees');
      assert.equal(it.part.verdict.colour, row.colour, 'the list agrees');
    });
  }
});

test('2025-07-10: the standing office creates tasks; the deadline is read from the words', async t => {
  const post = body => ({ as: 'standing', method: 'POST', path: '/api/v1/tasks', body });
  const bad = (label, body, field, as = 'standing') => ({ label, as, method: 'POST', path: '/api/v1/tasks', body, status: 400, code: 'validation_failed', field });
  await runSteps(t, clients, [
    { label: '"Hoàn thành trong tháng 9/2025" → due 2025-09-30', ...post({
      title: 'Báo cáo kết quả triển khai Hướng dẫn', lead: ['P01'], coordinators: ['P79'], deadline_text: 'Hoàn thành trong tháng 9/2025',
      text: 'Các địa phương báo cáo kết quả. Hoàn thành trong tháng 9/2025.', section: 'X.1', task_group: 1, expected_output: 'Báo cáo' }),
      status: 201, check: r => {
        ctx.created = r.json.id;
        assert.equal(r.json.due, '2025-09-30');
        assert.equal(r.json.deadline_kind, 'date');
        assert.equal(r.json.deadline_text, 'Hoàn thành trong tháng 9/2025');
        assert.equal(r.json.start_date, '2025-07-10', 'default start: today');
        assert.equal(r.json.created_by, 'thuongtruc');
        assert.equal(r.json.parent, null);
        assert.equal(r.json.title, 'Báo cáo kết quả triển khai Hướng dẫn');
        assert.equal(r.json.text, 'Các địa phương báo cáo kết quả. Hoàn thành trong tháng 9/2025.');
        assert.deepEqual(r.json.parts.map(p => [p.unit.code, p.role, p.progress, p.state]),
          [['P01', 'lead', 0, 'open'], ['P79', 'coordinator', 0, 'open']]);
        assert.equal(r.json.parts[0].verdict.colour, 'blue');
      } },
    { label: 'an unreadable deadline ("sớm nhất có thể") → 400 deadline_text with the reason', ...post({ title: 'Việc gấp', lead: ['P01'], deadline_text: 'sớm nhất có thể' }),
      status: 400, code: 'validation_failed', field: 'deadline_text', check: r => {
        assert.ok(r.json.error.message.length > 'deadline_text'.length + 10, `a reason: ${r.json.error.message}`);
      } },
    { label: 'the same words with an explicit due → 201, due as given', ...post({ title: 'Việc gấp', lead: ['P01'], deadline_text: 'sớm nhất có thể', due: '2025-10-15' }),
      status: 201, check: r => {
        assert.equal(r.json.due, '2025-10-15');
        assert.equal(r.json.deadline_kind, 'date');
        assert.equal(r.json.deadline_text, 'sớm nhất có thể', 'the words are kept');
        ctx.createdDue = r.json.id;
      } },
    { label: '"Hằng tháng báo cáo …" → recurring monthly', ...post({ title: 'Báo cáo tháng', lead: ['P01'], deadline_text: 'Hằng tháng báo cáo Thường trực Ban Chỉ đạo' }),
      status: 201, check: r => { assert.equal(r.json.deadline_kind, 'recurring'); assert.equal(r.json.period, 'month'); assert.equal(r.json.due, null); ctx.createdMonthly = r.json.id; } },
    { label: '"thường xuyên" → no deadline, grey', ...post({ title: 'Việc thường xuyên', lead: ['P01'], deadline_text: 'thường xuyên' }),
      status: 201, check: r => { assert.equal(r.json.deadline_kind, 'none'); assert.equal(r.json.due, null); assert.equal(r.json.parts[0].verdict.colour, 'grey'); ctx.createdNone = r.json.id; } },
    bad('an impossible date ("trước ngày 31/2/2025") → 400 deadline_text', { title: 'X', lead: ['P01'], deadline_text: 'trước ngày 31/2/2025' }, 'deadline_text'),
    bad('a date and a schedule together → 400 deadline_text', { title: 'X', lead: ['P01'], deadline_text: 'Hằng tháng báo cáo, hoàn thành trước ngày 15/9/2025' }, 'deadline_text'),
    bad('no lead → 400 lead', { title: 'X', due: '2025-09-30' }, 'lead'),
    bad('an empty lead → 400 lead', { title: 'X', lead: [], due: '2025-09-30' }, 'lead'),
    bad('lead as a string → 400 lead', { title: 'X', lead: 'P01', due: '2025-09-30' }, 'lead'),
    bad('an unknown lead unit → 400 lead', { title: 'X', lead: ['NO-SUCH'], due: '2025-09-30' }, 'lead'),
    bad('an unknown coordinating unit → 400 coordinators', { title: 'X', lead: ['P01'], coordinators: ['NO-SUCH'], due: '2025-09-30' }, 'coordinators'),
    bad('no title → 400 title', { lead: ['P01'], due: '2025-09-30' }, 'title'),
    bad('an empty title → 400 title', { title: '', lead: ['P01'], due: '2025-09-30' }, 'title'),
    bad('due not a real date → 400 due', { title: 'X', lead: ['P01'], due: '2025-02-30' }, 'due'),
    bad('due before the start → 400 due', { title: 'X', lead: ['P01'], due: '2025-07-01' }, 'due'),
    bad('an unknown parent → 400 parent', { title: 'X', lead: ['P01'], due: '2025-09-30', parent: 999999 }, 'parent'),
    bad('an unknown document → 400 document', { title: 'X', lead: ['P01'], due: '2025-09-30', document: 999999 }, 'document'),
    bad('an unknown field → 400 naming it', { title: 'X', lead: ['P01'], due: '2025-09-30', colour: 'green' }, 'colour'),
    { label: 'a leader creating a top-level task → 403', as: 'hnLead', method: 'POST', path: '/api/v1/tasks', body: { title: 'Tự giao', lead: ['P01'], due: '2025-09-30' }, status: 403, code: 'forbidden' },
    { label: 'a reporter creating a task → 403', as: 'hnRep', method: 'POST', path: '/api/v1/tasks', body: { title: 'Tự giao', lead: ['P01'], due: '2025-09-30' }, status: 403, code: 'forbidden' },
    { label: 'a reporter breaking a task down → 403', as: 'hnRep', method: 'POST', path: '/api/v1/tasks', body: () => ({ title: 'Tự giao', lead: ['P01-X1'], due: '2025-09-30', parent: ids.e }), status: 403, code: 'forbidden' },
  ], ctx);
  await t.test('a task starting later is listed before its start, blue ("before the start day: blue", docs/rules.md)', async () => {
      const r = await clients.standing.post('/api/v1/tasks', { title: 'Việc bắt đầu sau', lead: ['P01'], start_date: '2025-08-01', due: '2025-09-30' });
      expectStatus(r, 201);
      assert.deepEqual(r.json.parts.map(p => [p.unit.code, p.verdict.colour]), [['P01', 'blue']]);
      const l = await listAll(clients.hnLead, '/api/v1/tasks?limit=500');
      assert.ok(l.some(it => it.task.id === r.json.id), 'listed for P01');
    });
  await t.test('the created task reads back and is listed', async () => {
    const d = await detail(ctx.created);
    assert.equal(d.due, '2025-09-30');
    const l = await listAll(clients.admin, '/api/v1/tasks?unit=P79&subtree=false&limit=500');
    assert.ok(l.some(it => it.task.id === ctx.created && it.part.role === 'coordinator'));
  });
});

test('2025-07-10: a leader of P01 breaks II.4.e down for units under P01', async t => {
  const sub = (label, body, status, extra = {}) => ({ label, as: 'hnLead', method: 'POST', path: '/api/v1/tasks',
    body: () => ({ parent: ids.e, ...body }), status, ...extra });
  await runSteps(t, clients, [
    sub('sub-task A for P01-X1 with P01-X2 coordinating → 201', { title: 'Kéo cáp quang đến xã X1', lead: ['P01-X1'], coordinators: ['P01-X2'], deadline_text: 'trước ngày 20/8/2025' }, 201,
      { check: r => {
        ctx.subA = r.json.id;
        assert.equal(r.json.parent, ids.e);
        assert.equal(r.json.assigner, 'P01', 'the caller\'s unit assigns');
        assert.equal(r.json.due, '2025-08-20');
        assert.equal(r.json.created_by, 'lanhdao.hn');
        assert.deepEqual(r.json.parts.map(p => [p.unit.code, p.role]), [['P01-X1', 'lead'], ['P01-X2', 'coordinator']]);
      } }),
    sub('sub-task B for P01-X2 → 201', { title: 'Trang bị máy tính cho xã X2', lead: ['P01-X2'], deadline_text: 'trong tháng 8/2025' }, 201,
      { check: r => { ctx.subB = r.json.id; assert.equal(r.json.due, '2025-08-31'); } }),
    sub('sub-task C for P01 itself → 201', { title: 'Tổng hợp của thành phố', lead: ['P01'], due: '2025-09-30' }, 201,
      { check: r => { ctx.subC = r.json.id; } }),
    sub('a sub-task for a unit under P79 → 403', { title: 'Ngoài phạm vi', lead: ['P79-X1'], due: '2025-09-30' }, 403, { code: 'forbidden' }),
    sub('a sub-task for P79 → 403', { title: 'Ngoài phạm vi', lead: ['P79'], due: '2025-09-30' }, 403, { code: 'forbidden' }),
    sub('a sub-task with a coordinator outside scope → 403', { title: 'Ngoài phạm vi', lead: ['P01-X1'], coordinators: ['P79'], due: '2025-09-30' }, 403, { code: 'forbidden' }),
    sub('a sub-task for the whole country (above P01) → 403', { title: 'Ngoài phạm vi', lead: ['VN'], due: '2025-09-30' }, 403, { code: 'forbidden' }),
  ], ctx);
  await t.test('the parent shows its sub-tasks, with rollup_progress', async () => {
    const d = await detail(ids.e);
    assert.deepEqual(d.children.map(c => c.id).sort((a, b) => a - b), [ctx.subA, ctx.subB, ctx.subC].sort((a, b) => a - b));
    for (const c of d.children) {
      assert.equal(c.progress, 0);
      assert.equal(typeof c.title, 'string');
      assert.ok(['blue', 'yellow'].includes(c.verdict.colour), JSON.stringify(c.verdict));
    }
    assert.equal(d.rollup_progress, 0);
  });
  await t.test('the sub-task is in P01\'s subtree list, under the lead unit', async () => {
    const l = await listAll(clients.hnLead, '/api/v1/tasks?limit=500');
    assert.ok(l.some(it => it.task.id === ctx.subA && it.part.unit.code === 'P01-X1'));
    const alone = await listAll(clients.hnLead, '/api/v1/tasks?unit=P01&subtree=false&limit=500');
    assert.ok(!alone.some(it => it.task.id === ctx.subA), 'not among P01\'s own parts');
  });
});

// ---- 2025-07-14 ----

test('2025-07-14: completions are reported; only the assigner decides', async t => {
  await setToday('2025-07-14');
  const a1 = suffix => () => `/api/v1/tasks/${ids.a1}/${suffix}`;
  await runSteps(t, clients, [
    { label: 'the VPTW reporter reports II.3.a-1 done', as: 'vptwRep', method: 'POST', path: a1('report'),
      body: { unit: 'TW-VPTW', note: 'Đã ban hành Hướng dẫn', links: ['https://vptw.dcs.vn/huong-dan'] }, status: 200,
      check: r => {
        const part = partOf(r, 'TW-VPTW');
        assert.equal(part.state, 'reported');
        assert.equal(part.reported_on, '2025-07-14');
        assert.equal(part.progress, 100);
        assert.equal(part.done_on, null, 'not done until accepted');
        assert.notEqual(part.verdict.colour, 'green', 'not green until accepted');
        assert.equal(r.json.combined.done, false);
        const h = lastHistory(r);
        assert.equal(h.kind, 'report_done');
        assert.equal(h.actor, 'baocao.vptw');
        assert.equal(h.note, 'Đã ban hành Hướng dẫn');
        assert.deepEqual(h.links, ['https://vptw.dcs.vn/huong-dan']);
      } },
    { label: 'reported again → 409', as: 'vptwRep', method: 'POST', path: a1('report'), body: { unit: 'TW-VPTW' }, status: 409, code: 'conflict' },
    { label: 'a report with an ftp link → 400 links', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ids.a5}/report`,
      body: { unit: 'P01', links: ['ftp://x.vn/a'] }, status: 400, code: 'validation_failed', field: 'links' },
    { label: 'the unit\'s own leader may not accept → 403', as: 'vptwLead', method: 'POST', path: a1('accept'), body: { unit: 'TW-VPTW' }, status: 403, code: 'forbidden' },
    { label: 'the unit\'s own leader may not return → 403', as: 'vptwLead', method: 'POST', path: a1('return'), body: { unit: 'TW-VPTW', reason: 'Tự trả' }, status: 403, code: 'forbidden' },
    { label: 'a leader of another unit may not accept → 403', as: 'hnLead', method: 'POST', path: a1('accept'), body: { unit: 'TW-VPTW' }, status: 403, code: 'forbidden' },
    { label: 'a reporter may not accept → 403', as: 'vptwRep', method: 'POST', path: a1('accept'), body: { unit: 'TW-VPTW' }, status: 403, code: 'forbidden' },
    { label: 'P01 reports its part of II.3.a-5 done', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ids.a5}/report`,
      body: { unit: 'P01', note: 'Đã ban hành kế hoạch của thành phố' }, status: 200,
      check: r => assert.equal(partOf(r, 'P01').state, 'reported') },
    { label: 'P79 reports its part of II.3.a-5 done', as: 'hcmRep', method: 'POST', path: () => `/api/v1/tasks/${ids.a5}/report`,
      body: { unit: 'P79' }, status: 200 },
    { label: 'sub-task A: P01-X1 at 40 %', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ctx.subA}/progress`, body: { unit: 'P01-X1', progress: 40 }, status: 200 },
    { label: 'sub-task A: coordinator P01-X2 at 100 %', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ctx.subA}/progress`, body: { unit: 'P01-X2', progress: 100 }, status: 200,
      check: r => {
        assert.equal(r.json.combined.progress, 58, '0.7 × 40 + 0.3 × 100');
        assert.equal(r.json.combined.done, false, 'a coordinator does not complete the task');
      } },
    { label: 'sub-task B: P01-X2 at 10 %', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ctx.subB}/progress`, body: { unit: 'P01-X2', progress: 10 }, status: 200 },
    { label: 'sub-task C: P01 reports its own part done', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ctx.subC}/report`, body: { unit: 'P01' }, status: 200 },
    { label: 'sub-task C: P01\'s leader, the assigner, may not accept P01\'s own part → 403', as: 'hnLead', method: 'POST',
      path: () => `/api/v1/tasks/${ctx.subC}/accept`, body: { unit: 'P01' }, status: 403, code: 'forbidden' },
  ], ctx);
  await t.test('the parent II.4.e rolls up its sub-tasks: A 58, B 10, C 100 reported but not accepted', async () => {
    const d = await detail(ids.e);
    const byId = Object.fromEntries(d.children.map(c => [c.id, c]));
    assert.equal(byId[ctx.subA].progress, 58);
    assert.equal(byId[ctx.subB].progress, 10);
    assert.equal(d.rollup_progress, Math.round((58 + 10 + byId[ctx.subC].progress) / 3));
  });
});

// ---- 2025-07-18 ----

test('2025-07-18: decisions — accepted on time, returned with a reason', async t => {
  await setToday('2025-07-18');
  const a1 = suffix => () => `/api/v1/tasks/${ids.a1}/${suffix}`;
  const a5 = suffix => () => `/api/v1/tasks/${ids.a5}/${suffix}`;
  await runSteps(t, clients, [
    { label: 'accept without a unit → 400 unit', as: 'standing', method: 'POST', path: a1('accept'), body: {}, status: 400, code: 'validation_failed', field: 'unit' },
    { label: 'the standing office accepts II.3.a-1: done on the report day, green', as: 'standing', method: 'POST', path: a1('accept'),
      body: { unit: 'TW-VPTW' }, status: 200, check: r => {
        const part = partOf(r, 'TW-VPTW');
        assert.equal(part.state, 'accepted');
        assert.equal(part.done_on, '2025-07-14', 'the report day, not the decision day');
        assert.equal(part.verdict.colour, 'green', 'reported by the due date');
        assert.equal(part.verdict.days_overdue, 0);
        assert.equal(part.verdict.late, false);
        assert.equal(r.json.combined.done, true);
        assert.equal(r.json.combined.done_on, '2025-07-14');
        assert.equal(r.json.combined.progress, 100);
        assert.equal(r.json.combined.verdict.colour, 'green');
        assert.equal(lastHistory(r).kind, 'accept');
        assert.equal(lastHistory(r).actor, 'thuongtruc');
      } },
    { label: 'accepted again → 409', as: 'standing', method: 'POST', path: a1('accept'), body: { unit: 'TW-VPTW' }, status: 409, code: 'conflict' },
    { label: 'returned after acceptance → 409', as: 'standing', method: 'POST', path: a1('return'), body: { unit: 'TW-VPTW', reason: 'Muộn' }, status: 409, code: 'conflict' },
    { label: 'progress on an accepted part → 409', as: 'vptwRep', method: 'POST', path: a1('progress'), body: { unit: 'TW-VPTW', progress: 50 }, status: 409, code: 'conflict' },
    { label: 'reported again after acceptance → 409', as: 'vptwRep', method: 'POST', path: a1('report'), body: { unit: 'TW-VPTW' }, status: 409, code: 'conflict' },
    { label: 'accepting a part that was never reported → 409', as: 'standing', method: 'POST', path: a5('accept'), body: { unit: 'P04' }, status: 409, code: 'conflict' },
    { label: 'the standing office accepts P01\'s part of II.3.a-5', as: 'standing', method: 'POST', path: a5('accept'), body: { unit: 'P01' }, status: 200,
      check: r => { assert.equal(partOf(r, 'P01').verdict.colour, 'green'); assert.equal(partOf(r, 'P01').done_on, '2025-07-14'); } },
    { label: 'a return without a reason → 400 reason', as: 'standing', method: 'POST', path: a5('return'), body: { unit: 'P79' }, status: 400, code: 'validation_failed', field: 'reason' },
    { label: 'the standing office returns P79\'s part with a reason', as: 'standing', method: 'POST', path: a5('return'),
      body: { unit: 'P79', reason: 'Thiếu minh chứng: chưa có kế hoạch ban hành' }, status: 200, check: r => {
        const part = partOf(r, 'P79');
        assert.equal(part.state, 'returned');
        assert.equal(part.done_on, null);
        assert.equal(part.reported_on, null);
        const h = lastHistory(r);
        assert.equal(h.kind, 'return');
        assert.equal(h.unit, 'P79');
        assert.equal(h.actor, 'thuongtruc');
        assert.equal(h.note, 'Thiếu minh chứng: chưa có kế hoạch ban hành');
      } },
    { label: 'returned again → 409 (nothing waits for a decision)', as: 'standing', method: 'POST', path: a5('return'), body: { unit: 'P79', reason: 'Lần nữa' }, status: 409, code: 'conflict' },
    { label: 'new progress reopens the returned part', as: 'hcmRep', method: 'POST', path: a5('progress'), body: { unit: 'P79', progress: 90, note: 'Bổ sung minh chứng' }, status: 200,
      check: r => { assert.equal(partOf(r, 'P79').state, 'open'); assert.equal(partOf(r, 'P79').progress, 90); } },
    { label: 'sub-task A: P01-X1 reports done', as: 'hnRep', method: 'POST', path: () => `/api/v1/tasks/${ctx.subA}/report`, body: { unit: 'P01-X1' }, status: 200 },
    { label: 'sub-task A: the leader of the assigning unit P01 accepts', as: 'hnLead', method: 'POST', path: () => `/api/v1/tasks/${ctx.subA}/accept`, body: { unit: 'P01-X1' }, status: 200,
      check: r => {
        assert.equal(partOf(r, 'P01-X1').state, 'accepted');
        assert.equal(partOf(r, 'P01-X1').verdict.colour, 'green');
        assert.equal(r.json.combined.done, true, 'every lead part is done');
        assert.equal(r.json.combined.progress, 100);
      } },
    { label: 'the P01 leader may not decide on II.3.a-5, which P01 did not assign → 403', as: 'hnLead', method: 'POST', path: a5('return'),
      body: { unit: 'P01', reason: 'X' }, status: 403, code: 'forbidden' },
  ], ctx);
  await t.test('the parent II.4.e: A is done (100), B 10', async () => {
    const d = await detail(ids.e);
    const byId = Object.fromEntries(d.children.map(c => [c.id, c]));
    assert.equal(byId[ctx.subA].progress, 100);
    assert.equal(byId[ctx.subA].verdict.colour, 'green');
    assert.equal(d.rollup_progress, Math.round((100 + 10 + byId[ctx.subC].progress) / 3));
  });
  // The acceptance came on 07-18: on 07-16 the task was not done yet, and overdue. On 07-13
  // it stood at 60 % with 2 of 11 days left: behind (9/11 of the time) and close, yellow.
  const TABLE = [
    { as_of: '2025-07-13', progress: 60, colour: 'yellow', done_on: null, reported_on: null },
    { as_of: '2025-07-14', progress: 100, colour: 'blue', done_on: null, reported_on: '2025-07-14' },
    { as_of: '2025-07-16', progress: 100, colour: 'red', days: 1, done_on: null, reported_on: '2025-07-14' },
    { as_of: '2025-07-18', progress: 100, colour: 'green', done_on: '2025-07-14', reported_on: '2025-07-14' },
    { as_of: '2025-09-01', progress: 100, colour: 'green', done_on: '2025-07-14', reported_on: '2025-07-14' },
  ];
  for (const row of TABLE) {
    await t.test(`II.3.a-1 as of ${row.as_of}: reported_on ${row.reported_on}, done_on ${row.done_on}`, async () => {
      const part = partIn(await detail(ids.a1, row.as_of), 'TW-VPTW');
      assert.equal(part.done_on, row.done_on);
      assert.equal(part.reported_on, row.reported_on);
    });
    await t.test(`II.3.a-1 as of ${row.as_of}: ${row.progress} %, ${row.colour}`, async () => {
      const part = partIn(await detail(ids.a1, row.as_of), 'TW-VPTW');
      assert.equal(part.progress, row.progress);
      assert.equal(part.verdict.colour, row.colour);
      assert.equal(part.verdict.days_overdue, row.days || 0);
    });
  }
  await t.test('II.3.a-1 as of 2025-07-13: the state is the one of that day (open)', async () => {
      assert.equal(partIn(await detail(ids.a1, '2025-07-13'), 'TW-VPTW').state, 'open');
    });
});

// ---- 2025-07-25 ----

test('2025-07-25: July reports of the monthly II.3.d-1', async t => {
  await setToday('2025-07-25');
  const d1 = () => `/api/v1/tasks/${ids.d1}/report`;
  await runSteps(t, clients, [
    { label: 'BO-KHCN reports July (period 2025-07)', as: 'khcn', method: 'POST', path: d1, body: { unit: 'BO-KHCN', period: '2025-07', note: 'Báo cáo tháng 7' }, status: 200,
      check: r => {
        const h = lastHistory(r);
        assert.equal(h.kind, 'period_report');
        assert.equal(h.period, '2025-07');
        assert.equal(h.unit, 'BO-KHCN');
        assert.equal(h.actor, 'baocao.khcn');
        assert.equal(h.day, '2025-07-25');
        assert.equal(partOf(r, 'BO-KHCN').verdict.colour, 'green', 'July met, as of today');
      } },
    { label: 'the standing office reports for BO-QP without a period: the current one (2025-07)', as: 'standing', method: 'POST', path: d1, body: { unit: 'BO-QP' }, status: 200,
      check: r => assert.equal(lastHistory(r).period, '2025-07') },
    { label: 'BO-KHCN may not report for BO-CA → 403', as: 'khcn', method: 'POST', path: d1, body: { unit: 'BO-CA', period: '2025-07' }, status: 403, code: 'forbidden' },
  ], ctx);
  await t.test('a period that is not a period → 400 period', async () => {
    expectStatus(await clients.khcn.post(d1(), { unit: 'BO-KHCN', period: 'tháng bảy' }), 400, { code: 'validation_failed', field: 'period' });
  });
});

// ---- 2025-08-02 ----

test('2025-08-02: completions reported after the deadline are done late', async t => {
  await setToday('2025-08-02');
  await runSteps(t, clients, [
    { label: 'BO-NV reports II.3.a-3 (due 2025-07-31) done', as: 'bonv', method: 'POST', path: () => `/api/v1/tasks/${ids.a3}/report`, body: { unit: 'BO-NV' }, status: 200 },
    { label: 'the standing office accepts: done late by 2 days, not green', as: 'standing', method: 'POST', path: () => `/api/v1/tasks/${ids.a3}/accept`, body: { unit: 'BO-NV' }, status: 200,
      check: r => {
        const v = partOf(r, 'BO-NV').verdict;
        assert.equal(v.colour, 'done_late');
        assert.equal(v.late, true);
        assert.equal(v.days_overdue, 2);
        assert.equal(partOf(r, 'BO-NV').done_on, '2025-08-02');
        assert.equal(r.json.combined.verdict.colour, 'done_late');
      } },
    { label: 'P79 reports II.3.a-5 again', as: 'hcmRep', method: 'POST', path: () => `/api/v1/tasks/${ids.a5}/report`, body: { unit: 'P79' }, status: 200 },
    { label: 'the standing office accepts: done late', as: 'standing', method: 'POST', path: () => `/api/v1/tasks/${ids.a5}/accept`, body: { unit: 'P79' }, status: 200,
      check: r => { assert.equal(partOf(r, 'P79').verdict.colour, 'done_late'); assert.equal(partOf(r, 'P79').done_on, '2025-08-02'); } },
  ], ctx);
});

// ---- 2025-08-05 ----

test('2025-08-05: a missed monthly report is red, a made one is not', async t => {
  await setToday('2025-08-05');
  const TABLE = [
    ['BO-KHCN', 'July reported on 07-25', 'blue', 0],
    ['BO-QP', 'July reported on 07-25 (default period)', 'blue', 0],
    ['BO-CA', 'July not reported', 'red', 5],
  ];
  for (const [unit, why, colour, days] of TABLE) {
    await t.test(`II.3.d-1 ${unit} (${why}) → ${colour}`, async () => {
      const v = partIn(await detail(ids.d1), unit).verdict;
      assert.equal(v.colour, colour, JSON.stringify(v));
      assert.equal(v.days_overdue, days);
    });
  }
  await t.test('the combined colour of II.3.d-1 is its worst lead part: red', async () => {
    assert.equal((await detail(ids.d1)).combined.verdict.colour, 'red');
  });
  await t.test('BO-KHCN\'s July obligation counts green in its summary', async () => {
    // BO-KHCN's row in the ranking of the government's units (it has no units below it).
    const khcn = (await clients.admin.get('/api/v1/tasks/summary?unit=TW-CP&as_of=2025-08-05')).json.ranking.find(x => x.unit.code === 'BO-KHCN');
    const rows = await listAll(clients.admin, '/api/v1/tasks?unit=BO-KHCN&subtree=false&limit=500');
    const greenDated = rows.filter(it => it.task.deadline_kind !== 'recurring' && it.part.verdict.colour === 'green').length;
    assert.equal(khcn.counts.green, greenDated + 1, JSON.stringify(khcn.counts));
  });
});

test('2025-08-05: summary — P01, the only province done on time, ranks first', async t => {
  const s = (await clients.admin.get('/api/v1/tasks/summary?unit=VN')).json;
  assert.equal(s.as_of, '2025-08-05');
  const rows = s.ranking.filter(x => /^P\d\d$/.test(x.unit.code));
  assert.equal(rows.length, 34, 'the 34 provinces are ranked');
  const p01 = rows.find(x => x.unit.code === 'P01');
  const p79 = rows.find(x => x.unit.code === 'P79');
  await t.test('P01 ranks first, alone', () => {
    assert.equal(p01.rank, 1, JSON.stringify(s.ranking.slice(0, 3)));
    for (const x of s.ranking) if (x !== p01) assert.ok(x.rank > 1, `${x.unit.code} rank ${x.rank}`);
  });
  await t.test('greening_rate = green / (green + done_late + red) × 100, one decimal', () => {
    for (const x of s.ranking.concat([{ ...s.subtree, unit: { code: 'subtree' } }, { ...s.alone, unit: { code: 'alone' } }])) {
      const c = x.counts;
      const due = c.green + c.done_late + c.red;
      assert.equal(x.due, due, x.unit.code);
      assert.equal(x.greening_rate, due ? Math.round(c.green * 1000 / due) / 10 : 0, `${x.unit.code}: ${JSON.stringify(c)}`);
    }
    assert.ok(p01.counts.green >= 2, 'II.3.a-5 and sub-task A (under P01-X1)');
    assert.ok(p01.greening_rate > 0);
  });
  await t.test('P79, done late, is not green; the other provinces tie and share a rank', () => {
    assert.ok(p79.counts.done_late >= 1);
    assert.equal(p79.counts.green, 0);
    assert.equal(p79.greening_rate, 0);
    const others = rows.filter(x => x !== p01);
    assert.equal(new Set(others.map(x => x.rank)).size, 1, 'one shared rank');
    assert.equal(others[0].rank, 1 + s.ranking.filter(x => x.greening_rate > 0).length);
  });
  await t.test('a leader of P01 gets the same P01 summary, and P01\'s ranking of the units below', async () => {
    const mine = (await clients.hnLead.get('/api/v1/tasks/summary')).json;
    assert.equal(mine.unit.code, 'P01');
    assert.deepEqual(mine.subtree, { counts: p01.counts, greening_rate: p01.greening_rate, due: p01.due });
    const x1 = mine.ranking.find(x => x.unit.code === 'P01-X1');
    assert.equal(x1.counts.green, 1, 'sub-task A');
    assert.equal(x1.rank, 1);
  });
});

// ---- 2025-08-06 ----

test('2025-08-06: a late July report ends the red, counts as done late', async t => {
  await setToday('2025-08-06');
  // BO-CA's row in the ranking of the government's units (it has no units below it).
  const boca = async asOf => (await clients.admin.get(`/api/v1/tasks/summary?unit=TW-CP&as_of=${asOf}`)).json.ranking.find(x => x.unit.code === 'BO-CA').counts;
  const before = await boca('2025-08-05');
  await runSteps(t, clients, [
    { label: 'BO-CA reports July late', as: 'boca', method: 'POST', path: () => `/api/v1/tasks/${ids.d1}/report`, body: { unit: 'BO-CA', period: '2025-07' }, status: 200 },
  ], ctx);
  await t.test('as of 08-06 BO-CA\'s part is no longer red; as of 08-05 it still is', async () => {
    assert.notEqual(partIn(await detail(ids.d1), 'BO-CA').verdict.colour, 'red');
    assert.equal(partIn(await detail(ids.d1, '2025-08-05'), 'BO-CA').verdict.colour, 'red');
  });
  await t.test('BO-CA\'s summary: the July obligation moved from red to done late', async () => {
    const after = await boca('2025-08-06');
    assert.equal(after.red, before.red - 1, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    assert.equal(after.done_late, before.done_late + 1);
  });
});

// ---- history and audit ----

test('history: every report and decision, with actor, day and note; as_of cuts it', async t => {
  await t.test('II.3.a-1', async () => {
    const d = await detail(ids.a1);
    assert.deepEqual(d.history.map(h => [h.kind, h.actor, h.day, h.unit]), [
      ['progress', 'baocao.vptw', '2025-07-08', 'TW-VPTW'],
      ['progress', 'lanhdao.vptw', '2025-07-10', 'TW-VPTW'],
      ['report_done', 'baocao.vptw', '2025-07-14', 'TW-VPTW'],
      ['accept', 'thuongtruc', '2025-07-18', 'TW-VPTW'],
    ]);
    assert.deepEqual(d.history.map(h => h.note).slice(0, 3), ['Đã xây dựng dự thảo hướng dẫn', 'Đã lấy ý kiến các ban', 'Đã ban hành Hướng dẫn']);
    const order = d.history.map(h => h.id);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'oldest first');
    assert.deepEqual((await detail(ids.a1, '2025-07-13')).history.map(h => h.kind), ['progress', 'progress']);
  });
  await t.test('II.3.a-5, P79: reported, returned with the reason, reopened, reported, accepted', async () => {
    const d = await detail(ids.a5);
    assert.deepEqual(d.history.filter(h => h.unit === 'P79').map(h => [h.kind, h.actor, h.day]), [
      ['report_done', 'baocao.hcm', '2025-07-14'],
      ['return', 'thuongtruc', '2025-07-18'],
      ['progress', 'baocao.hcm', '2025-07-18'],
      ['report_done', 'baocao.hcm', '2025-08-02'],
      ['accept', 'thuongtruc', '2025-08-02'],
    ]);
    assert.equal(d.history.find(h => h.kind === 'return').note, 'Thiếu minh chứng: chưa có kế hoạch ban hành');
  });
});

test('audit: every task write is in /api/v1/audit, and the chain verifies', async t => {
  const audit = await listAll(clients.admin, '/api/v1/audit?limit=500');
  await t.test('one create entry per created task, by its creator', () => {
    for (const [id, actor] of [[ctx.created, 'thuongtruc'], [ctx.createdDue, 'thuongtruc'], [ctx.createdMonthly, 'thuongtruc'],
      [ctx.createdNone, 'thuongtruc'], [ctx.subA, 'lanhdao.hn'], [ctx.subB, 'lanhdao.hn'], [ctx.subC, 'lanhdao.hn']]) {
      const e = audit.filter(x => x.entity === 'task' && String(x.entity_id) === String(id));
      assert.equal(e.length, 1, `task ${id}`);
      assert.equal(e[0].action, 'create');
      assert.equal(e[0].actor, actor);
      assert.ok(e[0].after, 'the task as written');
    }
  });
  await t.test('one entry per history entry of every part, with the same action and actor', async () => {
    const touched = [ids.a1, ids.a3, ids.a5, ids.d1, ctx.subA, ctx.subB, ctx.subC];
    let n = 0;
    for (const id of touched) {
      const d = await detail(id);
      for (const code of new Set(d.history.map(h => h.unit))) {
        const hist = d.history.filter(h => h.unit === code).map(h => [h.kind, h.actor]);
        const entries = audit.filter(x => x.entity === 'task_part' && String(x.entity_id).split('/')[0] === String(id)
          && String(x.entity_id).includes(code)).reverse();
        assert.deepEqual(entries.map(x => [x.action, x.actor]), hist, `task ${id} part ${code}`);
        n += hist.length;
      }
    }
    const all = audit.filter(x => x.entity === 'task_part');
    assert.equal(all.length, n, 'no audit entry without a history entry: the refused writes left none');
  });
  await t.test('GET /audit/verify is ok', async () => {
    const r = await clients.admin.get('/api/v1/audit/verify');
    expectStatus(r, 200);
    assert.equal(r.json.ok, true, JSON.stringify(r.json));
  });
});
