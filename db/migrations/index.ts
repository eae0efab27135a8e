import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_stations.js';
import * as m0003 from './0003_station_services.js';
import * as m0004 from './0004_donation_claims.js';
import * as m0005 from './0005_cases.js';
import * as m0006 from './0006_oversight.js';
import * as m0007 from './0007_parking.js';
import * as m0008 from './0008_training.js';
import * as m0009 from './0009_incubator.js';
import * as m0010 from './0010_policy.js';
import * as m0011 from './0011_stats.js';
import * as m0012 from './0012_agency.js';
import * as m0013 from './0013_campaign.js';
import * as m0014 from './0014_user_roles_by_org.js';
import * as m0015 from './0015_audit_by_person.js';

/** Every migration, in order. Never edit one that has been merged; add the next number. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_stations': m0002,
  '0003_station_services': m0003,
  '0004_donation_claims': m0004,
  '0005_cases': m0005,
  '0006_oversight': m0006,
  '0007_parking': m0007,
  '0008_training': m0008,
  '0009_incubator': m0009,
  '0010_policy': m0010,
  '0011_stats': m0011,
  '0012_agency': m0012,
  '0013_campaign': m0013,
  '0014_user_roles_by_org': m0014,
  '0015_audit_by_person': m0015,
};
