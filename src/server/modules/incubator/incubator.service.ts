// Enterprises at an incubation base: stage, founders, spaces, mentors, the service log, teams of
// live-stream hosts and their shortlists, and the base's figures. One transaction per use case, one
// audit record per change; another base's object answers 404 exactly like a missing one.
import { sql } from 'kysely';

import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import type { Tx } from '../../platform/db.js';
import { isAnyOf, isUniqueViolation } from '../../platform/db.js';

import { AppError, badField, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import type { Database } from '../../platform/schema.js';
import { enterpriseStages, sectors, stageTransitions, type EnterpriseStage } from '../../../shared/incubator.js';

import { everIncubated, mayMove, overlaps, stageDateColumn } from './incubator.js';
import { baseOrgs, mayOnBase, type BaseAction } from './incubator.policy.js';
import { beijingDay } from '../../platform/time.js';

type EnterpriseRow = Database['incubator_enterprises'];

const iso = (ms: number) => new Date(Number(ms)).toISOString();

export function presentEnterprise(r: EnterpriseRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    sector: r.sector,
    stage: r.stage as EnterpriseStage,
    foundedOn: r.founded_on,
    enteredOn: r.entered_on,
    graduatedOn: r.graduated_on,
    exitedOn: r.exited_on,
    employees: Number(r.employees),
    description: r.description,
    nextStages: [...(stageTransitions[r.stage as EnterpriseStage] ?? [])],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The enterprise, when the caller may act on its base; otherwise 404 as if it did not exist. */
export async function requireEnterprise(ctx: Ctx | { db: Ctx['db'] | Tx }, p: Principal, id: string, action: BaseAction): Promise<EnterpriseRow> {
  const row = await ctx.db.selectFrom('incubator_enterprises').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !mayOnBase(p, row.org_id, action)) throw notFound('No such enterprise');
  return row;
}

/** The base a manager acts for: the one named, or their only one. */
export function baseFor(p: Principal, action: BaseAction, orgId?: string): string {
  const orgs = baseOrgs(p, action);
  if (orgId) {
    if (orgs === 'all' || orgs.includes(orgId)) return orgId;
    throw notFound('No such incubation base');
  }
  if (orgs !== 'all' && orgs.length === 1) return orgs[0]!;
  throw badField('orgId', 'required', 'Name the incubation base');
}

// ---- enterprises -----------------------------------------------------------------------------------

export type EnterpriseInput = { orgId?: string | undefined; name: string; sector: string; foundedOn?: string | null | undefined; employees?: number | undefined; description?: string | undefined };

export async function createEnterprise(ctx: Ctx, p: Principal, input: EnterpriseInput, actor: Actor) {
  const orgId = baseFor(p, 'manage', input.orgId);
  const now = nowOf(ctx);
  if (input.foundedOn && input.foundedOn > beijingDay(now)) throw badField('foundedOn', 'in_future', 'The founding day is still to come');
  const row: EnterpriseRow = {
    id: newId(),
    org_id: orgId,
    name: input.name,
    sector: input.sector,
    stage: 'applying',
    founded_on: input.foundedOn ?? null,
    entered_on: null,
    graduated_on: null,
    exited_on: null,
    employees: input.employees ?? 0,
    description: input.description ?? '',
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('incubator_enterprises').values(row).execute();
    await writeAudit(tx, actor, { action: 'incubator.enterprise.create', targetType: 'incubator_enterprise', targetId: row.id, details: { orgId, sector: row.sector } });
  });
  return presentEnterprise(row);
}

export async function updateEnterprise(ctx: Ctx, p: Principal, id: string, patch: Partial<Omit<EnterpriseInput, 'orgId'>>, actor: Actor) {
  await requireEnterprise(ctx, p, id, 'manage');
  if (patch.foundedOn && patch.foundedOn > beijingDay(nowOf(ctx))) throw badField('foundedOn', 'in_future', 'The founding day is still to come');
  return ctx.db.transaction().execute(async (tx) => {
    const set: Partial<EnterpriseRow> = { updated_at: nowOf(ctx) };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.sector !== undefined) set.sector = patch.sector;
    if (patch.foundedOn !== undefined) set.founded_on = patch.foundedOn;
    if (patch.employees !== undefined) set.employees = patch.employees;
    if (patch.description !== undefined) set.description = patch.description;
    await tx.updateTable('incubator_enterprises').set(set).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'incubator.enterprise.update', targetType: 'incubator_enterprise', targetId: id, details: { fields: Object.keys(patch) } });
    return presentEnterprise(await tx.selectFrom('incubator_enterprises').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Moves an enterprise to its next stage on a day (today by default); a move the table does not allow → 409. */
export async function moveStage(ctx: Ctx, p: Principal, id: string, to: EnterpriseStage, on: string | undefined, actor: Actor) {
  const e = await requireEnterprise(ctx, p, id, 'manage');
  const from = e.stage as EnterpriseStage;
  const refuse = () =>
    new AppError('conflict', `An enterprise cannot move from ${from} to ${to}`, [{ path: 'stage', code: 'bad_transition', message: `From ${from}: ${stageTransitions[from].join(', ') || 'none'}` }], {}, { allowed: stageTransitions[from] });
  if (!mayMove(from, to)) throw refuse();
  const day = on ?? beijingDay(nowOf(ctx));
  if (day > beijingDay(nowOf(ctx))) throw badField('on', 'in_future', 'The day is still to come');
  const earliest = to === 'incubating' ? e.founded_on : e.entered_on;
  if (earliest && day < earliest) throw badField('on', 'too_early', `Not before ${earliest}`);
  const column = stageDateColumn[to as keyof typeof stageDateColumn];
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('incubator_enterprises')
      .set({ stage: to, [column]: day, updated_at: nowOf(ctx) })
      .where('id', '=', id)
      .where('stage', '=', from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw refuse(); // someone moved it meanwhile
    // Leaving the base ends its space.
    if (to === 'graduated' || to === 'exited') {
      await tx
        .updateTable('incubator_space_assignments')
        .set({ ends_on: day })
        .where('enterprise_id', '=', id)
        .where((w) => w.or([w('ends_on', 'is', null), w('ends_on', '>', day)]))
        .where('starts_on', '<=', day)
        .execute();
    }
    await writeAudit(tx, actor, { action: 'incubator.enterprise.stage', targetType: 'incubator_enterprise', targetId: id, details: { from, to, on: day } });
    return presentEnterprise(await tx.selectFrom('incubator_enterprises').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export type EnterpriseFilter = { orgId?: string | undefined; stage?: string | undefined; sector?: string | undefined; q?: string | undefined; offset: number; limit: number };

export async function listEnterprises(ctx: Ctx, p: Principal, f: EnterpriseFilter) {
  const orgs = baseOrgs(p, 'view');
  if (orgs !== 'all' && !orgs.length) return { total: 0, items: [] };
  let q = ctx.db.selectFrom('incubator_enterprises');
  if (f.orgId) {
    if (orgs !== 'all' && !orgs.includes(f.orgId)) return { total: 0, items: [] };
    q = q.where('org_id', '=', f.orgId);
  } else if (orgs !== 'all') q = q.where(isAnyOf(ctx.db, 'org_id', orgs));
  if (f.stage) q = q.where('stage', '=', f.stage);
  if (f.sector) q = q.where('sector', '=', f.sector);
  if (f.q) q = q.where('name', 'like', `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const [{ n }] = (await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
  const rows = await q.selectAll().orderBy('updated_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute();
  return { total: Number(n), items: rows.map(presentEnterprise) };
}

export async function enterpriseDetail(ctx: Ctx, p: Principal, id: string) {
  const e = await requireEnterprise(ctx, p, id, 'view');
  return detailOf(ctx, e);
}

async function detailOf(ctx: Ctx, e: EnterpriseRow) {
  const today = beijingDay(nowOf(ctx));
  const [founders, spaces, mentors, services, teams] = await Promise.all([
    ctx.db.selectFrom('enterprise_founders').selectAll().where('enterprise_id', '=', e.id).orderBy('is_lead', 'desc').orderBy('created_at').execute(),
    ctx.db
      .selectFrom('incubator_space_assignments as a')
      .innerJoin('incubator_spaces as s', 's.id', 'a.space_id')
      .select(['a.id', 'a.space_id', 's.code', 's.kind', 's.area_m2', 'a.starts_on', 'a.ends_on', 'a.rent_free_until'])
      .where('a.enterprise_id', '=', e.id)
      .orderBy('a.starts_on', 'desc')
      .execute(),
    ctx.db
      .selectFrom('enterprise_mentors as em')
      .innerJoin('incubator_mentors as m', 'm.id', 'em.mentor_id')
      .select(['m.id', 'm.name', 'm.expertise', 'em.assigned_on'])
      .where('em.enterprise_id', '=', e.id)
      .orderBy('em.assigned_on')
      .execute(),
    ctx.db
      .selectFrom('incubator_services as sv')
      .leftJoin('users as u', 'u.id', 'sv.served_by')
      .select(['sv.id', 'sv.kind', 'sv.served_on', 'sv.note', 'u.name as by_name'])
      .where('sv.enterprise_id', '=', e.id)
      .orderBy('sv.served_on', 'desc')
      .orderBy('sv.created_at', 'desc')
      .limit(200)
      .execute(),
    teamsOf(ctx, [e.id]),
  ]);
  return {
    enterprise: presentEnterprise(e),
    founders: founders.map((f) => ({ id: f.id, name: f.name, isLead: !!f.is_lead, isUser: f.user_id !== null })),
    spaces: spaces.map((s) => ({
      id: s.id,
      spaceId: s.space_id,
      code: s.code,
      kind: s.kind,
      areaM2: Number(s.area_m2),
      startsOn: s.starts_on,
      endsOn: s.ends_on,
      rentFreeUntil: s.rent_free_until,
      current: s.starts_on <= today && (s.ends_on === null || s.ends_on >= today),
      rentFreeNow: s.rent_free_until !== null && s.starts_on <= today && today <= s.rent_free_until,
    })),
    mentors: mentors.map((m) => ({ id: m.id, name: m.name, expertise: m.expertise, assignedOn: m.assigned_on })),
    services: services.map((s) => ({ id: s.id, kind: s.kind, servedOn: s.served_on, note: s.note, servedBy: s.by_name ?? '' })),
    teams,
  };
}

// ---- founders --------------------------------------------------------------------------------------

/** A founder is a user (found by phone) or a name only; one lead at a time. */
export async function addFounder(ctx: Ctx, p: Principal, enterpriseId: string, f: { name?: string | undefined; phone?: string | undefined; isLead: boolean }, actor: Actor) {
  await requireEnterprise(ctx, p, enterpriseId, 'manage');
  let userId: string | null = null;
  let name = f.name ?? '';
  if (f.phone) {
    const u = await ctx.db.selectFrom('users').select(['id', 'name']).where('phone_hash', '=', ctx.crypto.lookupHash(f.phone)).executeTakeFirst();
    if (!u) throw new AppError('unprocessable', 'No account with this phone number', [{ path: 'phone', code: 'unknown_user', message: 'No account with this phone number' }]);
    userId = u.id;
    name ||= u.name;
  }
  if (!name) throw badField('name', 'required', 'A name or a phone number');
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    if (userId) {
      const dup = await tx.selectFrom('enterprise_founders').select('id').where('enterprise_id', '=', enterpriseId).where('user_id', '=', userId).executeTakeFirst();
      if (dup) throw new AppError('conflict', 'Already a founder', [{ path: 'phone', code: 'already_founder', message: 'Already a founder' }]);
    }
    if (f.isLead) await tx.updateTable('enterprise_founders').set({ is_lead: 0 }).where('enterprise_id', '=', enterpriseId).execute();
    await tx.insertInto('enterprise_founders').values({ id, enterprise_id: enterpriseId, user_id: userId, name, is_lead: f.isLead ? 1 : 0, created_at: nowOf(ctx) }).execute();
    await writeAudit(tx, actor, { action: 'incubator.founder.add', targetType: 'incubator_enterprise', targetId: enterpriseId, details: { founderId: id, isUser: !!userId, isLead: f.isLead } });
  });
  return { id, name, isLead: f.isLead, isUser: !!userId };
}

export async function removeFounder(ctx: Ctx, p: Principal, founderId: string, actor: Actor) {
  const f = await ctx.db.selectFrom('enterprise_founders').select(['enterprise_id']).where('id', '=', founderId).executeTakeFirst();
  if (!f) throw notFound('No such founder');
  await requireEnterprise(ctx, p, f.enterprise_id, 'manage').catch(() => {
    throw notFound('No such founder');
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('enterprise_founders').where('id', '=', founderId).execute();
    await writeAudit(tx, actor, { action: 'incubator.founder.remove', targetType: 'incubator_enterprise', targetId: f.enterprise_id, details: { founderId } });
  });
}

// ---- spaces ----------------------------------------------------------------------------------------

export async function listSpaces(ctx: Ctx, p: Principal, orgId?: string) {
  const base = baseFor(p, 'view', orgId);
  const today = beijingDay(nowOf(ctx));
  const spaces = await ctx.db.selectFrom('incubator_spaces').selectAll().where('org_id', '=', base).orderBy('code').execute();
  const current = await ctx.db
    .selectFrom('incubator_space_assignments as a')
    .innerJoin('incubator_spaces as s', 's.id', 'a.space_id')
    .innerJoin('incubator_enterprises as e', 'e.id', 'a.enterprise_id')
    .select(['a.space_id', 'a.enterprise_id', 'e.name', 'a.starts_on', 'a.ends_on', 'a.rent_free_until'])
    .where('s.org_id', '=', base)
    .where('a.starts_on', '<=', today)
    .where((w) => w.or([w('a.ends_on', 'is', null), w('a.ends_on', '>=', today)]))
    .execute();
  const by = new Map(current.map((c) => [c.space_id, c]));
  return spaces.map((s) => {
    const c = by.get(s.id);
    return {
      id: s.id,
      code: s.code,
      kind: s.kind,
      areaM2: Number(s.area_m2),
      active: !!s.is_active,
      occupant: c ? { enterpriseId: c.enterprise_id, name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, rentFreeUntil: c.rent_free_until } : null,
    };
  });
}

export async function createSpace(ctx: Ctx, p: Principal, s: { orgId?: string | undefined; code: string; kind: string; areaM2?: number | undefined }, actor: Actor) {
  const orgId = baseFor(p, 'manage', s.orgId);
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('incubator_spaces').values({ id, org_id: orgId, code: s.code, kind: s.kind, area_m2: s.areaM2 ?? 0, is_active: 1, updated_at: nowOf(ctx) }).execute();
      await writeAudit(tx, actor, { action: 'incubator.space.create', targetType: 'incubator_space', targetId: id, details: { code: s.code, kind: s.kind } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'A space with this code exists', [{ path: 'code', code: 'duplicate', message: 'A space with this code exists' }]);
    throw e;
  }
  return { id, code: s.code, kind: s.kind, areaM2: s.areaM2 ?? 0, active: true, occupant: null };
}

/**
 * Puts an enterprise on a space for a period, with its rent-free days. The space row is locked first
 * (an update), so two bookings of one space are decided one after the other: overlapping periods → 409.
 */
export async function assignSpace(
  ctx: Ctx,
  p: Principal,
  enterpriseId: string,
  a: { spaceId: string; startsOn: string; endsOn?: string | null | undefined; rentFreeUntil?: string | null | undefined },
  actor: Actor,
) {
  const e = await requireEnterprise(ctx, p, enterpriseId, 'manage');
  if (e.stage === 'graduated' || e.stage === 'exited') throw new AppError('conflict', 'The enterprise has left the base', [{ path: 'enterpriseId', code: 'not_in_base', message: 'Graduated or exited' }]);
  const endsOn = a.endsOn ?? null;
  if (endsOn !== null && endsOn < a.startsOn) throw badField('endsOn', 'before_start', 'Ends before it starts');
  const rentFree = a.rentFreeUntil ?? null;
  if (rentFree !== null && (rentFree < a.startsOn || (endsOn !== null && rentFree > endsOn))) throw badField('rentFreeUntil', 'outside_period', 'The rent-free period lies within the booking');
  const id = newId();
  return ctx.db.transaction().execute(async (tx) => {
    const locked = await tx.updateTable('incubator_spaces').set({ updated_at: nowOf(ctx) }).where('id', '=', a.spaceId).where('org_id', '=', e.org_id).executeTakeFirst();
    if (Number(locked.numUpdatedRows) !== 1) throw new AppError('not_found', 'No such space', [{ path: 'spaceId', code: 'not_found', message: 'No such space' }]);
    const booked = await tx
      .selectFrom('incubator_space_assignments as a')
      .innerJoin('incubator_enterprises as e', 'e.id', 'a.enterprise_id')
      .select(['a.starts_on', 'a.ends_on', 'e.name'])
      .where('a.space_id', '=', a.spaceId)
      .execute();
    const clash = booked.find((b) => overlaps({ startsOn: b.starts_on, endsOn: b.ends_on }, { startsOn: a.startsOn, endsOn }));
    if (clash)
      throw new AppError('conflict', `The space is taken by ${clash.name} from ${clash.starts_on}${clash.ends_on ? ` to ${clash.ends_on}` : ''}`, [
        { path: 'spaceId', code: 'space_taken', message: `Taken from ${clash.starts_on}${clash.ends_on ? ` to ${clash.ends_on}` : ''}` },
      ]);
    await tx
      .insertInto('incubator_space_assignments')
      .values({ id, space_id: a.spaceId, enterprise_id: enterpriseId, starts_on: a.startsOn, ends_on: endsOn, rent_free_until: rentFree, created_by: actor.id ?? '', created_at: nowOf(ctx), released_at: null })
      .execute();
    await writeAudit(tx, actor, { action: 'incubator.space.assign', targetType: 'incubator_enterprise', targetId: enterpriseId, details: { assignmentId: id, spaceId: a.spaceId, startsOn: a.startsOn, endsOn, rentFreeUntil: rentFree } });
    return { id, spaceId: a.spaceId, startsOn: a.startsOn, endsOn, rentFreeUntil: rentFree };
  });
}

/** Ends a booking on a day (today by default): the space is free from the next day. */
export async function releaseSpace(ctx: Ctx, p: Principal, assignmentId: string, on: string | undefined, actor: Actor) {
  const a = await ctx.db.selectFrom('incubator_space_assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
  if (!a) throw notFound('No such booking');
  await requireEnterprise(ctx, p, a.enterprise_id, 'manage').catch(() => {
    throw notFound('No such booking');
  });
  const day = on ?? beijingDay(nowOf(ctx));
  if (day < a.starts_on) throw badField('on', 'before_start', `Not before ${a.starts_on}`);
  if (a.ends_on !== null && a.ends_on <= day) throw new AppError('conflict', 'The booking has ended', [{ path: 'on', code: 'already_ended', message: `Ended ${a.ends_on}` }]);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('incubator_space_assignments')
      .set({ ends_on: day, released_at: nowOf(ctx), rent_free_until: a.rent_free_until && a.rent_free_until > day ? day : a.rent_free_until })
      .where('id', '=', assignmentId)
      .execute();
    await writeAudit(tx, actor, { action: 'incubator.space.release', targetType: 'incubator_enterprise', targetId: a.enterprise_id, details: { assignmentId, on: day } });
  });
}

// ---- mentors ---------------------------------------------------------------------------------------

export async function listMentors(ctx: Ctx, p: Principal, orgId?: string) {
  const base = baseFor(p, 'view', orgId);
  const rows = await ctx.db
    .selectFrom('incubator_mentors as m')
    .select(['m.id', 'm.name', 'm.expertise', (eb) => eb.selectFrom('enterprise_mentors as em').whereRef('em.mentor_id', '=', 'm.id').select((e2) => e2.fn.countAll<number>().as('n')).as('enterprises')])
    .where('m.org_id', '=', base)
    .orderBy('m.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, expertise: r.expertise, enterprises: Number(r.enterprises ?? 0) }));
}

export async function createMentor(ctx: Ctx, p: Principal, m: { orgId?: string | undefined; name: string; expertise?: string | undefined }, actor: Actor) {
  const orgId = baseFor(p, 'manage', m.orgId);
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('incubator_mentors').values({ id, org_id: orgId, name: m.name, expertise: m.expertise ?? '', user_id: null, created_at: nowOf(ctx) }).execute();
    await writeAudit(tx, actor, { action: 'incubator.mentor.create', targetType: 'incubator_mentor', targetId: id });
  });
  return { id, name: m.name, expertise: m.expertise ?? '', enterprises: 0 };
}

export async function assignMentor(ctx: Ctx, p: Principal, enterpriseId: string, mentorId: string, actor: Actor) {
  const e = await requireEnterprise(ctx, p, enterpriseId, 'manage');
  const m = await ctx.db.selectFrom('incubator_mentors').select(['id', 'name', 'expertise']).where('id', '=', mentorId).where('org_id', '=', e.org_id).executeTakeFirst();
  if (!m) throw new AppError('not_found', 'No such mentor', [{ path: 'mentorId', code: 'not_found', message: 'No such mentor' }]);
  const day = beijingDay(nowOf(ctx));
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('enterprise_mentors').values({ enterprise_id: enterpriseId, mentor_id: mentorId, assigned_on: day, assigned_by: actor.id ?? '' }).execute();
      await writeAudit(tx, actor, { action: 'incubator.mentor.assign', targetType: 'incubator_enterprise', targetId: enterpriseId, details: { mentorId } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'Already this enterprise’s mentor', [{ path: 'mentorId', code: 'already_assigned', message: 'Already assigned' }]);
    throw err;
  }
  return { id: m.id, name: m.name, expertise: m.expertise, assignedOn: day };
}

export async function unassignMentor(ctx: Ctx, p: Principal, enterpriseId: string, mentorId: string, actor: Actor) {
  await requireEnterprise(ctx, p, enterpriseId, 'manage');
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom('enterprise_mentors').where('enterprise_id', '=', enterpriseId).where('mentor_id', '=', mentorId).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw notFound('Not this enterprise’s mentor');
    await writeAudit(tx, actor, { action: 'incubator.mentor.unassign', targetType: 'incubator_enterprise', targetId: enterpriseId, details: { mentorId } });
  });
}

// ---- the service log -------------------------------------------------------------------------------

export async function logService(ctx: Ctx, p: Principal, enterpriseId: string, s: { kind: string; servedOn?: string | undefined; note?: string | undefined }, actor: Actor) {
  await requireEnterprise(ctx, p, enterpriseId, 'manage');
  const today = beijingDay(nowOf(ctx));
  const day = s.servedOn ?? today;
  if (day > today) throw badField('servedOn', 'in_future', 'The day is still to come');
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('incubator_services').values({ id, enterprise_id: enterpriseId, kind: s.kind, served_on: day, note: s.note ?? '', served_by: actor.id ?? '', created_at: nowOf(ctx) }).execute();
    await writeAudit(tx, actor, { action: 'incubator.service.log', targetType: 'incubator_enterprise', targetId: enterpriseId, details: { serviceId: id, kind: s.kind } });
  });
  return { id, kind: s.kind, servedOn: day, note: s.note ?? '', servedBy: p.kind === 'user' ? p.name : '' };
}

// ---- teams of live-stream hosts --------------------------------------------------------------------

async function teamsOf(ctx: Ctx, enterpriseIds: string[]) {
  if (!enterpriseIds.length) return [];
  const teams = await ctx.db.selectFrom('host_teams').selectAll().where(isAnyOf(ctx.db, 'enterprise_id', enterpriseIds)).orderBy('created_at').execute();
  if (!teams.length) return [];
  const ids = teams.map((t) => t.id);
  const [members, counts] = await Promise.all([
    ctx.db.selectFrom('host_team_members').selectAll().where(isAnyOf(ctx.db, 'team_id', ids)).orderBy('is_lead', 'desc').orderBy('created_at').execute(),
    ctx.db.selectFrom('team_shortlist').select(['team_id', (eb) => eb.fn.countAll<number>().as('n')]).where(isAnyOf(ctx.db, 'team_id', ids)).groupBy('team_id').execute(),
  ]);
  const count = new Map(counts.map((c) => [c.team_id, Number(c.n)]));
  return teams.map((t) => ({
    id: t.id,
    enterpriseId: t.enterprise_id,
    name: t.name,
    members: members.filter((m) => m.team_id === t.id).map(presentMember),
    shortlisted: count.get(t.id) ?? 0,
  }));
}

/** Every team of the base's enterprises, for the manager's shortlist picker. */
export async function listTeams(ctx: Ctx, p: Principal, orgId?: string) {
  const base = baseFor(p, 'view', orgId);
  const rows = await ctx.db
    .selectFrom('host_teams as t')
    .innerJoin('incubator_enterprises as e', 'e.id', 't.enterprise_id')
    .select(['t.id', 't.name', 't.enterprise_id', 'e.name as enterprise_name'])
    .where('e.org_id', '=', base)
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name }));
}

const presentMember = (m: Database['host_team_members']) => ({ id: m.id, name: m.name, role: m.role, isLead: !!m.is_lead, isUser: m.user_id !== null });

export async function createTeam(ctx: Ctx, p: Principal, enterpriseId: string, name: string, actor: Actor) {
  await requireEnterprise(ctx, p, enterpriseId, 'manage');
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('host_teams').values({ id, enterprise_id: enterpriseId, name, created_at: now, updated_at: now }).execute();
    await writeAudit(tx, actor, { action: 'incubator.team.create', targetType: 'host_team', targetId: id, details: { enterpriseId } });
  });
  return { id, enterpriseId, name, members: [], shortlisted: 0 };
}

type TeamAccess = 'view' | 'shortlist' | 'manage';
/**
 * A team, when the caller may act on it: the base's managers (view, shortlist, manage), an admin
 * (view), and the team's own members and the enterprise's founders (view, shortlist). Else 404.
 */
export async function requireTeam(ctx: Ctx, p: Principal, teamId: string, action: TeamAccess) {
  const t = await ctx.db
    .selectFrom('host_teams as t')
    .innerJoin('incubator_enterprises as e', 'e.id', 't.enterprise_id')
    .select(['t.id', 't.name', 't.enterprise_id', 'e.org_id', 'e.name as enterprise_name', 'e.stage'])
    .where('t.id', '=', teamId)
    .executeTakeFirst();
  if (!t) throw notFound('No such team');
  if (mayOnBase(p, t.org_id, action === 'view' ? 'view' : 'manage')) return t;
  if (action !== 'manage' && p.kind === 'user') {
    const own = await ctx.db
      .selectFrom('host_team_members')
      .select('id')
      .where('team_id', '=', teamId)
      .where('user_id', '=', p.userId)
      .unionAll(ctx.db.selectFrom('enterprise_founders').select('id').where('enterprise_id', '=', t.enterprise_id).where('user_id', '=', p.userId))
      .executeTakeFirst();
    if (own) return t;
  }
  throw notFound('No such team');
}

export async function addMember(ctx: Ctx, p: Principal, teamId: string, m: { name?: string | undefined; phone?: string | undefined; role: string; isLead: boolean }, actor: Actor) {
  await requireTeam(ctx, p, teamId, 'manage');
  let userId: string | null = null;
  let name = m.name ?? '';
  if (m.phone) {
    const u = await ctx.db.selectFrom('users').select(['id', 'name']).where('phone_hash', '=', ctx.crypto.lookupHash(m.phone)).executeTakeFirst();
    if (!u) throw new AppError('unprocessable', 'No account with this phone number', [{ path: 'phone', code: 'unknown_user', message: 'No account with this phone number' }]);
    userId = u.id;
    name ||= u.name;
  }
  if (!name) throw badField('name', 'required', 'A name or a phone number');
  const id = newId();
  const row = { id, team_id: teamId, user_id: userId, name, role: m.role, is_lead: m.isLead ? 1 : 0, created_at: nowOf(ctx) };
  await ctx.db.transaction().execute(async (tx) => {
    if (userId) {
      const dup = await tx.selectFrom('host_team_members').select('id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
      if (dup) throw new AppError('conflict', 'Already in the team', [{ path: 'phone', code: 'already_member', message: 'Already in the team' }]);
    }
    if (m.isLead) await tx.updateTable('host_team_members').set({ is_lead: 0 }).where('team_id', '=', teamId).execute();
    await tx.insertInto('host_team_members').values(row).execute();
    await tx.updateTable('host_teams').set({ updated_at: nowOf(ctx) }).where('id', '=', teamId).execute();
    await writeAudit(tx, actor, { action: 'incubator.team.member.add', targetType: 'host_team', targetId: teamId, details: { memberId: id, role: m.role, isLead: m.isLead } });
  });
  return presentMember(row);
}

export async function removeMember(ctx: Ctx, p: Principal, memberId: string, actor: Actor) {
  const m = await ctx.db.selectFrom('host_team_members').select(['team_id']).where('id', '=', memberId).executeTakeFirst();
  if (!m) throw notFound('No such member');
  await requireTeam(ctx, p, m.team_id, 'manage').catch(() => {
    throw notFound('No such member');
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('host_team_members').where('id', '=', memberId).execute();
    await writeAudit(tx, actor, { action: 'incubator.team.member.remove', targetType: 'host_team', targetId: m.team_id, details: { memberId } });
  });
}

/** A team with its members and its shortlist (each product's commission, stock and latest check). */
export async function teamDetail(ctx: Ctx, p: Principal, teamId: string) {
  const t = await requireTeam(ctx, p, teamId, 'view');
  const [team] = await teamsOf(ctx, [t.enterprise_id]).then((ts) => ts.filter((x) => x.id === teamId));
  const rows = await ctx.db
    .selectFrom('team_shortlist as s')
    .innerJoin('products as pr', 'pr.id', 's.product_id')
    .select(['s.id', 's.product_id', 's.stream_on', 's.note', 's.added_at', 'pr.name', 'pr.price_fen', 'pr.commission_fen', 'pr.stock', 'pr.check_result', 'pr.category', 'pr.origin'])
    .where('s.team_id', '=', teamId)
    .orderBy('s.stream_on', 'desc')
    .orderBy('s.added_at', 'desc')
    .limit(500)
    .execute();
  return {
    team: team!,
    enterprise: { id: t.enterprise_id, name: t.enterprise_name, stage: t.stage },
    mayManage: mayOnBase(p, t.org_id, 'manage'),
    shortlist: rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      name: r.name,
      category: r.category,
      origin: r.origin,
      streamOn: r.stream_on,
      note: r.note,
      priceFen: Number(r.price_fen),
      commissionFen: Number(r.commission_fen),
      stock: Number(r.stock),
      checkResult: r.check_result,
      addedAt: iso(r.added_at),
    })),
  };
}

/** A product failing its latest quality check (or inactive, or of another base) cannot be shortlisted. */
export async function shortlist(ctx: Ctx, p: Principal, teamId: string, s: { productId: string; streamOn: string; note?: string | undefined }, actor: Actor) {
  const t = await requireTeam(ctx, p, teamId, 'shortlist');
  const pr = await ctx.db.selectFrom('products').select(['id', 'org_id', 'check_result', 'is_active', 'name']).where('id', '=', s.productId).executeTakeFirst();
  if (!pr || pr.org_id !== t.org_id || !pr.is_active) throw new AppError('not_found', 'No such product', [{ path: 'productId', code: 'not_found', message: 'No such product' }]);
  if (pr.check_result === 'fail')
    throw new AppError('conflict', 'The product failed its latest quality check', [{ path: 'productId', code: 'failed_quality_check', message: 'Failed its latest quality check' }]);
  if (s.streamOn < beijingDay(nowOf(ctx))) throw badField('streamOn', 'in_past', 'The stream day is past');
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('team_shortlist').values({ id, team_id: teamId, product_id: s.productId, stream_on: s.streamOn, note: s.note ?? '', added_by: actor.id ?? '', added_at: nowOf(ctx) }).execute();
      await writeAudit(tx, actor, { action: 'incubator.shortlist.add', targetType: 'host_team', targetId: teamId, details: { productId: s.productId, streamOn: s.streamOn } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'Already on the shortlist for that day', [{ path: 'productId', code: 'already_shortlisted', message: 'Already on the list for that day' }]);
    throw e;
  }
  return { id, productId: s.productId, streamOn: s.streamOn };
}

export async function unshortlist(ctx: Ctx, p: Principal, entryId: string, actor: Actor) {
  const s = await ctx.db.selectFrom('team_shortlist').select(['team_id', 'product_id']).where('id', '=', entryId).executeTakeFirst();
  if (!s) throw notFound('No such shortlist entry');
  await requireTeam(ctx, p, s.team_id, 'shortlist').catch(() => {
    throw notFound('No such shortlist entry');
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('team_shortlist').where('id', '=', entryId).execute();
    await writeAudit(tx, actor, { action: 'incubator.shortlist.remove', targetType: 'host_team', targetId: s.team_id, details: { productId: s.product_id } });
  });
}

// ---- the entrepreneur's own view -------------------------------------------------------------------

/** The enterprises the caller founded and the teams they are in, with what the base gives them. */
export async function myEnterprises(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') return { items: [] };
  const founded = await ctx.db.selectFrom('enterprise_founders').select('enterprise_id').where('user_id', '=', p.userId).execute();
  const inTeams = await ctx.db
    .selectFrom('host_team_members as m')
    .innerJoin('host_teams as t', 't.id', 'm.team_id')
    .select('t.enterprise_id')
    .where('m.user_id', '=', p.userId)
    .execute();
  const ids = [...new Set([...founded, ...inTeams].map((r) => r.enterprise_id))];
  if (!ids.length) return { items: [] };
  const rows = await ctx.db
    .selectFrom('incubator_enterprises as e')
    .innerJoin('orgs as o', 'o.id', 'e.org_id')
    .selectAll('e')
    .select('o.name as base_name')
    .where(isAnyOf(ctx.db, 'e.id', ids))
    .orderBy('e.created_at')
    .execute();
  const items = [];
  for (const r of rows) {
    const d = await detailOf(ctx, r);
    items.push({ ...d, baseName: r.base_name, isFounder: founded.some((f) => f.enterprise_id === r.id), services: d.services.slice(0, 20) });
  }
  return { items };
}

// ---- figures ---------------------------------------------------------------------------------------

/** Incubated so far, incubating now, and the counts by sector and stage, for one base or every one. */
export async function figures(ctx: Ctx, p: Principal, orgId?: string) {
  const orgs = baseOrgs(p, 'figures');
  let scope: string[] | 'all';
  if (orgId) {
    if (orgs !== 'all' && !orgs.includes(orgId)) throw notFound('No such incubation base');
    scope = [orgId];
  } else scope = orgs;
  if (scope !== 'all' && !scope.length) throw notFound('No incubation base');
  let q = ctx.db.selectFrom('incubator_enterprises').select(['stage', 'sector', sql<number>`case when entered_on is null then 0 else 1 end`.as('entered'), (eb) => eb.fn.countAll<number>().as('n')]);
  if (scope !== 'all') q = q.where(isAnyOf(ctx.db, 'org_id', scope));
  const rows = await q.groupBy(['stage', 'sector', sql`case when entered_on is null then 0 else 1 end`]).execute();
  const byStage = Object.fromEntries(enterpriseStages.map((s) => [s, 0])) as Record<EnterpriseStage, number>;
  const bySector: Record<string, { total: number; incubatedSoFar: number; incubatingNow: number }> = Object.fromEntries(sectors.map((s) => [s, { total: 0, incubatedSoFar: 0, incubatingNow: 0 }]));
  let incubatedSoFar = 0;
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    byStage[r.stage as EnterpriseStage] = (byStage[r.stage as EnterpriseStage] ?? 0) + n;
    const sec = (bySector[r.sector] ??= { total: 0, incubatedSoFar: 0, incubatingNow: 0 });
    sec.total += n;
    if (everIncubated({ stage: r.stage, entered_on: Number(r.entered) ? 'x' : null })) {
      incubatedSoFar += n;
      sec.incubatedSoFar += n;
    }
    if (r.stage === 'incubating') sec.incubatingNow += n;
  }
  let pq = ctx.db.selectFrom('products').select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when check_result = 'pass' then 1 else 0 end)`.as('passed')]).where('is_active', '=', 1);
  if (scope !== 'all') pq = pq.where(isAnyOf(ctx.db, 'org_id', scope));
  const prod = await pq.executeTakeFirstOrThrow();
  return {
    scope: scope === 'all' ? 'all' : scope,
    total,
    incubatedSoFar,
    incubatingNow: byStage.incubating,
    byStage,
    bySector,
    products: { total: Number(prod.n), passed: Number(prod.passed ?? 0) },
  };
}

