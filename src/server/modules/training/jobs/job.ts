// The directed-employment domain: a candidate's stages and the moves between them, pay bands, dates.
import type { CandidateStage } from '../../../../shared/jobs.js';

/** Who moves a candidate, and where to. A hired, declined or withdrawn candidate is final. */
export const moves: Record<'interview' | 'hire' | 'decline' | 'withdraw', { from: readonly CandidateStage[]; to: CandidateStage }> = {
  interview: { from: ['recommended', 'interviewing'], to: 'interviewing' },
  hire: { from: ['recommended', 'interviewing'], to: 'hired' },
  decline: { from: ['recommended', 'interviewing'], to: 'declined' },
  withdraw: { from: ['recommended', 'interviewing'], to: 'withdrawn' },
};
export type Move = keyof typeof moves;

export const canMove = (stage: string, move: Move) => (moves[move].from as readonly string[]).includes(stage);

/** YYYY-MM-DD plus whole months (the day clamped to the month's end). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The Beijing calendar day of an instant. */

/** Follow-ups fall due 3 and 6 months after the start. */
export const followupMonths = [3, 6] as const;
export const followupDue = (startedOn: string, months: number, today: string) => addMonths(startedOn, months) <= today;

/** A write refused by a unique index or primary key (two requests racing for the same row), on either database. */
