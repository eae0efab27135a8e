/** What the oversight console's API answers (docs/api-oversight-console.md). */
export const INDICATORS = ['E1', 'E2', 'P1', 'P2', 'P3', 'P7', 'R1', 'R2', 'R3', 'S2'] as const;
export type IndicatorId = (typeof INDICATORS)[number];
export type Principle = 'fair_pay' | 'fair_conditions' | 'legal_operation';
export type PrincipleStatus = 'met' | 'partly' | 'not_met' | 'no_data';
export type Cell = { count: number | null; rate: number | null };

export type MonthItem = { month: string; runId: string; analysedAt: string; orders: number; completed: number };
export type Scorecard = {
  month: string;
  run: { id: string; analysedAt: string; orders: number; completed: number; rejected: number; duplicates: number };
  union: { id: string; name: string } | null;
  masked: boolean;
  minCell: number | null;
  indicators: { id: IndicatorId; unit: string; rateUnit: 'per_1000_orders' | 'per_100_drivers'; violations: number | null; crossPlatform: number | null }[];
  platforms: {
    code: string;
    name: string;
    orders: number;
    completed: number;
    drivers: number;
    indicators: Record<IndicatorId, Cell>;
    doubleComplianceRate: number | null;
    fairwork: { principle: Principle; status: PrincipleStatus; failing: IndicatorId[] }[];
    points: number;
  }[];
  doubleComplianceRate: number | null;
  fairness: { platform: string; name: string; days: number; meanGini: number; maxGini: number; maxGiniDay: string; members: { driverDays: number; ordersPerDriver: number } | null; nonMembers: { driverDays: number; ordersPerDriver: number } | null }[];
  trend: { month: string; analysed: boolean; platforms: Record<string, Record<IndicatorId, number | null>> }[];
  rules: { id: string; rule: string; scope: string; version: number; value: number; class: string; source: string; unit: string | null; effectiveFrom: string | null }[];
};

export type Order = { platform: string; orderId: string; missing?: true; driverId?: string | null; plate?: string; acceptAt?: string; finishAt?: string; farePaidFen?: number; driverPayFen?: number; commission?: number | null; distanceM?: number; completed?: boolean };
export type Finding = {
  id: string;
  indicator: IndicatorId;
  platform: string;
  day: string;
  driverKey: string;
  plate: string;
  value: number | null;
  limit: number | null;
  rule: { id: string; rule: string | null; scope: string | null; version: number | null; value: number | null; unit: string | null; class: string | null; source: string | null } | null;
  orders: Order[];
};
export type FindingsPage = { month: string; total: number; limit: number; offset: number; masked: boolean; items: Finding[] };

export type WatchItem = { kind: 'plate' | 'driver'; subject: string; days: number; findings: number; runs: number; firstSeen: string; lastSeen: string; checkedInActions: number; referral: { id: string; status: string } | null };
export type Action = { id: string; heldOn: string; place: string; platesChecked: number; plates: string[]; outcome: string; partners: string; createdBy: string | null; createdAt: string };
export type Referral = { id: string; subjectKind: 'plate' | 'driver'; subject: string; toName: string; note: string; status: 'sent' | 'acknowledged' | 'closed'; next: string[]; evidenceCount: number; createdBy: string | null; createdAt: string };

export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '–' : (fen / 100).toFixed(2));
export const pct = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? '–' : `${(r * 100).toFixed(digits)}%`);
export const hhmm = (iso: string | undefined) => (iso ? iso.slice(11, 16) : '');
