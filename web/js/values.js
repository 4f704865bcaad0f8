// Data entry (/values?unit=&period=): every indicator the unit reports for the period, an input
// per value type (a ratio has two), the source, the warnings the server raised, and the period's
// approval (submit, approve, return, un-approve, as the role allows). Only the values that change
// are sent, each with the version it was loaded at. Without a network the form is kept on this
// machine (offline.js) and sent later; a value someone else changed meanwhile is shown beside the
// user's, who chooses which stays.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, errorText } from './i18n.js';
import { fmtNum, todayVN, vi } from './tasks-common.js';
import { fmtValue } from './indicators.js';
import { putPending, getPending, dropPending, sendForm, flushPending, onPending } from './offline.js';

const WRITERS = ['admin', 'standing_office', 'leader', 'reporter'];
const APPROVERS = ['admin', 'standing_office', 'leader'];
const STATE_COLOUR = { draft: 'grey', submitted: 'blue', approved: 'green', returned: 'red' };
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4]|S[12])?$/;

// The month before this one: what units usually report on.
function defaultPeriod() {
  const d = todayVN();
  let y = +d.slice(0, 4), m = +d.slice(5, 7) - 1;
  if (m === 0) { y--; m = 12; }
  return `${y}-${String(m).padStart(2, '0')}`;
}

// A number typed as people write it: 27,4 or 27.4; spaces ignored. null: empty; NaN: not a number.
export function parseNum(raw) {
  let s = String(raw || '').replace(/[\s\u00a0]/g, '');
  if (!s) return null;
  if (s.includes(',') && s.includes('.')) {
    const comma = s.lastIndexOf(',') > s.lastIndexOf('.');
    s = comma ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else {
    s = s.replace(',', '.');
  }
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}
function numText(v) {
  if (v === null || v === undefined) return '';
  return t('val.decimal') === ',' ? String(v).replace('.', ',') : String(v);
}

// A server message about one value, in Vietnamese where known.
const WHY = [
  [/a percent is between 0 and 100/, 'val.err.percent'], [/a yes\/no value/, 'val.err.bool'],
  [/a count is a whole number/, 'val.err.count'], [/a number is required/, 'val.err.number'],
  [/denominator must be above 0/, 'val.err.denominator'], [/numerator must not be negative/, 'val.err.numerator'],
  [/needs both its numerator and its denominator/, 'val.err.ratio'], [/rank/, 'val.err.rank'],
  [/has not started/, 'val.err.future'], [/did not exist in/, 'val.err.notExist'],
  [/does not report indicator/, 'val.err.notReporter'],
  [/is approved: un-approve it/, 'val.err.locked'], [/changed by someone else/, 'val.err.changed'],
  [/required values are missing: (.*)$/, 'val.err.required'],
];
function whyText(msg) {
  for (const [re, k] of WHY) {
    const m = re.exec(msg || '');
    if (m) return t(k, { list: m[1] || '' });
  }
  return msg;
}
function valueError(err) {
  if (err.status === 0) return t('app.network');
  return t('val.decimal') === ',' ? whyText(err.message) : err.message || errorText(err);
}
const WARN = { history_outlier: 'val.warn.history', peer_outlier: 'val.warn.peer', exceeds_whole: 'val.warn.whole' };

export async function valuesView(ctx) {
  const user = ctx.session.user;
  const unit = (ctx.query.get('unit') || '').trim() || user.unit.code;
  const period = (ctx.query.get('period') || '').trim() || defaultPeriod();
  const env = { ctx, user, unit, period, role: user.role };
  ctx.setTitle(t('val.title'));
  await load(env, ctx.flash ? { kind: ctx.flash.kind, text: t(ctx.flash.text, ctx.flash.params) } : null);
  if (!ctx.alive()) return;
  // A kept form sent in the background (back online): draw the form again from the server.
  const off = onPending((d) => {
    if (!ctx.alive()) { off(); return; }
    if (d.unit !== env.form?.unit.code || d.period !== env.form?.period) return;
    const msg = d.result === 'sent' ? { kind: 'ok', text: t('val.sentLater', { n: d.items.length }) }
      : d.result === 'conflict' ? { kind: 'error', text: t('val.conflictTitle') }
        : { kind: 'error', text: t('val.keptError') };
    load(env, msg, 'val-status');
  });
  const pending = env.form && getPending(user.username, env.form.unit.code, env.form.period);
  if (pending && !pending.conflicts && !pending.error && navigator.onLine) flushPending(user.username);
}

async function load(env, message, focusId) {
  const { ctx } = env;
  let form;
  try {
    form = await api('GET', '/values/form' + qs({ unit: env.unit, period: env.period }));
  } catch (e) {
    if (!ctx.alive()) return;
    ctx.root.replaceChildren(h('h1', { tabindex: '-1' }, t('val.title')), chooser(env),
      notice('error', e.status === 0 ? t('val.offlineNoForm') : valueError(e)));
    return;
  }
  if (!ctx.alive()) return;
  env.form = form;
  render(env, message, focusId);
}

function chooser(env) {
  const u = field({ name: 'unit', label: t('val.unit'), hint: t('ind.unitHint'), value: env.unit, attrs: { id: 'val-unit' } });
  const p = field({ name: 'period', label: t('val.period'), hint: t('ind.periodHint'), value: env.period, attrs: { id: 'val-period' } });
  const f = h('form.inline-form', { novalidate: true, id: 'val-chooser', 'aria-label': t('val.choose') }, u, p,
    h('div.actions', h('button', { type: 'submit', id: 'val-open' }, t('val.open'))));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const per = p.control.value.trim().toUpperCase().replace(/^(\d{4})-?Q/, '$1Q').replace(/^(\d{4})-?[SH]/, '$1S');
    if (!PERIOD.test(per)) { setFieldError(f, 'period', t('val.err.period')); p.control.focus(); return; }
    env.ctx.navigate('/values' + qs({ unit: u.control.value.trim(), period: per }));
  });
  return f;
}

function render(env, message, focusId) {
  const { ctx, form, user } = env;
  const root = ctx.root;
  root.replaceChildren();
  const title = t('val.heading', { u: form.unit.name, p: form.period });
  ctx.setTitle(title);
  const status = h('div.form-status', { id: 'val-status', tabindex: '-1' });
  if (message) status.append(notice(message.kind, message.text));
  const pending = getPending(user.username, form.unit.code, form.period);
  root.append(
    h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb') }, h('ol',
      h('li', h('a', { href: '/indicators' }, t('ind.title'))), h('li', h('span', { 'aria-current': 'page' }, t('val.title'))))),
    h('h1', { tabindex: '-1', id: 'val-title' }, title),
    chooser(env), status);
  root.append(stateSection(env));
  if (!form.items.length) { root.append(h('p', { id: 'val-none' }, t('val.none'))); return; }
  if (pending && pending.conflicts) root.append(conflictSection(env, pending));
  else if (pending) {
    status.append(notice(pending.error ? 'error' : 'ok', pending.error
      ? t('val.keptRefused', { m: valueError(pending.error) }) : t('val.keptLocally')));
    if (pending.error) status.append(h('p', h('button', { type: 'button', id: 'val-drop-kept', onclick: () => {
      dropPending(user.username, form.unit.code, form.period);
      load(env, { kind: 'ok', text: t('val.dropped') }, 'val-status');
    } }, t('val.dropKept'))));
  }
  // While a conflict waits for the user's choice the form is not shown: saving it again would
  // only meet the same conflict.
  if (!(pending && pending.conflicts)) root.append(entryForm(env, pending));
  if (focusId) document.getElementById(focusId)?.focus();
}

// ---------------------------------------------------------------- the period's approval

function stateSection(env) {
  const { form, role } = env;
  const st = form.state.state;
  const acts = [];
  if (WRITERS.includes(role) && (st === 'draft' || st === 'returned')) acts.push('submit');
  if (APPROVERS.includes(role) && st === 'submitted') acts.push('approve');
  if (APPROVERS.includes(role) && (st === 'submitted' || st === 'approved')) acts.push('return');
  if (APPROVERS.includes(role) && st === 'approved') acts.push('unapprove');
  const comment = field({ name: 'comment', label: t('val.comment') + (acts.includes('return') ? '' : ' ' + t('units.optional')),
    hint: acts.includes('return') ? t('val.commentHint') : null, multiline: 2,
    attrs: { id: 'val-comment', maxlength: '1000' } });
  const box = h('div.form-status');
  const f = h('form', { novalidate: true, id: 'val-approval' }, acts.length ? comment : null,
    h('div.actions', acts.map(a => h(a === 'approve' || a === 'submit' ? 'button.primary' : 'button',
      { type: 'submit', value: a, id: 'val-act-' + a }, t('val.act.' + a)))));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter && e.submitter.value;
    const c = comment.control.value.trim();
    setFieldError(f, null);
    if (action === 'return' && !c) { setFieldError(f, 'comment', t('val.err.returnWhy')); comment.control.focus(); return; }
    try {
      await api('POST', '/values/approval', { unit: form.unit.code, period: form.period, action, ...(c ? { comment: c } : {}) });
      if (!env.ctx.alive()) return;
      await load(env, { kind: 'ok', text: t('val.done.' + action) }, 'val-status');
    } catch (err) {
      if (err.field === 'comment') { setFieldError(f, 'comment', valueError(err)); comment.control.focus(); return; }
      box.replaceChildren(notice('error', valueError(err)));
    }
  });
  return h('section.card.period-state', { 'aria-labelledby': 'val-state-title', id: 'val-state' },
    h('h2', { id: 'val-state-title' }, t('val.state')),
    h('p', h(`span.vbadge.v-${STATE_COLOUR[st] || 'grey'}`, { id: 'val-state-badge', 'data-state': st }, t('val.st.' + st)),
      form.state.locked ? h('span.meta', ' ' + t('val.lockedNote')) : null),
    form.state.comment ? h('p', { id: 'val-state-comment' }, t('val.commentShown'), ' ', h('q', vi(form.state.comment))) : null,
    h('p.meta', t('val.range', { a: form.from, b: form.to })),
    box, acts.length ? f : null);
}

// ---------------------------------------------------------------- the entry form

function inputName(kind, code) { return `${kind}:${code}`; }

function entryForm(env, kept) {
  const { form, role } = env;
  const mayWrite = WRITERS.includes(role) && !form.state.locked;
  const keptOf = (code) => kept && kept.values.find(v => v.indicator === code);
  const dis = mayWrite ? null : { disabled: true };
  const sets = form.items.map(item => {
    const ind = item.indicator, v = item.value, k = keptOf(ind.code);
    const legendId = `val-leg-${ind.code}`;
    const controls = [];
    const num = (kind, labelKey, loaded, hint) => field({
      name: inputName(kind, ind.code), label: t(labelKey), hint,
      value: k && k[kind] !== undefined ? numText(k[kind]) : numText(loaded),
      attrs: { id: `val-${kind}-${ind.code}`, inputmode: 'decimal', 'data-indicator': ind.code, ...dis },
    });
    if (ind.value_type === 'ratio') {
      controls.push(h('div.two-cols', num('numerator', 'val.numerator', v && v.numerator),
        num('denominator', 'val.denominator', v && v.denominator)));
    } else if (ind.value_type === 'bool') {
      const cur = k ? String(k.value) : v ? String(v.value >= 0.5 ? 1 : 0) : '';
      controls.push(field({ name: inputName('value', ind.code), label: t('val.value'), value: cur,
        options: [['', t('val.notEntered')], ['1', t('val.yes')], ['0', t('val.no')]],
        attrs: { id: `val-value-${ind.code}`, 'data-indicator': ind.code, ...dis } }));
    } else {
      const hint = ind.value_type === 'percent' ? t('val.hint.percent') : ind.value_type === 'count' ? t('val.hint.count')
        : ind.value_type === 'rank' ? t('val.hint.rank') : null;
      controls.push(num('value', 'val.value', v && v.value, [ind.unit_of_measure ? t('val.uom', { u: ind.unit_of_measure }) : null, hint].filter(Boolean).join(' ')));
    }
    controls.push(field({ name: inputName('source', ind.code), label: t('val.source') + ' ' + t('units.optional'),
      value: k && k.source !== undefined ? k.source : v ? v.source : '', attrs: { id: `val-source-${ind.code}`, maxlength: '500', ...dis } }));
    const warnings = (v && v.warnings) || [];
    return h('fieldset.criterion.value-item', { 'data-indicator': ind.code, 'aria-describedby': `val-meta-${ind.code}` },
      h('legend', { id: legendId }, vi(ind.name), ind.required ? h('span.req', ' ', t('val.required')) : null),
      h('p.meta', { id: `val-meta-${ind.code}` }, ind.code, ' · ', t('val.due', { d: item.due }),
        v ? [' · ', t('val.current', { v: fmtValue(v.value, ind.unit_of_measure, ind.value_type), n: v.version }), v.late ? ' · ' + t('val.late') : '']
          : [' · ', t('val.notEntered')]),
      controls,
      warnings.length ? h('ul.warnings', { id: `val-warn-${ind.code}` }, warnings.map(w =>
        h('li', h('span.vglyph', { 'aria-hidden': 'true' }, '▲ '), t('val.warning'), ' ', WARN[w.code] ? t(WARN[w.code]) : w.message))) : null);
  });
  const status = h('div.form-status', { id: 'val-form-status' });
  const f = h('form.task-form', { novalidate: true, id: 'val-form', 'aria-labelledby': 'val-form-title' },
    h('h2', { id: 'val-form-title' }, t('val.values')),
    mayWrite ? h('p.hint', t('val.intro')) : h('p.hint', form.state.locked ? t('val.lockedNote') : t('val.readOnly')),
    status, sets,
    mayWrite ? h('div.actions', h('button.primary', { type: 'submit', id: 'val-save' }, t('val.save'))) : null);
  f.addEventListener('submit', (e) => { e.preventDefault(); save(env, f, status); });
  return f;
}

// The values that differ from what was loaded, each with the version it was loaded at.
function collect(env, f) {
  const out = [];
  for (const item of env.form.items) {
    const ind = item.indicator, v = item.value, c = ind.code;
    const get = (kind) => f.elements.namedItem(inputName(kind, c));
    const src = (get('source')?.value || '').trim();
    const entry = { indicator: c, base_version: v ? v.version : 0 };
    let changed = src !== (v ? v.source : '');
    if (ind.value_type === 'ratio') {
      const n = parseNum(get('numerator').value), d = parseNum(get('denominator').value);
      if (Number.isNaN(n)) return { error: [inputName('numerator', c), t('val.err.notNumber')] };
      if (Number.isNaN(d)) return { error: [inputName('denominator', c), t('val.err.notNumber')] };
      if (n === null && d === null) { if (!v && !src) continue; if (!v) return { error: [inputName('numerator', c), t('val.err.ratio')] }; }
      if (n !== null || d !== null) {
        entry.numerator = n; entry.denominator = d;
        changed = changed || !v || n !== v.numerator || d !== v.denominator;
      } else { entry.numerator = v.numerator; entry.denominator = v.denominator; }
    } else {
      const x = ind.value_type === 'bool' ? (get('value').value === '' ? null : Number(get('value').value)) : parseNum(get('value').value);
      if (Number.isNaN(x)) return { error: [inputName('value', c), t('val.err.notNumber')] };
      if (x === null) { if (!v) { if (src) return { error: [inputName('value', c), t('val.err.number')] }; continue; } entry.value = v.value; }
      else { entry.value = x; changed = changed || !v || x !== v.value; }
    }
    if (!changed) continue;
    entry.source = src;
    out.push(entry);
  }
  return { values: out };
}

async function save(env, f, status) {
  const { form, user } = env;
  status.replaceChildren();
  document.getElementById('val-status')?.replaceChildren();   // the last save's message is stale now
  setFieldError(f, null);
  const r = collect(env, f);
  if (r.error) {
    setFieldError(f, r.error[0], r.error[1]);
    status.append(notice('error', t('users.fixErrors')));
    f.elements.namedItem(r.error[0])?.focus();
    return;
  }
  if (!r.values.length) { status.append(notice('error', t('val.noChange'))); return; }
  const entry = { user: user.username, unit: form.unit.code, period: form.period, values: r.values, saved_at: new Date().toISOString() };
  const keep = () => {
    putPending(entry);
    status.replaceChildren(notice('ok', t('val.keptLocally')));
    status.querySelector('.notice').setAttribute('tabindex', '-1');
    status.querySelector('.notice').focus();
  };
  if (!navigator.onLine) { keep(); return; }
  const btn = f.querySelector('#val-save');
  btn.disabled = true;
  let res;
  try { res = await sendForm(entry); } catch { btn.disabled = false; keep(); return; }
  if (!env.ctx.alive()) return;
  btn.disabled = false;
  afterSend(env, entry, res, f, status);
}

// What a send answered: saved (draw again), a conflict (kept, shown side by side), or an error on
// a named value (shown at that field).
function afterSend(env, entry, res, f, status) {
  const { form, user } = env;
  if (res.ok) {
    dropPending(user.username, form.unit.code, form.period);
    const warned = res.items.filter(i => i && i.warnings && i.warnings.length).length;
    load(env, { kind: 'ok', text: t('val.saved', { n: res.items.length }) + (warned ? ' ' + t('val.savedWarned', { n: warned }) : '') }, 'val-status');
    return;
  }
  if (res.conflicts) {
    putPending({ ...entry, conflicts: res.conflicts });
    load(env, { kind: 'error', text: t('val.conflictTitle') }, 'val-conflicts-title');
    return;
  }
  const err = res.err;
  const m = /^values\[(\d+)\]\.(value|numerator|denominator|source)$/.exec(err.field || '');
  const sent = m && entry.values[+m[1]];
  const name = sent && inputName(m[2], sent.indicator);
  if (f && name && f.elements.namedItem(name)) {
    setFieldError(f, name, valueError(err));
    status.replaceChildren(notice('error', t('users.fixErrors')));
    f.elements.namedItem(name).focus();
  } else if (status) {
    status.replaceChildren(notice('error', valueError(err)));
    status.querySelector('.notice').setAttribute('tabindex', '-1');
    status.querySelector('.notice').focus();
  }
}

// ---------------------------------------------------------------- conflicts

function conflictSection(env, pending) {
  const { form, user } = env;
  const byCode = new Map(form.items.map(i => [i.indicator.code, i.indicator]));
  const mineOf = (code) => pending.values.find(v => v.indicator === code);
  const show = (ind, v) => {
    if (!v) return t('val.noneOnServer');
    if (ind && ind.value_type === 'ratio' && v.numerator !== null && v.numerator !== undefined)
      return `${fmtNum(v.numerator, v.numerator % 1 ? 2 : 0)} / ${fmtNum(v.denominator, v.denominator % 1 ? 2 : 0)}`;
    return fmtValue(v.value, ind ? ind.unit_of_measure : '', ind ? ind.value_type : 'number');
  };
  const locked = pending.conflicts.some(c => c.code === 'locked');
  const status = h('div.form-status');
  const sets = pending.conflicts.filter(c => c.code !== 'locked').map(c => {
    const ind = byCode.get(c.indicator);
    const name = `choice:${c.indicator}`;
    const radio = (val, text) => {
      const id = `val-choice-${val}-${c.indicator}`;
      return h('div.field.check', h('label', { for: id }, h('input', { type: 'radio', id, name, value: val }), ' ', text));
    };
    return h('fieldset.criterion.conflict', { 'data-indicator': c.indicator },
      h('legend', ind ? vi(ind.name) : c.indicator),
      h('dl.facts.side-by-side',
        h('dt', t('val.yours')), h('dd', { 'data-side': 'mine' }, show(ind, mineOf(c.indicator))),
        h('dt', t('val.theirs')), h('dd', { 'data-side': 'server' }, show(ind, c.current),
          c.current ? h('span.meta', ' ' + t('val.version', { n: c.current.version })) : null)),
      radio('mine', t('val.keepMine')), radio('server', t('val.takeServer')));
  });
  const f = h('form', { novalidate: true, id: 'val-conflict-form' }, sets,
    h('div.actions',
      locked ? h('button', { type: 'button', id: 'val-retry', onclick: () => resolve(env, pending, new Map(), status) }, t('val.retry'))
        : h('button.primary', { type: 'submit', id: 'val-resolve' }, t('val.resolve')),
      h('button', { type: 'button', id: 'val-discard', onclick: () => {
        dropPending(user.username, form.unit.code, form.period);
        load(env, { kind: 'ok', text: t('val.dropped') }, 'val-status');
      } }, t('val.dropKept'))));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const choices = new Map();
    for (const c of pending.conflicts) {
      if (c.code === 'locked') continue;
      const v = f.elements.namedItem(`choice:${c.indicator}`)?.value;
      if (!v) {
        status.replaceChildren(notice('error', t('val.chooseEach')));
        status.querySelector('.notice').setAttribute('tabindex', '-1');
        status.querySelector('.notice').focus();
        return;
      }
      choices.set(c.indicator, v);
    }
    resolve(env, pending, choices, status);
  });
  return h('section.report-box.conflicts', { 'aria-labelledby': 'val-conflicts-title', id: 'val-conflicts' },
    h('h2', { id: 'val-conflicts-title', tabindex: '-1' }, t('val.conflictTitle')),
    h('p', t(locked ? 'val.conflictLocked' : 'val.conflictIntro')), status, f);
}

// Sends the kept form again: "keep mine" values with the version now on the server, "take the
// server's" values left out, the others as they were.
async function resolve(env, pending, choices, status) {
  const cur = new Map(pending.conflicts.map(c => [c.indicator, c.current]));
  const values = [];
  for (const v of pending.values) {
    const ch = choices.get(v.indicator);
    if (ch === 'server') continue;
    if (ch === 'mine') { const c = cur.get(v.indicator); values.push({ ...v, base_version: c ? c.version : 0 }); } else values.push(v);
  }
  const { user, form } = env;
  if (!values.length) {
    dropPending(user.username, form.unit.code, form.period);
    await load(env, { kind: 'ok', text: t('val.tookServer') }, 'val-status');
    return;
  }
  const entry = { user: pending.user, unit: pending.unit, period: pending.period, values, saved_at: pending.saved_at };
  let res;
  try { res = await sendForm(entry); } catch {
    putPending(entry);
    status.replaceChildren(notice('ok', t('val.keptLocally')));
    return;
  }
  if (!env.ctx.alive()) return;
  if (!res.ok && !res.conflicts) { putPending({ ...entry, error: { code: res.err.code, message: res.err.message, field: res.err.field } }); }
  afterSend(env, entry, res, null, status);
  if (!res.ok && !res.conflicts) await load(env, null, 'val-status');
}
