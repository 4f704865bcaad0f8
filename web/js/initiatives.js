// Breakthrough initiatives (system 3). Public pages, signed out and usable on a phone: the
// registration form (with attachments) and the tracking page found by tracking code. Staff pages:
// the list, one initiative with the step its stage calls for (screening, forming the council, a
// member's score form, a new round, the decision with the aggregated scores), and the
// administrator's strategic technology list. Rules: docs/rules.md "Breakthrough initiatives".
import { api, qs, upload } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, getLang, errorText, fmtDate } from './i18n.js';
import { badge, progressBar, fmtTime, fmtNum, CENTRE } from './tasks-common.js';

const CRITERIA = ['novelty', 'breakthrough', 'feasibility', 'impact', 'mobilisation'];
const KINDS = ['person', 'organisation', 'enterprise', 'institute', 'university'];
const STAGES = ['submitted', 'invalid', 'screened', 'review', 'selected', 'not_selected'];
const stageText = s => label('ini.stage', s);

function stageBadge(stage) {
  return h(`span.badge.ini-stage.ini-${stage}`, { 'data-stage': stage }, stageText(stage));
}

// The council's deadline: the due date, and its colour with words (late is red).
function deadlineBadge(d) {
  if (!d) return '—';
  const words = d.formed_on ? t(d.late ? 'ini.councilFormedLate' : 'ini.councilFormed', { date: fmtDate(d.formed_on) })
    : t(d.late ? 'ini.councilLate' : 'ini.councilDue', { date: fmtDate(d.due) });
  const b = badge({ colour: d.colour });
  b.lastChild.textContent = words;
  b.classList.add('ini-deadline');
  return b;
}

function showError(form, status, err) {
  if (err.field && form.elements[err.field]) setFieldError(form, err.field, errorText(err));
  else setFieldError(form, null);
  status.replaceChildren(notice('error', errorText(err)));
}

// The aggregated scores of a round as a table: mean per criterion, mean total out of 50.
function aggregateTable(a, caption) {
  if (!a || !a.scored) return h('p', t('ini.noScores'));
  return h('table.ini-aggregate',
    h('caption', caption),
    h('thead', h('tr', h('th', { scope: 'col' }, t('ini.criterion')), h('th', { scope: 'col' }, t('ini.mean')))),
    h('tbody',
      CRITERIA.map(c => h('tr', h('th', { scope: 'row' }, t('ini.crit.' + c)),
        h('td', fmtNum(a.criteria[c], 2) + ' / 10'))),
      h('tr.ini-total', h('th', { scope: 'row' }, t('ini.total')),
        h('td', h('strong', fmtNum(a.total_mean, 2) + ' / ' + a.scale_max),
          ' ', h('span.muted', t('ini.range', { min: a.total_min, max: a.total_max, n: a.scored }))))));
}

function timeline(history) {
  return h('ol.ini-history', history.map(e => h('li',
    h('time', { datetime: e.at }, fmtTime(e.at)), ' — ', label('ini.event', e.kind),
    e.actor ? h('span.muted', ` (${e.actor})`) : null,
    e.note ? h('span', { lang: 'vi' }, ': ' + (e.kind === 'scored' ? t('ini.roundOf', { round: e.note })
      : e.kind === 'task' ? t('ini.taskNo', { id: e.note }) : e.note)) : null)));
}

function taskProgress(p, publicPage) {
  if (!p) return null;
  return h('section.ini-task', h('h2', t('ini.taskTitle')),
    h('p', progressBar(p.progress, t('ini.taskProgress')), ' ', badge({ colour: p.colour })),
    p.due ? h('p', t('ini.taskDue', { date: fmtDate(p.due) })) : null,
    publicPage ? null : h('p', h('a', { href: `/tasks/${p.id}` }, t('ini.openTask'))));
}

// ---- public: registration ----

export async function registerView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('ini.registerTitle'));
  root.append(h('h1', { tabindex: '-1' }, t('ini.registerTitle')), h('p', t('ini.registerIntro')),
    h('p', h('a', { href: '/sang-kien/theo-doi' }, t('ini.trackLink'))));
  let fields;
  try { fields = (await api('GET', '/initiatives/fields')).items; } catch (e) {
    if (ctx.alive()) root.append(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const files = h('input', { type: 'file', id: 'ini-files', name: 'files', multiple: true,
    accept: '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods' });
  const form = h('form.ini-form', { novalidate: true, id: 'ini-register' },
    h('fieldset', h('legend', t('ini.aboutInitiative')),
      field({ name: 'title', label: t('ini.title'), required: true, attrs: { id: 'ini-title', maxlength: '300' } }),
      field({ name: 'field', label: t('ini.field'), required: true, attrs: { id: 'ini-field' },
        options: [['', t('ini.chooseField')], ...fields.map(f => [f.code, getLang() === 'en' && f.name_en ? f.name_en : f.name])] }),
      field({ name: 'problem', label: t('ini.problem'), hint: t('ini.problemHint'), required: true, multiline: 4, attrs: { id: 'ini-problem' } }),
      field({ name: 'solution', label: t('ini.solution'), required: true, multiline: 4, attrs: { id: 'ini-solution' } }),
      field({ name: 'impact', label: t('ini.impact'), hint: t('ini.impactHint'), required: true, multiline: 3, attrs: { id: 'ini-impact' } }),
      field({ name: 'resources', label: t('ini.resources'), multiline: 2, attrs: { id: 'ini-resources' } }),
      field({ name: 'team', label: t('ini.team'), multiline: 2, attrs: { id: 'ini-team' } })),
    h('fieldset', h('legend', t('ini.aboutProposer')),
      field({ name: 'proposer_kind', label: t('ini.proposerKind'), required: true, attrs: { id: 'ini-kind' },
        options: KINDS.map(k => [k, label('ini.kind', k)]) }),
      field({ name: 'proposer_name', label: t('ini.proposerName'), required: true, autocomplete: 'name', attrs: { id: 'ini-name' } }),
      field({ name: 'email', type: 'email', label: t('ini.email'), hint: t('ini.contactHint'), autocomplete: 'email', attrs: { id: 'ini-email' } }),
      field({ name: 'phone', type: 'tel', label: t('ini.phone'), autocomplete: 'tel', attrs: { id: 'ini-phone' } }),
      field({ name: 'unit', label: t('ini.unit'), hint: t('ini.unitHint'), attrs: { id: 'ini-unit' } })),
    h('div.field', h('label', { for: 'ini-files' }, t('ini.attachments')), files,
      h('p.hint', t('ini.attachmentsHint'))),
    h('p.hint', t('ini.privacy')),
    h('button', { type: 'submit', id: 'ini-submit' }, t('ini.submit')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {};
    for (const k of ['title', 'field', 'problem', 'solution', 'impact', 'resources', 'team', 'proposer_kind',
      'proposer_name', 'email', 'phone', 'unit']) {
      const v = String(f.get(k) || '').trim();
      if (v) body[k] = v;
    }
    status.replaceChildren(notice('ok', t('ini.sending')));
    let receipt;
    try {
      receipt = await api('POST', '/initiatives', body);
    } catch (err) {
      showError(form, status, err);
      return;
    }
    // The files go with the tracking code, one by one; a refused file does not undo the rest.
    const failed = [];
    for (const file of files.files) {
      try {
        await upload(`/initiatives/track/${receipt.code}/attachments?name=${encodeURIComponent(file.name)}`, file);
      } catch (err) { failed.push(`${file.name}: ${errorText(err)}`); }
    }
    if (!ctx.alive()) return;
    form.remove();
    status.replaceChildren();
    root.append(h('section.ini-receipt', { 'aria-labelledby': 'ini-receipt-h' },
      h('h2', { id: 'ini-receipt-h', tabindex: '-1' }, t('ini.received')),
      h('p', t('ini.yourCode')),
      h('p.ini-code', { id: 'ini-code' }, receipt.code),
      h('p', t('ini.receivedAt', { time: fmtTime(receipt.received_at) })),
      h('p', t('ini.keepCode')),
      failed.length ? notice('error', t('ini.filesFailed', { list: failed.join('; ') })) : null,
      h('p', h('a.button', { href: receipt.tracking_url, id: 'ini-track' }, t('ini.trackNow')))));
    root.querySelector('#ini-receipt-h').focus();
  });
  root.append(status, form);
}

// ---- public: tracking ----

export async function trackView(ctx) {
  const root = ctx.root;
  const code = ctx.params[0] || '';
  ctx.setTitle(t('ini.trackTitle'));
  root.append(h('h1', { tabindex: '-1' }, t('ini.trackTitle')));
  const form = h('form.filters', { role: 'search', 'aria-label': t('ini.trackTitle') },
    field({ name: 'code', label: t('ini.codeLabel'), hint: t('ini.codeHint'), value: code, attrs: { id: 'track-code', autocapitalize: 'characters' } }),
    h('button', { type: 'submit' }, t('ini.trackButton')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = String(new FormData(form).get('code') || '').trim();
    if (v) ctx.navigate('/sang-kien/theo-doi/' + encodeURIComponent(v));
  });
  root.append(form, h('p', h('a', { href: '/sang-kien/dang-ky' }, t('ini.registerLink'))));
  if (!code) return;
  let p;
  try { p = await api('GET', `/initiatives/track/${encodeURIComponent(code)}`); } catch (e) {
    if (ctx.alive()) root.append(notice('error', e.status === 404 ? t('ini.noSuchCode') : errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  root.append(h('section.ini-public', { id: 'ini-public' },
    h('h2', { lang: 'vi' }, p.title),
    h('dl.facts',
      h('dt', t('ini.code')), h('dd.ini-code-small', p.code),
      h('dt', t('ini.field')), h('dd', { lang: 'vi' }, p.field.name),
      h('dt', t('ini.stage')), h('dd', stageBadge(p.stage)),
      h('dt', t('ini.receivedOn')), h('dd', fmtTime(p.received_at)),
      p.council_deadline ? [h('dt', t('ini.council')), h('dd', deadlineBadge(p.council_deadline))] : null),
    p.screening_reason ? h('p', h('strong', t('ini.invalidReason') + ': '), h('span', { lang: 'vi' }, p.screening_reason)) : null,
    p.decision ? h('section', h('h2', t('ini.decision')),
      h('p', stageBadge(p.decision.outcome), ' ', h('span', { lang: 'vi' }, p.decision.reason)),
      aggregateTable(p.decision.scores, t('ini.scoresOfRound', { round: p.decision.scores.round }))) : null,
    taskProgress(p.task_progress, true),
    h('h2', t('ini.history')), timeline(p.history)));
}

// ---- staff: the list ----

export async function initiativesView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('ini.listTitle'));
  const stage = ctx.query.get('stage') || '';
  const mine = ctx.query.get('mine') === 'true';
  root.append(h('h1', { tabindex: '-1' }, t('ini.listTitle')));
  if (ctx.session.user.role === 'admin')
    root.append(h('p', h('a', { href: '/initiatives/fields' }, t('ini.fieldsTitle'))));
  const form = h('form.filters', { 'aria-label': t('ini.filters') },
    field({ name: 'stage', label: t('ini.stage'), value: stage, attrs: { id: 'ini-filter-stage' },
      options: [['', t('ini.anyStage')], ...STAGES.map(s => [s, stageText(s)])] }),
    ctx.session.user.role === 'council'
      ? h('div.field', h('label', h('input', { type: 'checkbox', name: 'mine', checked: mine }), ' ', t('ini.mine'))) : null,
    h('button', { type: 'submit' }, t('ini.filter')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = new FormData(form);
    ctx.navigate('/initiatives' + qs({ stage: f.get('stage'), mine: f.get('mine') ? 'true' : '' }));
  });
  root.append(form);
  const tbody = h('tbody');
  const table = h('table.ini-list', h('caption.visually-hidden', t('ini.listTitle')),
    h('thead', h('tr', ['ini.code', 'ini.title', 'ini.field', 'ini.stage', 'ini.receivedOn', 'ini.council']
      .map(k => h('th', { scope: 'col' }, t(k))))), tbody);
  const more = h('button', { type: 'button', id: 'ini-more', hidden: true }, t('ini.more'));
  let cursor = null;
  async function page() {
    let r;
    try { r = await api('GET', '/initiatives' + qs({ stage, mine: mine ? 'true' : '', limit: 50, cursor })); } catch (e) {
      if (ctx.alive()) root.append(notice('error', errorText(e)));
      return;
    }
    if (!ctx.alive()) return;
    for (const i of r.items) tbody.append(h('tr',
      h('td', h('a', { href: `/initiatives/${i.id}` }, i.code)), h('td', { lang: 'vi' }, i.title),
      h('td', { lang: 'vi' }, i.field.name), h('td', stageBadge(i.stage)), h('td', fmtTime(i.received_at)),
      h('td', deadlineBadge(i.council_deadline))));
    cursor = r.next_cursor;
    more.hidden = !cursor;
    if (!tbody.children.length) table.replaceWith(h('p', t('ini.none')));
  }
  more.addEventListener('click', page);
  root.append(table, more);
  await page();
}

// ---- staff: one initiative ----

export async function initiativeView(ctx) {
  const root = ctx.root;
  const id = ctx.params[0];
  const role = ctx.session.user.role;
  const centre = CENTRE.includes(role);
  let i, sheet;
  try {
    i = await api('GET', `/initiatives/${id}`);
    sheet = i.round ? await api('GET', `/initiatives/${id}/scores`) : null;
  } catch (e) {
    if (ctx.alive()) root.append(h('h1', { tabindex: '-1' }, t('ini.listTitle')), notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  ctx.setTitle(i.title);
  const reload = flash => ctx.navigate(`/initiatives/${id}`, { replace: true, flash: { kind: 'ok', text: flash } });
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  // h() flattens arrays and skips nulls (Element.append does not): the optional parts go in it.
  root.append(h('div.ini-body',
    h('nav.breadcrumbs', { 'aria-label': t('ini.breadcrumbs') }, h('a', { href: '/initiatives' }, t('ini.listTitle'))),
    h('h1', { tabindex: '-1', lang: 'vi' }, i.title),
    h('dl.facts',
      h('dt', t('ini.code')), h('dd', i.code),
      h('dt', t('ini.stage')), h('dd', stageBadge(i.stage), i.round ? ' ' + t('ini.roundN', { round: i.round }) : ''),
      h('dt', t('ini.field')), h('dd', { lang: 'vi' }, i.field.name),
      h('dt', t('ini.receivedOn')), h('dd', fmtTime(i.received_at)),
      h('dt', t('ini.proposerKind')), h('dd', label('ini.kind', i.proposer_kind)),
      i.proposer ? [h('dt', t('ini.proposerName')), h('dd', { lang: 'vi' }, i.proposer.name),
        h('dt', t('ini.contact')), h('dd', [i.proposer.email, i.proposer.phone].filter(Boolean).join(' · '))] : null,
      h('dt', t('ini.unit')), h('dd', { lang: 'vi' }, i.unit ? i.unit.name : '—'),
      h('dt', t('ini.council')), h('dd', deadlineBadge(i.council_deadline))),
    h('h2', t('ini.problem')), h('p.prewrap', { lang: 'vi' }, i.problem),
    h('h2', t('ini.solution')), h('p.prewrap', { lang: 'vi' }, i.solution),
    h('h2', t('ini.impact')), h('p.prewrap', { lang: 'vi' }, i.impact),
    i.resources ? [h('h2', t('ini.resources')), h('p.prewrap', { lang: 'vi' }, i.resources)] : null,
    i.team ? [h('h2', t('ini.team')), h('p.prewrap', { lang: 'vi' }, i.team)] : null,
    i.attachments.length ? [h('h2', t('ini.attachments')), h('ul', i.attachments.map(a =>
      h('li', h('a', { href: a.url, download: a.name }, a.name))))] : null,
    i.screening ? [h('h2', t('ini.screening')), h('p', { lang: 'vi' }, i.screening.valid
      ? i.screening.assessment : t('ini.invalidReason') + ': ' + i.screening.reason)] : null));

  // The step of the stage.
  if (centre && i.stage === 'submitted') root.append(screeningForm(id, reload));
  if (i.council.members.length) root.append(h('h2', t('ini.councilMembers')), h('ul.ini-members', i.council.members.map(m =>
    h('li', m.display_name || m.username, ' ', h('span.muted', `(${m.username}, ${m.unit.name})`),
      m.conflict ? h('span.badge', ' ' + t('ini.conflictDeclared')) : m.scored ? h('span.badge', ' ' + t('ini.hasScored')) : null))));
  if (centre && (i.stage === 'screened' || i.stage === 'review')) {
    let candidates = [];
    try { candidates = (await api('GET', `/initiatives/${id}/candidates`)).items; } catch (e) {
      root.append(notice('error', errorText(e)));
    }
    if (!ctx.alive()) return;
    root.append(councilForm(id, i.stage, candidates, reload));
  }
  const me = i.council.members.find(m => m.username === ctx.session.user.username);
  const declared = i.conflicts.some(c => c.member === ctx.session.user.username);
  if (role === 'council' && (i.stage === 'screened' || i.stage === 'review') && !declared)
    root.append(conflictForm(id, reload));
  if (role === 'council' && i.stage === 'review' && me && !declared && sheet && !sheet.mine)
    root.append(scoreForm(id, i.round, reload));
  if (sheet) root.append(scoresSection(sheet));
  if (centre && i.stage === 'review') root.append(roundForm(id, reload), decisionForm(id, sheet, reload));
  if (i.decision) root.append(h('h2', t('ini.decision')), h('p', stageBadge(i.decision.outcome), ' ',
    h('span', { lang: 'vi' }, i.decision.reason), ' ', h('span.muted', `(${i.decision.by}, ${fmtTime(i.decision.at)})`)));
  const tp = taskProgress(i.task_progress, false);
  if (tp) root.append(tp);
  root.append(h('h2', t('ini.history')), timeline(i.history));
}

function stepForm(id, title, children, submitText, send) {
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form.ini-step', { novalidate: true, id }, children, h('button', { type: 'submit' }, submitText));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    try { await send(new FormData(form)); } catch (err) { showError(form, status, err); }
  });
  return h('section', h('h2', title), status, form);
}

function screeningForm(id, reload) {
  return stepForm('ini-screen', t('ini.screening'), [
    h('fieldset', h('legend', t('ini.validQ')),
      h('label', h('input', { type: 'radio', name: 'valid', value: 'true', checked: true }), ' ', t('ini.valid')), ' ',
      h('label', h('input', { type: 'radio', name: 'valid', value: 'false' }), ' ', t('ini.notValid'))),
    field({ name: 'assessment', label: t('ini.assessment'), hint: t('ini.assessmentHint'), multiline: 3, attrs: { id: 'ini-assessment' } }),
    field({ name: 'reason', label: t('ini.reasonInvalid'), multiline: 2, attrs: { id: 'ini-reason' } }),
    field({ name: 'unit', label: t('ini.unit'), hint: t('ini.unitScreenHint'), attrs: { id: 'ini-screen-unit' } }),
  ], t('ini.saveScreening'), async f => {
    const body = { valid: f.get('valid') === 'true' };
    for (const k of ['assessment', 'reason', 'unit']) { const v = String(f.get(k) || '').trim(); if (v) body[k] = v; }
    await api('POST', `/initiatives/${id}/screening`, body);
    reload('ini.screened');
  });
}

// The council member accounts as checkboxes: those who may not sit are shown, disabled, with
// the reason (already a member, a declared conflict, the proposing unit's own).
function councilForm(id, stage, candidates, reload) {
  const title = stage === 'screened' ? t('ini.formCouncil') : t('ini.addMembers');
  const boxes = candidates.filter(c => c.reason !== 'member').map(c => h('li',
    h('label', h('input', { type: 'checkbox', name: 'members', value: c.username, disabled: !c.eligible }),
      ' ', c.display_name || c.username, ' ', h('span.muted', `(${c.username}, ${c.unit.name})`),
      c.eligible ? null : h('span.badge.ini-excluded', ' ' + t('ini.excluded.' + c.reason)))));
  return stepForm('ini-council', title, [
    h('fieldset', h('legend', t('ini.membersLabel')), h('p.hint', t('ini.membersHint')),
      boxes.length ? h('ul.ini-candidates', boxes) : h('p', t('ini.noCandidates'))),
  ], title, async f => {
    await api('POST', `/initiatives/${id}/council`, { members: f.getAll('members').map(String) });
    reload('ini.councilSaved');
  });
}

function conflictForm(id, reload) {
  return stepForm('ini-conflict', t('ini.declareConflict'), [
    h('p.hint', t('ini.conflictHint')),
    field({ name: 'reason', label: t('ini.conflictReason'), required: true, multiline: 2, attrs: { id: 'ini-conflict-reason' } }),
  ], t('ini.declareConflict'), async f => {
    await api('POST', `/initiatives/${id}/conflicts`, { reason: String(f.get('reason') || '').trim() });
    reload('ini.conflictSaved');
  });
}

function scoreForm(id, round, reload) {
  return stepForm('ini-score', t('ini.scoreTitle', { round }), [
    h('p.hint', t('ini.scaleHint')),
    CRITERIA.map(c => field({ name: c, type: 'number', label: t('ini.crit.' + c), hint: t('ini.critHint.' + c), required: true,
      attrs: { id: 'ini-score-' + c, min: '0', max: '10', step: '1', inputmode: 'numeric' } })),
    field({ name: 'comment', label: t('ini.comment'), multiline: 3, attrs: { id: 'ini-score-comment' } }),
  ], t('ini.submitScore'), async f => {
    const body = {};
    for (const c of CRITERIA) {
      const raw = String(f.get(c) || '').trim();
      body[c] = /^\d+$/.test(raw) ? parseInt(raw, 10) : raw === '' ? undefined : Number(raw);
      if (body[c] === undefined) delete body[c];
    }
    const comment = String(f.get('comment') || '').trim();
    if (comment) body.comment = comment;
    await api('POST', `/initiatives/${id}/scores`, body);
    reload('ini.scoreSaved');
  });
}

function scoresSection(sheet) {
  const s = h('section.ini-scores', { id: 'ini-scores' }, h('h2', t('ini.scoresOfRound', { round: sheet.round })),
    h('p', t('ini.scoredCount', { n: sheet.scored, of: sheet.eligible })));
  if (!sheet.visible) { s.append(h('p', t('ini.hiddenUntilScored'))); return s; }
  s.append(aggregateTable(sheet.aggregate, t('ini.aggregate')));
  if (sheet.scores.length) s.append(h('table.ini-score-table', h('caption', t('ini.memberScores')),
    h('thead', h('tr', h('th', { scope: 'col' }, t('ini.member')), CRITERIA.map(c => h('th', { scope: 'col' }, t('ini.crit.' + c))),
      h('th', { scope: 'col' }, t('ini.total')), h('th', { scope: 'col' }, t('ini.comment')))),
    h('tbody', sheet.scores.map(x => h('tr', h('th', { scope: 'row' }, x.member_name || x.member),
      CRITERIA.map(c => h('td', String(x[c]))), h('td', String(x.total)), h('td', { lang: 'vi' }, x.comment))))));
  return s;
}

function roundForm(id, reload) {
  return stepForm('ini-round', t('ini.newRound'), [
    field({ name: 'reason', label: t('ini.roundReason'), required: true, attrs: { id: 'ini-round-reason' } }),
  ], t('ini.newRound'), async f => {
    await api('POST', `/initiatives/${id}/rounds`, { reason: String(f.get('reason') || '').trim() });
    reload('ini.roundOpened');
  });
}

function decisionForm(id, sheet, reload) {
  return stepForm('ini-decide', t('ini.decision'), [
    sheet && sheet.aggregate ? aggregateTable(sheet.aggregate, t('ini.aggregate')) : null,
    sheet && !sheet.complete ? notice('error', t('ini.roundIncomplete')) : null,
    h('fieldset', h('legend', t('ini.outcome')),
      h('label', h('input', { type: 'radio', name: 'outcome', value: 'selected', checked: true }), ' ', stageText('selected')), ' ',
      h('label', h('input', { type: 'radio', name: 'outcome', value: 'not_selected' }), ' ', stageText('not_selected'))),
    field({ name: 'reason', label: t('ini.decisionReason'), required: true, multiline: 2, attrs: { id: 'ini-decision-reason' } }),
    field({ name: 'lead', label: t('ini.lead'), hint: t('ini.leadHint'), attrs: { id: 'ini-lead' } }),
    field({ name: 'due', type: 'date', label: t('ini.due'), attrs: { id: 'ini-due' } }),
  ], t('ini.saveDecision'), async f => {
    const body = { outcome: f.get('outcome') };
    for (const k of ['reason', 'lead', 'due']) { const v = String(f.get(k) || '').trim(); if (v) body[k] = v; }
    await api('POST', `/initiatives/${id}/decision`, body);
    reload('ini.decided');
  });
}

// ---- administrator: the strategic technology list ----

export async function fieldsView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('ini.fieldsTitle'));
  root.append(h('nav.breadcrumbs', { 'aria-label': t('ini.breadcrumbs') }, h('a', { href: '/initiatives' }, t('ini.listTitle'))),
    h('h1', { tabindex: '-1' }, t('ini.fieldsTitle')));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  let list;
  try { list = (await api('GET', '/initiatives/fields?all=true')).items; } catch (e) {
    if (ctx.alive()) root.append(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const again = text => ctx.navigate('/initiatives/fields', { replace: true, flash: { kind: 'ok', text } });
  root.append(status, h('table.ini-fields', h('caption.visually-hidden', t('ini.fieldsTitle')),
    h('thead', h('tr', ['ini.fieldCode', 'ini.fieldName', 'ini.fieldActive', 'ini.fieldSource'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', list.map(f => {
      const name = h('input', { type: 'text', value: f.name, 'aria-label': t('ini.fieldName') + ' ' + f.code, lang: 'vi' });
      const save = h('button', { type: 'button' }, t('ini.save'));
      const toggle = h('button', { type: 'button' }, f.active ? t('ini.retire') : t('ini.restore'));
      const send = async body => {
        try { await api('PATCH', `/initiatives/fields/${f.code}`, body); again('ini.fieldSaved'); } catch (err) {
          status.replaceChildren(notice('error', errorText(err)));
        }
      };
      save.addEventListener('click', () => send({ name: name.value.trim() }));
      toggle.addEventListener('click', () => send({ active: !f.active }));
      return h('tr', h('td', f.code), h('td', name, ' ', save), h('td', f.active ? t('ini.yes') : t('ini.no'), ' ', toggle),
        h('td.muted', { lang: 'vi' }, f.source));
    }))));
  const form = h('form.ini-form', { novalidate: true, id: 'ini-field-new' },
    field({ name: 'code', label: t('ini.fieldCode'), hint: t('ini.fieldCodeHint'), required: true, attrs: { id: 'ini-fcode' } }),
    field({ name: 'name', label: t('ini.fieldName'), required: true, attrs: { id: 'ini-fname' } }),
    field({ name: 'name_en', label: t('ini.fieldNameEn'), attrs: { id: 'ini-fname-en' } }),
    h('button', { type: 'submit' }, t('ini.addField')));
  const fstatus = h('div', { role: 'status', 'aria-live': 'polite' });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {};
    for (const k of ['code', 'name', 'name_en']) { const v = String(f.get(k) || '').trim(); if (v) body[k] = v; }
    try { await api('POST', '/initiatives/fields', body); again('ini.fieldSaved'); } catch (err) { showError(form, fstatus, err); }
  });
  root.append(h('h2', t('ini.addField')), fstatus, form);
}
