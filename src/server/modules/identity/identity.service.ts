import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/context.js';
import type { Principal, RoleGrant } from '../../platform/access.js';
import { AppError, conflict, forbidden, notFound, badField } from '../../platform/errors.js';
import { maskPhone, randomToken, sha256 } from '../../platform/crypto.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import * as repo from './identity.repository.js';
import { canDisable, canSetRoles, isStaffRoles, orgScopedRoles } from './identity.policy.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import type { Locale } from '../../../shared/reference.js';

export const SESSION_COOKIE = 'nx_session';
const LOCK_AFTER = 10;
const LOCK_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export type Me = {
  id: string;
  name: string;
  phoneMasked: string;
  locale: string;
  roles: { role: string; orgId: string; orgName: string | null }[];
  workerId: string | null;
};

export async function me(ctx: Ctx, userId: string): Promise<Me> {
  const u = await repo.findUserById(ctx.db, userId);
  if (!u) throw notFound();
  const roles = await repo.rolesWithOrgNames(ctx.db, userId);
  const worker = await ctx.db.selectFrom('workers').select('id').where('user_id', '=', userId).executeTakeFirst();
  return {
    id: u.id,
    name: u.name,
    phoneMasked: ctx.crypto.masked(u.phone_enc, maskPhone),
    locale: u.locale,
    roles: roles.map((r) => ({ role: r.role, orgId: r.org_id, orgName: r.org_name ?? null })),
    workerId: worker?.id ?? null,
  };
}

export async function login(ctx: Ctx, phone: string, password: string, actor: Actor) {
  const now = Date.now();
  const user = await repo.findUserByPhoneHash(ctx.db, ctx.crypto.lookupHash(phone));
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    throw new AppError('unauthenticated', 'Wrong mobile number or password');
  }
  if (user.locked_until > now) {
    const secs = Math.ceil((user.locked_until - now) / 1000);
    throw new AppError('locked', `Too many failed sign-ins; try again in ${Math.ceil(secs / 60)} min`, [], { 'retry-after': String(secs) });
  }
  const ok = (await verifyPassword(user.password_hash, password)) && user.is_disabled === 0;
  if (!ok) {
    const failed = user.failed_logins + 1;
    const lockedUntil = failed % LOCK_AFTER === 0 ? now + LOCK_MS : 0;
    await ctx.db.transaction().execute(async (tx) => {
      await repo.recordFailure(tx, user.id, failed, lockedUntil);
      await writeAudit(tx, { ...actor, id: null, kind: 'anonymous' }, {
        action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        details: { failed },
      });
    });
    throw new AppError('unauthenticated', 'Wrong mobile number or password');
  }
  const roles = await repo.rolesOf(ctx.db, user.id);
  const isStaff = isStaffRoles(roles);
  const token = randomToken(32);
  const s = ctx.config.session;
  await ctx.db.transaction().execute(async (tx) => {
    await repo.clearFailures(tx, user.id);
    await repo.insertSession(tx, {
      idHash: sha256(token),
      userId: user.id,
      isStaff,
      now,
      expiresAt: now + (isStaff ? s.staffAbsoluteMs : s.workerAbsoluteMs),
    });
    await writeAudit(tx, { ...actor, id: user.id, kind: 'user' }, { action: 'auth.login', targetType: 'user', targetId: user.id });
  });
  return { token, userId: user.id, maxAgeSec: Math.floor((isStaff ? s.staffAbsoluteMs : s.workerAbsoluteMs) / 1000) };
}

/** Starts a session for a user who just proved who they are (registration). */
export async function startSession(ctx: Ctx, userId: string, isStaff: boolean) {
  const now = Date.now();
  const token = randomToken(32);
  const s = ctx.config.session;
  const abs = isStaff ? s.staffAbsoluteMs : s.workerAbsoluteMs;
  await repo.insertSession(ctx.db, { idHash: sha256(token), userId, isStaff, now, expiresAt: now + abs });
  return { token, maxAgeSec: Math.floor(abs / 1000) };
}

export async function logout(ctx: Ctx, token: string | undefined) {
  if (!token) return;
  forgetSession(ctx, sha256(token));
  await repo.deleteSession(ctx.db, sha256(token));
}

type Cached = { principal: Extract<Principal, { kind: 'user' }>; at: number; lastSeen: number; expiresAt: number; idleMs: number };
/**
 * Resolved sessions, kept for a moment: the session and role look-ups were most of the cost of a
 * signed-in read (bench:http). Everything in this process that ends a session or changes roles clears
 * the entry at once (forgetSessions*), so sign-out, disabling and role changes still act on the very
 * next request; a change made outside this process (another server, hand-written SQL) is seen within
 * SESSION_CACHE_MS.
 */
const sessionCache = new WeakMap<Ctx, Map<string, Cached>>();
const cacheOf = (ctx: Ctx) => {
  let m = sessionCache.get(ctx);
  if (!m) sessionCache.set(ctx, (m = new Map()));
  return m;
};
export const forgetSession = (ctx: Ctx, idHash: string) => cacheOf(ctx).delete(idHash);
export function forgetSessionsOf(ctx: Ctx, userId: string) {
  for (const [k, v] of cacheOf(ctx)) if (v.principal.userId === userId) cacheOf(ctx).delete(k);
}

/** Resolves the caller from the session cookie or a platform API key. Expired or disabled: anonymous. */
export async function resolvePrincipal(ctx: Ctx, req: FastifyRequest): Promise<Principal> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const key = await repo.findActiveApiKey(ctx.db, sha256(auth.slice(7).trim()));
    if (!key) throw new AppError('unauthenticated', 'Unknown or revoked API key');
    return { kind: 'platform', platformCode: key.platform_code, keyId: key.id };
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return { kind: 'anonymous' };
  const idHash = sha256(token);
  const now = Date.now();
  const cache = cacheOf(ctx);
  const hit = cache.get(idHash);
  if (hit && now - hit.at < ctx.config.sessionCacheMs && now < hit.expiresAt && now - hit.lastSeen < hit.idleMs) return hit.principal;
  cache.delete(idHash);
  const s = await repo.findSession(ctx.db, idHash);
  if (!s || s.is_disabled) return { kind: 'anonymous', sessionEnded: true };
  const idle = s.is_staff ? ctx.config.session.staffIdleMs : ctx.config.session.workerIdleMs;
  if (now >= s.expires_at || now - s.last_seen_at >= idle) {
    await repo.deleteSession(ctx.db, idHash);
    return { kind: 'anonymous', sessionEnded: true };
  }
  // Writing on every request would cost the hot path; idle time is measured to the minute.
  let lastSeen = s.last_seen_at;
  if (now - s.last_seen_at > TOUCH_EVERY_MS) {
    await repo.touchSession(ctx.db, idHash, now);
    lastSeen = now;
  }
  const principal = { kind: 'user' as const, userId: s.user_id, name: s.name, roles: await repo.rolesOf(ctx.db, s.user_id), isStaff: !!s.is_staff, sessionHash: idHash };
  if (ctx.config.sessionCacheMs > 0) {
    if (cache.size > 50_000) cache.clear();
    cache.set(idHash, { principal, at: now, lastSeen, expiresAt: s.expires_at, idleMs: idle });
  }
  return principal;
}

export async function setLocale(ctx: Ctx, userId: string, locale: Locale, actor: Actor) {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ locale, updated_at: Date.now() }).where('id', '=', userId).execute();
    await writeAudit(tx, actor, { action: 'user.locale', targetType: 'user', targetId: userId, details: { locale } });
  });
}

// ---- administration ----------------------------------------------------------------------------

async function checkOrgs(ctx: Ctx, roles: RoleGrant[]) {
  for (const [i, r] of roles.entries()) {
    if (orgScopedRoles.has(r.role) && !r.orgId) throw badField(`roles.${i}.orgId`, 'required', `${r.role} needs an organisation`);
    if (!orgScopedRoles.has(r.role) && r.orgId) throw badField(`roles.${i}.orgId`, 'invalid_value', `${r.role} takes no organisation`);
    if (r.orgId) {
      const org = await ctx.db.selectFrom('orgs').select('id').where('id', '=', r.orgId).executeTakeFirst();
      if (!org) throw badField(`roles.${i}.orgId`, 'invalid_value', 'No such organisation');
    }
  }
}

export async function listUsers(ctx: Ctx, q: { page: number; pageSize: number }) {
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'phone_enc', 'locale', 'is_disabled', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const total = await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = [];
  for (const r of rows) {
    items.push({
      id: r.id,
      name: r.name,
      phoneMasked: ctx.crypto.masked(r.phone_enc, maskPhone),
      locale: r.locale,
      isDisabled: !!r.is_disabled,
      createdAt: new Date(r.created_at).toISOString(),
      roles: (await repo.rolesOf(ctx.db, r.id)).map((g) => ({ role: g.role, orgId: g.orgId })),
    });
  }
  return { items, total: Number(total.n) };
}

export async function createUser(
  ctx: Ctx,
  actor: Principal,
  input: { phone: string; name: string; password: string; roles: RoleGrant[]; locale?: Locale },
  auditActor: Actor,
) {
  const id = newId();
  const check = canSetRoles(actor, id, input.roles);
  if (!check.ok) throw forbidden(check.why);
  await checkOrgs(ctx, input.roles);
  const phoneHash = ctx.crypto.lookupHash(input.phone);
  if (await repo.findUserByPhoneHash(ctx.db, phoneHash)) throw conflict('That mobile number already has an account');
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.insertUser(tx, {
      id,
      name: input.name,
      phoneEnc: ctx.crypto.encrypt(input.phone),
      phoneHash,
      phoneLast4: input.phone.slice(-4),
      passwordHash,
      locale: input.locale ?? 'zh',
      now: Date.now(),
    });
    await repo.replaceRoles(tx, id, input.roles);
    await writeAudit(tx, auditActor, { action: 'user.create', targetType: 'user', targetId: id, details: { roles: input.roles } });
  });
  return { id };
}

export async function updateUser(
  ctx: Ctx,
  actor: Principal,
  userId: string,
  input: { disabled?: boolean; roles?: RoleGrant[] },
  auditActor: Actor,
) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user) throw notFound('No such user');
  if (input.roles) {
    const check = canSetRoles(actor, userId, input.roles);
    if (!check.ok) throw forbidden(check.why);
    await checkOrgs(ctx, input.roles);
  }
  if (input.disabled !== undefined && !canDisable(actor, userId)) throw forbidden('An admin cannot disable their own account');
  await ctx.db.transaction().execute(async (tx) => {
    if (input.roles) {
      const before = await repo.rolesOf(tx, userId);
      await repo.replaceRoles(tx, userId, input.roles);
      // A session's staff timeouts follow its roles; starting again is the simple, safe answer.
      await repo.deleteSessionsOf(tx, userId);
      forgetSessionsOf(ctx, userId);
      await writeAudit(tx, auditActor, { action: 'user.roles', targetType: 'user', targetId: userId, details: { before, after: input.roles } });
    }
    if (input.disabled !== undefined) {
      await tx.updateTable('users').set({ is_disabled: input.disabled ? 1 : 0, updated_at: Date.now() }).where('id', '=', userId).execute();
      if (input.disabled) {
        await repo.deleteSessionsOf(tx, userId);
        forgetSessionsOf(ctx, userId);
      }
      await writeAudit(tx, auditActor, { action: input.disabled ? 'user.disable' : 'user.enable', targetType: 'user', targetId: userId });
    }
  });
  // Again after commit: a request racing the transaction may have cached the state before it.
  forgetSessionsOf(ctx, userId);
}

// ---- platform API keys ---------------------------------------------------------------------------

export async function createApiKey(ctx: Ctx, createdBy: string, platformCode: string, label: string, auditActor: Actor) {
  const id = newId();
  const key = `nxk_${randomToken(32)}`; // 256 bits
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('api_keys')
      .values({ id, platform_code: platformCode, label, key_hash: sha256(key), prefix: key.slice(0, 10), created_by: createdBy, created_at: Date.now(), revoked_at: null })
      .execute();
    await writeAudit(tx, auditActor, { action: 'api_key.create', targetType: 'api_key', targetId: id, details: { platformCode } });
  });
  return { id, key };
}

export async function listApiKeys(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('api_keys').select(['id', 'platform_code', 'label', 'prefix', 'created_at', 'revoked_at']).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    platformCode: r.platform_code,
    label: r.label,
    prefix: r.prefix,
    createdAt: new Date(r.created_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  }));
}

export async function revokeApiKey(ctx: Ctx, id: string, auditActor: Actor) {
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('api_keys').set({ revoked_at: Date.now() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('No such active key');
    await writeAudit(tx, auditActor, { action: 'api_key.revoke', targetType: 'api_key', targetId: id });
  });
}

// ---- organisations ------------------------------------------------------------------------------

export const orgKinds = ['union', 'station', 'school', 'incubator', 'employer', 'law_firm', 'agency'] as const;

export async function listOrgs(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('orgs').selectAll().orderBy('kind').orderBy('name').execute();
  return rows.map((o) => ({ id: o.id, kind: o.kind, name: o.name, unionKind: o.union_kind, shortCode: o.short_code, cityCode: o.city_code, foundedOn: o.founded_on }));
}

export async function createOrg(
  ctx: Ctx,
  input: { kind: (typeof orgKinds)[number]; name: string; unionKind?: 'city' | 'industry' | undefined; shortCode?: string | undefined; cityCode: string; foundedOn?: string | undefined },
  auditActor: Actor,
) {
  if (input.kind === 'union' && (!input.unionKind || !input.shortCode)) {
    throw new AppError('bad_request', 'A union needs its kind (city or industry) and a short code for membership numbers', [
      ...(!input.unionKind ? [{ path: 'unionKind', code: 'required', message: 'required for a union' }] : []),
      ...(!input.shortCode ? [{ path: 'shortCode', code: 'required', message: 'required for a union' }] : []),
    ]);
  }
  if (input.kind !== 'union' && (input.unionKind || input.shortCode)) throw badField(input.unionKind ? 'unionKind' : 'shortCode', 'invalid_value', 'Only unions take a union kind and short code');
  if (input.shortCode && (await ctx.db.selectFrom('orgs').select('id').where('short_code', '=', input.shortCode).executeTakeFirst())) {
    throw conflict('That short code is taken');
  }
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('orgs')
      .values({ id, kind: input.kind, name: input.name, union_kind: input.unionKind ?? null, short_code: input.shortCode ?? null, city_code: input.cityCode, founded_on: input.foundedOn ?? null, created_at: Date.now() })
      .execute();
    await writeAudit(tx, auditActor, { action: 'org.create', targetType: 'org', targetId: id, details: { kind: input.kind } });
  });
  return { id };
}
