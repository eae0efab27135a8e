// The scorecard's pure rules (no I/O): rates per indicator and platform, the Fairwork-style principles a
// platform meets, dispatch fairness over a month, masking for analysts, a driver's worked time, and CSV
// quoting. The indicators themselves are counted by the analysis engine; this file only reads its result.
import { indicatorIds, indicatorUnit, type Fairness, type IndicatorId, type RunResult } from '../../../shared/oversight.js';

/** Orders and blocks are rated per 1,000 completed orders; driver-days and driver-months per 100 active drivers. */
export type RateUnit = 'per_1000_orders' | 'per_100_drivers';
export const rateUnitOf = (id: IndicatorId): RateUnit => (indicatorUnit[id] === 'orders' || indicatorUnit[id] === 'blocks' ? 'per_1000_orders' : 'per_100_drivers');

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function rateOf(id: IndicatorId, count: number, base: { completed: number; drivers: number }): number | null {
  const unit = rateUnitOf(id);
  const d = unit === 'per_1000_orders' ? base.completed : base.drivers;
  if (!d) return null;
  return round((count / d) * (unit === 'per_1000_orders' ? 1000 : 100), 3);
}

/** Fairwork's principles as far as order data can tell them, each with the indicators that decide it. */
export const principles = {
  fair_pay: ['P1', 'P2', 'P3', 'P7'],
  fair_conditions: ['R1', 'R2', 'R3', 'S2'],
  legal_operation: ['E1', 'E2'],
} as const satisfies Record<string, readonly IndicatorId[]>;
export type Principle = keyof typeof principles;
export const principleIds = Object.keys(principles) as Principle[];

/**
 * A principle is met when none of its indicators has a violation; partly met when every indicator stays at
 * or under the tolerance (1 per 1,000 orders, or 1 per 100 drivers); not met otherwise. Points as Fairwork
 * counts them: 2 for met, 1 for partly, 0 for not — 6 in all.
 */
export const TOLERANCE = 1;
export type PrincipleStatus = 'met' | 'partly' | 'not_met' | 'no_data';
export function principleStatus(rates: Partial<Record<IndicatorId, { count: number; rate: number | null }>>, p: Principle): { status: PrincipleStatus; failing: IndicatorId[] } {
  const ids = principles[p];
  const cells = ids.map((id) => [id, rates[id]] as const);
  if (cells.every(([, c]) => !c || c.rate === null)) return { status: 'no_data', failing: [] };
  const failing = cells.filter(([, c]) => (c?.count ?? 0) > 0).map(([id]) => id);
  if (!failing.length) return { status: 'met', failing };
  const over = cells.some(([, c]) => c && c.count > 0 && (c.rate === null || c.rate > TOLERANCE));
  return { status: over ? 'not_met' : 'partly', failing };
}
export const pointsOf = (s: PrincipleStatus) => (s === 'met' ? 2 : s === 'partly' ? 1 : 0);

export type PlatformFigures = {
  code: string;
  orders: number;
  completed: number;
  drivers: number;
  indicators: Record<IndicatorId, { count: number | null; rate: number | null }>;
  doubleComplianceRate: number | null;
  fairwork: { principle: Principle; status: PrincipleStatus; failing: IndicatorId[] }[];
  points: number;
};

/** Each platform's figures from one run: counts, rates, double compliance and the principles. */
export function platformFigures(r: RunResult): PlatformFigures[] {
  return Object.entries(r.platforms)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, base]) => {
      const indicators = {} as PlatformFigures['indicators'];
      for (const id of indicatorIds) {
        const count = r.indicators[id]?.byPlatform?.[code] ?? 0;
        indicators[id] = { count, rate: rateOf(id, count, base) };
      }
      const fairwork = principleIds.map((principle) => ({ principle, ...principleStatus(indicators as Record<IndicatorId, { count: number; rate: number | null }>, principle) }));
      const e1 = indicators.E1.count ?? 0;
      return {
        code,
        orders: base.orders,
        completed: base.completed,
        drivers: base.drivers,
        indicators,
        doubleComplianceRate: r.doubleComplianceRate === null || !base.completed ? null : round(1 - e1 / base.completed, 5),
        fairwork,
        points: fairwork.reduce((s, f) => s + pointsOf(f.status), 0),
      };
    });
}

/** Dispatch fairness over a month: the days' Gini averaged, the worst day, and members against non-members. */
export function fairnessByPlatform(rows: readonly Fairness[]) {
  const by = new Map<string, Fairness[]>();
  for (const f of rows) by.set(f.platform, [...(by.get(f.platform) ?? []), f]);
  const group = (days: Fairness[], pick: 'members' | 'nonMembers') => {
    const xs = days.flatMap((d) => (d[pick] ? [d[pick]] : []));
    const drivers = xs.reduce((s, x) => s + x.drivers, 0);
    if (!xs.length || !drivers) return null;
    return { driverDays: drivers, ordersPerDriver: round(xs.reduce((s, x) => s + x.ordersPerDriver * x.drivers, 0) / drivers) };
  };
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([platform, days]) => {
      const worst = days.reduce((w, d) => (d.gini > w.gini ? d : w), days[0]!);
      return {
        platform,
        days: days.length,
        meanGini: round(days.reduce((s, d) => s + d.gini, 0) / days.length, 3),
        maxGini: round(worst.gini, 3),
        maxGiniDay: worst.day,
        members: group(days, 'members'),
        nonMembers: group(days, 'nonMembers'),
      };
    });
}

// ---- analysts see no identities ---------------------------------------------------------------------

/** 新A12345 → 新A•••••: the city stays, the vehicle goes. */
export const maskPlate = (plate: string) => (plate ? `${[...plate].slice(0, 2).join('')}•••••` : '');
/** A permit number or platform:driver_id → the platform (if any) and dots. */
export const maskDriver = (key: string) => (key.includes(':') ? `${key.slice(0, key.indexOf(':'))}:•••` : '•••');

// ---- a driver's own time ----------------------------------------------------------------------------------

/** The length of the union of intervals [from, to] in ms: simultaneous orders count once. */
export function unionMs(intervals: readonly (readonly [number, number])[]): number {
  const xs = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const [a, b] of xs) {
    if (a > end) {
      if (end > start) total += end - start;
      start = a;
      end = b;
    } else if (b > end) end = b;
  }
  if (end > start && Number.isFinite(start)) total += end - start;
  return total;
}

const BEIJING_MS = 8 * 3_600_000;
/** The Beijing date (YYYY-MM-DD) of an instant. */
/** [start, end) of a Beijing month in epoch ms. */
export function monthBounds(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - BEIJING_MS;
  const end = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - BEIJING_MS;
  return [start, end];
}
/** The months before `month`, oldest first: previousMonths('2026-02', 3) → 2025-11, 2025-12, 2026-01. */
export function previousMonths(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n; i >= 1; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}
/** ISO 8601 with the Beijing offset: what the edges show. */
export const isoBeijing = (ms: number) => `${new Date(ms + BEIJING_MS).toISOString().slice(0, 19)}+08:00`;

// ---- CSV ------------------------------------------------------------------------------------------------

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF or edge spaces, quotes doubled.
 * Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const csvLine = (fields: readonly (string | number | null | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`;
export const BOM = '\uFEFF';
