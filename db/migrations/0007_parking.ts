import { sql, type Kysely } from 'kysely';

// Free ride-hailing parking zones (the rail station's two, ~200 spaces): zones with a live occupancy
// counter that a CHECK keeps within capacity, gate keys, vehicles registered by hand, stays (one open
// stay per plate, anywhere), refused entries with their reason, and per-zone daily figures kept as
// counters in the same transaction as each entry and exit. Times are epoch ms; days are Beijing dates.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parking_zones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the union that runs it
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('free_minutes', 'integer', (c) => c.notNull()) // the free-parking time limit
    .addColumn('occupied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('parking_zones_occupancy_ok', sql`occupied >= 0 and occupied <= capacity and capacity > 0 and free_minutes > 0`)
    .execute();
  await db.schema.createIndex('parking_zones_org').on('parking_zones').column('org_id').execute();

  // A gate's key: 256 random bits, shown once, stored as its SHA-256.
  await db.schema
    .createTable('parking_zone_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('parking_zones.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('parking_zone_keys_zone').on('parking_zone_keys').column('zone_id').execute();

  // Vehicles registered by hand (beyond the licence registry and union membership), with the reason.
  await db.schema
    .createTable('parking_vehicles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text') // YYYY-MM-DD inclusive, or open-ended
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .addColumn('removed_by', 'text')
    .execute();
  await db.schema.createIndex('parking_vehicles_current').on('parking_vehicles').column('plate').unique().where(sql.ref('removed_at'), 'is', null).execute();

  await db.schema
    .createTable('parking_stays')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('parking_zones.id'))
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull()) // permit | member | manual
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('entered_via', 'text', (c) => c.notNull()) // gate | attendant
    .addColumn('entered_by', 'text') // user id or gate key id
    .addColumn('exited_at', 'bigint')
    .addColumn('exited_via', 'text')
    .addColumn('exited_by', 'text')
    .execute();
  // A car is in one place at a time: at most one open stay per plate, across every zone.
  await db.schema.createIndex('parking_stays_open_plate').on('parking_stays').column('plate').unique().where(sql.ref('exited_at'), 'is', null).execute();
  await db.schema.createIndex('parking_stays_zone').on('parking_stays').columns(['zone_id', 'exited_at', 'entered_at']).execute();

  await db.schema
    .createTable('parking_refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('parking_zones.id'))
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // not_registered | no_permit | permit_expired | zone_full | already_inside | zone_closed
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('by_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parking_refusals_zone').on('parking_refusals').columns(['zone_id', 'at']).execute();

  await db.schema
    .createTable('parking_daily')
    .addColumn('zone_id', 'text', (c) => c.notNull().references('parking_zones.id'))
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD, Beijing time
    .addColumn('entries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refusals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('peak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stay_ms', 'bigint', (c) => c.notNull().defaultTo(0)) // the summed length of the stays that ended that day
    .addColumn('overstays', 'integer', (c) => c.notNull().defaultTo(0)) // stays that ended that day past the limit
    .addPrimaryKeyConstraint('parking_daily_pk', ['zone_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['parking_daily', 'parking_refusals', 'parking_stays', 'parking_vehicles', 'parking_zone_keys', 'parking_zones']) {
    await db.schema.dropTable(t).execute();
  }
}
