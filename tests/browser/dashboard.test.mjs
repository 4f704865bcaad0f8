// The dashboard and the public programme page in Chromium, on the demo data: a leader lands on
// their unit's dashboard; nation → province → commune by the ranking and back by breadcrumbs,
// the URL saying where one is; the numbers on screen equal the API's; a count opens the list
// behind it; the as-of view; the province tile map and the Chart.js charts; the public page
// without login; the first screen of a laptop holds the daily answers; every control is
// reachable by keyboard; axe-core finds nothing serious; a 3G-throttled load; screenshots at
// laptop and phone sizes in tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, start, launch, newPage, login, shot, axe, LAPTOP, PHONE } from './helpers.mjs';

const skip = skipReason() || false;
const ADMIN = { username: 'ui.admin', password: 'ui-admin-password-1', unit: 'VN', role: 'admin' };
const LEADER = { username: 'hanoi.leader', password: 'hanoi-leader-password-1', unit: 'P01', role: 'leader' };
const TODAY = '2025-11-20';
const PAST = '2025-09-15';
let srv, browser;

before(async () => {
  if (skip) return;
  process.env.NQ57_TODAY = TODAY;
  srv = await start({ demo: true, users: [ADMIN, LEADER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const digits = (s) => String(s).replace(/\D/g, '');
// A rate as the page writes it (43,4 %), reduced to its digits, against the API's number.
const rateDigits = (x) => digits((x || 0).toFixed(1));

async function signedIn(user, viewport = LAPTOP) {
  const page = await newPage(browser, srv.base, viewport);
  await login(page, user.username, user.password);
  await page.waitForURL(u => u.pathname === '/dashboard');
  await page.locator('#dash-counts').waitFor();
  return page;
}
async function apiJson(page, path) {
  const r = await page.request.get(srv.base + '/api/v1' + path);
  assert.equal(r.status(), 200, `${path}: ${r.status()}`);
  return r.json();
}
// The numbers on screen against the dashboard reply for the same unit and day.
async function checkNumbers(page, d) {
  assert.equal(digits(await page.locator('#dash-rate').innerText()), rateDigits(d.tasks.greening_rate), 'greening rate');
  for (const c of ['green', 'blue', 'yellow', 'red', 'grey', 'done_late'])
    assert.equal(digits(await page.locator(`#dash-counts li[data-colour="${c}"] .n`).innerText()), String(d.tasks.counts[c]), `count ${c}`);
  assert.equal(await page.locator('#dash-red-list > li').count(), d.red.items.length, 'red list rows');
  assert.match(await page.locator('#dash-red-all').innerText(), new RegExp(d.red.total.toLocaleString('vi-VN').replace(/\./g, '\\.')));
  assert.equal(await page.locator('#dash-rank-table tbody tr').count(), d.ranking.length, 'ranking rows');
  for (const [i, r] of d.ranking.slice(0, 3).entries()) {
    const row = page.locator('#dash-rank-table tbody tr').nth(i);
    assert.equal(await row.getAttribute('data-unit'), r.unit.code);
    assert.equal(digits(await row.locator('td').nth(1).innerText()), rateDigits(r.greening_rate));
  }
  assert.equal(await page.locator('#dash-ind-cards > li').count(), d.indicators.length, 'indicator cards');
  for (const c of d.indicators.slice(0, 5))
    assert.equal(await page.locator(`#dash-ind-cards li[data-indicator="${c.code}"]`).getAttribute('data-colour'), c.colour);
  if (d.completeness.expected)
    assert.equal(digits(await page.locator('#dash-comp-rate').innerText()), rateDigits(d.completeness.rate), 'completeness');
}

test('nation → province → commune by the ranking, back by breadcrumbs; numbers equal the API', { skip }, async () => {
  const page = await signedIn(ADMIN);
  const requests = [];
  page.on('request', r => { if (r.url().includes('/api/v1/')) requests.push(new URL(r.url()).pathname); });
  await page.getByRole('heading', { level: 1, name: 'Cả nước' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Tổng quan', exact: true }).getAttribute('aria-current'), 'page');
  await checkNumbers(page, await apiJson(page, '/dashboard'));
  // The map: the 34 provinces as tiles, each a link to its dashboard.
  assert.equal(await page.locator('#dash-map li.tile a').count(), 34);
  await shot(page, 'dashboard-nation');

  // Province: by the ranking.
  requests.length = 0;
  await page.locator('#dash-rank-table tr[data-unit="P01"] th a').click();
  await page.waitForURL(u => u.pathname === '/dashboard' && u.searchParams.get('unit') === 'P01');
  await page.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
  assert.deepEqual(requests, ['/api/v1/dashboard'], 'one JSON request per view');
  const p01 = await apiJson(page, '/dashboard?unit=P01');
  await checkNumbers(page, p01);
  assert.deepEqual(await page.locator('#dash-crumbs li').allInnerTexts(), ['Cả nước', 'Thành phố Hà Nội']);
  assert.equal(await page.locator('#dash-map').count(), 0, 'no province map below a province');
  await shot(page, 'dashboard-province');

  // Commune: by the province's ranking.
  const commune = p01.ranking[0].unit;
  await page.locator(`#dash-rank-table tr[data-unit="${commune.code}"] th a`).click();
  await page.waitForURL(u => u.searchParams.get('unit') === commune.code);
  await page.getByRole('heading', { level: 1, name: commune.name }).waitFor();
  await checkNumbers(page, await apiJson(page, `/dashboard?unit=${commune.code}`));
  assert.deepEqual(await page.locator('#dash-crumbs li').allInnerTexts(), ['Cả nước', 'Thành phố Hà Nội', commune.name]);

  // Back up by the breadcrumbs.
  await page.locator('#dash-crumbs').getByRole('link', { name: 'Thành phố Hà Nội' }).click();
  await page.waitForURL(u => u.searchParams.get('unit') === 'P01');
  await page.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
  await page.locator('#dash-crumbs').getByRole('link', { name: 'Cả nước' }).click();
  await page.waitForURL(u => u.pathname === '/dashboard' && !u.search);
  await page.getByRole('heading', { level: 1, name: 'Cả nước' }).waitFor();

  // A tile of the map opens that province.
  await page.locator('#dash-map li[data-unit="P79"] a').click();
  await page.waitForURL(u => u.searchParams.get('unit') === 'P79');
  await page.getByRole('heading', { level: 1, name: 'Thành phố Hồ Chí Minh' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a count opens the list behind it; the red list opens the overdue list', { skip }, async () => {
  const page = await signedIn(ADMIN);
  await page.locator('#dash-counts li[data-colour="red"] a').click();
  await page.waitForURL(u => u.pathname === '/tasks' && u.searchParams.get('colour') === 'red' && u.searchParams.get('unit') === 'VN');
  await page.locator('#tasks-table tbody tr').first().waitFor();
  await page.goBack();
  await page.locator('#dash-red-all').click();
  await page.waitForURL(u => u.pathname === '/tasks' && u.searchParams.get('overdue') === 'true');
  await page.goBack();
  const card = page.locator('#dash-ind-cards > li').first();
  const code = await card.getAttribute('data-indicator');
  await card.locator('a').click();
  await page.waitForURL(u => u.pathname === `/indicators/${code}` && u.searchParams.get('unit') === 'VN');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('as of a past day: the whole dashboard as it stood; the URL says so', { skip }, async () => {
  const page = await signedIn(ADMIN);
  await page.getByLabel('Xem tại ngày').fill(PAST);
  await page.locator('#dash-as-of-apply').click();
  await page.waitForURL(u => u.searchParams.get('as_of') === PAST);
  await page.locator('#dash-as-of-note.as-of-note').waitFor();
  assert.match(await page.locator('#dash-as-of-note').innerText(), /15\/09\/2025/);
  const d = await apiJson(page, `/dashboard?as_of=${PAST}`);
  await page.locator('#dash-counts').waitFor();
  await checkNumbers(page, d);
  // Drilling down keeps the day.
  await page.locator('#dash-rank-table tr[data-unit="P01"] th a').click();
  await page.waitForURL(u => u.searchParams.get('unit') === 'P01' && u.searchParams.get('as_of') === PAST);
  await page.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
  await checkNumbers(page, await apiJson(page, `/dashboard?unit=P01&as_of=${PAST}`));
  await shot(page, 'dashboard-as-of');
  // A link sent to a colleague opens the same view.
  const page2 = await signedIn(ADMIN);
  await page2.goto(`/dashboard?unit=P01&as_of=${PAST}`);
  await page2.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
  assert.equal(await page2.getByLabel('Xem tại ngày').inputValue(), PAST);
  assert.deepEqual([...page.errors, ...page2.errors], []);
  await page.context().close();
  await page2.context().close();
});

test('a province leader lands on the province; charts draw with Chart.js', { skip }, async () => {
  const page = await signedIn(LEADER);
  await page.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
  assert.equal(await page.locator('#dash-crumbs li').count(), 0, 'no way up past the top of the scope');
  await checkNumbers(page, await apiJson(page, '/dashboard'));
  await page.waitForFunction(() => window.Chart && window.Chart.getChart(document.getElementById('dash-trend-chart'))
    && window.Chart.getChart(document.getElementById('dash-series-chart')));
  const points = await page.evaluate(() => window.Chart.getChart(document.getElementById('dash-trend-chart')).data.datasets[0].data.length);
  assert.equal(points, 12, 'twelve monthly points');
  // Another indicator in the picker redraws its series against its path.
  const pick = page.getByLabel('Chỉ tiêu', { exact: true });
  const second = await pick.locator('option').nth(1).getAttribute('value');
  await pick.selectOption(second);
  await page.waitForFunction((code) => document.getElementById('dash-series-chart').getAttribute('aria-label').length > 0 && document.getElementById('dash-series-pick').value === code, second);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the first screen of a laptop holds the daily answers; keyboard reaches every control', { skip }, async () => {
  const page = await signedIn(ADMIN, LAPTOP);
  for (const id of ['dash-tasks', 'dash-comp', 'dash-feedback', 'dash-red', 'dash-rank', 'dash-ind']) {
    const box = await page.locator('#' + id).boundingBox();
    assert.ok(box && box.y + box.height <= LAPTOP.height, `#${id} ends at ${box && Math.round(box.y + box.height)} px, within ${LAPTOP.height}`);
  }
  // Tab through the page: every link, button, input, select and scrolling region of main is reached.
  const wanted = await page.evaluate(() => {
    const els = [...document.querySelectorAll('main a[href], main button, main input, main select, main [tabindex="0"]')];
    els.forEach((el, i) => { el.dataset.kb = String(i); });
    return els.length;
  });
  const seen = new Set();
  for (let i = 0; i < wanted + 40 && seen.size < wanted; i++) {
    await page.keyboard.press('Tab');
    const k = await page.evaluate(() => document.activeElement && document.activeElement.dataset.kb);
    if (k !== undefined) seen.add(k);
  }
  assert.equal(seen.size, wanted, `reached ${seen.size} of ${wanted} controls by Tab`);
  await page.context().close();
});

for (const vp of [LAPTOP, PHONE]) {
  test(`axe and screenshots at ${vp.width}x${vp.height}: dashboard and public page`, { skip }, async () => {
    const page = await signedIn(ADMIN, vp);
    await page.waitForFunction(() => window.Chart && window.Chart.getChart(document.getElementById('dash-trend-chart')));
    assert.deepEqual(await axe(page), [], 'dashboard: axe');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name || el.id));
    assert.deepEqual(unlabelled, [], 'every input has a label');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
    await shot(page, 'dashboard');
    await page.context().close();

    // The public page, signed out.
    const pub = await newPage(browser, srv.base, vp);
    await pub.goto('/');
    await pub.waitForURL(u => u.pathname === '/programme');
    await pub.locator('#pub-ind-table tbody tr').first().waitFor();
    const p = await (await pub.request.get(srv.base + '/api/v1/public/programme')).json();
    assert.equal(await pub.locator('#pub-ind-table tbody tr').count(), p.indicators.length);
    assert.equal(await pub.locator('#pub-group-table tbody tr').count(), p.tasks.groups.length);
    assert.equal(digits(await pub.locator('#pub-rate').innerText()), rateDigits(p.tasks.greening_rate));
    for (const g of p.tasks.groups)
      assert.equal(digits(await pub.locator(`#pub-group-table tr[data-group="${g.group}"] td[data-colour="red"]`).innerText()), String(g.counts.red));
    assert.deepEqual(await axe(pub), [], 'public page: axe');
    const pubOverflow = await pub.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(pubOverflow <= 0, `public page scrolls sideways by ${pubOverflow}px`);
    await shot(pub, 'programme');
    assert.deepEqual([...page.errors, ...pub.errors], []);
    await pub.context().close();
  });
}

test('3G-throttled: the dashboard shows its numbers after one JSON request', { skip }, async () => {
  const page = await newPage(browser, srv.base, PHONE);
  await login(page, ADMIN.username, ADMIN.password, '/units');
  await page.waitForURL(u => u.pathname === '/units');
  // Warm the server's reply cache, as a second visitor of the day would find it.
  await page.request.get(srv.base + '/api/v1/dashboard');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // Chrome DevTools' "Regular 3G": 750 kb/s down, 250 kb/s up, 100 ms round trip.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 100, downloadThroughput: 750 * 1024 / 8, uploadThroughput: 250 * 1024 / 8,
  });
  const api = [];
  page.on('request', r => { if (r.url().includes('/api/v1/')) api.push(new URL(r.url()).pathname); });
  const t0 = Date.now();
  await page.goto('/dashboard');
  await page.locator('#dash-counts').waitFor({ timeout: 30000 });
  const ms = Date.now() - t0;
  console.log(`# 3G: dashboard numbers on screen after ${ms} ms (cold browser cache)`);
  assert.ok(ms < 15000, `numbers on screen in ${ms} ms`);
  assert.deepEqual(api.filter(p => p !== '/api/v1/auth/me'), ['/api/v1/dashboard'], 'one JSON request after the session check');
  await shot(page, 'dashboard-3g');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
