/** Who may do what with a case: pure functions of (principal, case). */
import { hasRole, type Principal } from '../../platform/access.js';
import type { Action } from './case.js';

export type CaseFacts = { unionId: string; workerUserId: string; officerUserId: string | null; lawyerUserId: string | null };
export type Seat = 'worker' | 'officer' | 'chair' | 'lawyer';

/**
 * The seats the principal holds on this case. A case is visible only to the worker, the assigned
 * officer, their union's chair and an assigned lawyer; nobody else (an officer of the union who does not
 * own it sees the queue's summary only, never the case).
 */
export function seatsOn(p: Principal, c: CaseFacts): Seat[] {
  if (p.kind !== 'user') return [];
  const seats: Seat[] = [];
  if (c.workerUserId === p.userId) seats.push('worker');
  if (c.officerUserId === p.userId && (hasRole(p, 'union_officer', c.unionId) || hasRole(p, 'union_chair', c.unionId))) seats.push('officer');
  if (hasRole(p, 'union_chair', c.unionId)) seats.push('chair');
  if (c.lawyerUserId === p.userId && hasRole(p, 'lawyer')) seats.push('lawyer');
  return seats;
}

export const canRead = (p: Principal, c: CaseFacts) => seatsOn(p, c).length > 0;
/** Staff who handle the case: its officer and the union chair. */
export const handles = (p: Principal, c: CaseFacts) => seatsOn(p, c).some((s) => s === 'officer' || s === 'chair');

/** Officers and chairs of a union see its intake queue (summaries without the worker's identity). */
export const seesQueue = (p: Principal, unionId: string) => hasRole(p, 'union_officer', unionId) || hasRole(p, 'union_chair', unionId);

/** Which seat may take each action. */
const actionSeats: Record<Action, Seat[] | 'queue'> = {
  take: 'queue',
  assign: ['chair', 'officer'],
  start: ['officer', 'chair'],
  wait_worker: ['officer', 'chair'],
  wait_party: ['officer', 'chair'],
  resume: ['officer', 'chair'],
  propose_close: ['officer', 'chair'],
  reopen: ['officer', 'chair'],
  confirm: ['worker'],
  reject: ['worker'],
  take_appeal: ['chair'],
  withdraw: ['worker'],
  expire_confirmation: [],
};

export function mayAct(p: Principal, c: CaseFacts, action: Action): boolean {
  const need = actionSeats[action];
  if (need === 'queue') return seesQueue(p, c.unionId);
  const seats = seatsOn(p, c);
  return need.some((s) => seats.includes(s));
}
