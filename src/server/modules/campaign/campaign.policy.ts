// Who may do what in a special campaign: pure functions of (principal, the campaign's and problem's orgs).
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';

/** Staff of an agency or union who take part in a campaign (the route-level roles, with analysts). */
export const STAFF_ROLES: Role[] = ['union_officer', 'union_chair', 'policy_officer'];
/** The lead agency's managers: its chair (a union) or its policy officer (an agency). */
export const MANAGER_ROLES: Role[] = ['union_chair', 'policy_officer'];
export const CAMPAIGN_ROLES: Role[] = [...STAFF_ROLES, 'analyst'];

export type CampaignFacts = { leadOrgId: string; ownerOrgIds: readonly string[]; ownerUserIds: readonly string[] };
export type ProblemFacts = { leadOrgId: string; ownerOrgId: string; ownerUserId: string | null };

export type CampaignAction = 'view' | 'manage';
/**
 * view: read the problem; edit: change its fields, links, dismiss or reopen it (the lead's managers);
 * progress: post an update with evidence, start and close it (the owner person, or a lead manager);
 * evidence: download an evidence file (staff who see names — never analysts).
 */
export type ProblemAction = 'view' | 'edit' | 'progress' | 'evidence';

const userId = (p: Principal) => (p.kind === 'user' ? p.userId : null);
const staffOf = (p: Principal, orgId: string) => STAFF_ROLES.some((r) => hasRole(p, r, orgId));
export const isManager = (p: Principal, leadOrgId: string) => MANAGER_ROLES.some((r) => hasRole(p, r, leadOrgId));
export const isAnalyst = (p: Principal) => hasRole(p, 'analyst');

/**
 * Campaign: the lead's managers manage it; the lead's staff, the staff of any owner agency and the owner
 * persons see it; analysts read every campaign (without personal data). Anyone else: as if missing.
 */
export function mayOnCampaign(p: Principal, f: CampaignFacts, action: CampaignAction): boolean {
  if (action === 'manage') return isManager(p, f.leadOrgId);
  if (isAnalyst(p) || staffOf(p, f.leadOrgId)) return true;
  if (f.ownerOrgIds.some((o) => staffOf(p, o))) return true;
  const me = userId(p);
  return me !== null && f.ownerUserIds.includes(me);
}

export function mayOnProblem(p: Principal, f: ProblemFacts, action: ProblemAction): boolean {
  const me = userId(p);
  const owner = me !== null && me === f.ownerUserId;
  switch (action) {
    case 'view':
      return isAnalyst(p) || staffOf(p, f.leadOrgId) || staffOf(p, f.ownerOrgId) || owner;
    case 'edit':
      return isManager(p, f.leadOrgId);
    case 'progress':
      return owner || isManager(p, f.leadOrgId);
    case 'evidence':
      return staffOf(p, f.leadOrgId) || staffOf(p, f.ownerOrgId) || owner;
  }
}

/** Names of people (owner persons, authors of updates) are personal data: analysts do not see them. */
export const seesNames = (p: Principal) => p.kind === 'user' && p.roles.some((r) => STAFF_ROLES.includes(r.role));

/** The organisations the caller is staff of (campaign lists are scoped by them). */
export const staffOrgs = (p: Principal) => [...new Set(orgsWithRole(p, ...STAFF_ROLES))];
