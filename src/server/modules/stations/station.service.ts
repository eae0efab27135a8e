import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { AppError, notFound, type FieldIssue } from '../../platform/errors.js';
import { randomToken } from '../../platform/crypto.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { cityByCode } from '../../../shared/reference.js';
import * as repo from './station.repository.js';
import { StationIndex, scheduleFrom, type IndexEntry, type NearbyQuery } from './station.index.js';
import { checkHours, formatTime, localClock, parseTime, todayStatus, type Amenity, type Service } from './station.js';
import { canEditStation } from './station.policy.js';

export type HoursInput = { weekday: number; opens: string; closes: string }[];
export type ExceptionInput = { date: string; closed: boolean; opens?: string | undefined; closes?: string | undefined; note?: string | undefined }[];
export type StationInput = {
  name: string;
  operatorKind: string;
  operatorName: string;
  address: string;
  cityCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  phone: string;
  is24h: boolean;
  amenities: Amenity[];
  services: Service[];
  hours: HoursInput;
  exceptions: ExceptionInput;
  photos: string[];
};

// ---- the in-memory index ------------------------------------------------------------------------

type Holder = { index: StationIndex | null; loading: Promise<StationIndex> | null; generation: number };
const holders = new WeakMap<Ctx, Holder>();
const holderOf = (ctx: Ctx) => {
  let h = holders.get(ctx);
  if (!h) holders.set(ctx, (h = { index: null, loading: null, generation: 0 }));
  return h;
};

const today = (offsetMin = 480) => localClock(Date.now(), offsetMin).date;
const yesterday = () => new Date(Date.now() - 86_400_000 + 480 * 60_000).toISOString().slice(0, 10);

async function buildIndex(ctx: Ctx): Promise<StationIndex> {
  const { stations, exceptions } = await repo.loadForIndex(ctx.db, yesterday());
  const exBy = groupBy(exceptions);
  const entries: IndexEntry[] = [];
  for (let i = 0; i < stations.length; i++) {
    const s = stations[i]!;
    entries.push(entryFrom(s, exBy.get(s.id) ?? []));
    // Yield now and then: building from a national directory must not stall the requests being served.
    if (i % 5000 === 4999) await new Promise((r) => setImmediate(r));
  }
  return new StationIndex(entries);
}

export function entryFrom(
  s: Pick<repo.StationRow, 'id' | 'name' | 'address' | 'city_code' | 'district_code' | 'lat' | 'lng' | 'phone' | 'is_24h' | 'amenities' | 'services' | 'hours' | 'utc_offset_min'>,
  exceptions: repo.ExceptionRow[],
): IndexEntry {
  return {
    summary: {
      id: s.id,
      name: s.name,
      address: s.address,
      cityCode: s.city_code,
      districtCode: s.district_code,
      lat: Number(s.lat),
      lng: Number(s.lng),
      phone: s.phone,
      is24h: !!s.is_24h,
      amenities: codes(s.amenities) as Amenity[],
      services: codes(s.services) as Service[],
    },
    schedule: scheduleFrom(!!s.is_24h, s.utc_offset_min, repo.decodeHours(s.id, s.hours), exceptions),
  };
}

// Stations share a few amenity and service lists: one frozen array per distinct list.
const lists = new Map<string, readonly string[]>();
function codes(csv: string): string[] {
  let l = lists.get(csv);
  if (!l) {
    l = Object.freeze(csv ? csv.split(',') : []);
    if (lists.size < 100_000) lists.set(csv, l);
  }
  return l as string[];
}

/** Rows sorted by station id → lists per station, in one pass. */
function groupBy<T extends { station_id: string }>(rows: T[]) {
  const m = new Map<string, T[]>();
  let cur: T[] | undefined;
  let id = '';
  for (const r of rows) {
    if (r.station_id !== id) {
      id = r.station_id;
      cur = m.get(id);
      if (!cur) m.set(id, (cur = []));
    }
    cur!.push(r);
  }
  return m;
}

/** The current index, built on first use. */
export async function stationIndex(ctx: Ctx): Promise<StationIndex> {
  const h = holderOf(ctx);
  if (h.index) return h.index;
  h.loading ??= buildIndex(ctx).then(
    (ix) => {
      h.index = ix;
      h.loading = null;
      return ix;
    },
    (err: unknown) => {
      h.loading = null; // let the next query try again
      throw err;
    },
  );
  return h.loading;
}

/** After a change: patch in place when the point did not move, else build a new index and swap it in. */
async function refreshIndex(ctx: Ctx, stationId: string) {
  const h = holderOf(ctx);
  if (!h.index) return; // not built yet: the first query builds it from the database
  const s = await repo.findStation(ctx.db, stationId);
  if (!s) return;
  const entry = entryFrom(s, await repo.exceptionsOf(ctx.db, stationId, yesterday()));
  if (h.index.patch(entry)) return;
  const generation = ++h.generation;
  const next = await buildIndex(ctx);
  if (generation === h.generation) h.index = next; // a later rebuild wins
}

// Each station's JSON, less its closing brace, made once per summary object (a patch makes a new one):
// stringifying the same ten stations on every request was most of the cost of an answer.
const fragments = new WeakMap<object, string>();
function fragmentOf(s: IndexEntry['summary']) {
  let f = fragments.get(s);
  if (f === undefined) {
    const { id, name, address, cityCode, districtCode, lat, lng, phone, is24h, amenities, services } = s;
    f = JSON.stringify({ id, name, address, cityCode, districtCode, lat, lng, phone, is24h, amenities, services }).slice(0, -1);
    fragments.set(s, f);
  }
  return f;
}

/** The nearby answer as JSON text: cached station fragments plus each hit's distance and status. */
export async function nearbyJson(ctx: Ctx, q: NearbyQuery): Promise<string> {
  const hits = (await stationIndex(ctx)).nearby(q);
  return `{"items":[${hits.map((h) => `${fragmentOf(h.entry.summary)},"distanceM":${h.distanceM},"openNow":${h.openNow}}`).join(',')}]}`;
}

// ---- directory ----------------------------------------------------------------------------------

/** `today` is the station's local date: exceptions are edited from that day on (earlier ones are history). */
function validate(input: Partial<StationInput>, today: string, current?: { cityCode: string }) {
  const problems: FieldIssue[] = [];
  const city = input.cityCode ?? current?.cityCode;
  if (input.districtCode !== undefined && city) {
    const c = cityByCode.get(city);
    // Stations may sit in any district of a known city, or in a city outside the reference list (national network).
    if (c && !c.districts.some((d) => d.code === input.districtCode)) {
      problems.push({ path: 'districtCode', code: 'invalid_district', message: 'That district is not in the chosen city' });
    }
  }
  if (input.hours) {
    for (const p of checkHours(input.hours)) problems.push({ path: `hours.${p.index}`, code: p.code, message: p.message });
  }
  if (input.exceptions) {
    input.exceptions.forEach((e, index) => {
      if (e.date < today) problems.push({ path: `exceptions.${index}`, code: 'in_past', message: 'Exceptions are for today or later; past ones are kept as they were' });
    });
    const ranges = input.exceptions.map((e, index) => ({ e, index })).filter(({ e }) => !e.closed);
    for (const { e, index } of ranges) {
      if (!e.opens || !e.closes) problems.push({ path: `exceptions.${index}`, code: 'required', message: 'Give opens and closes, or closed: true' });
    }
    const checked = ranges.filter(({ e }) => e.opens && e.closes);
    for (const p of checkHours(checked.map(({ e }) => ({ date: e.date, opens: e.opens!, closes: e.closes! })))) {
      problems.push({ path: `exceptions.${checked[p.index]!.index}`, code: p.code, message: p.message });
    }
  }
  if (problems.length) throw new AppError('bad_request', `Invalid station: ${problems.map((p) => p.path).join(', ')}`, problems);
}

const hoursRows = (hours: HoursInput) => hours.map((h) => ({ weekday: h.weekday, r: { opens: parseTime(h.opens)!, closes: parseTime(h.closes)! } }));
const exceptionRows = (ex: ExceptionInput) =>
  ex.map((e) => ({
    date: e.date,
    is_closed: e.closed ? 1 : 0,
    opens_min: e.closed ? null : parseTime(e.opens!)!,
    closes_min: e.closed ? null : parseTime(e.closes!)!,
    note: e.note ?? '',
  }));

export async function createStation(ctx: Ctx, input: StationInput, actor: Actor) {
  const from = today(480);
  validate(input, from);
  const id = newId();
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.insertStation(tx, {
      hours: repo.encodeHours(hoursRows(input.hours)),
      id,
      name: input.name,
      operator_kind: input.operatorKind,
      operator_name: input.operatorName,
      address: input.address,
      city_code: input.cityCode,
      district_code: input.districtCode,
      lat: input.lat,
      lng: input.lng,
      phone: input.phone,
      is_24h: input.is24h ? 1 : 0,
      amenities: [...new Set(input.amenities)].join(','),
      services: [...new Set(input.services)].join(','),
      utc_offset_min: 480,
      photos: JSON.stringify(input.photos),
      checkin_token: randomToken(18),
      created_at: now,
      updated_at: now,
    });
    await repo.replaceExceptionsFrom(tx, id, from, exceptionRows(input.exceptions));
    await writeAudit(tx, actor, { action: 'station.create', targetType: 'station', targetId: id });
  });
  await refreshIndex(ctx, id);
  return getStation(ctx, id);
}

export async function updateStation(ctx: Ctx, p: Principal, id: string, patch: Partial<StationInput>, actor: Actor) {
  const s = await repo.findStation(ctx.db, id);
  if (!s || !canEditStation(p, id)) throw notFound('No such station');
  const from = today(s.utc_offset_min);
  validate(patch, from, { cityCode: s.city_code });
  const set: Partial<repo.StationRow> = { updated_at: Date.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.operatorKind !== undefined) set.operator_kind = patch.operatorKind;
  if (patch.operatorName !== undefined) set.operator_name = patch.operatorName;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.cityCode !== undefined) set.city_code = patch.cityCode;
  if (patch.districtCode !== undefined) set.district_code = patch.districtCode;
  if (patch.lat !== undefined) set.lat = patch.lat;
  if (patch.lng !== undefined) set.lng = patch.lng;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.is24h !== undefined) set.is_24h = patch.is24h ? 1 : 0;
  if (patch.amenities !== undefined) set.amenities = [...new Set(patch.amenities)].join(',');
  if (patch.services !== undefined) set.services = [...new Set(patch.services)].join(',');
  if (patch.photos !== undefined) set.photos = JSON.stringify(patch.photos);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateStation(tx, id, set);
    if (patch.hours) await repo.replaceHours(tx, id, hoursRows(patch.hours));
    // The editor shows today and later only: saving replaces those and keeps the past as history.
    if (patch.exceptions) await repo.replaceExceptionsFrom(tx, id, from, exceptionRows(patch.exceptions));
    await writeAudit(tx, actor, { action: 'station.update', targetType: 'station', targetId: id, details: { fields: Object.keys(patch) } });
  });
  await refreshIndex(ctx, id);
  return getStation(ctx, id);
}

export async function getStation(ctx: Ctx, id: string) {
  const s = await repo.findStation(ctx.db, id);
  if (!s) throw notFound('No such station');
  const hours = repo.decodeHours(id, s.hours);
  const exceptions = await repo.exceptionsOf(ctx.db, id, yesterday());
  const entry = entryFrom(s, exceptions);
  const now = Date.now();
  return {
    ...entry.summary,
    operatorKind: s.operator_kind,
    operatorName: s.operator_name,
    photos: JSON.parse(s.photos) as string[],
    today: todayStatus(entry.schedule, now),
    hours: hours.map((h) => ({ weekday: h.weekday, opens: formatTime(h.opens_min), closes: formatTime(h.closes_min) })),
    exceptions: exceptions
      .filter((e) => e.date >= today(s.utc_offset_min))
      .map((e) => ({ date: e.date, closed: !!e.is_closed, opens: e.opens_min === null ? null : formatTime(e.opens_min), closes: e.closes_min === null ? null : formatTime(e.closes_min), note: e.note })),
    updatedAt: new Date(s.updated_at).toISOString(),
  };
}

/** The QR code a station shows for visit check-in (operators print it). */
export async function checkinToken(ctx: Ctx, p: Principal, id: string) {
  const s = await repo.findStation(ctx.db, id);
  if (!s || !canEditStation(p, id)) throw notFound('No such station');
  return s.checkin_token;
}

export async function search(ctx: Ctx, f: { q?: string | undefined; cityCode?: string | undefined; districtCode?: string | undefined; page: number; pageSize: number }) {
  const { ids, total } = await repo.searchStations(ctx.db, f);
  const ix = await stationIndex(ctx);
  const now = Date.now();
  const items = ids.map((id) => ix.get(id)).filter((e): e is IndexEntry => !!e).map((e) => ({ ...e.summary, openNow: isOpen(e, now) }));
  return { items, total };
}
const isOpen = (e: IndexEntry, now: number) => todayStatus(e.schedule, now).openNow;

export async function allForExport(ctx: Ctx) {
  const ix = await stationIndex(ctx);
  const { stations } = await repo.loadForIndex(ctx.db, yesterday());
  return stations.map((s) => ix.get(s.id)).filter((e): e is IndexEntry => !!e);
}
