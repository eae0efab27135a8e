// Records for the policy tests, written straight into a test database: enterprises with founders,
// cohorts with certified trainees. (The incubator's and the school's own services are not needed.)
import { newId } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { Principal, RoleGrant } from '../../platform/access.js';
import { demoOrgs } from '../../demo/seed.js';

const day = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
export const monthsAgo = (m: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - m);
  return d.toISOString().slice(0, 10);
};

/** A user by the last four digits of their phone; with a role, the one holding it (workers may share the digits). */
export async function userIdOf(db: Db, last4: string, role?: string) {
  const row = await db
    .selectFrom('users')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('users.phone_last4', '=', last4)
    .$if(!!role, (q) => q.where('user_roles.role', '=', role!))
    .orderBy('users.created_at')
    .orderBy('users.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const userPrincipal = (userId: string, roles: RoleGrant[] = []): Principal => ({ kind: 'user', userId, name: 'n', roles, isStaff: roles.length > 0, sessionHash: '' });

/** An enterprise of the Korla base, founded `foundedMonthsAgo` months ago (or never recorded), with these founders. */
export async function enterprise(db: Db, o: { stage?: string; foundedMonthsAgo?: number | null; founders?: string[]; orgId?: string } = {}) {
  const id = newId();
  const now = Date.now();
  await db
    .insertInto('incubator_enterprises')
    .values({
      id,
      org_id: o.orgId ?? demoOrgs.korlaIncubator,
      name: `测试企业 ${id.slice(0, 6)}`,
      sector: 'live_selling',
      stage: o.stage ?? 'incubating',
      founded_on: o.foundedMonthsAgo === null ? null : monthsAgo(o.foundedMonthsAgo ?? 20),
      entered_on: day(-100),
      graduated_on: null,
      exited_on: null,
      employees: 3,
      description: '',
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [i, u] of (o.founders ?? []).entries()) {
    await db.insertInto('enterprise_founders').values({ id: newId(), enterprise_id: id, user_id: u, name: '创始人', is_lead: i === 0 ? 1 : 0, created_at: now }).execute();
  }
  return id;
}

/** A cohort of a school with `certified` trainees holding a certificate from it (and one revoked, which does not count). */
export async function cohort(db: Db, o: { orgId?: string; funding?: string; status?: string; certified?: number; costFen?: number } = {}) {
  const now = Date.now();
  const orgId = o.orgId ?? demoOrgs.korlaSchool;
  const programme = newId();
  await db
    .insertInto('training_programmes')
    .values({ id: programme, org_id: orgId, name: '电子商务师', occupation: 'ecommerce_specialist', level: 5, description: '', skills: '[]', is_active: 1, created_at: now, updated_at: now })
    .execute();
  const id = newId();
  await db
    .insertInto('training_cohorts')
    .values({
      id,
      programme_id: programme,
      org_id: orgId,
      name: `测试班 ${id.slice(0, 6)}`,
      starts_on: day(-90),
      ends_on: day(-10),
      schedule: '',
      place: '',
      city_code: '652801',
      capacity: 50,
      seats_taken: 0,
      funding_source: o.funding ?? 'hrss',
      funder_name: '库尔勒市人力资源和社会保障局',
      cost_per_trainee_fen: o.costFen ?? 180_000,
      status: o.status ?? 'finished',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const users = await db.selectFrom('users').select('id').orderBy('id').limit((o.certified ?? 3) + 1).execute();
  for (const [i, u] of users.entries()) {
    const enrolment = newId();
    await db.insertInto('training_enrolments').values({ id: enrolment, cohort_id: id, user_id: u.id, status: 'completed', note: '', reason: '', applied_at: now, decided_at: now, decided_by: null, completed_at: now }).execute();
    const revoked = i === (o.certified ?? 3);
    await db
      .insertInto('certificates')
      .values({ id: newId(), number: `T${newId().slice(0, 12)}`, user_id: u.id, org_id: orgId, enrolment_id: enrolment, exam_result_id: null, occupation: 'ecommerce_specialist', level: 5, issued_on: day(-5), issued_by: 'x', revoked_at: revoked ? now : null, revoked_reason: revoked ? '测试' : null })
      .execute();
  }
  return id;
}
