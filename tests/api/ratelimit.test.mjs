// Login rate limits that need a server of their own (they block every login from this address):
// 20 failures per address, and the per-account limit under concurrent attempts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { expectStatus, stopServer } from './helpers.mjs';

const USER = { username: 'canbo.hn', password: 'mat-khau-dung-123', unit: 'P01', role: 'reporter' };

test('20 failures from one address within the window: the next login from it is 429, whatever the account', async () => {
  const srv = await startServer({ users: [USER] });
  try {
    const c = new Client(srv.base);
    // Four failures on each of five accounts stays under the per-account limit of 5.
    for (let i = 0; i < 20; i++)
      expectStatus(await c.login(`khong.ton.tai.${i % 5}`, `sai-${i}`), 401, { code: 'unauthenticated', label: `failure ${i + 1}` });
    const r = await c.login(USER.username, USER.password);
    expectStatus(r, 429, { code: 'rate_limited', label: '21st attempt, right password of another account' });
    assert.match(r.headers.get('retry-after') || '', /^\d+$/, 'Retry-After');
  } finally { await stopServer(srv); }
});

test('concurrent wrong passwords for one account: at most 5 are checked, the rest are 429', async () => {
  const srv = await startServer({ users: [USER] });
  try {
    const replies = await Promise.all(Array.from({ length: 15 }, (_, i) => new Client(srv.base).login(USER.username, `sai-${i}`)));
    const statuses = replies.map(r => r.status);
    assert.ok(statuses.every(s => s === 401 || s === 429), statuses.join(','));
    const checked = statuses.filter(s => s === 401).length;
    assert.ok(checked <= 5, `${checked} password guesses were checked (limit 5): ${statuses.join(',')}`);
    expectStatus(await new Client(srv.base).login(USER.username, USER.password), 429, { code: 'rate_limited' });
  } finally { await stopServer(srv); }
});
