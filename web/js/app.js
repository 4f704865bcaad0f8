// The shell: session, header, navigation and the router. Views live in their own modules and
// are plain async functions view(ctx) that fill ctx.root.
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { h, clear, notice } from './dom.js';
import { t, label, getLang, setLang, errorText } from './i18n.js';
import { loginView } from './login.js';
import { unitsView, unitDetailView } from './units.js';
import { startOfflineSync, flushPending } from './offline.js';

// Header navigation: one line per entry. roles: who sees it (omit for everyone signed in).
const NAV = [
  { href: '/dashboard', key: 'nav.dashboard' },
  { href: '/tasks', key: 'nav.tasks' },
  { href: '/checklists', key: 'nav.checklists' },
  { href: '/reports', key: 'nav.reports' },
  { href: '/documents', key: 'nav.documents' },
  { href: '/indicators', key: 'nav.indicators' },
  { href: '/initiatives', key: 'nav.initiatives', roles: ['admin', 'standing_office', 'council'] },
  { href: '/units', key: 'nav.units' },
  { href: '/feedback/backlog', key: 'nav.feedback', roles: ['standing_office', 'leader', 'handler'] },
  { href: '/users', key: 'nav.users', roles: ['admin'] },
];

// Routes: path pattern → view (or load(): a lazily imported view, for pages few people open).
// public: reachable signed out; roles: who may open it.
const ROUTES = [
  { path: /^\/login$/, view: loginView, public: true },
  { path: /^\/dashboard$/, load: () => import('./dashboard.js').then(m => m.dashboardView), nav: '/dashboard' },
  { path: /^\/programme$/, load: () => import('./dashboard.js').then(m => m.programmeView), public: true, nav: '/programme' },
  { path: /^\/units$/, view: unitsView, nav: '/units' },
  { path: /^\/units\/([^/]+)$/, view: unitDetailView, nav: '/units' },
  { path: /^\/tasks$/, load: () => import('./tasks.js').then(m => m.tasksView), nav: '/tasks' },
  { path: /^\/tasks\/summary$/, load: () => import('./tasks.js').then(m => m.summaryView), nav: '/tasks' },
  { path: /^\/tasks\/new$/, load: () => import('./task-new.js').then(m => m.taskNewView), nav: '/tasks',
    roles: ['admin', 'standing_office', 'leader'] },
  { path: /^\/tasks\/(\d+)$/, load: () => import('./task-detail.js').then(m => m.taskDetailView), nav: '/tasks' },
  { path: /^\/checklists$/, load: () => import('./checklists.js').then(m => m.checklistsView), nav: '/checklists' },
  { path: /^\/checklists\/(\d+)\/summary$/, load: () => import('./checklists.js').then(m => m.checklistSummaryView), nav: '/checklists' },
  { path: /^\/checklists\/(\d+)\/units\/([^/]+)$/, load: () => import('./checklists.js').then(m => m.checklistUnitView), nav: '/checklists' },
  { path: /^\/reports$/, load: () => import('./reports.js').then(m => m.reportsView), nav: '/reports' },
  { path: /^\/reports\/summary$/, load: () => import('./reports.js').then(m => m.reportSummaryView), nav: '/reports' },
  { path: /^\/reports\/([^/]+)\/([^/]+)\/([^/]+)$/, load: () => import('./reports.js').then(m => m.reportView), nav: '/reports' },
  { path: /^\/documents$/, load: () => import('./documents.js').then(m => m.documentsView), nav: '/documents' },
  { path: /^\/documents\/new$/, load: () => import('./documents.js').then(m => m.documentNewView), nav: '/documents',
    roles: ['admin', 'standing_office'] },
  { path: /^\/documents\/(\d+)$/, load: () => import('./documents.js').then(m => m.documentView), nav: '/documents' },
  { path: /^\/indicators$/, load: () => import('./indicators.js').then(m => m.indicatorsView), nav: '/indicators' },
  { path: /^\/indicators\/([^/]+)$/, load: () => import('./indicators.js').then(m => m.indicatorView), nav: '/indicators' },
  { path: /^\/values$/, load: () => import('./values.js').then(m => m.valuesView), nav: '/indicators' },
  { path: /^\/sang-kien\/dang-ky$/, load: () => import('./initiatives.js').then(m => m.registerView), public: true },
  { path: /^\/sang-kien\/theo-doi$/, load: () => import('./initiatives.js').then(m => m.trackView), public: true },
  { path: /^\/sang-kien\/theo-doi\/([^/]+)$/, load: () => import('./initiatives.js').then(m => m.trackView), public: true },
  { path: /^\/initiatives$/, load: () => import('./initiatives.js').then(m => m.initiativesView), nav: '/initiatives',
    roles: ['admin', 'standing_office', 'council'] },
  { path: /^\/initiatives\/fields$/, load: () => import('./initiatives.js').then(m => m.fieldsView), nav: '/initiatives',
    roles: ['admin'] },
  { path: /^\/initiatives\/(\d+)$/, load: () => import('./initiatives.js').then(m => m.initiativeView), nav: '/initiatives',
    roles: ['admin', 'standing_office', 'council'] },
  { path: /^\/feedback$/, load: () => import('./feedback.js').then(m => m.feedbackPublicView), public: true },
  { path: /^\/feedback\/new$/, load: () => import('./feedback.js').then(m => m.feedbackNewView), public: true },
  { path: /^\/feedback\/follow$/, load: () => import('./feedback.js').then(m => m.feedbackFollowView), public: true },
  { path: /^\/feedback\/follow\/([^/]+)$/, load: () => import('./feedback.js').then(m => m.feedbackItemView), public: true },
  { path: /^\/feedback\/backlog$/, load: () => import('./feedback-staff.js').then(m => m.feedbackBacklogView), nav: '/feedback/backlog',
    roles: ['admin', 'standing_office', 'leader', 'handler'] },
  { path: /^\/feedback\/admin$/, load: () => import('./feedback-staff.js').then(m => m.feedbackAdminView), nav: '/feedback/backlog',
    roles: ['admin', 'standing_office'] },
  { path: /^\/users$/, load: () => import('./users.js').then(m => m.usersView), nav: '/users', roles: ['admin'] },
];

const state = { session: null, flash: null };
let renderSeq = 0;

export function navigate(url, { replace = false, flash = null } = {}) {
  if (flash) state.flash = flash;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route({ focus: true });
}

// Only same-site, non-login paths are accepted as a place to return to after login.
function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}

function allowed(roles) {
  return !roles || (state.session && roles.includes(state.session.user.role));
}

function renderHeader(activeNav) {
  const header = document.getElementById('site-header');
  document.getElementById('brand-title').textContent = t('app.title');
  document.getElementById('skip-link').textContent = t('app.skip');
  for (const el of header.querySelectorAll('.site-nav, .header-tools')) el.remove();

  const tools = h('div.header-tools');
  const s = state.session;
  if (s) {
    const nav = h('nav.site-nav', { 'aria-label': t('nav.label') },
      h('ul', NAV.filter(n => allowed(n.roles)).map(n =>
        h('li', h('a', { href: n.href, 'aria-current': n.href === activeNav ? 'page' : null }, t(n.key))))));
    header.append(nav);
    const u = s.user;
    tools.append(h('p.account',
      h('span.visually-hidden', t('user.label') + ': '),
      h('span.account-name', u.display_name || u.username),
      h('span.account-role', label('role', u.role)),
      u.unit ? h('span.account-unit', u.unit.name) : null));
  }
  else {
    // Signed out: the public programme page, the public pages of feedback (system 2) and the
    // sign-in page.
    const links = [['/programme', 'nav.programme'], ['/feedback/new', 'fb.nav.submit'],
      ['/feedback/follow', 'fb.nav.follow'], ['/feedback', 'fb.nav.public'], ['/login', 'login.title']];
    header.append(h('nav.site-nav', { 'aria-label': t('nav.label') }, h('ul',
      links.map(([href, key]) => h('li', h('a', { href, 'aria-current': location.pathname === href ? 'page' : null }, t(key)))))));
  }
  const other = getLang() === 'vi' ? 'en' : 'vi';
  tools.append(h('button.lang-switch', {
    type: 'button', lang: other, 'aria-label': t('lang.switchLabel'), id: 'lang-switch',
    onclick: () => { setLang(other); route({ focus: false, keepFocus: 'lang-switch' }); },
  }, t('lang.switch')));
  if (s) tools.append(h('button.logout', { type: 'button', id: 'logout', onclick: logout }, t('logout')));
  header.append(tools);
}

async function logout() {
  try { await api('POST', '/auth/logout'); } catch { /* the session is gone either way */ }
  state.session = null;
  setCsrf(null);
  navigate('/login', { flash: { kind: 'ok', text: 'login.loggedOut' } });
}

// Asks the server who is signed in; used at start and after login.
export async function loadSession() {
  try {
    const me = await api('GET', '/auth/me');
    state.session = me;
    setCsrf(me.csrf_token);
  } catch (e) {
    if (e.status !== 401) throw e;
    state.session = null;
    setCsrf(null);
  }
  return state.session;
}

async function route({ focus = false, keepFocus = null } = {}) {
  const seq = ++renderSeq;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(location.search);
  if (path === '/' || path === '/index.html') {
    history.replaceState(null, '', state.session ? '/dashboard' : '/programme');
    return route({ focus });
  }
  let match = null;
  let r = null;
  for (const cand of ROUTES) {
    match = cand.path.exec(path);
    if (match) { r = cand; break; }
  }
  if (r && !r.public && !state.session) {
    history.replaceState(null, '', '/login?next=' + encodeURIComponent(location.pathname + location.search));
    return route({ focus });
  }
  if (r && r.view === loginView && state.session) {
    history.replaceState(null, '', safeNext(query.get('next')) || '/dashboard');
    return route({ focus });
  }

  renderHeader(r && r.nav);
  const main = document.getElementById('main');
  const root = h('div.view');
  clear(main).append(root);
  const flash = state.flash;
  state.flash = null;

  const ctx = {
    root, query, params: match ? match.slice(1).map(decodeURIComponent) : [],
    session: state.session, navigate, flash,
    alive: () => seq === renderSeq,
    setTitle: (s) => { document.title = `${s} — nq57`; },
    afterLogin: async (next) => {
      await loadSession();
      if (state.session) flushPending(state.session.user.username);
      navigate(safeNext(next) || '/dashboard', { replace: true });
    },
  };
  try {
    if (!r) notFound(ctx);
    else if (!allowed(r.roles)) forbidden(ctx);
    else await (r.view || await r.load())(ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    root.append(notice('error', e.status === undefined ? `${t('app.error')}: ${e.message}` : errorText(e)));
  }
  if (!ctx.alive()) return;
  if (keepFocus) document.getElementById(keepFocus)?.focus();
  else if (focus) (root.querySelector('[data-autofocus]') || root.querySelector('h1') || main).focus();
}

function notFound(ctx) {
  ctx.setTitle(t('app.notFound'));
  ctx.root.append(h('h1', { tabindex: '-1' }, t('app.notFound')), h('p', t('app.notFoundText')),
    h('p', h('a', { href: '/units' }, t('app.backHome'))));
}

function forbidden(ctx) {
  ctx.setTitle(t('app.forbidden'));
  ctx.root.append(h('h1', { tabindex: '-1' }, t('app.forbidden')),
    h('p', h('a', { href: '/units' }, t('app.backHome'))));
}

// Same-origin links become History API navigations (so the back button works without reloads).
function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a');
  if (a && a.id === 'skip-link') {
    e.preventDefault();
    document.getElementById('main').focus();
    return;
  }
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || /^\/(api|open311)\//.test(href)) return;
  e.preventDefault();
  if (href !== location.pathname + location.search) navigate(href);
}

async function boot() {
  setUnauthenticatedHandler(() => {
    if (!state.session) return;
    state.session = null;
    setCsrf(null);
    navigate('/login?next=' + encodeURIComponent(location.pathname + location.search),
      { replace: true, flash: { kind: 'error', text: 'login.expired' } });
  });
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => route({ focus: true }));
  try {
    await loadSession();
  } catch (e) {
    renderHeader(null);
    clear(document.getElementById('main')).append(notice('error', t('app.network')));
    return;
  }
  route();
  // Data-entry forms kept on this machine while offline are sent now and when back online.
  startOfflineSync(() => state.session && state.session.user.username);
}

boot();
