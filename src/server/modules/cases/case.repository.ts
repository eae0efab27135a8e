// The only place with SQL for the case itself and its queue; steps (letters, files, …) keep their few
// queries in their service files.
import { CompiledQuery, sql } from 'kysely';
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

/**
 * Takes the next `count` case numbers of each union for a year, for all the unions of a batch in one
 * upsert (so two first cases at once never collide): answers the first number taken per union. A new
 * year starts a union's numbering again at 1.
 */
export async function takeCaseNumbers(tx: Tx, wants: readonly { unionId: string; year: number; count: number }[]): Promise<Map<string, number>> {
  const pg = tx.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const params: unknown[] = [];
  const mark = (v: unknown) => (params.push(v), '?');
  // PostgreSQL binds the list as one JSON parameter (one statement text, kept prepared); SQLite a VALUES list.
  const source = pg
    ? (params.push(JSON.stringify(wants.map((w) => ({ union_id: w.unionId, year: w.year, n: w.count })))), 'select union_id, year, n from json_populate_recordset(null::case_counters, $1)')
    : `values ${wants.map((w) => `(${mark(w.unionId)}, ${mark(w.year)}, ${mark(w.count)})`).join(', ')}`;
  const rows = await tx.executeQuery<{ union_id: string; n: number }>(
    CompiledQuery.raw(
      `insert into case_counters (union_id, year, n) ${source}
       on conflict (union_id) do update set n = case when case_counters.year = excluded.year then case_counters.n + excluded.n else excluded.n end, year = excluded.year
       returning union_id, n`,
      params,
    ),
  );
  const count = new Map(wants.map((w) => [w.unionId, w.count]));
  return new Map(rows.rows.map((r) => [r.union_id, Number(r.n) - count.get(r.union_id)! + 1]));
}

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
