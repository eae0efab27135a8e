// Ranking graduates for a job order: a pure, fast function of the order and a pool of graduates.
// The pool is built once (typed arrays, skills as bit sets) and ranked for any number of orders; only
// the entries returned get their reasons spelled out, so ranking 10,000 graduates costs microseconds.
import type { MatchReason } from '../../../../shared/jobs.js';

/** What the ranking knows about one graduate. */
export type Graduate = {
  userId: string;
  /** Best certificate level held (1 is highest, 5 lowest), or null (a completed enrolment without one). */
  level: number | null;
  skills: readonly string[];
  /** Cohorts the graduate completed or was certified from. */
  cohortIds: readonly string[];
  cityCode: string | null;
  districtCode: string | null;
  positions: readonly string[];
  minPayFen: number;
};

/** What the ranking needs of an order. */
export type OrderFacts = {
  position: string;
  skills: readonly string[];
  minLevel: number | null;
  payMaxFen: number;
  cityCode: string;
  districtCode: string | null;
  cohortId: string | null;
};

export type Ranked = { userId: string; score: number; linked: boolean; qualified: boolean; reasons: MatchReason[] };

/** Points per factor; the score is their sum (0 … 100). */
export const WEIGHTS = { certificate: 30, levelAbove: 2, skills: 35, district: 15, city: 9, position: 8, pay: 4 } as const;

const MAX_BITS = 31;
const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** Graduates as columns: built once, ranked for many orders. */
export type Pool = {
  size: number;
  graduates: readonly Graduate[];
  level: Uint8Array; // 0 = none
  skills: Int32Array;
  positions: Int32Array;
  city: Int32Array; // interned code, 0 = none
  district: Int32Array;
  minPay: Float64Array;
  cohorts: Int32Array[]; // interned cohort ids per graduate (mostly 0 or 1 of them)
  cohort1: Int32Array; // the first of them (0 = none), checked without touching the list
  multi: Uint8Array; // 1 when a graduate has more than one cohort
  intern: { skills: Map<string, number>; positions: Map<string, number>; places: Map<string, number>; cohorts: Map<string, number> };
};

const internIn = (m: Map<string, number>, v: string, cap = Infinity) => {
  let i = m.get(v);
  if (i === undefined && m.size < cap) m.set(v, (i = m.size + 1));
  return i ?? 0;
};
const bitsOf = (m: Map<string, number>, vs: readonly string[], add: boolean) => {
  let b = 0;
  for (const v of vs) {
    const i = add ? internIn(m, v, MAX_BITS) : (m.get(v) ?? 0);
    if (i) b |= 1 << (i - 1);
  }
  return b;
};

export function poolOf(graduates: readonly Graduate[]): Pool {
  const n = graduates.length;
  const intern = { skills: new Map<string, number>(), positions: new Map<string, number>(), places: new Map<string, number>(), cohorts: new Map<string, number>() };
  const pool: Pool = {
    size: n,
    graduates,
    level: new Uint8Array(n),
    skills: new Int32Array(n),
    positions: new Int32Array(n),
    city: new Int32Array(n),
    district: new Int32Array(n),
    minPay: new Float64Array(n),
    cohorts: new Array(n),
    cohort1: new Int32Array(n),
    multi: new Uint8Array(n),
    intern,
  };
  const none = new Int32Array(0);
  for (let i = 0; i < n; i++) {
    const g = graduates[i]!;
    pool.level[i] = g.level ?? 0;
    pool.skills[i] = bitsOf(intern.skills, g.skills, true);
    pool.positions[i] = bitsOf(intern.positions, g.positions, true);
    pool.city[i] = g.cityCode ? internIn(intern.places, g.cityCode) : 0;
    pool.district[i] = g.districtCode ? internIn(intern.places, g.districtCode) : 0;
    pool.minPay[i] = g.minPayFen;
    pool.cohorts[i] = g.cohortIds.length ? Int32Array.from(g.cohortIds, (c) => internIn(intern.cohorts, c)) : none;
    pool.cohort1[i] = pool.cohorts[i]![0] ?? 0;
    pool.multi[i] = g.cohortIds.length > 1 ? 1 : 0;
  }
  return pool;
}

/** A's key beats B's: linked cohort first, then qualified (has the level), then score, then pool order. */
const SCORE_SPAN = 128;
const INDEX_SPAN = 2 ** 24;

/**
 * Ranks the pool for an order, best first, and returns the first `limit` with their reasons. Graduates
 * of the order's linked cohort come first; then those holding the level asked for (or better); then by
 * score; ties keep the pool's order.
 */
export function rankPool(pool: Pool, order: OrderFacts, limit = pool.size): Ranked[] {
  const n = pool.size;
  const k = Math.max(0, Math.min(limit, n));
  if (k === 0) return [];
  const { intern } = pool;
  const wantSkills = bitsOf(intern.skills, order.skills, false);
  const wantCount = order.skills.length;
  const posBit = bitsOf(intern.positions, [order.position], false);
  const city = intern.places.get(order.cityCode) ?? -1;
  const district = order.districtCode ? (intern.places.get(order.districtCode) ?? -1) : -1;
  const cohort = order.cohortId ? (intern.cohorts.get(order.cohortId) ?? -1) : -1;
  const minLevel = order.minLevel ?? 0;
  const payMax = order.payMaxFen;
  const W = WEIGHTS;
  // Points for k of the skills wanted, as whole numbers, looked up rather than computed.
  const skillPts = new Int32Array(wantCount + 1);
  for (let j = 0; j <= wantCount; j++) skillPts[j] = wantCount ? Math.round((j * W.skills) / wantCount) : 0;
  // Points for the certificate by level (index 0 = none), and whether each level qualifies.
  const certPts = new Int32Array(6);
  const okLevel = new Uint8Array(6);
  for (let lv = 0; lv <= 5; lv++) {
    okLevel[lv] = minLevel === 0 || (lv !== 0 && lv <= minLevel) ? 1 : 0;
    certPts[lv] = lv !== 0 && okLevel[lv] ? W.certificate + W.levelAbove * ((minLevel || 5) - lv) : 0;
  }
  const { level, skills, positions, city: cityOf, district: districtOf, minPay, cohort1, multi, cohorts } = pool;
  const wd = W.district;
  const wc = W.city;
  const wpos = W.position;
  const wpay = W.pay;

  // A min-heap of the best k keys seen so far (keys are unique: the index is part of them).
  const heap = new Float64Array(k);
  let size = 0;
  let floor = -1; // the smallest key kept once the heap is full
  for (let i = 0; i < n; i++) {
    const lv = level[i]!;
    let score = certPts[lv]! + skillPts[popcount(skills[i]! & wantSkills)]!;
    if (district > 0 && districtOf[i] === district) score += wd;
    else if (cityOf[i] === city) score += wc;
    if (positions[i]! & posBit) score += wpos;
    if (minPay[i]! <= payMax) score += wpay;
    let linked = 0;
    if (cohort > 0) {
      if (cohort1[i] === cohort) linked = 1;
      else if (multi[i]) {
        const cs = cohorts[i]!;
        for (let j = 1; j < cs.length; j++) if (cs[j] === cohort) linked = 1;
      }
    }
    const key = ((linked * 2 + okLevel[lv]!) * SCORE_SPAN + score) * INDEX_SPAN + (INDEX_SPAN - 1 - i);
    if (size === k) {
      if (key <= floor) continue;
      heap[0] = key;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && heap[r]! < heap[l]! ? r : l;
        if (heap[p]! <= heap[m]!) break;
        const t = heap[p]!;
        heap[p] = heap[m]!;
        heap[m] = t;
        p = m;
      }
      floor = heap[0]!;
    } else {
      let c = size++;
      heap[c] = key;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (heap[p]! <= heap[c]!) break;
        const t = heap[p]!;
        heap[p] = heap[c]!;
        heap[c] = t;
        c = p;
      }
      if (size === k) floor = heap[0]!;
    }
  }
  const best = heap.subarray(0, size).sort().reverse();
  const out: Ranked[] = new Array(size);
  for (let r = 0; r < size; r++) {
    const key = best[r]!;
    const i = INDEX_SPAN - 1 - (key % INDEX_SPAN);
    const hi = Math.floor(key / INDEX_SPAN);
    out[r] = explain(pool, i, order, hi % SCORE_SPAN, hi >= 2 * SCORE_SPAN, (hi / SCORE_SPAN) % 2 >= 1);
  }
  return out;
}

/** The reasons behind one graduate's place (only for the entries returned). */
function explain(pool: Pool, i: number, order: OrderFacts, score: number, linked: boolean, qualified: boolean): Ranked {
  const g = pool.graduates[i]!;
  const reasons: MatchReason[] = [];
  if (linked) reasons.push({ code: 'linked_cohort' });
  reasons.push({ code: 'certificate', level: g.level, want: order.minLevel, ok: qualified && g.level !== null });
  if (order.skills.length) {
    const have = new Set(g.skills);
    reasons.push({ code: 'skills', have: order.skills.filter((s) => have.has(s)).length, want: order.skills.length });
  }
  const where = order.districtCode && g.districtCode === order.districtCode ? 'district' : g.cityCode === order.cityCode ? 'city' : 'elsewhere';
  reasons.push({ code: 'place', where });
  reasons.push({ code: 'position', ok: g.positions.includes(order.position) });
  reasons.push({ code: 'pay', ok: g.minPayFen <= order.payMaxFen });
  return { userId: g.userId, score, linked, qualified, reasons };
}

/** Convenience for one order and a handful of graduates. */
export const rank = (order: OrderFacts, graduates: readonly Graduate[], limit?: number) => rankPool(poolOf(graduates), order, limit);
