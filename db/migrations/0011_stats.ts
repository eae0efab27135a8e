import { type Kysely } from 'kysely';

// The observatory's figures (issue 7): small pre-aggregated cubes computed from the records by a refresh
// (modules/stats/refresh.service.ts) and read by every dashboard request, so no request scans workers,
// cases or orders. A cube row is one cell: its month, place, worker kind, platform ('*' = any platform,
// distinct people), up to two dimension codes, up to three measures, and the number of distinct people
// it rests on (null: not about people, e.g. a zone's capacity) for suppression. The whole set is replaced
// in one transaction with the time it was computed (stats_meta).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_cells')
    .addColumn('cube', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM (Beijing), '' when timeless
    .addColumn('city', 'text', (c) => c.notNull()) // city code, '' when none
    .addColumn('district', 'text', (c) => c.notNull()) // district code, '' when none
    .addColumn('kind', 'text', (c) => c.notNull()) // worker kind, '*' when the cube has none
    .addColumn('platform', 'text', (c) => c.notNull()) // platform code, '*' = all platforms
    .addColumn('d1', 'text', (c) => c.notNull())
    .addColumn('d2', 'text', (c) => c.notNull())
    .addColumn('v1', 'double precision', (c) => c.notNull())
    .addColumn('v2', 'double precision', (c) => c.notNull())
    .addColumn('v3', 'double precision', (c) => c.notNull())
    .addColumn('people', 'integer')
    .execute();
  await db.schema.createIndex('stats_cells_cube').on('stats_cells').columns(['cube', 'platform', 'month']).execute();

  await db.schema
    .createTable('stats_meta')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('as_of', 'bigint', (c) => c.notNull())
    .addColumn('took_ms', 'integer', (c) => c.notNull())
    .addColumn('cells', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stats_meta').execute();
  await db.schema.dropTable('stats_cells').execute();
}
