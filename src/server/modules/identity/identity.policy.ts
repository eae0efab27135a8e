import type { Principal, RoleGrant } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';

/** Roles scoped to an organisation must name one; the others must not. */
export const orgScopedRoles: ReadonlySet<Role> = new Set([
  'station_operator',
  'union_officer',
  'union_chair',
  'lawyer',
  'trainer',
  'incubator_manager',
  'employer',
  'parking_attendant',
  'policy_officer',
]);

export const isStaffRoles = (roles: RoleGrant[]) => roles.some((r) => r.role !== 'worker');

/**
 * Separation of duties (三员): an admin manages accounts but may not change their own roles (so cannot
 * make themselves auditor), and no account may be both admin and auditor.
 */
export function canSetRoles(actor: Principal, targetUserId: string, roles: RoleGrant[]): { ok: true } | { ok: false; why: string } {
  if (actor.kind !== 'user' || !actor.roles.some((r) => r.role === 'admin')) return { ok: false, why: 'Only an admin manages roles' };
  if (actor.userId === targetUserId) return { ok: false, why: 'An admin cannot change their own roles' };
  const names = new Set(roles.map((r) => r.role));
  if (names.has('admin') && names.has('auditor')) return { ok: false, why: 'Admin and auditor must be different people' };
  return { ok: true };
}

export const canDisable = (actor: Principal, targetUserId: string) =>
  actor.kind === 'user' && actor.roles.some((r) => r.role === 'admin') && actor.userId !== targetUserId;
