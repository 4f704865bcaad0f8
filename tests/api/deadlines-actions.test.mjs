// The deadline preview (GET /api/v1/deadlines/read) and the actions a task detail offers the
// caller: the same rules the server enforces, so a UI need not re-derive them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { expectStatus, stopServer } from './helpers.mjs';

const PW = 'mat-khau-dai-123';
let srv, admin, reporter, leader;
before(async () => {
  srv = await startServer({ users: [
    { username: 'baocao.khcn', password: PW, unit: 'BO-KHCN', role: 'reporter' },
    { username: 'lanhdao.hn', password: PW, unit: 'P01', role: 'leader' },
  ] });
  admin = new Client(srv.base); await admin.login('admin', srv.adminPassword);
  reporter = new Client(srv.base); await reporter.login('baocao.khcn', PW);
  leader = new Client(srv.base); await leader.login('lanhdao.hn', PW);
});
after(async () => { await stopServer(srv); });

const READINGS = [
  ['trước ngày 15/7/2025', { kind: 'date', due: '2025-07-15', period: null }],
  ['Hoàn thành trong tháng 8/2025', { kind: 'date', due: '2025-08-31' }],
  ['Quý I/2025', { kind: 'date', due: '2025-03-31' }],
  ['Hằng tháng báo cáo Thường trực Ban Chỉ đạo', { kind: 'recurring', period: 'month', due: null }],
  ['định kỳ 6 tháng', { kind: 'recurring', period: 'half_year' }],
  ['thường xuyên', { kind: 'none', due: null }],
  ['sớm nhất có thể', { kind: 'unreadable', due: null }],
  ['trước ngày 31/2/2025', { kind: 'unreadable' }],
];

test('the deadline preview reads every form the way tasks are created', async t => {
  for (const [text, want] of READINGS) {
    await t.test(text, async () => {
      const r = await reporter.get('/api/v1/deadlines/read?text=' + encodeURIComponent(text));
      expectStatus(r, 200);
      for (const [k, v] of Object.entries(want)) assert.equal(r.json[k], v, k);
      assert.equal(typeof r.json.description, 'string');
      if (want.kind === 'unreadable') assert.ok(r.json.reason.length > 0, 'says why');
    });
  }
  expectStatus(await reporter.get('/api/v1/deadlines/read'), 400, { code: 'validation_failed', field: 'text' });
  expectStatus(await new Client(srv.base).get('/api/v1/deadlines/read?text=x'), 401);
});

async function taskLedBy(unit) {
  const r = await admin.get(`/api/v1/tasks?unit=${unit}&subtree=false&role=lead&limit=500`);
  return r.json.items.find(i => i.task.deadline_kind === 'date').task.id;
}

test('a task detail says what the caller may do, and the role is part of the cache key', async () => {
  const id = await taskLedBy('BO-KHCN');
  const asReporter = (await reporter.get(`/api/v1/tasks/${id}`)).json.actions;
  assert.deepEqual(asReporter.report, ['BO-KHCN']);
  assert.equal(asReporter.decide, false);
  const asAdmin = (await admin.get(`/api/v1/tasks/${id}`)).json.actions;
  assert.equal(asAdmin.decide, true);
  assert.ok(asAdmin.report.includes('BO-KHCN'));
  // Read again as the reporter: a cached reply built for the admin must not leak its actions.
  const again = (await reporter.get(`/api/v1/tasks/${id}`)).json.actions;
  assert.equal(again.decide, false);
  // A province leader on a task every province leads: may report for P01 only.
  const all = await admin.get('/api/v1/tasks?unit=P01&subtree=false&role=lead&limit=500');
  const shared = all.json.items[0].task.id;
  const asLeader = (await leader.get(`/api/v1/tasks/${shared}`)).json;
  assert.deepEqual(asLeader.actions.report, ['P01']);
  assert.ok(asLeader.parts.every(p => p.unit.code === 'P01'), 'only the parts in scope are shown');
});
