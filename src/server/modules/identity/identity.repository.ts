import { reusable, type Db, type Tx } from '../../platform/db.js';
import type { RoleGrant } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';

type Q = Db | Tx;

export type UserRow = {
  id: string;
  name: string;
  phone_enc: string;
  phone_hash: string;
  password_hash: string;
  locale: string;
  is_disabled: number;
  failed_logins: number;
  locked_until: number;
};

export const findUserByPhoneHash = (q: Q, phoneHash: string) =>
  q.selectFrom('users').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst();

export const findUserById = (q: Q, id: string) => q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

const rolesQuery = reusable((q, userId: string) => q.selectFrom('user_roles').select(['role', 'org_id']).where('user_id', '=', userId));
export async function rolesOf(q: Q, userId: string): Promise<RoleGrant[]> {
  const rows = await rolesQuery(q, userId);
  return rows.map((r) => ({ role: r.role as Role, orgId: r.org_id }));
}

export async function rolesWithOrgNames(q: Q, userId: string) {
  return q
    .selectFrom('user_roles')
    .leftJoin('orgs', 'orgs.id', 'user_roles.org_id')
    .select(['user_roles.role', 'user_roles.org_id', 'orgs.name as org_name'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('user_roles.role')
    .execute();
}

export async function insertUser(
  q: Q,
  u: { id: string; name: string; phoneEnc: string; phoneHash: string; phoneLast4: string; passwordHash: string; locale: string; now: number },
) {
  await q
    .insertInto('users')
    .values({
      id: u.id,
      name: u.name,
      phone_enc: u.phoneEnc,
      phone_hash: u.phoneHash,
      phone_last4: u.phoneLast4,
      password_hash: u.passwordHash,
      locale: u.locale,
      is_disabled: 0,
      failed_logins: 0,
      locked_until: 0,
      created_at: u.now,
      updated_at: u.now,
    })
    .execute();
}

export async function replaceRoles(q: Q, userId: string, roles: RoleGrant[]) {
  await q.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) {
    await q
      .insertInto('user_roles')
      .values(roles.map((r) => ({ user_id: userId, role: r.role, org_id: r.orgId })))
      .execute();
  }
}

export const recordFailure = (q: Q, userId: string, failed: number, lockedUntil: number) =>
  q.updateTable('users').set({ failed_logins: failed, locked_until: lockedUntil }).where('id', '=', userId).execute();

export const clearFailures = (q: Q, userId: string) =>
  q.updateTable('users').set({ failed_logins: 0, locked_until: 0 }).where('id', '=', userId).execute();

export const insertSession = (
  q: Q,
  s: { idHash: string; userId: string; isStaff: boolean; now: number; expiresAt: number },
) =>
  q
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      is_staff: s.isStaff ? 1 : 0,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
    })
    .execute();

const sessionQuery = reusable((q, idHash: string) =>
  q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.is_staff',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.name',
      'users.is_disabled',
    ])
    .where('sessions.id_hash', '=', idHash),
);
export const findSession = async (q: Q, idHash: string) => (await sessionQuery(q, idHash))[0];

export const touchSession = (q: Q, idHash: string, now: number) =>
  q.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();

export const deleteSession = (q: Q, idHash: string) => q.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
export const deleteSessionsOf = (q: Q, userId: string) => q.deleteFrom('sessions').where('user_id', '=', userId).execute();

export const findActiveApiKey = (q: Q, keyHash: string) =>
  q
    .selectFrom('api_keys')
    .select(['id', 'platform_code'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
