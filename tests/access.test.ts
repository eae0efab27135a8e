// The route × role table: every registered API route, called by every kind of principal, answers as
// this table says. A route added without a row here fails the first test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from './helpers/app.js';
import { demoStaff, demoWorkers } from '../src/server/demo/seed.js';
import { demoZones } from '../src/server/demo/parking.js';
import { sha256 } from '../src/server/platform/crypto.js';
import { roles, type Role } from '../src/shared/reference.js';

type Rule = 'public' | 'signedIn' | 'platform' | 'gate' | readonly Role[];
const UNION_STAFF = ['union_officer', 'union_chair'] as const;
const ON_CASE = ['worker', 'union_officer', 'union_chair', 'lawyer'] as const;
const REGISTRY_EDIT = ['union_officer', 'union_chair', 'admin'] as const;
const REGISTRY_READ = [...REGISTRY_EDIT, 'analyst'] as const;
const PARKING_VIEW = ['parking_attendant', 'union_officer', 'union_chair', 'admin'] as const;
const PARKING_OPERATE = ['parking_attendant', 'union_officer', 'union_chair'] as const;
const PARKING_MANAGE = ['union_chair', 'admin'] as const;
const INCUBATOR_VIEW = ['incubator_manager', 'admin'] as const;
const INCUBATOR_MANAGE = ['incubator_manager'] as const;
const JOBS_VIEW = ['employer', 'trainer', 'analyst', 'admin'] as const;
const JOBS_FIGURES = ['trainer', 'employer', 'analyst'] as const;

export const table: Record<string, Rule> = {
  'GET /api/health': 'public',
  'GET /api/reference': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'signedIn',
  'PATCH /api/auth/me': 'signedIn',
  'POST /api/workers/register': 'public',
  'GET /api/workers/me': ['worker'],
  'PATCH /api/workers/me': ['worker'],
  'GET /api/workers': UNION_STAFF,
  'GET /api/workers/:id': UNION_STAFF,
  'POST /api/workers/:id/unmask': ['union_chair'],
  'GET /api/unions': 'public',
  'POST /api/unions/:id/applications': ['worker'],
  'GET /api/unions/:id/applications': UNION_STAFF,
  'POST /api/applications/:id/approve': UNION_STAFF,
  'POST /api/applications/:id/reject': UNION_STAFF,
  'GET /api/memberships/me': ['worker'],
  'GET /api/memberships/me/card': ['worker'],
  'GET /api/memberships/verify/:token': ['station_operator', ...UNION_STAFF],
  'GET /api/admin/users': ['admin'],
  'POST /api/admin/users': ['admin'],
  'PATCH /api/admin/users/:id': ['admin'],
  'GET /api/admin/orgs': ['admin'],
  'POST /api/admin/orgs': ['admin'],
  'GET /api/admin/api-keys': ['admin'],
  'POST /api/admin/api-keys': ['admin'],
  'DELETE /api/admin/api-keys/:id': ['admin'],
  'GET /api/platform/whoami': 'platform',
  'POST /api/oversight/orders': 'platform',
  'GET /api/stations/nearby': 'public',
  'GET /api/stations': 'public',
  'GET /api/stations/export/hsds': 'public',
  'GET /api/stations/:id': 'public',
  'POST /api/stations': ['admin'],
  'PATCH /api/stations/:id': ['station_operator', 'admin'],
  'GET /api/stations/:id/checkin-code': ['station_operator', 'admin'],
  'GET /api/stations/:id/meals': 'public',
  'POST /api/stations/:id/meals': ['station_operator'],
  'PATCH /api/meals/:id': ['station_operator'],
  'POST /api/meals/:id/reservations': ['worker'],
  'GET /api/meal-reservations/me': ['worker'],
  'POST /api/meal-reservations/:id/cancel': ['worker'],
  'POST /api/meal-reservations/:id/serve': ['station_operator'],
  'GET /api/stations/:id/meals/day': ['station_operator'],
  'GET /api/stations/:id/items': 'public',
  'POST /api/stations/:id/items': ['station_operator'],
  'PATCH /api/items/:id': ['station_operator'],
  'POST /api/items/:id/loans': ['worker', 'station_operator'],
  'POST /api/loans/:id/return': ['worker', 'station_operator'],
  'GET /api/loans/me': ['worker'],
  'GET /api/stations/:id/loans': ['station_operator'],
  'GET /api/stations/:id/donations': 'public',
  'GET /api/stations/:id/donations/log': ['station_operator'],
  'POST /api/stations/:id/donations': ['station_operator'],
  'POST /api/donations/:id/claim': ['worker'],
  'GET /api/stations/:id/lawyer-duty': 'public',
  'POST /api/stations/:id/lawyer-duty': ['station_operator'],
  'DELETE /api/lawyer-duty/:id': ['station_operator'],
  'GET /api/stations/:id/lawyer-slots': 'public',
  'POST /api/consultations': ['worker'],
  'GET /api/consultations/me': ['worker'],
  'GET /api/consultations/assigned': ['lawyer'],
  'GET /api/consultations/:id': ['worker', 'lawyer'],
  'PUT /api/consultations/:id/notes': ['lawyer'],
  'POST /api/consultations/:id/status': ['lawyer'],
  'POST /api/consultations/:id/cancel': ['worker'],
  'POST /api/consultations/:id/handover': ['worker', 'lawyer'],
  'GET /api/stations/:id/classroom': 'public',
  'POST /api/stations/:id/classroom': ['station_operator'],
  'POST /api/classroom/:id/enrolments': ['worker'],
  'GET /api/classroom/enrolments/me': ['worker'],
  'POST /api/classroom/enrolments/:id/withdraw': ['worker'],
  'GET /api/classroom/:id/roster': ['station_operator'],
  'POST /api/classroom/enrolments/:id/check-in': ['station_operator'],
  'POST /api/classroom/enrolments/:id/check-out': ['station_operator'],
  'GET /api/consents/me': ['worker'],
  'PUT /api/consents/me/:category': ['worker'],
  'POST /api/stations/:id/health-readings': ['station_operator'],
  'GET /api/health-readings/me': ['worker'],
  'POST /api/visits': ['worker'],
  'GET /api/stations/:id/day': ['station_operator'],
  'POST /api/cases': ['worker'],
  'GET /api/cases/mine': ['worker'],
  'GET /api/cases/respondents': 'signedIn',
  'PATCH /api/cases/:id': UNION_STAFF,
  'GET /api/cases/queue': UNION_STAFF,
  'GET /api/cases/legal': ['lawyer'],
  'GET /api/cases/dashboard': UNION_STAFF,
  'GET /api/cases/aggregates': ['analyst'],
  'GET /api/cases/lawyers': UNION_STAFF,
  'GET /api/cases/officers': UNION_STAFF,
  'GET /api/cases/rules': ['union_officer', 'union_chair', 'admin'],
  'PUT /api/cases/rules/sla': ['union_chair', 'admin'],
  'PUT /api/cases/rules/calendar': ['union_chair', 'admin'],
  'GET /api/cases/:id': ON_CASE,
  'POST /api/cases/:id/actions': ON_CASE,
  'POST /api/cases/:id/messages': ['worker', 'union_officer', 'union_chair'],
  'POST /api/cases/:id/files': ON_CASE,
  'GET /api/cases/:id/files/:fileId': ON_CASE,
  'POST /api/cases/:id/letters': UNION_STAFF,
  'GET /api/cases/:id/letters/:letterId/:format': ['worker', 'union_officer', 'union_chair'],
  'POST /api/cases/:id/letters/:letterId/steps': UNION_STAFF,
  'POST /api/cases/:id/meetings': UNION_STAFF,
  'PUT /api/cases/:id/lawyer': UNION_STAFF,
  'POST /api/cases/:id/lawyer-notes': ['lawyer'],
  'POST /api/cases/:id/court': ['lawyer', 'union_officer', 'union_chair'],
  'GET /api/cases/:id/similar': UNION_STAFF,
  'GET /api/systemic-issues': UNION_STAFF,
  'POST /api/systemic-issues': UNION_STAFF,
  'GET /api/systemic-issues/:id': UNION_STAFF,
  'POST /api/systemic-issues/:id/cases': UNION_STAFF,
  'POST /api/systemic-issues/:id/rule-change': UNION_STAFF,
  'GET /api/oversight/months': [...UNION_STAFF, 'analyst'],
  'GET /api/oversight/scorecard': [...UNION_STAFF, 'analyst'],
  'GET /api/oversight/findings': [...UNION_STAFF, 'analyst'],
  'GET /api/oversight/findings/export': [...UNION_STAFF, 'analyst'],
  'GET /api/oversight/watchlist': UNION_STAFF,
  'GET /api/oversight/enforcement': UNION_STAFF,
  'POST /api/oversight/enforcement': UNION_STAFF,
  'GET /api/oversight/referral-targets': UNION_STAFF,
  'GET /api/oversight/referrals': UNION_STAFF,
  'POST /api/oversight/referrals': UNION_STAFF,
  'GET /api/oversight/referrals/:id': UNION_STAFF,
  'PATCH /api/oversight/referrals/:id': UNION_STAFF,
  'GET /api/oversight/me/figures': ['worker'],
  'POST /api/oversight/me/cases': ['worker'],
  'GET /api/oversight/platforms': REGISTRY_READ,
  'PATCH /api/oversight/platforms/:code': REGISTRY_EDIT,
  'GET /api/oversight/permits': REGISTRY_READ,
  'GET /api/oversight/permits/:kind': REGISTRY_READ,
  'PATCH /api/oversight/permits/:kind/:id': REGISTRY_EDIT,
  'POST /api/oversight/permits/:kind/import': REGISTRY_EDIT,
  'GET /api/oversight/rules': REGISTRY_READ,
  'GET /api/oversight/rules/:id': REGISTRY_READ,
  'POST /api/oversight/rules': REGISTRY_EDIT,
  'GET /api/notifications/me': 'signedIn',
  'POST /api/notifications/read': 'signedIn',
  'GET /api/me/data-export': 'signedIn',
  'GET /api/audit': ['auditor'],
  'GET /api/audit/verify': ['auditor'],
  'GET /api/parking/zones': PARKING_VIEW,
  'POST /api/parking/zones': PARKING_MANAGE,
  'PATCH /api/parking/zones/:id': PARKING_MANAGE,
  'GET /api/parking/zones/:id/stays': PARKING_VIEW,
  'POST /api/parking/zones/:id/entries': PARKING_OPERATE,
  'POST /api/parking/zones/:id/exits': PARKING_OPERATE,
  'GET /api/parking/check': PARKING_OPERATE,
  'GET /api/parking/overstays': PARKING_VIEW,
  'GET /api/parking/figures': ['union_officer', 'union_chair', 'admin'],
  'GET /api/parking/refusals': ['union_officer', 'union_chair', 'admin'],
  'GET /api/parking/vehicles': UNION_STAFF,
  'POST /api/parking/vehicles': UNION_STAFF,
  'DELETE /api/parking/vehicles/:id': UNION_STAFF,
  'GET /api/parking/zones/:id/keys': PARKING_MANAGE,
  'POST /api/parking/zones/:id/keys': PARKING_MANAGE,
  'DELETE /api/parking/zone-keys/:id': PARKING_MANAGE,
  'GET /api/parking/gate/zone': 'gate',
  'POST /api/parking/gate/entry': 'gate',
  'POST /api/parking/gate/exit': 'gate',
  'GET /api/jobs/orders': JOBS_VIEW,
  'POST /api/jobs/orders': ['employer'],
  'GET /api/jobs/orders/:id': JOBS_VIEW,
  'POST /api/jobs/orders/:id/close': ['employer'],
  'GET /api/jobs/cohorts': ['employer', 'trainer'],
  'GET /api/jobs/orders/:id/matches': ['trainer'],
  'POST /api/jobs/orders/:id/candidates': ['trainer'],
  'GET /api/jobs/orders/:id/candidates': ['employer', 'trainer'],
  'POST /api/jobs/candidates/:id/interview': ['employer'],
  'POST /api/jobs/candidates/:id/hire': ['employer'],
  'POST /api/jobs/candidates/:id/decline': ['employer'],
  'POST /api/jobs/candidates/:id/withdraw': 'signedIn',
  'GET /api/jobs/me': 'signedIn',
  'PUT /api/jobs/me/profile': 'signedIn',
  'GET /api/jobs/placements': JOBS_FIGURES,
  'POST /api/jobs/placements/:id/followups': ['employer', 'trainer'],
  'GET /api/jobs/figures': JOBS_FIGURES,
  'GET /api/incubator/enterprises': INCUBATOR_VIEW,
  'POST /api/incubator/enterprises': INCUBATOR_MANAGE,
  'GET /api/incubator/enterprises/:id': INCUBATOR_VIEW,
  'PATCH /api/incubator/enterprises/:id': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/stage': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/founders': INCUBATOR_MANAGE,
  'DELETE /api/incubator/founders/:id': INCUBATOR_MANAGE,
  'GET /api/incubator/spaces': INCUBATOR_VIEW,
  'POST /api/incubator/spaces': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/spaces': INCUBATOR_MANAGE,
  'POST /api/incubator/space-assignments/:id/release': INCUBATOR_MANAGE,
  'GET /api/incubator/mentors': INCUBATOR_VIEW,
  'POST /api/incubator/mentors': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/mentors': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/mentors/unassign': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/services': INCUBATOR_MANAGE,
  'POST /api/incubator/enterprises/:id/teams': INCUBATOR_MANAGE,
  'GET /api/incubator/teams': INCUBATOR_VIEW,
  'GET /api/incubator/teams/:id': 'signedIn',
  'POST /api/incubator/teams/:id/members': INCUBATOR_MANAGE,
  'DELETE /api/incubator/team-members/:id': INCUBATOR_MANAGE,
  'POST /api/incubator/teams/:id/shortlist': 'signedIn',
  'DELETE /api/incubator/shortlist/:id': 'signedIn',
  'GET /api/me/enterprise': 'signedIn',
  'GET /api/incubator/figures': ['incubator_manager', 'analyst', 'admin'],
  'GET /api/incubator/products': INCUBATOR_VIEW,
  'POST /api/incubator/products': INCUBATOR_MANAGE,
  'GET /api/incubator/products/:id': INCUBATOR_VIEW,
  'PATCH /api/incubator/products/:id': INCUBATOR_MANAGE,
  'POST /api/incubator/products/:id/stock': INCUBATOR_MANAGE,
  'POST /api/incubator/products/:id/checks': INCUBATOR_MANAGE,
  'GET /api/products': 'public',
  'GET /api/training/cohorts': 'public',
  'GET /api/training/cohorts/:id': 'public',
  'GET /api/certificates/verify/:number': 'public',
  'POST /api/training/cohorts/:id/applications': 'signedIn',
  'POST /api/training/enrolments/:id/withdraw': 'signedIn',
  'GET /api/training/me': 'signedIn',
  'GET /api/training/programmes': ['trainer'],
  'POST /api/training/programmes': ['trainer'],
  'POST /api/training/programmes/:id/courses': ['trainer'],
  'GET /api/training/manage/cohorts': ['trainer'],
  'POST /api/training/cohorts': ['trainer'],
  'PATCH /api/training/cohorts/:id': ['trainer'],
  'GET /api/training/cohorts/:id/enrolments': ['trainer'],
  'POST /api/training/enrolments/:id/accept': ['trainer'],
  'POST /api/training/enrolments/:id/complete': ['trainer'],
  'POST /api/training/enrolments/:id/decline': ['trainer'],
  'POST /api/training/enrolments/:id/drop': ['trainer'],
  'GET /api/training/cohorts/:id/sessions': ['trainer'],
  'POST /api/training/cohorts/:id/sessions': ['trainer'],
  'PUT /api/training/sessions/:id/attendance': ['trainer'],
  'GET /api/training/cohorts/:id/exams': ['trainer'],
  'POST /api/training/cohorts/:id/exams': ['trainer'],
  'POST /api/training/exams/:id/results': ['trainer'],
  'PATCH /api/training/results/:id': ['trainer'],
  'POST /api/training/certificates': ['trainer'],
  'POST /api/training/certificates/:id/revoke': ['trainer'],
  'GET /api/training/certificates/:id/pdf': 'signedIn',
  'GET /api/training/figures': ['trainer', 'analyst', 'admin'],
  'GET /api/policy/schemes': 'signedIn',
  'PATCH /api/policy/schemes/:id': ['policy_officer'],
  'GET /api/policy/options': 'signedIn',
  'POST /api/policy/schemes/:id/check': 'signedIn',
  'POST /api/policy/schemes/:id/applications': 'signedIn',
  'GET /api/policy/applications/mine': 'signedIn',
  'GET /api/policy/applications': ['policy_officer'],
  'GET /api/policy/applications/:id': 'signedIn',
  'POST /api/policy/applications/:id/approve': ['policy_officer'],
  'POST /api/policy/applications/:id/reject': ['policy_officer'],
  'POST /api/policy/applications/:id/disbursements': ['policy_officer'],
  'GET /api/policy/figures': ['policy_officer', 'analyst'],
  // the observatory's figures (issue 7, P1)
  'GET /api/stats/dashboard/:section': ['analyst', 'union_chair', 'policy_officer'],
  'GET /api/stats/dashboard/:section/:table': ['analyst', 'union_chair', 'policy_officer'],
  'POST /api/stats/refresh': ['analyst'],
  // agency figures (issue 7, P2)
  'POST /api/stats/agency/uploads': ['analyst'],
  'GET /api/stats/agency/uploads/:id': ['analyst'],
  'DELETE /api/stats/agency/uploads/:id': ['analyst'],
  'POST /api/stats/agency/uploads/:id/commit': ['analyst'],
  'GET /api/stats/agency/imports': ['analyst'],
  'GET /api/stats/agency/imports/:id': ['analyst'],
  'POST /api/stats/agency/imports/:id/withdraw': ['analyst'],
  'GET /api/stats/supplied': ['analyst', 'union_chair', 'policy_officer'],
  // the observatory's report PDF (issue 7, P4)
  'GET /api/stats/report.pdf': ['analyst', 'union_chair', 'policy_officer'],
  // the special campaign (issue 7, P3)
  'GET /api/campaigns': ['union_officer', 'union_chair', 'policy_officer', 'analyst'],
  'POST /api/campaigns': ['union_chair', 'policy_officer'],
  'GET /api/campaigns/:id': ['union_officer', 'union_chair', 'policy_officer', 'analyst'],
  'PATCH /api/campaigns/:id': ['union_chair', 'policy_officer'],
  'GET /api/campaigns/:id/problems': ['union_officer', 'union_chair', 'policy_officer', 'analyst'],
  'POST /api/campaigns/:id/problems': ['union_chair', 'policy_officer'],
  'GET /api/campaigns/:id/owners': ['union_chair', 'policy_officer'],
  'GET /api/campaigns/:id/proposals': ['union_officer', 'union_chair', 'policy_officer', 'analyst'],
  'POST /api/campaigns/:id/proposals/accept': ['union_chair', 'policy_officer'],
  'POST /api/campaigns/:id/proposals/dismiss': ['union_chair', 'policy_officer'],
  'GET /api/campaign-problems/:id': ['union_officer', 'union_chair', 'policy_officer', 'analyst'],
  'PATCH /api/campaign-problems/:id': ['union_chair', 'policy_officer'],
  'POST /api/campaign-problems/:id/progress': ['union_officer', 'union_chair', 'policy_officer'],
  'POST /api/campaign-problems/:id/progress/:progressId/files': ['union_officer', 'union_chair', 'policy_officer'],
  'GET /api/campaign-problems/:id/files/:fileId': ['union_officer', 'union_chair', 'policy_officer'],
  'POST /api/campaign-problems/:id/steps': ['union_officer', 'union_chair', 'policy_officer'],
  'GET /api/public/campaigns': 'public',
  'GET /api/public/campaigns/:id': 'public',
};
// Swagger UI's own pages and assets are public documentation.
const isDocs = (url: string) => url.startsWith('/api/docs');

type P = { name: string; headers: Record<string, string>; roles: Role[]; kind: 'anonymous' | 'user' | 'platform' | 'gate' | 'dead' };
let t: TestApp;
const principals: P[] = [];

before(async () => {
  t = await testApp();
  principals.push({ name: 'anonymous', headers: {}, roles: [], kind: 'anonymous' });
  principals.push({ name: 'worker', headers: { cookie: await t.login(demoWorkers.driver) }, roles: ['worker'], kind: 'user' });
  for (const s of demoStaff) {
    principals.push({ name: s.roles[0]!.role, headers: { cookie: await t.login(s.phone) }, roles: s.roles.map((r) => r.role), kind: 'user' });
  }
  // An expired admin session.
  const expired = await t.login('13900000009');
  await t.ctx.db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('id_hash', '=', sha256(expired.split('=')[1]!)).execute();
  const admin = principals.find((p) => p.name === 'admin')!;
  const key = (await t.app.inject({ method: 'POST', url: '/api/admin/api-keys', headers: admin.headers, payload: { platformCode: 'didi', label: 'access test' } })).json().key;
  principals.push({ name: 'platform key', headers: { authorization: `Bearer ${key}` }, roles: [], kind: 'platform' });
  const zoneKey = (await t.app.inject({ method: 'POST', url: `/api/parking/zones/${demoZones.north}/keys`, headers: admin.headers, payload: { label: 'access test' } })).json().key;
  principals.push({ name: 'zone key', headers: { 'x-zone-key': zoneKey }, roles: [], kind: 'gate' });
  principals.push({ name: 'expired session', headers: { cookie: expired }, roles: [], kind: 'dead' });
  // A disabled officer whose session row still exists: refused on the very next request.
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { phone: '13933330000', name: '停用干事', password: 'long-enough-3', roles: [{ role: 'union_officer', orgId: demoStaff[1]!.roles[0]!.orgId }] },
  });
  const disabled = await t.login('13933330000', 'long-enough-3');
  await t.ctx.db.updateTable('users').set({ is_disabled: 1 }).where('id', '=', made.json().id).execute();
  principals.push({ name: 'disabled user', headers: { cookie: disabled }, roles: [], kind: 'dead' });
});
after(() => t.close());

test('every API route has a row in the table, and every row a route', () => {
  const registered = t.routeTable.filter((r) => !isDocs(r.url)).map((r) => `${r.method} ${r.url}`);
  const missing = registered.filter((k) => !(k in table));
  const stale = Object.keys(table).filter((k) => !registered.includes(k));
  assert.deepEqual(missing, [], `routes without a row in tests/access.test.ts: ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `rows without a route: ${stale.join(', ')}`);
  assert.ok(t.routeTable.some((r) => isDocs(r.url) && r.access && 'public' in r.access));
});

function allowed(rule: Rule, p: P): boolean {
  if (rule === 'public') return true;
  if (rule === 'platform') return p.kind === 'platform';
  if (rule === 'gate') return p.kind === 'gate';
  if (p.kind !== 'user') return false;
  if (rule === 'signedIn') return true;
  return p.roles.some((r) => rule.includes(r));
}

const fill = (url: string) =>
  url.replace(':category', 'health').replace(':token', 'AAAAAAAAAAAAAAAAAAAAAAAA').replace(/:id\b/g, '00000000-0000-4000-8000-0000000000ff');

test('every route × every principal answers as the table says', async () => {
  // Sign-out ends the caller's session, so it goes last.
  const entries = Object.entries(table).sort(([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
  const wrong: string[] = [];
  let checked = 0;
  for (const [key, rule] of entries) {
    const [method, url] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
    for (const p of principals) {
      const res = await t.app.inject({ method, url: fill(url), headers: p.headers, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
      checked++;
      const ok = allowed(rule, p);
      const expected = ok ? 'not 401/403' : p.kind === 'user' || p.kind === 'platform' || p.kind === 'gate' ? '403' : '401';
      const good = ok ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500 : String(res.statusCode) === expected;
      if (!good) wrong.push(`${key} as ${p.name}: got ${res.statusCode}, expected ${expected} (${res.body.slice(0, 120)})`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(checked, entries.length * principals.length);
  assert.ok(principals.length >= roles.length + 5, 'anonymous, every role, platform key, zone key, expired, disabled');
});

test('the OpenAPI document describes every API route', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.match(doc.openapi, /^3\./);
  const missing = Object.keys(table)
    .filter((k) => k !== 'GET /api/openapi.json')
    .filter((k) => {
      const [method, url] = k.split(' ') as [string, string];
      const path = url.replace(/:([a-z]+)/gi, '{$1}');
      return !doc.paths[path]?.[method.toLowerCase()];
    });
  assert.deepEqual(missing, []);
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
});
