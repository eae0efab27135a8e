import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../../demo/seed.js';
import { rng, workerSeed } from '../../../demo/factories.js';

let t: TestApp;
before(async () => {
  t = await testApp({ workers: 5 });
});
after(() => t.close());

const station = demoOrgs.ningheStation;
const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
type Slot = { lawyerUserId: string; startsAt: string; available: boolean; lawyerName: string; firmName: string };

test('the roster gives two days a week of half-hour slots; a worker books one; the slot is then taken', async () => {
  const slots: Slot[] = (await inject('GET', `/api/stations/${station}/lawyer-slots?days=14`, '')).json().slots;
  assert.ok(slots.length >= 20, `${slots.length} slots in two weeks`);
  const days = new Set(slots.map((s) => new Date(Date.parse(s.startsAt) + 8 * 3600_000).getUTCDay()));
  assert.deepEqual([...days].sort(), [2, 4], 'Tuesdays and Thursdays');
  assert.equal(slots[0]!.lawyerName, '林志远');
  assert.equal(slots[0]!.firmName, '天山明理律师事务所');
  const slot = slots.find((s) => s.available)!;
  const w = await t.login(demoWorkers.courier);
  const body = { stationId: station, lawyerUserId: slot.lawyerUserId, startsAt: slot.startsAt, topic: 'traffic_accident', question: '电动车被撞，对方不愿赔偿' };
  const res = await inject('POST', '/api/consultations', w, body);
  assert.equal(res.statusCode, 201, res.body);
  const again: Slot[] = (await inject('GET', `/api/stations/${station}/lawyer-slots?days=14`, '')).json().slots;
  assert.equal(again.find((s) => s.startsAt === slot.startsAt)!.available, false);
  const other = await t.app.inject({ method: 'POST', url: '/api/workers/register', payload: workerSeed(rng(1), 9801, { kind: 'courier', cityCode: '652301', districtCode: '652301001', plates: [] }) });
  const taken = await inject('POST', '/api/consultations', t.cookieOf(other), body);
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().error.details[0].code, 'slot_taken');
  const off = await inject('POST', '/api/consultations', w, { ...body, startsAt: new Date(Date.parse(slot.startsAt) + 7 * 60_000).toISOString() });
  assert.equal(off.json().error.details[0].code, 'not_a_slot');
});

test('simultaneous bookings of one slot: exactly one wins', async () => {
  const slot = ((await inject('GET', `/api/stations/${station}/lawyer-slots?days=14`, '')).json().slots as Slot[]).filter((s) => s.available).at(-1)!;
  const workers = await Promise.all(
    Array.from({ length: 4 }, async (_, i) => t.cookieOf(await t.app.inject({ method: 'POST', url: '/api/workers/register', payload: workerSeed(rng(i), 9810 + i, { kind: 'courier', cityCode: '652301', districtCode: '652301001', plates: [] }) }))),
  );
  const res = await Promise.all(workers.map((c) => inject('POST', '/api/consultations', c, { stationId: station, lawyerUserId: slot.lawyerUserId, startsAt: slot.startsAt, topic: 'pay', question: '工资被扣' })));
  assert.deepEqual(res.map((r) => r.statusCode).sort(), [201, 409, 409, 409]);
});

test('notes are confidential to the lawyer and that worker; the consultation can be handed over as a case', async () => {
  const w = await t.login(demoWorkers.courier);
  const c = (await inject('GET', '/api/consultations/me', w)).json().items[0];
  const lawyer = await t.login('13900000004');
  assert.ok((await inject('GET', '/api/consultations/assigned', lawyer)).json().items.some((x: { id: string }) => x.id === c.id));
  const noted = await inject('PUT', `/api/consultations/${c.id}/notes`, lawyer, { notes: '建议先报警取得事故认定书 CANARY-NOTE' });
  assert.equal(noted.statusCode, 200, noted.body);
  const seen = (await inject('GET', `/api/consultations/${c.id}`, w)).json().consultation;
  assert.equal(seen.notes, '建议先报警取得事故认定书 CANARY-NOTE');
  assert.equal(seen.question, '电动车被撞，对方不愿赔偿');
  // Everyone else: 404, and no trace of the note.
  for (const phone of ['13800000001', '13900000001', '13900000002', '13900000003']) {
    const other = await t.login(phone);
    const res = await inject('GET', `/api/consultations/${c.id}`, other);
    assert.ok([403, 404].includes(res.statusCode), `${phone}: ${res.statusCode}`);
    assert.ok(!res.body.includes('CANARY-NOTE'));
  }
  const row = await t.ctx.db.selectFrom('consultations').select(['notes_enc', 'question_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.ok(!row.notes_enc!.includes('CANARY') && !row.question_enc.includes('电动车'), 'encrypted at rest');
  const reads = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', c.id).where('action', '=', 'consultation.read').execute();
  assert.ok(reads.length >= 1, 'reads are audited');
  const h = await inject('POST', `/api/consultations/${c.id}/handover`, w);
  assert.equal(h.statusCode, 200);
  assert.ok(h.json().consultation.handoverAt);
  // One step: the worker now has a rights case with the question, and this lawyer already referred.
  const caseId = h.json().consultation.caseId;
  const mine = (await inject('GET', `/api/cases/${caseId}`, w)).json().case;
  assert.equal(mine.description, '电动车被撞，对方不愿赔偿');
  assert.equal(mine.category, 'accident_injury');
  assert.equal((await inject('GET', `/api/cases/${caseId}`, lawyer)).json().case.lawyer.name, '林志远');
  assert.equal((await inject('POST', `/api/consultations/${c.id}/handover`, lawyer)).statusCode, 409);
  assert.equal((await inject('POST', `/api/consultations/${c.id}/status`, lawyer, { status: 'done' })).json().consultation.status, 'done');
});

test('the operator keeps the roster: a lawyer by phone, no overlaps, no non-lawyers', async () => {
  const operator = await t.login('13900000001');
  const ok = await inject('POST', `/api/stations/${station}/lawyer-duty`, operator, { lawyerPhone: '13900000004', weekday: 6, start: '10:00', end: '12:00', slotMinutes: 30 });
  assert.equal(ok.statusCode, 201, ok.body);
  const overlap = await inject('POST', `/api/stations/${station}/lawyer-duty`, operator, { lawyerPhone: '13900000004', weekday: 6, start: '11:00', end: '13:00' });
  assert.equal(overlap.statusCode, 409);
  assert.deepEqual(overlap.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]), [['start', 'duty_overlap']]);
  assert.equal((await inject('POST', `/api/stations/${station}/lawyer-duty`, operator, { lawyerPhone: '13900000002', weekday: 5, start: '10:00', end: '12:00' })).statusCode, 404);
  assert.equal((await inject('POST', `/api/stations/${station}/lawyer-duty`, operator, { lawyerPhone: '13900000004', weekday: 5, start: '12:00', end: '10:00' })).json().error.details[0].code, 'ends_before_start');
  assert.equal((await inject('POST', `/api/stations/${station}/lawyer-duty`, operator, { lawyerPhone: '13900000004', weekday: 5, start: '10:00', end: '10:30', slotMinutes: 45 })).json().error.details[0].code, 'too_long');
  const del = await t.app.inject({ method: 'DELETE', url: `/api/lawyer-duty/${ok.json().duty.id}`, headers: { cookie: operator } });
  assert.equal(del.statusCode, 204);
});
