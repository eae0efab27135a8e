/**
 * The SLA clock of a case, counted on a working-day calendar: time runs only on working days (in the
 * union's local time, +08:00), which are Monday to Friday except public holidays, plus the weekend days
 * the State Council makes working days (调休). The calendar is data (`calendar_days`). A pause (waiting
 * on the worker or an outside party) stops the clock; the deadline moves by the counted time paused.
 * Pure functions of the calendar and the instants given: tests inject the clock.
 */

export type Calendar = { holidays: Set<string>; workdays: Set<string>; utcOffsetMin: number };
export const emptyCalendar = (utcOffsetMin = 480): Calendar => ({ holidays: new Set(), workdays: new Set(), utcOffsetMin });

const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Local date (YYYY-MM-DD) of the local day that starts at `dayStart` (local midnight, as epoch ms). */
const dateOf = (localMidnightUtcMs: number, offMin: number) => new Date(localMidnightUtcMs + offMin * 60_000).toISOString().slice(0, 10);

export function isWorkingDay(cal: Calendar, date: string): boolean {
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

/** Local midnight (epoch ms) at or before `t`. */
function dayStart(t: number, offMin: number): number {
  const off = offMin * 60_000;
  return Math.floor((t + off) / DAY) * DAY - off;
}

/** Counted milliseconds between two instants (0 when `to` ≤ `from`). */
export function counted(cal: Calendar, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let d = dayStart(from, cal.utcOffsetMin);
  // Whole days are walked one at a time: case spans are days or weeks, never years.
  for (let guard = 0; d < to && guard < 3700; guard++, d += DAY) {
    if (!isWorkingDay(cal, dateOf(d, cal.utcOffsetMin))) continue;
    total += Math.min(to, d + DAY) - Math.max(from, d);
  }
  return total;
}

/** The instant at which `budgetMs` of counted time has run from `from`. */
export function addCounted(cal: Calendar, from: number, budgetMs: number): number {
  let left = budgetMs;
  let t = from;
  let d = dayStart(from, cal.utcOffsetMin);
  for (let guard = 0; guard < 3700; guard++, d += DAY) {
    if (!isWorkingDay(cal, dateOf(d, cal.utcOffsetMin))) {
      t = d + DAY;
      continue;
    }
    const avail = d + DAY - t;
    if (left <= avail) return t + left;
    left -= avail;
    t = d + DAY;
  }
  return t + left;
}

export type Clock = {
  submittedAt: number;
  pausedCountedMs: number;
  pausedSince: number | null;
  firstResponseAt: number | null;
  resolvedAt: number | null;
};
export type Budget = { firstResponseHours: number; resolutionHours: number };

/** Deadlines now: null while the clock is paused or once the step is done. */
export function deadlines(cal: Calendar, c: Clock, b: Budget) {
  if (c.pausedSince !== null) return { firstResponseDue: null, resolutionDue: null };
  return {
    firstResponseDue: c.firstResponseAt === null ? addCounted(cal, c.submittedAt, b.firstResponseHours * HOUR + c.pausedCountedMs) : null,
    resolutionDue: c.resolvedAt === null ? addCounted(cal, c.submittedAt, b.resolutionHours * HOUR + c.pausedCountedMs) : null,
  };
}

/** Counted time used so far (pauses excluded) and what is left of each budget, at `now`. */
export function remaining(cal: Calendar, c: Clock, b: Budget, now: number) {
  const end = c.pausedSince ?? now;
  const used = counted(cal, c.submittedAt, end) - c.pausedCountedMs;
  return {
    usedMs: used,
    firstResponseLeftMs: c.firstResponseAt === null ? b.firstResponseHours * HOUR - used : null,
    resolutionLeftMs: c.resolvedAt === null ? b.resolutionHours * HOUR - used : null,
  };
}

export function pause(c: Clock, now: number): Clock {
  return c.pausedSince === null ? { ...c, pausedSince: now } : c;
}

export function resume(cal: Calendar, c: Clock, now: number): Clock {
  if (c.pausedSince === null) return c;
  return { ...c, pausedCountedMs: c.pausedCountedMs + counted(cal, c.pausedSince, now), pausedSince: null };
}

/**
 * Escalation level at `now`: 0 with the officer; 1 (union chair) once a deadline has passed; 2 (the
 * federation) once the resolution deadline has been overdue by half its budget again.
 */
export function escalationLevel(cal: Calendar, c: Clock, b: Budget, now: number): 0 | 1 | 2 {
  const r = remaining(cal, c, b, now);
  const resolutionOver = r.resolutionLeftMs !== null && r.resolutionLeftMs < 0;
  const firstOver = r.firstResponseLeftMs !== null && r.firstResponseLeftMs < 0;
  if (resolutionOver && -r.resolutionLeftMs! >= (b.resolutionHours * HOUR) / 2) return 2;
  return resolutionOver || firstOver ? 1 : 0;
}

export const defaultBudgets: Record<string, Budget> = {
  normal: { firstResponseHours: 24, resolutionHours: 7 * 24 },
  high: { firstResponseHours: 8, resolutionHours: 5 * 24 },
  urgent: { firstResponseHours: 4, resolutionHours: 3 * 24 },
};
