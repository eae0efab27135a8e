import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoWorkers } from '../../demo/seed.js';
import { sha256 } from '../../platform/crypto.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const login = (phone: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password }, headers });

test('sign in sets a secure, HttpOnly, SameSite=Lax cookie and /me answers', async () => {
  const res = await login(demoWorkers.driver, 'nuanxin2026');
  assert.equal(res.statusCode, 200);
  const c = res.cookies.find((x) => x.name === 'nx_session')!;
  assert.ok(c, 'session cookie set');
  assert.equal(c.httpOnly, true);
  assert.equal(c.secure, true);
  assert.equal(c.sameSite, 'Lax');
  assert.ok(c.value.length >= 22, '>= 128 bits of token');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `nx_session=${c.value}` } });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().user.phoneMasked, '138****0001');
  assert.deepEqual(me.json().user.roles.map((r: { role: string }) => r.role), ['worker']);
});

test('wrong password and unknown number get the same 401', async () => {
  const a = await login(demoWorkers.driver, 'wrong-password');
  const b = await login('13711112222', 'wrong-password');
  assert.equal(a.statusCode, 401);
  assert.equal(b.statusCode, 401);
  assert.deepEqual(a.json(), b.json());
});

test('sign-in rotates the session: the old token stops working', async () => {
  const first = t.cookieOf(await login(demoWorkers.courier, 'nuanxin2026'));
  const second = await login(demoWorkers.courier, 'nuanxin2026', { cookie: first });
  assert.equal(second.statusCode, 200);
  assert.notEqual(t.cookieOf(second), first);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: t.cookieOf(second) } })).statusCode, 200);
});

test('an account locks for 15 minutes after 10 consecutive failures', async () => {
  const phone = '13900000007'; // employer
  for (let i = 0; i < 9; i++) assert.equal((await login(phone, 'nope')).statusCode, 401);
  const tenth = await login(phone, 'nope');
  assert.equal(tenth.statusCode, 401);
  const locked = await login(phone, 'nuanxin2026');
  assert.equal(locked.statusCode, 423, 'even the right password is refused while locked');
  assert.ok(Number(locked.headers['retry-after']) > 800);
  const actions = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.locked').execute();
  assert.equal(actions.length, 1);
});

test('staff sessions end after 30 idle minutes; the expired cookie gets 401', async () => {
  const cookie = await t.login('13900000008'); // analyst
  const hash = sha256(cookie.split('=')[1]!);
  await t.ctx.db.updateTable('sessions').set({ last_seen_at: Date.now() - 31 * 60_000 }).where('id_hash', '=', hash).execute();
  const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.details[0].code, 'session_ended', 'the page can say the session ended');
  assert.equal(await t.ctx.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hash).executeTakeFirst(), undefined);
});

test('logout ends the session', async () => {
  const cookie = await t.login('13900000005');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
});

test('state changes from another origin get 403; same origin passes', async () => {
  const cookie = await t.login(demoWorkers.driver);
  const cross = await t.app.inject({ method: 'PATCH', url: '/api/auth/me', payload: { locale: 'ug' }, headers: { cookie, origin: 'https://evil.example', host: 'localhost:80' } });
  assert.equal(cross.statusCode, 403);
  const fetchSite = await t.app.inject({ method: 'PATCH', url: '/api/auth/me', payload: { locale: 'ug' }, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
  assert.equal(fetchSite.statusCode, 403);
  const same = await t.app.inject({ method: 'PATCH', url: '/api/auth/me', payload: { locale: 'ug' }, headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' } });
  assert.equal(same.statusCode, 200);
  assert.equal(same.json().user.locale, 'ug');
});

test('bad sign-in input: malformed JSON, unknown field, bad number, wrong media type', async () => {
  const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"phone":', headers: { 'content-type': 'application/json' } });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().error.details[0].code, 'invalid_json');
  const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13800000001', password: 'x', role: 'admin' } });
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(unknown.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]), [['role', 'unknown_field']]);
  const badPhone = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '12345', password: 'x' } });
  assert.equal(badPhone.statusCode, 400);
  assert.equal(badPhone.json().error.details[0].code, 'invalid_phone');
  const media = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: 'phone=1', headers: { 'content-type': 'text/xml' } });
  assert.equal(media.statusCode, 415);
});

test('admin manages users: create staff, change roles (audited), disable ends every session', async () => {
  const admin = await t.login('13900000009');
  const union = (await t.app.inject({ method: 'GET', url: '/api/unions' })).json().items[0].id;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: { cookie: admin },
    payload: { phone: '13911110000', name: '新干事', password: 'long-enough-1', roles: [{ role: 'union_officer', orgId: union }] },
  });
  assert.equal(created.statusCode, 201);
  const id = created.json().id;
  const officer = await t.login('13911110000', 'long-enough-1');
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/unions/${union}/applications`, headers: { cookie: officer } })).statusCode, 200);
  // Role removed: refused on the very next request (the session is ended with the role change).
  const patched = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: { cookie: admin }, payload: { roles: [{ role: 'analyst' }] } });
  assert.equal(patched.statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/unions/${union}/applications`, headers: { cookie: officer } })).statusCode, 401);
  const analyst = await t.login('13911110000', 'long-enough-1');
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/unions/${union}/applications`, headers: { cookie: analyst } })).statusCode, 403);
  const disabled = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: { cookie: admin }, payload: { disabled: true } });
  assert.equal(disabled.statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: analyst } })).statusCode, 401);
  assert.equal((await login('13911110000', 'long-enough-1')).statusCode, 401);
  const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute();
  assert.deepEqual(audit.map((a) => a.action).filter((a) => a.startsWith('user.')), ['user.create', 'user.roles', 'user.disable']);
});

test('separation of duties: admin cannot make themselves auditor; admin+auditor together refused', async () => {
  const admin = await t.login('13900000009');
  const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).json().user;
  const self = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${me.id}`, headers: { cookie: admin }, payload: { roles: [{ role: 'auditor' }] } });
  assert.equal(self.statusCode, 403);
  const both = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: admin }, payload: { phone: '13911110001', name: 'x', password: 'long-enough-1', roles: [{ role: 'admin' }, { role: 'auditor' }] } });
  assert.equal(both.statusCode, 403);
  const missingOrg = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: admin }, payload: { phone: '13911110002', name: 'x', password: 'long-enough-1', roles: [{ role: 'lawyer' }] } });
  assert.equal(missingOrg.statusCode, 400);
  assert.equal(missingOrg.json().error.details[0].path, 'roles.0.orgId');
  assert.equal(await t.ctx.db.selectFrom('users').select('id').where('phone_last4', '=', '0002').where('name', '=', 'x').executeTakeFirst(), undefined, 'nothing half-written');
});

test('platform API keys: shown once, stored hashed, scoped, revoked key gets 401 at once', async () => {
  const admin = await t.login('13900000009');
  const res = await t.app.inject({ method: 'POST', url: '/api/admin/api-keys', headers: { cookie: admin }, payload: { platformCode: 'didi', label: 'orders feed' } });
  assert.equal(res.statusCode, 201);
  const { id, key } = res.json();
  assert.match(key, /^nxk_[A-Za-z0-9_-]{43}$/, '256-bit key');
  const stored = await t.ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.notEqual(stored.key_hash, key);
  assert.ok(!JSON.stringify((await t.app.inject({ method: 'GET', url: '/api/admin/api-keys', headers: { cookie: admin } })).json()).includes(key.slice(10)));
  const who = await t.app.inject({ method: 'GET', url: '/api/platform/whoami', headers: { authorization: `Bearer ${key}` } });
  assert.deepEqual(who.json(), { platformCode: 'didi' });
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/workers/me', headers: { authorization: `Bearer ${key}` } })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/admin/api-keys/${id}`, headers: { cookie: admin } })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/platform/whoami', headers: { authorization: `Bearer ${key}` } })).statusCode, 401);
});

test('admin adds a union; it takes applications and numbers memberships with its short code', async () => {
  const admin = await t.login('13900000009');
  const bad = await t.app.inject({ method: 'POST', url: '/api/admin/orgs', headers: { cookie: admin }, payload: { kind: 'union', name: '库尔勒市快递行业工会', cityCode: '652801' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.details.map((d: { path: string }) => d.path).sort(), ['shortCode', 'unionKind']);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/admin/orgs',
    headers: { cookie: admin },
    payload: { kind: 'union', name: '库尔勒市快递行业工会', unionKind: 'industry', shortCode: 'KEL-KD', cityCode: '652801', foundedOn: '2025-03-01' },
  });
  assert.equal(res.statusCode, 201, res.body);
  const dup = await t.app.inject({ method: 'POST', url: '/api/admin/orgs', headers: { cookie: admin }, payload: { kind: 'union', name: 'x 工会', unionKind: 'city', shortCode: 'KEL-KD', cityCode: '652801' } });
  assert.equal(dup.statusCode, 409);
  const orgs = (await t.app.inject({ method: 'GET', url: '/api/admin/orgs', headers: { cookie: admin } })).json().items;
  assert.ok(orgs.some((o: { id: string; shortCode: string }) => o.id === res.json().id && o.shortCode === 'KEL-KD'));
  const unions = (await t.app.inject({ method: 'GET', url: '/api/unions' })).json().items;
  assert.ok(unions.some((u: { name: string; kind: string }) => u.name === '库尔勒市快递行业工会' && u.kind === 'industry'));
});
