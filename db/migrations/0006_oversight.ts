import type { Kysely } from 'kysely';

// Ride-hailing oversight: the platform registry, the licence registry (driver and vehicle permits, 双证),
// rules as data with their history, platform order records with idempotent ingest, analysis runs with
// their findings (each linked to its orders and rule versions), and illegal-operation enforcement.
// Times are epoch ms; order times also keep the offset they were sent with (minutes east of UTC).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oversight_platforms')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('licence_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // 驾驶员证. A permit number may appear on several rows (renewals); it is valid on a date if any row covers it.
  await db.schema
    .createTable('driver_permits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('permit_no', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull()) // YYYY-MM-DD, inclusive
    .addColumn('valid_to', 'text', (c) => c.notNull()) // YYYY-MM-DD, inclusive
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.references('workers.id')) // the holder's worker profile, when known
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('driver_permits_no').on('driver_permits').columns(['permit_no', 'valid_from']).unique().execute();
  await db.schema.createIndex('driver_permits_worker').on('driver_permits').column('worker_id').execute();

  // 运输证, by plate.
  await db.schema
    .createTable('vehicle_permits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('permit_no', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('odometer_km', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vehicle_permits_plate').on('vehicle_permits').columns(['plate', 'valid_from']).unique().execute();

  // Rules as data. A change adds a version and closes the one before (superseded_at): history is kept.
  // rule: commission_cap | monthly_commission_cap | monthly_min_orders | max_daily_min | min_hourly_wage_fen |
  //       max_continuous_min | rest_gap_min | allowance_min | max_speed_kmh
  // scope: '*' (everywhere), a platform code, or a city code (6 digits).
  await db.schema
    .createTable('oversight_rules')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the version's id, cited by findings
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull()) // LEGAL | POLICY | PLATFORM | LOCAL | DRAFT
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('effective_to', 'text') // YYYY-MM-DD or null
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('superseded_at', 'bigint')
    .execute();
  await db.schema.createIndex('oversight_rules_current').on('oversight_rules').columns(['rule', 'scope', 'version']).unique().execute();

  // Order records, stored once per (platform, order_id).
  await db.schema
    .createTable('orders')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('driver_id', 'text', (c) => c.notNull())
    .addColumn('driver_permit_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('accept_at', 'bigint', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('finish_at', 'bigint', (c) => c.notNull())
    .addColumn('tz_min', 'integer', (c) => c.notNull()) // the offset accept_ts was sent with
    .addColumn('fare_paid', 'bigint', (c) => c.notNull())
    .addColumn('driver_pay', 'bigint', (c) => c.notNull())
    .addColumn('distance_m', 'bigint', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull()) // 1 completed, 0 cancelled
    .addColumn('origin_lat', 'double precision')
    .addColumn('origin_lng', 'double precision')
    .addColumn('dest_lat', 'double precision')
    .addColumn('dest_lng', 'double precision')
    .addColumn('ingest_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('orders_pk', ['platform', 'order_id'])
    .execute();
  await db.schema.createIndex('orders_accept').on('orders').column('accept_at').execute();

  // One request of order data: the Idempotency-Key with the body's hash and the answer it got.
  await db.schema
    .createTable('order_ingests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // in_flight | done | failed
    .addColumn('lines', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('key_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('order_ingests_key').on('order_ingests').columns(['platform', 'idempotency_key']).unique().execute();

  // An analysis of a month's orders: the figures per indicator and platform, and the rule versions used.
  await db.schema
    .createTable('oversight_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM (Beijing time)
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: indicators by platform, fairness, rule versions
    .addColumn('rule_versions', 'text', (c) => c.notNull()) // JSON list of oversight_rules ids
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('took_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oversight_runs_month').on('oversight_runs').columns(['month', 'created_at']).execute();

  // One violation: the indicator, whom and when it concerns, its figure, the orders behind it and the rule.
  await db.schema
    .createTable('oversight_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('oversight_runs.id'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull()) // '' where it spans platforms (a driver's day on two apps)
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD (Beijing) of the first order
    .addColumn('driver_key', 'text', (c) => c.notNull()) // permit number, or platform:driver_id
    .addColumn('plate', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value', 'double precision') // the figure: minutes, a ratio, fen per hour, km/h …
    .addColumn('limit_value', 'double precision')
    .addColumn('rule_id', 'text') // oversight_rules.id (the version applied)
    .addColumn('order_ids', 'text', (c) => c.notNull()) // JSON [[platform, order_id], …]
    .execute();
  await db.schema.createIndex('oversight_findings_run').on('oversight_findings').columns(['run_id', 'indicator', 'platform']).execute();
  await db.schema.createIndex('oversight_findings_driver').on('oversight_findings').columns(['driver_key', 'run_id']).execute();

  // 非法营运: joint enforcement operations and referrals to the transport authority.
  await db.schema
    .createTable('enforcement_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('held_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('plates_checked', 'integer', (c) => c.notNull())
    .addColumn('plates', 'text', (c) => c.notNull().defaultTo('[]')) // JSON list of plates found unlicensed
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('enforcement_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull()) // plate | driver
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('to_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]')) // JSON finding ids
    .addColumn('status', 'text', (c) => c.notNull()) // sent | acknowledged | closed
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enforcement_referrals_subject').on('enforcement_referrals').columns(['subject_kind', 'subject']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['enforcement_referrals', 'enforcement_actions', 'oversight_findings', 'oversight_runs', 'order_ingests', 'orders', 'oversight_rules', 'vehicle_permits', 'driver_permits', 'oversight_platforms']) {
    await db.schema.dropTable(t).execute();
  }
}
