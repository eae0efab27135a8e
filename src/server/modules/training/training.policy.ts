// Who may do what with a school's training: pure functions of (principal, the school's organisation).
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';

/** manage: programmes, cohorts, applicants, attendance, exams, certificates. figures: read the counts. */
export type TrainingAction = 'manage' | 'figures';

/**
 * A school's trainers run its training and read its figures. Analysts (and admins) read every
 * school's figures and nothing else; nobody outside the school manages its training.
 */
export function mayOnSchool(p: Principal, orgId: string, action: TrainingAction): boolean {
  if (hasRole(p, 'trainer', orgId)) return true;
  return action === 'figures' && (hasRole(p, 'analyst') || hasRole(p, 'admin'));
}

/** The schools whose training the caller may act on, or 'all' (analysts and admins, for figures). */
export function schoolOrgs(p: Principal, action: TrainingAction): string[] | 'all' {
  if (action === 'figures' && (hasRole(p, 'analyst') || hasRole(p, 'admin'))) return 'all';
  return [...new Set(orgsWithRole(p, 'trainer'))];
}
