/** The rights-case vocabulary (工会维权) shared by the API and the web app: codes pages translate. */

export const categories = ['traffic_fine', 'fleet_contract', 'pay_arrears', 'platform_penalty', 'accident_injury', 'occupational_injury', 'discrimination', 'other'] as const;
export type Category = (typeof categories)[number];

export const priorities = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const respondentKinds = ['authority', 'platform', 'company', 'other'] as const;
export type RespondentKind = (typeof respondentKinds)[number];

export const statuses = [
  'submitted', // in the union's intake queue, no owner yet
  'assigned', // an officer owns it; the worker has not heard back yet
  'in_progress',
  'waiting_worker', // clock paused until the worker answers
  'waiting_party', // clock paused until the authority or company answers
  'proposed_closed', // the union proposes to close; the worker confirms or rejects
  'appealed', // the worker rejected the closure or rated it 1–2: the union chair takes it
  'closed',
  'withdrawn',
] as const;
export type Status = (typeof statuses)[number];

export const outcomes = [
  'fine_revoked',
  'compensation',
  'contract_ended_without_penalty',
  'rule_changed',
  'referred_labour_inspection',
  'referred_12351',
  'referred_court',
  'not_upheld',
  'other',
] as const;
export type Outcome = (typeof outcomes)[number];

export const courtStatuses = ['filed', 'hearing', 'judgment', 'settled'] as const;
export const linkKinds = ['road', 'company', 'contract_clause', 'platform_rule', 'other'] as const;
/** States in which the SLA clock stands still. */
export const pausedStatuses: readonly Status[] = ['waiting_worker', 'waiting_party', 'proposed_closed'];
