import Flatbush from 'flatbush';
import { around, distance } from 'geoflatbush';
import { amenities, isOpenOn, localClock, maskOf, services, type Amenity, type Range, type Schedule, type Service } from './station.js';

/** What a nearby answer shows of a station, kept in memory so the query touches no database. */
export type StationSummary = {
  id: string;
  name: string;
  address: string;
  cityCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  phone: string;
  is24h: boolean;
  amenities: Amenity[];
  services: Service[];
};

export type IndexEntry = { summary: StationSummary; schedule: Schedule };

export type NearbyQuery = {
  lat: number;
  lng: number;
  limit: number;
  radiusKm?: number | undefined;
  amenities?: Amenity[] | undefined;
  services?: Service[] | undefined;
  openNow?: boolean | undefined;
  nowMs: number;
};

/**
 * A static spatial index (flatbush, nearest-first search by geoflatbush) over every station, with the
 * attributes a filter needs in typed arrays. Attribute changes patch it in place; a moved or new
 * station makes a new index that replaces this one when built (readers keep the old one meanwhile).
 */
export class StationIndex {
  private readonly index: Flatbush;
  private readonly amen: Uint32Array;
  private readonly serv: Uint32Array;
  private readonly byId = new Map<string, number>();
  readonly builtMs: number;

  constructor(private readonly entries: IndexEntry[]) {
    const started = performance.now();
    this.index = new Flatbush(Math.max(1, entries.length));
    this.amen = new Uint32Array(entries.length);
    this.serv = new Uint32Array(entries.length);
    entries.forEach((e, i) => {
      this.index.add(e.summary.lng, e.summary.lat, e.summary.lng, e.summary.lat);
      this.amen[i] = maskOf(amenities, e.summary.amenities);
      this.serv[i] = maskOf(services, e.summary.services);
      this.byId.set(e.summary.id, i);
    });
    if (!entries.length) this.index.add(0, 0, 0, 0); // flatbush needs one item; no entry maps to it
    this.index.finish();
    this.builtMs = performance.now() - started;
  }

  get size() {
    return this.entries.length;
  }

  get(id: string): IndexEntry | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.entries[i];
  }

  /** Updates a station whose position did not change; false means the caller must rebuild. */
  patch(e: IndexEntry): boolean {
    const i = this.byId.get(e.summary.id);
    if (i === undefined) return false;
    const old = this.entries[i]!;
    if (old.summary.lat !== e.summary.lat || old.summary.lng !== e.summary.lng) return false;
    this.entries[i] = e;
    this.amen[i] = maskOf(amenities, e.summary.amenities);
    this.serv[i] = maskOf(services, e.summary.services);
    return true;
  }

  /** Nearest first; each hit carries its entry, the distance and whether it is open at `nowMs`. */
  nearby(q: NearbyQuery): { entry: IndexEntry; distanceM: number; openNow: boolean }[] {
    if (!this.entries.length) return [];
    const needA = maskOf(amenities, q.amenities ?? []);
    const needS = maskOf(services, q.services ?? []);
    const n = this.entries.length;
    // Every Chinese station shares +08:00: one clock for the query, others computed when met.
    const beijing = localClock(q.nowMs, 480);
    const open = (s: Schedule) => isOpenOn(s, s.utcOffsetMin === 480 ? beijing : localClock(q.nowMs, s.utcOffsetMin));
    const amen = this.amen;
    const serv = this.serv;
    const entries = this.entries;
    const filter = (i: number) =>
      i < n && (amen[i]! & needA) === needA && (serv[i]! & needS) === needS && (!q.openNow || open(entries[i]!.schedule));
    // Without a filter geoflatbush skips a call per visited item: twice as fast when nothing is asked.
    const ids = around(this.index, q.lng, q.lat, q.limit, q.radiusKm ?? Infinity, needA || needS || q.openNow ? filter : undefined);
    return ids.map((i) => {
      const entry = entries[i]!;
      return {
        entry,
        distanceM: Math.round(distance(q.lng, q.lat, entry.summary.lng, entry.summary.lat) * 1000),
        openNow: q.openNow ? true : open(entry.schedule),
      };
    });
  }

  /** Rough bytes held: typed arrays, the flatbush buffer and the summaries' strings. */
  approxBytes(): number {
    let strings = 0;
    for (const e of this.entries) strings += (e.summary.name.length + e.summary.address.length + e.summary.id.length + 40) * 2 + 400;
    return this.index.data.byteLength + this.amen.byteLength + this.serv.byteLength + strings;
  }
}

const NO_EXCEPTIONS = new Map<string, Schedule['exceptions'] extends Map<string, infer V> ? V : never>();
const interned = new Map<string, Schedule>();
/**
 * Builds a station's schedule. Most stations share a handful of weekly patterns, so schedules without
 * exceptions are shared objects: at 186,100 stations this is most of the index's memory.
 */
export function scheduleFrom(
  is24h: boolean,
  utcOffsetMin: number,
  hours: { weekday: number; opens_min: number; closes_min: number }[],
  exceptions: { date: string; is_closed: number; opens_min: number | null; closes_min: number | null; note: string }[],
): Schedule {
  let key = '';
  if (!exceptions.length) {
    key = `${is24h ? 1 : 0}|${utcOffsetMin}`;
    for (const h of hours) key += `|${h.weekday}:${h.opens_min}-${h.closes_min}`;
  }
  const shared = key ? interned.get(key) : undefined;
  if (shared) return shared;
  const week: Range[][] = Array.from({ length: 8 }, () => []);
  for (const h of hours) week[h.weekday]?.push({ opens: h.opens_min, closes: h.closes_min });
  for (const d of week) d.sort((a, b) => a.opens - b.opens);
  if (key) {
    const sched = { is24h, utcOffsetMin, week, exceptions: NO_EXCEPTIONS };
    if (interned.size < 10_000) interned.set(key, sched);
    return sched;
  }
  const ex = new Map<string, { date: string; closed: boolean; ranges: Range[]; note: string }>();
  for (const e of exceptions) {
    const cur = ex.get(e.date) ?? { date: e.date, closed: !!e.is_closed, ranges: [], note: e.note };
    if (!e.is_closed && e.opens_min !== null && e.closes_min !== null) cur.ranges.push({ opens: e.opens_min, closes: e.closes_min });
    cur.closed = cur.closed || !!e.is_closed;
    ex.set(e.date, cur);
  }
  for (const e of ex.values()) e.ranges.sort((a, b) => a.opens - b.opens);
  return { is24h, utcOffsetMin, week, exceptions: ex };
}
