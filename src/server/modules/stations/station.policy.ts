import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';

/** An operator runs the stations named in their role; an admin may edit any station's directory entry. */
export const canEditStation = (p: Principal, stationId: string) =>
  orgsWithRole(p, 'station_operator').includes(stationId) || hasRole(p, 'admin');

export const operatedStations = (p: Principal) => orgsWithRole(p, 'station_operator');
