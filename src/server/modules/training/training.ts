// Training: the pure rules (no I/O). Which enrolment moves are allowed, whether a result passes,
// certificate numbers nobody can guess, and the figures' arithmetic.
import { randomBytes } from 'node:crypto';
import type { EnrolmentStatus } from '../../../shared/training.js';

export type EnrolmentMove = 'accept' | 'decline' | 'withdraw' | 'complete' | 'drop';

/** From which status each move may start, and whether it takes (+1) or frees (−1) a seat. */
export const moves: Record<EnrolmentMove, { from: readonly EnrolmentStatus[]; to: EnrolmentStatus }> = {
  accept: { from: ['applied'], to: 'accepted' },
  decline: { from: ['applied'], to: 'declined' },
  withdraw: { from: ['applied', 'accepted'], to: 'withdrawn' },
  complete: { from: ['accepted'], to: 'completed' },
  drop: { from: ['accepted'], to: 'dropped' },
};

/** What a move does to the cohort's seat counter (accepted and completed enrolments hold a seat). */
export function seatChange(from: EnrolmentStatus, to: EnrolmentStatus): -1 | 0 | 1 {
  const holds = (s: EnrolmentStatus) => s === 'accepted' || s === 'completed';
  return holds(to) === holds(from) ? 0 : holds(to) ? 1 : -1;
}

export const mayMove = (from: string, move: EnrolmentMove) => (moves[move].from as readonly string[]).includes(from);

/** Applications are taken while a cohort is open and has a seat left. */
export function applicationRefusal(c: { status: string; capacity: number; seats_taken: number }): 'cohort_not_open' | 'cohort_full' | null {
  if (c.status !== 'open') return 'cohort_not_open';
  if (c.seats_taken >= c.capacity) return 'cohort_full';
  return null;
}

/** A result passes when both scores reach their pass marks. */
export const isPassed = (exam: { theory_pass: number; practice_pass: number }, theory: number, practice: number) => theory >= exam.theory_pass && practice >= exam.practice_pass;

/** Scores are whole numbers 0–100; the first bad one is named. */
export function scoreProblem(scores: Record<string, unknown>): { path: string; code: string } | null {
  for (const [path, v] of Object.entries(scores)) {
    if (typeof v !== 'number' || !Number.isInteger(v)) return { path, code: 'invalid_value' };
    if (v < 0 || v > 100) return { path, code: 'out_of_range' };
  }
  return null;
}

// Crockford's base-32 without I, L, O, U: nothing to misread on a printed certificate.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A generated certificate number: NX, the year, and 12 random characters (60 bits) in three
 * groups, e.g. NX-2026-7K3M-Q9XD-2HBT. Random, not sequential: knowing one number tells nothing of
 * the others, so the public verify endpoint cannot be walked.
 */
export function generateCertNumber(year: string, bytes: Buffer = randomBytes(12)): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[bytes[i]! & 31];
  return `NX-${year}-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** passed / sat, as a percentage with one decimal; null when nobody sat the exam. */
export const passRate = (passed: number, sat: number) => (sat ? Math.round((passed / sat) * 1000) / 10 : null);

/** Yuan with two decimals from fen. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
