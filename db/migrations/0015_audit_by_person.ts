import type { Kysely } from 'kysely';

// A person's data export lists what they did and every access to their records: the audit log by actor
// and by target. Without these it reads the whole log (it grows by every read of personal data).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').column('target_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_target').execute();
  await db.schema.dropIndex('audit_log_actor').execute();
}
