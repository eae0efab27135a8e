// Orders held column by column in typed arrays (a month of Urumqi's orders is ~6M rows): the analysis
// sorts and scans these, never an object per order. Strings (drivers, plates, cities, platforms) are
// interned to small integers. Only completed orders are kept; cancelled ones are counted.
import type { Order } from './orders.js';

export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.ids.set(s, i);
      this.names.push(s);
    }
    return i;
  }
  get(s: string): number | undefined {
    return this.ids.get(s);
  }
  get size() {
    return this.names.length;
  }
}

/** A set of (platform, order_id) keys by two independent 32-bit hashes (a 64-bit fingerprint). */
class SeenOrders {
  private table = new Int32Array(1 << 16);
  private used = 0;
  private mask = (1 << 15) - 1;
  /** True if the key was new (and is now recorded). */
  add(platform: string, orderId: string): boolean {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x9747b28c | 0;
    const n = platform.length;
    const m = orderId.length;
    for (let i = 0; i <= n + m; i++) {
      // platform, a 0, then the order id: both hashes over the same characters
      const c = i < n ? platform.charCodeAt(i) : i === n ? 0 : orderId.charCodeAt(i - n - 1);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    let slot = h1 & this.mask;
    for (;;) {
      const a = this.table[slot * 2]!;
      const b = this.table[slot * 2 + 1]!;
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot * 2] = h1;
    this.table[slot * 2 + 1] = h2;
    if (++this.used * 2 > this.mask) this.grow();
    return true;
  }
  private grow() {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array((this.mask + 1) * 2);
    for (let s = 0; s < old.length; s += 2) {
      const a = old[s]!;
      const b = old[s + 1]!;
      if (a === 0 && b === 0) continue;
      let slot = a & this.mask;
      while (this.table[slot * 2] !== 0 || this.table[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot * 2] = a;
      this.table[slot * 2 + 1] = b;
    }
  }
}

const grow = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, size: number): T => {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
};

export class OrderTable {
  n = 0;
  private cap: number;
  accept: Float64Array;
  start: Float64Array;
  finish: Float64Array;
  fare: Float64Array;
  pay: Float64Array;
  distance: Float64Array;
  person: Int32Array; // the driver as a person: the permit number where given, else platform + driver_id
  plate: Int32Array;
  permit: Int32Array; // -1: no permit number on the order
  city: Uint16Array;
  platform: Uint8Array;
  /** The orders' (platform, order_id), kept when findings must cite them (the console's runs). */
  ids: string[] | null;
  readonly persons = new Interner();
  readonly plates = new Interner();
  readonly permits = new Interner();
  readonly cities = new Interner();
  readonly platforms = new Interner();
  /** Valid lines by platform, cancelled ones included. */
  readonly linesByPlatform = new Map<string, number>();
  valid = 0;
  duplicates = 0;
  private readonly seen = new SeenOrders();
  private personOfPermit = new Int32Array(0);
  private lastCity = '';
  private lastCityId = 0;

  constructor(opts: { keepIds?: boolean; capacity?: number } = {}) {
    this.cap = Math.max(16, opts.capacity ?? 1 << 16);
    this.accept = new Float64Array(this.cap);
    this.start = new Float64Array(this.cap);
    this.finish = new Float64Array(this.cap);
    this.fare = new Float64Array(this.cap);
    this.pay = new Float64Array(this.cap);
    this.distance = new Float64Array(this.cap);
    this.person = new Int32Array(this.cap);
    this.plate = new Int32Array(this.cap);
    this.permit = new Int32Array(this.cap);
    this.city = new Uint16Array(this.cap);
    this.platform = new Uint8Array(this.cap);
    this.ids = opts.keepIds ? [] : null;
  }

  private ensure() {
    if (this.n < this.cap) return;
    this.cap = Math.ceil(this.cap * 1.6);
    this.accept = grow(this.accept, this.cap);
    this.start = grow(this.start, this.cap);
    this.finish = grow(this.finish, this.cap);
    this.fare = grow(this.fare, this.cap);
    this.pay = grow(this.pay, this.cap);
    this.distance = grow(this.distance, this.cap);
    this.person = grow(this.person, this.cap);
    this.plate = grow(this.plate, this.cap);
    this.permit = grow(this.permit, this.cap);
    this.city = grow(this.city, this.cap);
    this.platform = grow(this.platform, this.cap);
  }

  /** Adds an order once per (platform, order_id); false for a repeat. */
  add(o: Order): boolean {
    if (!this.seen.add(o.platform, o.order_id)) {
      this.duplicates++;
      return false;
    }
    this.valid++;
    this.linesByPlatform.set(o.platform, (this.linesByPlatform.get(o.platform) ?? 0) + 1);
    const platform = this.platforms.id(o.platform);
    if (!o.completed) return true;
    if (platform > 255) throw new Error('More than 256 platforms in one analysis');
    this.ensure();
    const i = this.n++;
    this.accept[i] = o.accept;
    this.start[i] = o.start;
    this.finish[i] = o.finish;
    this.fare[i] = o.fare_paid;
    this.pay[i] = o.driver_pay;
    this.distance[i] = o.distance_m;
    let person: number;
    if (o.driver_permit_no) {
      const permit = this.permits.id(o.driver_permit_no);
      this.permit[i] = permit;
      // One person per permit number, found without building a key string.
      if (permit >= this.personOfPermit.length) this.personOfPermit = grow(this.personOfPermit, Math.max(1024, permit * 2)).fill(-1, this.personOfPermit.length);
      person = this.personOfPermit[permit]!;
      if (person < 0) person = this.personOfPermit[permit] = this.persons.id(`P:${o.driver_permit_no}`);
    } else {
      this.permit[i] = -1;
      person = this.persons.id(`D:${o.platform}:${o.driver_id}`);
    }
    this.person[i] = person;
    this.plate[i] = this.plates.id(o.plate);
    if (o.city_code !== this.lastCity) {
      this.lastCity = o.city_code;
      this.lastCityId = this.cities.id(o.city_code);
    }
    this.city[i] = this.lastCityId;
    this.platform[i] = platform;
    this.ids?.push(`${o.platform}\u0000${o.order_id}`);
    return true;
  }
}
