import type { Kysely } from 'kysely';

// "Who are this organisation's officers?" is asked on every notification to an org (cases, policy,
// campaign): the primary key (user_id, role, org_id) cannot answer it without a scan.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('user_roles_org_role').on('user_roles').columns(['org_id', 'role']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('user_roles_org_role').execute();
}
