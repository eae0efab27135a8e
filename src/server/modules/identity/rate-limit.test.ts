import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';

const apps: TestApp[] = [];
after(() => Promise.all(apps.map((a) => a.close())));

const attempt = (t: TestApp, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13711112222', password: 'x' }, headers, remoteAddress });

test('per-IP sign-in limit answers 429 with Retry-After; other clients are not affected', async () => {
  const t = await testApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' }, seed: false });
  apps.push(t);
  for (let i = 0; i < 3; i++) assert.equal((await attempt(t)).statusCode, 401);
  const limited = await attempt(t);
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal((await attempt(t, {}, '10.0.0.9')).statusCode, 401, 'another address has its own budget');
});

test('X-Forwarded-For is ignored unless the peer is a configured proxy', async () => {
  const direct = await testApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2' }, seed: false });
  apps.push(direct);
  // A client cannot dodge the limit by inventing forwarded addresses.
  for (let i = 0; i < 2; i++) await attempt(direct, { 'x-forwarded-for': `203.0.113.${i}` });
  assert.equal((await attempt(direct, { 'x-forwarded-for': '203.0.113.99' })).statusCode, 429);

  const proxied = await testApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' }, seed: false });
  apps.push(proxied);
  for (let i = 0; i < 2; i++) await attempt(proxied, { 'x-forwarded-for': '203.0.113.7' });
  assert.equal((await attempt(proxied, { 'x-forwarded-for': '203.0.113.7' })).statusCode, 429);
  assert.equal((await attempt(proxied, { 'x-forwarded-for': '203.0.113.8' })).statusCode, 401, 'behind the proxy each client counts alone');
});
