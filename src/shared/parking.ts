/** The parking vocabulary, shared by the API and the web app (pages translate these codes). */

/** Why a car may park: a transport permit valid today, a union member's car, or registered by hand. */
export const parkingBases = ['permit', 'member', 'manual'] as const;
export type ParkingBasis = (typeof parkingBases)[number];

/** Why an entry was refused. */
export const entryRefusals = ['not_registered', 'no_permit', 'permit_expired', 'zone_full', 'already_inside', 'zone_closed'] as const;
export type EntryRefusal = (typeof entryRefusals)[number];

/** Why an exit was refused. */
export const exitRefusals = ['not_inside', 'inside_other_zone'] as const;
export type ExitRefusal = (typeof exitRefusals)[number];

export const parkingVia = ['gate', 'attendant'] as const;
export type ParkingVia = (typeof parkingVia)[number];
