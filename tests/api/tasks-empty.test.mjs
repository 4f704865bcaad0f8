// Tasks (system 1) over real HTTP, part 3: replies with nothing in them. A list or export with
// no rows, and the summary of a unit with no units below it, are ordinary 200 replies.
//
// Kept apart from the other task tests because the server built with UBSan (`make SAN=1`, the
// last stage of scripts/test.sh) dies on them: qsort() is called with a NULL array and a count
// of 0 (src/api_tasks.c, collect() and api_tasks_summary()), which UBSan reports as "null
// pointer passed as argument 1" and, with halt_on_error=1, aborts. A crash here takes only
// this file's server down. Under the sanitizer build these checks are todo until that is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, BIN } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer } from './helpers.mjs';

const SAN_BUG = /san/.test(BIN)
  ? 'BUG under UBSan: qsort(NULL, 0, …) in src/api_tasks.c aborts the server on an empty task list or a leaf unit\'s summary'
  : undefined;

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
