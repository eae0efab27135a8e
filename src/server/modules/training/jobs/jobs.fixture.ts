// Test fixtures: a school of its own with a cohort and graduates (certificates written directly, so the
// jobs tests do not depend on the training module's seed or service).
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import type { Role } from '../../../../shared/reference.js';

let seq = 0;

export async function makeSchool(ctx: Ctx, opts: { graduates: number; level?: number; skills?: string[]; city?: string; password?: string }) {
  const now = Date.now();
  const k = ++seq;
  const school = newId();
  const programme = newId();
  const cohort = newId();
  await ctx.db.insertInto('orgs').values({ id: school, kind: 'school', name: `测试学校${k}`, union_kind: null, short_code: null, city_code: opts.city ?? '652801', founded_on: null, created_at: now }).execute();
  await ctx.db
    .insertInto('training_programmes')
    .values({ id: programme, org_id: school, name: '电子商务师', occupation: 'ecommerce_specialist', level: opts.level ?? 5, description: '', skills: JSON.stringify(opts.skills ?? ['live_streaming', 'short_video']), is_active: 1, created_at: now, updated_at: now })
    .execute();
  await ctx.db
    .insertInto('training_cohorts')
    .values({ id: cohort, programme_id: programme, org_id: school, name: `测试班${k}`, starts_on: '2025-03-01', ends_on: '2025-04-01', schedule: '', place: '', city_code: opts.city ?? '652801', capacity: 100, seats_taken: opts.graduates, funding_source: 'hrss', funder_name: '', cost_per_trainee_fen: 0, status: 'finished', created_at: now, updated_at: now })
    .execute();
  const users: string[] = [];
  for (let i = 0; i < opts.graduates; i++) {
    const id = newId();
    const phone = `136${String(k).padStart(3, '0')}${String(i).padStart(5, '0')}`;
    await ctx.db
      .insertInto('users')
      .values({ id, name: `学员${k}-${i}`, phone_enc: ctx.crypto.encrypt(phone), phone_hash: ctx.crypto.lookupHash(phone), phone_last4: phone.slice(-4), password_hash: 'x', locale: 'zh', is_disabled: 0, failed_logins: 0, locked_until: 0, created_at: now, updated_at: now })
      .execute();
    const enrolment = newId();
    await ctx.db.insertInto('training_enrolments').values({ id: enrolment, cohort_id: cohort, user_id: id, status: 'completed', note: '', reason: '', applied_at: now, decided_at: now, decided_by: null, completed_at: now }).execute();
    await ctx.db
      .insertInto('certificates')
      .values({ id: newId(), number: `T-${k}-${i}-${newId().slice(0, 8)}`, user_id: id, org_id: school, enrolment_id: enrolment, exam_result_id: null, occupation: 'ecommerce_specialist', level: opts.level ?? 5, issued_on: '2025-04-10', issued_by: 'test', revoked_at: null, revoked_reason: null })
      .execute();
    users.push(id);
  }
  return { school, programme, cohort, users };
}

export async function makeEmployer(ctx: Ctx) {
  const id = newId();
  await ctx.db.insertInto('orgs').values({ id, kind: 'employer', name: `测试电商${++seq}`, union_kind: null, short_code: null, city_code: '652801', founded_on: null, created_at: Date.now() }).execute();
  return id;
}

export const principal = (userId: string, ...roles: [Role, string][]): Principal => ({
  kind: 'user',
  userId,
  name: '测试',
  roles: roles.map(([role, orgId]) => ({ role, orgId })),
  isStaff: roles.length > 0,
  sessionHash: '',
});
