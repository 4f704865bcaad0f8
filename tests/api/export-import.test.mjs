// `nq57 export` and `nq57 import db`: a whole database carried to the other backend and back
// (SQLite to PostgreSQL and back, or the reverse when the suite runs on PostgreSQL; on SQLite
// without NQ57_PG_URL, SQLite to SQLite). Each dump of the same rows is the same bytes, so the
// round trip is checked by comparing the dumps, and by the counts and SHA-256 the commands
// print; a server on the copy takes the same password, serves the same file, and its ids go on
// after the ones carried (units made later become parents of earlier ones, reals, NULLs, a
// binary file and Vietnamese text travel too, and system 2's submissions, files and days).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, serveOn, stopServing, freshDatabase, otherDatabase, cli, BACKEND } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';

const PW = 'mat-khau-chuyen-kho-1';
let srv, copy, evidenceId, initiativeCode;
const feedbackCodes = [];
const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 256))]);

before(async () => {
  process.env.NQ57_TODAY = '2025-07-08';
  srv = await startServer({ users: [{ username: 'chuyen.kho', password: PW, unit: 'P01', role: 'reporter' }] });
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  // A commune, then a province made after it that becomes its parent (a parent with a larger id).
  expectStatus(await admin.post('/api/v1/units', { code: 'CK-1', name: 'Xã Chuyển Kho', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }), 201);
  expectStatus(await admin.post('/api/v1/units', { code: 'CK-P', name: 'Tỉnh Đích Đến', kind: 'province', parent: 'VN', valid_from: '2025-07-01' }), 201);
  expectStatus(await admin.patch('/api/v1/units/CK-1', { parent: 'CK-P', effective: '2025-07-05' }), 200);
  for (const [code, value_type, aggregation] of [['CK-R', 'ratio', 'wratio'], ['CK-N', 'number', 'max']])
    expectStatus(await admin.post('/api/v1/indicators', { code, name: `Chỉ tiêu chuyển kho ${code}`, direction: 'up',
      period_type: 'month', reporters: ['commune'], value_type, aggregation }), 201);
  expectStatus(await admin.req('PUT', '/api/v1/values', { indicator: 'CK-R', unit: 'CK-1', period: '2025-07', numerator: 1, denominator: 3, source: 'Sổ "gốc"\tcột 2\nhàng 3 \\ hết' }), 200);
  expectStatus(await admin.req('PUT', '/api/v1/values', { indicator: 'CK-N', unit: 'CK-1', period: '2025-07', value: 0.1 + 0.2 }), 200);
  const rows = (await admin.get('/api/v1/tasks?role=lead&limit=500&as_of=2025-12-31')).json.items;
  const task = rows.find(it => it.task.key === '05TB-II.3.a-1');
  assert.ok(task, 'the bundled task 05TB-II.3.a-1');
  const up = await fetch(`${srv.base}/api/v1/tasks/${task.task.id}/evidence?unit=TW-VPTW&name=tep-nhi-phan.pdf`, {
    method: 'POST', body: bytes, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/pdf' } });
  const text = await up.text();
  assert.ok(up.status === 200 || up.status === 201, `upload: ${up.status} ${text}`);
  evidenceId = JSON.parse(text).id ?? JSON.parse(text).evidence?.id;
  assert.ok(evidenceId, text);
  // System 2: the same submission twice (the second points at the first), with the submitter's
  // contact and a file; a routing rule (NULL kind and field); two calendar days (booleans).
  const item = { kind: 'kien_nghi', field: 'dvc', title: 'Kiến nghị chuyển kho', unit: 'P01',
    content: 'Đề nghị mở thêm quầy "một cửa"\tở xã\nvào thứ Bảy \\ cuối tuần', contact_name: 'Lê Văn Chuyển',
    contact_phone: '0912345678' };
  for (let i = 0; i < 2; i++) {
    const f = await fetch(`${srv.base}/api/v1/feedback`, { method: 'POST', body: JSON.stringify(item),
      headers: { 'content-type': 'application/json' } });
    const body = await f.json();
    assert.equal(f.status, 201, JSON.stringify(body));
    feedbackCodes.push(body.code);
  }
  const fu = await fetch(`${srv.base}/api/v1/feedback/${feedbackCodes[0]}/files?name=anh.png`, { method: 'POST',
    body: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), bytes]), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(fu.status, 201, await fu.text());
  expectStatus(await admin.post('/api/v1/feedback/routing', { concerns: 'P01', target: 'CK-P', position: 7 }), 201);
  expectStatus(await admin.req('PUT', '/api/v1/calendar/days/2025-08-30', { name: 'Làm bù', working: true }), 200);
  expectStatus(await admin.req('PUT', '/api/v1/calendar/days/2025-09-01', { name: 'Nghỉ bù', working: false }), 200);
  // An initiative with an attachment: an evidence row with no task part (part_id NULL).
  const reg = await fetch(`${srv.base}/api/v1/initiatives`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bản đồ số dùng chung cho chính quyền địa phương', field: 'du-lieu-lon',
      problem: 'Mỗi xã tự vẽ bản đồ riêng.', solution: 'Một bản đồ số mở, cập nhật từ dữ liệu công.',
      impact: 'Giảm trùng lặp.', proposer_kind: 'person', proposer_name: 'Trần Thị Bình', phone: '0912 345 678' }) });
  const regText = await reg.text();
  assert.equal(reg.status, 201, regText);
  initiativeCode = JSON.parse(regText).code;
  const att = await fetch(`${srv.base}/api/v1/initiatives/track/${initiativeCode}/attachments?name=thuyet-minh.pdf`,
    { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  assert.ok(att.status === 200 || att.status === 201, `attachment: ${att.status} ${await att.text()}`);
});
after(async () => {
  await stopServing(copy);
  await stopServer(srv);
});

// Runs `nq57 export`; returns the dump's bytes and what the command printed.
function exportDb(db, name) {
  const file = join(srv.dir, `${name}.dump`);
  const r = cli(['export', '--db', db, '--to', file]);
  return { bytes: readFileSync(file), out: r.stdout, file };
}
const counts = out => out.split('\n').filter(l => /^[a-z_]+ \d+$/.test(l)).join('\n');
const sha = out => /sha256 ([0-9a-f]{64})/.exec(out)?.[1];

test('there and back: the same dump, counts and hash at every step', async () => {
  const first = exportDb(srv.db, 'first');
  assert.match(counts(first.out), /^units \d+$/m);
  assert.match(counts(first.out), /^evidence 2$/m);
  assert.match(counts(first.out), /^initiatives 1$/m);
  assert.match(counts(first.out), /^indicator_values 2$/m);
  for (const line of ['feedback 2', 'feedback_contacts 2', 'feedback_files 1', 'feedback_routes 1', 'calendar_days 2'])
    assert.match(counts(first.out), new RegExp(`^${line}$`, 'm'));
  const other = otherDatabase(srv, 'other') ?? freshDatabase(srv, 'other');
  const imported = cli(['import', 'db', '--db', other, first.file]);
  assert.equal(counts(imported.stdout), counts(first.out), 'the import loads every row');
  assert.equal(sha(imported.stdout), sha(first.out));
  assert.match(imported.stdout, /dumps identical to the file; \d+ audit rows, hash chain intact/);
  const second = exportDb(other, 'second');
  assert.ok(second.bytes.equals(first.bytes), `the copy (${other.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}) dumps the same bytes`);
  const back = freshDatabase(srv, 'back');
  cli(['import', 'db', '--db', back, second.file]);
  assert.ok(exportDb(back, 'third').bytes.equals(first.bytes), 'and back again: the same bytes');
  assert.equal(cli(['audit', 'verify', '--db', back], { allowFail: true }).status, 0);

  // A server on the copy: the same password, the same file, new ids after the carried ones.
  copy = await serveOn(other, ['--quiet']);
  const admin = await loggedIn({ base: copy.base }, 'admin', srv.adminPassword);
  const unit = await admin.get('/api/v1/units/CK-1');
  expectStatus(unit, 200);
  assert.equal(unit.json.parent_code ?? unit.json.parent?.code ?? unit.json.parent, 'CK-P');
  expectStatus(await admin.post('/api/v1/units', { code: 'CK-2', name: 'Xã Mới Sau Chuyển', kind: 'commune', parent: 'CK-P', valid_from: '2025-07-01' }), 201,
    { label: 'a new unit on the copy' });
  const source = await loggedIn(srv, 'admin', srv.adminPassword);
  for (const ind of ['CK-N', 'CK-R']) {
    const path = `/api/v1/values?indicator=${ind}&unit=CK-P&period=2025-07`;
    const [want, got] = [(await source.get(path)).json.items, (await admin.get(path)).json.items];
    assert.equal(got.length, 1);
    assert.deepEqual(got, want, `${ind}: the value as the source serves it, ids and times included`);
  }
  const s = (await admin.get('/api/v1/values?indicator=CK-R&unit=CK-P&period=2025-07')).json.items[0];
  assert.equal(s.source, 'Sổ "gốc"\tcột 2\nhàng 3 \\ hết');
  assert.deepEqual([s.numerator, s.denominator], [1, 3]);
  for (const code of feedbackCodes) {
    const path = `/api/v1/feedback/${code}`;
    const [want, got] = [(await source.get(path)).json, (await admin.get(path)).json];
    assert.deepEqual(got, want, `${code}: the submission as the source serves it`);
  }
  assert.deepEqual((await admin.get('/api/v1/calendar/days?year=2025')).json,
                   (await source.get('/api/v1/calendar/days?year=2025')).json, 'the calendar days');
  const down = await fetch(`${copy.base}/api/v1/evidence/${evidenceId}`, { headers: { cookie: admin.cookie } });
  assert.equal(down.status, 200);
  assert.deepEqual(Buffer.from(await down.arrayBuffer()), bytes);
  const tracked = await fetch(`${copy.base}/api/v1/initiatives/track/${initiativeCode}`);
  const trackedText = await tracked.text();
  assert.equal(tracked.status, 200, trackedText);
  assert.equal(JSON.parse(trackedText).code, initiativeCode, 'the initiative travels with its code');
});

test('import refuses a database that holds data, and a file that is not a dump', () => {
  const first = join(srv.dir, 'first.dump');
  const r = cli(['import', 'db', '--db', srv.db, first], { allowFail: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /holds data already/);
  const junk = join(srv.dir, 'junk.dump');
  cli(['export', '--db', srv.db, '--to', junk]);
  const again = cli(['export', '--db', srv.db, '--to', junk], { allowFail: true });
  assert.equal(again.status, 1, 'export never overwrites');
  const fresh = freshDatabase(srv, 'junk');
  const bad = cli(['import', 'db', '--db', fresh, join(srv.dir, 'nope.dump')], { allowFail: true });
  assert.notEqual(bad.status, 0);
  const notDump = cli(['import', 'db', '--db', fresh, new URL(import.meta.url).pathname], { allowFail: true });
  assert.equal(notDump.status, 1);
  assert.match(notDump.stderr, /import failed: .*line 1|import failed: the dump has the migrations/);
  // A dump of another schema (here: one migration fewer recorded) is refused before loading.
  const lines = readFileSync(first, 'utf8').split('\n');
  const start = lines.findIndex(l => l.startsWith('{"table":"schema_migrations"'));
  assert.equal(start, 1, 'schema_migrations comes first');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('{'));
  const older = join(srv.dir, 'older.dump');
  writeFileSync(older, [...lines.slice(0, end - 1), ...lines.slice(end)].join('\n'));
  const refused = cli(['import', 'db', '--db', fresh, older], { allowFail: true });
  assert.equal(refused.status, 1);
  const m = /the dump has the migrations ([\d,]+) this database ([\d,]+):/.exec(refused.stderr);
  assert.ok(m, refused.stderr);
  assert.equal(m[2], `${m[1]}${m[2].split(',').at(-2)},`, 'the dump lacks the last migration');
  assert.match(cli(['export', '--db', fresh, '--to', join(srv.dir, 'fresh.dump')]).stdout, /^units 0$/m, 'nothing was loaded');
});
