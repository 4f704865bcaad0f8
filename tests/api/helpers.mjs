// Helpers shared by the API tests (not a test file itself: node's runner only picks *.test.mjs).
//
// The tests are written as tables of labelled steps: each step names who acts, the request and
// the expected status (and error code / field for errors), and runs as its own subtest so a
// failure names the step.
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, ROOT, BIN, dbSql } from '../lib/server.mjs';

export const OPENAPI = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8'));

// Stops a server started by startServer. srv.stop() waits for an 'exit' event whenever
// exitCode is null, which never comes for a process already killed by a signal (a crash):
// handle that case here so a crashed server fails its tests instead of hanging the file.
export async function stopServer(srv) {
  if (!srv) return;
  if (srv.proc.exitCode === null && srv.proc.signalCode !== null) {
    srv.cleanup();
    return;
  }
  await srv.stop();
}

// Restarts a server started by startServer on the same database and port with NQ57_TODAY = DAY
// (sessions live in the database, so signed-in clients stay signed in). PROC is the process
// running now (srv.proc at first); returns the new one, whose output is proc.log().
export async function restartOn(srv, proc, day) {
  if (proc.exitCode === null && proc.signalCode === null)
    await new Promise(r => { proc.once('exit', r); proc.kill('SIGTERM'); });
  const next = spawn(BIN, ['serve', '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`],
                     { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NQ57_TODAY: day } });
  let log = '';
  next.stdout.on('data', d => { log += d; });
  next.stderr.on('data', d => { log += d; });
  next.log = () => log;
  for (let i = 0; ; i++) {
    try { if ((await fetch(srv.base + '/healthz')).ok) break; } catch { /* not up yet */ }
    if (next.exitCode !== null) throw new Error(`nq57 serve (today ${day}) exited:\n${log}`);
    if (i > 200) throw new Error(`nq57 serve (today ${day}) did not come up:\n${log}`);
    await new Promise(r => setTimeout(r, 25));
  }
  return next;
}

// Every error reply has exactly {"error": {"code", "message", "field"}}.
export function assertErrorShape(r, label = '') {
  const where = `${label} (status ${r.status}, body ${r.text.slice(0, 300)})`;
  assert.ok(r.json && typeof r.json === 'object' && !Array.isArray(r.json), `error body is a JSON object ${where}`);
  assert.deepEqual(Object.keys(r.json).sort(), ['error'], `error body has only "error" ${where}`);
  const e = r.json.error;
  assert.ok(e && typeof e === 'object', `"error" is an object ${where}`);
  // A version conflict adds the value in the way ("current"), a refused form or import the list
  // of them ("conflicts").
  assert.deepEqual(Object.keys(e).filter(k => !['current', 'conflicts'].includes(k)).sort(),
    ['code', 'field', 'message'], `error has code, message, field ${where}`);
  assert.equal(typeof e.code, 'string', `error.code is a string ${where}`);
  assert.equal(typeof e.message, 'string', `error.message is a string ${where}`);
  assert.ok(e.message.length > 0, `error.message is not empty ${where}`);
  assert.ok(e.field === null || typeof e.field === 'string', `error.field is a string or null ${where}`);
  const ct = r.headers.get('content-type') || '';
  assert.match(ct, /application\/json/, `error content-type is JSON ${where}`);
}

// Asserts status, and for errors the shape, code and (when given) field. `field: null` asserts
// the field is null; leaving it undefined does not check it.
export function expectStatus(r, status, { code, field, label = '' } = {}) {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(r.status),
    `${label}: expected ${statuses.join(' or ')}, got ${r.status} ${r.text.slice(0, 300)}`);
  if (r.status >= 400) {
    assertErrorShape(r, label);
    if (code !== undefined) assert.equal(r.json.error.code, code, `${label}: error code`);
    if (field !== undefined) assert.equal(r.json.error.field, field, `${label}: error field`);
  }
}

// Runs a table of steps as subtests of `t`. A step: {label, as, method, path, body, headers,
// status, code, field, check(r, ctx)}. `as` names a client in `clients`; a function path or body
// is called with ctx first (for values known only after earlier steps).
export async function runSteps(t, clients, steps, ctx = {}) {
  for (const s of steps) {
    await t.test(s.label, async () => {
      const c = clients[s.as];
      assert.ok(c, `no client "${s.as}"`);
      const path = typeof s.path === 'function' ? s.path(ctx) : s.path;
      const body = typeof s.body === 'function' ? s.body(ctx) : s.body;
      const r = await c.req(s.method || 'GET', path, body, s.headers || {});
      expectStatus(r, s.status, { code: s.code, field: s.field, label: `${s.label} [${s.method || 'GET'} ${path}]` });
      if (s.check) await s.check(r, ctx);
    });
  }
}

// A client logged in (cookie + CSRF) as the given user; throws if login fails.
export async function loggedIn(srv, username, password) {
  const c = new Client(srv.base);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
  return c;
}

export function bearerClient(srv, token) {
  const c = new Client(srv.base);
  c.bearer = token;
  return c;
}

// Follows next_cursor until the end (bounded) and returns every item.
export async function listAll(client, path, maxPages = 100) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    assert.ok(Array.isArray(r.json.items), `GET ${path}: items is an array`);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path}: more than ${maxPages} pages`);
}

// Walks a nested {code, children:[...]} tree, calling fn(node, depth).
export function walkTree(node, fn, depth = 0) {
  fn(node, depth);
  for (const c of node.children || []) walkTree(c, fn, depth + 1);
}

// A request over node:http, for bodies fetch would refuse or that the server may reject before
// reading in full (413): resolves with the response even if the upload is cut short.
export function rawRequest(base, method, path, body, headers = {}) {
  const u = new URL(base);
  return new Promise((ok, fail) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', d => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        ok({ status: res.statusCode, headers: new Headers(Object.entries(res.headers)
          .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])), json, text });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Running SQL on a test database with the backend's own client (sqlite3 or psql).
export { dbSql } from '../lib/server.mjs';

// The tables of DB whose name is LIKE PATTERN, and the columns of TABLE, from the catalogue of
// whichever backend DB is.
export function dbTables(db, pattern) {
  const q = db.startsWith('postgres')
    ? `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '${pattern}' ORDER BY 1;`
    : `SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '${pattern}' ORDER BY name;`;
  return dbSql(db, q).split('\n').filter(Boolean);
}
export function dbColumns(db, table) {
  const q = db.startsWith('postgres')
    ? `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position;`
    : `SELECT name FROM pragma_table_info('${table}');`;
  return dbSql(db, q).split('\n').filter(Boolean);
}

// A small deterministic PRNG (mulberry32) so the fuzz loop is reproducible.
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = n => Math.floor(next() * n);
  next.pick = arr => arr[Math.floor(next() * arr.length)];
  return next;
}

// ---- checking replies against docs/openapi.json ----

function resolveRef(o) {
  while (o && o.$ref) o = o.$ref.split('/').slice(1).reduce((x, k) => x[k.replace(/~1/g, '/').replace(/~0/g, '~')], OPENAPI);
  return o;
}

// Validates VALUE against an OpenAPI 3.0 schema (the subset docs/openapi.json uses). Returns a
// list of "path: problem" strings, empty when it conforms.
export function schemaErrors(schema, value, at = '$') {
  schema = resolveRef(schema);
  if (!schema) return [];
  const errs = [];
  if (value === null) return schema.nullable || (!schema.type && !schema.allOf && !schema.oneOf) ? [] : [`${at}: null not allowed`];
  if (schema.allOf) for (const s of schema.allOf) errs.push(...schemaErrors(s, value, at));
  if (schema.oneOf) {
    const ok = schema.oneOf.filter(s => schemaErrors(s, value, at).length === 0).length;
    if (ok !== 1) errs.push(`${at}: matches ${ok} of oneOf`);
  }
  const t = schema.type;
  const isType = {
    object: v => typeof v === 'object' && !Array.isArray(v), array: Array.isArray, string: v => typeof v === 'string',
    integer: Number.isInteger, number: v => typeof v === 'number', boolean: v => typeof v === 'boolean',
  };
  if (t && !isType[t](value)) return [...errs, `${at}: expected ${t}, got ${JSON.stringify(value)?.slice(0, 60)}`];
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (t === 'string') {
    if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errs.push(`${at}: not a date: ${value}`);
    if (schema.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value))
      errs.push(`${at}: not a date-time: ${value}`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errs.push(`${at}: does not match ${schema.pattern}`);
  }
  if (t === 'integer' || t === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${at}: above ${schema.maximum}`);
  }
  if (t === 'array' && schema.items) value.forEach((v, i) => errs.push(...schemaErrors(schema.items, v, `${at}[${i}]`)));
  if (t === 'object' || (!t && schema.properties)) {
    for (const k of schema.required || []) if (!(k in value)) errs.push(`${at}: missing "${k}"`);
    for (const [k, s] of Object.entries(schema.properties || {}))
      if (k in value) errs.push(...schemaErrors(s, value[k], `${at}.${k}`));
    if (schema.additionalProperties === false)
      for (const k of Object.keys(value)) if (!(k in (schema.properties || {}))) errs.push(`${at}: unexpected "${k}"`);
  }
  return errs;
}

// The documented operation for METHOD and a concrete PATH ("/api/v1/units/P01?x=1").
export function findOperation(method, path) {
  const p = path.split('?')[0];
  for (const [tmpl, item] of Object.entries(OPENAPI.paths)) {
    const re = new RegExp('^' + tmpl.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (re.test(p) && item[method.toLowerCase()]) return { template: tmpl, op: item[method.toLowerCase()] };
  }
  return null;
}

// Problems with reply R to METHOD PATH against docs/openapi.json: undocumented operation or
// status, or a body that does not match the documented schema.
export function conformanceErrors(method, path, r) {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in openapi.json`];
  const resp = resolveRef(found.op.responses[String(r.status)]);
  if (!resp) return [`${method} ${found.template}: status ${r.status} is not documented`];
  const media = resp.content && (resp.content['application/json'] || resp.content['text/plain']);
  if (!media) return r.text ? [`${method} ${found.template} ${r.status}: documented without a body, got one`] : [];
  if (!resp.content['application/json']) return [];
  if (r.json === null) return [`${method} ${found.template} ${r.status}: body is not JSON`];
  return schemaErrors(media.schema, r.json).map(e => `${method} ${found.template} ${r.status} ${e}`);
}
