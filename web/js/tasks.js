// The task list (/tasks) with its filters, colour totals, paging and CSV link, and the summary
// (/tasks/summary): greening rate of a unit alone and with its subtree, and the ranking of the
// units directly below with drill-down and breadcrumbs. Each view is one JSON request; the URL
// holds every choice, so a view can be shared as a link.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError, uid } from './dom.js';
import { t, label, fmtDate } from './i18n.js';
import {
  COLOURS, GROUPS, ISO, BLOCKS, CRITERIA, badge, progressBar, legend, legendLabel, deadlineReading, fmtNum, fmtRate,
  groupLabel, tagLabel, learn, unitName, setTrail, getTrail, scopeRoot, isNational, taskErrorText, taskTabs, vi,
} from './tasks-common.js';

const PAGE = 50;
const LIST_PARAMS = ['unit', 'subtree', 'role', 'group', 'colour', 'overdue', 'due_from', 'due_to', 'q',
  'as_of', 'sort', 'document'];

// Where "previous page" goes: cursor → the cursor of the page before it ('' for the first).
const prevOf = new Map();

function readListParams(query) {
  const p = {};
  for (const k of LIST_PARAMS) {
    const v = (query.get(k) || '').trim();
    if (v) p[k] = v;
  }
  for (const k of ['as_of', 'due_from', 'due_to']) if (p[k] && !ISO.test(p[k])) delete p[k];
  if (p.colour) {
    const cs = p.colour.split(',').filter(c => COLOURS.includes(c));
    if (cs.length) p.colour = cs.join(','); else delete p.colour;
  }
  if (p.subtree && p.subtree !== 'false') delete p.subtree;
  if (p.overdue && p.overdue !== 'true') delete p.overdue;
  return p;
}

function checkbox(name, text, checked, attrs = {}) {
  const id = attrs.id || uid(name);
  return h('div.field.check', h('label', { for: id },
    h('input', { type: 'checkbox', id, name, checked, ...attrs }), ' ', text));
}

// A unit field: a code input with suggestions from /units?q= (only units in the user's scope).
export function unitField({ name, label: text, value, hint, id }) {
  const listId = uid('units');
  const f = field({ name, label: text, value, hint,
    attrs: { id, list: listId, autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' } });
  const dl = h('datalist', { id: listId });
  f.append(dl);
  let timer = null;
  let seq = 0;
  f.control.addEventListener('input', () => {
    clearTimeout(timer);
    const q = f.control.value.trim();
    if (q.length < 2 || [...dl.options].some(o => o.value === q)) return;
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const r = await api('GET', '/units' + qs({ q, limit: 12 }));
        if (mine !== seq) return;
        dl.replaceChildren(...(r.items || []).map(u => { learn(u.code, u.name); return h('option', { value: u.code, label: u.name }, u.name); }));
      } catch { /* suggestions are a help, not a must */ }
    }, 250);
  });
  // A name typed in full (or picked by label) becomes its code.
  f.resolve = () => {
    const v = f.control.value.trim();
    const o = [...dl.options].find(x => x.label === v || x.textContent === v);
    return o ? o.value : v;
  };
  return f;
}

// ---------------------------------------------------------------- the list

export async function tasksView(ctx) {
  const session = ctx.session;
  const p = readListParams(ctx.query);
  const myUnit = session.user.unit.code;
  learn(myUnit, session.user.unit.name);
  const unit = p.unit || myUnit;
  const cursor = ctx.query.get('cursor') || '';
  const page = Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1);
  const root = ctx.root;
  ctx.setTitle(t('tasks.title'));

  root.append(taskTabs(ctx, 'list', p));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  const h1 = h('h1', { tabindex: '-1' }, t('tasks.title'));
  const scopeLine = h('p.scope-line');
  root.append(h1, scopeLine);
  const setScopeLine = () => scopeLine.replaceChildren(
    t(p.subtree === 'false' ? 'tasks.scopeAlone' : 'tasks.scopeSubtree', { name: unitName(unit) }));
  setScopeLine();
  if (p.as_of) root.append(h('p.as-of-note', t('tasks.asOfShowing', { d: fmtDate(p.as_of) })));

  // ---- filters: a GET-like form; applying it navigates, so the URL is the state.
  const unitF = unitField({ name: 'unit', label: t('tasks.unit'), value: unit, hint: t('tasks.unitHint'), id: 'f-unit' });
  const colours = h('fieldset.colours',
    h('legend', t('tasks.colour')),
    h('div.check-grid', COLOURS.map(c => checkbox('colour', legendLabel(c), (p.colour || '').split(',').includes(c),
      { value: c, id: 'f-colour-' + c }))),
    h('p.field-error', { hidden: true }));
  const form = h('form.filters', { id: 'task-filters', novalidate: true, 'aria-label': t('tasks.filters') },
    h('div.filter-grid',
      h('div', unitF, checkbox('subtree', t('tasks.subtree'), p.subtree !== 'false', { value: 'true', id: 'f-subtree' })),
      field({ name: 'q', type: 'search', label: t('tasks.q'), hint: t('tasks.qHint'), value: p.q || '', attrs: { id: 'f-q' } }),
      field({ name: 'role', label: t('tasks.role'), value: p.role || '', attrs: { id: 'f-role' },
        options: [['', t('tasks.all')], ['lead', t('taskrole.lead')], ['coordinator', t('taskrole.coordinator')]] }),
      field({ name: 'group', label: t('tasks.group'), value: p.group || '', attrs: { id: 'f-group' },
        options: [['', t('tasks.groupAll')], ...GROUPS.map(g => [String(g), groupLabel(g)])] }),
      field({ name: 'due_from', type: 'date', label: t('tasks.dueFrom'), value: p.due_from || '', attrs: { id: 'f-due-from' } }),
      field({ name: 'due_to', type: 'date', label: t('tasks.dueTo'), value: p.due_to || '', attrs: { id: 'f-due-to' } }),
      field({ name: 'as_of', type: 'date', label: t('tasks.asOf'), hint: t('tasks.asOfHint'), value: p.as_of || '', attrs: { id: 'f-as-of' } }),
      field({ name: 'sort', label: t('tasks.sort'), value: p.sort || 'due', attrs: { id: 'f-sort' },
        options: ['due', 'overdue', 'title'].map(s => [s, t('sort.' + s)]) })),
    colours,
    checkbox('overdue', t('tasks.overdue'), p.overdue === 'true', { value: 'true', id: 'f-overdue' }),
    p.document ? h('input', { type: 'hidden', name: 'document', value: p.document }) : null,
    h('div.actions',
      h('button.primary', { type: 'submit', id: 'f-apply' }, t('tasks.apply')),
      h('a.button', { href: '/tasks' }, t('tasks.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const next = {};
    const u = unitF.resolve();
    if (u && u !== myUnit) next.unit = u;
    if (!f.get('subtree')) next.subtree = 'false';
    for (const k of ['q', 'role', 'group', 'due_from', 'due_to', 'as_of', 'document']) {
      const v = String(f.get(k) || '').trim();
      if (v) next[k] = v;
    }
    if (f.get('sort') && f.get('sort') !== 'due') next.sort = f.get('sort');
    const cs = f.getAll('colour');
    if (cs.length) next.colour = cs.join(',');
    if (f.get('overdue')) next.overdue = 'true';
    ctx.navigate('/tasks' + qs(next));
  });
  const active = Object.keys(p).filter(k => k !== 'sort').length;
  const details = h('details.filter-box', { open: active > 0 || matchMedia('(min-width: 48rem)').matches ? true : null },
    h('summary', t('tasks.filters') + (active ? ` (${active})` : '')), form);
  root.append(details);

  const results = h('section.results-box', { 'aria-labelledby': 'results-title' },
    h('h2.visually-hidden', { id: 'results-title' }, t('tasks.title')),
    h('p.loading', t('app.loading')));
  root.append(results);

  // ---- the one request
  const apiParams = { ...p, unit, limit: PAGE, cursor };
  let data;
  try {
    data = await api('GET', '/tasks' + qs(apiParams));
  } catch (err) {
    if (!ctx.alive()) return;
    results.querySelector('.loading')?.remove();
    const ctl = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
    if (ctl) {
      details.open = true;
      if (err.field === 'colour') {
        colours.querySelector('.field-error').hidden = false;
        colours.querySelector('.field-error').textContent = taskErrorText(err);
      } else setFieldError(form, err.field, taskErrorText(err));
      results.append(notice('error', t('tasks.filterError')));
    } else results.append(notice('error', taskErrorText(err)));
    return;
  }
  if (!ctx.alive()) return;
  results.querySelector('.loading')?.remove();
  for (const it of data.items) learn(it.part.unit.code, it.part.unit.name);
  setScopeLine();

  // ---- totals by colour
  const activeColours = p.overdue === 'true' ? ['red'] : (p.colour ? p.colour.split(',') : []);
  const hrefFor = (c) => {
    const next = { ...p };
    delete next.overdue;
    if (activeColours.length === 1 && activeColours[0] === c) delete next.colour;
    else next.colour = c;
    return '/tasks' + qs(next);
  };
  const totalAll = COLOURS.reduce((s, c) => s + (data.counts[c] || 0), 0);
  results.append(h('section.totals', { 'aria-labelledby': 'totals-title' },
    h('h2', { id: 'totals-title' }, t('tasks.totals'), ' ', h('span.meta', t('tasks.totalRows', { n: fmtNum(totalAll) }))),
    legend(data.counts, { hrefFor, active: activeColours, id: 'task-legend' }),
    h('p.hint', t('tasks.countsNote'))));

  // ---- status line, CSV link
  const csvParams = { ...p, unit };
  const from = data.total ? (page - 1) * PAGE + 1 : 0;
  const to = (page - 1) * PAGE + data.items.length;
  results.append(h('div.list-head',
    h('p.list-status', { role: 'status', id: 'list-status' },
      data.total ? t('tasks.rows', { from: fmtNum(from), to: fmtNum(to), n: fmtNum(data.total) }) : t('tasks.empty')),
    h('p.csv', h('a.button', { href: '/api/v1/tasks/export.csv' + qs(csvParams), download: 'nhiem-vu.csv', id: 'csv-link' },
      t('tasks.csv'), h('span.visually-hidden', ' ' + t('tasks.csvHint'))), ' ',
      h('a.button', { href: '/api/v1/tasks/export.xlsx' + qs(csvParams), download: 'nhiem-vu.xlsx', id: 'xlsx-link' },
        t('tasks.xlsx'), h('span.visually-hidden', ' ' + t('tasks.csvHint'))))));

  // ---- rows
  if (data.items.length) {
    const asOf = p.as_of || '';
    results.append(h('div.table-wrap', { role: 'region', 'aria-labelledby': 'results-title', tabindex: '0' },
      h('table.responsive.tasks-table', { id: 'tasks-table' },
        h('thead', h('tr', ['tasks.col.colour', 'tasks.col.section', 'tasks.col.title', 'tasks.col.unit',
          'tasks.col.deadline', 'tasks.col.progress'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', data.items.map(({ task, part }) => h('tr', { 'data-task': task.id, 'data-unit': part.unit.code },
          h('td', { 'data-label': t('tasks.col.colour') }, h('div.cell', badge(part.verdict))),
          h('td', { 'data-label': t('tasks.col.section') }, h('div.cell', task.section || t('units.none'))),
          h('td', { 'data-label': t('tasks.col.title') },
            h('a.task-link', { href: `/tasks/${task.id}` + qs({ as_of: asOf }) }, vi(task.title)),
            task.document ? h('span.meta.block', task.document.number || '') : null),
          h('td', { 'data-label': t('tasks.col.unit') }, h('div.cell', vi(part.unit.name), h('span.meta.block', label('taskrole', part.role)))),
          h('td', { 'data-label': t('tasks.col.deadline') },
            task.deadline_text ? h('span.written', vi(task.deadline_text)) : h('span.meta', t('deadline.none')),
            h('span.reading.block', deadlineReading(task, part.verdict))),
          h('td', { 'data-label': t('tasks.col.progress') },
            progressBar(part.progress, `${t('tasks.progress')}: ${part.unit.name}`))))))));
  }

  // ---- pager
  if (data.next_cursor) prevOf.set(data.next_cursor, cursor);
  const base = { ...p };
  const links = [];
  if (page > 1) {
    links.push(h('li', h('a', { href: '/tasks' + qs(base), id: 'page-first' }, t('tasks.first'))));
    if (prevOf.has(cursor) && page > 2)
      links.push(h('li', h('a', { href: '/tasks' + qs({ ...base, cursor: prevOf.get(cursor), page: page - 1 }), id: 'page-prev' }, t('tasks.prev'))));
  }
  if (data.next_cursor)
    links.push(h('li', h('a', { href: '/tasks' + qs({ ...base, cursor: data.next_cursor, page: page + 1 }), id: 'page-next', rel: 'next' }, t('tasks.next'))));
  if (links.length) results.append(h('nav.pager', { 'aria-label': t('tasks.pager') }, h('ul', links)));

  results.append(ruleNote(data.as_of, data.rule_version));
}

// The date the colours were computed for, the rule version, and a short explanation.
export function ruleNote(asOf, version) {
  return h('div.rule-note',
    h('p.meta', { id: 'rule-version' }, t('tasks.computed', { d: fmtDate(asOf), v: version })),
    h('details', h('summary', t('tasks.ruleHelp')),
      h('p', t('tasks.ruleText1')), h('p', t('tasks.ruleText2')), h('p', t('tasks.ruleText3'))));
}

// ---------------------------------------------------------------- the summary

export async function summaryView(ctx) {
  const session = ctx.session;
  const asOf = ISO.test(ctx.query.get('as_of') || '') ? ctx.query.get('as_of') : '';
  const cutoff = ISO.test(ctx.query.get('cutoff') || '') ? ctx.query.get('cutoff') : '';
  const root = ctx.root;
  ctx.setTitle(t('summary.title'));
  let unit = (ctx.query.get('unit') || '').trim();
  const top = await scopeRoot(session);
  if (!ctx.alive()) return;
  if (!unit) unit = top.code;

  root.append(taskTabs(ctx, 'summary', { unit: ctx.query.get('unit'), as_of: asOf }));
  const crumbs = h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb'), id: 'summary-crumbs' });
  const h1 = h('h1', { tabindex: '-1' }, t('summary.title'));
  root.append(crumbs, h1);

  // The as-of date: a navigation, so back returns to the previous date.
  const date = field({ name: 'as_of', label: t('tasks.asOf'), type: 'date', value: asOf,
    hint: t('tasks.asOfHint'), attrs: { id: 'summary-as-of' } });
  const cut = field({ name: 'cutoff', label: t('phase.cutoff'), type: 'date', value: cutoff,
    hint: t('phase.cutoffHint'), attrs: { id: 'summary-cutoff' } });
  const dateForm = h('form.as-of.inline-form', { novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const d = date.control.value;
    const c = cut.control.value;
    ctx.navigate('/tasks/summary' + qs({ unit: ctx.query.get('unit'), as_of: ISO.test(d) ? d : '', cutoff: ISO.test(c) ? c : '' }));
  } }, date, cut, h('div.actions', h('button', { type: 'submit', id: 'summary-as-of-apply' }, t('units.asOfApply')),
    asOf ? h('a.button', { href: '/tasks/summary' + qs({ unit: ctx.query.get('unit'), cutoff }) }, t('units.asOfToday')) : null));
  root.append(dateForm);
  if (asOf) root.append(h('p.as-of-note', t('tasks.asOfShowing', { d: fmtDate(asOf) })));
  const body = h('div.summary-body', h('p.loading', t('app.loading')));
  root.append(body);

  // One request, plus the unit's ancestors only for a link opened cold (not reached by drilling).
  const known = unit === top.code ? [top] : getTrail(asOf, unit);
  let data, trail = known;
  try {
    const [s, u] = await Promise.all([
      api('GET', '/tasks/summary' + qs({ unit, as_of: asOf, cutoff })),
      known ? null : api('GET', `/units/${encodeURIComponent(unit)}` + qs({ as_of: asOf })).catch(() => null),
    ]);
    data = s;
    if (!known) {
      const anc = (u && u.ancestors) || [];
      // Only the part of the path the user may open: from the top of their scope down.
      const i = anc.findIndex(a => a.code === top.code);
      trail = [...(isNational(session) ? anc : i >= 0 ? anc.slice(i) : []), { code: s.unit.code, name: s.unit.name }];
    }
  } catch (err) {
    if (!ctx.alive()) return;
    body.replaceChildren(notice('error', taskErrorText(err)),
      h('p', h('a', { href: '/tasks/summary' + qs({ as_of: asOf }) }, t('summary.title'))));
    return;
  }
  if (!ctx.alive()) return;
  trail = trail.map(x => (x.code === data.unit.code ? { code: x.code, name: data.unit.name } : x));
  setTrail(asOf, trail);
  for (const r of data.ranking) setTrail(asOf, [...trail, { code: r.unit.code, name: r.unit.name }]);

  const href = (code) => '/tasks/summary' + qs({ unit: code === top.code ? '' : code, as_of: asOf, cutoff });
  crumbs.append(h('ol', trail.map((u, i) => h('li', i === trail.length - 1
    ? h('span', { 'aria-current': 'page' }, vi(u.name))
    : h('a', { href: href(u.code) }, vi(u.name))))));
  h1.replaceChildren(t('summary.heading', { name: data.unit.name }));
  ctx.setTitle(t('summary.heading', { name: data.unit.name }));

  const listQ = (extra) => '/tasks' + qs({ unit: data.unit.code, as_of: asOf, ...extra });
  body.replaceChildren(
    h('ul.links.inline-links',
      h('li', h('a', { href: listQ({}), id: 'summary-list-link' }, t('summary.listOf', { name: data.unit.name }))),
      h('li', h('a', { href: listQ({ overdue: 'true', sort: 'overdue' }), id: 'summary-red-link' }, t('summary.redList')))),
    h('div.rate-cards',
      rateCard('rate-alone', t('summary.alone'), data.alone, listQ({ subtree: 'false' })),
      rateCard('rate-subtree', t('summary.subtree'), data.subtree, listQ({}))));

  // ---- ranking
  const sec = h('section', { 'aria-labelledby': 'ranking-title' },
    h('h2', { id: 'ranking-title' }, t('summary.ranking')));
  if (!data.ranking.length) sec.append(h('p', t('summary.noRanking')));
  else {
    sec.append(h('p.hint', t('summary.rankingNote')));
    const cols = ['green', 'done_late', 'red', 'yellow', 'blue', 'grey'];
    sec.append(h('div.table-wrap', { role: 'region', 'aria-labelledby': 'ranking-title', tabindex: '0' },
      h('table.responsive.ranking', { id: 'ranking-table' },
        h('thead', h('tr',
          h('th', { scope: 'col' }, t('summary.rank')),
          h('th', { scope: 'col' }, t('tasks.unit')),
          h('th', { scope: 'col' }, t('summary.rate')),
          h('th', { scope: 'col' }, t('summary.due')),
          data.phase ? h('th', { scope: 'col' }, t('phase.col')) : null,
          cols.map(c => h('th', { scope: 'col', class: 'num col-colour' }, h('span.swatch.v-' + c, { 'aria-hidden': 'true' }), ' ', legendLabel(c))),
          h('th.col-compact', { scope: 'col' }, t('tasks.colour')),
          h('th', { scope: 'col' }, t('summary.list')))),
        h('tbody', data.ranking.map(r => h('tr', { 'data-unit': r.unit.code },
          h('td', { 'data-label': t('summary.rank') }, h('div.cell', String(r.rank))),
          h('th', { scope: 'row', 'data-label': t('tasks.unit') }, h('div.cell', h('a', { href: href(r.unit.code) }, vi(r.unit.name)))),
          h('td', { 'data-label': t('summary.rate') }, h('div.cell', h('span.rate', fmtRate(r.greening_rate)), ' ', rateBar(r.greening_rate))),
          h('td.num', { 'data-label': t('summary.due') }, h('div.cell', fmtNum(r.due))),
          data.phase ? h('td', { 'data-label': t('phase.col') }, h('div.cell', phaseBadge(r.phase))) : null,
          cols.map(c => h('td.num.col-colour', { 'data-label': legendLabel(c) }, h('div.cell', fmtNum(r.counts[c] || 0)))),
          h('td.col-compact', { 'data-label': t('tasks.colour') }, h('div.cell', h('ul.mini-counts', cols.map(c =>
            h('li', h('span.swatch.v-' + c, { 'aria-hidden': 'true' }), ' ', t('short.' + c), ' ', h('strong', fmtNum(r.counts[c] || 0))))))),
          h('td', { 'data-label': t('summary.list') },
            h('a', { href: '/tasks' + qs({ unit: r.unit.code, as_of: asOf }) }, t('summary.listShort'),
              h('span.visually-hidden', ' ' + t('summary.listOfLower', { name: r.unit.name }))))))))));
  }
  body.append(sec);
  if (data.breakdown) body.append(breakdownSection(data, href));
  body.append(ruleNote(data.as_of, data.rule_version));
  if (data.phase) sec.before(phaseSection(data.phase));
}

// ---- the programme phase (cut-off): each unit's verdict and how many units have each (the
// heat map of the real system). Colour never alone: a glyph and the words.
const PHASE = ['green', 'yellow', 'red', 'blue', 'grey'];
const PHASE_GLYPH = { green: '✓', yellow: '▲', red: '!', blue: '●', grey: '–' };
function phaseBadge(v) {
  const c = PHASE.includes(v) ? v : 'grey';
  return h(`span.vbadge.v-${c}`, { 'data-phase': c },
    h('span.vglyph', { 'aria-hidden': 'true' }, PHASE_GLYPH[c]), ' ', t('phase.' + c));
}
function phaseSection(phase) {
  const units = phase.units || {};
  return h('section.phase.card', { 'aria-labelledby': 'phase-title', id: 'phase' },
    h('h2', { id: 'phase-title' }, t('phase.title', { d: fmtDate(phase.cutoff) })),
    h('p', t('phase.overall'), ' ', phaseBadge(phase.verdict)),
    h('ul.phase-units.inline-links', { id: 'phase-units' }, PHASE.filter(c => c !== 'blue' && c !== 'grey' || units[c])
      .map(c => h('li', { 'data-phase': c }, phaseBadge(c), ' ', h('strong', fmtNum(units[c] || 0)), ' ', t('phase.unitsWord')))),
    h('p.hint', t('phase.note')));
}

// ---- rates by political block and by criteria group, with each unit's rank in each.
function breakdownSection(data, href) {
  const tags = [...BLOCKS.map(b => ['block', b]), ...CRITERIA.map(c => ['criteria', c])];
  const cell = (r, label) => {
    const rate = r && r[label[0]] && r[label[0]][label[1]];
    if (!rate || !rate.due) return h('span.meta', t('breakdown.none'));
    return [h('span.rate', fmtRate(rate.greening_rate)),
      rate.rank ? h('span.meta.block', t('breakdown.rank', { n: rate.rank })) : null];
  };
  const head = (k) => `${t(k[0] === 'block' ? 'breakdown.blockShort' : 'breakdown.criteriaShort')}: ${tagLabel(k[0], k[1])}`;
  const line = (name, b, code, total) => h('tr', { 'data-unit': code, class: total ? 'total' : null },
    h('th', { scope: 'row', 'data-label': t('tasks.unit') }, h('div.cell',
      total ? h('strong', vi(name)) : h('a', { href: href(code) }, vi(name)))),
    tags.map(k => h('td', { 'data-label': head(k) }, h('div.cell', cell(b, k)))));
  return h('section', { 'aria-labelledby': 'breakdown-title', id: 'breakdown' },
    h('h2', { id: 'breakdown-title' }, t('breakdown.title')),
    h('p.hint', t('breakdown.note')),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'breakdown-title', tabindex: '0' },
      h('table.responsive.breakdown', { id: 'breakdown-table' },
        h('thead', h('tr', h('th', { scope: 'col' }, t('tasks.unit')), tags.map(k => h('th', { scope: 'col' }, head(k))))),
        h('tbody', line(t('breakdown.total', { name: data.unit.name }), data.breakdown, data.unit.code, true),
          data.ranking.map(r => line(r.unit.name, r.breakdown, r.unit.code, false))))));
}

// A small bar of the rate beside the number (decorative: the number is the information).
function rateBar(rate) {
  const fill = h('span.minibar-fill');
  fill.style.width = Math.max(0, Math.min(100, Number(rate) || 0)) + '%';
  return h('span.minibar', { 'aria-hidden': 'true' }, fill);
}

function rateCard(id, title, rate, listHref) {
  const g = rate.counts.green || 0;
  return h('section.rate-card.card', { id, 'aria-labelledby': id + '-title' },
    h('h2', { id: id + '-title' }, title),
    h('p.rate-big', h('span.rate-label', t('summary.rate') + ': '), h('strong', fmtRate(rate.greening_rate))),
    h('p.meta', rate.due ? t('summary.rateOf', { g: fmtNum(g), d: fmtNum(rate.due) }) : t('summary.noneDue')),
    legend(rate.counts),
    h('p', h('a', { href: listHref }, t('summary.fullList'))));
}
