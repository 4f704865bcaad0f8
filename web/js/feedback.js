// Feedback, petitions, initiatives and solutions (system 2), the public side: made for a phone.
// Anyone submits without an account and gets a tracking code; with the code they follow every
// step, read the answer and rate it; the public list and the statistics per unit. Staff who open
// an item also get the handling actions (feedback-staff.js). Never shows personal data unless
// the server sends it (only to the handlers of the unit concerned).
import { api, qs, upload } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, fmtDate, errorText } from './i18n.js';

export const STAFF = ['admin', 'standing_office', 'leader', 'handler'];

// Errors of the feedback forms: the feedback's own Vietnamese sentences by field first.
export function fbError(e) {
  const own = e.field ? t(`fb.err.${e.field}`) : null;
  if (e.code === 'rate_limited') return t('fb.err.rate_limited', { min: Math.ceil((e.retryAfter || 60) / 60) });
  if (e.code === 'unsupported_media_type') return t('fb.err.file');
  if (e.code === 'payload_too_large') return t('fb.err.tooBig');
  if (e.status === 400 && own && own !== `fb.err.${e.field}`) return own;
  return errorText(e);
}

// The links between the public pages (signed out, the header carries them already).
function publicNav(current, session) {
  if (!session) return document.createDocumentFragment();
  const links = [['/feedback/new', 'fb.nav.submit'], ['/feedback/follow', 'fb.nav.follow'], ['/feedback', 'fb.nav.public']];
  return h('nav.fb-nav', { 'aria-label': t('fb.nav.label') },
    h('ul', links.map(([href, key]) => h('li', h('a', { href, 'aria-current': href === current ? 'page' : null }, t(key))))));
}

export function statusBadge(item) {
  return h(`span.fb-status.fb-status-${item.overdue ? 'overdue' : item.status}`,
    label('fbstatus', item.status) + (item.overdue ? ` · ${t('fb.overdueDays', { n: item.days_overdue })}` : ''));
}

let kindsCache = null;
export async function kinds() {
  if (!kindsCache) kindsCache = await api('GET', '/feedback/kinds');
  return kindsCache;
}

// ---- submit ----

export async function feedbackNewView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('fb.new.title'));
  root.classList.add('fb-page');
  root.append(publicNav('/feedback/new', ctx.session), h('h1', { tabindex: '-1' }, t('fb.new.title')), h('p.intro', t('fb.new.intro')));
  const k = await kinds();
  if (!ctx.alive()) return;
  const kindOpts = k.items.map(x => [x.code, `${label('fbkind', x.code)} — ${t('fb.daysToAnswer', { n: x.days })}`]);
  const fieldOpts = [['', t('fb.choose')], ...k.fields.map(f => [f.code, f.name])];
  const kindField = field({ name: 'kind', label: t('fb.kind'), options: kindOpts, value: ctx.query.get('kind') || 'phan_anh', required: true, attrs: { id: 'fb-kind' } });
  const contactNote = h('p.hint', { id: 'fb-contact-note' });
  const fileInput = h('input', { type: 'file', id: 'fb-files', name: 'files', multiple: true,
    accept: '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods', 'aria-describedby': 'fb-files-hint' });
  const form = h('form.fb-form', { novalidate: true },
    kindField,
    field({ name: 'field', label: t('fb.field'), options: fieldOpts, required: true, attrs: { id: 'fb-field' } }),
    field({ name: 'title', label: t('fb.titleLabel'), required: true, attrs: { id: 'fb-title', maxlength: 300 } }),
    field({ name: 'content', label: t('fb.content'), hint: t('fb.contentHint'), multiline: 6, required: true, attrs: { id: 'fb-content' } }),
    field({ name: 'unit', label: t('fb.unit'), hint: t('fb.unitHint'), attrs: { id: 'fb-unit', autocapitalize: 'characters' } }),
    h('div.field', h('label', { for: 'fb-files' }, t('fb.files')), fileInput,
      h('p.hint', { id: 'fb-files-hint' }, t('fb.filesHint'))),
    h('fieldset.fb-contact', h('legend', t('fb.contact')), contactNote,
      field({ name: 'contact_name', label: t('fb.contactName'), autocomplete: 'name', attrs: { id: 'fb-name' } }),
      field({ name: 'contact_phone', label: t('fb.contactPhone'), type: 'tel', autocomplete: 'tel', attrs: { id: 'fb-phone', inputmode: 'tel' } }),
      field({ name: 'contact_email', label: t('fb.contactEmail'), type: 'email', autocomplete: 'email', attrs: { id: 'fb-email' } }),
      field({ name: 'contact_address', label: t('fb.contactAddress'), autocomplete: 'street-address', attrs: { id: 'fb-address' } })),
    h('p.hint', t('fb.privacy')),
    h('div.actions', h('button.primary', { type: 'submit', id: 'fb-send' }, t('fb.send'))));
  const status = h('div', { 'aria-live': 'polite' });
  const updateContact = () => {
    const kind = k.items.find(x => x.code === kindField.control.value);
    contactNote.textContent = kind && kind.contact_required ? t('fb.contactRequired') : t('fb.contactOptional');
  };
  kindField.control.addEventListener('change', updateContact);
  updateContact();
  form.addEventListener('submit', async e => {
    e.preventDefault();
    setFieldError(form, null);
    status.replaceChildren();
    const data = Object.fromEntries(new FormData(form));
    delete data.files;
    const body = {};
    for (const [key, v] of Object.entries(data)) if (String(v).trim()) body[key] = String(v).trim();
    if (body.unit) body.unit = body.unit.toUpperCase();
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    let item;
    try {
      item = await api('POST', '/feedback', body);
    } catch (err) {
      btn.disabled = false;
      if (err.field && form.querySelector(`[name="${err.field}"]`)) {
        setFieldError(form, err.field, fbError(err));
        form.querySelector(`[name="${err.field}"]`).focus();
      }
      status.append(notice('error', fbError(err)));
      return;
    }
    // Attachments go after the submission, under its code.
    const failed = [];
    for (const f of fileInput.files) {
      try { await upload(`/feedback/${item.code}/files?name=${encodeURIComponent(f.name)}`, f); } catch (err) { failed.push(`${f.name}: ${fbError(err)}`); }
    }
    try { sessionStorage.setItem('nq57.fb.failed', JSON.stringify(failed)); } catch { /* ignore */ }
    ctx.navigate(`/feedback/follow/${item.code}`, { flash: { kind: 'ok', text: 'fb.sent', params: { code: item.code } } });
  });
  root.append(status, form);
}

// ---- follow by code ----

export async function feedbackFollowView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('fb.follow.title'));
  root.classList.add('fb-page');
  root.append(publicNav('/feedback/follow', ctx.session), h('h1', { tabindex: '-1' }, t('fb.follow.title')));
  const form = h('form.fb-follow', { role: 'search' },
    field({ name: 'code', label: t('fb.code'), hint: t('fb.codeHint'),
      attrs: { id: 'fb-code', autocapitalize: 'characters', spellcheck: 'false', inputmode: 'text' } }),
    h('button.primary', { type: 'submit', id: 'fb-follow' }, t('fb.followButton')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const code = String(new FormData(form).get('code') || '').trim().toUpperCase().replace(/[\s-]/g, '');
    if (!/^[2-9A-HJKMNP-Z]{9}$/.test(code)) { setFieldError(form, 'code', t('fb.err.code')); return; }
    ctx.navigate(`/feedback/follow/${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`);
  });
  root.append(form);
}

function historyList(item, staff) {
  return h('ol.fb-history', item.history.map(ev => h('li',
    h('span.fb-when', new Date(ev.at).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })),
    ' ', h('strong', label('fbaction', ev.action)),
    ev.unit ? [' — ', ev.unit.name] : null,
    staff && ev.actor ? h('span.meta', ` (${ev.actor})`) : null,
    ev.note ? h('div.meta', ev.note) : null)));
}

function facts(item) {
  const rows = [
    ['fb.kind', label('fbkind', item.kind)], ['fb.field', item.field_name],
    ['fb.status', statusBadge(item)], ['fb.handler', item.unit.name],
    item.concerns ? ['fb.unit', item.concerns.name] : null,
    ['fb.received', fmtDate(item.received_on)], ['fb.due', fmtDate(item.due)],
    item.answered_on ? ['fb.answeredOn', fmtDate(item.answered_on) + (item.on_time === false ? ` (${t('fb.late')})` : '')] : null,
    item.days_taken !== null ? ['fb.taken', t('fb.workingDays', { n: item.days_taken })] : null,
    item.escalated_to ? ['fb.escalated', item.escalated_to.name] : null,
    item.duplicate_of ? ['fb.duplicateOf', h('a', { href: `/feedback/follow/${item.duplicate_of}` }, item.duplicate_of)] : null,
  ].filter(Boolean);
  return h('dl.fb-facts', { id: 'fb-facts' }, rows.map(([k, v]) => [h('dt', t(k)), h('dd', v)]));
}

export async function feedbackItemView(ctx) {
  const root = ctx.root;
  root.classList.add('fb-page');
  const code = ctx.params[0];
  ctx.setTitle(`${t('fb.follow.title')} ${code}`);
  root.append(publicNav('/feedback/follow', ctx.session));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  let failed = [];
  try { failed = JSON.parse(sessionStorage.getItem('nq57.fb.failed') || '[]'); sessionStorage.removeItem('nq57.fb.failed'); } catch { /* ignore */ }
  for (const f of failed) root.append(notice('error', f));
  let item;
  try {
    item = await api('GET', `/feedback/${encodeURIComponent(code)}`);
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(h('h1', { tabindex: '-1' }, t('fb.follow.title')), notice('error', e.status === 404 ? t('fb.err.notFound') : errorText(e)),
      h('p', h('a', { href: '/feedback/follow' }, t('fb.followAnother'))));
    return;
  }
  if (!ctx.alive()) return;
  const staff = !!(ctx.session && STAFF.includes(ctx.session.user.role) && item.files);
  root.append(
    h('p.fb-code-line', t('fb.code') + ': ', h('strong.fb-code', { id: 'fb-item-code' }, item.code)),
    h('h1', { tabindex: '-1', lang: 'vi' }, item.title),
    facts(item),
    h('h2', t('fb.contentHeading')), h('p.fb-content', { lang: 'vi' }, item.content));
  if (item.answer) root.append(h('h2', t('fb.answer')), h('p.fb-answer', { id: 'fb-answer', lang: 'vi' }, item.answer));
  if (item.reason) root.append(h('h2', t('fb.reason')), h('p.fb-answer', { lang: 'vi' }, item.reason));
  root.append(h('h2', t('fb.history')), historyList(item, staff));
  if (item.rating) {
    root.append(h('p', { id: 'fb-rated' }, t('fb.rated', { n: item.rating })));
  } else if (item.status === 'answered' || item.status === 'closed') {
    root.append(ratingForm(ctx, item));
  }
  if (staff) {
    const m = await import('./feedback-staff.js');
    if (ctx.alive()) m.staffPanel(ctx, item);
  }
}

function ratingForm(ctx, item) {
  const opts = [5, 4, 3, 2, 1].map(n => h('label.fb-star', h('input', { type: 'radio', name: 'rating', value: String(n), required: true }), ` ${n} — ${t(`fb.rating${n}`)}`));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form.fb-rate', { id: 'fb-rate' },
    h('fieldset', h('legend', t('fb.rateTitle')), opts),
    field({ name: 'comment', label: t('fb.rateComment'), multiline: 2, attrs: { id: 'fb-rate-comment' } }),
    h('button.primary', { type: 'submit' }, t('fb.rateSend')), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const d = new FormData(form);
    if (!d.get('rating')) { status.replaceChildren(notice('error', t('fb.err.rating'))); return; }
    try {
      await api('POST', `/feedback/${item.code}/rating`, { rating: Number(d.get('rating')), ...(d.get('comment') ? { comment: String(d.get('comment')) } : {}) });
      ctx.navigate(location.pathname, { replace: true, flash: { kind: 'ok', text: 'fb.thanks' } });
    } catch (err) { status.replaceChildren(notice('error', fbError(err))); }
  });
  return form;
}

// ---- public list and statistics ----

export function feedbackRow(item, href) {
  return h('li.fb-item' + (item.overdue ? '.fb-overdue' : ''),
    h('a', { href }, h('span.fb-item-title', { lang: 'vi' }, item.title)),
    h('div.fb-item-meta', statusBadge(item), ' ', h('span', label('fbkind', item.kind)), ' · ', h('span', item.unit.name),
      ' · ', h('span', `${t('fb.due')} ${fmtDate(item.due)}`)),
    item.answer ? h('p.fb-item-answer', { lang: 'vi' }, item.answer) : null);
}

export async function feedbackPublicView(ctx) {
  const root = ctx.root;
  root.classList.add('fb-page');
  ctx.setTitle(t('fb.public.title'));
  root.append(publicNav('/feedback', ctx.session), h('h1', { tabindex: '-1' }, t('fb.public.title')));
  const q = ctx.query.get('q') || '', unit = ctx.query.get('unit') || '';
  const form = h('form.filters', { role: 'search' },
    field({ name: 'q', type: 'search', label: t('fb.search'), value: q, attrs: { id: 'fb-q' } }),
    field({ name: 'unit', label: t('fb.unitFilter'), value: unit, attrs: { id: 'fb-unit-filter' } }),
    h('button', { type: 'submit' }, t('docs.find')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const d = new FormData(form);
    ctx.navigate('/feedback' + qs({ q: String(d.get('q') || '').trim(), unit: String(d.get('unit') || '').trim().toUpperCase() }));
  });
  root.append(form);
  let list, stats;
  try {
    [list, stats] = await Promise.all([
      api('GET', '/feedback' + qs({ q, unit, limit: 20, cursor: ctx.query.get('cursor') })),
      api('GET', '/feedback/stats' + qs({ unit })),
    ]);
  } catch (e) {
    if (ctx.alive()) root.append(notice('error', fbError(e)));
    return;
  }
  if (!ctx.alive()) return;
  root.append(h('h2', t('fb.stats')), statsTable(stats));
  root.append(h('h2', t('fb.public.list')));
  if (!list.items.length) root.append(h('p', t('fb.none')));
  else root.append(h('ul.fb-list', { id: 'fb-public-list' }, list.items.map(i => feedbackRow(i, `/feedback/follow/${i.code}`))));
  if (list.next_cursor) root.append(h('p', h('a', { href: '/feedback' + qs({ q, unit, cursor: list.next_cursor }) }, t('fb.more'))));
}

function statsTable(s) {
  const num = v => (v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10));
  const cols = ['fb.st.unit', 'fb.st.received', 'fb.st.answered', 'fb.st.onTime', 'fb.st.overdue', 'fb.st.avg'];
  const row = (name, x) => h('tr', h('th', { scope: 'row' }, name), h('td', x.received), h('td', x.answered),
    h('td', x.answered_on_time), h('td' + (x.overdue ? '.fb-red' : ''), x.overdue), h('td', num(x.average_days)));
  return h('div.table-scroll', h('table.fb-stats', { id: 'fb-stats' },
    h('caption.visually-hidden', t('fb.stats')),
    h('thead', h('tr', cols.map(c => h('th', { scope: 'col' }, t(c))))),
    h('tbody', s.items.map(x => row(x.name, x))),
    h('tfoot', row(t('fb.st.total'), s.total))));
}
