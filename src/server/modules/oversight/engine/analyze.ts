// The oversight indicators over a table of completed orders (issue 5; DOMAIN.md). One engine for the
// console's monthly runs and for `npm run oversight -- analyze`:
//  - orders are sorted once by accept time (radix sort), then stably by driver (a person: the permit
//    number links one driver across platforms) and by plate;
//  - one pass over each driver's orders finds blocks (R1, R2), days (P3, R3), months (P2) and dispatch
//    counts (fairness); one pass over each plate finds overlapping drivers (E2); one pass over the
//    orders checks each on its own (E1, P1, P7, S2).
// Days and months are Beijing time (UTC+8) by accept_ts. Comparisons are exact: integers where the
// rule allows (wages, speed), the same double division the definition writes otherwise (commission).
import type { Fairness, IndicatorId, RunResult } from '../../../../shared/oversight.js';
import { indicatorIds } from '../../../../shared/oversight.js';
import type { RuleSet } from './rules.js';
import type { OrderTable } from './table.js';
import type { Registry } from './registry.js';

const MIN = 60_000;
const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;

export type Finding = {
  indicator: IndicatorId;
  platform: string; // '' when the driver-day or block spans platforms
  day: string;
  driverKey: string;
  plate: string;
  value: number | null;
  limit: number | null;
  ruleId: string | null;
  orders: number[]; // rows of the table
};

export type AnalyzeOptions = {
  rules: RuleSet;
  registry?: Registry | null;
  /** Person keys (as in OrderTable.persons) of union members, for dispatch fairness. */
  members?: Set<string> | null;
  /** Keep up to this many findings per indicator (with their orders); 0 keeps none. */
  findingsPerIndicator?: number;
};

export type Analysis = { result: RunResult; findings: Finding[]; truncated: Partial<Record<IndicatorId, number>> };

/** Indices 0..n-1 sorted by key (non-negative integers below 2^53), stably: LSD radix, 16 bits a pass. */
export function radixOrder(keys: Float64Array, n: number): Int32Array {
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let max = 0;
  for (let i = 0; i < n; i++) if (keys[i]! > max) max = keys[i]!;
  let tmp = new Int32Array(n);
  const count = new Int32Array(65537);
  for (let shift = 1; shift <= max; shift *= 65536) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(Math.floor(keys[idx[i]!]! / shift) % 65536) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < n; i++) {
      const j = idx[i]!;
      tmp[count[Math.floor(keys[j]! / shift) % 65536]!++] = j;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}

/** `order` regrouped by `group` (0..groups-1), stably: counting sort. Also answers each group's start. */
function groupBy(order: Int32Array, group: Int32Array, groups: number): { idx: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(groups + 1);
  for (let i = 0; i < order.length; i++) starts[group[order[i]!]! + 1]!++;
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  const at = starts.slice(0, groups);
  const idx = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const j = order[i]!;
    idx[at[group[j]!]!++] = j;
  }
  return { idx, starts };
}

const dayIndex = (ms: number) => Math.floor((ms + BEIJING) / DAY);
const isoDay = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

/** Gini coefficient of non-negative counts (0 = even, → 1 = all to one). */
export function gini(counts: number[]): number {
  const n = counts.length;
  if (n < 2) return 0;
  const xs = [...counts].sort((a, b) => a - b);
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += xs[i]!;
    weighted += (i + 1) * xs[i]!;
  }
  return sum === 0 ? 0 : (2 * weighted) / (n * sum) - (n + 1) / n;
}

export function analyze(t: OrderTable, o: AnalyzeOptions): Analysis {
  const n = t.n;
  const rules = o.rules;
  const keep = o.findingsPerIndicator ?? 0;
  const platformNames = t.platforms.names;
  const P = platformNames.length;
  const counts = Object.fromEntries(indicatorIds.map((id) => [id, new Float64Array(P + 1)])) as Record<IndicatorId, Float64Array>; // [P] = cross-platform
  const findings: Finding[] = [];
  const kept: Partial<Record<IndicatorId, number>> = {};
  const truncated: Partial<Record<IndicatorId, number>> = {};
  const versionId = new Map(rules.versions.map((v) => [`${v.rule}|${v.scope}`, v.id]));
  const ruleOf = (rule: string, scope: string) => versionId.get(`${rule}|${scope}`) ?? versionId.get(`${rule}|*`) ?? null;
  const driverKey = (person: number) => {
    const k = t.persons.names[person]!;
    return k.slice(2);
  };
  const flag = (id: IndicatorId, platform: number, make: (() => Omit<Finding, 'indicator'>) | null) => {
    counts[id][platform]!++;
    if (!keep || !make) return;
    const k = kept[id] ?? 0;
    if (k >= keep) {
      truncated[id] = (truncated[id] ?? 0) + 1;
      return;
    }
    kept[id] = k + 1;
    findings.push({ indicator: id, ...make() });
  };

  // Per-platform rule lookups, by platform index.
  const pr = platformNames.map((code) => ({ ...rules.allPlatforms, ...rules.platforms[code] }));
  const gapMs = rules.rest_gap_min * MIN;
  const blockMs = rules.max_continuous_min * MIN;
  const allowanceMs = rules.allowance_min * MIN;
  const wageOfCity = t.cities.names.map((c) => rules.min_hourly_wage_fen[c] ?? rules.min_hourly_wage_default ?? undefined);
  const minOrdersOf = pr.map((p) => p.monthly_min_orders ?? rules.monthly_min_orders);

  const day = new Int32Array(n);
  for (let i = 0; i < n; i++) day[i] = dayIndex(t.accept[i]!);

  // ---- each order on its own: E1, P1, P7, S2 -----------------------------------------------------------
  let compliant = 0;
  const reg = o.registry;
  for (let i = 0; i < n; i++) {
    const p = t.platform[i]!;
    const fare = t.fare[i]!;
    const pay = t.pay[i]!;
    if (reg) {
      const permit = t.permit[i]!;
      const okDriver = permit >= 0 && reg.driverValid(t.permits.names[permit]!, day[i]!);
      const okVehicle = reg.vehicleValid(t.plates.names[t.plate[i]!]!, day[i]!);
      if (okDriver && okVehicle) compliant++;
      else flag('E1', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(t.person[i]!), plate: t.plates.names[t.plate[i]!]!, value: null, limit: null, ruleId: null, orders: [i] }));
    }
    const cap = pr[p]!.commission_cap;
    if (cap !== undefined && fare > 0 && (fare - pay) / fare > cap) {
      flag('P1', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(t.person[i]!), plate: t.plates.names[t.plate[i]!]!, value: (fare - pay) / fare, limit: cap, ruleId: ruleOf('commission_cap', platformNames[p]!), orders: [i] }));
    }
    if (pay <= 0) flag('P7', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(t.person[i]!), plate: t.plates.names[t.plate[i]!]!, value: pay, limit: 0, ruleId: null, orders: [i] }));
    const dur = t.finish[i]! - t.start[i]!;
    // distance_m / duration > max km/h  ⇔  distance_m · 3,600 > max · duration_ms (exact in integers)
    if (dur > 0 && t.distance[i]! * 3600 > rules.max_speed_kmh * dur) {
      flag('S2', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(t.person[i]!), plate: t.plates.names[t.plate[i]!]!, value: (t.distance[i]! * 3600) / dur, limit: rules.max_speed_kmh, ruleId: ruleOf('max_speed_kmh', '*'), orders: [i] }));
    }
  }

  // ---- sort: by accept time, then by driver and by plate ----------------------------------------------
  let minAccept = Infinity;
  for (let i = 0; i < n; i++) if (t.accept[i]! < minAccept) minAccept = t.accept[i]!;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = t.accept[i]! - minAccept;
  const byAccept = radixOrder(keys, n);

  // ---- each driver's orders in time: blocks (R1, R2), days (P3, R3), months (P2), dispatch counts -------
  const byPerson = groupBy(byAccept, t.person, t.persons.size);
  const sumFare = new Float64Array(P);
  const sumPay = new Float64Array(P);
  const cnt = new Int32Array(P);
  const monthRows: number[][] = Array.from({ length: P }, () => []);
  const dayCount = new Int32Array(P);
  const fairness = new Map<number, { all: number[]; members: number[]; non: number[] }>();
  const isMember = o.members ? t.persons.names.map((k) => o.members!.has(k)) : null;
  const monthOf = (d: number) => {
    const dt = new Date(d * DAY);
    return dt.getUTCFullYear() * 12 + dt.getUTCMonth();
  };
  const personCount = t.persons.size;
  for (let person = 0; person < personCount; person++) {
    const from = byPerson.starts[person]!;
    const to = byPerson.starts[person + 1]!;
    if (from === to) continue;
    const rows = byPerson.idx.subarray(from, to);
    // Blocks: consecutive intervals whose gaps are each < rest_gap; a gap of exactly rest_gap ends one.
    let bStart = 0;
    let bEnd = -Infinity;
    let bFrom = 0;
    let bPlatform = -1;
    const endBlock = (k: number) => {
      if (bEnd - bStart > blockMs) {
        const pl = bPlatform < 0 ? P : bPlatform;
        flag('R1', pl, () => ({ platform: bPlatform < 0 ? '' : platformNames[bPlatform]!, day: isoDay(dayIndex(bStart)), driverKey: driverKey(person), plate: '', value: (bEnd - bStart) / MIN, limit: rules.max_continuous_min, ruleId: ruleOf('max_continuous_min', '*'), orders: Array.from(rows.subarray(bFrom, k)) }));
      }
    };
    // Days: the union of the day's service intervals, its pay, its first order's city, its platforms.
    let dDay = -1;
    let dFrom = 0;
    let dUnion = 0;
    let dCurS = 0;
    let dCurE = -Infinity;
    let dPay = 0;
    let dCity = 0;
    const dPlatforms: number[] = [];
    const endDay = (k: number) => {
      const worked = dUnion + (dCurE - dCurS) + allowanceMs;
      const single = dPlatforms.length === 1 ? dPlatforms[0]! : -1;
      const pl = single < 0 ? P : single;
      const wage = wageOfCity[dCity];
      // Σ pay / hours < wage  ⇔  Σ pay · 3,600,000 < wage · worked_ms
      if (wage !== undefined && worked > 0 && dPay * 3_600_000 < wage * worked) {
        flag('P3', pl, () => ({ platform: single < 0 ? '' : platformNames[single]!, day: isoDay(dDay), driverKey: driverKey(person), plate: '', value: (dPay * 3_600_000) / worked, limit: wage, ruleId: ruleOf('min_hourly_wage_fen', t.cities.names[dCity]!), orders: Array.from(rows.subarray(dFrom, k)) }));
      }
      // The strictest daily maximum of the platforms the driver worked for that day.
      let maxMin = Infinity;
      let maxPl = -1;
      for (const q of dPlatforms) {
        const m = pr[q]!.max_daily_min;
        if (m !== undefined && m < maxMin) {
          maxMin = m;
          maxPl = q;
        }
      }
      if (maxPl >= 0 && worked > maxMin * MIN) {
        flag('R3', pl, () => ({ platform: single < 0 ? '' : platformNames[single]!, day: isoDay(dDay), driverKey: driverKey(person), plate: '', value: worked / MIN, limit: maxMin, ruleId: ruleOf('max_daily_min', platformNames[maxPl]!), orders: Array.from(rows.subarray(dFrom, k)) }));
      }
      // Dispatch: this driver's orders on each platform that day.
      for (const q of dPlatforms) {
        const key = q * 1_000_000 + dDay;
        let f = fairness.get(key);
        if (!f) fairness.set(key, (f = { all: [], members: [], non: [] }));
        f.all.push(dayCount[q]!);
        if (isMember) (isMember[person] ? f.members : f.non).push(dayCount[q]!);
        dayCount[q] = 0;
      }
      dPlatforms.length = 0;
    };
    // Months: per platform, Σ fare, Σ pay and the number of orders.
    let mMonth = -1;
    const mTouched: number[] = [];
    const endMonth = () => {
      for (const q of mTouched) {
        const cap = pr[q]!.monthly_commission_cap;
        if (cap !== undefined && cnt[q]! >= minOrdersOf[q]! && sumFare[q]! > 0 && (sumFare[q]! - sumPay[q]!) / sumFare[q]! > cap) {
          const evidence = monthRows[q]!;
          flag('P2', q, () => ({ platform: platformNames[q]!, day: isoDay(day[evidence[0]!]!), driverKey: driverKey(person), plate: '', value: (sumFare[q]! - sumPay[q]!) / sumFare[q]!, limit: cap, ruleId: ruleOf('monthly_commission_cap', platformNames[q]!), orders: [...evidence] }));
        }
        sumFare[q] = 0;
        sumPay[q] = 0;
        cnt[q] = 0;
        monthRows[q]!.length = 0;
      }
      mTouched.length = 0;
    };

    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const a = t.accept[i]!;
      const f = t.finish[i]!;
      const p = t.platform[i]!;
      // block
      if (k === 0 || a - bEnd >= gapMs) {
        if (k > 0) endBlock(k);
        bStart = a;
        bEnd = f;
        bFrom = k;
        bPlatform = p;
      } else {
        if (f > bEnd) bEnd = f;
        if (bPlatform !== p) bPlatform = -1;
      }
      // R2: accepted when the block had already run ≥ max_continuous (the platform kept dispatching)
      if (a - bStart >= blockMs) {
        flag('R2', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(person), plate: t.plates.names[t.plate[i]!]!, value: (a - bStart) / MIN, limit: rules.max_continuous_min, ruleId: ruleOf('max_continuous_min', '*'), orders: Array.from(rows.subarray(bFrom, k + 1)) }));
      }
      // day
      const d = day[i]!;
      if (d !== dDay) {
        if (dDay >= 0) endDay(k);
        dDay = d;
        dFrom = k;
        dUnion = 0;
        dCurS = a;
        dCurE = f;
        dPay = 0;
        dCity = t.city[i]!;
      } else if (a > dCurE) {
        dUnion += dCurE - dCurS;
        dCurS = a;
        dCurE = f;
      } else if (f > dCurE) dCurE = f;
      dPay += t.pay[i]!;
      if (dayCount[p] === 0) dPlatforms.push(p);
      dayCount[p]!++;
      // month
      const m = monthOf(d);
      if (m !== mMonth) {
        endMonth();
        mMonth = m;
      }
      if (cnt[p] === 0) mTouched.push(p);
      cnt[p]!++;
      sumFare[p]! += t.fare[i]!;
      sumPay[p]! += t.pay[i]!;
      if (keep) monthRows[p]!.push(i);
    }
    endBlock(rows.length);
    endDay(rows.length);
    endMonth();
  }

  // ---- each plate's orders in time: overlapping service by two different drivers (E2) -------------------
  const byPlate = groupBy(byAccept, t.plate, t.plates.size);
  const e2 = new Uint8Array(n);
  const active: number[] = [];
  for (let plate = 0; plate < t.plates.size; plate++) {
    const from = byPlate.starts[plate]!;
    const to = byPlate.starts[plate + 1]!;
    if (to - from < 2) continue;
    active.length = 0;
    for (let k = from; k < to; k++) {
      const i = byPlate.idx[k]!;
      const a = t.accept[i]!;
      const f = t.finish[i]!;
      // Intervals [a, f] overlap when each starts before the other ends (touching is not overlapping).
      let w = 0;
      for (const j of active) {
        if (t.finish[j]! <= a) continue; // ended: drop
        active[w++] = j;
        if (t.person[j] !== t.person[i] && t.accept[j]! < f) {
          e2[i] = 1;
          e2[j] = 1;
        }
      }
      active.length = w;
      if (f > a) active.push(i);
    }
  }
  for (let i = 0; i < n; i++) {
    if (!e2[i]) continue;
    const p = t.platform[i]!;
    flag('E2', p, () => ({ platform: platformNames[p]!, day: isoDay(day[i]!), driverKey: driverKey(t.person[i]!), plate: t.plates.names[t.plate[i]!]!, value: null, limit: null, ruleId: null, orders: [i] }));
  }

  // ---- the result --------------------------------------------------------------------------------------
  const platforms: RunResult['platforms'] = {};
  for (const [code, lines] of t.linesByPlatform) platforms[code] = { orders: lines, completed: 0, drivers: 0 };
  const driversOn = Array.from({ length: P }, () => new Set<number>());
  for (let i = 0; i < n; i++) {
    const code = platformNames[t.platform[i]!]!;
    platforms[code]!.completed++;
    driversOn[t.platform[i]!]!.add(t.person[i]!);
  }
  platformNames.forEach((code, q) => (platforms[code]!.drivers = driversOn[q]!.size));
  const indicators = {} as RunResult['indicators'];
  for (const id of indicatorIds) {
    if (id === 'E1' && !reg) continue; // not computed without the licence registry
    const c = counts[id];
    const byPlatform: Record<string, number> = {};
    let total = 0;
    for (let q = 0; q <= P; q++) {
      if (!c[q]) continue;
      byPlatform[q === P ? '' : platformNames[q]!] = c[q]!;
      total += c[q]!;
    }
    indicators[id] = { violations: total, byPlatform };
  }
  const fair: Fairness[] = [];
  for (const [key, f] of fairness) {
    const q = Math.floor(key / 1_000_000);
    const d = key % 1_000_000;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    fair.push({
      platform: platformNames[q]!,
      day: isoDay(d),
      drivers: f.all.length,
      orders: sum(f.all),
      gini: Math.round(gini(f.all) * 10_000) / 10_000,
      ...(isMember
        ? {
            members: { drivers: f.members.length, ordersPerDriver: f.members.length ? sum(f.members) / f.members.length : 0 },
            nonMembers: { drivers: f.non.length, ordersPerDriver: f.non.length ? sum(f.non) / f.non.length : 0 },
          }
        : {}),
    });
  }
  fair.sort((x, y) => (x.platform < y.platform ? -1 : x.platform > y.platform ? 1 : x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
  if (reg && n) indicators.E1.rate = 1 - compliant / n;
  return {
    result: {
      month: '',
      orders: t.valid,
      completed: n,
      rejected: 0,
      duplicates: t.duplicates,
      indicators,
      platforms,
      doubleComplianceRate: reg ? (n ? compliant / n : 1) : null,
      fairness: fair,
      rules: rules.versions,
    },
    findings,
    truncated,
  };
}
