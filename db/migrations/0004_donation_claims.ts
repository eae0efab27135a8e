import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';

// Donations are claimed a quantity at a time: `quantity_left` counts down under a conditional update
// (the CHECK is the last line), and each claim is a row of its own. `donations.claimed_by` and
// `claimed_at` are superseded by donation_claims; they stay because SQLite cannot drop a column that
// carries a foreign key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('donations')
    .addColumn('quantity_left', 'integer', (c) => c.notNull().defaultTo(0).check(sql`quantity_left >= 0`))
    .execute();
  await db.updateTable('donations').set({ quantity_left: sql`quantity` }).where('claimed_by', 'is', null).execute();
  await db.schema.createIndex('donations_station').on('donations').columns(['station_id', 'created_at']).execute();

  await db.schema
    .createTable('donation_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('donation_id', 'text', (c) => c.notNull().references('donations.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('donation_claims_quantity_ok', sql`quantity > 0`)
    .execute();
  await db.schema.createIndex('donation_claims_donation').on('donation_claims').column('donation_id').execute();
  await db.schema.createIndex('donation_claims_worker').on('donation_claims').column('worker_id').execute();

  // A claim made before this migration took the whole donation.
  const claimed = await db.selectFrom('donations').select(['id', 'quantity', 'claimed_by', 'claimed_at', 'created_at']).where('claimed_by', 'is not', null).execute();
  for (const d of claimed) {
    await db
      .insertInto('donation_claims')
      .values({ id: randomUUID(), donation_id: d.id, worker_id: d.claimed_by, quantity: d.quantity, claimed_at: d.claimed_at ?? d.created_at })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup to go back.');
}
