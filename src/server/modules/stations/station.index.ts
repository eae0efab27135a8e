import Flatbush from 'flatbush';
import { distance } from 'geoflatbush';
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

/** Flatbush's packed tree, read directly: its fields are stable within the pinned version (4.7.0). */
type PackedTree = { _boxes: Float64Array; _indices: Uint32Array | Uint16Array; _levelBounds: number[]; nodeSize: number; numItems: number };

/**
 * A flatbush tree (Hilbert-packed R-tree) over every station, with the attributes a filter needs in
 * typed arrays. The nearest-first search is our own best-first walk of that tree: distances are
 * measured in a local flat-earth metric scaled at the query's latitude (as Mapbox's cheap-ruler does:
 * under 0.1 % off within a few hundred km, no trigonometry per node, which is where geoflatbush's
 * great-circle bounds spent the time) and reported as great-circle metres. The amenity and service
 * masks are checked as leaves are reached; opening hours only when a station comes out of the queue
 * as the next nearest, so a query looks at the schedules of about as many stations as it returns.
 * Attribute changes patch it in place; a moved or new station makes a new index that replaces this
 * one when built (readers keep the old one meanwhile).
 */
export class StationIndex {
  private readonly tree: PackedTree;
  private readonly amen: Uint32Array;
  private readonly serv: Uint32Array;
  private readonly byId = new Map<string, number>();
  private readonly heap = new MinHeap();
  readonly builtMs: number;

  constructor(private readonly entries: IndexEntry[]) {
    const started = performance.now();
    const index = new Flatbush(Math.max(1, entries.length));
    this.amen = new Uint32Array(entries.length);
    this.serv = new Uint32Array(entries.length);
    entries.forEach((e, i) => {
      index.add(e.summary.lng, e.summary.lat, e.summary.lng, e.summary.lat);
      this.amen[i] = maskOf(amenities, e.summary.amenities);
      this.serv[i] = maskOf(services, e.summary.services);
      this.byId.set(e.summary.id, i);
    });
    if (!entries.length) index.add(0, 0, 0, 0); // flatbush needs one item; no entry maps to it
    index.finish();
    this.tree = index as unknown as PackedTree;
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
    const n = this.entries.length;
    const k = Math.floor(q.limit);
    if (!n || k < 1) return [];
    const needA = maskOf(amenities, q.amenities ?? []);
    const needS = maskOf(services, q.services ?? []);
    const radius = q.radiusKm ?? Infinity;
    const maxD2 = radius * radius;
    // Every Chinese station shares +08:00: one clock for the query, others computed when met.
    const beijing = localClock(q.nowMs, 480);
    const open = (s: Schedule) => isOpenOn(s, s.utcOffsetMin === 480 ? beijing : localClock(q.nowMs, s.utcOffsetMin));
    const kx = 111.32 * Math.cos((q.lat * Math.PI) / 180); // km per degree of longitude here
    const ky = 111.32;
    const { _boxes: boxes, _indices: indices, _levelBounds: levelBounds, nodeSize } = this.tree;
    const items4 = n * 4;
    const { amen, serv, entries } = this;
    const heap = this.heap;
    heap.clear();
    const out: { entry: IndexEntry; distanceM: number; openNow: boolean }[] = [];
    // Nodes and leaves share the queue: a leaf's id is odd (entry index × 2 + 1).
    heap.push((boxes.length - 4) * 2, 0);
    while (heap.length) {
      const top = heap.popId();
      if (top & 1) {
        const entry = entries[top >> 1]!;
        const isOpen = !q.openNow || open(entry.schedule);
        if (!isOpen) continue;
        out.push({
          entry,
          distanceM: Math.round(distance(q.lng, q.lat, entry.summary.lng, entry.summary.lat) * 1000),
          openNow: q.openNow ? true : open(entry.schedule),
        });
        if (out.length === k) break;
        continue;
      }
      const node = top / 2;
      const leafLevel = node < items4;
      const end = Math.min(node + nodeSize * 4, upperBound(node, levelBounds));
      for (let pos = node; pos < end; pos += 4) {
        const dx = Math.max(boxes[pos]! - q.lng, q.lng - boxes[pos + 2]!, 0) * kx;
        const dy = Math.max(boxes[pos + 1]! - q.lat, q.lat - boxes[pos + 3]!, 0) * ky;
        const d2 = dx * dx + dy * dy;
        if (d2 > maxD2) continue;
        const child = indices[pos >> 2]!;
        if (leafLevel) {
          if (child < n && (amen[child]! & needA) === needA && (serv[child]! & needS) === needS) heap.push(child * 2 + 1, d2);
        } else heap.push(child * 2, d2);
      }
    }
    return out;
  }

  /** Rough bytes held: typed arrays, the tree and the summaries' strings. */
  approxBytes(): number {
    let strings = 0;
    for (const e of this.entries) strings += (e.summary.name.length + e.summary.address.length + e.summary.id.length + 40) * 2 + 400;
    return this.tree._boxes.byteLength + this.tree._indices.byteLength + this.amen.byteLength + this.serv.byteLength + strings;
  }
}

/** The first level bound above a node's position: where its level ends. */
function upperBound(value: number, arr: number[]): number {
  let i = 0;
  let j = arr.length - 1;
  while (i < j) {
    const m = (i + j) >> 1;
    if (arr[m]! > value) j = m;
    else i = m + 1;
  }
  return arr[i]!;
}

/** A binary min-heap of (id, priority) on growable typed arrays, reused across queries. */
class MinHeap {
  private ids = new Float64Array(1024);
  private values = new Float64Array(1024);
  length = 0;
  clear() {
    this.length = 0;
  }
  push(id: number, value: number) {
    if (this.length === this.ids.length) {
      const ids = new Float64Array(this.length * 2);
      ids.set(this.ids);
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.ids = ids;
      this.values = values;
    }
    const { ids, values } = this;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pv = values[parent]!;
      if (value >= pv) break;
      ids[pos] = ids[parent]!;
      values[pos] = pv;
      pos = parent;
    }
    ids[pos] = id;
    values[pos] = value;
  }
  popId(): number {
    const { ids, values } = this;
    const top = ids[0]!;
    const last = --this.length;
    if (last > 0) {
      const id = ids[last]!;
      const value = values[last]!;
      let pos = 0;
      const half = last >> 1;
      while (pos < half) {
        let left = (pos << 1) + 1;
        const right = left + 1;
        if (right < last && values[right]! < values[left]!) left = right;
        if (values[left]! >= value) break;
        ids[pos] = ids[left]!;
        values[pos] = values[left]!;
        pos = left;
      }
      ids[pos] = id;
      values[pos] = value;
    }
    return top;
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
