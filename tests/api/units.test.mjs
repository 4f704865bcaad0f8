// The unit tree: reads, search without diacritics, history (as_of), and writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { runSteps, loggedIn, listAll, walkTree, expectStatus, stopServer } from './helpers.mjs';

const UNIT_KEYS = ['active', 'child_count', 'code', 'kind', 'name', 'parent', 'valid_from', 'valid_to'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let srv, admin, root;
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
  const me = await admin.get('/api/v1/auth/me');
  root = me.json.scope.code;
});
after(async () => { await stopServer(srv); });

function assertUnit(u, label = '') {
  for (const k of UNIT_KEYS) assert.ok(k in u, `${label} Unit has "${k}": ${JSON.stringify(u)}`);
  assert.equal(typeof u.code, 'string');
  assert.equal(typeof u.name, 'string');
  assert.equal(typeof u.active, 'boolean');
  assert.ok(Number.isInteger(u.child_count) && u.child_count >= 0, 'child_count');
  assert.ok(u.parent === null || typeof u.parent === 'string', 'parent');
  assert.match(u.valid_from, DATE);
  assert.ok(u.valid_to === null || DATE.test(u.valid_to), 'valid_to');
}
const codes = items => items.map(u => u.code);
const subtreeRoot = r => (r.json && r.json.unit && !r.json.code ? r.json.unit : r.json);

test('tree: default root is the caller\'s scope unit, default depth 2', async () => {
  const r = await admin.get('/api/v1/units/tree');
  expectStatus(r, 200, { label: 'tree' });
  assert.ok(r.json.unit, 'reply is {"unit": ...}');
  assert.equal(r.json.unit.code, root);
  assert.equal(r.json.unit.parent, null);
  let maxDepth = 0, seen = 0;
  walkTree(r.json.unit, (n, d) => { assertUnit(n, 'tree node'); maxDepth = Math.max(maxDepth, d); seen++; });
  assert.ok(maxDepth <= 2, `depth 2 by default, got ${maxDepth}`);
  assert.ok(seen > 34, `the provinces are in the first two levels (${seen} nodes)`);
  const all = []; walkTree(r.json.unit, n => all.push(n.code));
  assert.ok(all.includes('P01') && all.includes('P79'), 'P01 and P79 in the default tree');
});

test('tree: root and depth parameters', async () => {
  const r = await admin.get('/api/v1/units/tree?root=P01&depth=1');
  expectStatus(r, 200);
  assert.equal(r.json.unit.code, 'P01');
  assert.equal(r.json.unit.name, 'Thành phố Hà Nội');
  walkTree(r.json.unit, (n, d) => assert.ok(d <= 1, 'depth 1'));
  const z = await admin.get(`/api/v1/units/tree?root=${root}&depth=0`);
  if (z.status === 200) assert.equal((z.json.unit.children || []).length, 0, 'depth 0 is the root alone');
  else expectStatus(z, 400, { code: 'validation_failed', field: 'depth' });
  expectStatus(await admin.get('/api/v1/units/tree?root=NO-SUCH'), 404, { code: 'not_found' });
  expectStatus(await admin.get('/api/v1/units/tree?depth=-1'), 400, { code: 'validation_failed', field: 'depth' });
  expectStatus(await admin.get('/api/v1/units/tree?depth=abc'), 400, { code: 'validation_failed', field: 'depth' });
  const deep = await admin.get('/api/v1/units/tree?depth=11');
  if (deep.status === 200) walkTree(deep.json.unit, (n, d) => assert.ok(d <= 10, 'max depth 10'));
  else expectStatus(deep, 400, { code: 'validation_failed', field: 'depth' });
});

test('detail: ancestors (root first), history, predecessors, successors', async () => {
  const r = await admin.get('/api/v1/units/P01');
  expectStatus(r, 200);
  assertUnit(r.json);
  assert.equal(r.json.code, 'P01');
  assert.equal(r.json.name, 'Thành phố Hà Nội');
  assert.equal(r.json.kind, 'city');
  assert.equal(r.json.active, true);
  assert.ok(Array.isArray(r.json.ancestors) && r.json.ancestors.length >= 1, 'ancestors');
  assert.equal(r.json.ancestors[0].code, root, 'root first');
  assert.equal(r.json.ancestors.at(-1).code, r.json.parent, 'last ancestor is the parent');
  assert.ok(!codes(r.json.ancestors).includes('P01'), 'not its own ancestor');
  for (const a of r.json.ancestors) assert.equal(typeof a.name, 'string');
  assert.ok(Array.isArray(r.json.history) && r.json.history.length >= 1, 'history');
  assert.ok(Array.isArray(r.json.predecessors) && Array.isArray(r.json.successors));
  assert.deepEqual(r.json.successors, [], 'Hà Nội is current');
});

test('children and subtree', async () => {
  const p = await admin.get('/api/v1/units/P01');
  const parent = p.json.parent;
  const ch = await admin.get(`/api/v1/units/${parent}/children`);
  expectStatus(ch, 200);
  assert.ok(Array.isArray(ch.json.items));
  ch.json.items.forEach(u => { assertUnit(u); assert.equal(u.parent, parent); });
  assert.ok(codes(ch.json.items).includes('P01'));
  assert.ok(!codes(ch.json.items).includes('OLD-P80'), 'former provinces are not current children');
  const st = await admin.get(`/api/v1/units/${root}/subtree`);
  expectStatus(st, 200);
  const top = subtreeRoot(st);
  assert.equal(top.code, root);
  const all = []; let maxDepth = 0;
  walkTree(top, (n, d) => { all.push(n.code); maxDepth = Math.max(maxDepth, d); });
  assert.ok(all.includes('P01') && all.includes('P66') && all.includes('P79'));
  const st1 = await admin.get(`/api/v1/units/${root}/subtree?depth=1`);
  expectStatus(st1, 200);
  walkTree(subtreeRoot(st1), (n, d) => assert.ok(d <= 1, 'depth=1'));
  expectStatus(await admin.get('/api/v1/units/NO-SUCH/children'), 404, { code: 'not_found' });
  expectStatus(await admin.get('/api/v1/units/NO-SUCH/subtree'), 404, { code: 'not_found' });
});

test('search is diacritic- and case-insensitive', async t => {
  const cases = [
    ['ha noi', 'P01', 'Thành phố Hà Nội'],
    ['HA NOI', 'P01', 'Thành phố Hà Nội'],
    ['hà nội', 'P01', 'Thành phố Hà Nội'],
    ['Hà Nội'.normalize('NFD'), 'P01', 'Thành phố Hà Nội'],
    ['dak lak', 'P66', 'Tỉnh Đắk Lắk'],
    ['DAK LAK', 'P66', 'Tỉnh Đắk Lắk'],
    ['đắk lắk', 'P66', 'Tỉnh Đắk Lắk'],
    ['ho chi minh', 'P79', 'Thành phố Hồ Chí Minh'],
    ['da nang', 'P48', 'Thành phố Đà Nẵng'],
  ];
  for (const [q, code, name] of cases) {
    await t.test(`q=${JSON.stringify(q)} finds ${code}`, async () => {
      const r = await admin.get('/api/v1/units?q=' + encodeURIComponent(q));
      expectStatus(r, 200);
      assert.ok('next_cursor' in r.json, 'paged reply');
      const hit = r.json.items.find(u => u.code === code);
      assert.ok(hit, `${code} in ${JSON.stringify(codes(r.json.items))}`);
      assert.equal(hit.name, name);
      assertUnit(hit);
    });
  }
  await t.test('"ha noi" does not find Đắk Lắk', async () => {
    const r = await admin.get('/api/v1/units?q=ha%20noi');
    assert.ok(!codes(r.json.items).includes('P66'));
  });
  await t.test('kind filter', async () => {
    const items = await listAll(admin, '/api/v1/units?kind=province&limit=500');
    assert.ok(items.length >= 28, `28 provinces, got ${items.length}`);
    items.forEach(u => assert.equal(u.kind, 'province'));
    assert.ok(codes(items).includes('P66'));
  });
  await t.test('34 current provincial units (provinces and cities)', async () => {
    const prov = await listAll(admin, '/api/v1/units?kind=province&limit=500');
    const city = await listAll(admin, '/api/v1/units?kind=city&limit=500');
    assert.equal(prov.length + city.length, 34, `${prov.length} provinces + ${city.length} cities`);
  });
  await t.test('paging with limit and cursor returns each unit once', async () => {
    const all = await listAll(admin, '/api/v1/units?limit=7');
    const set = new Set(codes(all));
    assert.equal(set.size, all.length, 'no duplicates across pages');
    assert.ok(set.has('P01') && set.has('P96'));
    const first = await admin.get('/api/v1/units?limit=7');
    assert.equal(first.json.items.length, 7);
    assert.equal(typeof first.json.next_cursor, 'string');
  });
});

test('history: as_of=2025-06-01 shows the former provinces, not the new P80', async () => {
  const before = await listAll(admin, '/api/v1/units?as_of=2025-06-01&limit=500');
  const old = before.find(u => u.code === 'OLD-P80');
  assert.ok(old, 'OLD-P80 listed as of 2025-06-01');
  assert.match(old.name, /Long An/);
  assert.equal(old.active, true, 'active as of 2025-06-01');
  assert.ok(!codes(before).includes('P80'), 'the new P80 did not exist yet');
  const search = await admin.get('/api/v1/units?as_of=2025-06-01&q=long%20an');
  expectStatus(search, 200);
  assert.ok(codes(search.json.items).includes('OLD-P80'), 'searchable as of then');
  const p80then = await admin.get('/api/v1/units/P80?as_of=2025-06-01');
  expectStatus(p80then, 404, { code: 'not_found', label: 'P80 as of 2025-06-01' });

  const now = await listAll(admin, '/api/v1/units?limit=500');
  assert.ok(!codes(now).includes('OLD-P80'), 'inactive units are not listed by default');
  assert.ok(codes(now).includes('P80'));
  const inactive = await listAll(admin, '/api/v1/units?include_inactive=true&q=long%20an&limit=500');
  const o = inactive.find(u => u.code === 'OLD-P80');
  assert.ok(o, 'include_inactive lists OLD-P80');
  assert.equal(o.active, false);

  const tree = await admin.get('/api/v1/units/tree?as_of=2025-06-01&depth=3');
  expectStatus(tree, 200);
  const inTree = []; walkTree(tree.json.unit, n => inTree.push(n.code));
  assert.ok(inTree.includes('OLD-P80') && !inTree.includes('P80'), 'the tree as of 2025-06-01');
});

test('detail of OLD-P80 (Long An) shows its successor P80 (Tây Ninh), and P80 its predecessors', async () => {
  const r = await admin.get('/api/v1/units/OLD-P80');
  expectStatus(r, 200);
  assertUnit(r.json);
  assert.equal(r.json.active, false);
  assert.equal(r.json.kind, 'former_province');
  assert.equal(r.json.valid_to, '2025-06-30', 'Long An existed until 30/6/2025');
  const s = r.json.successors.find(x => x.code === 'P80');
  assert.ok(s, `successor P80 in ${JSON.stringify(r.json.successors)}`);
  assert.equal(s.name, 'Tỉnh Tây Ninh');
  assert.equal(s.event, 'merged');
  // A link's date is the day the event took effect (the successor's first day), as for
  // PATCH's `effective`: the old unit's last day is the day before.
  assert.equal(s.date, '2025-07-01', 'merged on 1/7/2025');
  const p = await admin.get('/api/v1/units/P80');
  expectStatus(p, 200);
  assert.equal(p.json.name, 'Tỉnh Tây Ninh');
  assert.equal(p.json.valid_from, '2025-07-01');
  const preds = codes(p.json.predecessors);
  assert.ok(preds.includes('OLD-P80'), `OLD-P80 among predecessors ${preds}`);
  assert.ok(preds.includes('OLD-P72'), `the former Tây Ninh (OLD-P72) among predecessors ${preds}`);
});

test('unit writes', async t => {
  const today = new Date().toISOString().slice(0, 10);
  await runSteps(t, { admin }, [
    { label: 'create a unit', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-A', name: 'Xã Thử Nghiệm', kind: 'commune', parent: 'P01', valid_from: '2025-07-15' }, status: 201,
      check: r => {
        assertUnit(r.json);
        assert.deepEqual([r.json.code, r.json.name, r.json.kind, r.json.parent, r.json.valid_from, r.json.valid_to, r.json.active, r.json.child_count],
          ['T-A', 'Xã Thử Nghiệm', 'commune', 'P01', '2025-07-15', null, true, 0]);
      } },
    { label: 'create a unit valid from today', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-TODAY', name: 'Xã Hôm Nay', kind: 'commune', parent: 'P01' }, status: 201 },
    { label: 'rename it the same day (default effective date)', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-TODAY',
      body: { name: 'Xã Đổi Tên' }, status: 200,
      check: r => assert.deepEqual([r.json.name, r.json.kind, r.json.parent], ['Xã Đổi Tên', 'commune', 'P01'], 'kind and parent kept') },
    { label: 'after a same-day rename it is still a child of P01', as: 'admin', path: '/api/v1/units/P01/children', status: 200,
      check: r => assert.ok(codes(r.json.items).includes('T-TODAY'), JSON.stringify(codes(r.json.items))) },
    { label: 'after a same-day rename the detail keeps kind, parent, ancestors', as: 'admin', path: '/api/v1/units/T-TODAY', status: 200,
      check: r => {
        assert.deepEqual([r.json.name, r.json.kind, r.json.parent], ['Xã Đổi Tên', 'commune', 'P01']);
        assert.equal(r.json.ancestors.at(-1)?.code, 'P01');
        r.json.history.forEach(v => { assert.equal(v.parent, 'P01'); });
      } },
    { label: 'the parent counts it', as: 'admin', path: '/api/v1/units/P01', status: 200,
      check: r => assert.ok(r.json.child_count >= 1) },
    { label: 'duplicate code', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-A', name: 'Khác', kind: 'commune', parent: 'P79' }, status: 409, code: 'conflict' },
    { label: 'name is stored NFC', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-NFC', name: 'Phường Hà Đông'.normalize('NFD'), kind: 'ward', parent: 'P01' }, status: 201,
      check: r => { assert.equal(r.json.name, 'Phường Hà Đông'.normalize('NFC')); assert.equal(r.json.valid_from, today, 'valid_from defaults to today'); } },
    { label: 'bad kind', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-BADK', name: 'X', kind: 'galaxy', parent: 'P01' }, status: 400, code: 'validation_failed', field: 'kind' },
    { label: 'missing parent', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-NOP', name: 'X', kind: 'commune' }, status: 400, code: 'validation_failed', field: 'parent' },
    { label: 'unknown parent', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-NOP2', name: 'X', kind: 'commune', parent: 'NO-SUCH' }, status: [400, 404],
      check: r => { if (r.status === 400) assert.equal(r.json.error.field, 'parent'); } },
    { label: 'bad date', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-BADD', name: 'X', kind: 'commune', parent: 'P01', valid_from: '2025-13-45' }, status: 400, code: 'validation_failed', field: 'valid_from' },
    { label: 'date not a date', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-BADD2', name: 'X', kind: 'commune', parent: 'P01', valid_from: 'hôm qua' }, status: 400, code: 'validation_failed', field: 'valid_from' },
    { label: 'empty name', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-EMPTY', name: '', kind: 'commune', parent: 'P01' }, status: 400, code: 'validation_failed', field: 'name' },
    { label: 'unknown field', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-UNK', name: 'X', kind: 'commune', parent: 'P01', colour: 'green' }, status: 400, code: 'validation_failed', field: 'colour' },
    { label: 'bad effective date on rename', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-A',
      body: { name: 'X', effective: '1/8/2025' }, status: 400, code: 'validation_failed', field: 'effective' },
    { label: 'bad kind on patch', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-A',
      body: { kind: 'planet' }, status: 400, code: 'validation_failed', field: 'kind' },
    { label: 'patch an unknown unit', as: 'admin', method: 'PATCH', path: '/api/v1/units/NO-SUCH',
      body: { name: 'X' }, status: 404, code: 'not_found' },
    { label: 'rename with an effective date', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-A',
      body: { name: 'Phường Thử Nghiệm', effective: '2025-08-01' }, status: 200,
      check: r => { assertUnit(r.json); assert.equal(r.json.name, 'Phường Thử Nghiệm'); } },
    { label: 'history has two versions', as: 'admin', path: '/api/v1/units/T-A', status: 200,
      check: r => {
        assert.equal(r.json.name, 'Phường Thử Nghiệm');
        assert.equal(r.json.history.length, 2, JSON.stringify(r.json.history));
        const pick = v => ({ valid_from: v.valid_from, valid_to: v.valid_to, name: v.name, parent: v.parent });
        const byFrom = [...r.json.history].sort((a, b) => a.valid_from.localeCompare(b.valid_from)).map(pick);
        assert.deepEqual(byFrom[0], { valid_from: '2025-07-15', valid_to: '2025-07-31', name: 'Xã Thử Nghiệm', parent: 'P01' });
        assert.deepEqual(byFrom[1], { valid_from: '2025-08-01', valid_to: null, name: 'Phường Thử Nghiệm', parent: 'P01' });
      } },
    { label: 'as_of before the rename shows the old name', as: 'admin', path: '/api/v1/units/T-A?as_of=2025-07-20', status: 200,
      check: r => assert.equal(r.json.name, 'Xã Thử Nghiệm') },
    { label: 'as_of on the rename date shows the new name', as: 'admin', path: '/api/v1/units/T-A?as_of=2025-08-01', status: 200,
      check: r => assert.equal(r.json.name, 'Phường Thử Nghiệm') },
    { label: 'search as of before the rename finds the old name', as: 'admin', path: '/api/v1/units?q=xa%20thu%20nghiem&as_of=2025-07-20', status: 200,
      check: r => assert.ok(codes(r.json.items).includes('T-A')) },
    { label: 'search now does not find the old name', as: 'admin', path: '/api/v1/units?q=xa%20thu%20nghiem', status: 200,
      check: r => assert.ok(!codes(r.json.items).includes('T-A')) },
    { label: 'as_of before the unit existed', as: 'admin', path: '/api/v1/units/T-A?as_of=2025-01-01', status: 404, code: 'not_found' },
    { label: 'move under another parent', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-A',
      body: { parent: 'P79', effective: '2025-09-01' }, status: 200, check: r => assert.equal(r.json.parent, 'P79') },
    { label: 'now a child of P79', as: 'admin', path: '/api/v1/units/P79/children', status: 200,
      check: r => assert.ok(codes(r.json.items).includes('T-A')) },
    { label: 'no longer a child of P01', as: 'admin', path: '/api/v1/units/P01/children', status: 200,
      check: r => assert.ok(!codes(r.json.items).includes('T-A')) },
    { label: 'still a child of P01 as of before the move', as: 'admin', path: '/api/v1/units/P01/children?as_of=2025-08-15', status: 200,
      check: r => assert.ok(codes(r.json.items).includes('T-A')) },
    { label: 'ancestors follow the move', as: 'admin', path: '/api/v1/units/T-A', status: 200,
      check: r => { assert.equal(r.json.ancestors.at(-1).code, 'P79'); assert.equal(r.json.history.length, 3); } },
    { label: 'move under itself is refused', as: 'admin', method: 'PATCH', path: '/api/v1/units/T-A',
      body: { parent: 'T-A' }, status: [400, 409] },
    { label: 'create T-B to merge', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-B', name: 'Xã Bê', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }, status: 201 },
    { label: 'create T-C to merge', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-C', name: 'Xã Xê', kind: 'commune', parent: 'P01', valid_from: '2025-07-01' }, status: 201 },
    { label: 'create T-M, the merged unit', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-M', name: 'Xã Hợp Nhất', kind: 'commune', parent: 'P01', valid_from: '2025-10-01' }, status: 201 },
    { label: 'deactivate: unknown successor', as: 'admin', method: 'POST', path: '/api/v1/units/T-B/deactivate',
      body: { date: '2025-10-01', event: 'merged', successors: ['NO-SUCH'] }, status: [400, 404] },
    { label: 'deactivate: bad event', as: 'admin', method: 'POST', path: '/api/v1/units/T-B/deactivate',
      body: { date: '2025-10-01', event: 'exploded', successors: ['T-M'] }, status: 400, code: 'validation_failed', field: 'event' },
    { label: 'deactivate: bad date', as: 'admin', method: 'POST', path: '/api/v1/units/T-B/deactivate',
      body: { date: '2025-10-32', event: 'merged', successors: ['T-M'] }, status: 400, code: 'validation_failed', field: 'date' },
    { label: 'deactivate T-B, merged into T-M', as: 'admin', method: 'POST', path: '/api/v1/units/T-B/deactivate',
      body: { date: '2025-10-01', event: 'merged', successors: ['T-M'] }, status: 200,
      check: r => {
        assertUnit(r.json);
        assert.equal(r.json.active, false);
        // `date` is the day the event takes effect: the unit's last day is the day before.
        assert.equal(r.json.valid_to, '2025-09-30');
      } },
    { label: 'deactivate T-C, merged into T-M', as: 'admin', method: 'POST', path: '/api/v1/units/T-C/deactivate',
      body: { date: '2025-10-01', event: 'merged', successors: ['T-M'] }, status: 200 },
    { label: 'T-B shows its successor', as: 'admin', path: '/api/v1/units/T-B', status: 200,
      check: r => {
        assert.deepEqual(r.json.successors.map(s => [s.code, s.event]), [['T-M', 'merged']]);
        assert.equal(r.json.successors[0].date, '2025-10-01');
      } },
    { label: 'T-M shows both predecessors', as: 'admin', path: '/api/v1/units/T-M', status: 200,
      check: r => assert.deepEqual(codes(r.json.predecessors).sort(), ['T-B', 'T-C']) },
    { label: 'T-B still active as of before the merge', as: 'admin', path: '/api/v1/units/T-B?as_of=2025-09-15', status: 200,
      check: r => assert.equal(r.json.active, true) },
    { label: 'deactivating twice is a conflict', as: 'admin', method: 'POST', path: '/api/v1/units/T-B/deactivate',
      body: { date: '2025-10-01', event: 'dissolved' }, status: 409, code: 'conflict' },
    { label: 'create T-D', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-D', name: 'Đảng bộ Thử', kind: 'party_committee', parent: 'P01', valid_from: '2025-07-01' }, status: 201 },
    { label: 'create T-D1 under T-D', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-D1', name: 'Chi bộ Thử', kind: 'party_cell', parent: 'T-D', valid_from: '2025-07-01' }, status: 201 },
    { label: 'a child under an inactive parent is refused', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-B1', name: 'X', kind: 'party_cell', parent: 'T-B' }, status: [400, 409] },
    { label: 'deactivating a unit with active children is 409', as: 'admin', method: 'POST', path: '/api/v1/units/T-D/deactivate',
      body: { event: 'dissolved' }, status: 409, code: 'conflict' },
    { label: 'T-D is still active', as: 'admin', path: '/api/v1/units/T-D', status: 200,
      check: r => assert.equal(r.json.active, true) },
    { label: 'split: T-D1 dissolved with no successors', as: 'admin', method: 'POST', path: '/api/v1/units/T-D1/deactivate',
      body: { event: 'dissolved' }, status: 200, check: r => assert.equal(r.json.active, false) },
    { label: 'then T-D can be split into T-M and T-NFC', as: 'admin', method: 'POST', path: '/api/v1/units/T-D/deactivate',
      body: { event: 'split', successors: ['T-M', 'T-NFC'] }, status: 200 },
    { label: 'T-D shows two successors', as: 'admin', path: '/api/v1/units/T-D', status: 200,
      check: r => assert.deepEqual(codes(r.json.successors).sort(), ['T-M', 'T-NFC']) },
    { label: 'create T-E today', as: 'admin', method: 'POST', path: '/api/v1/units',
      body: { code: 'T-E', name: 'Xã Một Ngày', kind: 'commune', parent: 'P01' }, status: 201 },
    { label: 'deactivate a unit created today, with the default date', as: 'admin', method: 'POST', path: '/api/v1/units/T-E/deactivate',
      body: { event: 'dissolved' }, status: 200, check: r => assert.equal(r.json.active, false) },
  ]);
});
