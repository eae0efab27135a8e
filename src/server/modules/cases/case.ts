/** Rights cases (工会维权): categories, states and the transition table. Pure rules, no I/O. */

import { statuses, type Status } from '../../../shared/cases.js';
export { categories, priorities, respondentKinds, statuses, outcomes, courtStatuses, linkKinds, pausedStatuses } from '../../../shared/cases.js';
export type { Category, Priority, RespondentKind, Status, Outcome } from '../../../shared/cases.js';

export const actions = [
  'take',
  'assign',
  'start',
  'wait_worker',
  'wait_party',
  'resume',
  'propose_close',
  'reopen',
  'confirm',
  'reject',
  'take_appeal',
  'withdraw',
  'expire_confirmation',
] as const;
export type Action = (typeof actions)[number];

/** From each state, the actions allowed and the state each leads to. Everything else is a 409. */
export const transitions: Record<Status, Partial<Record<Action, Status>>> = {
  submitted: { take: 'assigned', assign: 'assigned', withdraw: 'withdrawn' },
  assigned: { assign: 'assigned', start: 'in_progress', wait_worker: 'waiting_worker', wait_party: 'waiting_party', propose_close: 'proposed_closed', withdraw: 'withdrawn' },
  in_progress: { assign: 'in_progress', wait_worker: 'waiting_worker', wait_party: 'waiting_party', propose_close: 'proposed_closed', withdraw: 'withdrawn' },
  waiting_worker: { resume: 'in_progress', assign: 'waiting_worker', propose_close: 'proposed_closed', withdraw: 'withdrawn' },
  waiting_party: { resume: 'in_progress', assign: 'waiting_party', propose_close: 'proposed_closed', withdraw: 'withdrawn' },
  proposed_closed: { confirm: 'closed', reject: 'appealed', reopen: 'in_progress', expire_confirmation: 'closed' },
  appealed: { take_appeal: 'in_progress' },
  closed: {},
  withdrawn: {},
};

export const openStatuses: Status[] = statuses.filter((s) => s !== 'closed' && s !== 'withdrawn');

export type TransitionResult = { ok: true; to: Status } | { ok: false; allowed: { action: Action; to: Status }[] };

export function nextState(from: Status, action: Action): TransitionResult {
  const to = transitions[from][action];
  if (to) return { ok: true, to };
  return { ok: false, allowed: allowedFrom(from) };
}

export const allowedFrom = (from: Status) =>
  Object.entries(transitions[from]).map(([action, to]) => ({ action: action as Action, to: to as Status }));

/** A rating of 1 or 2 counts as a rejection of the closure: the case goes to the union chair. */
export const ratingAppeals = (rating: number) => rating <= 2;

/** Case number: union short code, year and a running number, e.g. WYC-2026-00042. */
export const caseNo = (shortCode: string, year: number, n: number) => `${shortCode}-${year}-${String(n).padStart(5, '0')}`;

/**
 * How alike two cases' texts are (0–1): overlap of character bigrams, which suits Chinese, where words
 * are not separated by spaces. Used to suggest links into one systemic issue.
 */
export function textSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = s.toLowerCase().replace(/[\s\p{P}]+/gu, '');
    const g = new Set<string>();
    for (let i = 0; i < t.length - 1; i++) g.add(t.slice(i, i + 2));
    return g;
  };
  const ga = grams(a);
  const gb = grams(b);
  if (!ga.size || !gb.size) return 0;
  let common = 0;
  for (const x of ga) if (gb.has(x)) common++;
  return common / Math.min(ga.size, gb.size);
}

/** Great-circle distance in metres (for "same road" suggestions). */
export function metresBetween(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
