import { sql, type Kysely } from 'kysely';

// Rights cases (工会维权): a worker's grievance from filing to outcome, with its SLA clock, timeline,
// messages, evidence, letters, consultations, legal referral, systemic issues and notifications.
// Free text a worker or lawyer writes is encrypted (`*_enc`), as are evidence files.
export async function up(db: Kysely<any>): Promise<void> {
  const bigint = (c: any) => c.notNull();

  await db.schema
    .createTable('case_counters')
    .addColumn('union_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('union_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description_enc', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('respondent_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('respondent_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('respondent_kind', 'text', (c) => c.notNull().defaultTo('other')) // authority | platform | company | other
    .addColumn('platform_code', 'text')
    .addColumn('identity_shown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('officer_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('lawyer_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('systemic_issue_id', 'text')
    .addColumn('consultation_id', 'text', (c) => c.references('consultations.id'))
    .addColumn('client_ref', 'text') // the phone's draft id: a re-sent draft never makes two cases
    // SLA clock: counted (working-day) time; pauses while waiting on the worker or an outside party.
    .addColumn('submitted_at', 'bigint', bigint)
    .addColumn('first_response_at', 'bigint')
    .addColumn('first_response_due', 'bigint') // null while paused or once answered
    .addColumn('resolution_due', 'bigint') // null while paused or once resolved
    .addColumn('paused_since', 'bigint')
    .addColumn('paused_counted_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    // The queue's sort key: resolution_due while the clock runs, far in the future while it is paused.
    .addColumn('queue_due', 'bigint', bigint)
    .addColumn('is_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('escalation', 'integer', (c) => c.notNull().defaultTo(0)) // 0 officer, 1 union chair, 2 federation
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('proposed_at', 'bigint')
    .addColumn('appeal_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('outcome_amount_fen', 'bigint')
    .addColumn('outcome_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('court_status', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', bigint)
    .addColumn('updated_at', 'bigint', bigint)
    .addCheckConstraint('cases_rating_ok', sql`rating is null or (rating between 1 and 5)`)
    .addCheckConstraint('cases_amount_ok', sql`outcome_amount_fen is null or outcome_amount_fen >= 0`)
    .execute();
  // The officer's queue: open cases of a union by deadline.
  await db.schema.createIndex('cases_queue').on('cases').columns(['union_id', 'is_open', 'queue_due', 'id']).execute();
  await db.schema.createIndex('cases_officer').on('cases').columns(['officer_user_id', 'is_open', 'queue_due', 'id']).execute();
  await db.schema.createIndex('cases_worker').on('cases').columns(['worker_id', 'created_at']).execute();
  await db.schema.createIndex('cases_systemic').on('cases').column('systemic_issue_id').execute();
  await db.schema.createIndex('cases_client_ref').on('cases').columns(['worker_id', 'client_ref']).unique().execute();

  // Every step of a case. `visibility` 'worker' shows on the worker's timeline; 'internal' never does.
  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'bigint', bigint)
    .addColumn('actor_user_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('body_enc', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();

  await db.schema
    .createTable('case_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // evidence | letter_reply | court
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .execute();
  await db.schema.createIndex('case_files_case').on('case_files').column('case_id').execute();

  await db.schema
    .createTable('case_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('letter_no', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .addColumn('sent_at', 'bigint')
    .addColumn('reply_at', 'bigint')
    .addColumn('reply_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_file_id', 'text', (c) => c.references('case_files.id'))
    .execute();
  await db.schema.createIndex('case_letters_case').on('case_letters').column('case_id').execute();

  await db.schema
    .createTable('case_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // consultation (会商) | meeting
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('decisions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .execute();
  await db.schema.createIndex('case_meetings_case').on('case_meetings').column('case_id').execute();

  await db.schema
    .createTable('case_court')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // filed | hearing | judgment | settled
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .execute();

  await db.schema
    .createTable('systemic_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('union_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('link_kind', 'text', (c) => c.notNull()) // road | company | contract_clause | platform_rule | other
    .addColumn('status', 'text', (c) => c.notNull()) // open | rule_changed | closed
    .addColumn('rule_change', 'text')
    .addColumn('changed_by', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('affects_kinds', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('affects_cities', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('affects_platforms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notified_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .addColumn('changed_at', 'bigint')
    .execute();

  // Time limits per category and priority, in counted hours (working days only).
  await db.schema
    .createTable('case_sla')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('first_response_hours', 'integer', (c) => c.notNull())
    .addColumn('resolution_hours', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_sla_pk', ['category', 'priority'])
    .addCheckConstraint('case_sla_ok', sql`first_response_hours > 0 and resolution_hours >= first_response_hours`)
    .execute();

  // The working-day calendar: public holidays, and weekend days made working days (调休).
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // holiday | workday
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', bigint)
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup to go back.');
}
