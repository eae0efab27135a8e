// The ride-hailing registries of the demo: Urumqi's 15 platforms, the default rules, and ~13,000 drivers
// with their driver permits (驾驶员证) and vehicle permits (运输证). A few percent are expired or missing
// so that illegal operation (E1) shows up, and a few vehicles are past 8 years or 600,000 km (E3).
// Deterministic: the same seed gives the same fleet on every machine, and `demoFleet()` is what the order
// generator drives. Dates are fixed (not relative to today) so a permit's status never depends on when
// the demo was loaded; valid permits run to 2030 or later.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';
import { insertRows, type Tx } from '../platform/db.js';
import { platforms } from '../../shared/reference.js';
import { rng, personName } from './factories.js';
import { ensurePlatforms } from '../modules/oversight/registry.service.js';
import { ensureDefaultRules } from '../modules/oversight/rules.service.js';
import { rideHailingCodes } from '../modules/oversight/rules.defaults.js';

export const DEMO_FLEET_SIZE = 13_000;
export const DEMO_CITY = '650100';

export type PermitState = 'valid' | 'expired' | 'missing';
export type DemoDriver = {
  /** 0 is the demo driver account 王建军 (13800000001), plate 新A83261. */
  index: number;
  permitNo: string;
  holderName: string;
  plate: string;
  vehiclePermitNo: string;
  /** The platforms the driver takes orders on (one or two). */
  platforms: string[];
  /** Whether the registry holds a driver permit valid today (and through 2029), one that has expired, or none. */
  driverPermit: PermitState;
  vehiclePermit: PermitState;
  /** Vehicle past 8 years since registration or past 600,000 km (E3). */
  vehicleOverage: boolean;
  driverValidFrom: string;
  driverValidTo: string;
  vehicleValidFrom: string;
  vehicleValidTo: string;
  registeredOn: string;
  odometerKm: number;
};

/** How orders spread over the platforms (Didi leads, as in most Chinese cities). */
const share: Record<string, number> = { didi: 36, t3: 10, gaode: 10, caocao: 7, huaxiaozhu: 7, meituan_taxi: 5, shouqi: 4, ruqi: 3, xiangdao: 3, dida: 3, yidao: 2, wanshun: 3, yangguang: 2, tianshan_go: 3, xinjiang_go: 2 };
const weighted = rideHailingCodes.flatMap((c) => Array<string>(share[c] ?? 1).fill(c));

const DEMO_PLATE = '新A83261';
// Day numbers since 1970-01-01 and back (Howard Hinnant's civil algorithms): Date parsing and formatting
// cost more than the rest of the fleet together.
const dayNo = (iso: string) => {
  const y0 = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
};
const isoOf = (n: number) => {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
const between = (r: ReturnType<typeof rng>, from: string, to: string) => isoOf(r.int(dayNo(from), dayNo(to)));
const plusYears = (iso: string, years: number) => isoOf(dayNo(iso) + Math.round(years * 365.25) - 1);

let cached: DemoDriver[] | null = null;
/**
 * The demo fleet: `count` drivers (13,000 by default), each with a permit number and a plate of their own.
 * Index 0 is the demo driver account. A smaller fleet is the first `count` drivers of the full one. The
 * default fleet is computed once and shared.
 */
export function demoFleet(count = DEMO_FLEET_SIZE, seed = 20251101): DemoDriver[] {
  if (cached && count === DEMO_FLEET_SIZE && seed === 20251101) return cached;
  const r = rng(seed);
  const plates = new Set<string>([DEMO_PLATE]);
  const out: DemoDriver[] = [];
  for (let i = 0; i < count; i++) {
    const demo = i === 0;
    let plate = DEMO_PLATE;
    if (!demo) {
      // A permutation of 0..99999 (7919 is prime to 10^5): distinct digits for every index, then a
      // new-energy D prefix for a quarter of them; the demo driver's plate is skipped.
      let k = i;
      do {
        const digits = String((k * 7919 + 24_680) % 100_000).padStart(5, '0');
        plate = r.chance(0.25) ? `新AD${digits}` : `新A${digits}`;
        k += 50_021;
      } while (plates.has(plate));
      plates.add(plate);
    }
    const driverPermit: PermitState = demo ? 'valid' : r.chance(0.02) ? 'missing' : r.chance(0.025) ? 'expired' : 'valid';
    const vehiclePermit: PermitState = demo ? 'valid' : r.chance(0.015) ? 'missing' : r.chance(0.02) ? 'expired' : 'valid';
    const dFrom = driverPermit === 'expired' ? between(r, '2019-03-01', '2020-09-30') : between(r, '2022-01-01', '2026-06-30');
    const dTo = driverPermit === 'expired' ? between(r, '2025-03-01', '2026-09-30') : plusYears(dFrom, 8);
    const vFrom = vehiclePermit === 'expired' ? between(r, '2018-06-01', '2020-06-30') : between(r, '2021-06-01', '2026-06-30');
    const vTo = vehiclePermit === 'expired' ? between(r, '2025-01-01', '2026-09-30') : plusYears(vFrom, 8);
    const overage = !demo && r.chance(0.012);
    const registeredOn = overage && r.chance(0.6) ? between(r, '2015-01-01', '2018-06-30') : between(r, '2019-07-01', vFrom < '2021-06-01' ? '2020-06-01' : vFrom);
    const odometerKm = overage && registeredOn >= '2019-07-01' ? r.int(600_001, 720_000) : r.int(8_000, 420_000);
    const first = demo ? 'didi' : r.pick(weighted);
    const second = demo ? 't3' : r.chance(0.3) ? r.pick(weighted) : first;
    out.push({
      index: i,
      permitNo: `WYJ${DEMO_CITY}${String((i * 7919 + 104_729) % 1_000_000).padStart(6, '0')}`,
      holderName: demo ? '王建军' : personName(r),
      plate,
      vehiclePermitNo: `WYY${DEMO_CITY}${String((i * 6007 + 3_571) % 1_000_000).padStart(6, '0')}`,
      platforms: second === first ? [first] : [first, second],
      driverPermit,
      vehiclePermit,
      vehicleOverage: overage,
      driverValidFrom: dFrom,
      driverValidTo: dTo,
      vehicleValidFrom: vFrom,
      vehicleValidTo: vTo,
      registeredOn,
      odometerKm,
    });
  }
  if (count === DEMO_FLEET_SIZE && seed === 20251101) cached = out;
  return out;
}

/** The two registry files of a fleet, as the import and the `--registry <dir>` command read them. */
export function demoRegistryCsv(fleet = demoFleet()): { driverPermits: string; vehiclePermits: string } {
  const d = ['permit_no,holder_name,valid_from,valid_to,city_code'];
  const v = ['plate,permit_no,valid_from,valid_to,registered_on,odometer_km'];
  for (const f of fleet) {
    if (f.driverPermit !== 'missing') d.push(`${f.permitNo},${f.holderName},${f.driverValidFrom},${f.driverValidTo},${DEMO_CITY}`);
    if (f.vehiclePermit !== 'missing') v.push(`${f.plate},${f.vehiclePermitNo},${f.vehicleValidFrom},${f.vehicleValidTo},${f.registeredOn},${f.odometerKm}`);
  }
  return { driverPermits: d.join('\n') + '\n', vehiclePermits: v.join('\n') + '\n' };
}

/**
 * Seeds the registries inside the demo's transaction: the platforms (with invented licence numbers), the
 * default rules, and the fleet's permits (one multi-row insert a table). The demo driver's permit is
 * linked to their worker profile.
 */
export async function seedOversight(ctx: Ctx, tx: Tx, now: number, opts: { permits?: number; driverWorkerId?: string | null } = {}) {
  await ensurePlatforms(tx, now, DEMO_CITY);
  const codes = platforms.filter((p) => rideHailingCodes.includes(p.code)).map((p) => p.code);
  for (const [i, code] of codes.entries()) {
    await tx.updateTable('oversight_platforms').set({ licence_no: `乌交网约许〔2024〕${String(i + 1).padStart(3, '0')}号` }).where('code', '=', code).where('licence_no', '=', '').execute();
  }
  await ensureDefaultRules(tx, now);
  const fleet = demoFleet(opts.permits ?? DEMO_FLEET_SIZE);
  const drivers = fleet
    .filter((f) => f.driverPermit !== 'missing')
    .map((f) => ({
      id: newId(),
      permit_no: f.permitNo,
      holder_name: f.holderName,
      valid_from: f.driverValidFrom,
      valid_to: f.driverValidTo,
      city_code: DEMO_CITY,
      worker_id: f.index === 0 ? (opts.driverWorkerId ?? null) : null,
      created_at: now,
      updated_at: now,
    }));
  const vehicles = fleet
    .filter((f) => f.vehiclePermit !== 'missing')
    .map((f) => ({ id: newId(), plate: f.plate, permit_no: f.vehiclePermitNo, valid_from: f.vehicleValidFrom, valid_to: f.vehicleValidTo, registered_on: f.registeredOn, odometer_km: f.odometerKm, created_at: now, updated_at: now }));
  await insertRows(tx, 'driver_permits', drivers);
  await insertRows(tx, 'vehicle_permits', vehicles);
  void ctx;
  return { platforms: codes.length, drivers: drivers.length, vehicles: vehicles.length };
}
