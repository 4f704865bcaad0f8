// Checklists (/checklists): the list of checklists; a checklist's summary for a unit
// (/checklists/ID/summary?unit=&as_of=): the share of green units against the published bands
// and the units directly below with drill-down and breadcrumbs; and one unit's answers
// (/checklists/ID/units/CODE?as_of=) with, for reporters and leaders whose scope holds the unit,
// a form to answer. One JSON request per view (plus the unit's ancestors for a link opened cold).
import { api, qs } from './api.js';
import { h, field, notice, uid } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { ISO, fmtNum, setTrail, getTrail, scopeRoot, isNational, taskErrorText, vi } from './tasks-common.js';

const BANDS = { all: 'green', over_70: 'blue', over_50: 'yellow', under_50: 'red', none: 'grey' };
const BAND_GLYPH = { all: '✓', over_70: '●', over_50: '▲', under_50: '!', none: '–' };

function bandBadge(band, extra = {}) {
  const b = band in BANDS ? band : 'none';
  return h(`span.vbadge.v-${BANDS[b]}`, { 'data-band': b, ...extra },
    h('span.vglyph', { 'aria-hidden': 'true' }, BAND_GLYPH[b]), ' ', t('band.' + b));
}

function fmtShare(x) { return t('tasks.percent', { n: fmtNum(x || 0, 1) }); }

function asOfOf(ctx) { return ISO.test(ctx.query.get('as_of') || '') ? ctx.query.get('as_of') : ''; }

// ---------------------------------------------------------------- the list

export async function checklistsView(ctx) {
  ctx.setTitle(t('cl.title'));
  const root = ctx.root;
  root.append(h('h1', { tabindex: '-1' }, t('cl.title')));
  const data = await api('GET', '/checklists');
  if (!ctx.alive()) return;
  if (!data.items.length) { root.append(h('p', t('cl.none'))); return; }
  root.append(h('ul.checklists', { id: 'checklists' }, data.items.map(c => h('li.card', { 'data-id': c.id },
    h('h2', h('a', { href: `/checklists/${c.id}/summary` }, vi(c.name))),
    h('p.meta', c.code, ' · ', t('cl.criteriaCount', { n: c.criteria.length }), ' · ',
      t('cl.kinds'), ' ', c.unit_kinds.map(k => t('kind.' + k)).join(', ')),
    h('details', h('summary', t('cl.showCriteria')),
      h('ol', c.criteria.map(x => h('li', vi(x.text)))))))));
}

// Breadcrumbs: the trail from the top of the user's scope to the unit, learnt while drilling
// down, or asked from /units/CODE for a link opened cold.
async function trailFor(ctx, code, name, asOf) {
  const top = await scopeRoot(ctx.session);
  if (code === top.code) return [{ code, name }];
  const known = getTrail(asOf, code);
  if (known) return known;
  const u = await api('GET', `/units/${encodeURIComponent(code)}` + qs({ as_of: asOf })).catch(() => null);
  const anc = (u && u.ancestors) || [];
  const i = anc.findIndex(a => a.code === top.code);
  return [...(isNational(ctx.session) ? anc : i >= 0 ? anc.slice(i) : []), { code, name }];
}

function crumbs(trail, href, last) {
  return h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb'), id: 'cl-crumbs' }, h('ol',
    trail.map((u, i) => h('li', i === trail.length - 1 && !last
      ? h('span', { 'aria-current': 'page' }, vi(u.name))
      : h('a', { href: href(u.code) }, vi(u.name)))),
    last ? h('li', h('span', { 'aria-current': 'page' }, last)) : null));
}

function asOfForm(ctx, asOf, path, keep) {
  const date = field({ name: 'as_of', label: t('tasks.asOf'), type: 'date', value: asOf,
    hint: t('cl.asOfHint'), attrs: { id: 'cl-as-of' } });
  return h('form.as-of.inline-form', { novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const d = date.control.value;
    ctx.navigate(path + qs({ ...keep, as_of: ISO.test(d) ? d : '' }));
  } }, date, h('div.actions', h('button', { type: 'submit', id: 'cl-as-of-apply' }, t('units.asOfApply')),
    asOf ? h('a.button', { href: path + qs(keep) }, t('units.asOfToday')) : null));
}

// ---------------------------------------------------------------- a checklist's summary

export async function checklistSummaryView(ctx) {
  const id = ctx.params[0];
  const asOf = asOfOf(ctx);
  const unitQ = (ctx.query.get('unit') || '').trim();
  const root = ctx.root;
  ctx.setTitle(t('cl.summary'));
  const path = `/checklists/${encodeURIComponent(id)}/summary`;
  let data;
  try {
    data = await api('GET', path + qs({ unit: unitQ, as_of: asOf }));
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(h('h1', { tabindex: '-1' }, t('cl.summary')), notice('error', taskErrorText(e)),
      h('p', h('a', { href: '/checklists' }, t('cl.back'))));
    return;
  }
  if (!ctx.alive()) return;
  const trail = await trailFor(ctx, data.unit.code, data.unit.name, asOf);
  if (!ctx.alive()) return;
  setTrail(asOf, trail);
  for (const c of data.children) setTrail(asOf, [...trail, { code: c.unit.code, name: c.unit.name }]);

  const href = (code) => path + qs({ unit: code === trail[0].code ? '' : code, as_of: asOf });
  const unitHref = (code) => `/checklists/${encodeURIComponent(id)}/units/${encodeURIComponent(code)}` + qs({ as_of: asOf });
  const title = t('cl.summaryOf', { name: data.unit.name });
  ctx.setTitle(title);
  root.append(
    h('nav.breadcrumbs', { 'aria-label': t('cl.listCrumb') }, h('p', h('a', { href: '/checklists' }, t('cl.title')), ' › ',
      vi(data.checklist.name))),
    crumbs(trail, href),
    h('h1', { tabindex: '-1' }, title),
    asOfForm(ctx, asOf, path, { unit: unitQ }));
  if (asOf) root.append(h('p.as-of-note', t('tasks.asOfShowing', { d: fmtDate(asOf) })));

  const tot = data.total;
  root.append(h('section.rate-card.card', { id: 'cl-total', 'aria-labelledby': 'cl-total-title' },
    h('h2', { id: 'cl-total-title' }, t('cl.total')),
    h('p.rate-big', h('span.rate-label', t('cl.share') + ': '), h('strong', { id: 'cl-share' }, fmtShare(tot.share)), ' ',
      bandBadge(tot.band, { id: 'cl-band' })),
    h('p.meta', { id: 'cl-count' }, t('cl.greenOf', { g: fmtNum(tot.green), n: fmtNum(tot.units) })),
    h('p.hint', t('cl.bandsNote'))));

  const sec = h('section', { 'aria-labelledby': 'cl-children-title' },
    h('h2', { id: 'cl-children-title' }, t('cl.children')));
  if (!data.children.length) sec.append(h('p', t('summary.noRanking')));
  else sec.append(h('p.hint', t('cl.childrenNote')),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'cl-children-title', tabindex: '0' },
      h('table.responsive', { id: 'cl-table' },
        h('thead', h('tr', ['tasks.unit', 'cl.colGreen', 'cl.share', 'cl.band'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', data.children.map(c => h('tr', { 'data-unit': c.unit.code },
          h('th', { scope: 'row', 'data-label': t('tasks.unit') }, h('div.cell',
            h('a', { href: c.units > 1 ? href(c.unit.code) : unitHref(c.unit.code) }, vi(c.unit.name)))),
          h('td', { 'data-label': t('cl.colGreen') }, h('div.cell', t('cl.greenOfShort', { g: fmtNum(c.green), n: fmtNum(c.units) }))),
          h('td', { 'data-label': t('cl.share') }, h('div.cell', fmtShare(c.share))),
          h('td', { 'data-label': t('cl.band') }, h('div.cell', bandBadge(c.band)))))))));
  root.append(sec, h('p.meta', t('cl.computed', { d: fmtDate(data.as_of) })));
}

// ---------------------------------------------------------------- one unit's answers

export async function checklistUnitView(ctx) {
  const [id, code] = ctx.params;
  const asOf = asOfOf(ctx);
  const root = ctx.root;
  ctx.setTitle(t('cl.unitTitle'));
  let data;
  const path = `/checklists/${encodeURIComponent(id)}/units/${encodeURIComponent(code)}`;
  try {
    data = await api('GET', path + qs({ as_of: asOf }));
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(h('h1', { tabindex: '-1' }, t('cl.unitTitle')), notice('error', taskErrorText(e)),
      h('p', h('a', { href: '/checklists' }, t('cl.back'))));
    return;
  }
  if (!ctx.alive()) return;
  const trail = await trailFor(ctx, data.unit.code, data.unit.name, asOf);
  if (!ctx.alive()) return;
  const role = ctx.session.user.role;
  const mayAnswer = !asOf && ['reporter', 'leader'].includes(role) &&
    (isNational(ctx.session) || trail.some(u => u.code === ctx.session.user.unit.code));
  const env = { ctx, id, code, asOf, trail, path, mayAnswer };
  render(env, data, ctx.flash ? { kind: ctx.flash.kind, text: t(ctx.flash.text, ctx.flash.params) } : null);
}

function render(env, data, message, focusId) {
  const { ctx, id, asOf, trail } = env;
  const root = ctx.root;
  root.replaceChildren();
  const sumHref = (c) => `/checklists/${encodeURIComponent(id)}/summary` + qs({ unit: c, as_of: asOf });
  const title = t('cl.unitHeading', { name: data.unit.name });
  ctx.setTitle(title);
  const status = h('div.form-status', { id: 'cl-status' });
  if (message) status.append(notice(message.kind, message.text));
  root.append(
    h('nav.breadcrumbs', { 'aria-label': t('cl.listCrumb') }, h('p', h('a', { href: '/checklists' }, t('cl.title')), ' › ',
      vi(data.checklist.name))),
    crumbs(trail.slice(0, -1).length ? trail.slice(0, -1) : trail, sumHref, trail.length > 1 ? vi(data.unit.name) : null),
    status,
    h('h1', { tabindex: '-1' }, title),
    asOfForm(ctx, asOf, env.path, {}));
  if (asOf) root.append(h('p.as-of-note', t('tasks.asOfShowing', { d: fmtDate(asOf) })));
  const total = data.criteria.length;
  root.append(h('p', { id: 'cl-unit-verdict' },
    data.green ? bandBadge('all') : bandBadge('under_50'), ' ',
    t(data.green ? 'cl.unitGreen' : 'cl.unitNotGreen', { m: data.met, n: total })));

  const metText = (m) => (m === true ? t('cl.met') : m === false ? t('cl.notMet') : t('cl.notAnswered'));
  const metClass = (m) => (m === true ? 'green' : m === false ? 'red' : 'grey');
  root.append(h('section', { 'aria-labelledby': 'cl-criteria-title' },
    h('h2', { id: 'cl-criteria-title' }, t('cl.criteria')),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'cl-criteria-title', tabindex: '0' },
      h('table.responsive', { id: 'cl-criteria' },
        h('thead', h('tr', ['cl.colNo', 'cl.colCriterion', 'cl.colAnswer', 'cl.colDay', 'cl.colActor', 'task.col.note']
          .map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', data.criteria.map(c => h('tr', { 'data-criterion': c.id, 'data-met': String(c.met) },
          h('td', { 'data-label': t('cl.colNo') }, h('div.cell', String(c.position))),
          h('th', { scope: 'row', 'data-label': t('cl.colCriterion') }, h('div.cell', vi(c.text))),
          h('td', { 'data-label': t('cl.colAnswer') }, h('div.cell', h(`span.vbadge.v-${metClass(c.met)}`,
            h('span.vglyph', { 'aria-hidden': 'true' }, c.met === true ? '✓' : c.met === false ? '✗' : '–'), ' ', metText(c.met)))),
          h('td', { 'data-label': t('cl.colDay') }, h('div.cell', c.day ? fmtDate(c.day) : t('units.none'))),
          h('td', { 'data-label': t('cl.colActor') }, h('div.cell', c.actor || t('units.none'))),
          h('td', { 'data-label': t('task.col.note') }, h('div.cell', c.note ? vi(c.note) : t('units.none'))))))))));

  if (env.mayAnswer) root.append(answerForm(env, data));
  if (focusId) {
    const el = document.getElementById(focusId);
    if (el) { el.setAttribute('tabindex', '-1'); el.focus(); }
  }
}

// One fieldset per criterion: met / not met (radios, the current answer chosen) and a note.
// Only the criteria whose answer changes, or that get a note, are sent.
function answerForm(env, data) {
  const status = h('div.form-status');
  const sets = data.criteria.map(c => {
    const name = `c${c.id}`;
    const radio = (v, text) => {
      const rid = uid(name);
      return h('div.field.check', h('label', { for: rid },
        h('input', { type: 'radio', id: rid, name, value: v, checked: c.met === (v === 'yes') && c.met !== null }), ' ', text));
    };
    return h('fieldset.criterion', { 'data-criterion': c.id },
      h('legend', `${c.position}. `, vi(c.text)),
      radio('yes', t('cl.met')), radio('no', t('cl.notMet')),
      field({ name: `note${c.id}`, label: t('task.note') + ' ' + t('units.optional'), attrs: { id: `cl-note-${c.id}`, maxlength: '500' } }));
  });
  const form = h('form.task-form', { novalidate: true, id: 'cl-answer-form', 'aria-labelledby': 'cl-answer-title' },
    h('p.hint', t('cl.answerIntro')), sets,
    h('div.actions', h('button.primary', { type: 'submit', id: 'cl-answer-submit' }, t('cl.answerSubmit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const answers = [];
    for (const c of data.criteria) {
      const v = f.get(`c${c.id}`);
      const note = String(f.get(`note${c.id}`) || '').trim();
      if (!v) continue;
      const met = v === 'yes';
      if (met === c.met && !note) continue;
      answers.push(note ? { criterion: c.id, met, note } : { criterion: c.id, met });
    }
    if (!answers.length) {
      status.replaceChildren(notice('error', t('cl.noChange')));
      status.querySelector('.notice').setAttribute('tabindex', '-1');
      status.querySelector('.notice').focus();
      return;
    }
    const btn = form.querySelector('#cl-answer-submit');
    btn.disabled = true;
    try {
      const updated = await api('POST', env.path, { answers });
      if (!env.ctx.alive()) return;
      render(env, updated, { kind: 'ok', text: t('cl.saved', { n: answers.length }) }, 'cl-status');
    } catch (err) {
      btn.disabled = false;
      status.replaceChildren(notice('error', taskErrorText(err)));
      status.querySelector('.notice').setAttribute('tabindex', '-1');
      status.querySelector('.notice').focus();
    }
  });
  return h('section.report-box', { 'aria-labelledby': 'cl-answer-title', id: 'cl-answer' },
    h('h2', { id: 'cl-answer-title' }, t('cl.answer')), status, form);
}
