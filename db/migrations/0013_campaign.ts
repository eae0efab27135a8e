import { sql, type Kysely } from 'kysely';

// The special campaign (专项行动) and its problem list (问题清单): a campaign led by an agency over a
// period and regions; problems with a rights area, an owner agency and person, a deadline and a target,
// moving open → in_progress → closed (or dismissed); progress updates with evidence (files stored
// encrypted like case files, or links); links to the cases, systemic issues and oversight violations a
// problem covers; and the proposals a person dismissed (with the size they had, so a grown one returns).
// Times are epoch ms; dates are YYYY-MM-DD (Beijing).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('regions', 'text', (c) => c.notNull().defaultTo('')) // city codes, comma-separated
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // planned | active | closed
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('campaigns_period_ok', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('campaigns_lead').on('campaigns').column('lead_org_id').execute();

  await db.schema
    .createTable('campaign_problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('area', 'text', (c) => c.notNull()) // employment | pay | rest | safety
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('public_summary', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_value', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull()) // open | in_progress | closed | dismissed
    .addColumn('closing_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dismiss_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('proposal_key', 'text')
    .addColumn('progress_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_progress_on', 'text')
    .addColumn('overdue_notified_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_problems_campaign').on('campaign_problems').columns(['campaign_id', 'area', 'status']).execute();
  await db.schema.createIndex('campaign_problems_due').on('campaign_problems').columns(['status', 'deadline']).execute();
  await db.schema.createIndex('campaign_problems_owner').on('campaign_problems').column('owner_user_id').execute();

  // What a problem covers: kind case (ref = case id), systemic (systemic issue id), violation
  // (ref = "indicator|platform|YYYY-MM") or finding (an oversight finding id).
  await db.schema
    .createTable('campaign_links')
    .addColumn('problem_id', 'text', (c) => c.notNull().references('campaign_problems.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_links_pk', ['problem_id', 'kind', 'ref'])
    .execute();
  await db.schema.createIndex('campaign_links_ref').on('campaign_links').columns(['kind', 'ref']).execute();

  await db.schema
    .createTable('campaign_progress')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('campaign_problems.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_progress_problem').on('campaign_progress').columns(['problem_id', 'created_at']).execute();

  // Evidence: a file (sniffed, metadata stripped, encrypted) or a link to a record.
  await db.schema
    .createTable('campaign_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('campaign_problems.id'))
    .addColumn('progress_id', 'text', (c) => c.notNull().references('campaign_progress.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // file | link
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('size', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('content_enc', 'text')
    .addColumn('link', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_evidence_problem').on('campaign_evidence').column('problem_id').execute();

  // Proposals count the cases filed in the last 90 days: by filing time, not a scan of every case.
  await db.schema.createIndex('cases_submitted').on('cases').columns(['submitted_at', 'category']).execute();

  await db.schema
    .createTable('campaign_dismissals')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('proposal_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('dismissed_by', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_dismissals_pk', ['campaign_id', 'proposal_key'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup to go back.');
}
