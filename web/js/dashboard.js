// The leader's dashboard (/dashboard?unit=&as_of=) and the public programme page (/programme).
//
// The dashboard is one JSON request (GET /api/v1/dashboard): everything on it comes from that
// reply, so on a slow line the page is the files (cached after the first visit) and one round
// trip. The first screen of a laptop (1366×768) answers the questions a leader asks every day:
// how many tasks have each colour and the greening rate with its change since last month; the
// red list; the ranking of the units below; the indicators against their targets; reporting
// completeness; feedback. Below it: the greening rate over time, the provinces as a tile map
// and one indicator against its path to the target (Chart.js from Debian, loaded after the
// numbers are on screen). Every number links to the list behind it; the URL says where you are.
import { api, qs } from './api.js';
import { h, field, notice } from './dom.js';
import { t, fmtDate, errorText } from './i18n.js';
import { ISO, badge, fmtNum, fmtRate, groupLabel, learn, legendLabel, vi } from './tasks-common.js';
import { statusBadge, fmtValue, targetText } from './indicators.js';

const TILE_COLOURS = ['green', 'blue', 'yellow', 'red', 'grey', 'done_late'];

// The 34 provinces and cities as tiles laid out roughly like the country: [code, row, column].
const TILES = [
  ['P12', 0, 0], ['P15', 0, 1], ['P08', 0, 2], ['P04', 0, 3],
  ['P11', 1, 0], ['P14', 1, 1], ['P19', 1, 2], ['P20', 1, 3], ['P22', 1, 4],
  ['P25', 2, 1], ['P01', 2, 2], ['P24', 2, 3], ['P31', 2, 4],
  ['P37', 3, 2], ['P33', 3, 3],
  ['P38', 4, 1], ['P40', 5, 1], ['P42', 6, 2], ['P44', 7, 2], ['P46', 8, 3], ['P48', 9, 3],
  ['P51', 10, 3], ['P52', 11, 3], ['P66', 12, 3],
  ['P68', 13, 2], ['P56', 13, 3],
  ['P80', 14, 0], ['P75', 14, 1], ['P79', 14, 2],
  ['P91', 15, 0], ['P82', 15, 1], ['P86', 15, 2],
  ['P96', 16, 0], ['P92', 16, 1],
];
// Greening-rate bands of the map; text on each is ≥ 4.5:1.
const BANDS = [[80, 'b4'], [60, 'b3'], [40, 'b2'], [20, 'b1'], [0, 'b0']];
const band = (rate) => (rate === null || rate === undefined ? 'none' : BANDS.find(([lo]) => rate >= lo)[1]);

const shortName = (name) => name.replace(/^(Tỉnh|Thành phố)\s+/, '');

// Chart.js comes from Debian's libjs-chart.js, served at /vendor/chart.js; loaded once, after
// the numbers. Resolves to null when it cannot be loaded (the tables below the charts remain).
let chartLib = null;
function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartLib) {
    chartLib = new Promise((resolve) => {
      const s = document.createElement('script');
      s.src = '/vendor/chart.js';
      s.onload = () => resolve(window.Chart || null);
      s.onerror = () => { chartLib = null; resolve(null); };
      document.head.append(s);
    });
  }
  return chartLib;
}

// A period code on the year axis: 2025-07 → 2025.5, 2025Q3 → 2025.5, 2025S2 → 2025.5, 2025 → 2025.
function periodTime(p) {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return +m[1] + (m[2] - 1) / 12;
  m = /^(\d{4})Q([1-4])$/.exec(p);
  if (m) return +m[1] + (m[2] - 1) / 4;
  m = /^(\d{4})S([12])$/.exec(p);
  if (m) return +m[1] + (m[2] - 1) / 2;
  return +p;
}

// A sparkline: the latest periods, decorative (the card says the numbers in words).
function sparkline(series, colour) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 100 24');
  svg.setAttribute('class', 'spark spark-' + colour);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const vals = series.map(p => p.value).filter(v => v !== null && v !== undefined);
  if (vals.length > 1) {
    const lo = Math.min(...vals), hi = Math.max(...vals), span = hi - lo || 1;
    const pts = vals.map((v, i) => `${(i * 100 / (vals.length - 1)).toFixed(1)},${(22 - (v - lo) * 20 / span).toFixed(1)}`);
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', pts.join(' '));
    svg.append(line);
  }
  return svg;
}

export async function dashboardView(ctx) {
  const { session } = ctx;
  const asOf = ISO.test(ctx.query.get('as_of') || '') ? ctx.query.get('as_of') : '';
  const unitQ = (ctx.query.get('unit') || '').trim();
  const root = ctx.root;
  ctx.setTitle(t('dash.title'));
  // The top of the reader's scope is the first unit of the reply's trail: no request of its own.
  let top = { code: session.user.unit.code };
  const wrap = h('div.dash');
  root.append(wrap);

  const here = (code, extra = {}) => '/dashboard' + qs({ unit: code && code !== top.code ? code : '', as_of: asOf, ...extra });
  const crumbs = h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb'), id: 'dash-crumbs' });
  const h1 = h('h1', { tabindex: '-1', id: 'dash-title' }, t('dash.title'));
  const date = field({ name: 'as_of', label: t('dash.asOf'), type: 'date', value: asOf, attrs: { id: 'dash-as-of' } });
  const dateForm = h('form.dash-asof', { novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const d = date.control.value;
    ctx.navigate(here(unitQ, { as_of: ISO.test(d) ? d : '' }));
  } }, date, h('button', { type: 'submit', id: 'dash-as-of-apply' }, t('units.asOfApply')),
  asOf ? h('a.button', { href: '/dashboard' + qs({ unit: unitQ }), id: 'dash-today' }, t('units.asOfToday')) : null);
  const note = h('p.dash-note', { id: 'dash-as-of-note' });
  wrap.append(h('div.dash-head', h('div', crumbs, h('div.dash-title-row', h1, note)), dateForm));
  const body = h('div.dash-body', h('p.loading', t('app.loading')));
  wrap.append(body);

  let d;
  try {
    d = await api('GET', '/dashboard' + qs({ unit: unitQ, as_of: asOf }));
  } catch (e) {
    if (!ctx.alive()) return;
    body.replaceChildren(notice('error', errorText(e)), h('p', h('a', { href: '/dashboard' }, t('dash.backOwn'))));
    return;
  }
  if (!ctx.alive()) return;
  top = d.trail[0];
  for (const u of d.trail) learn(u.code, u.name);
  if (d.trail.length > 1) crumbs.append(h('ol', d.trail.map((u, i) => h('li', i === d.trail.length - 1
    ? h('span', { 'aria-current': 'page' }, vi(u.name))
    : h('a', { href: here(u.code) }, vi(u.name))))));
  h1.replaceChildren(vi(d.unit.name));
  ctx.setTitle(`${t('dash.title')}: ${d.unit.name}`);

  const code = d.unit.code;
  const taskList = (extra) => '/tasks' + qs({ unit: code, as_of: asOf, ...extra });
  note.textContent = asOf ? t('dash.asOfShowing', { d: fmtDate(d.as_of) }) : t('dash.today', { d: fmtDate(d.as_of) });
  if (asOf) note.classList.add('as-of-note');
  body.replaceChildren(
    h('div.dash-grid',
      h('div.dash-col', tasksPanel(d, taskList), completenessPanel(d, code), feedbackPanel(d)),
      h('div.dash-col', redPanel(d, taskList), rankingPanel(d, here)),
      h('div.dash-col', indicatorsPanel(d, code))),
    h('div.dash-more',
      trendPanel(d),
      d.ranking.some(r => TILES.some(([c]) => c === r.unit.code)) ? mapPanel(d, here) : null,
      d.indicators.length ? seriesPanel(d) : null));
  drawCharts(d, ctx);
}

function panel(id, title, ...children) {
  return h('section.dash-panel', { id, 'aria-labelledby': id + '-title' }, h('h2', { id: id + '-title' }, title), ...children);
}

function tasksPanel(d, taskList) {
  const c = d.tasks.counts;
  const change = d.tasks.change;
  const arrow = change === null ? '' : change > 0 ? '▲' : change < 0 ? '▼' : '＝';
  return panel('dash-tasks', t('dash.tasks'),
    h('p.dash-rate',
      h('a', { href: taskList({}), id: 'dash-rate-link' },
        h('span.dash-rate-label', t('summary.rate') + ' '), h('strong', { id: 'dash-rate' }, fmtRate(d.tasks.greening_rate))),
      ' ',
      h('span.dash-change', { id: 'dash-change', 'data-change': change === null ? '' : String(change) },
        change === null ? t('dash.noChange')
          : t('dash.change', { a: arrow, n: fmtNum(Math.abs(change), 1), d: fmtDate(d.tasks.previous.as_of) }))),
    h('p.meta', d.tasks.due ? t('summary.rateOf', { g: fmtNum(c.green), d: fmtNum(d.tasks.due) }) : t('summary.noneDue')),
    h('ul.dash-counts', { id: 'dash-counts' }, TILE_COLOURS.map(col => h('li', { 'data-colour': col },
      h('a', { href: taskList({ colour: col }) },
        h(`span.swatch.v-${col}`, { 'aria-hidden': 'true' }),
        h('strong.n', fmtNum(c[col] || 0)), ' ', h('span.l', { title: legendLabel(col) }, t('short.' + col)))))));
}

function completenessPanel(d, code) {
  const c = d.completeness;
  const names = new Map(d.indicators.map(i => [i.code, i.name]));
  // The three lowest, each a link to its list of units to chase.
  const lowest = [...c.items].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0)).slice(0, 3);
  return panel('dash-comp', t('dash.completeness'),
    c.expected
      ? [h('p.dash-big', h('strong', { id: 'dash-comp-rate' }, fmtRate(c.rate)), ' ',
          h('span.meta', t('dash.compOf', { r: fmtNum(c.reported), e: fmtNum(c.expected), l: fmtNum(c.late) }))),
        h('p.meta', t('dash.compLowest')),
        h('ul.dash-comp-list', { id: 'dash-comp-list' }, lowest.map(i => h('li',
          h('a', { href: `/indicators/${encodeURIComponent(i.indicator)}` + qs({ unit: code, period: i.period }) },
            h('strong', fmtRate(i.rate)), ' ', vi(names.get(i.indicator) || i.indicator), ` (${i.period})`))))]
      : h('p.meta', t('dash.compNone')));
}

function feedbackPanel(d) {
  // System 2: backlog, overdue handling, average handling time of the unit and below, on the day.
  const f = d.feedback;
  return panel('dash-feedback', t('dash.feedback'), f
    ? h('ul.dash-facts', h('li', t('dash.fbBacklog'), ' ', h('strong', fmtNum(f.backlog || 0))),
      h('li', t('dash.fbOverdue'), ' ', h('strong', fmtNum(f.overdue || 0))),
      h('li', t('dash.fbAverage'), ' ', h('strong', f.average_days === null ? t('units.none') : fmtNum(f.average_days, 1))))
    : h('p.meta', t('dash.fbNone')));
}

function redPanel(d, taskList) {
  const items = d.red.items;
  return panel('dash-red', t('dash.red'),
    h('p.meta', h('a', { href: taskList({ overdue: 'true', sort: 'overdue' }), id: 'dash-red-all' },
      t('dash.redAll', { n: fmtNum(d.red.total) }))),
    items.length ? h('ol.dash-red', { id: 'dash-red-list' }, items.map(r => h('li',
      h('a', { href: `/tasks/${r.task_id}` }, vi(r.title)),
      h('span.meta.block', badge({ colour: 'red', days_overdue: r.days_overdue }), ' ',
        t(r.role === 'lead' ? 'dash.leads' : 'dash.coordinates'), ' ', vi(r.unit.name)))))
      : h('p', t('dash.redNone')));
}

function rankingPanel(d, here) {
  return panel('dash-rank', t('dash.ranking'),
    d.ranking.length ? h('div.dash-scroll', { tabindex: '0', role: 'region', 'aria-labelledby': 'dash-rank-title' },
      h('table.dash-rank', { id: 'dash-rank-table' },
        h('thead', h('tr', h('th', { scope: 'col' }, t('summary.rank')), h('th', { scope: 'col' }, t('tasks.unit')),
          h('th.num', { scope: 'col' }, t('summary.rate')), h('th.num', { scope: 'col' }, legendLabel('red')))),
        h('tbody', d.ranking.map(r => h('tr', { 'data-unit': r.unit.code },
          h('td', String(r.rank)),
          h('th', { scope: 'row' }, h('a', { href: here(r.unit.code) }, vi(r.unit.name))),
          h('td.num', fmtRate(r.greening_rate)),
          h('td.num', h('a', { href: '/tasks' + qs({ unit: r.unit.code, colour: 'red', as_of: d.as_of === d.today ? '' : d.as_of }),
            'aria-label': t('dash.redOf', { n: fmtNum(r.counts.red || 0), u: r.unit.name }) }, fmtNum(r.counts.red || 0))))))))
      : h('p', t('summary.noRanking')));
}

function indicatorsPanel(d, code) {
  const byColour = {};
  for (const i of d.indicators) byColour[i.colour] = (byColour[i.colour] || 0) + 1;
  return panel('dash-ind', t('dash.indicators'),
    h('p.meta', t('dash.indCount', { n: d.indicators.length }), ' ',
      ['green', 'yellow', 'red', 'grey'].filter(c => byColour[c]).map(c => h('span.dash-chip', h(`span.swatch.v-${c}`, { 'aria-hidden': 'true' }), ' ', t('dash.ind.' + c, { n: byColour[c] })))),
    d.indicators.length ? h('div.dash-scroll', { tabindex: '0', role: 'region', 'aria-labelledby': 'dash-ind-title' },
      h('ul.dash-cards', { id: 'dash-ind-cards' }, d.indicators.map(i => h('li.dash-card', { 'data-indicator': i.code, 'data-colour': i.colour },
        h('a.dash-card-name', { href: `/indicators/${encodeURIComponent(i.code)}` + qs({ unit: code }) }, vi(i.name)),
        h('div.dash-card-row',
          h('span.dash-card-value', i.latest ? fmtValue(i.latest.value, i.unit_of_measure) : t('units.none')),
          sparkline(i.series, i.colour)),
        h('div.dash-card-row', statusBadge(i.status),
          i.target ? h('span.meta', targetText({ comparator: i.direction === 'down' ? '<=' : '>=', value: i.target.value, year: i.target.year }, i.unit_of_measure)) : null)))))
      : h('p', t('dash.indNone')));
}

function trendPanel(d) {
  const pts = d.trend;
  return panel('dash-trend', t('dash.trend'),
    h('div.chart-box', h('canvas', { id: 'dash-trend-chart', role: 'img', 'aria-label': t('dash.trendAlt', { name: d.unit.name }) })),
    h('details', h('summary', t('dash.asTable')),
      h('table', { id: 'dash-trend-table' }, h('thead', h('tr', h('th', { scope: 'col' }, t('dash.day')), h('th.num', { scope: 'col' }, t('summary.rate')))),
        h('tbody', pts.map(p => h('tr', h('td', fmtDate(p.as_of)), h('td.num', p.greening_rate === null ? t('units.none') : fmtRate(p.greening_rate))))))));
}

function mapPanel(d, here) {
  const rate = new Map(d.ranking.map(r => [r.unit.code, r]));
  const grid = h('ol.tile-map', { id: 'dash-map' });
  for (const [c, row, col] of TILES) {
    const r = rate.get(c);
    if (!r) continue;
    const li = h(`li.tile.band-${band(r.due ? r.greening_rate : null)}`, { 'data-unit': c },
      h('a', { href: here(c), title: r.unit.name },
        h('span.tile-name', vi(shortName(r.unit.name))), h('span.visually-hidden', t('dash.tileRate')),
        h('span.tile-rate', fmtNum(r.greening_rate, 1)), h('span.visually-hidden', ' %')));
    li.style.gridRow = String(row + 1);
    li.style.gridColumn = String(col + 1);
    grid.append(li);
  }
  return panel('dash-map-panel', t('dash.map'),
    h('div.tile-wrap', grid,
      h('ul.tile-legend', BANDS.map(([lo, b], i) => h('li', h(`span.tile-key.band-${b}`, { 'aria-hidden': 'true' }),
        ' ', i === 0 ? t('dash.bandTop', { a: lo }) : t('dash.band', { a: lo, b: BANDS[i - 1][0] }))))));
}

function seriesPanel(d) {
  const withData = d.indicators.filter(i => i.series.length);
  const first = withData[0] || d.indicators[0];
  const pick = field({ name: 'indicator', label: t('dash.pickIndicator'), value: first.code,
    options: d.indicators.map(i => [i.code, i.name]), attrs: { id: 'dash-series-pick' } });
  return panel('dash-series', t('dash.series'), pick,
    h('div.chart-box', h('canvas', { id: 'dash-series-chart', role: 'img', 'aria-label': t('dash.seriesAlt') })),
    h('p.meta', { id: 'dash-series-note' }));
}

// The charts, once Chart.js has loaded; the page is usable before (and without) it.
async function drawCharts(d, ctx) {
  const Chart = await loadChart();
  if (!Chart || !ctx.alive()) return;
  const css = getComputedStyle(document.documentElement);
  const colour = (v) => css.getPropertyValue(v).trim();
  const trendCanvas = document.getElementById('dash-trend-chart');
  if (trendCanvas) {
    new Chart(trendCanvas, {
      type: 'line',
      data: { labels: d.trend.map(p => fmtDate(p.as_of)),
        datasets: [{ label: t('summary.rate'), data: d.trend.map(p => p.greening_rate), borderColor: colour('--v-green'),
          backgroundColor: colour('--v-green'), spanGaps: true }] },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
        plugins: { legend: { display: false } } },
    });
  }
  const pick = document.getElementById('dash-series-pick');
  const canvas = document.getElementById('dash-series-chart');
  if (!pick || !canvas) return;
  let chart = null;
  const draw = () => {
    const i = d.indicators.find(x => x.code === pick.value);
    if (!i) return;
    if (chart) chart.destroy();
    const series = i.series.map(p => ({ x: periodTime(p.period), y: p.value }));
    const path = (i.path || []).map(p => ({ x: p.t, y: p.value }));
    chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [
        { label: t('dash.seriesValues'), data: series, borderColor: colour('--v-blue'), backgroundColor: colour('--v-blue') },
        { label: t('dash.seriesPath'), data: path, borderColor: colour('--v-done_late'), backgroundColor: colour('--v-done_late'), borderDash: [6, 4] },
      ] },
      options: { animation: false, maintainAspectRatio: false, parsing: true,
        scales: { x: { type: 'linear', ticks: { stepSize: 0.5, callback: (v) => (Number.isInteger(v) ? String(v) : '') } },
          y: { title: { display: true, text: i.unit_of_measure || '' } } } },
    });
    canvas.setAttribute('aria-label', t('dash.seriesAltOf', { name: i.name }));
    document.getElementById('dash-series-note').textContent = i.latest
      ? t('dash.seriesNote', { v: fmtValue(i.latest.value, i.unit_of_measure), p: i.latest.period,
        s: t('ind.status.' + i.status) }) : t('dash.indNoValue');
  };
  pick.addEventListener('change', draw);
  draw();
}

// ---------------------------------------------------------------- the public programme page

export async function programmeView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('pub.title'));
  root.append(h('h1', { tabindex: '-1' }, t('pub.title')), h('p.intro', t('pub.intro')));
  const body = h('div.pub-body', h('p.loading', t('app.loading')));
  root.append(body);
  let p;
  try {
    p = await api('GET', '/public/programme');
  } catch (e) {
    if (!ctx.alive()) return;
    body.replaceChildren(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const cols = ['green', 'done_late', 'red', 'yellow', 'blue', 'grey'];
  const indRows = p.indicators.map(i => h('tr', { 'data-indicator': i.code },
    h('td', { 'data-label': t('pub.goal') }, h('div.cell', i.goal)),
    h('th', { scope: 'row', 'data-label': t('pub.indicator') }, h('div.cell', vi(i.name))),
    h('td', { 'data-label': t('pub.targets') }, h('div.cell', h('ul.plain', i.targets.map(tg =>
      h('li', tg.text ? vi(tg.text) : targetText(tg, i.unit_of_measure), tg.text ? ` (${tg.year})` : ''))))),
    h('td', { 'data-label': t('pub.latest') }, h('div.cell',
      i.latest ? `${fmtValue(i.latest.value, i.unit_of_measure)} (${i.latest.period})` : t('pub.noValue'))),
    h('td', { 'data-label': t('pub.status') }, h('div.cell', statusBadge(i.status)))));
  const groupRows = p.tasks.groups.map(g => h('tr', { 'data-group': g.group },
    h('th', { scope: 'row', 'data-label': t('pub.group') }, h('div.cell', groupLabel(g.group))),
    h('td.num', { 'data-label': t('summary.rate') }, h('div.cell', fmtRate(g.greening_rate))),
    cols.map(c => h('td.num', { 'data-label': legendLabel(c), 'data-colour': c }, h('div.cell', fmtNum(g.counts[c] || 0))))));
  body.replaceChildren(
    h('p.as-of-note', t('dash.today', { d: fmtDate(p.as_of) })),
    h('section', { 'aria-labelledby': 'pub-ind-title', id: 'pub-indicators' },
      h('h2', { id: 'pub-ind-title' }, t('pub.goals')),
      h('div.table-wrap', { role: 'region', 'aria-labelledby': 'pub-ind-title', tabindex: '0' },
        h('table.responsive', { id: 'pub-ind-table' },
          h('thead', h('tr', ['pub.goal', 'pub.indicator', 'pub.targets', 'pub.latest', 'pub.status'].map(k => h('th', { scope: 'col' }, t(k))))),
          h('tbody', indRows)))),
    h('section', { 'aria-labelledby': 'pub-tasks-title', id: 'pub-tasks' },
      h('h2', { id: 'pub-tasks-title' }, t('pub.tasks')),
      h('p', t('summary.rate') + ': ', h('strong', { id: 'pub-rate' }, fmtRate(p.tasks.greening_rate)), ' ',
        h('span.meta', t('summary.rateOf', { g: fmtNum(p.tasks.counts.green), d: fmtNum(p.tasks.due) }))),
      h('div.table-wrap', { role: 'region', 'aria-labelledby': 'pub-tasks-title', tabindex: '0' },
        h('table.responsive', { id: 'pub-group-table' },
          h('thead', h('tr', h('th', { scope: 'col' }, t('pub.group')), h('th.num', { scope: 'col' }, t('summary.rate')),
            cols.map(c => h('th.num', { scope: 'col' }, h(`span.swatch.v-${c}`, { 'aria-hidden': 'true' }), ' ', legendLabel(c))))),
          h('tbody', groupRows)))),
    h('p.hint', t('pub.note')));
}
