import type { Role } from '../../shared/reference.js';
import type { Actor } from './audit.js';

export type RoleGrant = { role: Role; orgId: string };

/** Who is calling. Resolved once per request, before any route runs. */
export type Principal =
  | { kind: 'anonymous'; sessionEnded?: boolean }
  | {
      kind: 'user';
      userId: string;
      name: string;
      roles: RoleGrant[];
      isStaff: boolean;
      sessionHash: string;
    }
  | { kind: 'platform'; platformCode: string; keyId: string }
  /** A parking zone's gate, by its zone key (modules/parking). */
  | { kind: 'gate'; zoneId: string; keyId: string };

/** Every route declares one of these; a route without one refuses to register. */
export type Access =
  | { public: true }
  | { signedIn: true }
  | { roles: readonly Role[] }
  | { platform: true }
  | { gate: true };

export const hasRole = (p: Principal, role: Role, orgId?: string) =>
  p.kind === 'user' && p.roles.some((r) => r.role === role && (orgId === undefined || r.orgId === orgId));

export const orgsWithRole = (p: Principal, ...roles: Role[]) =>
  p.kind === 'user' ? p.roles.filter((r) => roles.includes(r.role)).map((r) => r.orgId) : [];

export function isAllowed(access: Access, p: Principal): boolean {
  if ('public' in access) return true;
  if ('platform' in access) return p.kind === 'platform';
  if ('gate' in access) return p.kind === 'gate';
  if (p.kind !== 'user') return false;
  if ('signedIn' in access) return true;
  return p.roles.some((r) => access.roles.includes(r.role));
}

export function actorOf(p: Principal, ip: string | null): Actor {
  if (p.kind === 'user') return { id: p.userId, kind: 'user', ip };
  if (p.kind === 'platform') return { id: p.keyId, kind: 'platform', ip };
  if (p.kind === 'gate') return { id: p.keyId, kind: 'gate', ip };
  return { id: null, kind: 'anonymous', ip };
}
