// Demo parking: the rail station's two free ride-hailing zones (~200 spaces), a week of stays replayed
// into the daily figures, cars parked now with one over the time limit, and a few refused plates.
import { newId } from '../platform/context.js';

import { insertRows, type Tx } from '../platform/db.js';

import { addDays, beijingDayStart, isOverLimit } from '../modules/parking/parking.js';
import { rng, type Rng } from './factories.js';

import type { Database } from '../platform/schema.js';
import { beijingDay } from '../platform/time.js';

export const demoZones = {
  north: '00000000-0000-4000-8000-000000000051',
  south: '00000000-0000-4000-8000-000000000052',
} as const;

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 新A + digit, letter, digit, letter, digit: a shape the worker factory never makes, so no clash. */
const permitPlate = (r: Rng) => `新A${r.int(0, 9)}${r.pick([...LETTERS])}${r.int(0, 9)}${r.pick([...LETTERS])}${r.int(0, 9)}`;
/** 新A + letter, digit, letter, digit, digit: never registered anywhere. */
const strayPlate = (r: Rng) => `新A${r.pick([...LETTERS])}${r.int(0, 9)}${r.pick([...LETTERS])}${r.int(0, 9)}${r.int(0, 9)}`;

/** Plates the browser test and the README name. */
export const demoParkingPlates = {
  permit: '新A2K7P9', // a transport permit valid today, not parked
  expired: '新A5E0X1', // its permit ended last month
  member: '新A83261', // the demo driver's car (a union member; the licence registry may also hold its permit)
  unregistered: '新B7X7X7', // nowhere
} as const;

type Stay = Database['parking_stays'];

export async function seedParking(tx: Tx, now: number, unionId: string, attendantId: string | null) {
  const r = rng(20260115);
  const today = beijingDay(now);
  const zones = [
    { id: demoZones.north, org_id: unionId, name: '乌鲁木齐站北广场网约车免费停车区', place: '乌鲁木齐站（高铁站）北广场东侧', capacity: 120, free_minutes: 120, occupied: 0, is_active: 1, created_at: now - 30 * 86_400_000, updated_at: now },
    { id: demoZones.south, org_id: unionId, name: '乌鲁木齐站南广场网约车免费停车区', place: '乌鲁木齐站（高铁站）南广场出租车通道旁', capacity: 80, free_minutes: 120, occupied: 0, is_active: 1, created_at: now - 30 * 86_400_000, updated_at: now },
  ];

  // Vehicle permits (运输证) for the demo cars, valid for years; one ended last month.
  const pool = new Set<string>();
  while (pool.size < 150) pool.add(permitPlate(r));
  pool.delete(demoParkingPlates.permit);
  pool.delete(demoParkingPlates.expired);
  const plates = [...pool];
  const permits = [...plates, demoParkingPlates.permit].map((plate, i) => ({ plate, from: '2024-11-29', to: addDays(today, 400 + i * 7) }));
  permits.push({ plate: demoParkingPlates.expired, from: '2022-03-01', to: addDays(today, -30) });
  // The licence registry's own demo data may hold some of these plates already: keep theirs.
  const known = new Set((await tx.selectFrom('vehicle_permits').select('plate').where('plate', 'in', permits.map((p) => p.plate)).execute()).map((x) => x.plate));
  await insertRows(
    tx,
    'vehicle_permits',
    permits
      .filter((p) => !known.has(p.plate))
      .map((p, i) => ({ id: newId(), plate: p.plate, permit_no: `新交运管乌字6501${String(90000 + i)}`, valid_from: p.from, valid_to: p.to, registered_on: '2022-05-10', odometer_km: r.int(20_000, 180_000), created_at: now, updated_at: now })),
  );

  // A week of stays: each car parks once at a time; today's end at most 100 minutes ago, or are still open.
  const busyUntil = new Map<string, number>();
  const stays: Stay[] = [];
  const refusals: Database['parking_refusals'][] = [];
  for (let d = -6; d <= 0; d++) {
    const day = addDays(today, d);
    const start = beijingDayStart(day);
    for (const z of zones) {
      const n = z.capacity === 120 ? r.int(240, 320) : r.int(160, 220);
      const times = Array.from({ length: n }, () => start + r.int(6 * 60, 22 * 60) * 60_000).sort((a, b) => a - b);
      for (const enteredAt of times) {
        if (enteredAt >= now - 5 * 60_000) continue;
        const minutes = r.chance(0.08) ? r.int(125, 200) : r.int(8, 110);
        let exitedAt: number | null = enteredAt + minutes * 60_000;
        if (exitedAt > now) {
          if (now - enteredAt > 100 * 60_000) continue; // keep the only car over the limit the one below
          exitedAt = null;
        }
        const plate = plates.find((p) => (busyUntil.get(p) ?? 0) < enteredAt);
        if (!plate) continue;
        busyUntil.set(plate, exitedAt ?? Infinity);
        stays.push(stay(z.id, plate, enteredAt, exitedAt, attendantId));
      }
      for (let k = r.int(0, 3); k > 0; k--) {
        const at = start + r.int(6 * 60, 22 * 60) * 60_000;
        if (at < now) refusals.push({ id: newId(), zone_id: z.id, plate: strayPlate(r), reason: r.pick(['not_registered', 'not_registered', 'no_permit']), via: r.pick(['gate', 'attendant']), by_id: attendantId, at });
      }
    }
  }
  // Parked for two and a half hours now: over the two-hour limit.
  const late = plates.find((p) => (busyUntil.get(p) ?? 0) < now - 150 * 60_000);
  if (late) stays.push(stay(demoZones.north, late, now - 150 * 60_000, null, attendantId));

  // Replay the events in time order into the daily figures, as entries and exits would have kept them.
  const events = stays.flatMap((s) => [{ at: s.entered_at, s, in: true }, ...(s.exited_at === null ? [] : [{ at: s.exited_at, s, in: false }])]).sort((a, b) => a.at - b.at);
  const occupied = new Map<string, number>();
  const daily = new Map<string, Database['parking_daily']>();
  const row = (zoneId: string, at: number) => {
    const key = `${zoneId}|${beijingDay(at)}`;
    let x = daily.get(key);
    if (!x) daily.set(key, (x = { zone_id: zoneId, day: beijingDay(at), entries: 0, exits: 0, refusals: 0, peak: 0, stay_ms: 0, overstays: 0 }));
    return x;
  };
  for (const e of events) {
    const z = zones.find((x) => x.id === e.s.zone_id)!;
    const x = row(z.id, e.at);
    const occ = (occupied.get(z.id) ?? 0) + (e.in ? 1 : -1);
    occupied.set(z.id, occ);
    if (e.in) {
      x.entries++;
      x.peak = Math.max(x.peak, occ);
    } else {
      x.exits++;
      x.stay_ms += e.at - e.s.entered_at;
      if (isOverLimit(e.s.entered_at, e.at, z.free_minutes)) x.overstays++;
    }
  }
  for (const f of refusals) row(f.zone_id, f.at).refusals++;
  for (const z of zones) z.occupied = occupied.get(z.id) ?? 0;

  await insertRows(tx, 'parking_zones', zones);
  await insertRows(tx, 'parking_stays', stays);
  await insertRows(tx, 'parking_refusals', refusals);
  await insertRows(tx, 'parking_daily', [...daily.values()]);
}

const stay = (zoneId: string, plate: string, enteredAt: number, exitedAt: number | null, by: string | null): Stay => ({
  id: newId(),
  zone_id: zoneId,
  plate,
  basis: 'permit',
  entered_at: enteredAt,
  entered_via: by ? 'attendant' : 'gate',
  entered_by: by,
  exited_at: exitedAt,
  exited_via: exitedAt === null ? null : 'gate',
  exited_by: null,
});
