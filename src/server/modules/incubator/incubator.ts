// The incubation base: the pure rules (no I/O). Stage transitions, which dates they set, whether two
// space bookings overlap, and the figures' counting rule.
import { stageTransitions, type EnterpriseStage } from '../../../shared/incubator.js';

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const mayMove = (from: EnterpriseStage, to: EnterpriseStage) => stageTransitions[from].includes(to);

/** The date column a move to `to` sets. */
export const stageDateColumn = { incubating: 'entered_on', graduated: 'graduated_on', exited: 'exited_on' } as const;

/** Two inclusive day ranges (an open end runs for ever) share at least one day. */
export function overlaps(a: { startsOn: string; endsOn: string | null }, b: { startsOn: string; endsOn: string | null }): boolean {
  return (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn);
}

/**
 * Incubated so far: every enterprise that ever reached incubating — incubating now, graduated, or
 * exited after it had entered (an applicant who withdrew never counts).
 */
export const everIncubated = (e: { stage: string; entered_on: string | null }) => e.stage === 'incubating' || e.stage === 'graduated' || (e.stage === 'exited' && e.entered_on !== null);
