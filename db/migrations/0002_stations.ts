import type { Kysely } from 'kysely';

// Warm stations: the directory, weekly opening hours and dated exceptions.
// Weekly hours live on the station row as a compact text ('1:480-1320,2:480-1320'): the finder loads
// every station at start, and a second table of ~7 rows per station made that ten times slower.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('operator_kind', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_24h', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amenities', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('services', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('utc_offset_min', 'integer', (c) => c.notNull().defaultTo(480))
    .addColumn('photos', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('checkin_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stations_city_district').on('stations').columns(['city_code', 'district_code']).execute();
  await db.schema.createIndex('stations_name').on('stations').column('name').execute();

  await db.schema
    .createTable('station_exceptions')
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('is_closed', 'integer', (c) => c.notNull())
    .addColumn('opens_min', 'integer')
    .addColumn('closes_min', 'integer')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('station_exceptions_station').on('station_exceptions').columns(['station_id', 'date']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup to go back.');
}
