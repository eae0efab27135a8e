// Who may do what with a parking zone: pure functions of (principal, the zone's organisation).
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';

/** What a caller does with a zone. */
export type ZoneAction = 'view' | 'operate' | 'figures' | 'manage';

/**
 * Attendants of the union that runs a zone see it and admit or let out cars; the union's officers and
 * chair do that too and read its figures; the chair (or an admin, for any zone) sets zones up and
 * issues gate keys.
 */
const seats: Record<ZoneAction, { roles: Role[]; admin: boolean }> = {
  view: { roles: ['parking_attendant', 'union_officer', 'union_chair'], admin: true },
  operate: { roles: ['parking_attendant', 'union_officer', 'union_chair'], admin: false },
  figures: { roles: ['union_officer', 'union_chair'], admin: true },
  manage: { roles: ['union_chair'], admin: true },
};

export const mayOnZone = (p: Principal, orgId: string, action: ZoneAction) =>
  seats[action].roles.some((r) => hasRole(p, r, orgId)) || (seats[action].admin && hasRole(p, 'admin'));

/** The organisations whose zones the caller may act on, or 'all' for an admin where admins may. */
export function zoneOrgs(p: Principal, action: ZoneAction): string[] | 'all' {
  if (seats[action].admin && hasRole(p, 'admin')) return 'all';
  return [...new Set(orgsWithRole(p, ...seats[action].roles))];
}
