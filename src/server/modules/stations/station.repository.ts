import type { Db, Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import type { Range } from './station.js';

type Q = Db | Tx;

export type StationRow = Database['stations'];
export type HoursRow = { station_id: string; weekday: number; opens_min: number; closes_min: number };
export type ExceptionRow = { station_id: string; date: string; is_closed: number; opens_min: number | null; closes_min: number | null; note: string };

export const findStation = (q: Q, id: string) => q.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
export const findStationByCheckin = (q: Q, token: string) => q.selectFrom('stations').selectAll().where('checkin_token', '=', token).executeTakeFirst();

/** '1:480-720,1:780-1320' ⇄ rows, sorted by weekday and opening time. */
export function encodeHours(week: { weekday: number; r: Range }[]): string {
  return [...week]
    .sort((a, b) => a.weekday - b.weekday || a.r.opens - b.r.opens)
    .map((h) => `${h.weekday}:${h.r.opens}-${h.r.closes}`)
    .join(',');
}
export function decodeHours(stationId: string, text: string): HoursRow[] {
  if (!text) return [];
  return text.split(',').map((part) => {
    const [w, range] = part.split(':') as [string, string];
    const [o, c] = range.split('-') as [string, string];
    return { station_id: stationId, weekday: Number(w), opens_min: Number(o), closes_min: Number(c) };
  });
}
export const exceptionsOf = (q: Q, id: string, fromDate: string) =>
  q.selectFrom('station_exceptions').selectAll().where('station_id', '=', id).where('date', '>=', fromDate).orderBy('date').orderBy('opens_min').execute();

export async function insertStation(q: Q, row: StationRow) {
  await q
    .insertInto('orgs')
    .values({ id: row.id, kind: 'station', name: row.name, union_kind: null, short_code: null, city_code: row.city_code, founded_on: null, created_at: row.created_at })
    .execute();
  await q.insertInto('stations').values(row).execute();
}

export async function updateStation(q: Q, id: string, set: Partial<StationRow>) {
  await q.updateTable('stations').set(set).where('id', '=', id).execute();
  if (set.name) await q.updateTable('orgs').set({ name: set.name }).where('id', '=', id).execute();
}

export async function replaceHours(q: Q, id: string, week: { weekday: number; r: Range }[]) {
  await q.updateTable('stations').set({ hours: encodeHours(week) }).where('id', '=', id).execute();
}

/** Replaces the exceptions dated `fromDate` or later; earlier ones stay as the station's history. */
export async function replaceExceptionsFrom(q: Q, id: string, fromDate: string, rows: Omit<ExceptionRow, 'station_id'>[]) {
  await q.deleteFrom('station_exceptions').where('station_id', '=', id).where('date', '>=', fromDate).execute();
  if (rows.length) await q.insertInto('station_exceptions').values(rows.map((r) => ({ ...r, station_id: id }))).execute();
}

/** Everything the in-memory index needs, in two scans (no per-station queries). */
export async function loadForIndex(q: Q, fromDate: string) {
  const [stations, exceptions] = await Promise.all([
    q.selectFrom('stations').select(['id', 'name', 'address', 'city_code', 'district_code', 'lat', 'lng', 'phone', 'is_24h', 'amenities', 'services', 'hours', 'utc_offset_min']).execute(),
    q.selectFrom('station_exceptions').selectAll().where('date', '>=', fromDate).orderBy('station_id').execute(),
  ]);
  return { stations, exceptions };
}

export async function searchStations(q: Q, f: { q?: string; cityCode?: string; districtCode?: string; page: number; pageSize: number }) {
  let query = q.selectFrom('stations');
  if (f.q) query = query.where((eb) => eb.or([eb('name', 'like', `%${f.q!.replace(/[%_]/g, '')}%`), eb('address', 'like', `%${f.q!.replace(/[%_]/g, '')}%`)]));
  if (f.cityCode) query = query.where('city_code', '=', f.cityCode);
  if (f.districtCode) query = query.where('district_code', '=', f.districtCode);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.select(['id']).orderBy('name').orderBy('id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}
