// Periodic reports (/reports): the reports owed by the units in my scope, overdue ones red, with
// filters; one report (/reports/SCHEDULE/UNIT/PERIOD) to write, submit, approve or return; and
// the standard summary of a unit for a period (/reports/summary?unit=&period=) with a print
// button (the print stylesheet in style.css lays it out on A4) and the Excel workbook.
import { api, qs } from './api.js';
import { h, field, notice } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { fmtNum, fmtRate, fmtTime, legend, vi, taskErrorText, showError, CENTRE } from './tasks-common.js';

const GLYPH = { green: '✓', blue: '●', yellow: '▲', red: '!', grey: '–' };

function reportBadge(rep, extra = {}) {
  const c = GLYPH[rep.colour] ? rep.colour : 'grey';
  return h(`span.vbadge.v-${c}`, { 'data-colour': c, ...extra },
    h('span.vglyph', { 'aria-hidden': 'true' }, GLYPH[c]), ' ', t('rep.colour.' + c));
}

function reportHref(rep) {
  return `/reports/${encodeURIComponent(rep.schedule.code)}/${encodeURIComponent(rep.unit.code)}/${encodeURIComponent(rep.period)}`;
}

function tabs(active, params) {
  const keep = qs({ unit: params.unit });
  return h('nav.tabs.no-print', { 'aria-label': t('rep.tabs') }, h('ul',
    h('li', h('a', { href: '/reports' + keep, 'aria-current': active === 'list' ? 'page' : null }, t('rep.tabList'))),
    h('li', h('a', { href: '/reports/summary' + keep, 'aria-current': active === 'summary' ? 'page' : null }, t('rep.tabSummary')))));
}

function table(id, titleId, heads, rows) {
  return h('div.table-wrap', { role: 'region', 'aria-labelledby': titleId, tabindex: '0' },
    h('table.responsive', { id },
      h('thead', h('tr', heads.map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', rows)));
}
const cell = (key, ...content) => h('td', { 'data-label': t(key) }, h('div.cell', ...content));

// ---------------------------------------------------------------- the list

export async function reportsView(ctx) {
  const q = (k) => (ctx.query.get(k) || '').trim();
  const params = { unit: q('unit'), schedule: q('schedule'), period: q('period'), colour: q('colour'), cursor: q('cursor') };
  const root = ctx.root;
  ctx.setTitle(t('rep.title'));
  root.append(tabs('list', params), h('h1', { tabindex: '-1' }, t('rep.title')));
  const [schedules, data] = await Promise.all([
    api('GET', '/reports/schedules'),
    api('GET', '/reports' + qs({ ...params, limit: 100 })).catch(e => e),
  ]);
  if (!ctx.alive()) return;

  const unit = field({ name: 'unit', label: t('rep.unit'), value: params.unit, hint: t('rep.unitHint'), attrs: { id: 'rep-unit' } });
  const sched = field({ name: 'schedule', label: t('rep.schedule'), value: params.schedule, attrs: { id: 'rep-schedule' },
    options: [['', t('rep.allSchedules')], ...schedules.items.map(s => [s.code, s.name])] });
  const period = field({ name: 'period', label: t('rep.period'), value: params.period, hint: t('rep.periodHint'), attrs: { id: 'rep-period' } });
  const colour = field({ name: 'colour', label: t('rep.colourFilter'), value: params.colour, attrs: { id: 'rep-colour' },
    options: [['', t('rep.allColours')], ...['red', 'grey', 'yellow', 'blue', 'green'].map(c => [c, t('rep.colour.' + c)])] });
  root.append(h('form.filters.no-print', { novalidate: true, id: 'rep-filters', onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate('/reports' + qs({ unit: unit.control.value.trim(), schedule: sched.control.value,
      period: period.control.value.trim(), colour: colour.control.value }));
  } }, h('div.filter-grid', unit, sched, period, colour),
  h('div.actions', h('button', { type: 'submit', id: 'rep-apply' }, t('rep.apply')))));

  if (data instanceof Error) { root.append(notice('error', taskErrorText(data))); return; }
  const c = data.counts;
  root.append(h('p.meta', { id: 'rep-counts' }, t('rep.countsLine', {
    owed: fmtNum(c.owed), overdue: fmtNum(c.overdue), submitted: fmtNum(c.submitted), approved: fmtNum(c.approved),
    returned: fmtNum(c.returned), notDue: fmtNum(c.not_due) })));
  root.append(h('ul.links.inline-links.no-print',
    h('li', h('a', { href: '/reports/summary' + qs({ unit: data.unit.code }), id: 'rep-summary-link' },
      t('rep.summaryOf', { name: data.unit.name })))));
  root.append(h('section', { 'aria-labelledby': 'rep-schedules-title' },
    h('h2', { id: 'rep-schedules-title' }, t('rep.periodsTitle')),
    h('ul.rep-schedules', data.schedules.map(s => h('li', { 'data-schedule': s.schedule.code },
      vi(s.schedule.name), ' — ', t('rep.periodDue', { p: s.period.code, d: fmtDate(s.period.due) }), ' · ',
      t('rep.owedShort', { n: fmtNum(s.owed), r: fmtNum(s.overdue) }))))));

  const sec = h('section', { 'aria-labelledby': 'rep-list-title' }, h('h2', { id: 'rep-list-title' }, t('rep.listTitle')));
  if (!data.items.length) sec.append(h('p', t('rep.none')));
  else sec.append(table('rep-table', 'rep-list-title', ['rep.unit', 'rep.schedule', 'rep.period', 'rep.due', 'rep.state'],
    data.items.map(r => h('tr', { 'data-unit': r.unit.code, 'data-colour': r.colour },
      h('th', { scope: 'row', 'data-label': t('rep.unit') }, h('div.cell', h('a', { href: reportHref(r) }, vi(r.unit.name)))),
      cell('rep.schedule', vi(r.schedule.name)),
      cell('rep.period', r.period),
      cell('rep.due', fmtDate(r.due)),
      cell('rep.state', reportBadge(r), ' ', h('span.meta', t('rep.state.' + r.state)))))));
  if (data.next_cursor) sec.append(h('p.no-print', h('a', { href: '/reports' + qs({ ...params, cursor: data.next_cursor }) }, t('rep.more'))));
  root.append(sec);
}

// ---------------------------------------------------------------- one report

export async function reportView(ctx) {
  const [schedule, unit, period] = ctx.params;
  const path = `/reports/${encodeURIComponent(schedule)}/${encodeURIComponent(unit)}/${encodeURIComponent(period)}`;
  ctx.setTitle(t('rep.one'));
  let data;
  try {
    data = await api('GET', path);
  } catch (e) {
    if (!ctx.alive()) return;
    ctx.root.append(h('h1', { tabindex: '-1' }, t('rep.one')), notice('error', taskErrorText(e)),
      h('p', h('a', { href: '/reports' }, t('rep.back'))));
    return;
  }
  if (!ctx.alive()) return;
  renderReport({ ctx, path }, data, ctx.flash ? { kind: ctx.flash.kind, text: t(ctx.flash.text) } : null);
}

function renderReport(env, data, message) {
  const { ctx, path } = env;
  const root = ctx.root;
  root.replaceChildren();
  const user = ctx.session.user;
  const own = user.unit && user.unit.code === data.unit.code;
  const mayWrite = own && ['reporter', 'leader'].includes(user.role) && ['none', 'draft', 'returned'].includes(data.state);
  const mayDecide = ((own && user.role === 'leader') || CENTRE.includes(user.role)) && ['submitted', 'approved'].includes(data.state);
  const title = `${data.schedule.name} — ${data.unit.name}`;
  ctx.setTitle(title);
  const status = h('div.form-status', { id: 'rep-status' });
  if (message) status.append(notice(message.kind, message.text));
  root.append(
    h('nav.breadcrumbs.no-print', { 'aria-label': t('rep.title') }, h('p', h('a', { href: '/reports' }, t('rep.title')), ' › ', vi(data.schedule.name))),
    status,
    h('h1', { tabindex: '-1' }, vi(data.schedule.name)),
    h('dl.facts', { id: 'rep-facts' },
      h('dt', t('rep.unit')), h('dd', vi(data.unit.name)),
      h('dt', t('rep.period')), h('dd', t('rep.periodSpan', { p: data.period, f: fmtDate(data.from), to: fmtDate(data.to) })),
      h('dt', t('rep.due')), h('dd', fmtDate(data.due)),
      h('dt', t('rep.state')), h('dd', { id: 'rep-state' }, reportBadge(data), ' ', t('rep.state.' + data.state),
        data.late ? ' · ' + t('rep.late') : ''),
      data.submitted_at ? [h('dt', t('rep.submitted')), h('dd', `${fmtTime(data.submitted_at)} · ${data.submitted_by}`)] : null,
      data.decided_at ? [h('dt', t('rep.decided')), h('dd', `${fmtTime(data.decided_at)} · ${data.decided_by}`)] : null));
  if (data.comment) root.append(h('p.notice.rep-comment', { id: 'rep-comment' }, h('strong', t('rep.comment') + ': '), vi(data.comment)));

  if (mayWrite) root.append(writeForm(env, data));
  else root.append(h('section', { 'aria-labelledby': 'rep-narrative-title' },
    h('h2', { id: 'rep-narrative-title' }, t('rep.narrative')),
    data.narrative ? h('p.narrative', { id: 'rep-narrative' }, vi(data.narrative)) : h('p', t('rep.noNarrative'))));
  if (mayDecide) root.append(decideForm(env, data));

  const s = data.snapshot;
  const sec = h('section', { 'aria-labelledby': 'rep-snap-title', id: 'rep-snapshot' }, h('h2', { id: 'rep-snap-title' }, t('rep.snapshot')));
  if (!s) sec.append(h('p', t('rep.noSnapshot')));
  else sec.append(h('p.meta', t('rep.snapshotAt', { d: fmtDate(s.as_of) })),
    h('p', h('strong', t('summary.rate') + ': '), fmtRate(s.tasks.greening_rate), ' · ',
      t('rep.overdueTasks', { n: fmtNum(s.overdue.total) }), ' · ',
      t('rep.indicatorsN', { n: fmtNum(s.indicators.length) })),
    legend(s.tasks.counts));
  sec.append(h('p.no-print', h('a', { href: '/reports/summary' + qs({ unit: data.unit.code, period: data.period }) }, t('rep.liveSummary'))));
  root.append(sec);
}

function writeForm(env, data) {
  const status = h('div.form-status');
  const text = field({ name: 'narrative', label: t('rep.narrative'), multiline: 10, value: data.narrative,
    hint: t('rep.narrativeHint'), attrs: { id: 'rep-narrative-input', maxlength: '20000' } });
  const form = h('form.task-form', { novalidate: true, id: 'rep-write' }, text,
    h('div.actions',
      h('button', { type: 'submit', name: 'action', value: 'save', id: 'rep-save' }, t('rep.save')),
      h('button.primary', { type: 'submit', name: 'action', value: 'submit', id: 'rep-submit' }, t('rep.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter && e.submitter.value === 'submit' ? 'submit' : 'save';
    const narrative = text.control.value;
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      const updated = action === 'save'
        ? await api('PUT', env.path, { narrative })
        : await api('POST', env.path + '/submit', { narrative });
      if (!env.ctx.alive()) return;
      renderReport(env, updated, { kind: 'ok', text: t(action === 'save' ? 'rep.saved' : 'rep.submittedOk') });
      document.getElementById('rep-status').setAttribute('tabindex', '-1');
      document.getElementById('rep-status').focus();
    } catch (err) {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      showError(form, status, err);
    }
  });
  return h('section.report-box', { 'aria-labelledby': 'rep-write-title' },
    h('h2', { id: 'rep-write-title' }, t('rep.write')), h('p.hint', t('rep.writeIntro')), status, form);
}

function decideForm(env, data) {
  const status = h('div.form-status');
  const comment = field({ name: 'comment', label: t('rep.comment'), multiline: 3, hint: t('rep.commentHint'),
    attrs: { id: 'rep-comment-input', maxlength: '2000' } });
  const form = h('form.task-form', { novalidate: true, id: 'rep-decide' }, comment,
    h('div.actions',
      data.state === 'submitted' ? h('button.primary', { type: 'submit', value: 'approve', id: 'rep-approve' }, t('rep.approve')) : null,
      h('button', { type: 'submit', value: 'return', id: 'rep-return' }, t('rep.return'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter && e.submitter.value === 'approve' ? 'approve' : 'return';
    const c = comment.control.value.trim();
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      const updated = await api('POST', `${env.path}/${action}`, c ? { comment: c } : {});
      if (!env.ctx.alive()) return;
      renderReport(env, updated, { kind: 'ok', text: t(action === 'approve' ? 'rep.approvedOk' : 'rep.returnedOk') });
    } catch (err) {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      showError(form, status, err);
    }
  });
  return h('section.report-box', { 'aria-labelledby': 'rep-decide-title' },
    h('h2', { id: 'rep-decide-title' }, t('rep.decide')), status, form);
}

// ---------------------------------------------------------------- the standard summary

const STATUS_COLOUR = { on: 'green', near: 'yellow', off: 'red', none: 'grey' };

export async function reportSummaryView(ctx) {
  const unitQ = (ctx.query.get('unit') || '').trim();
  const periodQ = (ctx.query.get('period') || '').trim();
  const root = ctx.root;
  ctx.setTitle(t('rep.summary'));
  root.append(tabs('summary', { unit: unitQ }));
  const unit = field({ name: 'unit', label: t('rep.unit'), value: unitQ, hint: t('rep.unitHint'), attrs: { id: 'sum-unit' } });
  const period = field({ name: 'period', label: t('rep.period'), value: periodQ, hint: t('rep.summaryPeriodHint'), attrs: { id: 'sum-period' } });
  const h1 = h('h1', { tabindex: '-1' }, t('rep.summary'));
  root.append(h1, h('form.filters.inline-form.no-print', { novalidate: true, id: 'sum-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate('/reports/summary' + qs({ unit: unit.control.value.trim(), period: period.control.value.trim() }));
  } }, unit, period, h('div.actions', h('button', { type: 'submit', id: 'sum-apply' }, t('rep.apply')))));
  let s;
  try {
    s = await api('GET', '/reports/summary' + qs({ unit: unitQ, period: periodQ }));
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(notice('error', taskErrorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const heading = t('rep.summaryOf', { name: s.unit.name });
  ctx.setTitle(heading);
  h1.replaceChildren(heading);
  const xlsx = '/api/v1/reports/summary.xlsx' + qs({ unit: s.unit.code, period: s.period.code });
  root.append(
    h('p.summary-period', { id: 'sum-period-line' }, t('rep.summaryPeriod', { p: s.period.code, f: fmtDate(s.period.from),
      to: fmtDate(s.period.to), d: fmtDate(s.as_of) })),
    h('div.actions.no-print',
      h('button.primary', { type: 'button', id: 'sum-print', onclick: () => window.print() }, t('rep.print')),
      h('a.button', { href: xlsx, download: '', id: 'sum-xlsx' }, t('rep.excel'))));

  // Tasks by colour, and the units below.
  const tasks = h('section.summary-part', { 'aria-labelledby': 'sum-tasks-title', id: 'sum-tasks' },
    h('h2', { id: 'sum-tasks-title' }, t('rep.tasksTitle')),
    h('p.rate-big', h('span.rate-label', t('summary.rate') + ': '), h('strong', { id: 'sum-rate' }, fmtRate(s.tasks.greening_rate)), ' ',
      h('span.meta', s.tasks.due ? t('summary.rateOf', { g: fmtNum(s.tasks.counts.green), d: fmtNum(s.tasks.due) }) : t('summary.noneDue'))),
    legend(s.tasks.counts, { id: 'sum-legend' }));
  if (s.units_below.length) tasks.append(h('h3', { id: 'sum-below-title' }, t('summary.ranking')),
    table('sum-below', 'sum-below-title', ['summary.rank', 'rep.unit', 'summary.rate', 'summary.due'],
      s.units_below.map(u => h('tr',
        cell('summary.rank', String(u.rank)),
        cell('rep.unit', h('a', { href: '/reports/summary' + qs({ unit: u.unit.code, period: s.period.code }) }, vi(u.unit.name))),
        cell('summary.rate', fmtRate(u.greening_rate)),
        cell('summary.due', fmtNum(u.due))))));
  root.append(tasks);

  // The red list.
  const red = h('section.summary-part', { 'aria-labelledby': 'sum-red-title', id: 'sum-red' },
    h('h2', { id: 'sum-red-title' }, t('rep.redTitle', { n: fmtNum(s.overdue.total) })));
  if (!s.overdue.items.length) red.append(h('p', t('rep.noRed')));
  else red.append(table('sum-red-table', 'sum-red-title', ['rep.task', 'rep.unit', 'rep.role', 'rep.due', 'rep.daysOverdue'],
    s.overdue.items.map(x => h('tr',
      cell('rep.task', h('a', { href: `/tasks/${x.task_id}` }, vi(x.title))),
      cell('rep.unit', vi(x.unit.name)),
      cell('rep.role', t('taskrole.' + x.role)),
      cell('rep.due', fmtDate(x.due)),
      cell('rep.daysOverdue', fmtNum(x.days_overdue))))));
  if (s.overdue.total > s.overdue.items.length) red.append(h('p.meta', t('rep.redMore', { n: fmtNum(s.overdue.items.length) })));
  root.append(red);

  // Indicators against targets, with completeness.
  const ind = h('section.summary-part', { 'aria-labelledby': 'sum-ind-title', id: 'sum-ind' },
    h('h2', { id: 'sum-ind-title' }, t('rep.indTitle')));
  const cp = s.completeness;
  ind.append(h('p', { id: 'sum-completeness' }, t('rep.completenessLine', { r: fmtNum(cp.reported), e: fmtNum(cp.expected),
    late: fmtNum(cp.late), m: fmtNum(cp.missing), rate: cp.rate === null ? '–' : fmtRate(cp.rate) })));
  if (!s.indicators.length) ind.append(h('p', t('rep.noInd')));
  else ind.append(table('sum-ind-table', 'sum-ind-title', ['rep.indicator', 'rep.latest', 'rep.target', 'rep.verdict', 'rep.completeness'],
    s.indicators.map(x => h('tr',
      cell('rep.indicator', vi(x.indicator.name)),
      cell('rep.latest', x.latest ? `${fmtNum(x.latest.value ?? 0, 1)} ${x.indicator.unit_of_measure} (${x.latest.period})` : t('units.none')),
      cell('rep.target', x.target ? `${fmtNum(x.target.value ?? 0, 1)} (${x.target.year})` : t('units.none')),
      cell('rep.verdict', h(`span.vbadge.v-${STATUS_COLOUR[x.status] || 'grey'}`, t('rep.ind.' + x.status))),
      cell('rep.completeness', x.completeness.expected ? `${fmtNum(x.completeness.reported)}/${fmtNum(x.completeness.expected)}` : '–')))));
  root.append(ind);

  // Reports owed.
  const reps = s.reports;
  const rs = h('section.summary-part', { 'aria-labelledby': 'sum-rep-title', id: 'sum-reports' },
    h('h2', { id: 'sum-rep-title' }, t('rep.owedTitle')),
    h('p', t('rep.countsLine', { owed: fmtNum(reps.owed), overdue: fmtNum(reps.overdue), submitted: fmtNum(reps.submitted),
      approved: fmtNum(reps.approved), returned: fmtNum(reps.returned), notDue: fmtNum(reps.not_due) })));
  if (reps.items.length) rs.append(table('sum-rep-table', 'sum-rep-title', ['rep.schedule', 'rep.period', 'rep.due', 'rep.owed', 'rep.colour.green', 'rep.colour.red'],
    reps.items.map(x => h('tr',
      cell('rep.schedule', h('a', { href: '/reports' + qs({ unit: s.unit.code, schedule: x.schedule.code, period: x.period.code }) }, vi(x.schedule.name))),
      cell('rep.period', x.period.code),
      cell('rep.due', fmtDate(x.period.due)),
      cell('rep.owed', fmtNum(x.owed)),
      cell('rep.colour.green', fmtNum(x.approved)),
      cell('rep.colour.red', fmtNum(x.overdue))))));
  root.append(rs, h('p.meta', t('rep.generated', { d: fmtTime(s.generated_at) })));
}

