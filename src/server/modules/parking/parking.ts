// Parking zones: the pure rules (no I/O). Which plates may park, and the Beijing day of a moment.
import type { EntryRefusal, ParkingBasis } from '../../../shared/parking.js';
import { BEIJING_OFFSET_MIN } from '../../platform/time.js';

/** What the registries say about one plate on one day. */
export type PlateFacts = {
  /** A current registration by hand: its last day, or null for open-ended. */
  manual: { validTo: string | null } | null;
  /** Every vehicle permit (运输证) of the plate. Dates are YYYY-MM-DD, both ends inclusive. */
  permits: { validFrom: string; validTo: string }[];
  /** The plate belongs to a worker's profile … */
  isWorkerVehicle: boolean;
  /** … of a worker with a current union membership. */
  isMemberVehicle: boolean;
};

export type Registration = { registered: true; basis: ParkingBasis } | { registered: false; reason: Extract<EntryRefusal, 'not_registered' | 'no_permit' | 'permit_expired'> };

/**
 * A car is registered for the zones when it has a permit valid today, belongs to a union member, or
 * was registered by hand (and that registration has not run out). Otherwise the refusal says what is
 * wrong: the permit ran out (it had one, the newest ended before today), no permit for a car the
 * system knows (a worker's car, or a permit that starts later), or not known at all.
 */
export function decideRegistration(f: PlateFacts, today: string): Registration {
  if (f.manual && (f.manual.validTo === null || f.manual.validTo >= today)) return { registered: true, basis: 'manual' };
  if (f.permits.some((p) => p.validFrom <= today && today <= p.validTo)) return { registered: true, basis: 'permit' };
  if (f.isMemberVehicle) return { registered: true, basis: 'member' };
  if (f.permits.length && f.permits.every((p) => p.validTo < today)) return { registered: false, reason: 'permit_expired' };
  if (f.permits.length || f.isWorkerVehicle || f.manual) return { registered: false, reason: 'no_permit' };
  return { registered: false, reason: 'not_registered' };
}

/** Days and the daily figures are in Beijing time (UTC+8, no daylight saving). */
/** The first moment of a Beijing day, as epoch ms. */
export const beijingDayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MIN * 60_000;
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A stay is over the limit once it has lasted longer than the zone's free minutes. */
export const isOverLimit = (enteredAt: number, until: number, freeMinutes: number) => until - enteredAt > freeMinutes * 60_000;
