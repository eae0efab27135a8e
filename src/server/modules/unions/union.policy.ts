import { orgsWithRole, type Principal } from '../../platform/access.js';

/** Officers and the chair decide applications of their own union only. */
export const canDecide = (p: Principal, unionId: string) => orgsWithRole(p, 'union_officer', 'union_chair').includes(unionId);
