import { orgsWithRole, type Principal } from '../../platform/access.js';

/**
 * Union staff see the workers of the cities their unions serve; nobody else browses workers.
 * Returns the union ids the principal may act for, for `search` and `read`.
 */
export const staffUnionIds = (p: Principal) => orgsWithRole(p, 'union_officer', 'union_chair');

/** Seeing a full phone or ID number is the chair's permission, and only with a stated purpose. */
export const unmaskUnionIds = (p: Principal) => orgsWithRole(p, 'union_chair');
