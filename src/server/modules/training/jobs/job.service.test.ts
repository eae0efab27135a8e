// Job orders, recommendations, hires and follow-ups against a freshly migrated database (SQLite, or
// PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { AppError } from '../../../platform/errors.js';
import { systemActor, type Actor } from '../../../platform/audit.js';
import type { JobOrderInput } from './job.schemas.js';
import * as svc from './job.service.js';
import { makeEmployer, makeSchool, principal } from './jobs.fixture.js';

let t: TestApp;
before(async () => {
  t = await testApp({ workers: 5 });
});
after(() => t.close());

const order = (over: Partial<JobOrderInput> = {}): JobOrderInput => ({
  title: '带货主播',
  position: 'live_host',
  skills: ['live_streaming', 'short_video'],
  minLevel: 5,
  headcount: 2,
  payMinFen: 400_000,
  payMaxFen: 600_000,
  cityCode: '652801',
  districtCode: null,
  place: '',
  description: '',
  cohortId: null,
  ...over,
});
const fails = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return { status: e.status, code: e.details[0]?.code, path: e.details[0]?.path };
  }
  assert.fail('expected an error');
};
const act = (id: string): Actor => ({ id, kind: 'user', ip: null });
const count = async (table: 'job_candidates' | 'placements' | 'job_orders' | 'placement_followups', where?: [string, string]) => {
  let q = t.ctx.db.selectFrom(table as 'job_candidates').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as 'id', '=', where[1]);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

test('an order: zero people, an inverted pay range, an unknown cohort or employer are refused naming the field; nothing is written', async () => {
  const emp = await makeEmployer(t.ctx);
  const boss = principal('00000000-0000-4000-8000-00000000b055', ['employer', emp]);
  const before = await count('job_orders');
  assert.deepEqual(await fails(svc.createOrder(t.ctx, boss, order({ payMinFen: 700_000 }), systemActor)), { status: 400, code: 'below_min', path: 'payMaxFen' });
  assert.deepEqual(await fails(svc.createOrder(t.ctx, boss, order({ cohortId: '00000000-0000-4000-8000-0000000000ff' }), systemActor)), { status: 404, code: 'unknown_cohort', path: 'cohortId' });
  assert.deepEqual(await fails(svc.createOrder(t.ctx, boss, order({ orgId: '00000000-0000-4000-8000-000000000023' }), systemActor)), { status: 404, code: 'unknown_employer', path: 'orgId' });
  assert.deepEqual(await fails(svc.createOrder(t.ctx, boss, order({ districtCode: '650102' }), systemActor)), { status: 400, code: 'not_in_city', path: 'districtCode' });
  // The CHECK constraint holds even for a write that skips the service.
  await assert.rejects(t.ctx.db.updateTable('job_orders').set({ headcount: 0 }).where('id', '=', 'none').execute().then(async () => {
    const o = await svc.createOrder(t.ctx, boss, order(), systemActor);
    await t.ctx.db.updateTable('job_orders').set({ headcount: 0 }).where('id', '=', o.id).execute();
  }));
  assert.equal(await count('job_orders'), before + 1);
});

test('the school ranks its own graduates, linked cohort first, and recommends them all or none', async () => {
  const a = await makeSchool(t.ctx, { graduates: 4 });
  const b = await makeSchool(t.ctx, { graduates: 3, level: 4, skills: ['live_streaming', 'short_video', 'ai_tools'] });
  const emp = await makeEmployer(t.ctx);
  const boss = principal(a.users[0]!, ['employer', emp]);
  const trainerA = principal(b.users[0]!, ['trainer', a.school]);
  const o = await svc.createOrder(t.ctx, boss, order({ cohortId: a.cohort, headcount: 3 }), systemActor);
  assert.equal(o.cohortName, '测试班' + (o.cohortName ?? '').replace('测试班', ''));

  const m = await svc.matches(t.ctx, trainerA, o.id);
  assert.equal(m.total, 4, 'only the trainer’s school');
  assert.deepEqual(new Set(m.items.map((x) => x.userId)), new Set(a.users));
  assert.ok(m.items.every((x) => x.linked && x.reasons[0]!.code === 'linked_cohort'));
  assert.ok(m.items.every((x) => !x.name.startsWith('学员') || x.name.includes('*')), 'names masked');
  // A graduate who asked not to be recommended drops out of the list.
  await svc.saveProfile(t.ctx, principal(a.users[3]!), { cityCode: '652801', districtCode: null, skills: [], positions: ['live_host'], minPayFen: 0, open: false }, act(a.users[3]!));
  assert.equal((await svc.matches(t.ctx, trainerA, o.id)).total, 3);

  const before = await count('job_candidates');
  // A graduate of another school: 422, nothing written.
  assert.deepEqual(await fails(svc.recommend(t.ctx, trainerA, o.id, [a.users[0]!, b.users[1]!], systemActor)), { status: 422, code: 'not_a_graduate', path: 'userIds' });
  assert.deepEqual(await fails(svc.recommend(t.ctx, trainerA, o.id, [a.users[3]!], systemActor)), { status: 422, code: 'not_open', path: 'userIds' });
  assert.equal(await count('job_candidates'), before);
  const rec = await svc.recommend(t.ctx, trainerA, o.id, [a.users[0]!, a.users[1]!, a.users[2]!], act(b.users[0]!));
  assert.equal(rec.created, 3);
  assert.deepEqual(await fails(svc.recommend(t.ctx, trainerA, o.id, [a.users[0]!], systemActor)), { status: 409, code: 'already_candidate', path: 'userIds' });
  const notes = await t.ctx.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', '=', 'jobs.recommended').execute();
  assert.equal(notes.filter((n) => a.users.slice(0, 3).includes(n.user_id)).length, 3, 'each graduate is told');
  const audits = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', o.id).where('action', '=', 'jobs.recommend').execute();
  assert.equal(audits.length, 1);

  // The employer sees them masked until the interview; another employer cannot see them at all.
  const list = await svc.candidatesOf(t.ctx, boss, o.id);
  assert.equal(list.items.length, 3);
  assert.ok(list.items.every((c) => c.name.includes('*') && c.phone.startsWith('*')));
  const other = principal(a.users[0]!, ['employer', await makeEmployer(t.ctx)]);
  assert.deepEqual(await fails(svc.candidatesOf(t.ctx, other, o.id)), { status: 404, code: undefined, path: undefined });
  assert.deepEqual(await fails(svc.decline(t.ctx, other, rec.items[0]!.id, '不合适', systemActor)), { status: 404, code: undefined, path: undefined });
  // Another school's trainer sees none of them.
  assert.equal((await svc.candidatesOf(t.ctx, principal(a.users[0]!, ['trainer', b.school]), o.id)).items.length, 0);
});

test('stage transitions: interview, decline needs a reason, hire writes a placement, the graduate sees each step and may withdraw', async () => {
  const s = await makeSchool(t.ctx, { graduates: 4 });
  const emp = await makeEmployer(t.ctx);
  const boss = principal(s.users[0]!, ['employer', emp]);
  const trainer = principal(s.users[0]!, ['trainer', s.school]);
  const o = await svc.createOrder(t.ctx, boss, order({ headcount: 1 }), systemActor);
  const rec = await svc.recommend(t.ctx, trainer, o.id, s.users, systemActor);
  const [c1, c2, c3, c4] = rec.items.map((x) => x.id) as [string, string, string, string];
  const soon = Date.now() + 86_400_000;
  await svc.interview(t.ctx, boss, c1, soon, act('boss'));
  const seen = (await svc.candidatesOf(t.ctx, boss, o.id)).items.find((c) => c.id === c1)!;
  assert.equal(seen.stage, 'interviewing');
  assert.match(seen.phone, /^136\d{8}$/, 'the number to call once invited');
  assert.deepEqual(await fails(svc.interview(t.ctx, boss, c2, Date.now() - 86_400_000 * 2, systemActor)), { status: 400, code: 'in_past', path: 'at' });

  const declined = await svc.decline(t.ctx, boss, c2, '暂不需要', systemActor);
  assert.equal(declined.stage, 'declined');
  assert.deepEqual(await fails(svc.decline(t.ctx, boss, c2, '再次', systemActor)), { status: 409, code: 'bad_transition', path: 'stage' });
  assert.deepEqual(await fails(svc.hire(t.ctx, boss, c2, { startedOn: '2026-01-01', payBand: '4000-5000' }, systemActor)), { status: 409, code: 'bad_transition', path: 'stage' });

  // The graduate withdraws from c3; someone else cannot.
  const g3 = (await t.ctx.db.selectFrom('job_candidates').select('user_id').where('id', '=', c3).executeTakeFirstOrThrow()).user_id;
  assert.deepEqual(await fails(svc.withdraw(t.ctx, principal(s.users[0] === g3 ? s.users[1]! : s.users[0]!), c3, '', systemActor)), { status: 404, code: undefined, path: undefined });
  assert.equal((await svc.withdraw(t.ctx, principal(g3), c3, '已找到工作', act(g3))).stage, 'withdrawn');

  const hired = await svc.hire(t.ctx, boss, c1, { startedOn: '2026-01-05', payBand: '4000-5000' }, act('boss'));
  assert.deepEqual(hired.order, { hired: 1, status: 'filled' });
  assert.deepEqual(await fails(svc.hire(t.ctx, boss, c4, { startedOn: '2026-01-05', payBand: '4000-5000' }, systemActor)), { status: 409, code: 'order_filled', path: 'orderId' });
  const g1 = (await t.ctx.db.selectFrom('job_candidates').select('user_id').where('id', '=', c1).executeTakeFirstOrThrow()).user_id;
  const mine = await svc.myJobs(t.ctx, principal(g1));
  assert.equal(mine.graduate?.level, 5);
  assert.deepEqual(mine.items[0]!.steps.map((x) => x.step), ['recommended', 'interviewing', 'hired']);
  assert.equal(mine.items[0]!.startedOn, '2026-01-05');
  const kinds = (await t.ctx.db.selectFrom('notifications').select('kind').where('user_id', '=', g1).execute()).map((n) => n.kind).sort();
  assert.deepEqual(kinds, ['jobs.hired', 'jobs.interview', 'jobs.recommended']);
  assert.equal(await count('placements', ['order_id', o.id] as never), 1);
  const closed = await svc.closeOrder(t.ctx, boss, o.id, systemActor);
  assert.equal(closed.status, 'closed');
  assert.deepEqual(await fails(svc.closeOrder(t.ctx, boss, o.id, systemActor)), { status: 409, code: 'already_closed', path: 'status' });
});

test('hire concurrency: 12 simultaneous hires on an order for 5 people, exactly 5 succeed, nothing half-written', async () => {
  const s = await makeSchool(t.ctx, { graduates: 12 });
  const emp = await makeEmployer(t.ctx);
  const boss = principal(s.users[0]!, ['employer', emp]);
  const o = await svc.createOrder(t.ctx, boss, order({ headcount: 5 }), systemActor);
  const rec = await svc.recommend(t.ctx, principal(s.users[0]!, ['trainer', s.school]), o.id, s.users, systemActor);
  const results = await Promise.allSettled(rec.items.map((c) => svc.hire(t.ctx, boss, c.id, { startedOn: '2026-02-01', payBand: '3000-4000' }, systemActor)));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 5);
  for (const r of refused) {
    assert.ok(r.reason instanceof AppError, String(r.reason));
    assert.equal(r.reason.status, 409);
    assert.equal(r.reason.details[0]?.code, 'order_filled');
  }
  const row = await t.ctx.db.selectFrom('job_orders').select(['hired', 'status']).where('id', '=', o.id).executeTakeFirstOrThrow();
  assert.deepEqual([Number(row.hired), row.status], [5, 'filled']);
  const placements = await t.ctx.db.selectFrom('placements').select('id').where('order_id', '=', o.id).execute();
  assert.equal(placements.length, 5);
  const hiredRows = await t.ctx.db.selectFrom('job_candidates').select('id').where('order_id', '=', o.id).where('stage', '=', 'hired').execute();
  assert.equal(hiredRows.length, 5, 'a refused hire leaves its candidate as it was');
  // The same graduate recommended by two trainers at once, and one follow-up recorded twice at once: one each.
  const s2 = await makeSchool(t.ctx, { graduates: 1 });
  const o2 = await svc.createOrder(t.ctx, boss, order({ headcount: 1 }), systemActor);
  const twice = await Promise.allSettled([1, 2, 3].map(() => svc.recommend(t.ctx, principal(s2.users[0]!, ['trainer', s2.school]), o2.id, s2.users, systemActor)));
  assert.equal(twice.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of twice) if (r.status === 'rejected') assert.equal((r.reason as AppError).details[0]?.code, 'already_candidate', String(r.reason));
  const started = new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10);
  const placed = await svc.hire(t.ctx, boss, (twice.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ items: { id: string }[] }>).value.items[0]!.id, { startedOn: started, payBand: '3000-4000' }, systemActor);
  const fus = await Promise.allSettled([1, 2, 3].map(() => svc.followUp(t.ctx, boss, placed.placementId, { months: 3, employed: true, payBand: '3000-4000', note: '' }, systemActor)));
  assert.equal(fus.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of fus) if (r.status === 'rejected') assert.equal((r.reason as AppError).details[0]?.code, 'already_recorded', String(r.reason));
  const audits = await t.ctx.db.selectFrom('audit_log').select('target_id').where('action', '=', 'jobs.hire').execute();
  const mine = new Set<string>(rec.items.map((c) => c.id));
  assert.equal(audits.filter((a) => mine.has(a.target_id ?? '')).length, 5, 'one audit record per hire, none for a refused one');
});

test('follow-ups at 3 and 6 months, and the placement and retention figures', async () => {
  const s = await makeSchool(t.ctx, { graduates: 4 });
  const emp = await makeEmployer(t.ctx);
  const boss = principal(s.users[0]!, ['employer', emp]);
  const trainer = principal(s.users[0]!, ['trainer', s.school]);
  const o = await svc.createOrder(t.ctx, boss, order({ headcount: 3 }), systemActor);
  const rec = await svc.recommend(t.ctx, trainer, o.id, s.users, systemActor);
  const day = (monthsAgo: number) => new Date(Date.now() - monthsAgo * 31 * 86_400_000).toISOString().slice(0, 10);
  const h1 = await svc.hire(t.ctx, boss, rec.items[0]!.id, { startedOn: day(7), payBand: '4000-5000' }, systemActor);
  const h2 = await svc.hire(t.ctx, boss, rec.items[1]!.id, { startedOn: day(7), payBand: '4000-5000' }, systemActor);
  const h3 = await svc.hire(t.ctx, boss, rec.items[2]!.id, { startedOn: day(1), payBand: '3000-4000' }, systemActor);
  assert.deepEqual(await fails(svc.followUp(t.ctx, boss, h3.placementId, { months: 3, employed: true, payBand: '3000-4000', note: '' }, systemActor)), { status: 409, code: 'not_due', path: 'months' });
  await svc.followUp(t.ctx, boss, h1.placementId, { months: 3, employed: true, payBand: '4000-5000', note: '' }, systemActor);
  assert.deepEqual(await fails(svc.followUp(t.ctx, boss, h1.placementId, { months: 3, employed: true, payBand: '4000-5000', note: '' }, systemActor)), { status: 409, code: 'already_recorded', path: 'months' });
  await svc.followUp(t.ctx, trainer, h1.placementId, { months: 6, employed: true, payBand: '5000-6000', note: '' }, systemActor);
  await svc.followUp(t.ctx, trainer, h2.placementId, { months: 6, employed: false, payBand: null, note: '回老家' }, systemActor);
  const stranger = principal(s.users[0]!, ['employer', await makeEmployer(t.ctx)]);
  assert.deepEqual(await fails(svc.followUp(t.ctx, stranger, h2.placementId, { months: 3, employed: true, payBand: '4000-5000', note: '' }, systemActor)), { status: 404, code: undefined, path: undefined });

  const fig = await svc.figures(t.ctx, trainer);
  const total = fig.find((f) => f.schoolId === s.school && f.cohortId === null)!;
  assert.deepEqual([total.certified, total.placed, total.placementRate, total.due6, total.followedUp6, total.retained6, total.retentionRate], [4, 3, 75, 2, 2, 1, 50]);
  assert.ok(fig.some((f) => f.cohortId === s.cohort && f.placed === 3));
  assert.ok(fig.every((f) => f.schoolId === s.school), 'a trainer reads their own school');
  // The employer counts its own hires only; another employer none.
  const mineFig = (await svc.figures(t.ctx, boss)).find((f) => f.schoolId === s.school && f.cohortId === null)!;
  assert.equal(mineFig.placed, 3);
  const theirs = (await svc.figures(t.ctx, stranger)).find((f) => f.schoolId === s.school && f.cohortId === null)!;
  assert.equal(theirs.placed, 0);
  const list = await svc.listPlacements(t.ctx, boss);
  assert.equal(list.length, 3);
  assert.deepEqual(list.find((p) => p.id === h1.placementId)!.followups.map((f) => [f.months, f.due, f.recorded?.employed]), [[3, true, true], [6, true, true]]);
  assert.equal((await svc.listPlacements(t.ctx, stranger)).length, 0);
});
