import type { Db, Tx } from '../../platform/db.js';

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

export const findWorkerByUser = (q: Q, userId: string) => base(q).where('workers.user_id', '=', userId).executeTakeFirst();
export const findWorker = (q: Q, id: string) => base(q).where('workers.id', '=', id).executeTakeFirst();

export async function extrasOf(q: Q, ids: string[]) {
  if (!ids.length) return { platforms: new Map<string, string[]>(), plates: new Map<string, string[]>() };
  const [ps, vs] = await Promise.all([
    q.selectFrom('worker_platforms').select(['worker_id', 'platform_code']).where('worker_id', 'in', ids).orderBy('platform_code').execute(),
    q.selectFrom('worker_vehicles').select(['worker_id', 'plate']).where('worker_id', 'in', ids).orderBy('plate').execute(),
  ]);
  const platforms = new Map<string, string[]>();
  const plates = new Map<string, string[]>();
  for (const r of ps) platforms.set(r.worker_id, [...(platforms.get(r.worker_id) ?? []), r.platform_code]);
  for (const r of vs) plates.set(r.worker_id, [...(plates.get(r.worker_id) ?? []), r.plate]);
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
