/** Membership rules: pure, no I/O. */

export type ApplicationStatus = 'pending' | 'approved' | 'rejected';

/** 乌网约工会-2026-000123: the union's short code, the year joined, a per-union running number. */
export const membershipNumber = (shortCode: string, year: number, n: number) => `${shortCode}-${year}-${String(n).padStart(6, '0')}`;

export type ApplyCheck =
  | { ok: true; transferFrom: string | null }
  | { ok: false; code: 'conflict'; why: string };

/** May this worker apply to this union now? A current membership elsewhere makes it a transfer. */
export function checkApply(
  unionId: string,
  current: { id: string; unionId: string } | null,
  pending: { unionId: string } | null,
): ApplyCheck {
  if (current?.unionId === unionId) return { ok: false, code: 'conflict', why: 'You are already a member of this union' };
  if (pending) return { ok: false, code: 'conflict', why: 'You already have an application waiting for a decision' };
  return { ok: true, transferFrom: current?.id ?? null };
}
