// Deterministic platform order data for the benchmark, the demo and tests: drivers on one or two of the
// platforms, a month of shifts, and violations of every kind planted on purpose (long blocks, gaps of
// exactly 20 min, orders right at midnight, shared plates, high commissions, zero pay, implied speeding,
// missing or expired permits). Same seed, same bytes.
import { rideHailingPlatforms } from './rules.js';

export type GenOptions = {
  orders: number;
  drivers: number;
  platforms?: string[];
  month?: string;
  /** Stop before this day of the month (a month in progress). */
  untilDay?: number;
  seed?: number;
  city?: string;
  /** Known drivers (the demo's registry): their permit, plate and platforms instead of generated ones. */
  fleet?: { permitNo: string; plate: string; platforms: string[] }[];
};

const MIN = 60_000;
const DAY = 86_400_000;

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** ISO 8601 in Beijing time (+08:00), now and then in UTC (Z): the same instant either way. */
export function iso(ms: number, utc: boolean): string {
  const d = new Date(utc ? ms : ms + 8 * 3_600_000);
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return utc ? `${s}Z` : `${s}+08:00`;
}

export const permitOf = (d: number) => `JSZ6501${pad(d, 6)}`;
export const plateOf = (d: number) => `新A${pad(d % 100000, 5)}${'DFGHJ'[Math.floor(d / 100000) % 5]}`;

export const csvHeader = 'order_id,platform,driver_id,driver_permit_no,plate,city_code,accept_ts,start_ts,finish_ts,fare_paid,driver_pay,distance_m,status\n';

/**
 * The orders, as CSV lines (header first), in chunks of text. The month's days are shared out so the
 * total is exactly `orders` lines.
 */
export function* generateOrders(o: GenOptions): Generator<string> {
  const r = rng(o.seed ?? 20260301);
  const platforms = o.platforms ?? rideHailingPlatforms;
  const month = o.month ?? '2026-03';
  const city = o.city ?? '650100';
  const monthStart = Date.parse(`${month}-01T00:00:00+08:00`);
  const days = Math.min(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate(), (o.untilDay ?? 99) - 1);
  const fleet = o.fleet;
  // Each driver: a main platform, maybe a second; a plate (1 in 150 shares a plate with the next driver).
  const main = new Int32Array(o.drivers);
  const second = new Int32Array(o.drivers);
  for (let d = 0; d < o.drivers; d++) {
    main[d] = Math.floor(r() * platforms.length);
    second[d] = r() < 0.2 ? Math.floor(r() * platforms.length) : -1;
    const f = fleet?.[d];
    if (f) {
      main[d] = Math.max(0, platforms.indexOf(f.platforms[0] ?? ''));
      second[d] = f.platforms[1] ? platforms.indexOf(f.platforms[1]) : -1;
    }
  }
  const plate = (d: number) => (fleet ? fleet[d % 150 === 1 ? d - 1 : d]!.plate : plateOf(d % 150 === 1 ? d - 1 : d));
  const permit = (d: number) => (fleet ? fleet[d]!.permitNo : permitOf(d));
  const perDay = o.orders / (o.drivers * days);
  let out = csvHeader;
  let made = 0;
  let seq = 0;
  for (let day = 0; day < days && made < o.orders; day++) {
    const dayStart = monthStart + day * DAY;
    for (let d = 0; d < o.drivers && made < o.orders; d++) {
      // Orders for this driver today: spread so the month totals `orders` exactly.
      const want = Math.round((day * o.drivers + d + 1) * perDay) - Math.round((day * o.drivers + d) * perDay);
      if (want <= 0) continue;
      const withPermit = d % 40 !== 7; // 1 in 40 never sends a permit number: identified by platform + driver id
      const long = d % 23 === 0; // some drive on without rest
      let t = dayStart + (5 * 60 + Math.floor(r() * 14 * 60)) * MIN;
      if (d % 97 === 3) t = dayStart + DAY - 25 * MIN; // a shift that starts before midnight
      for (let k = 0; k < want && made < o.orders; k++) {
        const pi = second[d]! >= 0 && r() < 0.4 ? second[d]! : main[d]!;
        const accept = t;
        const start = accept + Math.floor((1 + r() * 6) * MIN / 1000) * 1000;
        const mins = long ? 45 + Math.floor(r() * 20) : 6 + Math.floor(r() * 28);
        const finish = start + mins * MIN + Math.floor(r() * 60) * 1000;
        const fare = 800 + Math.floor(r() * 60) * 100;
        const x = r();
        let pay = Math.round(fare * (0.74 + r() * 0.05));
        if (x < 0.02) pay = Math.round(fare * 0.6); // high commission
        else if (x < 0.025) pay = fare - Math.round(fare * 0.27); // exactly at the cap: not a violation
        else if (x < 0.027) pay = 0; // unpaid
        let distance = Math.round(((finish - start) / 3_600_000) * (18 + r() * 30) * 1000);
        if (r() < 0.003) distance = Math.round(((finish - start) / 3_600_000) * 130 * 1000); // implied 130 km/h
        const cancelled = r() < 0.03;
        const id = `${platforms[pi]}-${month}-${++seq}`;
        out += `${id},${platforms[pi]},drv${d},${withPermit ? permit(d) : ''},${plate(d)},${city},${iso(accept, seq % 11 === 0)},${iso(start, false)},${iso(finish, false)},${fare},${pay},${distance},${cancelled ? 'cancelled' : 'completed'}\n`;
        made++;
        // The next order: usually a short wait; now and then exactly 20 min (ends a block) or 19 (does not).
        const g = r();
        const gap = long ? 1 + Math.floor(r() * 5) : g < 0.05 ? 20 : g < 0.1 ? 19 : g < 0.97 ? 1 + Math.floor(r() * 14) : 25 + Math.floor(r() * 90);
        t = finish + gap * MIN;
        if (out.length > 1 << 20) {
          yield out;
          out = '';
        }
      }
    }
  }
  if (out) yield out;
}

/** The licence registry for the generated drivers: most valid all month, some expiring mid-month, some missing. */
export function generateRegistry(o: { drivers: number; month?: string }): { driverCsv: string; vehicleCsv: string } {
  const month = o.month ?? '2026-03';
  let dcsv = 'permit_no,holder_name,valid_from,valid_to,city_code\n';
  let vcsv = 'plate,permit_no,valid_from,valid_to,registered_on,odometer_km\n';
  for (let d = 0; d < o.drivers; d++) {
    if (d % 61 !== 5) {
      const to = d % 53 === 2 ? `${month}-15` : '2028-12-31'; // some expire on the 15th
      dcsv += `${permitOf(d)},司机${d},2024-01-01,${to},650100\n`;
    }
    if (d % 150 === 1) continue; // shares the previous driver's plate
    if (d % 67 !== 9) {
      const to = d % 59 === 4 ? `${month}-10` : '2029-06-30';
      vcsv += `${plateOf(d)},YSZ6501${pad(d, 6)},2023-06-01,${to},2021-05-01,${80_000 + (d % 400) * 1000}\n`;
    }
  }
  return { driverCsv: dcsv, vehicleCsv: vcsv };
}
