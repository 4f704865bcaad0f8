// Indicators (/indicators): the list with search and a programme filter, each with its targets as
// written and its colour at the unit chosen (the user's own by default); and one indicator at a
// unit (/indicators/CODE?unit=&period=): the evaluation against the path to target, a chart of
// the series and the path (inline SVG, with the numbers as a table too), the projection for the
// target year, the units directly below ranked (a click drills down to that unit) and who has
// and has not reported for a period.
import { api, qs } from './api.js';
import { h, field, notice } from './dom.js';
import { t, errorText } from './i18n.js';
import { fmtNum, setTrail, getTrail, scopeRoot, vi } from './tasks-common.js';

const STATUS_COLOUR = { on: 'green', near: 'yellow', off: 'red', none: 'grey' };
const STATUS_GLYPH = { on: '✓', near: '▲', off: '!', none: '–' };
const REASONS = ['no_value', 'no_target', 'targets_before_baseline', 'target_met', 'outside_target',
  'on_path', 'near_path', 'off_path'];

export function statusBadge(status, extra = {}) {
  const s = status in STATUS_COLOUR ? status : 'none';
  return h(`span.vbadge.v-${STATUS_COLOUR[s]}`, { 'data-status': s, ...extra },
    h('span.vglyph', { 'aria-hidden': 'true' }, STATUS_GLYPH[s]), ' ', t('ind.status.' + s));
}

function reasonText(r) { return REASONS.includes(r) ? t('ind.reason.' + r) : r; }

// A value as people write it, with the unit of measure (27,4 %; 1.234 lượt người).
export function fmtValue(v, uom, type) {
  if (v === null || v === undefined) return t('units.none');
  if (type === 'bool') return v >= 0.5 ? t('val.yes') : t('val.no');
  const digits = Math.abs(v - Math.round(v)) < 1e-9 ? 0 : Math.abs(v) < 10 ? 2 : 1;
  const n = fmtNum(v, digits);
  return uom ? `${n}\u00a0${uom}` : n;
}

const CMP = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' };
// A target as written in the document, else as a comparison.
export function targetText(tg, uom) {
  if (tg.text) return tg.text;
  const v = tg.comparator === 'between'
    ? t('ind.between', { a: fmtValue(tg.value, '', 'number'), b: fmtValue(tg.value_high, uom, 'number') })
    : `${CMP[tg.comparator] || tg.comparator} ${fmtValue(tg.value, uom, 'number')}`;
  return t('ind.targetBy', { v, y: tg.year });
}

// A point in time on the year axis: 2025, or 2025,5 for the middle of it (no thousands separator).
function yearText(x) {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100).replace('.', t('val.decimal'));
}

function unitOf(ctx) {
  const u = (ctx.query.get('unit') || '').trim();
  return u || ctx.session.user.unit.code;
}

// ---------------------------------------------------------------- the list

let allIndicators = null;   // the unfiltered list, for the programme choices

export async function indicatorsView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('ind.title'));
  const q = (ctx.query.get('q') || '').trim();
  const programme = (ctx.query.get('programme') || '').trim();
  const unit = unitOf(ctx);
  root.append(h('h1', { tabindex: '-1' }, t('ind.title')));
  if (!allIndicators) allIndicators = api('GET', '/indicators').catch(e => { allIndicators = null; throw e; });
  let all, list;
  try {
    [all, list] = await Promise.all([allIndicators,
      q || programme ? api('GET', '/indicators' + qs({ q, programme })) : allIndicators]);
  } catch (e) {
    if (ctx.alive()) root.append(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const programmes = [...new Set(all.items.map(i => i.programme).filter(Boolean))].sort();
  const form = h('form.filters.inline-form', { role: 'search', 'aria-label': t('ind.filters'), id: 'ind-filters' },
    field({ name: 'q', type: 'search', label: t('ind.search'), hint: t('ind.searchHint'), value: q, attrs: { id: 'ind-q' } }),
    field({ name: 'programme', label: t('ind.programme'), value: programme, attrs: { id: 'ind-programme' },
      options: [['', t('ind.allProgrammes')], ...programmes.map(p => [p, p])] }),
    field({ name: 'unit', label: t('ind.unit'), hint: t('ind.unitHint'), value: unit, attrs: { id: 'ind-unit' } }),
    h('div.actions', h('button', { type: 'submit', id: 'ind-find' }, t('docs.find'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = new FormData(form);
    const u = String(f.get('unit') || '').trim();
    ctx.navigate('/indicators' + qs({ q: String(f.get('q') || '').trim(), programme: f.get('programme'),
      unit: u === ctx.session.user.unit.code ? '' : u }));
  });
  root.append(form, h('p.hint', t('ind.entryLink'), ' ', h('a', { href: '/values', id: 'ind-to-entry' }, t('val.title'))));
  if (!list.items.length) { root.append(h('p', { id: 'ind-none' }, t('ind.none'))); return; }
  const rows = list.items.map(i => {
    const cell = h('div.cell', { 'data-status-cell': i.code }, h('span.loading', t('app.loading')));
    const href = `/indicators/${encodeURIComponent(i.code)}` + qs({ unit: unit === ctx.session.user.unit.code ? '' : unit });
    const tr = h('tr', { 'data-code': i.code },
      h('th', { scope: 'row', 'data-label': t('ind.colName') }, h('div.cell',
        h('a', { href }, vi(i.name)), h('span.meta.block', i.code, i.programme ? ' · ' + i.programme : ''))),
      h('td', { 'data-label': t('ind.colUom') }, h('div.cell', i.unit_of_measure ? vi(i.unit_of_measure) : t('units.none'))),
      h('td', { 'data-label': t('ind.colTargets') }, h('div.cell', i.targets.length
        ? h('ul.plain', i.targets.map(tg => h('li', vi(targetText(tg, i.unit_of_measure))))) : t('ind.noTarget'))),
      h('td', { 'data-label': t('ind.colStatus') }, cell));
    tr.statusCell = cell;
    return tr;
  });
  root.append(h('p.meta', { id: 'ind-count' }, t('ind.count', { n: list.items.length })),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'ind-caption', tabindex: '0' },
      h('table.responsive', { id: 'ind-table' },
        h('caption.visually-hidden', { id: 'ind-caption' }, t('ind.title')),
        h('thead', h('tr', ['ind.colName', 'ind.colUom', 'ind.colTargets', 'ind.colStatus']
          .map(k => h('th', { scope: 'col' }, k === 'ind.colStatus' ? t(k, { unit }) : t(k))))),
        h('tbody', rows))));
  // The colours: one small request each, four at a time, filled in as they come.
  let next = 0;
  const worker = async () => {
    while (next < rows.length && ctx.alive()) {
      const tr = rows[next++];
      const code = tr.dataset.code;
      try {
        const e = await api('GET', `/indicators/${encodeURIComponent(code)}/evaluation` + qs({ unit }));
        if (!ctx.alive()) return;
        tr.dataset.status = e.status;
        tr.statusCell.replaceChildren(statusBadge(e.status),
          e.latest ? h('span.meta.block', t('ind.latestShort', { v: fmtValue(e.latest.value, e.indicator.unit_of_measure, e.indicator.value_type), p: e.latest.period })) : null);
      } catch (err) {
        if (!ctx.alive()) return;
        tr.statusCell.replaceChildren(h('span.meta', errorText(err)));
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

// ---------------------------------------------------------------- one indicator at a unit

export async function indicatorView(ctx) {
  const code = ctx.params[0];
  const root = ctx.root;
  const unit = unitOf(ctx);
  const period = (ctx.query.get('period') || '').trim();
  ctx.setTitle(t('ind.title'));
  const path = `/indicators/${encodeURIComponent(code)}`;
  let ev, ranking, comp, late;
  try {
    // Completeness: the counts and the first 200 units missing, then the first 200 late.
    [ev, ranking, comp, late] = await Promise.all([
      api('GET', path + '/evaluation' + qs({ unit })),
      api('GET', path + '/units' + qs({ unit, period })),
      api('GET', path + '/completeness' + qs({ unit, period, status: 'missing', limit: 200 })),
      api('GET', path + '/completeness' + qs({ unit, period, status: 'late', limit: 200 })),
    ]);
    comp.units = [...comp.units, ...late.units];
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb') }, h('p', h('a', { href: '/indicators' }, t('ind.title')))),
      h('h1', { tabindex: '-1' }, t('ind.title')), notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const ind = ev.indicator;
  const uom = ind.unit_of_measure;
  const fmt = (v) => fmtValue(v, uom, ind.value_type);
  const href = (u, p = period) => path + qs({ unit: u, period: p });

  // Breadcrumbs learnt while drilling down (or the unit alone for a link opened cold).
  const top = await scopeRoot(ctx.session).catch(() => null);
  if (!ctx.alive()) return;
  let trail = getTrail('ind', ev.unit.code) || (top && top.code !== ev.unit.code ? [top, ev.unit] : [ev.unit]);
  setTrail('ind', trail);
  for (const c of ranking.children) setTrail('ind', [...trail, { code: c.code, name: c.name }]);
  ctx.setTitle(`${ind.name} — ${ev.unit.name}`);
  root.append(
    h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb'), id: 'ind-crumbs' }, h('ol',
      h('li', h('a', { href: '/indicators' }, t('ind.title'))),
      trail.map((u, i) => h('li', i === trail.length - 1
        ? h('span', { 'aria-current': 'page' }, vi(u.name))
        : h('a', { href: href(u.code) }, vi(u.name)))))),
    h('h1', { tabindex: '-1', id: 'ind-title' }, vi(ind.name)),
    h('p.meta', ind.code, ' · ', t('ind.atUnit', { u: ev.unit.name }), ' · ', t('ind.period.' + ind.period_type)));

  // ---- the evaluation card
  const latest = ev.latest;
  root.append(h('section.combined.card', { 'aria-labelledby': 'ind-eval-title', id: 'ind-eval' },
    h('h2', { id: 'ind-eval-title' }, t('ind.evaluation')),
    h('p.combined-line', statusBadge(ev.status, { id: 'ind-status' }),
      latest ? h('span', { id: 'ind-latest' }, t('ind.latest'), ': ', h('strong', fmt(latest.value)), ' ',
        t('ind.inPeriod', { p: latest.period })) : null),
    h('p.meta', { id: 'ind-reason' }, reasonText(ev.reason)),
    h('dl.facts',
      ev.target ? [h('dt', t('ind.target')), h('dd', { id: 'ind-target' }, t('ind.targetBy', { v: fmt(ev.target.value), y: ev.target.year }))] : null,
      ev.expected !== null && ev.expected !== undefined ? [h('dt', t('ind.expected')), h('dd', { id: 'ind-expected' }, fmt(ev.expected))] : null,
      ev.baseline ? [h('dt', t('ind.baseline')), h('dd', t('ind.baselineAt', { v: fmt(ev.baseline.value), y: yearText(ev.baseline.t) }),
        ev.baseline.stated ? '' : ' ' + t('ind.baselineFirst'))] : null,
      ev.projection ? [h('dt', t('ind.projection')), h('dd', { id: 'ind-projection' },
        t('ind.projectionText', { y: ev.projection.year, v: fmt(ev.projection.value) }), ' ',
        h(`span.vbadge.v-${ev.projection.meets_target ? 'green' : 'red'}`,
          h('span.vglyph', { 'aria-hidden': 'true' }, ev.projection.meets_target ? '✓' : '!'), ' ',
          t(ev.projection.meets_target ? 'ind.projMeets' : 'ind.projMisses')))] : null,
      latest ? [h('dt', t('ind.reporting')), h('dd', t('ind.reportingText', { n: fmtNum(latest.reporting), l: fmtNum(latest.late) }))] : null),
    ind.targets.length ? h('div', h('p.label', t('ind.targetsWritten')),
      h('ul', ind.targets.map(tg => h('li', vi(targetText(tg, uom)))))) : null,
    ind.quote ? h('blockquote.instruction', vi(ind.quote)) : null));

  // ---- the chart
  root.append(chartSection(ev, fmt));

  // ---- the units below, ranked
  const sec = h('section', { 'aria-labelledby': 'ind-rank-title', id: 'ind-ranking' },
    h('h2', { id: 'ind-rank-title' }, t('ind.ranking')),
    ranking.period ? h('p.meta', t('ind.rankingFor', { p: ranking.period, v: fmt(ranking.value), n: fmtNum(ranking.reporting) })) : null);
  if (!ranking.children.length) sec.append(h('p', { id: 'ind-rank-none' }, t('ind.rankingNone')));
  else sec.append(h('p.hint', t(ind.direction === 'down' ? 'ind.rankDown' : 'ind.rankUp')),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'ind-rank-title', tabindex: '0' },
      h('table.responsive.ranking', { id: 'ind-rank-table' },
        h('thead', h('tr', ['ind.colRank', 'tasks.unit', 'ind.colValue', 'ind.colReporting'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', ranking.children.map(c => h('tr', { 'data-unit': c.code },
          h('td.num', { 'data-label': t('ind.colRank') }, h('div.cell', String(c.rank))),
          h('th', { scope: 'row', 'data-label': t('tasks.unit') }, h('div.cell', h('a', { href: href(c.code) }, vi(c.name)))),
          h('td.num', { 'data-label': t('ind.colValue') }, h('div.cell', fmt(c.value))),
          h('td.num', { 'data-label': t('ind.colReporting') }, h('div.cell', fmtNum(c.reporting)))))))));
  root.append(sec);

  // ---- completeness
  root.append(completenessSection(ctx, comp, path, unit, period));
}

// A line chart of the yearly values against the path to target, as inline SVG (no library), with
// the same numbers in a table for people who cannot see the chart.
function chartSection(ev, fmt) {
  const sec = h('section', { 'aria-labelledby': 'ind-chart-title', id: 'ind-chart' },
    h('h2', { id: 'ind-chart-title' }, t('ind.chart')));
  const series = (ev.years || []).filter(p => p.value !== null);
  const pathPts = (ev.path || []).filter(p => p.value !== null);
  const proj = ev.projection && ev.projection.value !== null ? ev.projection : null;
  if (!series.length && !pathPts.length) { sec.append(h('p', t('ind.chartNone'))); return sec; }
  const pts = [...series, ...pathPts, ...(proj ? [{ t: proj.year, value: proj.value }] : [])];
  let x0 = Math.min(...pts.map(p => p.t)), x1 = Math.max(...pts.map(p => p.t));
  let y0 = Math.min(0, ...pts.map(p => p.value)), y1 = Math.max(...pts.map(p => p.value));
  if (x1 - x0 < 1) { x0 -= 0.5; x1 += 0.5; }
  if (y1 - y0 < 1e-9) y1 = y0 + 1;
  y1 += (y1 - y0) * 0.08;
  const W = 640, H = 300, L = 56, R = 16, T = 16, B = 40;
  const X = (v) => L + (v - x0) / (x1 - x0) * (W - L - R);
  const Y = (v) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  const NS = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, ...kids) => {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    for (const k of kids) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return el;
  };
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'ind-chart-desc', class: 'chart', focusable: 'false' });
  // Axes and grid: five horizontal lines, a tick per year.
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    svg.append(s('line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), class: 'grid' }),
      s('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmtNum(v, Math.abs(y1 - y0) < 10 ? 1 : 0)));
  }
  for (let yr = Math.ceil(x0); yr <= Math.floor(x1); yr++)
    svg.append(s('line', { x1: X(yr), x2: X(yr), y1: H - B, y2: H - B + 5, class: 'axis' }),
      s('text', { x: X(yr), y: H - B + 20, 'text-anchor': 'middle', class: 'tick' }, String(yr)));
  svg.append(s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));
  const line = (ps, cls) => s('polyline', { points: ps.map(p => `${X(p.t).toFixed(1)},${Y(p.value).toFixed(1)}`).join(' '), class: cls });
  if (pathPts.length > 1) svg.append(line(pathPts, 'path-line'));
  for (const p of pathPts) svg.append(s('rect', { x: X(p.t) - 4, y: Y(p.value) - 4, width: 8, height: 8, class: 'path-pt' }));
  if (proj && series.length) svg.append(line([series[series.length - 1], { t: proj.year, value: proj.value }], 'proj-line'),
    s('circle', { cx: X(proj.year), cy: Y(proj.value), r: 5, class: 'proj-pt' }));
  if (series.length > 1) svg.append(line(series, 'series-line'));
  for (const p of series) svg.append(s('circle', { cx: X(p.t), cy: Y(p.value), r: 4, class: 'series-pt' }));
  const desc = t('ind.chartDesc', {
    n: series.length, last: series.length ? fmt(series[series.length - 1].value) : t('units.none'),
    target: ev.target ? t('ind.targetBy', { v: fmt(ev.target.value), y: ev.target.year }) : t('ind.noTarget'),
  });
  sec.append(h('figure.chart-figure',
    h('div.chart-box', svg),
    h('figcaption', { id: 'ind-chart-desc' }, desc),
    h('ul.chart-legend', { 'aria-hidden': 'true' },
      h('li', h('span.key.key-series'), t('ind.legendSeries')),
      h('li', h('span.key.key-path'), t('ind.legendPath')),
      proj ? h('li', h('span.key.key-proj'), t('ind.legendProj')) : null)));
  sec.append(h('details', h('summary', t('ind.chartTable')),
    h('div.table-wrap', h('table', { id: 'ind-chart-table' },
      h('thead', h('tr', ['ind.colTime', 'ind.legendSeries', 'ind.legendPath'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', [...new Set(pts.map(p => p.t))].sort((a, b) => a - b).map(tt => {
        const sv = series.find(p => p.t === tt), pv = pathPts.find(p => p.t === tt);
        return h('tr', h('th', { scope: 'row' }, yearText(tt), sv && sv.partial ? ' ' + t('ind.partial') : ''),
          h('td', sv ? fmt(sv.value) : proj && proj.year === tt ? t('ind.projected', { v: fmt(proj.value) }) : t('units.none')),
          h('td', pv ? fmt(pv.value) : t('units.none')));
      }))))));
  return sec;
}

function completenessSection(ctx, comp, path, unit, period) {
  const periodField = field({ name: 'period', label: t('ind.periodLabel'), value: period || comp.period,
    hint: t('ind.periodHint'), attrs: { id: 'ind-period' } });
  const form = h('form.inline-form', { novalidate: true, id: 'ind-period-form' }, periodField,
    h('div.actions', h('button', { type: 'submit', id: 'ind-period-apply' }, t('units.asOfApply'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(path + qs({ unit, period: periodField.control.value.trim() }));
  });
  const missing = comp.units;
  const list = missing;
  const pct = (x) => (x === null || x === undefined ? t('units.none') : t('tasks.percent', { n: fmtNum(x, 1) }));
  return h('section', { 'aria-labelledby': 'ind-comp-title', id: 'ind-completeness' },
    h('h2', { id: 'ind-comp-title' }, t('ind.completeness')), form,
    h('p', { id: 'ind-comp-counts' }, t('ind.compCounts', {
      p: comp.period, e: fmtNum(comp.expected), r: fmtNum(comp.reported), o: fmtNum(comp.on_time),
      l: fmtNum(comp.late), m: fmtNum(comp.missing), rate: pct(comp.rate), d: comp.due,
    })),
    missing.length ? h('div.table-wrap', { role: 'region', 'aria-labelledby': 'ind-comp-title', tabindex: '0' },
      h('table.responsive', { id: 'ind-comp-table' },
        h('thead', h('tr', ['tasks.unit', 'ind.colCompStatus', 'ind.colFirstDay'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', list.map(u => h('tr', { 'data-unit': u.code, 'data-status': u.status },
          h('th', { scope: 'row', 'data-label': t('tasks.unit') }, h('div.cell', vi(u.name), h('span.meta.block', u.code))),
          h('td', { 'data-label': t('ind.colCompStatus') }, h('div.cell', h(`span.vbadge.v-${u.status === 'missing' ? 'red' : 'yellow'}`,
            h('span.vglyph', { 'aria-hidden': 'true' }, u.status === 'missing' ? '!' : '▲'), ' ', t('ind.comp.' + u.status)))),
          h('td', { 'data-label': t('ind.colFirstDay') }, h('div.cell', u.first_day || t('units.none')))))))) : h('p', t('ind.compAll')),
    comp.missing + comp.late > list.length ? h('p.meta', t('ind.compMore', { n: fmtNum(comp.missing + comp.late - list.length) })) : null);
}
