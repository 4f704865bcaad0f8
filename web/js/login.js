// The login page: POST /api/v1/auth/login, then back to ?next= (or the unit tree).
import { api } from './api.js';
import { h, field, notice } from './dom.js';
import { t, errorText } from './i18n.js';

export async function loginView(ctx) {
  ctx.setTitle(t('login.title'));
  const user = field({ name: 'username', label: t('login.username'), required: true,
    autocomplete: 'username', attrs: { autocapitalize: 'none', spellcheck: 'false' } });
  const pass = field({ name: 'password', label: t('login.password'), type: 'password',
    required: true, autocomplete: 'current-password' });
  const status = h('div.form-status', { id: 'login-status' });
  const submit = h('button.primary', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form.login-form', { novalidate: true, 'aria-labelledby': 'login-title' },
    user, pass, h('div.actions', submit));

  if (ctx.flash) status.append(notice(ctx.flash.kind, t(ctx.flash.text)));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.replaceChildren();
    const username = user.control.value.trim();
    const password = pass.control.value;
    if (!username || !password) {
      status.append(notice('error', t('login.required')));
      (username ? pass : user).control.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      await api('POST', '/auth/login', { username, password });
      await ctx.afterLogin(ctx.query.get('next'));
    } catch (err) {
      if (!ctx.alive()) return;
      let text = errorText(err);
      if (err.status === 429 && err.retryAfter != null) {
        const s = err.retryAfter;
        text += ' ' + (s >= 120 ? t('login.retryLong', { s, m: Math.ceil(s / 60) }) : t('login.retry', { s }));
      }
      status.append(notice('error', text));
      pass.control.value = '';
      pass.control.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  ctx.root.append(h('section.card.login-card',
    h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
    h('p.intro', t('login.intro')),
    h('p.public-links', h('a', { href: '/sang-kien/dang-ky', id: 'login-initiative' }, t('ini.registerTitle')), ' · ',
      h('a', { href: '/sang-kien/theo-doi' }, t('ini.trackTitle'))),
    status, form));
}
