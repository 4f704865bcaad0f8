// One task (/tasks/ID): the document and section, the instruction, the deadline as written and
// as read, the combined verdict, each unit's part, the sub-tasks and the history; and the forms
// that apply to the signed-in user: update progress, report done or report a period (for the
// parts in their scope), accept or return a reported completion (the standing office, or a
// leader of the assigning unit). A write answers with the task, which is drawn again from that
// answer (no second request).
import { api, qs, upload } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, fmtDate } from './i18n.js';
import {
  ISO, WRITERS, badge, progressBar, deadlineReading, groupLabel, tagLabel, fmtTime, todayVN, currentPeriod,
  learn, unitName, whyText, taskErrorText, showError, vi,
} from './tasks-common.js';

export async function taskDetailView(ctx) {
  const id = ctx.params[0];
  const asOf = ISO.test(ctx.query.get('as_of') || '') ? ctx.query.get('as_of') : '';
  const session = ctx.session;
  const mayWrite = !asOf && WRITERS.includes(session.user.role);
  let task;
  try {
    // One request: the task says what the caller may do with it (`actions`).
    task = await api('GET', `/tasks/${encodeURIComponent(id)}` + qs({ as_of: asOf }));
  } catch (e) {
    if (!ctx.alive()) return;
    if (e.status !== 404 && e.status !== 403 && e.status !== 400) throw e;
    ctx.setTitle(t('task.notFound'));
    ctx.root.append(h('h1', { tabindex: '-1' }, t('task.notFound')), notice('error', taskErrorText(e)),
      h('p', h('a', { href: '/tasks' }, t('task.backToList'))));
    return;
  }
  if (!ctx.alive()) return;
  const env = { ctx, asOf, session, mayWrite };
  render(env, task, ctx.flash ? { kind: ctx.flash.kind, text: t(ctx.flash.text, ctx.flash.params) } : null);
}

// The parts the caller may report on, as the server says (`actions.report`).
function mayReport(task, code) {
  return !!(task.actions && Array.isArray(task.actions.report) && task.actions.report.includes(code));
}

function render(env, task, message, focusId) {
  const { ctx, asOf } = env;
  const root = ctx.root;
  root.replaceChildren();
  for (const p of task.parts) learn(p.unit.code, p.unit.name);
  ctx.setTitle(task.title);
  const q = qs({ as_of: asOf });

  root.append(h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb') }, h('ol',
    h('li', h('a', { href: '/tasks' + q }, t('nav.tasks'))),
    task.parent ? h('li', h('a', { href: `/tasks/${task.parent}` + q }, t('task.parent'))) : null,
    h('li', h('span', { 'aria-current': 'page' }, task.section || `#${task.id}`)))));
  const status = h('div.form-status', { id: 'task-status' });
  if (message) status.append(notice(message.kind, message.text));
  root.append(status);
  root.append(h('h1', { tabindex: '-1', id: 'task-title' }, vi(task.title)));
  if (asOf) root.append(h('p.as-of-note', t('task.asOfNoForms', { d: fmtDate(asOf) }), ' ',
    h('a', { href: `/tasks/${task.id}` }, t('task.viewToday'))));

  // ---- the combined verdict first: it is what people look for
  const c = task.combined;
  const forms = env.mayWrite ? reportForms(env, task) : null;
  const jump = forms ? h('p', h('button.linklike', { type: 'button', id: 'to-reporting', onclick: () => {
    const el = document.getElementById('report-title');
    el.setAttribute('tabindex', '-1');
    el.focus();
    el.scrollIntoView({ block: 'start' });
  } }, t('task.toReporting'))) : null;
  root.append(h('section.combined.card', { 'aria-labelledby': 'combined-title', id: 'combined' },
    h('h2', { id: 'combined-title' }, t('task.combined')),
    h('p.combined-line', badge(c.verdict, { id: 'combined-badge' }), ' ',
      progressBar(c.progress, t('task.combined') + ' — ' + t('tasks.progress')),
      c.done && c.done_on ? h('span.meta', ' ' + t('task.doneOn', { d: fmtDate(c.done_on) })) : null),
    c.verdict.reason ? h('p.meta', t('task.reason', { r: whyText(c.verdict.reason) })) : null,
    h('p.hint', t('task.combinedNote')), jump));

  // ---- facts
  const doc = task.document;
  const row = (k, v) => (v === null || v === undefined || v === '' ? null : [h('dt', t(k)), h('dd', v)]);
  root.append(h('dl.facts.task-facts',
    row('task.document', doc ? (doc.number || doc.key) : null),
    row('task.section', task.section),
    row('task.group', task.task_group ? groupLabel(task.task_group) : null),
    row('task.deadlineText', task.deadline_text ? h('q', vi(task.deadline_text)) : t('deadline.none')),
    row('task.deadlineRead', h('span', { id: 'deadline-read' }, deadlineReading(task, c.verdict))),
    row('task.startDate', task.start_date ? fmtDate(task.start_date) : null),
    row('task.output', task.expected_output ? vi(task.expected_output) : null),
    row('task.block', task.block ? h('span.tag', tagLabel('block', task.block)) : null),
    row('task.criteria', task.criteria ? h('span.tag', tagLabel('criteria', task.criteria)) : null),
    row('task.assigner', task.assigner ? vi(task.assigner_name || unitName(task.assigner)) : null),
    row('task.parent', task.parent ? h('a', { href: `/tasks/${task.parent}` + q }, `#${task.parent}`) : null)));
  if (task.text) root.append(h('section', { 'aria-labelledby': 'text-title' },
    h('h2', { id: 'text-title' }, t('task.text')), h('blockquote.instruction', vi(task.text, 'p'))));

  // ---- parts
  root.append(h('section', { 'aria-labelledby': 'parts-title' },
    h('h2', { id: 'parts-title' }, t('task.parts')),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'parts-title', tabindex: '0' },
      h('table.responsive', { id: 'parts-table' },
        h('thead', h('tr', ['task.col.unit', 'task.col.role', 'task.col.progress', 'task.col.state', 'task.col.verdict']
          .map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', task.parts.map(p => h('tr', { 'data-unit': p.unit.code },
          h('th', { scope: 'row', 'data-label': t('task.col.unit') }, h('div.cell', vi(p.unit.name))),
          h('td', { 'data-label': t('task.col.role') }, h('div.cell', label('taskrole', p.role))),
          h('td', { 'data-label': t('task.col.progress') }, h('div.cell', progressBar(p.progress, `${t('tasks.progress')}: ${p.unit.name}`))),
          h('td', { 'data-label': t('task.col.state') }, h('div.cell', label('state', p.state),
            p.reported_on ? h('span.meta.block', t('task.reportedOn', { d: fmtDate(p.reported_on) })) : null)),
          h('td', { 'data-label': t('task.col.verdict') }, h('div.cell', badge(p.verdict),
            p.verdict.reason && p.verdict.reason !== c.verdict.reason ? h('span.meta.block', whyText(p.verdict.reason)) : null)))))))));

  // ---- forms
  if (forms) root.append(forms);

  // ---- sub-tasks
  const canBreakDown = !asOf && ['admin', 'standing_office', 'leader'].includes(env.session.user.role) &&
    !!(task.actions && task.actions.break_down);
  root.append(h('section', { 'aria-labelledby': 'children-title', id: 'children' },
    h('h2', { id: 'children-title' }, t('task.children')),
    task.rollup_progress !== null && task.rollup_progress !== undefined
      ? h('p', { id: 'rollup' }, t('task.rollup', { n: task.rollup_progress })) : null,
    task.children.length
      ? h('ul.subtasks', task.children.map(ch => h('li',
        badge(ch.verdict), ' ', h('a', { href: `/tasks/${ch.id}` + q }, vi(ch.title)), ' ',
        progressBar(ch.progress, `${t('tasks.progress')}: ${ch.title}`))))
      : h('p', t('task.noChildren')),
    canBreakDown ? h('p', h('a.button', { href: '/tasks/new' + qs({ parent: task.id }), id: 'add-subtask' }, t('task.addChild'))) : null));

  // ---- evidence files: the list with download links, and an upload form for the parts the
  // caller may report on
  const files = (task.evidence || []).filter(f => f && typeof f.url === 'string' && f.url.startsWith('/api/v1/evidence/'));
  const upParts = env.mayWrite ? task.parts.filter(p => mayReport(task, p.unit.code)) : [];
  if (files.length || upParts.length) root.append(h('section', { 'aria-labelledby': 'files-title', id: 'files' },
    h('h2', { id: 'files-title' }, t('task.files')),
    files.length ? h('ul.evidence.files', { id: 'evidence-list' }, files.map(f => h('li', { 'data-unit': f.unit },
      h('a', { href: f.url, download: f.name || '' }, f.name || f.url,
        h('span.visually-hidden', ` (${t('task.download')})`)), ' ',
      h('span.meta', [vi(unitName(f.unit)), f.size ? fmtSize(f.size) : null, f.at ? fmtTime(f.at) : null, f.actor]
        .filter(Boolean).map((x, i) => (i ? [' · ', x] : x))))))
      : h('p', { id: 'evidence-none' }, t('task.filesNone')),
    upParts.length ? uploadForm(env, task, upParts) : null));

  // ---- history, newest first
  const hist = [...task.history].reverse();
  root.append(h('section', { 'aria-labelledby': 'history-title', id: 'history' },
    h('h2', { id: 'history-title' }, t('task.history')),
    hist.length ? h('div.table-wrap', { role: 'region', 'aria-labelledby': 'history-title', tabindex: '0' },
      h('table.responsive', { id: 'history-table' },
        h('thead', h('tr', ['task.col.when', 'task.col.unit', 'task.col.who', 'task.col.what', 'task.col.note', 'task.col.links']
          .map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', hist.map(u => h('tr', { 'data-kind': u.kind },
          h('td', { 'data-label': t('task.col.when') }, h('div.cell', h('time', { datetime: u.at }, fmtTime(u.at)),
            h('span.visually-hidden', ' ' + t('task.timeZone')))),
          h('td', { 'data-label': t('task.col.unit') }, h('div.cell', vi(unitName(u.unit)))),
          h('td', { 'data-label': t('task.col.who') }, h('div.cell', u.actor)),
          h('td', { 'data-label': t('task.col.what') }, h('div.cell', historyWhat(u))),
          h('td', { 'data-label': t('task.col.note') }, h('div.cell', u.note ? vi(u.note) : t('units.none'))),
          h('td', { 'data-label': t('task.col.links') }, h('div.cell', evidence(u.links))))))))
      : h('p', t('task.noHistory'))));

  if (focusId) {
    const el = document.getElementById(focusId);
    if (el) { el.setAttribute('tabindex', '-1'); el.focus(); }
  }
}

function historyWhat(u) {
  switch (u.kind) {
    case 'progress': return t('hist.progress', { n: u.progress ?? 0 });
    case 'period_report': return t('hist.period_report', { p: u.period || '' });
    case 'report_done': case 'accept': case 'return': case 'evidence': return t('hist.' + u.kind);
    default: return u.kind;
  }
}

function fmtSize(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function evidence(links) {
  const ok = (links || []).filter(l => /^https?:\/\//i.test(l));
  if (!ok.length) return t('units.none');
  return h('ul.evidence', ok.map(l => h('li', h('a', { href: l, rel: 'noopener noreferrer nofollow' }, l))));
}

// ---------------------------------------------------------------- forms

const PERIOD_SHAPE = {
  month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, half_year: /^\d{4}-H[12]$/, year: /^\d{4}$/,
  any: /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/,
};
const PERIOD_EXAMPLE = { month: '2025-07', quarter: '2025-Q3', half_year: '2025-H2', year: '2025' };

function linesOf(s) { return String(s || '').split(/\r?\n/).map(x => x.trim()).filter(Boolean); }

// The unit a form is for: a choice when the user may act for several parts, else fixed text.
function partChooser(parts, idBase) {
  if (parts.length === 1) {
    const p = parts[0];
    return h('div.field.fixed-unit',
      h('input', { type: 'hidden', name: 'unit', value: p.unit.code }),
      h('p', h('span.label', t('task.partUnit') + ': '), vi(p.unit.name)));
  }
  return field({ name: 'unit', label: t('task.partUnit'), attrs: { id: idBase + '-unit' },
    options: parts.map(p => [p.unit.code, `${p.unit.name} (${label('taskrole', p.role)})`]) });
}

function reportForms(env, task) {
  const role = env.session.user.role;
  const recurring = task.deadline_kind === 'recurring';
  const mine = task.parts.filter(p => mayReport(task, p.unit.code));
  const progressParts = recurring ? [] : mine.filter(p => p.state !== 'accepted');
  const doneParts = recurring ? [] : mine.filter(p => p.state === 'open' || p.state === 'returned');
  const periodParts = recurring ? mine : [];
  const national = ['admin', 'standing_office'].includes(role);
  const decider = !!(task.actions && task.actions.decide);
  const waiting = decider ? task.parts.filter(p => p.state === 'reported' &&
    (national || p.unit.code !== env.session.user.unit.code)) : [];
  if (!progressParts.length && !doneParts.length && !periodParts.length && !waiting.length) return null;

  const box = h('section.report-box', { 'aria-labelledby': 'report-title', id: 'reporting' },
    h('h2', { id: 'report-title' }, t('task.reporting')));

  // Sends one write; on success draws the task again from the answer with a message.
  const send = (form, status, path, body, okText) => async () => {
    const btns = form.querySelectorAll('button');
    btns.forEach(b => { b.disabled = true; });
    try {
      const updated = await api('POST', `/tasks/${task.id}/${path}`, body);
      if (!env.ctx.alive()) return;
      render(env, updated, { kind: 'ok', text: okText() }, 'task-status');
    } catch (err) {
      btns.forEach(b => { b.disabled = false; });
      showError(form, status, err);
    }
  };

  if (progressParts.length) {
    const status = h('div.form-status');
    const chooser = partChooser(progressParts, 'progress');
    const pField = field({ name: 'progress', type: 'number', label: t('task.progressField'), hint: t('task.progressHint'),
      value: String(progressParts[0].progress ?? 0), attrs: { id: 'progress-value', min: '0', max: '100', step: '1', inputmode: 'numeric' } });
    const select = chooser.control;
    if (select) select.addEventListener('change', () => {
      const p = progressParts.find(x => x.unit.code === select.value);
      if (p) pField.control.value = String(p.progress ?? 0);
    });
    const form = h('form.task-form', { novalidate: true, id: 'progress-form', 'aria-labelledby': 'progress-title' },
      chooser, pField,
      field({ name: 'note', label: t('task.note'), multiline: 3, attrs: { id: 'progress-note' } }),
      field({ name: 'links', label: t('task.links'), hint: t('task.linksHint'), multiline: 2,
        attrs: { id: 'progress-links', spellcheck: 'false' } }),
      h('div.actions', h('button.primary', { type: 'submit', id: 'progress-submit' }, t('task.saveProgress'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const raw = String(f.get('progress')).trim();
      const body = { unit: f.get('unit'), progress: /^-?\d+$/.test(raw) ? parseInt(raw, 10) : raw };
      if (String(f.get('note')).trim()) body.note = String(f.get('note')).trim();
      const links = linesOf(f.get('links'));
      if (links.length) body.links = links;
      if (raw === '') {
        setFieldError(form, 'progress', t('err.validation_failed.progress'));
        pField.control.focus();
        return;
      }
      send(form, status, 'progress', body, () => t('task.progressSaved', { name: unitName(body.unit) }))();
    });
    box.append(h('section.form-card', h('h3', { id: 'progress-title' }, t('task.progressForm')), status, form));
  }

  if (doneParts.length) {
    const status = h('div.form-status');
    const form = h('form.task-form', { novalidate: true, id: 'done-form', 'aria-labelledby': 'done-title' },
      h('p.hint', t('task.doneIntro', { d: fmtDate(todayVN()) })),
      partChooser(doneParts, 'done'),
      field({ name: 'note', label: t('task.note'), multiline: 3, attrs: { id: 'done-note' } }),
      field({ name: 'links', label: t('task.links'), hint: t('task.linksHint'), multiline: 2,
        attrs: { id: 'done-links', spellcheck: 'false' } }),
      h('div.actions', h('button.primary', { type: 'submit', id: 'done-submit' }, t('task.doneSubmit'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = { unit: f.get('unit') };
      if (String(f.get('note')).trim()) body.note = String(f.get('note')).trim();
      const links = linesOf(f.get('links'));
      if (links.length) body.links = links;
      send(form, status, 'report', body, () => t('task.doneSaved', { name: unitName(body.unit) }))();
    });
    box.append(h('section.form-card', h('h3', { id: 'done-title' }, t('task.doneForm')), status, form));
  }

  if (periodParts.length) {
    const status = h('div.form-status');
    const form = h('form.task-form', { novalidate: true, id: 'period-form', 'aria-labelledby': 'period-title' },
      partChooser(periodParts, 'period'),
      field({ name: 'period', label: t('task.period'), hint: t('task.periodHint'), value: currentPeriod(task.period),
        attrs: { id: 'period-value', spellcheck: 'false', autocapitalize: 'characters' } }),
      field({ name: 'note', label: t('task.note'), multiline: 3, attrs: { id: 'period-note' } }),
      field({ name: 'links', label: t('task.links'), hint: t('task.linksHint'), multiline: 2,
        attrs: { id: 'period-links', spellcheck: 'false' } }),
      h('div.actions', h('button.primary', { type: 'submit', id: 'period-submit' }, t('task.periodSubmit'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = { unit: f.get('unit') };
      const period = String(f.get('period')).trim().toUpperCase();
      // The server takes any short text as a period; check its form here (month, quarter, ...).
      const shape = PERIOD_SHAPE[task.period] || PERIOD_SHAPE.any;
      if (period && !shape.test(period)) {
        status.replaceChildren(notice('error', t('users.fixErrors')));
        setFieldError(form, 'period', t('task.periodBad', {
          p: t('period.' + (task.period || 'unspecified')), ex: PERIOD_EXAMPLE[task.period] || '2025-07, 2025-Q3, 2025-H2, 2025' }));
        form.querySelector('[name="period"]').focus();
        return;
      }
      if (period) body.period = period;
      if (String(f.get('note')).trim()) body.note = String(f.get('note')).trim();
      const links = linesOf(f.get('links'));
      if (links.length) body.links = links;
      send(form, status, 'report', body, () => t('task.periodSaved', {
        p: period || currentPeriod(task.period), name: unitName(body.unit) }))();
    });
    box.append(h('section.form-card', h('h3', { id: 'period-title' }, t('task.periodForm')), status, form));
  }

  if (waiting.length) {
    const status = h('div.form-status');
    const form = h('form.task-form', { novalidate: true, id: 'decide-form', 'aria-labelledby': 'decide-title' },
      h('p.hint', t('task.decideIntro')),
      partChooser(waiting, 'decide'),
      field({ name: 'reason', label: t('task.reasonReturn'), hint: t('task.reasonHint'), multiline: 3, attrs: { id: 'decide-reason' } }),
      h('div.actions',
        h('button.primary', { type: 'submit', value: 'accept', id: 'decide-accept' }, t('task.accept')),
        h('button.danger', { type: 'submit', value: 'return', id: 'decide-return' }, t('task.return'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const action = e.submitter && e.submitter.value === 'return' ? 'return' : 'accept';
      const unit = f.get('unit');
      const reason = String(f.get('reason') || '').trim();
      if (action === 'return' && !reason) {
        status.replaceChildren(notice('error', t('users.fixErrors')));
        setFieldError(form, 'reason', t('task.reasonRequired'));
        form.querySelector('[name="reason"]').focus();
        return;
      }
      const body = action === 'return' ? { unit, reason } : { unit };
      send(form, status, action, body, () => t(action === 'accept' ? 'task.acceptedMsg' : 'task.returnedMsg',
        { name: unitName(unit) }))();
    });
    box.append(h('section.form-card', h('h3', { id: 'decide-title' }, t('task.decideForm')), status, form));
  }
  return box;
}

// ---------------------------------------------------------------- evidence upload

const EVIDENCE_EXT = /\.(pdf|png|jpe?g|docx|xlsx|pptx|odt|ods)$/i;
const EVIDENCE_MAX = 10 * 1024 * 1024;

// One file for one part: checked here for size and extension (the server checks the content),
// sent as the request body, then the task is drawn again (one more request) with the new file.
function uploadForm(env, task, parts) {
  const status = h('div.form-status', { id: 'upload-status' });
  const fileF = field({ name: 'file', type: 'file', label: t('task.uploadFile'), hint: t('task.uploadHint'),
    attrs: { id: 'evidence-file', accept: '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods' } });
  const form = h('form.task-form', { novalidate: true, id: 'upload-form', 'aria-labelledby': 'upload-title' },
    partChooser(parts, 'upload'), fileF,
    h('div.actions', h('button.primary', { type: 'submit', id: 'upload-submit' }, t('task.uploadSubmit'))));
  const fail = (text, onField) => {
    status.replaceChildren(notice('error', text));
    if (onField) { setFieldError(form, 'file', text); fileF.control.focus(); } else {
      const n = status.querySelector('.notice');
      n.setAttribute('tabindex', '-1');
      n.focus();
    }
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.replaceChildren();
    setFieldError(form, null);
    const unit = new FormData(form).get('unit');
    const file = fileF.control.files && fileF.control.files[0];
    if (!file) return fail(t('task.uploadNoFile'), true);
    if (!EVIDENCE_EXT.test(file.name)) return fail(t('task.uploadBadType', { name: file.name }), true);
    if (file.size > EVIDENCE_MAX) return fail(t('task.uploadTooBig', { name: file.name }), true);
    const btn = form.querySelector('#upload-submit');
    btn.disabled = true;
    try {
      await upload(`/tasks/${task.id}/evidence` + qs({ unit, name: file.name }), file);
      const updated = await api('GET', `/tasks/${task.id}`);
      if (!env.ctx.alive()) return;
      render(env, updated, { kind: 'ok', text: t('task.uploaded', { name: file.name, unit: unitName(unit) }) }, 'task-status');
    } catch (err) {
      btn.disabled = false;
      if (err.status === 413 || err.status === 415) fail(t('task.uploadRefused', { msg: err.message }), false);
      else fail(taskErrorText(err), false);
    }
  });
  return h('section.form-card', h('h3', { id: 'upload-title' }, t('task.upload')), status, form);
}
