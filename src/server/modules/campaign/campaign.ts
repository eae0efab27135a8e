// The special campaign: the pure rules (no I/O). The problem status table, which case category falls in
// which rights area, when a problem is overdue, and the keys proposals are known by.
import type { Area, ProblemStatus, ProblemStep } from '../../../shared/campaign.js';
import type { Category } from '../../../shared/cases.js';

/**
 * The status table: from a status, what each step leads to. A problem starts open; the first progress
 * update (or "start") puts it in progress; it closes only from in progress (with evidence and a closing
 * note, checked by the service); a manager may dismiss an open or running problem, and reopen a closed
 * or dismissed one (back to in progress, or open when it never had progress).
 */
export const statusTable: Record<ProblemStatus, Partial<Record<ProblemStep, ProblemStatus>>> = {
  open: { start: 'in_progress', dismiss: 'dismissed' },
  in_progress: { close: 'closed', dismiss: 'dismissed' },
  closed: { reopen: 'in_progress' },
  dismissed: { reopen: 'open' },
};

export const nextStatus = (from: ProblemStatus, step: ProblemStep): ProblemStatus | null => statusTable[from]?.[step] ?? null;
export const stepsFrom = (from: ProblemStatus): ProblemStep[] => Object.keys(statusTable[from] ?? {}) as ProblemStep[];
export const isFinished = (s: ProblemStatus) => s === 'closed' || s === 'dismissed';

/** Which rights area a case category is proposed under (a person may choose another on accepting). */
export const categoryArea: Record<Category, Area> = {
  traffic_fine: 'safety',
  fleet_contract: 'employment',
  pay_arrears: 'pay',
  platform_penalty: 'pay',
  accident_injury: 'safety',
  occupational_injury: 'safety',
  discrimination: 'employment',
  other: 'employment',
};

/** Overdue: the deadline (a Beijing date, inclusive) has passed and the problem is not finished. */
export const isOverdue = (p: { deadline: string; status: ProblemStatus }, today: string) => !isFinished(p.status) && p.deadline < today;

/** Beijing date of a moment (UTC+8, no daylight saving). */
export const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A violation cell: one indicator × platform in one analysed month. */
export const violationRef = (indicator: string, platform: string, month: string) => `${indicator}|${platform}|${month}`;
export const parseViolationRef = (ref: string) => {
  const [indicator = '', platform = '', month = ''] = ref.split('|');
  return { indicator, platform, month };
};

/** Proposal keys: stable across requests, so a dismissal can name one. */
export const clusterKey = (category: string, by: 'platform' | 'respondent', value: string) => `cases:${category}:${by}:${value}`;
export const trendKey = (indicator: string, platform: string) => `trend:${indicator}:${platform}`;

/** A trend rises enough: at least `minRise` more findings than the month before and at least 20 % more. */
export const risesEnough = (previous: number, current: number, minRise: number) => current - previous >= minRise && current >= previous * 1.2;

/** A dismissed proposal comes back only when it has grown past the size it had when dismissed. */
export const offeredAgain = (dismissedSize: number | undefined, size: number) => dismissedSize === undefined || size > dismissedSize;
