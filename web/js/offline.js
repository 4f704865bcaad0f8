// Offline entry: a data-entry form saved while the network is down is kept in localStorage (one
// entry per user, unit and period, each value with the version it was loaded at) and sent when
// the browser is back online, and at the next page load. The server compares those versions: a
// value someone changed meanwhile comes back as a conflict and the entry stays, marked, until the
// user chooses on the form page; nothing is overwritten without them.
import { api, ApiError } from './api.js';

const PREFIX = 'nq57.pending.';
const EVENT = 'nq57:pending';

function key(user, unit, period) { return `${PREFIX}${user}|${unit}|${period}`; }

function read(k) {
  try { return JSON.parse(localStorage.getItem(k) || 'null'); } catch { return null; }
}

// entry: {user, unit, period, values: [{indicator, value | numerator+denominator, source,
// base_version}], saved_at, conflicts?, error?}
export function putPending(entry) {
  localStorage.setItem(key(entry.user, entry.unit, entry.period), JSON.stringify(entry));
}
export function getPending(user, unit, period) { return read(key(user, unit, period)); }
export function dropPending(user, unit, period) {
  try { localStorage.removeItem(key(user, unit, period)); } catch { /* ignore */ }
}
export function listPending(user) {
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k || !k.startsWith(PREFIX + user + '|')) continue;
      const e = read(k);
      if (e && Array.isArray(e.values)) out.push(e);
    }
  } catch { /* storage disabled */ }
  return out;
}

// True when a failure means "not reachable" rather than "refused".
export function isNetwork(err) { return err instanceof ApiError ? err.status === 0 : true; }

// Sends one form. Resolves {ok: true, items} or {ok: false, err, conflicts}; network failures
// throw (the caller keeps the entry).
export async function sendForm(entry) {
  try {
    const r = await api('POST', '/values/form', { unit: entry.unit, period: entry.period, values: entry.values });
    return { ok: true, items: r.items };
  } catch (err) {
    if (err.status === 0) throw err;
    const conflicts = err.status === 409 && err.body && err.body.error && err.body.error.conflicts;
    return { ok: false, err, conflicts: conflicts || null };
  }
}

function announce(detail) { window.dispatchEvent(new CustomEvent(EVENT, { detail })); }
export function onPending(fn) {
  const h = (e) => fn(e.detail);
  window.addEventListener(EVENT, h);
  return () => window.removeEventListener(EVENT, h);
}

let flushing = null;
// Sends every waiting entry of USER that has no unresolved conflict or error.
export function flushPending(user) {
  if (!user) return Promise.resolve();
  if (flushing) return flushing;
  flushing = (async () => {
    for (const e of listPending(user)) {
      if (e.conflicts || e.error) continue;
      let res;
      try { res = await sendForm(e); } catch { return; /* still offline */ }
      if (res.ok) {
        dropPending(user, e.unit, e.period);
        announce({ unit: e.unit, period: e.period, result: 'sent', items: res.items });
      } else if (res.conflicts) {
        putPending({ ...e, conflicts: res.conflicts });
        announce({ unit: e.unit, period: e.period, result: 'conflict' });
      } else if (res.err.status === 401 || res.err.status === 429 || res.err.status >= 500) {
        return;   // try again later
      } else {
        putPending({ ...e, error: { code: res.err.code, message: res.err.message, field: res.err.field } });
        announce({ unit: e.unit, period: e.period, result: 'error' });
      }
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

// Called once at start: send what waits now, and again whenever the browser is back online.
export function startOfflineSync(currentUser) {
  window.addEventListener('online', () => flushPending(currentUser()));
  flushPending(currentUser());
}
