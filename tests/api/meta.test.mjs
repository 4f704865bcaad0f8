// Health, metrics, the OpenAPI document, and that the router and docs/openapi.json agree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/server.mjs';
import { OPENAPI, stopServer } from './helpers.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
let srv;
before(async () => { srv = await startServer(); });
after(async () => { await stopServer(srv); });

test('GET /healthz is 200 JSON with status, db and version', async () => {
  const r = await new Client(srv.base).get('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.db, 'ok');
  assert.equal(typeof r.json.version, 'string');
  assert.ok(r.json.version.length > 0);
});

test('GET /metrics is Prometheus text with a request counter and a latency histogram', async () => {
  const c = new Client(srv.base);
  for (let i = 0; i < 3; i++) await c.get('/healthz');
  await c.get('/api/v1/auth/me'); // a 401, counted too
  const r = await c.get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/plain/);
  const counters = [...r.text.matchAll(/^# TYPE (\S+) counter$/gm)].map(m => m[1]);
  assert.ok(counters.some(n => /request/.test(n)), `a request counter among ${counters.join(', ')}`);
  const counter = counters.find(n => /request/.test(n));
  const sample = new RegExp(`^${counter}(\\{[^}]*\\})? (\\d+(\\.\\d+)?(e[+-]?\\d+)?)$`, 'm').exec(r.text);
  assert.ok(sample, `a sample line for ${counter}`);
  assert.ok(Number(sample[2]) >= 1, 'the counter counted the requests above');
  assert.match(r.text, /^# TYPE \S+ histogram$/m, 'a histogram is declared');
  assert.match(r.text, /_bucket\{[^}]*le="/, 'histogram buckets with le labels');
  assert.match(r.text, /_bucket\{[^}]*le="\+Inf"/, 'a +Inf bucket');
  assert.match(r.text, /_sum(\{[^}]*\})? /, 'a histogram _sum');
  assert.match(r.text, /_count(\{[^}]*\})? /, 'a histogram _count');
});

test('GET /api/v1/openapi.json is OpenAPI 3.x and exactly docs/openapi.json', async () => {
  const r = await new Client(srv.base).get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  assert.ok(r.json, 'parses as JSON');
  assert.match(r.json.openapi, /^3\.\d+\.\d+$/);
  assert.deepEqual(r.json, OPENAPI, 'served as-is');
});

test('docs/openapi.json is well formed: every operation has responses and errors use Error', () => {
  assert.match(OPENAPI.openapi, /^3\./);
  const schemes = OPENAPI.components.securitySchemes;
  assert.deepEqual({ type: schemes.cookieAuth.type, in: schemes.cookieAuth.in, name: schemes.cookieAuth.name },
    { type: 'apiKey', in: 'cookie', name: 'nq57_session' });
  assert.equal(schemes.bearerAuth.scheme, 'bearer');
  const resolve = o => {
    if (!o || !o.$ref) return o;
    return o.$ref.split('/').slice(1).reduce((x, k) => x[k], OPENAPI);
  };
  for (const [path, item] of Object.entries(OPENAPI.paths)) {
    for (const m of METHODS.filter(m => item[m])) {
      const op = item[m];
      assert.ok(op.responses && Object.keys(op.responses).length, `${m} ${path} has responses`);
      for (const [status, resp] of Object.entries(op.responses)) {
        if (Number(status) < 400 || (path === '/healthz' && status === '503')) continue;
        const schema = resolve(resolve(resp).content?.['application/json']?.schema);
        assert.equal(schema, OPENAPI.components.schemas.Error, `${m.toUpperCase()} ${path} ${status} uses Error`);
      }
      if (['post', 'patch', 'put', 'delete'].includes(m) && path !== '/api/v1/auth/login') {
        const names = (op.parameters || []).map(p => resolve(p).name);
        assert.ok(names.includes('X-CSRF-Token'), `${m.toUpperCase()} ${path} documents X-CSRF-Token`);
      }
    }
  }
});

// `nq57 routes` prints one "METHOD PATH" line per route, PATH in OpenAPI template form.
test('every route the router knows is documented in openapi.json, and vice versa', () => {
  const r = cli(['routes']);
  const routes = new Set(r.stdout.split('\n').map(l => l.trim()).filter(Boolean)
    .map(l => { const [m, p, ...rest] = l.split(/\s+/); assert.equal(rest.length, 0, `line "${l}"`); return `${m.toUpperCase()} ${p}`; }));
  assert.ok(routes.size > 0, 'nq57 routes printed routes');
  const documented = new Set();
  for (const [path, item] of Object.entries(OPENAPI.paths))
    for (const m of METHODS.filter(m => item[m])) documented.add(`${m.toUpperCase()} ${path}`);
  const undocumented = [...routes].filter(x => !documented.has(x));
  const unrouted = [...documented].filter(x => !routes.has(x));
  assert.deepEqual(undocumented, [], 'routes missing from docs/openapi.json');
  assert.deepEqual(unrouted, [], 'documented operations the router does not know');
});
