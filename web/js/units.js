// The unit tree (/units), search, the "as of" date, and one unit's page (/units/CODE) with the
// forms to add, rename/move and deactivate units.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, fmtDate, errorText, KINDS } from './i18n.js';

const MANAGERS = ['admin', 'standing_office', 'leader'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function asOfOf(ctx) {
  const d = ctx.query.get('as_of');
  return d && ISO.test(d) ? d : '';
}

function unitHref(code, asOf) {
  return '/units/' + encodeURIComponent(code) + qs({ as_of: asOf });
}

function inactiveBadge(u) {
  return u.active === false ? h('span.badge.badge-inactive', t('units.inactive')) : null;
}

function meta(u) {
  return h('span.meta', [u.code, label('kind', u.kind)].join(' · '));
}

// ---------------------------------------------------------------- the tree page

export async function unitsView(ctx) {
  const asOf = asOfOf(ctx);
  ctx.setTitle(t('units.title'));
  const root = ctx.root;
  root.append(h('h1', { tabindex: '-1' }, t('units.title')));

  // Search (debounced; the query is kept in the URL with replaceState so reload keeps it).
  const search = field({ name: 'q', label: t('units.search'), type: 'search', hint: t('units.searchHint'),
    value: ctx.query.get('q') || '', attrs: { id: 'unit-search', enterkeyhint: 'search' } });
  const searchStatus = h('p.search-status', { role: 'status', 'aria-live': 'polite' });
  const results = h('ul.results', { 'aria-label': t('units.searchResults'), hidden: true });
  const searchForm = h('form.search', { role: 'search', onsubmit: (e) => { e.preventDefault(); run(); } },
    search);
  let timer = null;
  let aborter = null;
  async function run() {
    clearTimeout(timer);
    const q = search.control.value.trim();
    const url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    history.replaceState(null, '', url.pathname + url.search);
    if (aborter) aborter.abort();
    if (!q) { results.hidden = true; results.replaceChildren(); searchStatus.textContent = ''; return; }
    const mine = aborter = new AbortController();
    let page;
    try {
      page = await api('GET', '/units' + qs({ q, as_of: asOf, limit: 20 }));
    } catch (e) {
      if (mine !== aborter || !ctx.alive()) return;
      searchStatus.textContent = errorText(e);
      return;
    }
    if (mine !== aborter || !ctx.alive()) return;
    const items = page.items || [];
    results.replaceChildren(...items.map(u => h('li', { class: u.active === false ? 'inactive' : null },
      h('a', { href: unitHref(u.code, asOf) }, u.name), ' ', meta(u), ' ', inactiveBadge(u))));
    results.hidden = items.length === 0;
    searchStatus.textContent = items.length ? t('units.searchCount', { n: items.length }) +
      (page.next_cursor ? ' ' + t('units.searchMore') : '') : t('units.searchNone');
  }
  search.control.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });

  // As-of date: a real navigation, so the back button returns to the previous date.
  const date = field({ name: 'as_of', label: t('units.asOf'), type: 'date', value: asOf,
    hint: t('units.asOfHint'), attrs: { id: 'as-of' } });
  const dateForm = h('form.as-of', {
    onsubmit: (e) => {
      e.preventDefault();
      const d = date.control.value;
      const q = search.control.value.trim();
      ctx.navigate('/units' + qs({ as_of: ISO.test(d) ? d : '', q }));
    },
  }, date, h('div.actions',
    h('button', { type: 'submit', id: 'as-of-apply' }, t('units.asOfApply')),
    asOf ? h('a.button', { href: '/units' + qs({ q: search.control.value.trim() }) }, t('units.asOfToday')) : null));

  root.append(h('div.toolbar', searchForm, dateForm), searchStatus, results);
  if (asOf) root.append(h('p.as-of-note', t('units.asOfShowing', { d: fmtDate(asOf) })));

  const treeBox = h('section.tree-box', { 'aria-labelledby': 'tree-title' },
    h('h2.visually-hidden', { id: 'tree-title' }, t('units.tree')),
    h('p.loading', t('app.loading')));
  root.append(treeBox);
  if (search.control.value.trim()) run();

  const tree = await api('GET', '/units/tree' + qs({ depth: 2, as_of: asOf }));
  if (!ctx.alive()) return;
  const top = tree.unit || tree;
  treeBox.querySelector('.loading').remove();
  const ul = h('ul.tree', { id: 'unit-tree' });
  const node = treeNode(top, asOf);
  ul.append(node);
  treeBox.append(ul);
  await node.expand();
}

// One <li> of the tree; children come from the tree answer when present, else lazily from
// /units/{code}/children. The toggle is a real button with aria-expanded.
function treeNode(u, asOf) {
  const li = h('li.node', { class: u.active === false ? 'inactive' : null, 'data-code': u.code });
  const known = Array.isArray(u.children) ? u.children : null;
  const hasKids = (u.child_count || 0) > 0 || (known && known.length > 0);
  let list = null;
  let open = false;
  const toggle = hasKids
    ? h('button.toggle', { type: 'button', 'aria-expanded': 'false', 'aria-label': t('units.expand', { name: u.name }) },
      h('span', { 'aria-hidden': 'true' }, '▸'))
    : h('span.toggle-spacer', { 'aria-hidden': 'true' });
  li.append(h('div.row', toggle,
    h('a.unit-link', { href: unitHref(u.code, asOf) }, u.name), ' ', meta(u),
    u.child_count ? h('span.count', { title: t('units.childCount', { n: u.child_count }) },
      h('span.visually-hidden', t('units.childCount', { n: u.child_count })),
      h('span', { 'aria-hidden': 'true' }, `(${u.child_count})`)) : null,
    ' ', inactiveBadge(u)));

  async function expand() {
    if (!hasKids || open) return;
    if (!list) {
      li.querySelector(':scope > ul')?.remove();
      list = h('ul');
      li.append(list);
      let kids = known;
      if (!kids || kids.length < (u.child_count || 0)) {
        toggle.disabled = true;
        list.append(h('li.loading', t('app.loading')));
        try {
          kids = (await api('GET', `/units/${encodeURIComponent(u.code)}/children` + qs({ as_of: asOf }))).items || [];
        } catch (e) {
          list.replaceChildren(h('li', notice('error', errorText(e))));
          list = null; // the next click tries again
          return;
        } finally { toggle.disabled = false; }
      }
      list.replaceChildren(...(kids.length ? kids.map(k => treeNode(k, asOf))
        : [h('li.empty', t('units.noChildren'))]));
    }
    list.hidden = false;
    open = true;
    toggle.setAttribute('aria-expanded', 'true');
    toggle.setAttribute('aria-label', t('units.collapse', { name: u.name }));
    toggle.firstChild.textContent = '▾';
  }
  function collapse() {
    if (!open) return;
    list.hidden = true;
    open = false;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', t('units.expand', { name: u.name }));
    toggle.firstChild.textContent = '▸';
  }
  if (hasKids) toggle.addEventListener('click', () => (open ? collapse() : expand()));
  li.expand = expand;
  return li;
}

// ---------------------------------------------------------------- one unit

export async function unitDetailView(ctx) {
  const code = ctx.params[0];
  const asOf = asOfOf(ctx);
  let u;
  try {
    u = await api('GET', `/units/${encodeURIComponent(code)}` + qs({ as_of: asOf }));
  } catch (e) {
    if (e.status !== 404 && e.status !== 403) throw e;
    ctx.setTitle(t('units.notFoundTitle'));
    ctx.root.append(h('h1', { tabindex: '-1' }, t('units.notFoundTitle')), notice('error', errorText(e)),
      h('ul.links',
        asOf && e.status === 404 ? h('li', h('a', { href: unitHref(code, '') }, t('units.currentVersion'))) : null,
        h('li', h('a', { href: '/units' + qs({ as_of: asOf }) }, t('units.backToTree')))));
    return;
  }
  if (!ctx.alive()) return;
  ctx.setTitle(u.name);
  const root = ctx.root;
  if (ctx.flash) root.append(notice(ctx.flash.kind, t(ctx.flash.text)));

  const ancestors = u.ancestors || [];
  root.append(h('nav.breadcrumbs', { 'aria-label': t('units.breadcrumb') },
    h('ol',
      h('li', h('a', { href: '/units' + qs({ as_of: asOf }) }, t('units.title'))),
      ancestors.map(a => h('li', h('a', { href: unitHref(a.code, asOf) }, a.name))),
      h('li', h('span', { 'aria-current': 'page' }, u.name)))));

  root.append(h('h1', { tabindex: '-1', class: u.active === false ? 'inactive' : null },
    u.name, ' ', inactiveBadge(u)));
  if (asOf) root.append(h('p.as-of-note', t('units.asOfUnit', { d: fmtDate(asOf) })));

  const parentName = ancestors.length ? ancestors[ancestors.length - 1].name : u.parent;
  root.append(h('dl.facts',
    h('dt', t('units.code')), h('dd', u.code),
    h('dt', t('units.kind')), h('dd', label('kind', u.kind)),
    h('dt', t('units.parent')), h('dd', u.parent ? h('a', { href: unitHref(u.parent, asOf) }, parentName) : t('units.none')),
    h('dt', t('units.validFrom')), h('dd', fmtDate(u.valid_from)),
    h('dt', t('units.validTo')), h('dd', fmtDate(u.valid_to)),
    h('dt', t('units.status')), h('dd', u.active === false ? t('units.inactive') : t('units.active'))));

  const links = (items) => h('ul.links', items.map(p => h('li',
    h('a', { href: unitHref(p.code, asOf) }, p.name || p.code), ' ',
    h('span.meta', [p.code, p.event ? label('event', p.event) : null, p.date ? fmtDate(p.date) : null]
      .filter(Boolean).join(' · ')))));
  if (u.predecessors && u.predecessors.length)
    root.append(h('section', h('h2', t('units.predecessors')), links(u.predecessors)));
  if (u.successors && u.successors.length)
    root.append(h('section', h('h2', t('units.successors')), links(u.successors)));

  if (u.history && u.history.length) {
    root.append(h('section', h('h2', { id: 'history-title' }, t('units.history')),
      h('div.table-wrap', { role: 'region', 'aria-labelledby': 'history-title', tabindex: '0' },
        h('table.responsive',
          h('thead', h('tr', [t('units.validFrom'), t('units.validTo'), t('units.name'), t('units.parent')]
            .map(s => h('th', { scope: 'col' }, s)))),
          h('tbody', u.history.map(v => h('tr',
            h('td', { 'data-label': t('units.validFrom') }, fmtDate(v.valid_from)),
            h('td', { 'data-label': t('units.validTo') }, fmtDate(v.valid_to)),
            h('td', { 'data-label': t('units.name') }, v.name),
            h('td', { 'data-label': t('units.parent') },
              v.parent ? h('a', { href: unitHref(v.parent, v.valid_from) }, v.parent) : t('units.none')))))))));
  }

  const kidsBox = h('section', { 'aria-labelledby': 'children-title' },
    h('h2', { id: 'children-title' }, t('units.children')));
  // The forms come before the list of children, which can be long (a province has 100+ communes).
  if (ctx.session && MANAGERS.includes(ctx.session.user.role) && u.active !== false && !asOf)
    root.append(manageForms(ctx, u, loadChildren));
  root.append(kidsBox);
  await loadChildren();
  async function loadChildren() {
    kidsBox.querySelector('ul, p')?.remove();
    let items = [];
    try {
      items = (await api('GET', `/units/${encodeURIComponent(u.code)}/children` + qs({ as_of: asOf }))).items || [];
    } catch (e) {
      kidsBox.append(notice('error', errorText(e)));
      return;
    }
    kidsBox.append(items.length
      ? h('ul.links', items.map(k => h('li', { class: k.active === false ? 'inactive' : null },
        h('a', { href: unitHref(k.code, asOf) }, k.name), ' ', meta(k), ' ', inactiveBadge(k))))
      : h('p', t('units.noChildren')));
  }

}

// Shows an API error on a form: on the named field when there is one, else above the form.
export function showFormError(form, status, err) {
  status.replaceChildren();
  setFieldError(form, null);
  const ctl = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (ctl) {
    setFieldError(form, err.field, errorText(err));
    status.append(notice('error', t('users.fixErrors')));
    ctl.focus();
  } else {
    status.append(notice('error', errorText(err)));
  }
}

function kindOptions(selected) {
  return KINDS.map(k => [k, label('kind', k)]).filter(([k]) => k !== 'nation' || selected === 'nation');
}

function manageForms(ctx, u, reloadChildren) {
  const box = h('section.manage', { 'aria-labelledby': 'manage-title' },
    h('h2', { id: 'manage-title' }, t('units.manage')));

  // Add a child.
  {
    const status = h('div.form-status');
    const form = h('form', { novalidate: true, id: 'unit-create' },
      field({ name: 'code', label: t('units.code'), required: true, hint: t('units.codeHint') }),
      field({ name: 'name', label: t('units.name'), required: true }),
      field({ name: 'kind', label: t('units.kind'), required: true, options: kindOptions(), value: 'other' }),
      field({ name: 'valid_from', label: `${t('units.validFrom')} ${t('units.optional')}`, type: 'date' }),
      h('div.actions', h('button.primary', { type: 'submit' }, t('units.createSubmit'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = { code: f.get('code').trim(), name: f.get('name').trim(), kind: f.get('kind'), parent: u.code };
      if (f.get('valid_from')) body.valid_from = f.get('valid_from');
      try {
        const created = await api('POST', '/units', body);
        setFieldError(form, null);
        form.reset();
        status.replaceChildren(notice('ok', t('units.created', { name: created.name || body.name })));
        await reloadChildren();
      } catch (err) { showFormError(form, status, err); }
    });
    box.append(h('details', h('summary', t('units.create')), status, form));
  }

  // Rename / move.
  {
    const status = h('div.form-status');
    const form = h('form', { novalidate: true, id: 'unit-edit' },
      field({ name: 'name', label: t('units.name'), value: u.name, required: true }),
      field({ name: 'parent', label: t('units.parent'), value: u.parent || '', hint: t('units.parentHint') }),
      field({ name: 'kind', label: t('units.kind'), options: kindOptions(u.kind), value: u.kind }),
      field({ name: 'effective', label: `${t('units.effective')} ${t('units.optional')}`, type: 'date',
        hint: t('units.effectiveHint') }),
      h('div.actions', h('button.primary', { type: 'submit' }, t('units.editSubmit'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = {};
      if (f.get('name').trim() !== u.name) body.name = f.get('name').trim();
      if (f.get('parent').trim() !== (u.parent || '')) body.parent = f.get('parent').trim();
      if (f.get('kind') !== u.kind) body.kind = f.get('kind');
      if (!Object.keys(body).length) {
        setFieldError(form, null);
        status.replaceChildren(notice('error', t('units.noChange')));
        return;
      }
      if (f.get('effective')) body.effective = f.get('effective');
      try {
        await api('PATCH', `/units/${encodeURIComponent(u.code)}`, body);
        ctx.navigate(location.pathname + location.search, { replace: true, flash: { kind: 'ok', text: 'units.edited' } });
      } catch (err) { showFormError(form, status, err); }
    });
    box.append(h('details', h('summary', t('units.edit')), status, form));
  }

  // Deactivate.
  {
    const status = h('div.form-status');
    const form = h('form', { novalidate: true, id: 'unit-deactivate' },
      field({ name: 'date', label: `${t('units.date')} ${t('units.optional')}`, type: 'date' }),
      field({ name: 'event', label: t('units.event'), value: '',
        options: [['', t('event.none')], ['merged', t('event.merged')], ['continued', t('event.continued')], ['split', t('event.split')],
          ['dissolved', t('event.dissolved')]] }),
      field({ name: 'successors', label: t('units.successorsInput'), hint: t('units.parentHint') }),
      h('div.actions', h('button.danger', { type: 'submit' }, t('units.deactivateSubmit'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!confirm(t('units.deactivateConfirm', { name: u.name }))) return;
      const f = new FormData(form);
      const body = {};
      if (f.get('date')) body.date = f.get('date');
      if (f.get('event')) body.event = f.get('event');
      const succ = f.get('successors').split(/[\s,;]+/).filter(Boolean);
      if (succ.length) body.successors = succ;
      try {
        await api('POST', `/units/${encodeURIComponent(u.code)}/deactivate`, body);
        ctx.navigate(location.pathname + location.search, { replace: true, flash: { kind: 'ok', text: 'units.deactivated' } });
      } catch (err) { showFormError(form, status, err); }
    });
    box.append(h('details', h('summary', t('units.deactivate')), status, form));
  }
  return box;
}
