// Object-level access (issue 8, "Access, exhaustively"): for every registered route whose URL takes an
// object id, and every principal the route lets in who is not entitled to the object, the answer is
// identical to a missing object's and holds no canary. Lists, searches, exports and denials carry no
// foreign canary. Forbidden fields in writes never persist. The mapping below is driven by the router: a
// new id route without an entry fails the first test. Fixtures: tests/helpers/fixtures.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { testApp, type TestApp } from './helpers/app.js';
import { buildFixtures, canaryPattern, foreignCanaries, pdf, type Fixtures, type Who } from './helpers/fixtures.js';
import { demoOrgs } from '../src/server/demo/seed.js';
import { demoCampaignId } from '../src/server/demo/campaign.js';
import { demoSchemes } from '../src/server/demo/policy.js';
import { demoTraining } from '../src/server/demo/training.js';
import type { Access } from '../src/server/platform/access.js';

/**
 * readers: principals entitled to the object (not probed; `role:worker` names every worker). seers: may see
 * the object but not act on it, so a 403 is their honest answer (still no canary). Everyone else the
 * route lets in must get exactly the missing object's answer.
 */
type Obj = { params: Record<string, string>; readers: string[]; seers?: string[]; body?: unknown | ((who: Who) => unknown); headers?: Record<string, string> };
type Entry = { public: string } | { global: string } | { objects: (ids: Record<string, string>) => Obj[] };

const PROBLEM = { area: 'pay', title: '问题', description: '描述', publicSummary: '摘要', ownerOrgId: demoOrgs.xinjiangFederation, deadline: '2030-01-01', target: '目标' };
const isId = (url: string) => /:[a-zA-Z]+/.test(url);
const UNION_A = ['officerA', 'chairA'];
const CASE_A = ['workerA', ...UNION_A, 'lawyerA'];

/** Every id route: whose object each principal may reach, or why no principal is "allowed the route, not the object". */
const objects: Record<string, Entry> = {
  // identity, workers, unions
  'GET /api/workers/:id': { objects: (i) => [{ params: { id: i.workerRecA! }, readers: UNION_A }] },
  'POST /api/workers/:id/unmask': { objects: (i) => [{ params: { id: i.workerRecA! }, readers: ['chairA'], body: { field: 'phone', purpose: '核实身份以便联系' } }] },
  'POST /api/unions/:id/applications': { public: 'any worker may apply to join any union' },
  'GET /api/unions/:id/applications': { objects: (i) => [{ params: { id: demoOrgs.rideHailingUnion }, readers: UNION_A }] },
  'POST /api/applications/:id/approve': { objects: (i) => [{ params: { id: i.unionAppA! }, readers: UNION_A }] },
  'POST /api/applications/:id/reject': { objects: (i) => [{ params: { id: i.unionAppA! }, readers: UNION_A, body: { reason: '不符合入会条件' } }] },
  'GET /api/memberships/verify/:token': { public: 'the card token is the bearer proof shown by the worker; any station or union staff checks it' },
  'PATCH /api/admin/users/:id': { global: 'admin only, over every account (no org scope)' },
  'DELETE /api/admin/api-keys/:id': { global: 'admin only, over every key' },
  // stations and their services
  'GET /api/stations/:id': { public: 'the station directory is public' },
  'PATCH /api/stations/:id': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB', 'admin'], body: { phone: '0994-1111111' } }] },
  'GET /api/stations/:id/checkin-code': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB', 'admin'] }] },
  'GET /api/stations/:id/meals': { public: 'the menu is public' },
  'POST /api/stations/:id/meals': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { date: '2030-01-01', dish: '饭', workerPriceFen: 800, normalPriceFen: 1500, servings: 5 } }] },
  'PATCH /api/meals/:id': { objects: (i) => [{ params: { id: i.mealB! }, readers: ['operatorB'], body: { dish: '改' } }] },
  'POST /api/meals/:id/reservations': { public: 'any worker may reserve any station’s meal' },
  'POST /api/meal-reservations/:id/cancel': { objects: (i) => [{ params: { id: i.reservationA! }, readers: ['workerA'] }] },
  'POST /api/meal-reservations/:id/serve': { objects: (i) => [{ params: { id: i.reservationB! }, readers: ['operatorB'] }] },
  'GET /api/stations/:id/meals/day': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'] }] },
  'GET /api/stations/:id/items': { public: 'what a station lends is public' },
  'POST /api/stations/:id/items': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { kind: 'umbrella', name: '伞', stock: 1 } }] },
  'PATCH /api/items/:id': { objects: (i) => [{ params: { id: i.itemB! }, readers: ['operatorB'], body: { stock: 9 } }] },
  'POST /api/items/:id/loans': { objects: (i) => [{ params: { id: i.itemB! }, readers: ['operatorB', 'role:worker'], body: (who: Who) => (who.roles.includes('station_operator') ? { workerPhone: '13800000001' } : {}) }] },
  'POST /api/loans/:id/return': { objects: (i) => [{ params: { id: i.loanA! }, readers: ['workerA', 'operatorA'] }] },
  'GET /api/stations/:id/loans': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'] }] },
  'GET /api/stations/:id/donations': { public: 'donations on offer are public' },
  'GET /api/stations/:id/donations/log': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'] }] },
  'POST /api/stations/:id/donations': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { description: '手套', quantity: 1 } }] },
  'POST /api/donations/:id/claim': { public: 'any worker may claim a donation' },
  'GET /api/stations/:id/lawyer-duty': { public: 'the duty roster is public' },
  'POST /api/stations/:id/lawyer-duty': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { lawyerPhone: '13900000004', weekday: 3, start: '10:00', end: '11:00' } }] },
  'DELETE /api/lawyer-duty/:id': { objects: (i) => [{ params: { id: i.dutyB! }, readers: ['operatorB'] }] },
  'GET /api/stations/:id/lawyer-slots': { public: 'free slots are public' },
  'GET /api/consultations/:id': { objects: (i) => [{ params: { id: i.consultationA! }, readers: ['workerA', 'lawyerA'] }, { params: { id: i.consultationB! }, readers: ['workerB', 'lawyerB'] }] },
  'PUT /api/consultations/:id/notes': { objects: (i) => [{ params: { id: i.consultationA! }, readers: ['lawyerA'], body: { notes: '改写' } }] },
  'POST /api/consultations/:id/status': { objects: (i) => [{ params: { id: i.consultationA! }, readers: ['lawyerA'], body: { status: 'done' } }] },
  'POST /api/consultations/:id/cancel': { objects: (i) => [{ params: { id: i.consultationA! }, readers: ['workerA'] }] },
  'POST /api/consultations/:id/handover': { objects: (i) => [{ params: { id: i.consultationA! }, readers: ['workerA', 'lawyerA'] }] },
  'GET /api/stations/:id/classroom': { public: 'the classroom timetable is public' },
  'POST /api/stations/:id/classroom': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { kind: 'after_school', title: '课堂乙', startsOn: '2030-01-01', endsOn: '2030-02-01', weekdays: [1], opens: '17:00', closes: '19:00', capacity: 3 } }] },
  'POST /api/classroom/:id/enrolments': { public: 'any guardian may enrol a child in any station’s classroom' },
  'POST /api/classroom/enrolments/:id/withdraw': { objects: (i) => [{ params: { id: i.enrolmentA! }, readers: ['workerA'] }] },
  'GET /api/classroom/:id/roster': { objects: (i) => [{ params: { id: i.classroomB! }, readers: ['operatorB'] }] },
  'POST /api/classroom/enrolments/:id/check-in': { objects: (i) => [{ params: { id: i.enrolmentB! }, readers: ['operatorB'] }] },
  'POST /api/classroom/enrolments/:id/check-out': { objects: (i) => [{ params: { id: i.enrolmentB! }, readers: ['operatorB'], body: { pickupCode: '123456' } }] },
  'PUT /api/consents/me/:category': { public: 'not an object: the caller’s own consent by category' },
  'POST /api/stations/:id/health-readings': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'], body: { workerPhone: '13800000002', systolic: 120, diastolic: 80 } }] },
  'GET /api/stations/:id/day': { objects: (i) => [{ params: { id: i.stationB! }, readers: ['operatorB'] }] },
  // rights cases
  'PATCH /api/cases/:id': { objects: (i) => [{ params: { id: i.caseA! }, readers: UNION_A, body: { priority: 'high' } }] },
  'GET /api/cases/:id': { objects: (i) => [{ params: { id: i.caseA! }, readers: CASE_A }, { params: { id: i.caseB! }, readers: ['workerB', 'officerB', 'chairB', 'lawyerB'] }] },
  'POST /api/cases/:id/actions': { objects: (i) => [{ params: { id: i.caseA! }, readers: CASE_A, body: { action: 'take' } }] },
  'POST /api/cases/:id/messages': { objects: (i) => [{ params: { id: i.caseA! }, readers: CASE_A, body: { body: '你好' } }] },
  'POST /api/cases/:id/files': { objects: (i) => [{ params: { id: i.caseA! }, readers: CASE_A, body: pdf('probe'), headers: { 'content-type': 'application/pdf' } }] },
  'GET /api/cases/:id/files/:fileId': { objects: (i) => [{ params: { id: i.caseA!, fileId: i.caseFileA! }, readers: CASE_A }] },
  'POST /api/cases/:id/letters': { objects: (i) => [{ params: { id: i.caseA! }, readers: UNION_A, body: { recipientName: '某', subject: '函', facts: '事实', request: '请求' } }] },
  'GET /api/cases/:id/letters/:letterId/:format': { objects: (i) => [{ params: { id: i.caseA!, letterId: i.caseLetterA!, format: 'pdf' }, readers: ['workerA', ...UNION_A] }] },
  'POST /api/cases/:id/letters/:letterId/steps': { objects: (i) => [{ params: { id: i.caseA!, letterId: i.caseLetterA! }, readers: UNION_A, body: { step: 'sent' } }] },
  'POST /api/cases/:id/meetings': { objects: (i) => [{ params: { id: i.caseA! }, readers: UNION_A, body: { kind: 'meeting', heldOn: '2026-11-26', participants: '甲', minutes: '纪要' } }] },
  'PUT /api/cases/:id/lawyer': { objects: (i) => [{ params: { id: i.caseA! }, readers: UNION_A, body: { lawyerUserId: null } }] },
  'POST /api/cases/:id/lawyer-notes': { objects: (i) => [{ params: { id: i.caseA! }, readers: ['lawyerA'], body: { body: '意见' } }] },
  'POST /api/cases/:id/court': { objects: (i) => [{ params: { id: i.caseA! }, readers: ['lawyerA', ...UNION_A], body: { status: 'filed', onDate: '2026-11-27' } }] },
  'GET /api/cases/:id/similar': { objects: (i) => [{ params: { id: i.caseA! }, readers: UNION_A }] },
  'GET /api/systemic-issues/:id': { objects: (i) => [{ params: { id: i.systemicA! }, readers: UNION_A }] },
  'POST /api/systemic-issues/:id/cases': { objects: (i) => [{ params: { id: i.systemicA! }, readers: UNION_A, body: { caseIds: [i.caseA!] } }] },
  'POST /api/systemic-issues/:id/rule-change': { objects: (i) => [{ params: { id: i.systemicA! }, readers: UNION_A, body: { ruleChange: '规则已改', changedBy: '交警支队', effectiveOn: '2026-11-28' } }] },
  // ride-hailing oversight: regional registry data kept by the unions and shared with analysts
  'GET /api/oversight/referrals/:id': { public: 'region-wide oversight: every union’s staff works the same referrals (only union staff reach the route; the canary test checks nobody else sees one)' },
  'PATCH /api/oversight/referrals/:id': { public: 'region-wide oversight: every union’s staff works the same referrals' },
  'PATCH /api/oversight/platforms/:code': { public: 'the platform registry is one regional register, kept by any union and the admin' },
  'GET /api/oversight/permits/:kind': { public: 'the licence registry is one regional register (kind is driver or vehicle)' },
  'PATCH /api/oversight/permits/:kind/:id': { public: 'the licence registry is one regional register' },
  'POST /api/oversight/permits/:kind/import': { public: 'not an object: the register kind' },
  'GET /api/oversight/rules/:id': { public: 'oversight rules are one regional rule book' },
  // parking
  'PATCH /api/parking/zones/:id': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'admin'], body: { capacity: 11 } }] },
  'GET /api/parking/zones/:id/stays': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'officerB', 'attendantB', 'admin'] }] },
  'POST /api/parking/zones/:id/entries': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'officerB', 'attendantB'], body: { plate: '新B9C222' } }] },
  'POST /api/parking/zones/:id/exits': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'officerB', 'attendantB'], body: { plate: '新B9C222' } }] },
  // Hand registrations are one regional allow-list (no org), kept by every union's staff.
  'DELETE /api/parking/vehicles/:id': { public: 'hand-registered plates are one regional allow-list kept by every union’s staff' },
  'GET /api/parking/zones/:id/keys': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'admin'] }] },
  'POST /api/parking/zones/:id/keys': { objects: (i) => [{ params: { id: i.zoneB! }, readers: ['chairB', 'admin'], body: { label: 'x' } }] },
  'DELETE /api/parking/zone-keys/:id': { objects: (i) => [{ params: { id: i.zoneKeyB! }, readers: ['chairB', 'admin'] }] },
  // directed employment
  'GET /api/jobs/orders/:id': { objects: (i) => [{ params: { id: i.orderB! }, readers: ['employerB', 'trainerA', 'trainerB', 'analyst', 'admin'] }] },
  'POST /api/jobs/orders/:id/close': { objects: (i) => [{ params: { id: i.orderB! }, readers: ['employerB'] }] },
  // Open orders are advertised to every school: a trainer matches and proposes their own graduates (a
  // trainer's candidate list holds only their own school's graduates; the canary list test checks it).
  'GET /api/jobs/orders/:id/matches': { objects: (i) => [{ params: { id: i.orderA! }, readers: ['trainerA', 'trainerB'] }, { params: { id: i.orderB! }, readers: ['trainerA', 'trainerB'] }] },
  'POST /api/jobs/orders/:id/candidates': { objects: (i) => [{ params: { id: i.orderA! }, readers: ['trainerA', 'trainerB'], body: { userIds: [i.workerUserA!] } }] },
  'GET /api/jobs/orders/:id/candidates': { objects: (i) => [{ params: { id: i.orderA! }, readers: ['employerA', 'trainerA', 'trainerB'] }, { params: { id: i.orderB! }, readers: ['employerB', 'trainerA', 'trainerB'] }] },
  'POST /api/jobs/candidates/:id/interview': { objects: (i) => [{ params: { id: i.candidateA! }, readers: ['employerA'], body: { at: '2030-01-02T10:00:00+08:00' } }] },
  'POST /api/jobs/candidates/:id/hire': { objects: (i) => [{ params: { id: i.candidateA! }, readers: ['employerA'], body: { startedOn: '2030-01-05', payBand: '3000-4000' } }] },
  'POST /api/jobs/candidates/:id/decline': { objects: (i) => [{ params: { id: i.candidateA! }, readers: ['employerA'], body: { reason: '不合适' } }] },
  'POST /api/jobs/candidates/:id/withdraw': { objects: (i) => [{ params: { id: i.candidateA! }, readers: [] }] },
  'POST /api/jobs/placements/:id/followups': { objects: (i) => [{ params: { id: i.placementA! }, readers: ['employerA', 'trainerA'], body: { months: 3, employed: true, payBand: '3000-4000' } }] },
  // incubator and product library
  'GET /api/incubator/enterprises/:id': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA', 'admin'] }, { params: { id: i.enterpriseB! }, readers: ['incubatorB', 'admin'] }] },
  'PATCH /api/incubator/enterprises/:id': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { employees: 9 } }] },
  'POST /api/incubator/enterprises/:id/stage': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { stage: 'graduated' } }] },
  'POST /api/incubator/enterprises/:id/founders': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { name: '某人' } }] },
  'DELETE /api/incubator/founders/:id': { objects: (i) => [{ params: { id: i.founderA! }, readers: ['incubatorA'] }] },
  'POST /api/incubator/enterprises/:id/spaces': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { spaceId: i.spaceA!, startsOn: '2030-01-01' } }] },
  'POST /api/incubator/space-assignments/:id/release': { objects: (i) => [{ params: { id: i.assignmentA! }, readers: ['incubatorA'], body: {} }] },
  'POST /api/incubator/enterprises/:id/mentors': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { mentorId: i.mentorA! } }] },
  'POST /api/incubator/enterprises/:id/mentors/unassign': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { mentorId: i.mentorA! } }] },
  'POST /api/incubator/enterprises/:id/services': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { kind: 'registration' } }] },
  'POST /api/incubator/enterprises/:id/teams': { objects: (i) => [{ params: { id: i.enterpriseA! }, readers: ['incubatorA'], body: { name: '队' } }] },
  'GET /api/incubator/teams/:id': { objects: (i) => [{ params: { id: i.teamA! }, readers: ['incubatorA', 'admin', 'founderA'] }] },
  'POST /api/incubator/teams/:id/members': { objects: (i) => [{ params: { id: i.teamA! }, readers: ['incubatorA'], body: { name: '某', role: 'host' } }] },
  'DELETE /api/incubator/team-members/:id': { objects: (i) => [{ params: { id: i.teamMemberA! }, readers: ['incubatorA'] }] },
  'POST /api/incubator/teams/:id/shortlist': { objects: (i) => [{ params: { id: i.teamA! }, readers: ['incubatorA', 'founderA'], body: { productId: i.productA!, streamOn: '2030-01-01' } }] },
  'DELETE /api/incubator/shortlist/:id': { objects: (i) => (i.shortlistA ? [{ params: { id: i.shortlistA }, readers: ['incubatorA', 'founderA'] }] : []) },
  'GET /api/incubator/products/:id': { objects: (i) => [{ params: { id: i.productA! }, readers: ['incubatorA', 'admin'] }] },
  'PATCH /api/incubator/products/:id': { objects: (i) => [{ params: { id: i.productA! }, readers: ['incubatorA'], body: { stock: 5 } }] },
  'POST /api/incubator/products/:id/stock': { objects: (i) => [{ params: { id: i.productA! }, readers: ['incubatorA'], body: { delta: 1 } }] },
  'POST /api/incubator/products/:id/checks': { objects: (i) => [{ params: { id: i.productA! }, readers: ['incubatorA'], body: { result: 'pass', inspector: '某' } }] },
  // training
  'GET /api/training/cohorts/:id': { public: 'published cohorts are public' },
  'GET /api/certificates/verify/:number': { public: 'certificate verification is public by design (employers check numbers)' },
  'POST /api/training/cohorts/:id/applications': { public: 'anyone signed in may apply to a cohort' },
  'POST /api/training/enrolments/:id/withdraw': { objects: (i) => [{ params: { id: i.trainingEnrolmentA! }, readers: [i.trainee!] }] },
  'POST /api/training/programmes/:id/courses': { objects: (i) => [{ params: { id: i.programmeA! }, readers: ['trainerA'], body: { name: '课程', topic: 'live_streaming', hours: 4 } }, { params: { id: i.programmeB! }, readers: ['trainerB'], body: { name: '课程', topic: 'live_streaming', hours: 4 } }] },
  'PATCH /api/training/cohorts/:id': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'], body: { place: '某地' } }] },
  'GET /api/training/cohorts/:id/enrolments': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'] }] },
  'POST /api/training/enrolments/:id/accept': { objects: (i) => [{ params: { id: i.trainingEnrolmentA! }, readers: ['trainerA'] }] },
  'POST /api/training/enrolments/:id/complete': { objects: (i) => [{ params: { id: i.trainingEnrolmentA! }, readers: ['trainerA'] }] },
  'POST /api/training/enrolments/:id/decline': { objects: (i) => [{ params: { id: i.trainingEnrolmentA! }, readers: ['trainerA'], body: { reason: '名额已满' } }] },
  'POST /api/training/enrolments/:id/drop': { objects: (i) => [{ params: { id: i.trainingEnrolmentA! }, readers: ['trainerA'], body: { reason: '缺课' } }] },
  'GET /api/training/cohorts/:id/sessions': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'] }] },
  'POST /api/training/cohorts/:id/sessions': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'], body: { startsAt: '2030-01-01T10:00:00+08:00', endsAt: '2030-01-01T12:00:00+08:00' } }] },
  'PUT /api/training/sessions/:id/attendance': { objects: (i) => [{ params: { id: i.trainingSessionA! }, readers: ['trainerA'], body: { marks: [{ enrolmentId: i.trainingEnrolmentA!, status: 'present' }] } }] },
  'GET /api/training/cohorts/:id/exams': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'] }] },
  'POST /api/training/cohorts/:id/exams': { objects: (i) => [{ params: { id: i.cohortA! }, readers: ['trainerA'], body: { heldOn: '2030-01-01' } }] },
  'POST /api/training/exams/:id/results': { objects: (i) => [{ params: { id: i.examA! }, readers: ['trainerA'], body: { enrolmentId: i.trainingEnrolmentA!, theoryScore: 80, practiceScore: 80 } }] },
  'PATCH /api/training/results/:id': { objects: (i) => [{ params: { id: i.resultA! }, readers: ['trainerA'], body: { theoryScore: 70, practiceScore: 70, reason: '复核' } }] },
  'POST /api/training/certificates/:id/revoke': { objects: (i) => [{ params: { id: i.certificateA! }, readers: ['trainerA'], body: { reason: '撤销原因' } }] },
  'GET /api/training/certificates/:id/pdf': { objects: (i) => [{ params: { id: i.certificateA! }, readers: ['trainerA', i.graduate!] }] },
  // policy support
  'PATCH /api/policy/schemes/:id': { objects: () => [{ params: { id: demoSchemes.loan }, readers: ['policyA'], body: { active: true } }] },
  'POST /api/policy/schemes/:id/check': { public: 'anyone signed in may check their eligibility for a published scheme' },
  'POST /api/policy/schemes/:id/applications': { public: 'anyone signed in may apply for a published scheme' },
  'GET /api/policy/applications/:id': { objects: (i) => [{ params: { id: i.policyAppA! }, readers: ['policyA', i.applicant!] }] },
  'POST /api/policy/applications/:id/approve': { objects: (i) => [{ params: { id: i.policyAppA! }, readers: ['policyA'], body: {} }] },
  'POST /api/policy/applications/:id/reject': { objects: (i) => [{ params: { id: i.policyAppA! }, readers: ['policyA'], body: { reason: '材料不全' } }] },
  'POST /api/policy/applications/:id/disbursements': { objects: (i) => [{ params: { id: i.policyAppA! }, readers: ['policyA'], body: { paidOn: '2030-01-01', amountFen: 100, reference: 'REF-1' } }] },
  // the observatory and agency figures: aggregates, and the analyst's (global) imports
  'GET /api/stats/dashboard/:section': { public: 'not an object: a section of aggregate figures' },
  'GET /api/stats/dashboard/:section/:table': { public: 'not an object: a table of aggregate figures' },
  'GET /api/stats/agency/uploads/:id': { global: 'analysts only; agency figures are one shared, non-personal set' },
  'DELETE /api/stats/agency/uploads/:id': { global: 'analysts only; agency figures are one shared, non-personal set' },
  'POST /api/stats/agency/uploads/:id/commit': { global: 'analysts only; agency figures are one shared, non-personal set' },
  'GET /api/stats/agency/imports/:id': { global: 'analysts only; agency figures are one shared, non-personal set' },
  'POST /api/stats/agency/imports/:id/withdraw': { global: 'analysts only; agency figures are one shared, non-personal set' },
  // the special campaign: seen by analysts and the staff of its lead and owner organisations; managed by the lead's managers
  'GET /api/campaigns/:id': { objects: () => [{ params: { id: demoCampaignId }, readers: f.camp.campaignViewers }] },
  'PATCH /api/campaigns/:id': { objects: () => [{ params: { id: demoCampaignId }, seers: f.camp.campaignViewers, readers: f.camp.managers, body: { description: '说明' } }] },
  'GET /api/campaigns/:id/problems': { objects: () => [{ params: { id: demoCampaignId }, readers: f.camp.campaignViewers }] },
  'POST /api/campaigns/:id/problems': { objects: () => [{ params: { id: demoCampaignId }, body: PROBLEM, seers: f.camp.campaignViewers, readers: f.camp.managers }] },
  'GET /api/campaigns/:id/owners': { objects: () => [{ params: { id: demoCampaignId }, seers: f.camp.campaignViewers, readers: f.camp.managers }] },
  'GET /api/campaigns/:id/proposals': { objects: () => [{ params: { id: demoCampaignId }, readers: f.camp.campaignViewers }] },
  'POST /api/campaigns/:id/proposals/accept': { objects: () => [{ params: { id: demoCampaignId }, body: { key: 'k', ...PROBLEM }, seers: f.camp.campaignViewers, readers: f.camp.managers }] },
  'POST /api/campaigns/:id/proposals/dismiss': { objects: () => [{ params: { id: demoCampaignId }, body: { key: 'k', reason: '不相关' }, seers: f.camp.campaignViewers, readers: f.camp.managers }] },
  'GET /api/campaign-problems/:id': { objects: (i) => [{ params: { id: i.problemA! }, readers: f.camp.problemViewers }] },
  'PATCH /api/campaign-problems/:id': { objects: (i) => [{ params: { id: i.problemA! }, body: { target: '新目标' }, seers: f.camp.problemViewers, readers: f.camp.managers }] },
  'POST /api/campaign-problems/:id/progress': { objects: (i) => [{ params: { id: i.problemA! }, body: { body: '进展' }, seers: f.camp.problemViewers, readers: f.camp.progressWriters }] },
  'POST /api/campaign-problems/:id/progress/:progressId/files': { objects: (i) => [{ params: { id: i.problemA!, progressId: i.progressA! }, body: pdf('probe'), headers: { 'content-type': 'application/pdf' }, seers: f.camp.problemViewers, readers: f.camp.progressWriters }] },
  'GET /api/campaign-problems/:id/files/:fileId': { objects: (i) => [{ params: { id: i.problemA!, fileId: i.evidenceA! }, seers: f.camp.problemViewers, readers: f.camp.evidenceReaders }] },
  'POST /api/campaign-problems/:id/steps': { objects: (i) => [{ params: { id: i.problemA! }, body: { step: 'close', note: '关闭' }, seers: f.camp.problemViewers, readers: f.camp.progressWriters }] },
  'GET /api/public/campaigns/:id': { public: 'the public campaign page' },
};

let t: TestApp;
let f: Fixtures;
let routes: { method: string; url: string; access: Access }[] = [];
let principals: Who[] = [];

before(async () => {
  t = await testApp({ workers: 12 });
  f = await buildFixtures(t);
  const db = t.ctx.db;
  const i = f.ids;
  i.workerRecA = (await db.selectFrom('workers').select('id').where('user_id', '=', f.p.workerA!.userId).executeTakeFirstOrThrow()).id;
  i.workerUserA = f.p.workerA!.userId;
  i.unionAppA = (await db.selectFrom('union_applications').select('id').where('union_id', '=', demoOrgs.rideHailingUnion).where('status', '=', 'pending').executeTakeFirstOrThrow()).id;
  const cand = await db.selectFrom('job_candidates').select(['id', 'user_id']).where('order_id', '=', i.orderA!).where('stage', '=', 'recommended').executeTakeFirst();
  i.candidateA = cand?.id ?? (await db.selectFrom('job_candidates').select('id').where('order_id', '=', i.orderA!).executeTakeFirstOrThrow()).id;
  i.placementA = (await db.selectFrom('placements').select('id').executeTakeFirstOrThrow()).id;
  i.founderA = (await db.selectFrom('enterprise_founders').select('id').where('enterprise_id', '=', i.enterpriseA!).executeTakeFirstOrThrow()).id;
  const asg = await db.selectFrom('incubator_space_assignments').select(['id', 'space_id']).where('enterprise_id', '=', i.enterpriseA!).executeTakeFirst();
  i.assignmentA = asg?.id ?? (await db.selectFrom('incubator_space_assignments').select('id').executeTakeFirstOrThrow()).id;
  i.spaceA = (await db.selectFrom('incubator_spaces').select('id').executeTakeFirstOrThrow()).id;
  i.mentorA = (await db.selectFrom('incubator_mentors').select('id').executeTakeFirstOrThrow()).id;
  i.teamMemberA = (await db.selectFrom('host_team_members').select('id').where('team_id', '=', i.teamA!).executeTakeFirstOrThrow()).id;
  i.shortlistA = (await db.selectFrom('team_shortlist').select('id').where('team_id', '=', i.teamA!).executeTakeFirst())?.id ?? '';
  const te = await db.selectFrom('training_enrolments').select(['id', 'user_id']).where('cohort_id', '=', demoTraining.openCohort).executeTakeFirstOrThrow();
  i.trainingEnrolmentA = te.id;
  i.trainingSessionA = (await db.selectFrom('training_sessions').select('id').where('cohort_id', '=', demoTraining.recentCohort).executeTakeFirstOrThrow()).id;
  i.examA = (await db.selectFrom('training_exams').select('id').where('cohort_id', '=', demoTraining.recentCohort).executeTakeFirstOrThrow()).id;
  i.resultA = (await db.selectFrom('training_exam_results').select('id').where('exam_id', '=', i.examA).executeTakeFirstOrThrow()).id;
  const cert = await db.selectFrom('certificates').select(['id', 'user_id']).where('number', '=', demoTraining.certificateNumber).executeTakeFirstOrThrow();
  i.certificateA = cert.id;
  const policyApp = await db.selectFrom('policy_applications').select('applicant_user_id').where('id', '=', i.policyAppA!).executeTakeFirstOrThrow();
  i.applicant = Object.values(f.p).find((x) => x.userId === policyApp.applicant_user_id)?.name ?? 'nobody';
  i.graduate = Object.values(f.p).find((x) => x.userId === cert.user_id)?.name ?? 'nobody';
  i.trainee = Object.values(f.p).find((x) => x.userId === te.user_id)?.name ?? 'nobody';
  routes = t.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) as typeof routes;
  principals = Object.values(f.p).filter((p) => p.userId || p.headers.authorization);
});
after(() => t?.close());

function allowedRoute(access: Access, who: Who): boolean {
  if ('public' in access) return true;
  if ('platform' in access) return !!who.headers.authorization;
  if ('gate' in access) return false;
  if (!who.userId) return false;
  if ('signedIn' in access) return true;
  return who.roles.some((r) => access.roles.includes(r));
}
const fillUrl = (url: string, params: Record<string, string>) => url.replace(/:([a-zA-Z]+)/g, (_, k: string) => params[k] ?? `:${k}`);
const send = (method: string, url: string, who: Who, o: Obj) => {
  const body = typeof o.body === 'function' ? o.body(who) : o.body;
  return t.app.inject({ method: method as 'GET', url, headers: { ...who.headers, ...(o.headers ?? {}) }, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: (body ?? {}) as object }) });
};

test('every id route has an entry in the object map, and every entry a route', () => {
  const idRoutes = routes.filter((r) => isId(r.url)).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(idRoutes.filter((k) => !(k in objects)), [], 'id routes without an entry in tests/access-objects.test.ts');
  assert.deepEqual(Object.keys(objects).filter((k) => !idRoutes.includes(k)), [], 'entries without a route');
});

test('every object entry names real objects', () => {
  const empty = Object.entries(objects).flatMap(([k, e]) => ('objects' in e ? (e.objects(f.ids).length ? e.objects(f.ids).filter((o) => Object.values(o.params).some((v) => !v)).map(() => k) : [k]) : []));
  assert.deepEqual(empty, [], 'entries whose fixture object is missing');
});

test('another side’s object answers exactly as a missing one, with no canary', async () => {
  const wrong: string[] = [];
  let checked = 0;
  let objectsSeen = 0;
  const statuses = new Map<string, number>();
  const shallow = new Set<string>();
  for (const r of routes.filter((x) => isId(x.url))) {
    const key = `${r.method} ${r.url}`;
    const entry = objects[key];
    if (!entry || !('objects' in entry)) continue;
    for (const o of entry.objects(f.ids)) {
      objectsSeen++;
      const real = fillUrl(r.url, o.params);
      // The object's own id (the last id in the URL) replaced by one that does not exist.
      const own = Object.keys(o.params).filter((k) => /^[0-9a-f-]{36}$/.test(o.params[k]!)).at(-1)!;
      const missingParams = { ...o.params, [own]: randomUUID() };
      const missing = fillUrl(r.url, missingParams);
      const probed = principals.filter((who) => allowedRoute(r.access, who) && !o.readers.includes(who.name) && !(o.readers.includes('role:worker') && who.roles.includes('worker')));
      // The principals in parallel (none of them may touch the object, so their order cannot matter).
      await Promise.all(probed.map(async (who) => {
        const a = await send(r.method, real, who, o);
        const b = await send(r.method, missing, who, o);
        checked++;
        let bodyA = a.body;
        for (const [k, v] of Object.entries(o.params)) bodyA = bodyA.split(v).join(missingParams[k]!);
        const leaks = foreignCanaries(f, a.body, who.name);
        const seer = o.seers?.includes(who.name) && a.statusCode === 403;
        if (b.statusCode === 400 || b.statusCode === 415) shallow.add(`${key} ${b.statusCode} ${b.body.slice(0, 100)}`);
        statuses.set(seer ? 'seer 403' : String(b.statusCode), (statuses.get(seer ? 'seer 403' : String(b.statusCode)) ?? 0) + 1);
        if (leaks.length || (!seer && (a.statusCode !== b.statusCode || bodyA !== b.body))) {
          wrong.push(`${key} ${JSON.stringify(o.params)} as ${who.name}: object ${a.statusCode} ${a.body.slice(0, 160)} vs missing ${b.statusCode} ${b.body.slice(0, 160)}${leaks.length ? ` canaries ${leaks.join(',')}` : ''}`);
        }
      }));
    }
  }
  console.log(`object checks: ${checked} (route × object × principal), ${objectsSeen} objects, ${principals.length} principals; answers: ${JSON.stringify(Object.fromEntries(statuses))}`);
  if (shallow.size) console.log(`stopped by validation before the look-up (identical either way):\n${[...shallow].join('\n')}`);
  assert.deepEqual(wrong, []);
});



/** Values worth trying for a list's filter parameters: both sides' organisations, zones, stations. */
function filterValues(name: string): string[] | null {
  const i = f.ids;
  const o = f.orgs;
  if (name === 'unionId') return [demoOrgs.rideHailingUnion, demoOrgs.changjiUnion];
  if (name === 'orgId') return [demoOrgs.rideHailingUnion, demoOrgs.changjiUnion, demoOrgs.korlaSchool, o.schoolB, demoOrgs.korlaIncubator, o.incubatorOrgB, demoOrgs.liveStreamCompany, o.employerOrgB, demoOrgs.korlaHrss, o.agencyB];
  if (name === 'zoneId') return [i.zoneA!, i.zoneB!];
  if (name === 'stationId') return [i.stationA!, i.stationB!];
  return null;
}

test('lists, searches, exports and denials hold no foreign canary', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] }>> };
  const anonymous: Who = { name: 'anonymous', headers: {}, roles: [], userId: '', phone: '', side: null };
  const wrong: string[] = [];
  let checked = 0;
  const urlsOf = (url: string) => {
    const params = doc.paths[url.replace(/:([a-zA-Z]+)/g, '{$1}')]?.get?.parameters?.filter((x) => x.in === 'query') ?? [];
    const out = [url];
    // The report PDF is aggregate figures and takes a second to draw: its base form only.
    if (url.endsWith('.pdf')) return out;
    for (const q of params) {
      const values = filterValues(q.name) ?? (q.schema?.enum && q.schema.enum.length <= 8 ? q.schema.enum : null);
      for (const v of values ?? []) out.push(`${url}?${q.name}=${encodeURIComponent(v)}`);
    }
    return out;
  };
  const probe = async (url: string, who: Who) => {
    const res = await t.app.inject({ method: 'GET', url, headers: who.headers });
    checked++;
    const leaks = foreignCanaries(f, res.body, who.name);
    const anyCanary = res.statusCode >= 400 && /CANARY-/.test(res.body);
    if (leaks.length || anyCanary) wrong.push(`GET ${url} as ${who.name}: ${res.statusCode} ${anyCanary ? 'a denial with a canary' : leaks.join(',')}`);
  };
  for (const r of routes.filter((x) => x.method === 'GET' && !x.url.endsWith('/logout'))) {
    const entry = objects[`${r.method} ${r.url}`];
    if (isId(r.url)) {
      // An object a caller may read still holds only what that caller may see (a lawyer's note is not the union's).
      if (!entry || !('objects' in entry)) continue;
      for (const o of entry.objects(f.ids)) await Promise.all([...principals, anonymous].filter((who) => allowedRoute(r.access, who)).map((who) => probe(fillUrl(r.url, o.params), who)));
      continue;
    }
    for (const url of urlsOf(r.url)) await Promise.all([...principals, anonymous].filter((who) => allowedRoute(r.access, who)).map((who) => probe(url, who)));
  }
  console.log(`list/search/export/denial checks: ${checked}`);
  assert.deepEqual(wrong, []);
});

test('a person’s data export holds all of their own data and nobody else’s (SECURITY.md)', async () => {
  const get = (who: Who | null) => t.app.inject({ method: 'GET', url: '/api/me/data-export', headers: who?.headers ?? {} });
  assert.equal((await get(null)).statusCode, 401);
  const a = f.p.workerA!;
  const exports = async () => (await t.ctx.db.selectFrom('audit_log').select('seq').where('actor_id', '=', a.userId).where('action', '=', 'personal_data.export').execute()).length;
  const before = await exports();
  const res = await get(a);
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="nuanxin-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
  const body = res.body;
  const data = res.json() as { person: { userId: string; workerId: string }; counts: Record<string, number>; tables: Record<string, Record<string, unknown>[]> };
  assert.equal(data.person.userId, a.userId);
  // Nobody else's: no canary worker A may not see, no other worker's phone number.
  assert.deepEqual(foreignCanaries(f, body, 'workerA'), []);
  assert.ok(!body.includes(f.p.workerB!.phone), 'worker B’s phone number');
  // All of their own: what they wrote and what the union and lawyers wrote to them, across the modules.
  const own = [...body.matchAll(canaryPattern)].map((m) => m[0].replace(/-[0-9a-f]{8}$/, ''));
  for (const what of ['CASE-TITLE', 'CASE-DESC', 'CASE-PLACE', 'CASE-MSG', 'LAWYER-NOTE', 'LETTER-SUBJ', 'LETTER-FACTS', 'CONSULT-Q', 'CONSULT-NOTE', 'CHILD']) {
    assert.ok(own.includes(`CANARY-A-${what}`), `worker A's export holds ${what}`);
  }
  // As the case page shows it: the union's internal notes and a meeting's minutes stay with the union.
  assert.ok(!own.includes('CANARY-A-CASE-INTERNAL') && !own.includes('CANARY-A-MEETING'), own.join(','));
  // Their own numbers in full, never a look-up hash or the password hash.
  const row = await t.ctx.db.selectFrom('users').innerJoin('workers', 'workers.user_id', 'users.id').select(['users.phone_hash', 'users.password_hash', 'workers.id_number_enc', 'workers.id_number_hash']).where('users.id', '=', a.userId).executeTakeFirstOrThrow();
  assert.ok(body.includes(a.phone), 'the full phone number');
  if (row.id_number_enc) assert.ok(body.includes(t.ctx.crypto.decrypt(row.id_number_enc)), 'the full ID number');
  for (const secret of [row.phone_hash, row.password_hash, row.id_number_hash]) if (secret) assert.ok(!body.includes(secret), 'a hash in the export');
  // Rows of every kind the fixtures gave worker A, each counted from the database itself.
  const w = data.person.workerId;
  const db = t.ctx.db;
  const expected: Record<string, number> = {
    cases: (await db.selectFrom('cases').select('id').where('worker_id', '=', w).execute()).length,
    consultations: (await db.selectFrom('consultations').select('id').where('worker_id', '=', w).execute()).length,
    meal_reservations: (await db.selectFrom('meal_reservations').select('id').where('worker_id', '=', w).execute()).length,
    loans: (await db.selectFrom('loans').select('id').where('worker_id', '=', w).execute()).length,
    children: (await db.selectFrom('children').select('id').where('guardian_worker_id', '=', w).execute()).length,
    consents: (await db.selectFrom('consents').select('category').where('worker_id', '=', w).execute()).length,
  };
  for (const [table, n] of Object.entries(expected)) {
    assert.ok(n > 0, `the fixtures give worker A ${table}`);
    assert.equal(data.counts[table], n, table);
  }
  // Who read or changed their records: the officer's steps on their case, without the officer's address.
  const onCase = data.tables.audit_log!.filter((e) => e.target_id === f.ids.caseA && e.actor_id === f.p.officerA!.userId);
  assert.ok(onCase.length > 0, 'the officer’s work on worker A’s case is in the export');
  assert.ok(onCase.every((e) => !('ip' in e) && !('hash' in e)));
  assert.equal(await exports(), before + 1, 'the export is audited');
  // Staff: their account, their inbox and their own duty roster, not the records of the people they serve.
  for (const who of [f.p.officerA!, f.p.lawyerA!]) {
    const staff = await get(who);
    assert.equal(staff.statusCode, 200);
    assert.deepEqual(foreignCanaries(f, staff.body, who.name), []);
    assert.ok(!staff.body.includes('CANARY-A-CASE-DESC') && !staff.body.includes('CANARY-A-CONSULT-Q'), `${who.name}'s export holds a worker's record`);
    assert.equal((staff.json() as typeof data).counts.users, 1);
  }
  assert.ok(((await get(f.p.lawyerA!)).json() as typeof data).counts.lawyer_duty! > 0, 'the lawyer’s duty roster');
});

/** Every row of every table, as text: where a smuggled value would show if any write kept it. */
async function dumpDatabase(): Promise<string> {
  const db = t.ctx.db;
  const tables = t.handle.kind === 'postgres'
    ? (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows;
  const parts: string[] = [];
  for (const { name } of tables) parts.push(JSON.stringify((await sql.raw(`select * from "${name}"`).execute(db)).rows));
  return parts.join('\n');
}

const MARK = 'SMUGGLED-7q2x';
const forbidden = { role: 'admin', roles: [{ role: 'admin', orgId: '' }], owner_id: MARK, ownerId: MARK, status: MARK, platform: MARK, orgId: MARK };
const FORBIDDEN_KEYS = Object.keys(forbidden);
const PROTO_BODY = `{"__proto__":{"polluted":"${MARK}"},"constructor":{"prototype":{"polluted":"${MARK}"}},"prototype":{"polluted":"${MARK}"}}`;

test('forbidden and unknown fields sent to every write route never persist; no prototype pollution', async () => {
  const rolesBefore = JSON.stringify(await t.ctx.db.selectFrom('user_roles').selectAll().orderBy('user_id').orderBy('role').orderBy('org_id').execute());
  const anonymous: Who = { name: 'anonymous', headers: {}, roles: [], userId: '', phone: '', side: null };
  const outcomes = { rejectedNamingField: 0, rejectedOther: 0, accepted: 0, refusedOtherwise: 0, protoRefused: 0, protoOther: 0 };
  const accepted: string[] = [];
  const wrong: string[] = [];
  const writes = routes.filter((r) => r.method !== 'GET' && r.url !== '/api/auth/logout');
  for (const r of writes) {
    const key = `${r.method} ${r.url}`;
    const entry = objects[key];
    const o = entry && 'objects' in entry ? entry.objects(f.ids)[0] : undefined;
    // The caller: the object's own reader (a real, permitted write), else the first principal the route lets in.
    const gate = f.p.gateA!;
    const candidates = 'gate' in r.access ? [gate] : [...principals, anonymous];
    const who = candidates.find((p) => allowedRoute(r.access, p) && (!o || o.readers.includes(p.name))) ?? candidates.find((p) => ('gate' in r.access ? true : allowedRoute(r.access, p)))!;
    const url = fillUrl(r.url, o?.params ?? {}).replace(':category', 'health').replace(':kind', 'vehicle').replace(/:[a-zA-Z]+/g, randomUUID());
    const base = o && o.body && typeof o.body === 'object' && !Buffer.isBuffer(o.body) ? (o.body as object) : typeof o?.body === 'function' ? (o.body(who) as object) : {};
    const res = await t.app.inject({ method: r.method as 'POST', url, headers: { ...who.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...base, ...forbidden }) });
    if (res.statusCode >= 500) wrong.push(`${key}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    else if (res.statusCode === 400) {
      const named = ((res.json().error?.details ?? []) as { path: string }[]).map((d) => d.path);
      if (FORBIDDEN_KEYS.some((k) => named.includes(k))) outcomes.rejectedNamingField++;
      else {
        outcomes.rejectedOther++;
        accepted.push(`${key} 400 ${named.join(',')}`);
      }
    } else if (res.statusCode < 300) {
      outcomes.accepted++;
      accepted.push(`${key} ${res.statusCode}`);
    } else outcomes.refusedOtherwise++;
    const proto = await t.app.inject({ method: r.method as 'POST', url, headers: { ...who.headers, 'content-type': 'application/json' }, payload: PROTO_BODY });
    if (proto.statusCode >= 500) wrong.push(`${key} (prototype keys): ${proto.statusCode} ${proto.body.slice(0, 200)}`);
    else if (proto.statusCode === 400) outcomes.protoRefused++;
    else outcomes.protoOther++;
  }
  const polluted = ({} as Record<string, unknown>).polluted;
  assert.equal(polluted, undefined, 'Object.prototype was polluted');
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  const dump = await dumpDatabase();
  assert.ok(!dump.includes(MARK), `a smuggled value was stored: …${dump.slice(Math.max(0, dump.indexOf(MARK) - 300), dump.indexOf(MARK) + 50)}`);
  const rolesAfter = JSON.stringify(await t.ctx.db.selectFrom('user_roles').selectAll().orderBy('user_id').orderBy('role').orderBy('org_id').execute());
  assert.equal(rolesAfter, rolesBefore, 'no write changed anybody’s roles');
  console.log(`write routes probed: ${writes.length}; ${JSON.stringify(outcomes)}\naccepted (no body schema: fields ignored) or refused for another field:\n${accepted.join('\n')}`);
  assert.deepEqual(wrong, []);
});
