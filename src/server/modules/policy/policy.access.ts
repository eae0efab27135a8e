// Who may do what with policy support: pure functions of (principal, the scheme's approving agency).
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';

/** What the approver's side does with an application. */
export type ReviewAction = 'view' | 'decide' | 'disburse';

/**
 * A policy officer of the agency that approves a scheme sees its applications, decides them and
 * records what was paid; nobody else does (another agency's officer gets 404, as for a missing one).
 */
export const mayReview = (p: Principal, agencyOrgId: string, _action: ReviewAction) => hasRole(p, 'policy_officer', agencyOrgId);

/** The agencies whose applications the caller reviews. */
export const reviewOrgs = (p: Principal) => [...new Set(orgsWithRole(p, 'policy_officer'))];

/** Figures: an analyst reads every agency's, a policy officer their own agencies'. */
export function figureOrgs(p: Principal): string[] | 'all' {
  if (hasRole(p, 'analyst')) return 'all';
  return reviewOrgs(p);
}

/** The applicant sees their own application; its reviewers see it too. */
export const maySeeApplication = (p: Principal, a: { applicant_user_id: string; agency_org_id: string }) =>
  (p.kind === 'user' && p.userId === a.applicant_user_id) || mayReview(p, a.agency_org_id, 'view');

/** A school's claim: the caller is a trainer of the school that ran the cohort. */
export const mayClaimFor = (p: Principal, schoolOrgId: string) => hasRole(p, 'trainer', schoolOrgId);
