/** The ride-hailing oversight vocabulary shared by the API, the CLI and the web app: codes pages translate. */

/** The indicators of issue 5 / DOMAIN.md, in the order the scorecard shows them. */
export const indicatorIds = ['E1', 'E2', 'P1', 'P2', 'P3', 'P7', 'R1', 'R2', 'R3', 'S2'] as const;
export type IndicatorId = (typeof indicatorIds)[number];

/** What one violation of an indicator counts. */
export const indicatorUnit: Record<IndicatorId, 'orders' | 'driver_days' | 'driver_months' | 'blocks'> = {
  E1: 'orders',
  E2: 'orders',
  P1: 'orders',
  P2: 'driver_months',
  P3: 'driver_days',
  P7: 'orders',
  R1: 'blocks',
  R2: 'orders',
  R3: 'driver_days',
  S2: 'orders',
};

export const indicatorArea: Record<IndicatorId, 'employment' | 'pay' | 'rest' | 'safety'> = {
  E1: 'employment',
  E2: 'employment',
  P1: 'pay',
  P2: 'pay',
  P3: 'pay',
  P7: 'pay',
  R1: 'rest',
  R2: 'rest',
  R3: 'rest',
  S2: 'safety',
};

/** Rules as data (oversight_rules.rule). Scope: '*' everywhere, a platform code, or a 6-digit city code. */
export const ruleIds = [
  'commission_cap', // per order, ratio (platform)
  'monthly_commission_cap', // per driver-month with ≥ monthly_min_orders orders, ratio (platform)
  'monthly_min_orders', // orders a driver-month needs before P2 applies (platform or '*')
  'max_daily_min', // worked minutes a day (platform)
  'min_hourly_wage_fen', // fen per hour (city)
  'max_continuous_min', // a block longer than this is R1 ('*')
  'rest_gap_min', // a gap this long or longer ends a block ('*')
  'allowance_min', // minutes added to a day's order time for worked time ('*')
  'max_speed_kmh', // implied speed above this is S2 ('*')
] as const;
export type RuleId = (typeof ruleIds)[number];

export const ruleClasses = ['LEGAL', 'POLICY', 'PLATFORM', 'LOCAL', 'DRAFT'] as const;
export type RuleClass = (typeof ruleClasses)[number];

/** One indicator's figure in an analysis. `byPlatform` counts per platform ('' for cross-platform driver-days). */
export type IndicatorResult = { violations: number; byPlatform: Record<string, number>; rate?: number };

/** Dispatch fairness of one platform on one day: how evenly orders spread over its active drivers. */
export type Fairness = {
  platform: string;
  day: string;
  drivers: number;
  orders: number;
  gini: number;
  members?: { drivers: number; ordersPerDriver: number };
  nonMembers?: { drivers: number; ordersPerDriver: number };
};

/** oversight_runs.result (JSON): what the scorecard reads. */
export type RunResult = {
  month: string; // YYYY-MM, Beijing time, or '' for a whole file (CLI)
  orders: number; // valid lines
  completed: number;
  rejected: number;
  duplicates: number;
  indicators: Record<IndicatorId, IndicatorResult>;
  /** Per platform: orders, completed orders and active drivers. */
  platforms: Record<string, { orders: number; completed: number; drivers: number }>;
  /** E1's complement: completed orders with both permits valid ÷ completed orders (null without a registry). */
  doubleComplianceRate: number | null;
  fairness: Fairness[];
  /** The rule versions applied (oversight_rules rows, or the --rules file). */
  rules: { id: string; rule: string; scope: string; version: number; value: number; class: string; source: string }[];
};
