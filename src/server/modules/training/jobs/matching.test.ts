import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolOf, rank, rankPool, type Graduate, type OrderFacts } from './matching.js';

const order: OrderFacts = { position: 'live_host', skills: ['live_streaming', 'short_video', 'ai_tools', 'copywriting'], minLevel: 5, payMaxFen: 500_000, cityCode: '652801', districtCode: '652801001', cohortId: null };
const base: Graduate = { userId: 'base', level: 5, skills: [], cohortIds: [], cityCode: '650100', districtCode: null, positions: [], minPayFen: 900_000 };
const g = (userId: string, over: Partial<Graduate> = {}): Graduate => ({ ...base, userId, ...over });
const ids = (o: OrderFacts, gs: Graduate[]) => rank(o, gs).map((r) => r.userId);

test('each factor, alone, lifts a graduate above an otherwise equal one', () => {
  const cases: { factor: string; better: Partial<Graduate>; o?: Partial<OrderFacts> }[] = [
    { factor: 'a higher certificate level', better: { level: 4 } },
    { factor: 'more of the skills wanted', better: { skills: ['live_streaming', 'short_video'] } },
    { factor: 'same city', better: { cityCode: '652801' } },
    { factor: 'same district beats same city', better: { cityCode: '652801', districtCode: '652801001' } },
    { factor: 'wants this position', better: { positions: ['live_host'] } },
    { factor: 'least pay within the order’s maximum', better: { minPayFen: 400_000 } },
    { factor: 'a certificate at all (no level asked)', better: { level: 5 }, o: { minLevel: null } },
  ];
  for (const c of cases) {
    const o = { ...order, ...c.o };
    const worse = c.factor.startsWith('same district') ? g('worse', { cityCode: '652801' }) : c.factor.startsWith('a certificate') ? g('worse', { level: null }) : g('worse');
    assert.deepEqual(ids(o, [worse, g('better', c.better)]), ['better', 'worse'], c.factor);
    const [first, second] = rank(o, [worse, g('better', c.better)]);
    assert.ok(first!.score > second!.score, `${c.factor}: a higher score`);
  }
});

test('graduates of the linked cohort come first, then those with the level asked for', () => {
  const o = { ...order, cohortId: 'c1', minLevel: 4 };
  const star = g('star', { level: 1, skills: order.skills, cityCode: '652801', districtCode: '652801001', positions: ['live_host'], minPayFen: 0 });
  const linkedWeak = g('linked', { level: null, cohortIds: ['c0', 'c1'] });
  const belowLevel = g('level5', { level: 5, skills: order.skills, cityCode: '652801', districtCode: '652801001', positions: ['live_host'], minPayFen: 0 });
  const ranked = rank(o, [belowLevel, star, linkedWeak]);
  assert.deepEqual(ranked.map((r) => r.userId), ['linked', 'star', 'level5']);
  assert.deepEqual(ranked[0]!.reasons[0], { code: 'linked_cohort' });
  assert.deepEqual(ranked[2]!.reasons.find((r) => r.code === 'certificate'), { code: 'certificate', level: 5, want: 4, ok: false });
  assert.equal(ranked[2]!.qualified, false);
});

test('ties keep the pool order, and a limit returns the same head', () => {
  const gs = Array.from({ length: 40 }, (_, i) => g(`t${i}`, { skills: i % 3 === 0 ? ['ai_tools'] : [] }));
  const all = ids(order, gs);
  const tied = gs.filter((_, i) => i % 3 === 0).map((x) => x.userId);
  assert.deepEqual(all.slice(0, tied.length), tied);
  assert.deepEqual(all.slice(tied.length), gs.filter((_, i) => i % 3 !== 0).map((x) => x.userId));
  const pool = poolOf(gs);
  for (const k of [0, 1, 5, 14, 40, 100]) assert.deepEqual(rankPool(pool, order, k).map((r) => r.userId), all.slice(0, k), `limit ${k}`);
});

test('reasons carry codes and values', () => {
  const [r] = rank(order, [g('a', { skills: ['live_streaming', 'short_video', 'ai_tools', 'photography'], cityCode: '652801', districtCode: '652801002', positions: ['live_host'], minPayFen: 600_000 })]);
  assert.deepEqual(r!.reasons, [
    { code: 'certificate', level: 5, want: 5, ok: true },
    { code: 'skills', have: 3, want: 4 },
    { code: 'place', where: 'city' },
    { code: 'position', ok: true },
    { code: 'pay', ok: false },
  ]);
  // An order wanting no skills gives no skills reason, and unknown codes match nobody.
  const plain = rank({ ...order, skills: [], cityCode: '652301', districtCode: null }, [g('a', { cityCode: '652801' })])[0]!;
  assert.equal(plain.reasons.some((x) => x.code === 'skills'), false);
  assert.deepEqual(plain.reasons.find((x) => x.code === 'place'), { code: 'place', where: 'elsewhere' });
  assert.deepEqual(rank({ ...order, skills: ['unknown'] }, [g('a', { skills: ['ai_tools'] })])[0]!.reasons[1], { code: 'skills', have: 0, want: 1 });
  assert.deepEqual(rank(order, []), []);
});
