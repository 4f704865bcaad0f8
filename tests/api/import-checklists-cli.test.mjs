// Behaviour the conformance table only shapes: the CSV import's grouping and all-or-nothing
// rule, the checklist rules (green = every criterion met; a parent's share of green units and
// its band; answers as of a day), and `nq57 deadline`'s one line and exit status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/server.mjs';
import { expectStatus, stopServer } from './helpers.mjs';

const PW = 'mat-khau-dai-123';
let srv, office, reporter;
before(async () => {
  srv = await startServer({ users: [
    { username: 'vp.tw', password: PW, unit: 'TW-VPTW', role: 'standing_office' },
    { username: 'bc.hn', password: PW, unit: 'P01', role: 'reporter' },
  ] });
  office = new Client(srv.base); await office.login('vp.tw', PW);
  reporter = new Client(srv.base); await reporter.login('bc.hn', PW);
});
after(async () => { await stopServer(srv); });

async function postCsv(client, csv) {
  return client.req('POST', '/api/v1/tasks/import', csv, { 'content-type': 'text/csv' });
}

test('import: consecutive rows of one task become its parts; rows with an id are skipped', async () => {
  const csv = 'id,document,section,task_group,title,unit,role,deadline_text,due\r\n' +
    ',05-TB/BCĐTW,II.9,5,"Tổng hợp, báo cáo",BO-KHCN,lead,Hoàn thành trong tháng 12/2026,\r\n' +
    ',05-TB/BCĐTW,II.9,5,"Tổng hợp, báo cáo",BO-TC,coordinator,Hoàn thành trong tháng 12/2026,\r\n' +
    ',,,,Việc thứ hai,P01,lead,,2026-10-01\r\n' +
    '1,,,,đã có,BO-KHCN,lead,,\r\n';
  const r = await postCsv(office, csv);
  expectStatus(r, 200);
  assert.deepEqual(r.json, { created: 2, skipped: 1 });
  const l = await office.get('/api/v1/tasks?unit=TW&q=tong%20hop%2C%20bao%20cao&limit=50');
  const parts = l.json.items.filter(i => i.task.title === 'Tổng hợp, báo cáo');
  assert.deepEqual(parts.map(p => [p.part.unit.code, p.part.role]).sort(), [['BO-KHCN', 'lead'], ['BO-TC', 'coordinator']]);
  assert.equal(parts[0].task.due, '2026-12-31');
  assert.equal(parts[0].task.document.number, '05-TB/BCĐTW');
});

test('import: one bad row rejects the whole file, naming the line and the column', async () => {
  const before = (await office.get('/api/v1/tasks?unit=VN&limit=1')).json.total;
  const csv = 'id,title,unit,role,deadline_text,due\r\n' +
    ',Việc tốt,P01,lead,,2026-10-01\r\n' +
    ',Việc hỏng,P01,lead,sớm nhất có thể,\r\n';
  const r = await postCsv(office, csv);
  expectStatus(r, 400, { code: 'validation_failed', field: 'deadline_text' });
  assert.match(r.json.error.message, /line 3/);
  assert.equal((await office.get('/api/v1/tasks?unit=VN&limit=1')).json.total, before, 'nothing written');
  expectStatus(await postCsv(office, 'id,title\r\n,x\r\n'), 400, { field: 'unit' });
  expectStatus(await office.req('POST', '/api/v1/tasks/import', '{}', { 'content-type': 'application/json' }), 400);
  expectStatus(await postCsv(reporter, 'id,title,unit,role\r\n,x,P01,lead\r\n'), 403);
});

test('checklists: green means every criterion met; the parent shows the share and its band', async () => {
  // Two communes under P01 and a checklist of two criteria for communes.
  for (const code of ['P01-T1', 'P01-T2'])
    expectStatus(await office.post('/api/v1/units', { code, name: `Xã ${code}`, kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }), 201);
  const c = await office.post('/api/v1/checklists', { code: 'THU', name: 'Tiêu chí thử', unit_kinds: ['commune'], criteria: ['Có mạng', 'Có chữ ký số'] });
  expectStatus(c, 201);
  const [c1, c2] = c.json.criteria.map(x => x.id);
  const id = c.json.id;
  // Nothing answered: no unit is green.
  let s = await office.get(`/api/v1/checklists/${id}/summary?unit=P01`);
  assert.deepEqual(s.json.total, { units: 2, green: 0, share: 0, band: 'under_50' });
  // T1 meets both, T2 one of two: 1 of 2 green, not over 50 %.
  expectStatus(await reporter.post(`/api/v1/checklists/${id}/units/P01-T1`, { answers: [{ criterion: c1, met: true }, { criterion: c2, met: true }] }), 200);
  const t2 = await reporter.post(`/api/v1/checklists/${id}/units/P01-T2`, { answers: [{ criterion: c1, met: true, note: 'đã lắp' }] });
  expectStatus(t2, 200);
  assert.equal(t2.json.green, false);
  assert.equal(t2.json.criteria.find(x => x.id === c2).met, null, 'not answered');
  s = await office.get(`/api/v1/checklists/${id}/summary?unit=P01`);
  assert.deepEqual(s.json.total, { units: 2, green: 1, share: 50, band: 'under_50' });
  expectStatus(await reporter.post(`/api/v1/checklists/${id}/units/P01-T2`, { answers: [{ criterion: c2, met: true }] }), 200);
  s = await office.get(`/api/v1/checklists/${id}/summary?unit=VN`);
  const p01 = s.json.children.find(x => x.unit.code === 'P01');
  assert.deepEqual({ units: p01.units, green: p01.green, band: p01.band }, { units: 2, green: 2, band: 'all' });
  // Answers count from their day: nothing was met the day before.
  const yesterday = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
  const past = await office.get(`/api/v1/checklists/${id}/units/P01-T1?as_of=${yesterday}`);
  assert.equal(past.json.met, 0);
  // Rules: the unit must be of the checklist's kinds; criteria must belong to it; scope holds.
  expectStatus(await reporter.post(`/api/v1/checklists/${id}/units/P01`, { answers: [{ criterion: c1, met: true }] }), 400);
  expectStatus(await reporter.post(`/api/v1/checklists/${id}/units/P01-T1`, { answers: [{ criterion: 999999, met: true }] }), 400, { field: 'answers' });
  expectStatus(await office.post('/api/v1/units', { code: 'P79-T9', name: 'Xã ngoài', kind: 'commune', parent: 'P79' }), 201);
  expectStatus(await reporter.post(`/api/v1/checklists/${id}/units/P79-T9`, { answers: [{ criterion: c1, met: true }] }), 403);
  expectStatus(await reporter.post('/api/v1/checklists', { code: 'X', name: 'x', unit_kinds: ['commune'], criteria: ['a'] }), 403);
  expectStatus(await office.post('/api/v1/checklists', { code: 'THU', name: 'x', unit_kinds: ['commune'], criteria: ['a'] }), 409, { field: 'code' });
});

test('nq57 deadline prints one line and exits 1 when it cannot read', () => {
  const cases = [
    ['trước ngày 15/7/2025', 'due 2025-07-15', 0],
    ['Hoàn thành trong tháng 8/2025', 'due 2025-08-31', 0],
    ['Quý I/2025', 'due 2025-03-31', 0],
    ['trong năm 2025', 'due 2025-12-31', 0],
    ['Hằng tháng báo cáo Thường trực Ban Chỉ đạo', 'recurring monthly', 0],
    ['Định kỳ hằng tháng', 'recurring monthly', 0],
    ['định kỳ 6 tháng', 'recurring six-monthly', 0],
    ['thường xuyên', 'none', 0],
    ['sớm nhất có thể', /^unreadable: /, 1],
  ];
  for (const [text, want, status] of cases) {
    const r = cli(['deadline', text], { allowFail: true });
    assert.equal(r.status, status, text);
    const line = r.stdout.trim();
    assert.equal(line.split('\n').length, 1, 'one line');
    if (want instanceof RegExp) assert.match(line, want); else assert.equal(line, want, text);
  }
  assert.match(cli(['deadline', 'Báo cáo Thường trực Ban Chỉ đạo định kỳ và đột xuất.'], { allowFail: true }).stdout, /^recurring .*on demand/);
});
