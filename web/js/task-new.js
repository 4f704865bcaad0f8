// A new task (/tasks/new, the standing office and admins) or a sub-task (/tasks/new?parent=ID,
// a leader whose unit leads the parent, or the centre). The deadline is written as the document
// writes it; the server reads it and the new task's page shows the reading, or the form shows why
// it could not be read.
import { api, qs } from './api.js';
import { h, field, notice } from './dom.js';
import { t, fmtDate } from './i18n.js';
import {
  GROUPS, BLOCKS, CRITERIA, CENTRE, groupLabel, tagLabel, deadlineReading, deadlineWhy, learn, showError,
  taskErrorText, taskTabs, vi,
} from './tasks-common.js';

export async function taskNewView(ctx) {
  const session = ctx.session;
  const parentId = /^\d+$/.test(ctx.query.get('parent') || '') ? ctx.query.get('parent') : '';
  const root = ctx.root;
  const title = t(parentId ? 'new.subTitle' : 'new.title');
  ctx.setTitle(title);
  if (!parentId) root.append(taskTabs(ctx, 'new', {}));
  root.append(h('h1', { tabindex: '-1' }, title));

  if (!parentId && !CENTRE.includes(session.user.role)) {
    root.append(notice('error', t('new.forbidden')), h('p', h('a', { href: '/tasks' }, t('task.backToList'))));
    return;
  }

  // One request: the parent task (for a sub-task) or the documents (for a top-level task).
  let parent = null;
  let docs = [];
  try {
    if (parentId) parent = await api('GET', `/tasks/${parentId}`);
    else docs = (await api('GET', '/documents' + qs({ limit: 500 }))).items || [];
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(notice('error', taskErrorText(e)), h('p', h('a', { href: '/tasks' }, t('task.backToList'))));
    return;
  }
  if (!ctx.alive()) return;
  if (parent) {
    for (const p of parent.parts) learn(p.unit.code, p.unit.name);
    root.append(h('p.parent-line', t('new.parentIntro'), ' ', h('a', { href: `/tasks/${parent.id}` }, vi(parent.title))),
      h('p.hint', t('new.subIntro')));
  }

  const status = h('div.form-status', { id: 'new-status' });
  const leadF = field({ name: 'lead', label: t('new.lead'), hint: t('new.unitsHint'), required: true,
    attrs: { id: 'new-lead', spellcheck: 'false', autocapitalize: 'characters' } });
  const coordF = field({ name: 'coordinators', label: `${t('new.coordinators')} ${t('units.optional')}`,
    hint: t('new.unitsHint'), attrs: { id: 'new-coordinators', spellcheck: 'false', autocapitalize: 'characters' } });
  const docOptions = [['', t('new.documentNone')], ...docs.map(d => [String(d.id), [d.number || d.kind, d.date ? fmtDate(d.date) : null, d.title].filter(Boolean).join(' — ')])];

  const form = h('form.task-form.new-task', { novalidate: true, id: 'new-task' },
    field({ name: 'title', label: t('new.titleField'), required: true, attrs: { id: 'new-title', maxlength: '300' } }),
    leadF, coordF, unitFinder(leadF.control, coordF.control),
    deadlinePreview(field({ name: 'deadline_text', label: t('new.deadlineText'), hint: t('new.deadlineHint'), attrs: { id: 'new-deadline' } })),
    h('div.two-cols',
      field({ name: 'due', type: 'date', label: `${t('new.due')} ${t('units.optional')}`, hint: t('new.dueHint'), attrs: { id: 'new-due' } }),
      field({ name: 'start_date', type: 'date', label: `${t('new.startDate')} ${t('units.optional')}`, hint: t('new.startHint'), attrs: { id: 'new-start' } })),
    parent ? null : field({ name: 'document', label: t('new.document'), options: docOptions, value: '', attrs: { id: 'new-document' } }),
    h('div.two-cols',
      field({ name: 'section', label: `${t('new.section')} ${t('units.optional')}`, hint: t('new.sectionHint'), attrs: { id: 'new-section', maxlength: '32' } }),
      parent ? null : field({ name: 'task_group', label: t('task.group'), value: '', attrs: { id: 'new-group' },
        options: [['', t('new.groupNone')], ...GROUPS.map(g => [String(g), groupLabel(g)])] })),
    field({ name: 'text', label: `${t('new.text')} ${t('units.optional')}`, multiline: 4, attrs: { id: 'new-text' } }),
    field({ name: 'expected_output', label: `${t('new.output')} ${t('units.optional')}`, multiline: 2, attrs: { id: 'new-output' } }),
    h('div.two-cols',
      field({ name: 'block', label: t('new.block'), value: '', attrs: { id: 'new-block' },
        options: [['', t('new.none')], ...BLOCKS.map(b => [b, tagLabel('block', b)])] }),
      field({ name: 'criteria', label: t('new.criteria'), value: '', attrs: { id: 'new-criteria' },
        options: [['', t('new.none')], ...CRITERIA.map(c => [c, tagLabel('criteria', c)])] })),
    h('div.actions',
      h('button.primary', { type: 'submit', id: 'new-submit' }, t('new.submit')),
      h('a.button', { href: parent ? `/tasks/${parent.id}` : '/tasks' }, t('new.cancel'))));

  const codes = (s) => String(s || '').split(/[\s,;]+/).map(x => x.trim()).filter(Boolean);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = { title: String(f.get('title')).trim(), lead: codes(f.get('lead')) };
    const coord = codes(f.get('coordinators'));
    if (coord.length) body.coordinators = coord;
    for (const k of ['deadline_text', 'due', 'start_date', 'section', 'text', 'expected_output', 'block', 'criteria']) {
      const v = String(f.get(k) || '').trim();
      if (v) body[k] = v;
    }
    for (const k of ['document', 'task_group']) if (f.get(k)) body[k] = parseInt(f.get(k), 10);
    if (parent) body.parent = parent.id;
    const btn = form.querySelector('#new-submit');
    btn.disabled = true;
    try {
      const created = await api('POST', '/tasks', body);
      ctx.navigate(`/tasks/${created.id}`, { flash: { kind: 'ok', text: 'new.created',
        params: { reading: deadlineReading(created, created.combined && created.combined.verdict) } } });
    } catch (err) {
      btn.disabled = false;
      showError(form, status, err);
    }
  });
  root.append(status, form);
}

// Looks unit codes up by name and adds them to the lead or coordinating field with a button.
function unitFinder(leadInput, coordInput) {
  const out = h('ul.finder-results', { 'aria-label': t('new.finderResults') });
  const live = h('p.visually-hidden', { role: 'status' });
  const f = field({ name: 'finder', type: 'search', label: t('new.finder'), hint: t('new.finderHint'),
    attrs: { id: 'new-finder' } });
  let timer = null;
  let seq = 0;
  const add = (input, code) => {
    const list = input.value.split(/[\s,;]+/).filter(Boolean);
    if (!list.includes(code)) list.push(code);
    input.value = list.join(', ');
    live.textContent = t('new.added', { code });
  };
  f.control.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  f.control.addEventListener('input', () => {
    clearTimeout(timer);
    const q = f.control.value.trim();
    if (q.length < 2) { out.replaceChildren(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      let r;
      try { r = await api('GET', '/units' + qs({ q, limit: 8 })); } catch (e) {
        if (mine === seq) out.replaceChildren(h('li', taskErrorText(e)));
        return;
      }
      if (mine !== seq) return;
      out.replaceChildren(...(r.items || []).map(u => {
        learn(u.code, u.name);
        return h('li', h('span.finder-name', vi(u.name), ' ', h('span.meta', u.code)), ' ',
          h('span.actions',
            h('button.small', { type: 'button', 'aria-label': t('new.addLeadLabel', { name: u.name }),
              onclick: () => add(leadInput, u.code) }, t('new.addLead')),
            h('button.small', { type: 'button', 'aria-label': t('new.addCoordLabel', { name: u.name }),
              onclick: () => add(coordInput, u.code) }, t('new.addCoord'))));
      }));
      live.textContent = t('units.searchCount', { n: (r.items || []).length });
    }, 250);
  });
  return h('div.finder', f, live, out);
}

// Shows, as the user types, how the server will read the deadline (GET /deadlines/read,
// debounced; only the latest answer is shown). The line is a polite live region.
function deadlinePreview(wrap) {
  const input = wrap.control;
  const out = h('p.deadline-preview', { id: 'deadline-preview', role: 'status', 'aria-live': 'polite' },
    h('span.label', t('new.deadlinePreview') + ': '), h('span.preview-text', t('new.previewEmpty')));
  const text = out.querySelector('.preview-text');
  input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') + ' deadline-preview').trim());
  let timer = null;
  let seq = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const v = input.value.trim();
    if (!v) { seq++; text.textContent = t('new.previewEmpty'); out.dataset.kind = ''; return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      let r;
      try { r = await api('GET', '/deadlines/read' + qs({ text: v })); } catch (e) {
        if (mine === seq) { text.textContent = taskErrorText(e); out.dataset.kind = 'error'; }
        return;
      }
      if (mine !== seq) return;
      out.dataset.kind = r.kind;
      if (r.kind === 'date' && r.due) text.textContent = t('new.previewDue', { d: fmtDate(r.due) });
      else if (r.kind === 'recurring') text.textContent = deadlineReading({ deadline_kind: 'recurring', period: r.period, on_demand: r.on_demand }, null);
      else if (r.kind === 'unreadable') text.textContent = t('new.previewUnreadable', { r: deadlineWhy(r.reason || '') });
      else text.textContent = r.on_demand ? t('deadline.onDemandOnly') : t('new.previewNone');
    }, 300);
  });
  wrap.append(out);
  return wrap;
}
