// The dashboard as of a past day (issue 6: "the whole dashboard as it stood then"): its feedback
// figures (received by then, answered by then, open and overdue then) and its reporting
// completeness (a value first entered after the day was missing on it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { loggedIn, stopServer, restartOn } from './helpers.mjs';

let srv, proc;
const codes = [];

before(async () => {
  process.env.NQ57_TODAY = '2025-09-03';
  srv = await startServer();
  proc = srv.proc;
  const anon = new Client(srv.base);
  let admin = await loggedIn(srv, 'admin', srv.adminPassword);
  let r = await admin.post('/api/v1/indicators', { code: 'ASOF-PCT', name: 'Tỉ lệ thử theo ngày', direction: 'up',
    value_type: 'percent', aggregation: 'avg', period_type: 'month', reporters: ['province', 'city'], due_days: 10 });
  assert.equal(r.status, 201, r.text);
  const value = async (who, unit) => {
    const v = await who.req('PUT', '/api/v1/values', { indicator: 'ASOF-PCT', unit, period: '2025-08', value: 50 });
    assert.equal(v.status, 200, v.text);
  };
  await value(admin, 'P01');           // 3/9: on time (due 10/9)
  for (let i = 0; i < 3; i++) {
    const r = await anon.post('/api/v1/feedback', { kind: 'phan_anh', field: 'dvc', unit: 'P46',
      title: `Cổng dịch vụ công lỗi ${i}`, content: `Không tải được tệp lên cổng, lần ${i} (${Math.random()}).` });
    assert.equal(r.status, 201, r.text);
    codes.push(r.json.code);
  }
  // 12/9: the first is answered.
  proc = await restartOn(srv, proc, '2025-09-12');
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  await value(admin, 'P04');           // 12/9: late
  for (const body of [{ to: 'accepted' }, { to: 'answered', answer: 'Đã khắc phục lỗi tải tệp.' }]) {
    const r = await admin.post(`/api/v1/feedback/${codes[0]}/transition`, body);
    assert.equal(r.status, 200, r.text);
  }
  proc = await restartOn(srv, proc, '2025-10-20');
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  await value(admin, 'P46');           // 20/10: late, after the days looked at below
});
after(async () => {
  delete process.env.NQ57_TODAY;
  if (proc !== srv.proc) await new Promise(r => { proc.once('exit', r); proc.kill('SIGTERM'); });
  await stopServer(srv);
});

test('feedback on the dashboard as of past days', async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const fb = async day => {
    const r = await admin.get(`/api/v1/dashboard?unit=VN${day ? `&as_of=${day}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.feedback, `feedback figures as of ${day || 'today'}`);
    return r.json.feedback;
  };
  const due = (await new Client(srv.base).get(`/api/v1/feedback/${codes[1]}`)).json.due;
  assert.ok(due > '2025-09-12' && due < '2025-10-01', `due ${due}`);
  let f = await fb('2025-09-01');
  assert.deepEqual([f.received, f.answered, f.open, f.overdue], [0, 0, 0, 0], 'before any was received');
  assert.equal(f.as_of, '2025-09-01');
  f = await fb('2025-09-05');
  assert.deepEqual([f.received, f.answered, f.open, f.backlog, f.overdue], [3, 0, 3, 3, 0], 'received, none answered');
  f = await fb('2025-09-12');
  assert.deepEqual([f.received, f.answered, f.answered_on_time, f.open, f.overdue], [3, 1, 1, 2, 0], 'one answered on 12/9');
  f = await fb('2025-10-01');
  assert.deepEqual([f.received, f.answered, f.open, f.overdue], [3, 1, 2, 2], 'two past their due day');
  // Today (20/10) it is what the public statistics say.
  const today = await fb(null);
  const stats = (await new Client(srv.base).get('/api/v1/feedback/stats')).json.total;
  for (const k of ['received', 'answered', 'answered_on_time', 'overdue', 'open'])
    assert.equal(today[k], stats[k], k);
});

test('reporting completeness on the dashboard as of past days', async () => {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const comp = async day => {
    const r = await admin.get(`/api/v1/dashboard?unit=VN&as_of=${day}`);
    assert.equal(r.status, 200, r.text);
    const one = r.json.completeness.items.find(i => i.indicator === 'ASOF-PCT');
    assert.ok(one, `ASOF-PCT in the completeness of ${day}`);
    assert.equal(one.period, '2025-08', 'the latest period due on that day');
    return one;
  };
  let c = await comp('2025-09-11');
  assert.deepEqual([c.reported, c.on_time, c.late], [1, 1, 0], '11/9: Hà Nội only');
  c = await comp('2025-10-05');
  assert.deepEqual([c.reported, c.on_time, c.late], [2, 1, 1], '5/10: Hà Nội on time, P04 late; Huế not yet');
  assert.equal(c.missing, c.expected - 2);
  // Now all three are there, as /completeness says.
  const now = await admin.get('/api/v1/indicators/ASOF-PCT/completeness?unit=VN&period=2025-08');
  assert.equal(now.json.reported, 3);
});
