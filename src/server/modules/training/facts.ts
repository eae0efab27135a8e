// Read-only facts about cohorts for other modules (policy support reads them through index.ts).
import type { Db, Tx } from '../../platform/db.js';

export type CohortFacts = {
  id: string;
  orgId: string;
  name: string;
  status: string;
  fundingSource: string;
  funderName: string;
  costPerTraineeFen: number;
  endsOn: string;
  /** Trainees of this cohort holding a certificate from it that has not been revoked (one each). */
  certified: number;
};

const certifiedCount = async (q: Db | Tx, cohortId: string) => {
  const row = await q
    .selectFrom('certificates')
    .innerJoin('training_enrolments', 'training_enrolments.id', 'certificates.enrolment_id')
    .select((eb) => eb.fn.count<number>('certificates.user_id').distinct().as('n'))
    .where('training_enrolments.cohort_id', '=', cohortId)
    .where('certificates.revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

/** One cohort with its funding and how many of its trainees were certified, or null when there is none. */
export async function cohortFacts(q: Db | Tx, cohortId: string): Promise<CohortFacts | null> {
  const c = await q
    .selectFrom('training_cohorts')
    .select(['id', 'org_id', 'name', 'status', 'funding_source', 'funder_name', 'cost_per_trainee_fen', 'ends_on'])
    .where('id', '=', cohortId)
    .executeTakeFirst();
  if (!c) return null;
  return {
    id: c.id,
    orgId: c.org_id,
    name: c.name,
    status: c.status,
    fundingSource: c.funding_source,
    funderName: c.funder_name,
    costPerTraineeFen: Number(c.cost_per_trainee_fen),
    endsOn: c.ends_on,
    certified: await certifiedCount(q, c.id),
  };
}

/** The cohorts of some schools (newest first), for a claim form. */
export async function cohortsOfSchools(q: Db | Tx, orgIds: string[], limit = 100) {
  if (!orgIds.length) return [];
  const rows = await q
    .selectFrom('training_cohorts')
    .select(['id', 'org_id', 'name', 'status', 'funding_source', 'cost_per_trainee_fen', 'starts_on', 'ends_on'])
    .where('org_id', 'in', orgIds)
    .orderBy('starts_on', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, status: r.status, fundingSource: r.funding_source, costPerTraineeFen: Number(r.cost_per_trainee_fen), startsOn: r.starts_on, endsOn: r.ends_on }));
}
