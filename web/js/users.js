// User management (role admin): list with a name filter and paging, create, and edit in a
// modal <dialog>. Validation errors are shown on the field the API's error.field names.
import { api, qs } from './api.js';
import { h, field, notice, setFieldError } from './dom.js';
import { t, label, errorText, ROLES } from './i18n.js';
import { showFormError } from './units.js';

const roleOptions = () => ROLES.map(r => [r, label('role', r)]);

export async function usersView(ctx) {
  ctx.setTitle(t('users.title'));
  const root = ctx.root;
  root.append(h('h1', { tabindex: '-1' }, t('users.title')));
  const pageStatus = h('div.form-status', { id: 'users-status' });
  root.append(pageStatus);

  // ---- create
  const createStatus = h('div.form-status');
  const createForm = h('form.user-create', { novalidate: true, id: 'user-create', 'aria-labelledby': 'create-title' },
    field({ name: 'username', label: t('users.username'), required: true, hint: t('users.usernameHint'),
      autocomplete: 'off', attrs: { autocapitalize: 'none', spellcheck: 'false' } }),
    field({ name: 'display_name', label: t('users.displayName'), required: true, autocomplete: 'off' }),
    field({ name: 'password', label: t('users.password'), type: 'password', required: true,
      hint: t('users.passwordHint'), autocomplete: 'new-password' }),
    field({ name: 'unit', label: t('users.unit'), required: true, hint: t('users.unitHint'),
      attrs: { autocapitalize: 'characters', spellcheck: 'false' } }),
    field({ name: 'role', label: t('users.role'), required: true, options: roleOptions(), value: 'reporter' }),
    h('div.actions', h('button.primary', { type: 'submit' }, t('users.createSubmit'))));
  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(createForm);
    const body = {
      username: f.get('username').trim(), display_name: f.get('display_name').trim(),
      password: f.get('password'), unit: f.get('unit').trim(), role: f.get('role'),
    };
    try {
      const u = await api('POST', '/users', body);
      setFieldError(createForm, null);
      createForm.reset();
      createStatus.replaceChildren(notice('ok', t('users.createdMsg', { name: u.username || body.username })));
      await reload();
    } catch (err) { showFormError(createForm, createStatus, err); }
  });
  root.append(h('section.card', { 'aria-labelledby': 'create-title' },
    h('details', { open: ctx.query.get('create') === '1' ? true : null },
      h('summary', h('h2.summary-heading', { id: 'create-title' }, t('users.create'))),
      createStatus, createForm)));

  // ---- list
  const filter = field({ name: 'q', label: t('users.filter'), type: 'search', value: ctx.query.get('q') || '',
    attrs: { id: 'user-filter' } });
  const tbody = h('tbody');
  const more = h('button', { type: 'button', hidden: true, id: 'users-more' }, t('users.more'));
  const empty = h('p', { hidden: true }, t('users.empty'));
  let cursor = null;
  root.append(h('section', { 'aria-labelledby': 'list-title' },
    h('h2', { id: 'list-title' }, t('users.list')),
    h('form.search', { role: 'search', onsubmit: (e) => { e.preventDefault(); reload(); } }, filter),
    h('div.table-wrap', { role: 'region', 'aria-labelledby': 'list-title', tabindex: '0' },
      h('table.responsive', { id: 'users-table' },
        h('thead', h('tr', [t('users.username'), t('users.displayName'), t('users.role'), t('users.unit'),
          t('users.status'), t('users.actions')].map(s => h('th', { scope: 'col' }, s)))),
        tbody)),
    empty, h('div.actions', more)));

  let timer = null;
  filter.control.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(reload, 250); });
  more.addEventListener('click', () => load(false));

  let seq = 0;
  async function load(fresh) {
    const mine = ++seq;
    const q = filter.control.value.trim();
    let page;
    try {
      page = await api('GET', '/users' + qs({ q, limit: 50, cursor: fresh ? null : cursor }));
    } catch (err) {
      if (mine === seq) pageStatus.replaceChildren(notice('error', errorText(err)));
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    if (fresh) {
      tbody.replaceChildren();
      const url = new URL(location.href);
      if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
      history.replaceState(null, '', url.pathname + url.search);
    }
    const items = page.items || [];
    tbody.append(...items.map(row));
    cursor = page.next_cursor || null;
    more.hidden = !cursor;
    empty.hidden = tbody.children.length > 0;
  }
  function reload() { clearTimeout(timer); return load(true); }

  function row(u) {
    const edit = h('button.small', { type: 'button', 'aria-label': t('users.editUser', { name: u.username }) },
      t('users.edit'));
    edit.addEventListener('click', () => openEdit(u, edit));
    return h('tr', { 'data-username': u.username, class: u.active === false ? 'inactive' : null },
      h('td', { 'data-label': t('users.username') }, u.username),
      h('td', { 'data-label': t('users.displayName') }, u.display_name || ''),
      h('td', { 'data-label': t('users.role') }, label('role', u.role)),
      h('td', { 'data-label': t('users.unit') }, u.unit ? h('a', { href: '/units/' + encodeURIComponent(u.unit.code) },
        u.unit.name || u.unit.code) : ''),
      h('td', { 'data-label': t('users.status') }, u.active === false
        ? h('span.badge.badge-inactive', t('users.inactive')) : t('users.active')),
      h('td', { 'data-label': t('users.actions') }, edit));
  }

  // ---- edit dialog
  function openEdit(u, opener) {
    const status = h('div.form-status');
    const form = h('form', { novalidate: true, id: 'user-edit' },
      field({ name: 'display_name', label: t('users.displayName'), value: u.display_name || '' }),
      field({ name: 'role', label: t('users.role'), options: roleOptions(), value: u.role }),
      field({ name: 'unit', label: t('users.unit'), value: u.unit ? u.unit.code : '', hint: t('users.unitHint') }),
      h('div.field.check', h('label', h('input', { type: 'checkbox', name: 'active', checked: u.active !== false }),
        ' ', t('users.activeLabel'))),
      field({ name: 'password', label: t('users.newPassword'), type: 'password', hint: t('users.newPasswordHint'),
        autocomplete: 'new-password' }),
      h('div.actions',
        h('button.primary', { type: 'submit' }, t('users.save')),
        h('button', { type: 'button', onclick: () => dlg.close() }, t('users.cancel'))));
    const dlg = h('dialog.edit-dialog', { 'aria-labelledby': 'edit-title' },
      h('h2', { id: 'edit-title' }, t('users.editTitle', { name: u.username })), status, form);
    dlg.addEventListener('close', () => { dlg.remove(); if (opener.isConnected) opener.focus(); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = {};
      if (f.get('display_name').trim() !== (u.display_name || '')) body.display_name = f.get('display_name').trim();
      if (f.get('role') !== u.role) body.role = f.get('role');
      if (f.get('unit').trim() !== (u.unit ? u.unit.code : '')) body.unit = f.get('unit').trim();
      const active = f.get('active') === 'on';
      if (active !== (u.active !== false)) body.active = active;
      if (f.get('password')) body.password = f.get('password');
      if (!Object.keys(body).length) { dlg.close(); return; }
      try {
        const saved = await api('PATCH', `/users/${encodeURIComponent(u.username)}`, body);
        const fresh = row(saved && saved.username ? saved
          : { ...u, ...body, unit: body.unit ? { code: body.unit, name: body.unit } : u.unit });
        const old = tbody.querySelector(`tr[data-username="${CSS.escape(u.username)}"]`);
        if (old) old.replaceWith(fresh);
        pageStatus.replaceChildren(notice('ok', t('users.saved', { name: u.username })));
        dlg.close();
        fresh.querySelector('button')?.focus();
      } catch (err) { showFormError(form, status, err); }
    });
    document.body.append(dlg);
    dlg.showModal();
    form.querySelector('input,select')?.focus();
  }

  await load(true);
}
