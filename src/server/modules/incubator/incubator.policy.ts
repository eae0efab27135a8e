// Who may do what at an incubation base: pure functions of (principal, the base's organisation).
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';

/** view: read enterprises and the library; manage: change them; figures: the base's counts. */
export type BaseAction = 'view' | 'manage' | 'figures';

/**
 * The base's managers see and change everything of their base; an admin reads any base; an analyst
 * reads the figures of any base.
 */
const seats: Record<BaseAction, { roles: Role[]; global: Role[] }> = {
  view: { roles: ['incubator_manager'], global: ['admin'] },
  manage: { roles: ['incubator_manager'], global: [] },
  figures: { roles: ['incubator_manager'], global: ['admin', 'analyst'] },
};

export const mayOnBase = (p: Principal, orgId: string, action: BaseAction) =>
  seats[action].roles.some((r) => hasRole(p, r, orgId)) || seats[action].global.some((r) => hasRole(p, r));

/** The bases the caller may act on, or 'all'. */
export function baseOrgs(p: Principal, action: BaseAction): string[] | 'all' {
  if (seats[action].global.some((r) => hasRole(p, r))) return 'all';
  return [...new Set(orgsWithRole(p, ...seats[action].roles))];
}
