// Who may do what with job orders, candidates, placements and the figures: pure functions of the
// principal and the object's organisations.
import { hasRole, orgsWithRole, type Principal } from '../../../platform/access.js';

/** What a caller does with a job order. */
export type OrderAction = 'view' | 'manage' | 'decide' | 'recommend';

/**
 * An employer sees, changes and decides on its own orders only (another employer's answers like a
 * missing one). Schools' trainers see every order (they are job notices for their graduates) and
 * recommend their own graduates to it; an analyst or an admin may read any.
 */
export function mayOnOrder(p: Principal, orderOrgId: string, action: OrderAction): boolean {
  const own = hasRole(p, 'employer', orderOrgId);
  switch (action) {
    case 'view':
      return own || hasRole(p, 'trainer') || hasRole(p, 'analyst') || hasRole(p, 'admin');
    case 'manage':
    case 'decide':
      return own;
    case 'recommend':
      return hasRole(p, 'trainer');
  }
}

/**
 * Whether the caller may see one candidate (a graduate on an order): the order's employer; a trainer
 * of a school the graduate graduated from; the graduate themself.
 */
export function mayOnCandidate(p: Principal, c: { orderOrgId: string; userId: string; schoolIds: readonly string[] }, action: 'view' | 'decide' | 'withdraw'): boolean {
  if (p.kind !== 'user') return false;
  if (action === 'decide') return hasRole(p, 'employer', c.orderOrgId);
  if (action === 'withdraw') return p.userId === c.userId;
  return hasRole(p, 'employer', c.orderOrgId) || c.schoolIds.some((s) => hasRole(p, 'trainer', s)) || p.userId === c.userId;
}

/** A follow-up is recorded by the employer the graduate works for, or a trainer of their school. */
export const mayFollowUp = (p: Principal, placement: { orgId: string; schoolIds: readonly string[] }) =>
  hasRole(p, 'employer', placement.orgId) || placement.schoolIds.some((s) => hasRole(p, 'trainer', s));

/** The scope of the placement and retention figures: all (analyst, admin), or schools and employers. */
export function figuresScope(p: Principal): 'all' | { schools: string[]; employers: string[] } {
  if (hasRole(p, 'analyst') || hasRole(p, 'admin')) return 'all';
  return { schools: [...new Set(orgsWithRole(p, 'trainer'))], employers: [...new Set(orgsWithRole(p, 'employer'))] };
}

/** The employers whose orders the caller lists, or 'all'. */
export function orderScope(p: Principal): 'all' | string[] {
  if (hasRole(p, 'trainer') || hasRole(p, 'analyst') || hasRole(p, 'admin')) return 'all';
  return [...new Set(orgsWithRole(p, 'employer'))];
}
