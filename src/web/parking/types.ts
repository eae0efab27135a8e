/** The parking API's shapes (docs/api-parking.md). */
import type { EntryRefusal, ExitRefusal, ParkingBasis } from '../../shared/parking.ts';

export type Zone = { id: string; orgId: string; name: string; place: string; capacity: number; freeMinutes: number; occupied: number; free: number; active: boolean; overLimit: number };
export type Stay = { id: string; zoneId: string; plate: string; basis: ParkingBasis; enteredAt: string; freeUntil: string; exitedAt: string | null; minutes: number; overLimit: boolean };
export type Movement = { stay: Stay; zone: Zone };
export type Overstay = Stay & { zoneName: string; overMinutes: number };
export type DayFigures = { zoneId: string; zoneName: string; capacity: number; day: string; entries: number; exits: number; refusals: number; peak: number; averageStayMin: number | null; overstays: number };
export type Refusal = { id: string; zoneId: string; zoneName: string; plate: string; reason: EntryRefusal; via: string; at: string };
export type ManualVehicle = { id: string; plate: string; reason: string; validTo: string | null; createdAt: string; createdBy: string };
export type ZoneKey = { id: string; label: string; prefix: string; createdAt: string; revokedAt: string | null };
export type Refused = EntryRefusal | ExitRefusal;
