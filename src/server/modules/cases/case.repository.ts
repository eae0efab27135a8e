// The only place with SQL for the case itself and its queue; steps (letters, files, …) keep their few
// queries in their service files.
import { sql } from 'kysely';
import { reusable, type Db, type Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';

type Q = Db | Tx;
export type CaseRow = Database['cases'] & { worker_user_id: string };

export const findCase = (q: Q, id: string): Promise<CaseRow | undefined> =>
  q
    .selectFrom('cases')
    .innerJoin('workers', 'workers.id', 'cases.worker_id')
    .selectAll('cases')
    .select('workers.user_id as worker_user_id')
    .where('cases.id', '=', id)
    .executeTakeFirst();

/** The next case number of a union this year: one upsert, so two first cases at once never collide. */
export async function nextCaseNumber(tx: Tx, unionId: string, year: number): Promise<number> {
  const [row] = await bumpCounter(tx as unknown as Db, unionId, year, year, year);
  return Number(row!.n);
}
const bumpCounter = reusable((q, unionId: string, year: number, sameYear: number, newYear: number) =>
  q
    .insertInto('case_counters')
    .values({ union_id: unionId, year, n: 1 })
    .onConflict((oc) => oc.column('union_id').doUpdateSet({ n: sql`case when case_counters.year = ${sameYear} then case_counters.n + 1 else 1 end`, year: newYear }))
    .returning('n'),
);

export type QueueFilter = {
  unionIds: string[];
  scope: 'unassigned' | 'mine' | 'all';
  userId: string;
  category?: string | undefined;
  overdueAt?: number | undefined;
  limit: number;
  after?: { due: number; id: string } | undefined;
};

/** Paused cases (no deadline running) sort after every running one. */
export const FAR = 9_000_000_000_000_000;

/** Open cases of the officer's unions, soonest deadline first; keyset-paged on (deadline, id). */
export async function queue(q: Q, f: QueueFilter) {
  const due = sql.ref<number>('cases.queue_due');
  let query = q
    .selectFrom('cases')
    .leftJoin('users as officer', 'officer.id', 'cases.officer_user_id')
    .select([
      'cases.id',
      'cases.case_no',
      'cases.union_id',
      'cases.category',
      'cases.priority',
      'cases.status',
      'cases.title',
      'cases.place',
      'cases.submitted_at',
      'cases.first_response_due',
      'cases.resolution_due',
      'cases.paused_since',
      'cases.escalation',
      'cases.officer_user_id',
      'cases.systemic_issue_id',
      'officer.name as officer_name',
    ])
    .select('cases.queue_due as sort_due')
    .where('cases.union_id', 'in', f.unionIds.length ? f.unionIds : ['-'])
    .where('cases.is_open', '=', 1);
  if (f.scope === 'unassigned') query = query.where('cases.officer_user_id', 'is', null);
  if (f.scope === 'mine') query = query.where('cases.officer_user_id', '=', f.userId);
  if (f.category) query = query.where('cases.category', '=', f.category);
  if (f.overdueAt !== undefined) {
    const at = f.overdueAt;
    query = query.where((eb) => eb.or([eb('cases.resolution_due', '<', at), eb('cases.first_response_due', '<', at)]));
  }
  if (f.after) {
    const a = f.after;
    query = query.where((eb) => eb.or([eb(due, '>', a.due), eb.and([eb(due, '=', a.due), eb('cases.id', '>', a.id)])]));
  }
  return query.orderBy(due).orderBy('cases.id').limit(f.limit).execute();
}
