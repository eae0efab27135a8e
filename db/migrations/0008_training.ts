import { sql, type Kysely } from 'kysely';

// E-commerce training and directed employment ("order-based training + directed employment"): a
// school's programmes and their courses, cohorts with a seat counter a CHECK keeps within capacity,
// enrolments (anyone may apply; the school accepts), sessions and attendance, exams and their
// results, certificates with a public number, the job orders employers post (optionally linked to a
// cohort), each graduate's path through an order (recommended → interviewing → hired | declined),
// placements and their 3- and 6-month follow-ups. Times are epoch ms; days are YYYY-MM-DD (Beijing);
// money is integer fen.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the school
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('occupation', 'text', (c) => c.notNull()) // e.g. ecommerce_specialist
    .addColumn('level', 'integer', (c) => c.notNull()) // the certificate level it prepares for, 5 (lowest) … 1
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')) // JSON list of skill codes a graduate holds
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('training_programmes_level_ok', sql`level between 1 and 5`)
    .execute();
  await db.schema.createIndex('training_programmes_org').on('training_programmes').column('org_id').execute();

  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('training_programmes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull()) // ai_tools | short_video | live_streaming | supply_chain | …
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('training_courses_hours_ok', sql`hours > 0`)
    .execute();
  await db.schema.createIndex('training_courses_programme').on('training_courses').column('programme_id').execute();

  await db.schema
    .createTable('training_cohorts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('training_programmes.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the school (copied for scoping)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull().defaultTo('')) // e.g. "Mon–Fri 19:00–21:00"
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0)) // accepted or completed enrolments
    .addColumn('funding_source', 'text', (c) => c.notNull()) // hrss | employer | self | other
    .addColumn('funder_name', 'text', (c) => c.notNull().defaultTo('')) // who pays, as named on the claim
    .addColumn('cost_per_trainee_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // open | running | finished | cancelled
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('training_cohorts_seats_ok', sql`seats_taken >= 0 and seats_taken <= capacity and capacity > 0 and cost_per_trainee_fen >= 0 and starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('training_cohorts_org').on('training_cohorts').columns(['org_id', 'starts_on']).execute();
  await db.schema.createIndex('training_cohorts_programme').on('training_cohorts').column('programme_id').execute();

  await db.schema
    .createTable('training_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cohort_id', 'text', (c) => c.notNull().references('training_cohorts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // applied | accepted | declined | withdrawn | completed | dropped
    .addColumn('note', 'text', (c) => c.notNull().defaultTo('')) // the applicant's words
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo('')) // the school's, when declining or dropping
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('completed_at', 'bigint')
    .addUniqueConstraint('training_enrolments_one', ['cohort_id', 'user_id'])
    .execute();
  await db.schema.createIndex('training_enrolments_user').on('training_enrolments').column('user_id').execute();
  await db.schema.createIndex('training_enrolments_cohort').on('training_enrolments').columns(['cohort_id', 'status']).execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cohort_id', 'text', (c) => c.notNull().references('training_cohorts.id'))
    .addColumn('course_id', 'text', (c) => c.references('training_courses.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addCheckConstraint('training_sessions_time_ok', sql`starts_at < ends_at`)
    .execute();
  await db.schema.createIndex('training_sessions_cohort').on('training_sessions').columns(['cohort_id', 'starts_at']).execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('training_enrolments.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // present | absent | excused
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['session_id', 'enrolment_id'])
    .execute();
  await db.schema.createIndex('training_attendance_enrolment').on('training_attendance').column('enrolment_id').execute();

  await db.schema
    .createTable('training_exams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cohort_id', 'text', (c) => c.notNull().references('training_cohorts.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('theory_pass', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('practice_pass', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('training_exams_ok', sql`level between 1 and 5 and theory_pass between 0 and 100 and practice_pass between 0 and 100`)
    .execute();
  await db.schema.createIndex('training_exams_cohort').on('training_exams').column('cohort_id').execute();

  await db.schema
    .createTable('training_exam_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exam_id', 'text', (c) => c.notNull().references('training_exams.id'))
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('training_enrolments.id'))
    .addColumn('theory_score', 'integer', (c) => c.notNull())
    .addColumn('practice_score', 'integer', (c) => c.notNull())
    .addColumn('is_passed', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('training_exam_results_one', ['exam_id', 'enrolment_id'])
    .addCheckConstraint('training_exam_results_scores_ok', sql`theory_score between 0 and 100 and practice_score between 0 and 100`)
    .execute();
  await db.schema.createIndex('training_exam_results_enrolment').on('training_exam_results').column('enrolment_id').execute();

  // A certificate's number is public (it is printed and verified by anyone); nothing else on it is.
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the issuing school
    .addColumn('enrolment_id', 'text', (c) => c.references('training_enrolments.id'))
    .addColumn('exam_result_id', 'text', (c) => c.references('training_exam_results.id'))
    .addColumn('occupation', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .addCheckConstraint('certificates_level_ok', sql`level between 1 and 5`)
    .execute();
  await db.schema.createIndex('certificates_user').on('certificates').column('user_id').execute();
  await db.schema.createIndex('certificates_org_issued').on('certificates').columns(['org_id', 'issued_on']).execute();
  // One certificate per passed exam result.
  await db.schema.createIndex('certificates_exam_result').on('certificates').column('exam_result_id').unique().where(sql.ref('exam_result_id'), 'is not', null).execute();

  // What a graduate tells employers: where they want to work, what they can do, the least pay.
  await db.schema
    .createTable('job_seeker_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text')
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')) // JSON list of skill codes
    .addColumn('positions', 'text', (c) => c.notNull().defaultTo('[]')) // JSON list of wanted position kinds
    .addColumn('min_pay_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_open', 'integer', (c) => c.notNull().defaultTo(1)) // open to recommendations
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the employer
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull()) // live_host | video_editor | operations | customer_service | supply_chain | …
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')) // JSON list of skill codes wanted
    .addColumn('min_level', 'integer') // the certificate level needed (5 … 1), or none
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('hired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pay_min_fen', 'bigint', (c) => c.notNull())
    .addColumn('pay_max_fen', 'bigint', (c) => c.notNull())
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text')
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cohort_id', 'text', (c) => c.references('training_cohorts.id')) // order-based training
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // open | filled | closed
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'job_orders_ok',
      sql`headcount > 0 and hired >= 0 and hired <= headcount and pay_min_fen >= 0 and pay_min_fen <= pay_max_fen and (min_level is null or min_level between 1 and 5)`,
    )
    .execute();
  await db.schema.createIndex('job_orders_org').on('job_orders').columns(['org_id', 'status']).execute();
  await db.schema.createIndex('job_orders_cohort').on('job_orders').column('cohort_id').execute();

  // One graduate on one order: recommended → interviewing → hired | declined (or withdrawn).
  await db.schema
    .createTable('job_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: why this graduate was ranked here
    .addColumn('recommended_by', 'text')
    .addColumn('recommended_at', 'bigint', (c) => c.notNull())
    .addColumn('interview_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('decline_reason', 'text')
    .addUniqueConstraint('job_candidates_one', ['order_id', 'user_id'])
    .execute();
  await db.schema.createIndex('job_candidates_user').on('job_candidates').column('user_id').execute();

  await db.schema
    .createTable('placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('candidate_id', 'text', (c) => c.notNull().unique().references('job_candidates.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the employer
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('pay_band', 'text', (c) => c.notNull()) // e.g. 3000-4000 (yuan a month)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('placements_user').on('placements').column('user_id').execute();
  await db.schema.createIndex('placements_org').on('placements').columns(['org_id', 'started_on']).execute();

  await db.schema
    .createTable('placement_followups')
    .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
    .addColumn('months', 'integer', (c) => c.notNull()) // 3 or 6
    .addColumn('is_employed', 'integer', (c) => c.notNull())
    .addColumn('pay_band', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('placement_followups_pk', ['placement_id', 'months'])
    .addCheckConstraint('placement_followups_months_ok', sql`months in (3, 6)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'placement_followups',
    'placements',
    'job_candidates',
    'job_orders',
    'job_seeker_profiles',
    'certificates',
    'training_exam_results',
    'training_exams',
    'training_attendance',
    'training_sessions',
    'training_enrolments',
    'training_cohorts',
    'training_courses',
    'training_programmes',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
