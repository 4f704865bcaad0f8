// Shared harness for API and browser tests: builds nothing, starts a real nq57 server on a free
// loopback port against a fresh database, and gives helpers to talk to it over real HTTP.
//
// Environment:
//   NQ57_BIN      path of the binary (default: build/nq57 under the repo root)
//   NQ57_TEST_DB  'sqlite' (default: a file in a fresh directory per server) or 'postgres': a
//                 fresh database nq57_<random> per server on the server NQ57_PG_URL names
//                 (postgres://user:password@127.0.0.1:PORT/postgres, as scripts/pg.sh prints),
//                 dropped when the server stops
//   NQ57_TEST_LOG a file each stopped server's log is appended to (to look for logged errors
//                 after a run, e.g. `grep level=error`)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.NQ57_BIN || join(ROOT, 'build', 'nq57');

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

export const BACKEND = process.env.NQ57_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const PG_URL = process.env.NQ57_PG_URL;
if (BACKEND === 'postgres' && !/^postgres(ql)?:\/\//.test(PG_URL || ''))
  throw new Error('NQ57_TEST_DB=postgres needs NQ57_PG_URL=postgres://user@127.0.0.1:PORT/postgres (scripts/pg.sh start prints it)');

// The URL of database NAME on the NQ57_PG_URL server (its path replaced).
function pgUrl(name) {
  const u = new URL(PG_URL);
  u.pathname = '/' + name;
  return u.toString();
}

// Runs SQL on a database (a SQLite file or a postgres:// URL) with the backend's own client;
// returns its output, one row a line, columns separated by '|'. Throws on failure.
export function dbSql(db, sql) {
  const r = /^postgres(ql)?:\/\//.test(db)
    ? spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${db.startsWith('postgres') ? 'psql' : 'sqlite3'} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// A new, empty database for one server: a file in DIR, or a fresh PostgreSQL database.
function createDatabase(dir) {
  if (BACKEND === 'sqlite') return join(dir, 'nq57.db');
  const name = 'nq57_' + randomBytes(6).toString('hex');
  dbSql(PG_URL, `CREATE DATABASE ${name}`);
  return pgUrl(name);
}

// Drops a database made by createDatabase or copyDatabase (files go with their directory).
function dropDatabase(db) {
  if (!db.startsWith('postgres')) return;
  const name = new URL(db).pathname.slice(1);
  try { dbSql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* best effort */ }
}

// A copy of SRV's database (no server may be using it), dropped with the server: a SQLite
// .backup next to it, or CREATE DATABASE ... TEMPLATE.
export function copyDatabase(srv, suffix) {
  if (!srv.db.startsWith('postgres')) {
    const copy = `${srv.db}.${suffix}`;
    dbSql(srv.db, `.backup '${copy}'`);
    return copy;
  }
  const name = `${new URL(srv.db).pathname.slice(1)}_${suffix}`;
  dbSql(PG_URL, `CREATE DATABASE ${name} TEMPLATE ${new URL(srv.db).pathname.slice(1)}`);
  const copy = pgUrl(name);
  srv.databases.push(copy);
  return copy;
}

// A new, empty database beside SRV's, dropped with the server: a file not yet created in its
// directory, or a new PostgreSQL database.
export function freshDatabase(srv, suffix) {
  if (!srv.db.startsWith('postgres')) return join(srv.dir, `${suffix}.db`);
  const name = `${new URL(srv.db).pathname.slice(1)}_${suffix}`;
  dbSql(PG_URL, `CREATE DATABASE ${name}`);
  const db = pgUrl(name);
  srv.databases.push(db);
  return db;
}

// A new, empty database on the other backend than SRV's, dropped with the server; null when
// that is PostgreSQL and no NQ57_PG_URL names a server.
export function otherDatabase(srv, suffix) {
  if (srv.db.startsWith('postgres')) return join(srv.dir, `${suffix}.db`);
  if (!/^postgres(ql)?:\/\//.test(PG_URL || '')) return null;
  const name = 'nq57_' + randomBytes(6).toString('hex') + `_${suffix}`;
  dbSql(PG_URL, `CREATE DATABASE ${name}`);
  const db = pgUrl(name);
  srv.databases.push(db);
  return db;
}

// Runs the CLI synchronously; throws with its stderr when it fails.
export function cli(args, { input, allowFail = false } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  if (!allowFail && r.status !== 0)
    throw new Error(`nq57 ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

// Starts a server on a fresh database. Options: demo (bool: the 3,321 synthetic communes),
// demoTasks (how many synthetic tasks with demo; default 3000 to keep tests quick, the product's
// default is 100000), users: [{username, password, unit, role}] created with `nq57 user add`
// before the server starts.
export async function startServer({ demo = false, demoTasks = 3000, users = [], extraArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nq57-test-'));
  const db = createDatabase(dir);
  const databases = [db];
  // Removes what the server leaves behind: its directory and its databases.
  const cleanup = () => {
    rmSync(dir, { recursive: true, force: true });
    for (const d of databases.splice(0)) dropDatabase(d);
  };
  const init = cli(['init', '--db', db, ...(demo ? ['--demo', '--demo-tasks', String(demoTasks)] : [])]);
  const m = /admin password: (\S+)/.exec(init.stdout);
  const adminPassword = m ? m[1] : null;
  for (const u of users)
    cli(['user', 'add', '--db', db, '--username', u.username, '--unit', u.unit, '--role', u.role],
        { input: u.password + '\n' });
  let s;
  try { s = await serveOn(db, extraArgs); } catch (e) { cleanup(); throw e; }
  const { base, port, proc, log } = s;
  return {
    base, port, db, dir, adminPassword, proc, databases, cleanup, log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await new Promise(r => proc.once('exit', r));
      }
      if (process.env.NQ57_TEST_LOG) appendFileSync(process.env.NQ57_TEST_LOG, log());
      cleanup();
    },
  };
}

// `nq57 serve` on an existing database DB (initialised), with EXTRA options, once it answers
// /healthz; stop it with stopServing() (startServer uses it and stops its own).
export async function serveOn(db, extraArgs = []) {
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...extraArgs],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', d => { log += d; });
  proc.stderr.on('data', d => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error('nq57 serve exited early:\n' + log);
    if (i > 200) { proc.kill('SIGKILL'); throw new Error('nq57 serve did not come up in 10 s:\n' + log); }
    await new Promise(r => setTimeout(r, 50));
  }
  return { base, port, proc, log: () => log };
}

// Stops a server started by serveOn (if it still runs).
export async function stopServing(s) {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  s.proc.kill('SIGTERM');
  await new Promise(r => s.proc.once('exit', r));
  if (process.env.NQ57_TEST_LOG) appendFileSync(process.env.NQ57_TEST_LOG, s.log());
}

// A tiny client that keeps the session cookie and CSRF token like a browser would.
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.bearer = null; }
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = 'Bearer ' + this.bearer;
    if (this.csrf && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (!h['content-type']) h['content-type'] = 'application/json';
    }
    // An empty body is sent as no body: Node 18's fetch (Debian 12) refuses an empty string
    // body on some methods before the request leaves the client.
    const r = await fetch(this.base + path, { method, headers: h, body: payload === '' ? undefined : payload });
    const set = r.headers.get('set-cookie');
    if (set) {
      const m = /nq57_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `nq57_session=${m[1]}` : null;
    }
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, headers: r.headers, json, text };
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
  async login(username, password) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.json.csrf_token;
    return r;
  }
}
