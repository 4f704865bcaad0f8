// Pieces shared by the task views (list, summary, detail, new task): colour badges that never
// rely on colour alone, progress bars, how a deadline was read, number and date formats, unit
// names learnt from replies, the user's scope, and Vietnamese text for the server's English
// reasons and errors.
import { api, qs } from './api.js';
import { h, notice, setFieldError } from './dom.js';
import { t, getLang, errorText, fmtDate } from './i18n.js';

export const COLOURS = ['green', 'done_late', 'red', 'yellow', 'blue', 'grey'];
export const GROUPS = [1, 2, 3, 4, 5, 6, 7];
export const BLOCKS = ['Đảng', 'Nhà nước', 'HĐND', 'UBND', 'Mặt trận'];
export const CRITERIA = ['nền tảng', 'thể chế', 'tổ chức triển khai', 'dữ liệu'];
export const ISO = /^\d{4}-\d{2}-\d{2}$/;
export const WRITERS = ['admin', 'standing_office', 'leader', 'reporter'];
export const CENTRE = ['admin', 'standing_office'];

// A glyph per colour so the badge reads without colour (also for colour-blind users).
const GLYPH = { green: '✓', done_late: '✓', red: '!', yellow: '▲', blue: '●', grey: '–' };

export function legendLabel(colour) { return t('legend.' + colour); }

// The text of a verdict: red and done-late carry their number of days.
export function verdictText(v) {
  if (!v) return '';
  const days = (key, n) => (n === 1 && t(key + '.one') !== key + '.one' ? t(key + '.one') : t(key, { n }));
  if (v.colour === 'red') return days('verdict.red', v.days_overdue || 0);
  if (v.colour === 'done_late' && v.days_overdue) return days('verdict.done_late', v.days_overdue);
  return legendLabel(v.colour);
}

// A colour badge: coloured box, glyph and words; the words are what a screen reader hears.
export function badge(v, extra = {}) {
  const c = v && COLOURS.includes(v.colour) ? v.colour : 'grey';
  return h(`span.vbadge.v-${c}`, { 'data-colour': c, ...extra },
    h('span.vglyph', { 'aria-hidden': 'true' }, GLYPH[c]), ' ', verdictText(v));
}

// A progress bar (a native <progress>, named) with the number beside it.
export function progressBar(n, labelText) {
  const v = Math.max(0, Math.min(100, Number(n) || 0));
  return h('span.progress',
    h('progress', { max: '100', value: String(v), 'aria-label': labelText || t('tasks.progress') }),
    h('span.progress-n', t('tasks.percent', { n: v })));
}

// A number as people write it: 27,4 in Vietnamese, 27.4 in English.
export function fmtNum(x, digits = 0) {
  return new Intl.NumberFormat(getLang() === 'vi' ? 'vi-VN' : 'en-GB',
    { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}
export function fmtRate(r) { return t('tasks.percent', { n: fmtNum(r || 0, 1) }); }

// A UTC timestamp shown in Vietnam time (UTC+7, no daylight saving).
export function fmtTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return iso || '';
  const v = new Date(d.getTime() + 7 * 3600 * 1000);
  const p = (x) => String(x).padStart(2, '0');
  const date = `${v.getUTCFullYear()}-${p(v.getUTCMonth() + 1)}-${p(v.getUTCDate())}`;
  return `${fmtDate(date)} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}`;
}

// Today in Vietnam, as the server counts days.
export function todayVN() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// The period a recurring report is for by default: the one containing today.
export function currentPeriod(period, today = todayVN()) {
  const y = today.slice(0, 4);
  const m = parseInt(today.slice(5, 7), 10);
  if (period === 'month') return today.slice(0, 7);
  if (period === 'quarter') return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
  if (period === 'half_year') return `${y}-H${m <= 6 ? 1 : 2}`;
  if (period === 'year') return y;
  return '';
}

// Marks Vietnamese data (titles, unit names) as Vietnamese when the interface is in English,
// so screen readers pronounce it right.
export function vi(text, tag = 'span') {
  return getLang() === 'en' ? h(tag, { lang: 'vi' }, text) : text;
}

export function groupLabel(n) {
  return n ? t('tasks.groupN', { n, name: t('group.' + n) }) : t('units.none');
}

export function tagLabel(kind, value) {
  const k = `${kind}.${value}`;
  const s = t(k);
  return s === k ? value : s;
}

// How the program read the deadline: a date, a schedule, or none.
export function deadlineReading(task, verdict) {
  if (task.deadline_kind === 'date' && task.due) return t('deadline.due', { d: fmtDate(task.due) });
  if (task.deadline_kind === 'recurring') {
    let s = t('deadline.recurring', { p: t('period.' + (task.period || 'unspecified')) });
    if (task.on_demand) s += t('deadline.onDemand');
    const due = verdict && verdict.due;
    if (due) s += ' — ' + t('deadline.currentDue', { d: fmtDate(due) });
    return s;
  }
  if (task.on_demand) return t('deadline.onDemandOnly');
  return t('deadline.continuous');
}

// ---------------------------------------------------------------- units the UI has seen

// code → name, learnt from every reply that names units (no request of its own).
const names = new Map();
export function learn(code, name) { if (code && name) names.set(code, name); }
export function unitName(code) { return names.get(code) || code; }

// Ancestor trails for breadcrumbs: `${asOf}|${code}` → [{code, name}...] root first, the unit
// last. Filled from the summaries the user opens (a child's trail is its parent's plus itself),
// so drilling down costs one request per view.
const trails = new Map();
export function setTrail(asOf, trail) {
  trails.set(`${asOf}|${trail[trail.length - 1].code}`, trail);
  for (const u of trail) learn(u.code, u.name);
}
export function getTrail(asOf, code) { return trails.get(`${asOf}|${code}`) || null; }

// The top of the tree the user may see: the nation for the centre, else the user's own unit.
let rootPromise = null;
export function scopeRoot(session) {
  if (!session.scope || !session.scope.national) {
    const u = session.user.unit;
    return Promise.resolve({ code: u.code, name: u.name });
  }
  if (!rootPromise) {
    rootPromise = api('GET', '/units/tree' + qs({ depth: 0 }))
      .then(r => { const u = r.unit || r; learn(u.code, u.name); return { code: u.code, name: u.name }; })
      .catch(e => { rootPromise = null; throw e; });
  }
  return rootPromise;
}

// The codes of the units in the user's scope (only needed for people outside the centre, to
// know which parts of a task they may report on). Loaded once per session, cacheable.
let scopeCodes = null;
let scopeOf = null;
export function isNational(session) { return !!(session && session.scope && session.scope.national); }
export function loadScope(session) {
  if (isNational(session)) return Promise.resolve(null);
  const code = session.user.unit.code;
  const who = session.user.username + '@' + code;
  if (!scopeCodes || scopeOf !== who) {
    scopeOf = who;
    scopeCodes = api('GET', `/units/${encodeURIComponent(code)}/subtree`).then(r => {
      const set = new Set();
      const walk = (u) => { set.add(u.code); learn(u.code, u.name); (u.children || []).forEach(walk); };
      walk(r.unit || r);
      return set;
    }).catch(e => { scopeCodes = null; throw e; });
  }
  return scopeCodes;
}

// ---------------------------------------------------------------- server text in Vietnamese

const WHY = [
  [/^no deadline/, 'why.none'], [/^done on or before/, 'why.greenOnTime'], [/^done after/, 'why.late'],
  [/^not done and past/, 'why.overdue'], [/^not begun/, 'why.notBegun'], [/^deadline not close/, 'why.notClose'],
  [/^deadline close and progress behind/, 'why.behind'], [/^deadline close, progress keeps/, 'why.onPace'],
  [/^the report for the last period/, 'why.missedPeriod'], [/^the worst of the lead/, 'why.worstLead'],
  [/is not a valid date$/, 'why.badDate'],
];

// The reason for a colour, in the interface language.
export function whyText(reason) {
  if (!reason) return '';
  if (getLang() === 'vi') for (const [re, key] of WHY) if (re.test(reason)) return t(key);
  return reason;
}

const DEADLINE_WHY = [
  [/^month (\d+) has no year$/, 'dl.monthNoYear', m => ({ x: m[1] })],
  [/^quarter (\S+) has no year$/, 'dl.quarterNoYear', m => ({ x: m[1] })],
  [/^the (first|second) half of the year has no year$/, 'dl.halfNoYear', () => ({})],
  [/^(.+) has no year$/, 'dl.noYear', m => ({ x: m[1] })],
  [/^(.+) is not a date$/, 'dl.notDate', m => ({ x: m[1] })],
  [/^(.+) does not exist$/, 'dl.notExist', m => ({ x: m[1] })],
  [/^(.+) is outside the years/, 'dl.years', m => ({ x: m[1] })],
  [/^two different dates: (.+) and (.+)$/, 'dl.twoDates', m => ({ a: m[1], b: m[2] })],
  [/^both a date \((.+)\) and a recurring schedule$/, 'dl.dateAndSchedule', m => ({ x: m[1] })],
  [/reporting is not a supported period/, 'dl.unsupported', () => ({})],
  [/^two different periods/, 'dl.twoPeriods', () => ({})],
  [/^no deadline phrase found$/, 'dl.noPhrase', () => ({})],
];

export function deadlineWhy(reason) {
  if (getLang() === 'vi') for (const [re, key, p] of DEADLINE_WHY) {
    const m = re.exec(reason);
    if (m) return t(key, p(m));
  }
  return reason;
}

const MESSAGES = [
  [/^a recurring task is reported period by period/, 'msg.recurringByPeriod'],
  [/^this part is done and accepted$/, 'msg.alreadyAccepted'],
  [/^completion was already reported$/, 'msg.alreadyReported'],
  [/^there is no completion report waiting/, 'msg.nothingWaiting'],
  [/^a unit does not accept its own/, 'msg.ownPart'],
  [/^only the standing office or the assigning unit/, 'msg.notDecider'],
  [/^unit (\S+) has no part in task/, 'msg.noPart', m => ({ u: m[1] })],
  [/^no unit (\S+) on (\S+)$/, 'msg.noUnitOn', m => ({ u: m[1], d: fmtDate(m[2]) })],
  [/^no unit (\S+)$/, 'msg.noUnit', m => ({ u: m[1] })],
  [/^name at least one lead unit$/, 'msg.needLead'],
  [/^the task is due \((\S+)\) before it starts \((\S+)\)$/, 'msg.dueBeforeStart', m => ({ a: fmtDate(m[1]), b: fmtDate(m[2]) })],
  [/^unit (\S+) is outside your scope$/, 'msg.outOfScope', m => ({ u: m[1] })],
  [/^only the standing office creates top-level/, 'msg.topLevel'],
  [/^your role does not report/, 'msg.noRoleReport'],
  [/^no task (\d+)$/, 'msg.noTask', m => ({ n: m[1] })],
  [/^task \d+ has no part in your scope$/, 'msg.noTaskPart'],
];

// The text for an API error on the task pages: the unreadable-deadline reason and the task
// conflicts get a Vietnamese sentence; anything else goes through errorText.
export function taskErrorText(err) {
  const m = /^the deadline could not be read \((.*)\): give the date in due$/.exec(err.message || '');
  if (m) return t('new.deadlineUnreadable', { r: deadlineWhy(m[1]) });
  if (getLang() === 'vi' && err.status !== 0) for (const [re, key, p] of MESSAGES) {
    const mm = re.exec(err.message || '');
    if (mm) return t(key, p ? p(mm) : undefined);
  }
  return errorText(err);
}

// Shows an API error on a form: on the named field when the form has it, else above the form.
export function showError(form, status, err) {
  status.replaceChildren();
  setFieldError(form, null);
  const ctl = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (ctl && ctl.type !== 'hidden') {
    setFieldError(form, err.field, taskErrorText(err));
    status.append(notice('error', t('users.fixErrors')));
    ctl.focus();
  } else {
    status.append(notice('error', taskErrorText(err)));
    status.querySelector('.notice').setAttribute('tabindex', '-1');
    status.querySelector('.notice').focus();
  }
}

// The secondary navigation of the task pages (list, summary, new).
export function taskTabs(ctx, active, params) {
  const keep = qs({ unit: params.unit, as_of: params.as_of });
  const items = [
    { href: '/tasks' + keep, key: 'tasks.tabList', id: 'list' },
    { href: '/tasks/summary' + keep, key: 'tasks.tabSummary', id: 'summary' },
  ];
  if (ctx.session && CENTRE.includes(ctx.session.user.role))
    items.push({ href: '/tasks/new', key: 'tasks.create', id: 'new' });
  return h('nav.tabs', { 'aria-label': t('tasks.tabs') },
    h('ul', items.map(i => h('li', h('a', { href: i.href, 'aria-current': i.id === active ? 'page' : null }, t(i.key))))));
}

// The colour legend: a stacked bar (decorative) and the counts in words, each a link that
// filters the list by that colour (when hrefFor is given).
export function legend(counts, { hrefFor = null, active = [], id = null } = {}) {
  const total = COLOURS.reduce((s, c) => s + (counts[c] || 0), 0);
  const bar = h('div.stack', { 'aria-hidden': 'true' });
  for (const c of COLOURS) {
    const n = counts[c] || 0;
    if (!n) continue;
    const seg = h(`span.seg.v-${c}`);
    seg.style.flexGrow = String(n);
    bar.append(seg);
  }
  if (!total) bar.classList.add('empty');
  const items = COLOURS.map(c => {
    const n = counts[c] || 0;
    const on = active.includes(c);
    const inner = [h(`span.swatch.v-${c}`, { 'aria-hidden': 'true' }, GLYPH[c]), ' ',
      h('span.legend-label', legendLabel(c)), ' ', h('span.legend-n', fmtNum(n)),
      on ? h('span.visually-hidden', ' ' + t('tasks.filteringColour')) : null];
    return h('li', { 'data-colour': c, class: on ? 'on' : null },
      hrefFor ? h('a', { href: hrefFor(c), 'aria-current': on ? 'true' : null }, inner) : inner);
  });
  return h('div.legend', { id }, bar, h('ul.legend-list', items));
}
