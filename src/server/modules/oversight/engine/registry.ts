// The licence registry as the analysis needs it: is this driver permit / this plate's vehicle permit
// valid on this (Beijing) day? Both ends of a validity range are inclusive; renewals are several ranges.
import { splitCsv } from './orders.js';

const DAY = 86_400_000;
/** YYYY-MM-DD → days since 1970-01-01, or NaN. */
export const dayNumber = (s: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return NaN;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s ? NaN : ms / DAY;
};

export type PermitRange = { key: string; from: string; to: string };

export class Registry {
  private readonly drivers = new Map<string, number[]>();
  private readonly vehicles = new Map<string, number[]>();
  constructor(driverPermits: Iterable<PermitRange>, vehiclePermits: Iterable<PermitRange>) {
    const put = (m: Map<string, number[]>, r: PermitRange) => {
      const from = dayNumber(r.from);
      const to = dayNumber(r.to);
      if (Number.isNaN(from) || Number.isNaN(to) || to < from) return;
      const list = m.get(r.key);
      if (list) list.push(from, to);
      else m.set(r.key, [from, to]);
    };
    for (const r of driverPermits) put(this.drivers, r);
    for (const r of vehiclePermits) put(this.vehicles, r);
  }
  private static covers(list: number[] | undefined, day: number) {
    if (!list) return false;
    for (let k = 0; k < list.length; k += 2) if (list[k]! <= day && day <= list[k + 1]!) return true;
    return false;
  }
  driverValid(permitNo: string, day: number) {
    return Registry.covers(this.drivers.get(permitNo), day);
  }
  vehicleValid(plate: string, day: number) {
    return Registry.covers(this.vehicles.get(plate), day);
  }
  get size() {
    return { drivers: this.drivers.size, vehicles: this.vehicles.size };
  }
}

export class RegistryFileError extends Error {}

/**
 * The two registry files of `--registry <dir>`: driver_permits.csv (`permit_no,holder_name,valid_from,
 * valid_to,city_code`) and vehicle_permits.csv (`plate,permit_no,valid_from,valid_to,registered_on,
 * odometer_km`). Rows with bad dates are skipped and counted.
 */
export function registryFromCsv(driverCsv: string, vehicleCsv: string): { registry: Registry; skipped: number } {
  let skipped = 0;
  const rows = (text: string, keyCol: string, file: string): PermitRange[] => {
    const lines = text.split(/\r?\n/);
    const head = splitCsv((lines[0] ?? '').replace(/^\uFEFF/, ''))?.map((h) => h.trim()) ?? [];
    const k = head.indexOf(keyCol);
    const f = head.indexOf('valid_from');
    const t = head.indexOf('valid_to');
    if (k < 0 || f < 0 || t < 0) throw new RegistryFileError(`${file}: the header needs ${keyCol}, valid_from and valid_to`);
    const out: PermitRange[] = [];
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]!.trim()) continue;
      const c = splitCsv(lines[i]!);
      const key = c?.[k]?.trim();
      if (!c || !key || Number.isNaN(dayNumber(c[f]?.trim() ?? '')) || Number.isNaN(dayNumber(c[t]?.trim() ?? ''))) {
        skipped++;
        continue;
      }
      out.push({ key, from: c[f]!.trim(), to: c[t]!.trim() });
    }
    return out;
  };
  const registry = new Registry(rows(driverCsv, 'permit_no', 'driver_permits.csv'), rows(vehicleCsv, 'plate', 'vehicle_permits.csv'));
  return { registry, skipped };
}
