// "Two of everything" for the object-level access tests (issue 8, H1): two workers, two stations with
// two operators, two unions' officers and chairs, two lawyers, two trainers, employers, incubator
// managers and policy officers, two parking unions, two platform keys, each side's objects built through
// the API as their owners would, each carrying canary strings. A canary is visible to a named set of
// principals; any other principal finding it in a body is a leak.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';
import { demoOrgs, demoStaff, demoWorkers, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { demoZones } from '../../src/server/demo/parking.js';
import { demoTraining } from '../../src/server/demo/training.js';
import { demoJobs } from '../../src/server/demo/jobs.js';
import { demoIncubator, demoEntrepreneur } from '../../src/server/demo/incubator.js';
import { demoCampaignId } from '../../src/server/demo/campaign.js';
import type { Role } from '../../src/shared/reference.js';
import { fixture as oversightFixture, seedOversightFixture } from './oversight-console.js';

export type Who = { name: string; headers: Record<string, string>; roles: Role[]; userId: string; phone: string; side: 'A' | 'B' | null; grants?: { role: Role; orgId: string }[] };
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Matches every canary this file makes: long and shaped so that no random id or text can hold one. */
export const canaryPattern = /CANARY-[AB]-[A-Z0-9-]+?-[0-9a-f]{8}/g;
const run = randomBytes(4).toString('hex');

export async function buildFixtures(t: TestApp) {
  const canaries = new Map<string, Set<string>>();
  /** A canary string for side A or B, visible only to the named principals. */
  const canary = (side: 'A' | 'B', what: string, visibleTo: string[]) => {
    const c = `CANARY-${side}-${what}-${run}`;
    canaries.set(c, new Set(visibleTo));
    return c;
  };
  const p: Record<string, Who> = {};
  const send = async (method: Method, url: string, who: Who | null, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { ...(who?.headers ?? {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const ok = async (method: Method, url: string, who: Who | null, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await send(method, url, who, payload, headers);
    assert.ok(res.statusCode < 300, `${method} ${url} as ${who?.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
  const signIn = async (name: string, phone: string, side: Who['side'], password = DEMO_PASSWORD) => {
    const cookie = await t.login(phone, password);
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json();
    const user = me.user ?? me;
    const grants = (user.roles ?? []) as { role: Role; orgId: string }[];
    p[name] = { name, headers: { cookie }, roles: grants.map((r) => r.role), grants, userId: user.id, phone, side };
    return p[name]!;
  };
  const staff = (role: Role, org?: string) => demoStaff.find((s) => s.roles.some((r) => r.role === role && (org === undefined || r.orgId === org)))!.phone;

  // ---- people ------------------------------------------------------------------------------------
  const admin = await signIn('admin', staff('admin'), null);
  await signIn('analyst', staff('analyst'), null);
  await signIn('auditor', staff('auditor'), null);
  await signIn('workerA', demoWorkers.driver, 'A');
  await signIn('workerB', demoWorkers.courier, 'B');
  await signIn('operatorA', staff('station_operator'), 'A');
  await signIn('officerA', staff('union_officer', demoOrgs.rideHailingUnion), 'A');
  await signIn('chairA', staff('union_chair', demoOrgs.rideHailingUnion), 'A');
  await signIn('lawyerA', staff('lawyer'), 'A');
  await signIn('trainerA', staff('trainer'), 'A');
  await signIn('incubatorA', staff('incubator_manager'), 'A');
  await signIn('employerA', staff('employer'), 'A');
  await signIn('attendantA', staff('parking_attendant'), 'A');
  await signIn('policyA', staff('policy_officer'), 'A');
  await signIn('fedChair', staff('union_chair', demoOrgs.xinjiangFederation), null);
  await signIn('founderA', demoEntrepreneur, 'A');

  // The B side's organisations and staff, made by the admin as in production.
  const org = async (kind: string, name: string, cityCode: string, extra: object = {}) => (await ok('POST', '/api/admin/orgs', admin, { kind, name, cityCode, ...extra })).org?.id ?? (await latestOrg(name));
  const latestOrg = async (name: string) => (await t.ctx.db.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const stationB = (await t.ctx.db.selectFrom('stations').select('id').where('id', 'not in', [demoOrgs.guangchangStation, demoOrgs.ningheStation]).where('city_code', '=', '652301').orderBy('id').executeTakeFirstOrThrow()).id;
  const lawFirmB = await org('law_firm', '第二律师事务所', '652301');
  const schoolB = await org('school', '第二职业培训学校', '652801');
  const incubatorOrgB = await org('incubator', '第二孵化基地', '652801');
  const employerOrgB = await org('employer', '第二电商有限公司', '652801');
  const agencyB = await org('agency', '第二人社局', '652301');
  let phone = 13900000200;
  const makeStaff = async (name: string, role: Role, orgId: string) => {
    const ph = String(phone++);
    await ok('POST', '/api/admin/users', admin, { phone: ph, name: `乙方${name}`, password: DEMO_PASSWORD, roles: [{ role, orgId }] });
    return signIn(name, ph, 'B');
  };
  await makeStaff('operatorB', 'station_operator', stationB);
  await makeStaff('officerB', 'union_officer', demoOrgs.changjiUnion);
  await makeStaff('chairB', 'union_chair', demoOrgs.changjiUnion);
  await makeStaff('lawyerB', 'lawyer', lawFirmB);
  await makeStaff('trainerB', 'trainer', schoolB);
  await makeStaff('incubatorB', 'incubator_manager', incubatorOrgB);
  await makeStaff('employerB', 'employer', employerOrgB);
  await makeStaff('attendantB', 'parking_attendant', demoOrgs.changjiUnion);
  await makeStaff('policyB', 'policy_officer', agencyB);
  const keyA = (await ok('POST', '/api/admin/api-keys', admin, { platformCode: 'didi', label: 'fixtures A' })).key;
  const keyB = (await ok('POST', '/api/admin/api-keys', admin, { platformCode: 't3', label: 'fixtures B' })).key;
  p.platformA = { name: 'platformA', headers: { authorization: `Bearer ${keyA}` }, roles: [], userId: '', phone: '', side: 'A' };
  p.platformB = { name: 'platformB', headers: { authorization: `Bearer ${keyB}` }, roles: [], userId: '', phone: '', side: 'B' };

  const ids: Record<string, string> = { stationA: demoOrgs.guangchangStation, lendingStationA: demoOrgs.ningheStation, stationB, zoneA: demoZones.north };

  // ---- consents (the worker's own) ---------------------------------------------------------------
  for (const w of ['workerA', 'workerB']) for (const c of ['health', 'children']) await send('PUT', `/api/consents/me/${c}`, p[w]!, { granted: true });

  // ---- rights cases ------------------------------------------------------------------------------
  const fileCase = async (side: 'A' | 'B') => {
    const w = p[`worker${side}`]!;
    const staffOf = [`officer${side}`, `chair${side}`];
    const body = {
      category: 'traffic_fine',
      title: canary(side, 'CASE-TITLE', [w.name, ...staffOf, `lawyer${side}`]),
      description: canary(side, 'CASE-DESC', [w.name, ...staffOf, `lawyer${side}`]),
      occurredOn: '2026-11-20',
      place: canary(side, 'CASE-PLACE', [w.name, ...staffOf, `lawyer${side}`]),
      respondentName: '乌鲁木齐市公安局交通警察支队',
      respondentKind: 'authority',
    };
    const c = (await ok('POST', '/api/cases', w, body)).case;
    await ok('POST', `/api/cases/${c.id}/actions`, p[`officer${side}`]!, { action: 'take' });
    await ok('POST', `/api/cases/${c.id}/messages`, w, { body: canary(side, 'CASE-MSG', [w.name, ...staffOf, `lawyer${side}`]) });
    await ok('POST', `/api/cases/${c.id}/messages`, p[`officer${side}`]!, { body: canary(side, 'CASE-INTERNAL', staffOf), internal: true });
    await ok('PUT', `/api/cases/${c.id}/lawyer`, p[`officer${side}`]!, { lawyerUserId: p[`lawyer${side}`]!.userId });
    await ok('POST', `/api/cases/${c.id}/lawyer-notes`, p[`lawyer${side}`]!, { body: canary(side, 'LAWYER-NOTE', [w.name, `lawyer${side}`]) });
    const letter = (
      await ok('POST', `/api/cases/${c.id}/letters`, p[`officer${side}`]!, {
        recipientName: '交警支队',
        subject: canary(side, 'LETTER-SUBJ', [w.name, ...staffOf, `lawyer${side}`]),
        facts: canary(side, 'LETTER-FACTS', [w.name, ...staffOf, `lawyer${side}`]),
        request: '撤销处罚',
      })
    ).letter;
    await ok('POST', `/api/cases/${c.id}/meetings`, p[`officer${side}`]!, { kind: 'meeting', heldOn: '2026-11-25', participants: '双方', minutes: canary(side, 'MEETING', [w.name, ...staffOf, `lawyer${side}`]) });
    const file = await ok('POST', `/api/cases/${c.id}/files`, w, pdf(canary(side, 'CASE-FILE', [w.name, ...staffOf, `lawyer${side}`])), { 'content-type': 'application/pdf' });
    ids[`case${side}`] = c.id;
    ids[`caseLetter${side}`] = letter?.id ?? (await t.ctx.db.selectFrom('case_letters').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()).id;
    ids[`caseFile${side}`] = file.file?.id ?? (await t.ctx.db.selectFrom('case_files').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()).id;
  };
  await fileCase('A');
  await fileCase('B');
  for (const side of ['A', 'B'] as const) {
    const issue = await ok('POST', '/api/systemic-issues', p[`officer${side}`]!, {
      unionId: side === 'A' ? demoOrgs.rideHailingUnion : demoOrgs.changjiUnion,
      // The issue's title shows on its linked cases, to their worker and lawyer too.
      title: canary(side, 'SYSTEMIC', [`officer${side}`, `chair${side}`, `worker${side}`, `lawyer${side}`]),
      linkKind: 'other',
      caseIds: [ids[`case${side}`]],
    });
    ids[`systemic${side}`] = idOf(issue);
  }

  // ---- stations: duty, consultations, classroom, meals, loans, donations, health -----------------
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
  // Lawyer B keeps duty at station B (operator B adds it); lawyer A at Ninghe is the demo's.
  const dutyB = await ok('POST', `/api/stations/${stationB}/lawyer-duty`, p.operatorB!, { lawyerPhone: p.lawyerB!.phone, weekday: 7, start: '09:00', end: '18:00', slotMinutes: 30 });
  ids.dutyB = idOf(dutyB);
  ids.dutyA = (await t.ctx.db.selectFrom('lawyer_duty').select('id').where('station_id', '=', demoOrgs.ningheStation).orderBy('id').executeTakeFirstOrThrow()).id;
  for (const side of ['A', 'B'] as const) {
    const station = side === 'A' ? demoOrgs.ningheStation : stationB;
    const slots = (await ok('GET', `/api/stations/${station}/lawyer-slots?days=14`, null)).slots as { lawyerUserId: string; startsAt: string; available: boolean }[];
    const slot = slots.find((s) => s.available && s.lawyerUserId === p[`lawyer${side}`]!.userId);
    assert.ok(slot, `a free slot of lawyer ${side}`);
    const w = p[`worker${side}`]!;
    const c = await ok('POST', '/api/consultations', w, { stationId: station, lawyerUserId: slot.lawyerUserId, startsAt: slot.startsAt, topic: 'pay', question: canary(side, 'CONSULT-Q', [w.name, `lawyer${side}`]) });
    ids[`consultation${side}`] = idOf(c);
    await ok('PUT', `/api/consultations/${idOf(c)}/notes`, p[`lawyer${side}`]!, { notes: canary(side, 'CONSULT-NOTE', [w.name, `lawyer${side}`]) });
  }
  for (const side of ['A', 'B'] as const) {
    const station = side === 'A' ? demoOrgs.guangchangStation : stationB;
    const op = p[`operator${side}`]!;
    const w = p[`worker${side}`]!;
    const session = await ok('POST', `/api/stations/${station}/classroom`, op, { kind: 'after_school', title: `课堂${side}`, startsOn: today(), endsOn: inDays(60), weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '17:00', closes: '22:00', capacity: 10 });
    ids[`classroom${side}`] = idOf(session);
    const e = await ok('POST', `/api/classroom/${session.session.id}/enrolments`, w, { childName: canary(side, 'CHILD', [w.name, op.name]).slice(0, 40), birthYear: 2017, consent: true });
    ids[`enrolment${side}`] = idOf(e);
    const meal = await ok('POST', `/api/stations/${station}/meals`, op, { date: today(), dish: `套餐${side}`, workerPriceFen: 800, normalPriceFen: 1500, servings: 20 });
    ids[`meal${side}`] = idOf(meal);
    const r = await ok('POST', `/api/meals/${ids[`meal${side}`]}/reservations`, w, {});
    ids[`reservation${side}`] = idOf(r);
    const lendAt = side === 'A' ? demoOrgs.ningheStation : stationB;
    const item = side === 'A' ? (await t.ctx.db.selectFrom('lend_items').select('id').where('station_id', '=', lendAt).orderBy('id').executeTakeFirstOrThrow()).id : idOf(await ok('POST', `/api/stations/${stationB}/items`, op, { kind: 'umbrella', name: '雨伞B', stock: 5 }));
    ids[`item${side}`] = item;
    ids[`loan${side}`] = idOf(await ok('POST', `/api/items/${item}/loans`, w, {}));
    const donation = await ok('POST', `/api/stations/${station}/donations`, op, { description: `捐赠${side}`, quantity: 5, donor: canary(side, 'DONOR', [op.name, 'public']).slice(0, 60) });
    ids[`donation${side}`] = idOf(donation);
    await ok('POST', `/api/stations/${side === 'A' ? demoOrgs.ningheStation : stationB}/health-readings`, op, { workerPhone: w.phone, systolic: side === 'A' ? 131 : 127, diastolic: 83, pulse: 71 });
  }

  // ---- parking: union B's zone, a registered vehicle each ---------------------------------------
  const zoneB = await ok('POST', '/api/parking/zones', p.chairB!, { orgId: demoOrgs.changjiUnion, name: '昌吉停车区', place: canary('B', 'ZONE-PLACE', ['chairB', 'officerB', 'attendantB', 'admin']), capacity: 10, freeMinutes: 60 });
  ids.zoneB = idOf(zoneB);
  for (const side of ['A', 'B'] as const) {
    const v = await ok('POST', '/api/parking/vehicles', p[`officer${side}`]!, { plate: side === 'A' ? '新A9C111' : '新B9C222', // Hand registrations are one regional allow-list (no org): every union's staff sees them.
      reason: canary(side, 'VEHICLE', ['officerA', 'chairA', 'officerB', 'chairB', 'fedChair']) });
    ids[`vehicle${side}`] = idOf(v);
    const k = await ok('POST', `/api/parking/zones/${ids[`zone${side}`]}/keys`, side === 'A' ? p.chairA! : p.chairB!, { label: `key ${side}` });
    ids[`zoneKey${side}`] = idOf(k);
    p[`gate${side}`] = { name: `gate${side}`, headers: { 'x-zone-key': k.key }, roles: [], userId: '', phone: '', side };
  }

  // ---- training, jobs, incubator, policy: A is the demo's, B is made by B's staff ----------------
  ids.cohortA = demoTraining.openCohort;
  ids.programmeA = demoTraining.programme;
  ids.programmeB = idOf(await ok('POST', '/api/training/programmes', p.trainerB!, { name: '电子商务师B', occupation: 'ecommerce_specialist', level: 5, description: canary('B', 'PROGRAMME', ['trainerB', 'public']) }));
  ids.orderA = demoJobs.linkedOrder;
  const orderB = await ok('POST', '/api/jobs/orders', p.employerB!, { title: '客服专员B', position: 'customer_service', headcount: 2, payMinFen: 400000, payMaxFen: 600000, cityCode: '652801', description: canary('B', 'JOB-ORDER', ['employerB', 'trainerA', 'trainerB', 'analyst', 'admin']) });
  ids.orderB = idOf(orderB);
  ids.enterpriseA = demoIncubator.creatorEnterprise;
  ids.teamA = demoIncubator.creatorTeam;
  ids.productA = demoIncubator.pearProduct;
  ids.enterpriseB = idOf(await ok('POST', '/api/incubator/enterprises', p.incubatorB!, { orgId: incubatorOrgB, name: '第二企业', sector: 'live_selling', description: canary('B', 'ENTERPRISE', ['incubatorB', 'admin']) }));
  // Ride-hailing oversight is region-wide: a referral made by union A's officer is worked by every union's staff.
  await seedOversightFixture(t.ctx.db);
  const UNION_STAFF = ['officerA', 'chairA', 'officerB', 'chairB', 'fedChair'];
  ids.referralA = idOf(await ok('POST', '/api/oversight/referrals', p.officerA!, { subjectKind: 'plate', subject: oversightFixture.unlicensedPlate, note: canary('A', 'REFERRAL', UNION_STAFF) }));
  // The campaign (led by the regional federation): a progress note with a file, read by its readers only.
  const problem = await t.ctx.db.selectFrom('campaign_problems').select('id').where('campaign_id', '=', demoCampaignId).where('status', '!=', 'closed').orderBy('id').executeTakeFirstOrThrow();
  const camp = await campaignAudience(t, Object.values(p), problem.id);
  const progress = await ok('POST', `/api/campaign-problems/${problem.id}/progress`, p.fedChair!, { body: canary('A', 'CAMPAIGN-PROGRESS', camp.problemViewers) });
  ids.problemA = problem.id;
  ids.progressA = idOf(progress);
  ids.evidenceA = idOf(await ok('POST', `/api/campaign-problems/${problem.id}/progress/${ids.progressA}/files?name=evidence.pdf`, p.fedChair!, pdf(canary('A', 'CAMPAIGN-FILE', camp.evidenceReaders)), { 'content-type': 'application/pdf' }));
  ids.policyAppA = (await t.ctx.db.selectFrom('policy_applications').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  return { p, ids, canaries, send, ok, camp, orgs: { lawFirmB, schoolB, incubatorOrgB, employerOrgB, agencyB } };
}
export type Fixtures = Awaited<ReturnType<typeof buildFixtures>>;

/**
 * Who may see the demo campaign and one of its problems, by the rule the campaign's design states
 * (decision 0017): analysts and the staff of the lead and of any owner organisation see the campaign and
 * its whole problem board; a problem's evidence files are for the lead's staff, its owner organisation's
 * staff and its owner person (never analysts); the lead's managers (its chair or policy officer) manage.
 */
async function campaignAudience(t: TestApp, people: Who[], problemId: string) {
  const STAFF: Role[] = ['union_officer', 'union_chair', 'policy_officer'];
  const c = await t.ctx.db.selectFrom('campaigns').select('lead_org_id').where('id', '=', demoCampaignId).executeTakeFirstOrThrow();
  const problems = await t.ctx.db.selectFrom('campaign_problems').select(['id', 'owner_org_id', 'owner_user_id']).where('campaign_id', '=', demoCampaignId).execute();
  const pr = problems.find((x) => x.id === problemId)!;
  const staffOf = (w: Who, org: string) => (w.grants ?? []).some((g) => STAFF.includes(g.role) && g.orgId === org);
  const analyst = (w: Who) => w.roles.includes('analyst');
  const names = (ok: (w: Who) => boolean) => people.filter(ok).map((w) => w.name);
  return {
    campaignViewers: names((w) => analyst(w) || staffOf(w, c.lead_org_id) || problems.some((x) => staffOf(w, x.owner_org_id) || x.owner_user_id === w.userId)),
    managers: names((w) => (w.grants ?? []).some((g) => (g.role === 'union_chair' || g.role === 'policy_officer') && g.orgId === c.lead_org_id)),
    // Whoever sees the campaign sees its whole problem board (campaign.service loadProblem).
    problemViewers: names((w) => analyst(w) || staffOf(w, c.lead_org_id) || problems.some((x) => staffOf(w, x.owner_org_id) || x.owner_user_id === w.userId)),
    evidenceReaders: names((w) => staffOf(w, c.lead_org_id) || staffOf(w, pr.owner_org_id) || pr.owner_user_id === w.userId),
    progressWriters: names((w) => pr.owner_user_id === w.userId || (w.grants ?? []).some((g) => (g.role === 'union_chair' || g.role === 'policy_officer') && g.orgId === c.lead_org_id)),
  };
}

/** The id in a created-object answer: `{ id }` or `{ thing: { id } }`. */
export function idOf(o: unknown): string {
  const x = o as Record<string, unknown>;
  if (typeof x.id === 'string') return x.id;
  for (const v of Object.values(x)) if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') return (v as { id: string }).id;
  throw new Error(`no id in ${JSON.stringify(o).slice(0, 200)}`);
}

/** A small, valid PDF whose text holds the given marker. */
export function pdf(marker: string) {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body);
}

/** The canaries in a body that the principal may not see. */
export function foreignCanaries(f: Fixtures, body: string, who: string) {
  return [...body.matchAll(canaryPattern)].map((m) => m[0]).filter((c) => !f.canaries.get(c)?.has(who) && !f.canaries.get(c)?.has('public'));
}
