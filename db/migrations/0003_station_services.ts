import { sql, type Kysely } from 'kysely';

// What a station offers: meals, the children's classroom, lawyers on duty, lending and donations,
// health checks (with consent) and visits.
export async function up(db: Kysely<any>): Promise<void> {
  const station = (c: any) => c.notNull().references('stations.id');

  await db.schema
    .createTable('meal_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('dish', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('worker_price_fen', 'integer', (c) => c.notNull())
    .addColumn('normal_price_fen', 'integer', (c) => c.notNull())
    .addColumn('servings_total', 'integer', (c) => c.notNull())
    .addColumn('servings_left', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('meal_items_left_ok', sql`servings_left >= 0 and servings_left <= servings_total`)
    .execute();
  await db.schema.createIndex('meal_items_station_date').on('meal_items').columns(['station_id', 'date']).execute();
  await db.schema
    .createTable('meal_reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meal_item_id', 'text', (c) => c.notNull().references('meal_items.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // reserved | served | cancelled
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('served_at', 'bigint')
    .addUniqueConstraint('meal_reservations_once', ['meal_item_id', 'worker_id'])
    .execute();
  await db.schema.createIndex('meal_reservations_worker').on('meal_reservations').column('worker_id').execute();

  await db.schema
    .createTable('classroom_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('kind', 'text', (c) => c.notNull()) // after_school | winter_holiday | summer_holiday
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('weekdays', 'text', (c) => c.notNull())
    .addColumn('opens_min', 'integer', (c) => c.notNull())
    .addColumn('closes_min', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('classroom_capacity_ok', sql`enrolled >= 0 and enrolled <= capacity`)
    .execute();
  await db.schema
    .createTable('children')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guardian_worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('consent_at', 'bigint', (c) => c.notNull())
    .addColumn('purge_after', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('children_purge').on('children').column('purge_after').execute();
  await db.schema
    .createTable('classroom_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('classroom_sessions.id'))
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // enrolled | waitlisted | withdrawn
    .addColumn('pickup_code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('classroom_enrolments_session').on('classroom_enrolments').columns(['session_id', 'status', 'created_at']).execute();
  await db.schema
    .createTable('classroom_attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('classroom_enrolments.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint', (c) => c.notNull())
    .addColumn('checked_out_at', 'bigint')
    .addUniqueConstraint('classroom_attendance_once', ['enrolment_id', 'date'])
    .execute();

  await db.schema
    .createTable('lawyer_duty')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('lawyer_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_min', 'integer', (c) => c.notNull())
    .addColumn('end_min', 'integer', (c) => c.notNull())
    .addColumn('slot_min', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lawyer_duty_station').on('lawyer_duty').column('station_id').execute();
  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('lawyer_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('question_enc', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // booked | done | cancelled
    .addColumn('handover_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One booking per lawyer and slot: two workers tapping the same slot, one gets it.
  await db.schema
    .createIndex('consultations_one_per_slot')
    .on('consultations')
    .columns(['lawyer_user_id', 'starts_at'])
    .unique()
    .where(sql.ref('status'), '!=', sql.lit('cancelled'))
    .execute();
  await db.schema.createIndex('consultations_worker').on('consultations').column('worker_id').execute();

  await db.schema
    .createTable('lend_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('loan_days', 'integer', (c) => c.notNull())
    .addColumn('stock_total', 'integer', (c) => c.notNull())
    .addColumn('stock_available', 'integer', (c) => c.notNull())
    .addCheckConstraint('lend_items_stock_ok', sql`stock_available >= 0 and stock_available <= stock_total`)
    .execute();
  await db.schema
    .createTable('loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('lend_items.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('borrowed_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('returned_at', 'bigint')
    .execute();
  await db.schema.createIndex('loans_item').on('loans').columns(['item_id', 'returned_at']).execute();
  await db.schema.createIndex('loans_worker').on('loans').column('worker_id').execute();
  await db.schema
    .createTable('donations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('donor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('claimed_by', 'text', (c) => c.references('workers.id'))
    .addColumn('claimed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consents')
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('category', 'text', (c) => c.notNull()) // health | children | location
    .addColumn('granted_at', 'bigint')
    .addColumn('withdrawn_at', 'bigint')
    .addPrimaryKeyConstraint('consents_pk', ['worker_id', 'category'])
    .execute();
  await db.schema
    .createTable('health_readings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('station_id', 'text', station)
    .addColumn('systolic', 'integer', (c) => c.notNull())
    .addColumn('diastolic', 'integer', (c) => c.notNull())
    .addColumn('pulse', 'integer')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_readings_worker').on('health_readings').columns(['worker_id', 'recorded_at']).execute();

  await db.schema
    .createTable('station_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', station)
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('station_visits_station_date').on('station_visits').columns(['station_id', 'date']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup to go back.');
}
