import { sql } from 'kysely';
import { reusable, type Db, type Tx } from '../../platform/db.js';

type Q = Db | Tx;

export type WorkerRow = {
  id: string;
  user_id: string;
  name: string;
  id_number_enc: string | null;
  kind: string;
  city_code: string;
  district_code: string;
  employment_category: string;
  created_at: number;
  phone_enc: string;
  locale: string;
};

const base = (q: Q) =>
  q
    .selectFrom('workers')
    .innerJoin('users', 'users.id', 'workers.user_id')
    .select([
      'workers.id',
      'workers.user_id',
      'workers.name',
      'workers.id_number_enc',
      'workers.kind',
      'workers.city_code',
      'workers.district_code',
      'workers.employment_category',
      'workers.created_at',
      'users.phone_enc',
      'users.locale',
    ]);

const byUser = reusable((q, userId: string) => base(q).where('workers.user_id', '=', userId));
export const findWorkerByUser = async (q: Q, userId: string) => (await byUser(q, userId))[0];
export const findWorker = (q: Q, id: string) => base(q).where('workers.id', '=', id).executeTakeFirst();

const extrasOfOne = reusable((q, id: string) =>
  q
    .selectFrom('worker_platforms')
    .select(['worker_id', sql<string>`'p'`.as('t'), 'platform_code as v'])
    .where('worker_id', '=', id)
    .unionAll(q.selectFrom('worker_vehicles').select(['worker_id', sql<string>`'v'`.as('t'), 'plate as v']).where('worker_id', '=', id)),
);

/** Platforms and plates of many workers in one round trip (the profile read is a hot path). */
export async function extrasOf(q: Q, ids: string[]) {
  const platforms = new Map<string, string[]>();
  const plates = new Map<string, string[]>();
  if (!ids.length) return { platforms, plates };
  const rows = ids.length === 1 ? await extrasOfOne(q, ids[0]!) : await q
    .selectFrom('worker_platforms')
    .select(['worker_id', sql<string>`'p'`.as('t'), 'platform_code as v'])
    .where('worker_id', 'in', ids)
    .unionAll(q.selectFrom('worker_vehicles').select(['worker_id', sql<string>`'v'`.as('t'), 'plate as v']).where('worker_id', 'in', ids))
    .execute();
  for (const r of rows) {
    const m = r.t === 'p' ? platforms : plates;
    m.set(r.worker_id, [...(m.get(r.worker_id) ?? []), r.v]);
  }
  for (const m of [platforms, plates]) for (const v of m.values()) v.sort();
  return { platforms, plates };
}

export async function insertWorker(
  q: Q,
  w: {
    id: string;
    userId: string;
    name: string;
    idNumberEnc: string | null;
    idNumberHash: string | null;
    kind: string;
    cityCode: string;
    districtCode: string;
    employmentCategory: string;
    now: number;
  },
) {
  await q
    .insertInto('workers')
    .values({
      id: w.id,
      user_id: w.userId,
      name: w.name,
      id_number_enc: w.idNumberEnc,
      id_number_hash: w.idNumberHash,
      kind: w.kind,
      city_code: w.cityCode,
      district_code: w.districtCode,
      employment_category: w.employmentCategory,
      created_at: w.now,
      updated_at: w.now,
    })
    .execute();
}

export async function setPlatforms(q: Q, workerId: string, codes: string[]) {
  await q.deleteFrom('worker_platforms').where('worker_id', '=', workerId).execute();
  const unique = [...new Set(codes)];
  if (unique.length) await q.insertInto('worker_platforms').values(unique.map((c) => ({ worker_id: workerId, platform_code: c }))).execute();
}

export async function setPlates(q: Q, workerId: string, plates: string[]) {
  await q.deleteFrom('worker_vehicles').where('worker_id', '=', workerId).execute();
  const unique = [...new Set(plates)];
  if (unique.length) await q.insertInto('worker_vehicles').values(unique.map((p) => ({ worker_id: workerId, plate: p }))).execute();
}

export type SearchFilter = {
  cityCodes: string[] | null; // null: every city
  q?: string;
  phoneHash?: string;
  kind?: string;
  cityCode?: string;
  platform?: string;
  membership?: 'member' | 'nonmember';
  unionId?: string;
  page: number;
  pageSize: number;
};

export async function searchWorkers(q: Q, f: SearchFilter) {
  let query = base(q).leftJoin('memberships', (j) =>
    j.onRef('memberships.worker_id', '=', 'workers.id').on('memberships.ended_at', 'is', null),
  );
  if (f.cityCodes) query = query.where('workers.city_code', 'in', f.cityCodes.length ? f.cityCodes : ['-']);
  if (f.kind) query = query.where('workers.kind', '=', f.kind);
  if (f.cityCode) query = query.where('workers.city_code', '=', f.cityCode);
  if (f.platform) {
    const code = f.platform;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('worker_platforms').select('worker_id').whereRef('worker_platforms.worker_id', '=', 'workers.id').where('platform_code', '=', code)),
    );
  }
  if (f.membership === 'member') {
    query = f.unionId ? query.where('memberships.union_id', '=', f.unionId) : query.where('memberships.id', 'is not', null);
  } else if (f.membership === 'nonmember') {
    query = f.unionId
      ? query.where((eb) => eb.or([eb('memberships.id', 'is', null), eb('memberships.union_id', '!=', f.unionId!)]))
      : query.where('memberships.id', 'is', null);
  }
  if (f.phoneHash) {
    query = query.where('users.phone_hash', '=', f.phoneHash);
  } else if (f.q) {
    const text = f.q;
    query = query.where((eb) => {
      const ors = [eb('workers.name', 'like', `%${text.replace(/[%_]/g, '')}%`)];
      if (/^\d{4}$/.test(text)) ors.push(eb('users.phone_last4', '=', text));
      const plate = text.replace(/[\s·-]/g, '').toUpperCase();
      if (plate.length >= 3) {
        ors.push(eb.exists(eb.selectFrom('worker_vehicles').select('worker_id').whereRef('worker_vehicles.worker_id', '=', 'workers.id').where('plate', 'like', `${plate.replace(/[%_]/g, '')}%`)));
      }
      return eb.or(ors);
    });
  }
  const total = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['memberships.union_id', 'memberships.membership_no'])
    .orderBy('workers.name')
    .orderBy('workers.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}
