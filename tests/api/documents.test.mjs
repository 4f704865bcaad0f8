// Documents (read): the bundled cascade of 57-NQ/TW, diacritic-free search, detail with text and
// the cascade both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { runSteps, loggedIn, listAll, stopServer, conformanceErrors } from './helpers.mjs';

let srv, admin;
const ctx = {};
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv, 'admin', srv.adminPassword);
});
after(async () => { await stopServer(srv); });

const numbers = r => r.json.items.map(d => d.number);

test('documents', async t => {
  const all = await listAll(admin, '/api/v1/documents?limit=500');
  const nq57 = all.find(d => d.number === '57-NQ/TW');
  const tb05 = all.find(d => d.number === '05-TB/BCĐTW');
  ctx.nq57 = nq57?.id; ctx.tb05 = tb05?.id;

  await t.test('the bundled cascade is there', () => {
    assert.ok(nq57, '57-NQ/TW');
    assert.equal(nq57.date, '2024-12-22');
    assert.equal(nq57.implements, null);
    assert.ok(tb05, '05-TB/BCĐTW');
    assert.equal(tb05.implements, nq57.id, '05-TB/BCĐTW implements 57-NQ/TW');
    const twoPlans = all.filter(d => d.number === '01-KH/BCĐTW');
    assert.equal(twoPlans.length, 2, 'two plans numbered 01-KH/BCĐTW, told apart by date');
    assert.notEqual(twoPlans[0].date, twoPlans[1].date);
    assert.equal(new Set(all.map(d => d.id)).size, all.length, 'ids are unique');
  });

  await runSteps(t, { admin }, [
    { label: 'search without diacritics', as: 'admin', path: '/api/v1/documents?q=chuyen%20doi%20so', status: 200,
      check: r => assert.ok(numbers(r).includes('57-NQ/TW'), numbers(r).join(', ')) },
    { label: 'search with diacritics and capitals', as: 'admin', path: '/api/v1/documents?q=' + encodeURIComponent('CHUYỂN ĐỔI SỐ'), status: 200,
      check: r => assert.ok(numbers(r).includes('57-NQ/TW')) },
    { label: '"d" matches "đ" in the number', as: 'admin', path: '/api/v1/documents?q=05-tb%2Fbcdtw', status: 200,
      check: r => assert.ok(numbers(r).includes('05-TB/BCĐTW'), numbers(r).join(', ')) },
    { label: 'a search that matches nothing', as: 'admin', path: '/api/v1/documents?q=zzzzqqqq', status: 200,
      check: r => assert.deepEqual(r.json.items, []) },
    { label: 'programme filter', as: 'admin', path: '/api/v1/documents?programme=' + encodeURIComponent('71-NQ/TW'), status: 200,
      check: r => { assert.ok(numbers(r).includes('71-NQ/TW')); assert.ok(!numbers(r).includes('57-NQ/TW')); } },
    { label: 'detail with text and the cascade both ways', as: 'admin', path: () => `/api/v1/documents/${ctx.nq57}`, status: 200,
      check: r => {
        assert.equal(r.json.number, '57-NQ/TW');
        assert.ok(r.json.text.length > 10000, 'the full text');
        assert.match(r.json.text, /đột phá phát triển khoa học, công nghệ/);
        assert.equal(r.json.text, r.json.text.normalize('NFC'), 'text is NFC');
        const below = r.json.implemented_by.map(d => d.id);
        assert.ok(below.includes(ctx.tb05), '05-TB/BCĐTW implements it');
      } },
    { label: 'detail of 05-TB/BCĐTW points up', as: 'admin', path: () => `/api/v1/documents/${ctx.tb05}`, status: 200,
      // In the detail `implements` may be the id or the document itself.
      check: r => assert.equal(r.json.implements?.id ?? r.json.implements, ctx.nq57) },
    { label: 'detail of 05-TB/BCĐTW conforms', as: 'admin', path: () => `/api/v1/documents/${ctx.tb05}`, status: 200,
      check: r => assert.deepEqual(conformanceErrors('GET', `/api/v1/documents/${ctx.tb05}`, r), []) },
    { label: 'unknown id', as: 'admin', path: '/api/v1/documents/999999', status: 404, code: 'not_found' },
    { label: 'id that is not a number', as: 'admin', path: '/api/v1/documents/abc', status: [400, 404] },
  ]);
});

test('the standing office registers documents; number and date identify one', async () => {
  const srv2 = await startServer({ users: [
    { username: 'vp.tw', password: 'mat-khau-dai-123', unit: 'TW-VPTW', role: 'standing_office' },
    { username: 'ld.hn', password: 'mat-khau-dai-123', unit: 'P01', role: 'leader' },
  ] });
  try {
    const office = new Client(srv2.base);
    await office.login('vp.tw', 'mat-khau-dai-123');
    const leader = new Client(srv2.base);
    await leader.login('ld.hn', 'mat-khau-dai-123');
    const list = await office.get('/api/v1/documents');
    const nq57 = list.json.items.find(d => d.number === '57-NQ/TW');
    const body = { number: '01-KH/BCĐTW', kind: 'kế hoạch', title: 'Kế hoạch thử', date: '2025-09-09',
                   issuer: 'TW-BCD', implements: nq57.id, programme: '57-NQ/TW' };
    const r = await office.post('/api/v1/documents', body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.number, '01-KH/BCĐTW');
    assert.equal(r.json.implements.number, '57-NQ/TW');
    // The same number on another date is another document; the same pair again is a conflict.
    assert.equal((await office.post('/api/v1/documents', { ...body, date: '2025-09-10' })).status, 201);
    const dup = await office.post('/api/v1/documents', body);
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.field, 'number');
    // The cascade reads both ways.
    const up = await office.get(`/api/v1/documents/${nq57.id}`);
    assert.ok(up.json.implemented_by.some(d => d.id === r.json.id));
    // Validation names the field; only the centre registers.
    const bad = await office.post('/api/v1/documents', { ...body, kind: 'thư', date: '2025-09-11' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'kind');
    assert.equal((await office.post('/api/v1/documents', { ...body, issuer: 'NOPE', date: '2025-09-12' })).json.error.field, 'issuer');
    assert.equal((await leader.post('/api/v1/documents', { ...body, date: '2025-09-13' })).status, 403);
    // Registered documents are searchable without diacritics.
    const found = await office.get('/api/v1/documents?q=ke%20hoach%20thu');
    assert.ok(found.json.items.some(d => d.id === r.json.id));
  } finally { await stopServer(srv2); }
});
