// Indicator values as files (docs/api.md "Import and export of values"): the CSV, XLSX and ADX
// exports, and the import of all three, all or nothing. Two servers: A holds the values entered
// through the API; B starts empty and receives A's files, so a round trip is checked on the
// figures and on the roll-up at VN.
//
// "Today" is 2025-12-15 (NQ57_TODAY): the provinces of the 2025 tree exist from 2025-07-01, so
// the periods used are 2025-08 and 2025-09.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { loggedIn, expectStatus, stopServer, conformanceErrors, listAll } from './helpers.mjs';

const TODAY = '2025-12-15';
const PW = 'mat-khau-gia-tri-1';
const USERS = [
  { username: 'baocao.p01', password: PW, unit: 'P01', role: 'reporter' },
  { username: 'baocao.p04', password: PW, unit: 'P04', role: 'reporter' },
];
const CSV_TYPE = { 'content-type': 'text/csv' };
const ADX_TYPE = { 'content-type': 'application/adx+xml' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = 'indicator,unit,period,value,numerator,denominator,source,late,flags,version,updated_at,updated_by';

const INDICATORS = [
  { code: 'IO-COUNT', name: 'Số doanh nghiệp công nghệ số', direction: 'up', value_type: 'count', aggregation: 'sum' },
  { code: 'IO-PCT', name: 'Tỷ lệ hồ sơ trực tuyến', direction: 'up', value_type: 'percent', aggregation: 'avg' },
  { code: 'IO-RATIO', name: 'Tỷ lệ xã có hạ tầng số', direction: 'up', value_type: 'ratio', aggregation: 'wratio' },
];
// [indicator, unit, period, value | [numerator, denominator], source]
const VALUES = [
  ['IO-COUNT', 'P01', '2025-08', 120, 'Sở KH&CN "Hà Nội"'],
  ['IO-COUNT', 'P04', '2025-08', 7],
  ['IO-COUNT', 'P08', '2025-08', 11.0],
  ['IO-COUNT', 'P01', '2025-09', 131],
  ['IO-COUNT', 'P04', '2025-09', 8],
  ['IO-PCT', 'P01', '2025-08', 62.5],
  ['IO-PCT', 'P04', '2025-08', 40.25],
  ['IO-PCT', 'P04', '2025-09', 41.1],
  ['IO-RATIO', 'P01', '2025-08', [30, 40], 'Báo cáo <tháng 8>'],
  ['IO-RATIO', 'P04', '2025-08', [1, 3]],
  ['IO-RATIO', 'P08', '2025-09', [5, 8]],
];

let A, B, adminA, adminB, repP01, repP04;

async function setUp(srv) {
  const admin = await loggedIn(srv, 'admin', srv.adminPassword);
  for (const ind of INDICATORS)
    expectStatus(await admin.post('/api/v1/indicators', { ...ind, period_type: 'month', reporters: ['province', 'city'], targets: [] }),
      201, { label: `indicator ${ind.code}` });
  return admin;
}

const put = ([indicator, unit, period, v, source]) => ({
  indicator, unit, period, ...(Array.isArray(v) ? { numerator: v[0], denominator: v[1] } : { value: v }),
  ...(source ? { source } : {}),
});

// The figures of every value below VN, keyed, for comparing two servers.
async function figures(admin) {
  const out = {};
  for (const v of await listAll(admin, '/api/v1/values?unit=VN&limit=500'))
    out[`${v.indicator}/${v.unit}/${v.period}`] = { value: v.value, numerator: v.numerator, denominator: v.denominator, source: v.source };
  return out;
}

async function rollup(admin, code, period) {
  const r = await admin.get(`/api/v1/indicators/${code}/units?unit=VN&period=${period}`);
  expectStatus(r, 200, { label: `roll-up ${code} ${period}` });
  return { value: r.json.value, reporting: r.json.reporting, children: r.json.children.map(c => [c.code, c.value]).sort() };
}

// A tiny reader of the zip container, enough to take one part out of an XLSX file.
function unzipPart(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip end record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (buf.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + extra + comment;
  }
  throw new Error(`no ${name} in the zip`);
}

async function getBinary(client, path) {
  const r = await fetch(client.base + path, { headers: { cookie: client.cookie } });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}

function conforms(method, path, r) {
  assert.deepEqual(conformanceErrors(method, path, r), [], `${method} ${path} conforms to openapi.json`);
}

// Parses CSV as the export writes it (every field quoted, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') q = false; else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (ch !== '\r') field += ch;
  }
  return rows;
}

before(async () => {
  process.env.NQ57_TODAY = TODAY;
  A = await startServer({ users: USERS });
  B = await startServer({ users: USERS });
  adminA = await setUp(A);
  adminB = await setUp(B);
  repP01 = await loggedIn(A, 'baocao.p01', PW);
  repP04 = await loggedIn(B, 'baocao.p04', PW);
  for (const v of VALUES)
    expectStatus(await adminA.req('PUT', '/api/v1/values', put(v)), 200, { label: `value ${v.slice(0, 3).join(' ')}` });
});
after(async () => { await stopServer(A); await stopServer(B); });

test('CSV export: the columns, one row per value below the unit, sorted, numbers read back', async () => {
  const r = await adminA.get('/api/v1/values/export.csv?unit=VN');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="nq57-values.csv"/);
  const rows = parseCsv(r.text);
  assert.equal(rows[0].join(','), COLUMNS);
  const body = rows.slice(1);
  assert.equal(body.length, VALUES.length);
  const keys = body.map(x => `${x[1]}/${x[2]}/${x[0]}`);
  assert.deepEqual(keys, [...keys].sort(), 'ordered by unit, period, indicator');
  const p01 = body.find(x => x[0] === 'IO-COUNT' && x[1] === 'P01' && x[2] === '2025-08');
  assert.equal(p01[3], '120');
  assert.equal(p01[6], 'Sở KH&CN "Hà Nội"', 'quotes survive');
  assert.equal(p01[7], 'true', 'entered after the due day');
  assert.equal(p01[9], '1');
  assert.equal(p01[11], 'admin');
  const ratio = body.find(x => x[0] === 'IO-RATIO' && x[1] === 'P04');
  assert.deepEqual([Number(ratio[3]), ratio[4], ratio[5]], [1 / 3 * 100, '1', '3'], 'the full double, not a rounded one');

  const one = await adminA.get('/api/v1/values/export.csv?unit=VN&indicator=IO-PCT&from=2025-09&to=2025-09');
  assert.equal(parseCsv(one.text).length, 2, 'filters: one IO-PCT value in 2025-09');
  const mine = await repP01.get('/api/v1/values/export.csv');
  assert.equal(mine.status, 200);
  assert.ok(parseCsv(mine.text).slice(1).every(x => x[1] === 'P01'), 'a reporter exports the own unit by default');
  assert.equal(parseCsv(mine.text).length - 1, VALUES.filter(v => v[1] === 'P01').length);
  const other = await repP01.get('/api/v1/values/export.csv?unit=P04');
  expectStatus(other, 403, { label: 'another province' });
  conforms('GET', '/api/v1/values/export.csv', other);
  expectStatus(await adminA.get('/api/v1/values/export.csv?from=2025-13'), 400, { field: 'from', label: 'bad from' });
});

test('XLSX export: one sheet, the CSV columns, a bold frozen header, numbers as numbers', async () => {
  const r = await getBinary(adminA, '/api/v1/values/export.xlsx?unit=VN');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), XLSX_TYPE);
  assert.match(r.headers.get('content-disposition'), /filename="nq57-values.xlsx"/);
  assert.equal(r.buf.subarray(0, 2).toString(), 'PK');
  const sheet = unzipPart(r.buf, 'xl/worksheets/sheet1.xml');
  const strings = [...unzipPart(r.buf, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map(m => m[1]);
  const header = [...sheet.matchAll(/<c r="([A-L])1"[^>]*t="s"[^>]*><v>(\d+)<\/v>/g)].map(m => strings[Number(m[2])]);
  assert.equal(header.join(','), COLUMNS);
  assert.match(sheet, /<pane [^>]*ySplit="1"[^>]*state="frozen"/, 'the header row is frozen');
  assert.match(sheet, /<c r="A1" s="(\d+)"/, 'the header has a style (bold)');
  assert.match(unzipPart(r.buf, 'xl/styles.xml'), /<b\/>/, 'a bold font');
  assert.equal((sheet.match(/<row /g) || []).length, VALUES.length + 1);
  // Values, numerators and denominators are number cells (no t="s").
  const numbers = [...sheet.matchAll(/<c r="([DEF])(\d+)"( [^>]*)?><v>([^<]*)<\/v>/g)].filter(m => m[2] !== '1');
  assert.ok(numbers.length >= VALUES.length, 'number cells in D-F');
  assert.ok(numbers.every(m => !/t="s"/.test(m[3] || '')), 'no strings among the numbers');
  assert.ok(numbers.some(m => Number(m[4]) === 120));
});

test('ADX export: well-formed, one group per unit and period, ISO periods, ratio parts', async () => {
  const r = await adminA.get('/api/v1/values/export.adx?unit=VN');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/adx\+xml/);
  const xml = r.text;
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  if (!lint.error) assert.equal(lint.status, 0, `xmllint: ${lint.stderr}`);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  const root = /<adx( [^>]*)>/.exec(xml)[1];
  assert.match(root, / xmlns="urn:ihe:qrph:adx:2015"/);
  assert.match(root, / exported="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"/);
  const groups = [...xml.matchAll(/<group orgUnit="([^"]+)" period="([^"]+)" dataSet="NQ57">/g)].map(m => `${m[1]} ${m[2]}`);
  const expected = [...new Set(VALUES.map(v => `${v[1]} ${v[2]}-01/P1M`))].sort();
  assert.deepEqual(groups, expected, 'one group per unit and period, ISO 8601 periods');
  assert.match(xml, /<dataValue dataElement="IO-RATIO" part="numerator" value="30">\s*<annotation>Báo cáo &lt;tháng 8&gt;<\/annotation>\s*<\/dataValue>/);
  assert.match(xml, /<dataValue dataElement="IO-RATIO" part="denominator" value="40"\/>/);
  assert.match(xml, /<dataValue dataElement="IO-COUNT" value="120">\s*<annotation>Sở KH&amp;CN &quot;Hà Nội&quot;<\/annotation>/);
  assert.match(xml, /<dataValue dataElement="IO-PCT" value="40.25"\/>/);
});

test('ADX round trip: A\'s export imported into the empty B gives the same values and roll-ups', async () => {
  const adx = (await adminA.get('/api/v1/values/export.adx?unit=VN')).text;
  const r = await adminB.post('/api/v1/values/import', adx, ADX_TYPE);
  expectStatus(r, 200, { label: 'import ADX' });
  conforms('POST', '/api/v1/values/import', r);
  assert.equal(r.json.imported, VALUES.length);
  assert.equal(r.json.created, VALUES.length);
  assert.equal(r.json.updated, 0);
  assert.deepEqual(await figures(adminB), await figures(adminA));
  for (const code of ['IO-COUNT', 'IO-PCT', 'IO-RATIO'])
    for (const period of ['2025-08', '2025-09'])
      assert.deepEqual(await rollup(adminB, code, period), await rollup(adminA, code, period), `${code} ${period} at VN`);
  const sum = await rollup(adminB, 'IO-COUNT', '2025-08');
  assert.equal(sum.value, 138, 'the sum of P01, P04, P08');
  const again = await adminB.post('/api/v1/values/import', adx, { 'content-type': 'application/xml; charset=utf-8' });
  expectStatus(again, 200, { label: 'the same file again' });
  assert.deepEqual([again.json.created, again.json.updated], [0, VALUES.length]);
});

test('CSV import: a bad row rejects the file, naming the line and the field; nothing is saved', async () => {
  const before = await figures(adminB);
  const good = 'IO-COUNT,P08,2025-09,15\r\n';
  const cases = [
    ['a percent of 150', 'IO-PCT,P08,2025-09,150', 'rows[1].value', /^line 3: IO-PCT: a percent is between 0 and 100/],
    ['an unknown unit', 'IO-PCT,P99,2025-09,50', 'rows[1].unit', /^line 3: no unit P99/],
    ['a bad period', 'IO-PCT,P08,2025-9,50', 'rows[1].period', /^line 3: indicator IO-PCT is reported by month/],
    ['a period not started', 'IO-PCT,P08,2026-01,50', 'rows[1].period', /^line 3: period 2026-01 has not started/],
    ['text for a number', 'IO-PCT,P08,2025-09,abc', 'rows[1].value', /^line 3: value "abc" is not a number/],
    ['a ratio without its parts', 'IO-RATIO,P08,2025-08,50', 'rows[1].numerator', /^line 3: /],
    ['the same value twice', 'IO-COUNT,P08,2025-09,16', 'rows[1]', /^line 3 repeats IO-COUNT of P08 for 2025-09 from line 2/],
  ];
  for (const [label, line, field, message] of cases) {
    const r = await adminB.post('/api/v1/values/import', `indicator,unit,period,value\r\n${good}${line}\r\n`, CSV_TYPE);
    expectStatus(r, 400, { code: 'validation_failed', field, label });
    assert.match(r.json.error.message, message, label);
    conforms('POST', '/api/v1/values/import', r);
  }
  const header = await adminB.post('/api/v1/values/import', 'indicator,unit,value\r\nIO-COUNT,P08,1\r\n', CSV_TYPE);
  expectStatus(header, 400, { field: 'period', label: 'no period column' });
  assert.deepEqual(await figures(adminB), before, 'nothing was saved');
  const type = await adminB.post('/api/v1/values/import', '{}', { 'content-type': 'application/json' });
  expectStatus(type, 415, { code: 'unsupported_media_type', label: 'JSON is not a file format' });
  conforms('POST', '/api/v1/values/import', type);
});

test('CSV import: the export\'s own file, ISO periods, optional columns, warnings', async () => {
  const csv = (await adminA.get('/api/v1/values/export.csv?unit=VN&indicator=IO-COUNT')).text;
  const r = await adminB.post('/api/v1/values/import', csv, CSV_TYPE);
  expectStatus(r, 200, { label: 'the export as it is' });
  assert.deepEqual([r.json.imported, r.json.updated], [5, 5]);
  const small = 'unit,indicator,period,numerator,denominator\nP08,IO-RATIO,2025-08-01/P1M,2,4\n';
  const s = await adminB.post('/api/v1/values/import', small, CSV_TYPE);
  expectStatus(s, 200, { label: 'columns in any order, an ISO period' });
  assert.deepEqual([s.json.created, s.json.updated], [1, 0]);
  const v = (await adminB.get('/api/v1/values?unit=P08&indicator=IO-RATIO&period=2025-08')).json.items[0];
  assert.deepEqual([v.value, v.numerator, v.denominator], [50, 2, 4]);
  // Far above its history and its peers: saved, and listed with the warnings.
  const hist = ['2025-07', '2025-08', '2025-09', '2025-10'].map((p, i) => `IO-PCT,P01,${p},${60 + i}`).join('\n');
  const w = await adminB.post('/api/v1/values/import', `indicator,unit,period,value\n${hist}\nIO-PCT,P01,2025-11,99.9\n`, CSV_TYPE);
  expectStatus(w, 200, { label: 'a flagged value' });
  conforms('POST', '/api/v1/values/import', w);
  const flagged = w.json.warnings.find(x => x.period === '2025-11');
  assert.ok(flagged, JSON.stringify(w.json.warnings));
  assert.equal(flagged.line, 6);
  assert.ok(flagged.warnings.some(x => x.code === 'history_outlier'));
});

test('XLSX import: the workbook the export wrote', async () => {
  const before = await figures(adminB);
  const wb = await getBinary(adminA, '/api/v1/values/export.xlsx?unit=VN');
  const r = await fetch(B.base + '/api/v1/values/import', {
    method: 'POST', body: wb.buf,
    headers: { cookie: adminB.cookie, 'x-csrf-token': adminB.csrf, 'content-type': XLSX_TYPE },
  });
  const json = await r.json();
  assert.equal(r.status, 200, JSON.stringify(json));
  assert.equal(json.imported, VALUES.length);
  const after = await figures(adminB);
  const fromA = await figures(adminA);
  for (const k of Object.keys(fromA)) assert.deepEqual(after[k], fromA[k], k);
  assert.ok(Object.keys(after).length >= Object.keys(before).length);
  const junk = await adminB.post('/api/v1/values/import', 'PK not a zip', { 'content-type': XLSX_TYPE });
  expectStatus(junk, 400, { label: 'not a workbook' });
});

test('ADX import: a DHIS2-style document written by hand', async () => {
  const adx = `<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" exported="2025-12-01T08:00:00Z">
  <group orgUnit="P08" period="2025-10-01/P1M" completeDate="2025-11-05" dataSet="NQ57">
    <dataValue dataElement="IO-COUNT" value="21"/>
    <dataValue dataElement="IO-RATIO" part="denominator" value="10"/>
    <dataValue dataElement="IO-PCT" value="33.5">
      <annotation>Cổng dịch vụ công</annotation>
    </dataValue>
    <dataValue dataElement="IO-RATIO" part="numerator" value="4"/>
  </group>
  <group orgUnit="P04" period="2025-10-01/P1M" dataSet="NQ57">
    <dataValue dataElement="IO-COUNT" value="9"/>
  </group>
</adx>`;
  const r = await adminB.post('/api/v1/values/import', adx, ADX_TYPE);
  expectStatus(r, 200, { label: 'hand-written ADX' });
  assert.deepEqual([r.json.imported, r.json.created], [4, 4]);
  const got = (await adminB.get('/api/v1/values?unit=VN&period=2025-10&limit=50')).json.items;
  const by = Object.fromEntries(got.map(v => [`${v.indicator}/${v.unit}`, v]));
  assert.equal(by['IO-COUNT/P08'].value, 21);
  assert.equal(by['IO-PCT/P08'].source, 'Cổng dịch vụ công');
  assert.deepEqual([by['IO-RATIO/P08'].numerator, by['IO-RATIO/P08'].denominator, by['IO-RATIO/P08'].value], [4, 10, 40]);
  assert.equal((await rollup(adminB, 'IO-COUNT', '2025-10')).value, 30);

  const bad = [
    ['a week', adx.replace('2025-10-01/P1M', '2025-10-06/P7D'), 'period', /line 3: period "2025-10-06\/P7D" is not an ISO 8601 period/],
    ['a disaggregation', adx.replace('dataElement="IO-COUNT" value="21"', 'dataElement="IO-COUNT" SEX="F" value="21"'), 'rows[0]', /line 4: the dataValue attribute SEX is a disaggregation/],
    ['another root', adx.replace(/urn:ihe:qrph:adx:2015/, 'urn:example'), null, /root element must be <adx/],
    ['malformed', adx.slice(0, 300), null, /^line \d+: /],
    ['a DOCTYPE', adx.replace('<adx ', '<!DOCTYPE adx [<!ENTITY a "aaaa">]>\n<adx '), null, /DOCTYPE\) is not accepted/],
    ['an unknown unit', adx.replace('orgUnit="P04"', 'orgUnit="P77"'), 'rows[3].unit', /line 12: no unit P77/],
  ];
  const before = await figures(adminB);
  for (const [label, body, field, message] of bad) {
    const e = await adminB.post('/api/v1/values/import', body, ADX_TYPE);
    expectStatus(e, 400, { field, label });
    assert.match(e.json.error.message, message, label);
  }
  assert.deepEqual(await figures(adminB), before, 'nothing was saved');
});

test('an approved form: the import fails whole with 409 listing the rows', async () => {
  for (const action of ['submit', 'approve'])
    expectStatus(await adminB.post('/api/v1/values/approval', { unit: 'P04', period: '2025-09', action }), 200, { label: action });
  const before = await figures(adminB);
  const csv = 'indicator,unit,period,value\nIO-COUNT,P01,2025-09,500\nIO-COUNT,P04,2025-09,9\nIO-PCT,P04,2025-09,50\n';
  const r = await adminB.post('/api/v1/values/import', csv, CSV_TYPE);
  expectStatus(r, 409, { code: 'conflict', field: 'rows[1].period', label: 'approved period' });
  conforms('POST', '/api/v1/values/import', r);
  assert.match(r.json.error.message, /^nothing was imported: line 3: the 2025-09 form of P04 is approved.*; line 4: /);
  assert.deepEqual(await figures(adminB), before, 'not even the P01 row');
});

test('scope: a reporter imports values of the own province only', async () => {
  const own = await repP04.post('/api/v1/values/import', 'indicator,unit,period,value\nIO-COUNT,P04,2025-11,3\n', CSV_TYPE);
  expectStatus(own, 200, { label: 'own province' });
  const before = await figures(adminB);
  const other = await repP04.post('/api/v1/values/import',
    'indicator,unit,period,value\nIO-COUNT,P04,2025-12,4\nIO-COUNT,P01,2025-11,3\n', CSV_TYPE);
  expectStatus(other, 403, { code: 'forbidden', field: 'rows[1].unit', label: 'another province' });
  assert.match(other.json.error.message, /^line 3: unit P01 is outside your scope/);
  assert.deepEqual(await figures(adminB), before);
  const audit = await adminB.get('/api/v1/audit?entity=value&limit=5');
  if (audit.status === 200) assert.ok(audit.json.items.length > 0);
});
