import type { Me } from '../api.ts';

/** The staff console's modules and the roles that open each one (docs/api-foundation.md). */
export const CONSOLE_MODULES = [
  { path: 'cases', roles: ['union_officer', 'union_chair'] },
  { path: 'systemic', roles: ['union_officer', 'union_chair'] },
  { path: 'case-dashboard', roles: ['union_officer', 'union_chair'] },
  { path: 'legal', roles: ['lawyer'] },
  { path: 'aggregates', roles: ['analyst'] },
  { path: 'scorecard', roles: ['union_officer', 'union_chair', 'analyst'] },
  { path: 'enforcement', roles: ['union_officer', 'union_chair'] },
  { path: 'registry', roles: ['union_officer', 'union_chair', 'admin', 'analyst'] },
  { path: 'rules', roles: ['union_officer', 'union_chair', 'admin', 'analyst'] },
  { path: 'applications', roles: ['union_officer', 'union_chair'] },
  { path: 'workers', roles: ['union_officer', 'union_chair'] },
  { path: 'stations', roles: ['station_operator'] },
  { path: 'consultations', roles: ['lawyer'] },
  { path: 'verify', roles: ['station_operator', 'union_officer', 'union_chair'] },
  { path: 'parking', roles: ['union_officer', 'union_chair'] },
  { path: 'parking-gate', roles: ['parking_attendant', 'union_officer', 'union_chair'] },
  { path: 'training', roles: ['trainer'] },
  { path: 'jobs', roles: ['employer', 'trainer'] },
  { path: 'incubator', roles: ['incubator_manager'] },
  { path: 'users', roles: ['admin'] },
  { path: 'api-keys', roles: ['admin'] },
  { path: 'audit', roles: ['auditor'] },
  { path: 'policy', roles: ['policy_officer'] },
  { path: 'agency-figures', roles: ['analyst'] },
  { path: 'observatory', roles: ['analyst', 'union_chair', 'policy_officer'] },
  { path: 'campaign', roles: ['union_officer', 'union_chair', 'policy_officer', 'analyst'] },
] as const;

export type ConsoleModule = (typeof CONSOLE_MODULES)[number];

/** Roles whose work arrives in later releases; the console says so rather than showing empty screens. */
export const LATER_ROLES: readonly string[] = [];

export const modulesFor = (u: Me | null) =>
  CONSOLE_MODULES.filter((m) => !!u && u.roles.some((r) => (m.roles as readonly string[]).includes(r.role)));

/** The unions this user decides for (officer or chair), with their names. */
export const unionsOf = (u: Me | null) => {
  const out: { id: string; name: string; isChair: boolean }[] = [];
  for (const r of u?.roles ?? []) {
    if (r.role !== 'union_officer' && r.role !== 'union_chair') continue;
    const existing = out.find((x) => x.id === r.orgId);
    if (existing) existing.isChair ||= r.role === 'union_chair';
    else out.push({ id: r.orgId, name: r.orgName ?? r.orgId, isChair: r.role === 'union_chair' });
  }
  return out;
};

/** The stations this user operates (one role per station), with their names. */
export const stationsOf = (u: Me | null) => {
  const out: { id: string; name: string }[] = [];
  for (const r of u?.roles ?? []) {
    if (r.role === 'station_operator' && r.orgId && !out.some((x) => x.id === r.orgId)) out.push({ id: r.orgId, name: r.orgName ?? r.orgId });
  }
  return out;
};
