import { sql, type Kysely } from 'kysely';

// Policy support: schemes (rent-free space, startup-loan interest subsidy, training subsidy) whose
// eligibility rules and amount rule are data (JSON), kept in versions (an application names the
// version that decided it and carries a snapshot of its rules, facts and verdicts), applications with
// the approver's decision, and the disbursements paid on an approved one (a CHECK keeps their running
// total within the approved amount). Times are epoch ms; days are YYYY-MM-DD (Beijing); money is fen.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // rent_free | loan_subsidy | training_subsidy
    .addColumn('applicant', 'text', (c) => c.notNull()) // founder | school
    .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id')) // who approves
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_ug', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON: [{ id, fact, op, value, message }]
    .addColumn('amount_rule', 'text', (c) => c.notNull()) // JSON: AmountRule
    .addColumn('period', 'text', (c) => c.notNull()) // year | cohort: what "once" means
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('')) // the policy document it follows
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Every version of a scheme's rules, as they were: an application points at the one that decided it.
  await db.schema
    .createTable('policy_scheme_versions')
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('policy_schemes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('amount_rule', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_scheme_versions_pk', ['scheme_id', 'version'])
    .execute();

  await db.schema
    .createTable('policy_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('policy_schemes.id'))
    .addColumn('scheme_version', 'integer', (c) => c.notNull())
    .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id')) // copied for scoping
    .addColumn('applicant_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('enterprise_id', 'text') // founder schemes (incubator_enterprises.id)
    .addColumn('cohort_id', 'text') // the school's scheme (training_cohorts.id)
    .addColumn('org_id', 'text') // the enterprise's incubator, or the claiming school
    .addColumn('year', 'integer', (c) => c.notNull()) // the Beijing year it was made in
    .addColumn('inputs', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: what the applicant entered
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON snapshot of the facts at submission
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON snapshot of the rules that decided it
    .addColumn('verdicts', 'text', (c) => c.notNull()) // JSON: each rule's verdict
    .addColumn('max_amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | approved | rejected
    .addColumn('approved_amount_fen', 'bigint')
    .addColumn('approved_months', 'integer') // rent-free space
    .addColumn('benefit_from', 'text') // rent-free space: the first and last rent-free day
    .addColumn('benefit_to', 'text')
    .addColumn('disbursed_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('decision_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'policy_applications_money_ok',
      sql`max_amount_fen >= 0 and disbursed_fen >= 0 and (approved_amount_fen is null or (approved_amount_fen >= 0 and approved_amount_fen <= max_amount_fen)) and disbursed_fen <= coalesce(approved_amount_fen, 0)`,
    )
    .execute();
  // Once per enterprise and year, and once per cohort, unless refused: two simultaneous submissions get one row.
  await db.schema
    .createIndex('policy_applications_once_enterprise')
    .on('policy_applications')
    .columns(['scheme_id', 'enterprise_id', 'year'])
    .unique()
    .where(sql.ref('status'), '<>', sql.lit('rejected'))
    .execute();
  await db.schema
    .createIndex('policy_applications_once_cohort')
    .on('policy_applications')
    .columns(['scheme_id', 'cohort_id'])
    .unique()
    .where(sql.ref('status'), '<>', sql.lit('rejected'))
    .execute();
  await db.schema.createIndex('policy_applications_queue').on('policy_applications').columns(['agency_org_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('policy_applications_applicant').on('policy_applications').columns(['applicant_user_id', 'created_at']).execute();

  await db.schema
    .createTable('policy_disbursements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('policy_applications.id'))
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('policy_disbursements_amount_ok', sql`amount_fen > 0`)
    .execute();
  await db.schema.createIndex('policy_disbursements_application').on('policy_disbursements').column('application_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['policy_disbursements', 'policy_applications', 'policy_scheme_versions', 'policy_schemes']) await db.schema.dropTable(t).execute();
}
