// Documents: the programme's documents and their cascade (a resolution, the plans that implement
// it, the letters that relay them), searchable without diacritics; the standing office
// registers new ones. One JSON request per view.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, fmtDate, errorText } from './i18n.js';

const CENTRE = ['admin', 'standing_office'];
const KINDS = ['nghị quyết', 'kết luận', 'thông báo', 'kế hoạch', 'chương trình hành động',
  'công văn', 'hướng dẫn', 'quyết định', 'chỉ thị', 'quy chế'];

function docTitle(d) {
  return (d.number ? d.number + ' — ' : '') + d.title;
}

function docLink(d) {
  return h('a', { href: `/documents/${d.id}`, lang: 'vi' }, docTitle(d));
}

export async function documentsView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('docs.title'));
  const q = ctx.query.get('q') || '';
  root.append(h('h1', { tabindex: '-1' }, t('docs.title')));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  const form = h('form.filters', { role: 'search', 'aria-label': t('docs.search') },
    field({ name: 'q', type: 'search', label: t('docs.search'), hint: t('docs.searchHint'), value: q,
      attrs: { id: 'docs-q' } }),
    h('button', { type: 'submit' }, t('docs.find')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = String(new FormData(form).get('q') || '').trim();
    ctx.navigate('/documents' + qs(v ? { q: v } : {}));
  });
  root.append(form);
  if (CENTRE.includes(ctx.session.user.role))
    root.append(h('p', h('a.button', { href: '/documents/new', id: 'docs-new' }, t('docs.register'))));
  let list;
  try {
    list = (await api('GET', '/documents' + qs(q ? { q } : {}))).items;
  } catch (e) {
    if (ctx.alive()) root.append(notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  if (!list.length) { root.append(h('p', t('docs.none'))); return; }
  root.append(h('table.docs',
    h('caption.visually-hidden', t('docs.title')),
    h('thead', h('tr', ['docs.number', 'docs.kind', 'docs.doc', 'docs.date', 'docs.issuer']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', list.map(d => h('tr',
      h('td', { lang: 'vi' }, d.number || '—'), h('td', { lang: 'vi' }, d.kind),
      h('td', docLink({ ...d, number: '' })), h('td', fmtDate(d.date)),
      h('td', { lang: 'vi' }, d.issuer ? d.issuer.name : '—'))))));
}

export async function documentView(ctx) {
  const root = ctx.root;
  const id = ctx.params[0];
  let d;
  try {
    d = await api('GET', `/documents/${id}`);
  } catch (e) {
    if (ctx.alive()) root.append(h('h1', { tabindex: '-1' }, t('docs.title')), notice('error', errorText(e)));
    return;
  }
  if (!ctx.alive()) return;
  ctx.setTitle(docTitle(d));
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text, ctx.flash.params)));
  root.append(
    h('nav.breadcrumbs', { 'aria-label': t('docs.breadcrumbs') }, h('a', { href: '/documents' }, t('docs.title'))),
    h('h1', { tabindex: '-1', lang: 'vi' }, docTitle(d)),
    h('dl.facts',
      h('dt', t('docs.kind')), h('dd', { lang: 'vi' }, d.kind),
      h('dt', t('docs.date')), h('dd', fmtDate(d.date)),
      h('dt', t('docs.issuer')), h('dd', { lang: 'vi' }, d.issuer
        ? h('a', { href: `/units/${encodeURIComponent(d.issuer.code)}` }, d.issuer.name) : '—'),
      h('dt', t('docs.programme')), h('dd', d.programme || '—'),
      h('dt', t('docs.implements')), h('dd', d.implements && typeof d.implements === 'object'
        ? docLink(d.implements) : '—')),
    h('h2', t('docs.implementedBy')),
    d.implemented_by.length
      ? h('ul.cascade', d.implemented_by.map(x => h('li', docLink(x), ' ', h('span.muted', fmtDate(x.date)))))
      : h('p', t('docs.noneBelow')),
    h('p', h('a', { href: '/tasks' + qs({ document: d.id, unit: ctx.session.user.unit.code }) }, t('docs.tasks'))),
    h('h2', t('docs.text')),
    d.text ? h('div.doc-text', { lang: 'vi', tabindex: '0', 'aria-label': t('docs.text') }, d.text)
           : h('p', t('docs.noText')));
}

export async function documentNewView(ctx) {
  const root = ctx.root;
  ctx.setTitle(t('docs.register'));
  root.append(h('h1', { tabindex: '-1' }, t('docs.register')));
  let docs = [];
  try { docs = (await api('GET', '/documents')).items; } catch (e) { /* the link is optional */ }
  if (!ctx.alive()) return;
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form.doc-form', { novalidate: true },
    field({ name: 'number', label: t('docs.number'), hint: t('docs.numberHint'), attrs: { id: 'doc-number' } }),
    field({ name: 'kind', label: t('docs.kind'), required: true, value: 'kế hoạch', attrs: { id: 'doc-kind' },
      options: KINDS.map(k => [k, k]) }),
    field({ name: 'title', label: t('docs.doc'), required: true, attrs: { id: 'doc-title' } }),
    field({ name: 'date', type: 'date', label: t('docs.date'), required: true, attrs: { id: 'doc-date' } }),
    field({ name: 'issuer', label: t('docs.issuer'), hint: t('docs.issuerHint'), required: true, attrs: { id: 'doc-issuer' } }),
    field({ name: 'implements', label: t('docs.implements'), attrs: { id: 'doc-implements' },
      options: [['', '—'], ...docs.map(d => [String(d.id), docTitle(d)])] }),
    field({ name: 'programme', label: t('docs.programme'), value: '57-NQ/TW', attrs: { id: 'doc-programme' },
      options: [['', '—'], ['57-NQ/TW', '57-NQ/TW'], ['71-NQ/TW', '71-NQ/TW']] }),
    field({ name: 'text', label: t('docs.text'), multiline: 6, attrs: { id: 'doc-text' } }),
    h('button', { type: 'submit', id: 'doc-submit' }, t('docs.register')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {};
    for (const k of ['number', 'kind', 'title', 'date', 'issuer', 'programme', 'text']) {
      const v = String(f.get(k) || '').trim();
      if (v) body[k] = v;
    }
    if (f.get('implements')) body.implements = parseInt(f.get('implements'), 10);
    status.replaceChildren();
    try {
      const created = await api('POST', '/documents', body);
      ctx.navigate(`/documents/${created.id}`, { flash: { kind: 'ok', text: 'docs.registered' } });
    } catch (err) {
      if (err.field && form.elements[err.field]) setFieldError(form, err.field, errorText(err));
      status.replaceChildren(notice('error', errorText(err)));
    }
  });
  root.append(status, form);
}
