// The map of a person's data (SECURITY.md: "A person can export all their own data, and nobody else's").
// Each source says how a table's rows belong to the person: a column holding their user or worker id, or
// a column pointing at rows of a table already taken. The export walks the sources in this order.
// `notPersonal` names every other column that points at a user or worker, and why those rows are not
// the person's to take; tests/privacy-export.test.ts fails when a migration adds a column that is in
// neither list.

export type Source = {
  table: string;
  by: { column: string; is: 'user' | 'worker' } | { column: string; in: string };
  /** Only rows the person sees in the app (as the module's own read shows them). */
  only?: { column: string; in: readonly string[] };
  /** Columns left out: staff-only notes, secrets and file contents (a file's metadata stays). */
  omit?: readonly string[];
};

export const sources: readonly Source[] = [
  // account and profile
  { table: 'users', by: { column: 'id', is: 'user' }, omit: ['password_hash', 'failed_logins', 'locked_until'] },
  { table: 'user_roles', by: { column: 'user_id', is: 'user' } },
  { table: 'sessions', by: { column: 'user_id', is: 'user' } },
  { table: 'workers', by: { column: 'user_id', is: 'user' } },
  { table: 'worker_platforms', by: { column: 'worker_id', is: 'worker' } },
  { table: 'worker_vehicles', by: { column: 'worker_id', is: 'worker' } },
  { table: 'consents', by: { column: 'worker_id', is: 'worker' } },
  { table: 'notifications', by: { column: 'user_id', is: 'user' } },
  // the union
  { table: 'union_applications', by: { column: 'worker_id', is: 'worker' } },
  { table: 'memberships', by: { column: 'worker_id', is: 'worker' } },
  // warm stations
  { table: 'station_visits', by: { column: 'worker_id', is: 'worker' } },
  { table: 'meal_reservations', by: { column: 'worker_id', is: 'worker' } },
  { table: 'loans', by: { column: 'worker_id', is: 'worker' } },
  { table: 'donations', by: { column: 'claimed_by', is: 'worker' } },
  { table: 'donation_claims', by: { column: 'worker_id', is: 'worker' } },
  { table: 'health_readings', by: { column: 'worker_id', is: 'worker' } },
  { table: 'children', by: { column: 'guardian_worker_id', is: 'worker' } },
  { table: 'classroom_enrolments', by: { column: 'child_id', in: 'children' } },
  { table: 'classroom_attendance', by: { column: 'enrolment_id', in: 'classroom_enrolments' } },
  { table: 'consultations', by: { column: 'worker_id', is: 'worker' } },
  { table: 'lawyer_duty', by: { column: 'lawyer_user_id', is: 'user' } },
  // grievances (cases): what the worker's own case page shows
  { table: 'cases', by: { column: 'worker_id', is: 'worker' } },
  { table: 'case_events', by: { column: 'case_id', in: 'cases' }, only: { column: 'visibility', in: ['worker', 'lawyer'] } },
  { table: 'case_files', by: { column: 'case_id', in: 'cases' } },
  { table: 'case_letters', by: { column: 'case_id', in: 'cases' } },
  // The worker reads what a meeting decided; the minutes and who took part stay with the union.
  { table: 'case_meetings', by: { column: 'case_id', in: 'cases' }, omit: ['participants', 'minutes'] },
  { table: 'case_court', by: { column: 'case_id', in: 'cases' } },
  // order-dispatch oversight: the driver's own permit
  { table: 'driver_permits', by: { column: 'worker_id', is: 'worker' } },
  // training and jobs
  { table: 'training_enrolments', by: { column: 'user_id', is: 'user' } },
  { table: 'training_attendance', by: { column: 'enrolment_id', in: 'training_enrolments' } },
  { table: 'training_exam_results', by: { column: 'enrolment_id', in: 'training_enrolments' } },
  { table: 'certificates', by: { column: 'user_id', is: 'user' } },
  { table: 'job_seeker_profiles', by: { column: 'user_id', is: 'user' } },
  { table: 'job_candidates', by: { column: 'user_id', is: 'user' } },
  { table: 'placements', by: { column: 'user_id', is: 'user' } },
  { table: 'placement_followups', by: { column: 'placement_id', in: 'placements' } },
  // the incubation base
  { table: 'enterprise_founders', by: { column: 'user_id', is: 'user' } },
  { table: 'incubator_mentors', by: { column: 'user_id', is: 'user' } },
  { table: 'host_team_members', by: { column: 'user_id', is: 'user' } },
  // subsidies
  { table: 'policy_applications', by: { column: 'applicant_user_id', is: 'user' } },
  { table: 'policy_disbursements', by: { column: 'application_id', in: 'policy_applications' } },
];

const work = 'work done in a staff role: the organisation’s record, and about other people, not about the one who did it';
/** Columns that point at a user or worker but whose rows are not that person's data, and why. */
export const notPersonal: Record<string, string> = {
  'api_keys.created_by': work,
  'cases.officer_user_id': 'the cases an officer handles are the workers’ data',
  'cases.lawyer_user_id': 'the cases a lawyer is referred are the workers’ data',
  'case_events.actor_user_id': 'a step is part of its case: a worker’s own come with their cases, a staff member’s are work',
  'consultations.lawyer_user_id': 'a lawyer’s consultations are the workers’ data',
  'health_readings.recorded_by': work,
  'enforcement_actions.created_by': work,
  'enforcement_referrals.created_by': work,
  'parking_zone_keys.created_by': work,
  'parking_vehicles.created_by': work,
  'agency_uploads.uploaded_by': work,
  'agency_imports.imported_by': work,
  'campaigns.created_by': work,
  'campaign_problems.created_by': work,
  'campaign_problems.owner_user_id': work,
  'campaign_progress.created_by': work,
  'campaign_evidence.created_by': work,
};

/** Never in an export: look-up hashes and file contents (each file is listed; the case page downloads it). */
export const isSecretColumn = (column: string) => column.endsWith('_hash') || column === 'content_enc';
