// Feedback (system 2), the staff side: a unit's backlog sorted by urgency (overdue in red, with
// what escalated from the units below), the handling actions on an item (accept, reject with a
// reason, handle, answer, close, hand down or re-route), and the administrators' pages: routing
// rules, handling time per kind, settings, and the compensatory days of the calendar.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, fmtDate, errorText } from './i18n.js';
import { feedbackRow, fbError, kinds } from './feedback.js';

// What may follow each status (the server checks again: docs/rules.md §9).
const NEXT = {
  received: ['accepted', 'rejected'], accepted: ['in_progress', 'answered'], in_progress: ['answered'],
  answered: ['closed'], rejected: ['closed'], closed: [],
};
const CENTRE = ['admin', 'standing_office'];

// Appended to an item's page for staff in scope.
export function staffPanel(ctx, item) {
  const root = ctx.root;
  const box = h('section.card.fb-staff', { 'aria-labelledby': 'fb-staff-h' }, h('h2', { id: 'fb-staff-h' }, t('fb.staff.title')));
  if (item.contact) {
    const c = item.contact;
    box.append(h('h3', t('fb.contact')), h('dl.fb-facts', { id: 'fb-contact' },
      [['fb.contactName', c.name], ['fb.contactPhone', c.phone], ['fb.contactEmail', c.email], ['fb.contactAddress', c.address]]
        .filter(([, v]) => v).map(([k, v]) => [h('dt', t(k)), h('dd', v)])));
  } else {
    box.append(h('p.meta', t('fb.staff.noContact')));
  }
  if (item.files.length)
    box.append(h('h3', t('fb.files')), h('ul', item.files.map(f => h('li', h('a', { href: f.url, download: f.name }, f.name), h('span.meta', ` (${Math.ceil(f.size / 1024)} KB)`)))));
  if (item.rating_comment) box.append(h('p', t('fb.rateComment') + ': ', h('q', item.rating_comment)));
  const next = NEXT[item.status] || [];
  const status = h('div', { 'aria-live': 'polite' });
  if (next.length) {
    const textField = field({ name: 'text', label: t('fb.staff.text'), hint: t('fb.staff.textHint'), multiline: 4, attrs: { id: 'fb-step-text' } });
    const note = field({ name: 'note', label: t('fb.staff.note'), attrs: { id: 'fb-step-note' } });
    const form = h('form.fb-step', { id: 'fb-step' }, h('h3', t('fb.staff.step')), textField, note,
      h('div.actions', next.map(to => h('button' + (to === 'rejected' ? '.danger' : '.primary'),
        { type: 'submit', name: 'to', value: to, id: `fb-to-${to}` }, t(`fb.to.${to}`)))));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const to = e.submitter ? e.submitter.value : next[0];
      const text = textField.control.value.trim();
      const body = { to };
      if (to === 'rejected') body.reason = text;
      if (to === 'answered') body.answer = text;
      if (note.control.value.trim()) body.note = note.control.value.trim();
      setFieldError(form, null);
      try {
        await api('POST', `/feedback/${item.code}/transition`, body);
        ctx.navigate(location.pathname, { replace: true, flash: { kind: 'ok', text: 'fb.staff.done' } });
      } catch (err) {
        if (err.field === 'answer' || err.field === 'reason') setFieldError(form, 'text', fbError(err));
        status.replaceChildren(notice('error', fbError(err)));
      }
    });
    box.append(form);
  }
  if (['received', 'accepted', 'in_progress'].includes(item.status)) {
    const central = CENTRE.includes(ctx.session.user.role);
    const form = h('form.fb-route', { id: 'fb-route' }, h('h3', t(central ? 'fb.staff.reroute' : 'fb.staff.handDown')),
      field({ name: 'unit', label: t('fb.staff.toUnit'), hint: t(central ? 'fb.staff.rerouteHint' : 'fb.staff.handDownHint'), required: true, attrs: { id: 'fb-route-unit' } }),
      field({ name: 'note', label: t('fb.staff.note'), attrs: { id: 'fb-route-note' } }),
      h('button', { type: 'submit' }, t('fb.staff.routeSend')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const d = new FormData(form);
      try {
        await api('POST', `/feedback/${item.code}/route`, { unit: String(d.get('unit')).trim().toUpperCase(), ...(d.get('note') ? { note: String(d.get('note')) } : {}) });
        ctx.navigate(location.pathname, { replace: true, flash: { kind: 'ok', text: 'fb.staff.routed' } });
      } catch (err) { setFieldError(form, 'unit', fbError(err)); status.replaceChildren(notice('error', fbError(err))); }
    });
    box.append(form);
  }
  box.append(status);
  root.append(box);
}

// ---- the backlog ----

export async function feedbackBacklogView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('fb.backlog.title'));
  const me = ctx.session.user;
  const unit = ctx.query.get('unit') || (me.unit && me.unit.code) || '';
  const scope = ctx.query.get('scope') || 'unit';
  const overdue = ctx.query.get('overdue') === '1';
  root.append(h('h1', { tabindex: '-1' }, t('fb.backlog.title')));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  if (CENTRE.includes(me.role)) root.append(h('p', h('a', { href: '/feedback/admin', id: 'fb-admin-link' }, t('fb.admin.title'))));
  const form = h('form.filters',
    field({ name: 'unit', label: t('fb.backlog.unit'), value: unit, attrs: { id: 'fb-backlog-unit' } }),
    field({ name: 'scope', label: t('fb.backlog.scope'), value: scope, options: [['unit', t('fb.backlog.scopeUnit')], ['subtree', t('fb.backlog.scopeSubtree')]], attrs: { id: 'fb-backlog-scope' } }),
    h('div.field.check', h('label', h('input', { type: 'checkbox', name: 'overdue', value: '1', checked: overdue, id: 'fb-backlog-overdue' }), t('fb.backlog.overdueOnly'))),
    h('button', { type: 'submit' }, t('fb.backlog.show')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const d = new FormData(form);
    ctx.navigate('/feedback/backlog' + qs({ unit: String(d.get('unit') || '').trim().toUpperCase(), scope: d.get('scope'), overdue: d.get('overdue') ? '1' : '' }));
  });
  root.append(form, h('p.hint', t('fb.backlog.order')));
  let page;
  try {
    page = await api('GET', '/feedback/backlog' + qs({ unit, scope, overdue: overdue ? '1' : '', limit: 100, cursor: ctx.query.get('cursor') }));
  } catch (e) {
    if (ctx.alive()) root.append(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  if (!page.items.length) { root.append(h('p', { id: 'fb-backlog-empty' }, t('fb.backlog.empty'))); return; }
  const nOver = page.items.filter(i => i.overdue).length;
  if (nOver) root.append(notice('error', t('fb.backlog.overdueCount', { n: nOver })));
  root.append(h('ul.fb-list', { id: 'fb-backlog' }, page.items.map(i => {
    const li = feedbackRow(i, `/feedback/follow/${i.code}`);
    if (i.escalated_to && i.unit.code !== unit) li.append(h('p.meta', t('fb.backlog.escalatedFrom', { unit: i.unit.name })));
    return li;
  })));
  if (page.next_cursor) root.append(h('p', h('a', { href: '/feedback/backlog' + qs({ unit, scope, overdue: overdue ? '1' : '', cursor: page.next_cursor }) }, t('fb.more'))));
}

// ---- administration ----

export async function feedbackAdminView(ctx) {
  const root = ctx.root;
  const admin = ctx.session.user.role === 'admin';
  ctx.setTitle(t('fb.admin.title'));
  root.append(h('h1', { tabindex: '-1' }, t('fb.admin.title')));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  const status = h('div', { 'aria-live': 'polite' });
  root.append(status);
  const fail = err => status.replaceChildren(notice('error', fbError(err)));
  const reload = key => ctx.navigate(location.pathname, { replace: true, flash: { kind: 'ok', text: key } });
  let rules, k, days;
  const year = new Date().getFullYear();
  try {
    [rules, k, days] = await Promise.all([api('GET', '/feedback/routing'), kinds(), api('GET', `/calendar/days?year=${year}`)]);
  } catch (e) { if (ctx.alive()) fail(e); return; }
  if (!ctx.alive()) return;

  // Routing rules.
  const fieldName = c => (k.fields.find(f => f.code === c) || {}).name || c;
  root.append(h('h2', t('fb.admin.rules')), h('p.hint', t('fb.admin.rulesHint')));
  root.append(rules.items.length ? h('div.table-scroll', h('table', { id: 'fb-rules' },
    h('thead', h('tr', ['fb.kind', 'fb.field', 'fb.unit', 'fb.admin.target', 'fb.admin.position', ''].map(c => h('th', { scope: 'col' }, c ? t(c) : '')))),
    h('tbody', rules.items.map(r => h('tr',
      h('td', r.kind ? label('fbkind', r.kind) : t('fb.admin.any')), h('td', r.field ? fieldName(r.field) : t('fb.admin.any')),
      h('td', r.concerns ? r.concerns.name : t('fb.admin.any')), h('td', r.target.name), h('td', r.position),
      h('td', h('button.small', { type: 'button', onclick: async () => {
        try { await api('DELETE', `/feedback/routing/${r.id}`); reload('fb.admin.deleted'); } catch (e) { fail(e); }
      } }, t('fb.admin.delete')))))))) : h('p', t('fb.admin.noRules')));
  const ruleForm = h('form', { id: 'fb-rule-form' },
    field({ name: 'kind', label: t('fb.kind'), options: [['', t('fb.admin.any')], ...k.items.map(x => [x.code, label('fbkind', x.code)])] }),
    field({ name: 'field', label: t('fb.field'), options: [['', t('fb.admin.any')], ...k.fields.map(f => [f.code, f.name])] }),
    field({ name: 'concerns', label: t('fb.admin.concerns'), hint: t('fb.unitHint') }),
    field({ name: 'target', label: t('fb.admin.target'), required: true, attrs: { id: 'fb-rule-target' } }),
    field({ name: 'position', label: t('fb.admin.position'), type: 'number', value: '100' }),
    h('button.primary', { type: 'submit' }, t('fb.admin.addRule')));
  ruleForm.addEventListener('submit', async e => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(ruleForm));
    const body = { target: String(d.target).trim().toUpperCase(), position: Number(d.position || 100) };
    if (d.kind) body.kind = d.kind;
    if (d.field) body.field = d.field;
    if (String(d.concerns).trim()) body.concerns = String(d.concerns).trim().toUpperCase();
    setFieldError(ruleForm, null);
    try { await api('POST', '/feedback/routing', body); reload('fb.admin.saved'); } catch (err) { setFieldError(ruleForm, err.field, fbError(err)); fail(err); }
  });
  root.append(h('details', h('summary', t('fb.admin.addRule')), ruleForm));

  // Handling time per kind (administrator).
  root.append(h('h2', t('fb.admin.kinds')));
  const kindForm = h('form', { id: 'fb-kinds-form' }, k.items.map(x =>
    field({ name: x.code, label: label('fbkind', x.code), type: 'number', value: String(x.days), hint: t('fb.admin.daysHint'),
      attrs: { min: 1, max: 365, disabled: !admin } })),
  admin ? h('button.primary', { type: 'submit' }, t('fb.admin.save')) : null);
  kindForm.addEventListener('submit', async e => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(kindForm));
    try {
      for (const x of k.items) if (Number(d[x.code]) !== x.days) await api('PATCH', `/feedback/kinds/${x.code}`, { days: Number(d[x.code]) });
      reload('fb.admin.saved');
    } catch (err) { fail(err); }
  });
  root.append(kindForm);

  // Settings: the default unit and the rate limit (administrator).
  let settings = null;
  try { settings = await api('GET', '/feedback/settings'); } catch (e) { fail(e); }
  if (!ctx.alive()) return;
  if (settings) {
    root.append(h('h2', t('fb.admin.settings')));
    const setForm = h('form', { id: 'fb-settings-form' },
      field({ name: 'default_unit', label: t('fb.admin.defaultUnit'), hint: t('fb.admin.defaultUnitHint'), value: settings.default_unit,
        attrs: { id: 'fb-default-unit', disabled: !admin } }),
      field({ name: 'max_per_address', label: t('fb.admin.maxPerAddress'), type: 'number', value: String(settings.max_per_address),
        attrs: { id: 'fb-max', min: 1, disabled: !admin } }),
      admin ? h('button.primary', { type: 'submit' }, t('fb.admin.save')) : null);
    setForm.addEventListener('submit', async e => {
      e.preventDefault();
      const d = Object.fromEntries(new FormData(setForm));
      setFieldError(setForm, null);
      try {
        await api('PATCH', '/feedback/settings', { default_unit: String(d.default_unit).trim().toUpperCase(), max_per_address: Number(d.max_per_address) });
        reload('fb.admin.saved');
      } catch (err) { setFieldError(setForm, err.field, fbError(err)); fail(err); }
    });
    root.append(setForm);
  }

  // Compensatory days (administrator).
  root.append(h('h2', t('fb.admin.calendar', { year })), h('p.hint', t('fb.admin.calendarHint')));
  root.append(h('ul', { id: 'fb-days-off' }, days.days_off.map(d => h('li', `${fmtDate(d.date)} — ${d.name}`))));
  if (days.changes.length) root.append(h('h3', t('fb.admin.changes')), h('ul', { id: 'fb-changes' }, days.changes.map(d => h('li',
    `${fmtDate(d.date)} — ${d.name} (${t(d.working ? 'fb.admin.working' : 'fb.admin.off')}) `,
    admin ? h('button.small', { type: 'button', onclick: async () => {
      try { await api('DELETE', `/calendar/days/${d.date}`); reload('fb.admin.deleted'); } catch (e) { fail(e); }
    } }, t('fb.admin.delete')) : null))));
  if (admin) {
    const dayForm = h('form', { id: 'fb-day-form' },
      field({ name: 'date', label: t('fb.admin.date'), type: 'date', required: true, attrs: { id: 'fb-day-date' } }),
      field({ name: 'name', label: t('fb.admin.dayName'), required: true, attrs: { id: 'fb-day-name' } }),
      field({ name: 'working', label: t('fb.admin.dayKind'), options: [['false', t('fb.admin.off')], ['true', t('fb.admin.working')]], attrs: { id: 'fb-day-kind' } }),
      h('button.primary', { type: 'submit' }, t('fb.admin.addDay')));
    dayForm.addEventListener('submit', async e => {
      e.preventDefault();
      const d = Object.fromEntries(new FormData(dayForm));
      setFieldError(dayForm, null);
      try { await api('PUT', `/calendar/days/${d.date}`, { name: String(d.name).trim(), working: d.working === 'true' }); reload('fb.admin.saved'); } catch (err) { setFieldError(dayForm, err.field, fbError(err)); fail(err); }
    });
    root.append(dayForm);
  }
}

