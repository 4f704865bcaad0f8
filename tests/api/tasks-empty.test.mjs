// Lists, exports and summaries with nothing in them: 200 with empty items, a header-only CSV,
// an empty ranking. They once crashed the sanitizer build (qsort() with a NULL array and a count
// of 0, which UBSan reports), so they stay in their own file, where a crash takes only this
// file's server down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';


let srv, admin;
before(async () => {
  process.env.NQ57_TODAY = '2025-07-20';
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
});
after(async () => { await stopServer(srv); });

const EMPTY = [
  ['a unit with no part of its own (TW, subtree=false)', '/api/v1/tasks?unit=TW&subtree=false'],
  ['a search that finds nothing', '/api/v1/tasks?q=zzqqxx'],
  ['due dates no task has', '/api/v1/tasks?due_from=2030-01-01'],
];

test('a task list with no rows is 200 with no items, total 0 and zero counts', async t => {
  for (const [label, path] of EMPTY) {
    await t.test(label, async () => {
      const r = await admin.get(path);
      expectStatus(r, 200, { label: path });
      assert.deepEqual(r.json.items, []);
      assert.equal(r.json.next_cursor, null);
      assert.equal(r.json.total, 0);
      assert.deepEqual(r.json.counts, { green: 0, blue: 0, yellow: 0, red: 0, grey: 0, done_late: 0 });
    });
  }
});

test('an export with no rows is the header line alone', async () => {
  const r = await admin.get('/api/v1/tasks/export.csv?q=zzqqxx');
  expectStatus(r, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/csv/);
  const lines = r.text.split(/\r?\n/).filter(Boolean);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^"?id"?,/);
});

test('the summary of a unit with no units below it has an empty ranking', async () => {
  const r = await admin.get('/api/v1/tasks/summary?unit=BO-CA&as_of=2025-08-05');
  expectStatus(r, 200);
  assert.equal(r.json.unit.code, 'BO-CA');
  assert.deepEqual(r.json.ranking, []);
  assert.deepEqual(r.json.alone, r.json.subtree, 'alone is the whole subtree');
  assert.ok(r.json.alone.counts.red >= 1, 'July of II.3.d-1 was missed');
});
