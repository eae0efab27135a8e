

/** Table types for Kysely. Times are epoch milliseconds; booleans are 0/1 integers on both dialects. */
export interface Database {
  orgs: {
    id: string;
    kind: string; // union | station | school | incubator | employer | law_firm | agency
    name: string;
    union_kind: string | null; // city | industry
    short_code: string | null;
    city_code: string | null;
    founded_on: string | null; // YYYY-MM-DD
    created_at: number;
  };
  users: {
    id: string;
    name: string;
    phone_enc: string;
    phone_hash: string;
    phone_last4: string;
    password_hash: string;
    locale: string;
    is_disabled: number;
    failed_logins: number;
    locked_until: number;
    created_at: number;
    updated_at: number;
  };
  user_roles: { user_id: string; role: string; org_id: string };
  sessions: {
    id_hash: string;
    user_id: string;
    is_staff: number;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
  };
  api_keys: {
    id: string;
    platform_code: string;
    label: string;
    key_hash: string;
    prefix: string;
    created_by: string;
    created_at: number;
    revoked_at: number | null;
  };
  workers: {
    id: string;
    user_id: string;
    name: string;
    id_number_enc: string | null;
    id_number_hash: string | null;
    kind: string;
    city_code: string;
    district_code: string;
    employment_category: string;
    created_at: number;
    updated_at: number;
  };
  worker_platforms: { worker_id: string; platform_code: string };
  worker_vehicles: { worker_id: string; plate: string };
  union_applications: {
    id: string;
    union_id: string;
    worker_id: string;
    status: string; // pending | approved | rejected
    note: string;
    reason: string;
    transfer_from_membership_id: string | null;
    created_at: number;
    decided_at: number | null;
    decided_by: string | null;
  };
  memberships: {
    id: string;
    union_id: string;
    worker_id: string;
    membership_no: string;
    card_token: string;
    since: number;
    ended_at: number | null;
    end_reason: string | null;
    application_id: string | null;
  };
  union_counters: { union_id: string; next_no: number };
  audit_log: {
    seq: number;
    at: number;
    actor_id: string | null;
    actor_kind: string;
    action: string;
    target_type: string;
    target_id: string | null;
    details: string;
    ip: string | null;
    prev_hash: string;
    hash: string;
  };
  audit_head: { id: number; seq: number; hash: string };

  stations: {
    id: string;
    name: string;
    operator_kind: string;
    operator_name: string;
    address: string;
    city_code: string;
    district_code: string;
    lat: number;
    lng: number;
    phone: string;
    is_24h: number;
    amenities: string; // comma-separated codes
    services: string;
    hours: string; // '1:480-1320,…' ISO weekday:opens-closes in minutes
    utc_offset_min: number;
    photos: string; // JSON array of URLs
    checkin_token: string;
    created_at: number;
    updated_at: number;
  };
  station_exceptions: { station_id: string; date: string; is_closed: number; opens_min: number | null; closes_min: number | null; note: string };
  meal_items: {
    id: string;
    station_id: string;
    date: string;
    dish: string;
    description: string;
    worker_price_fen: number;
    normal_price_fen: number;
    servings_total: number;
    servings_left: number;
    created_at: number;
  };
  meal_reservations: { id: string; meal_item_id: string; worker_id: string; status: string; created_at: number; served_at: number | null };
  classroom_sessions: {
    id: string;
    station_id: string;
    kind: string;
    title: string;
    starts_on: string;
    ends_on: string;
    weekdays: string;
    opens_min: number;
    closes_min: number;
    capacity: number;
    enrolled: number;
    created_at: number;
  };
  children: { id: string; guardian_worker_id: string; name_enc: string; birth_year: number; consent_at: number; purge_after: number };
  classroom_enrolments: { id: string; session_id: string; child_id: string; status: string; pickup_code_hash: string; created_at: number };
  classroom_attendance: { id: string; enrolment_id: string; date: string; checked_in_at: number; checked_out_at: number | null };
  lawyer_duty: { id: string; station_id: string; lawyer_user_id: string; weekday: number; start_min: number; end_min: number; slot_min: number };
  consultations: {
    id: string;
    station_id: string;
    lawyer_user_id: string;
    worker_id: string;
    starts_at: number;
    ends_at: number;
    topic: string;
    question_enc: string;
    notes_enc: string | null;
    status: string;
    handover_at: number | null;
    created_at: number;
  };
  lend_items: { id: string; station_id: string; kind: string; name: string; loan_days: number; stock_total: number; stock_available: number };
  loans: { id: string; item_id: string; worker_id: string; borrowed_at: number; due_at: number; returned_at: number | null };
  /** `quantity` as logged, `quantity_left` still to claim; claimed_by/claimed_at are superseded by donation_claims (0004). */
  donations: { id: string; station_id: string; description: string; quantity: number; quantity_left: number; donor: string; claimed_by: string | null; claimed_at: number | null; created_at: number };
  donation_claims: { id: string; donation_id: string; worker_id: string; quantity: number; claimed_at: number };
  consents: { worker_id: string; category: string; granted_at: number | null; withdrawn_at: number | null };
  health_readings: { id: string; worker_id: string; station_id: string; systolic: number; diastolic: number; pulse: number | null; recorded_by: string; recorded_at: number };
  station_visits: { id: string; station_id: string; worker_id: string; date: string; at: number };
  case_counters: { union_id: string; year: number; n: number };
  cases: {
    id: string;
    case_no: string;
    union_id: string;
    worker_id: string;
    category: string;
    priority: string;
    status: string;
    title: string;
    description_enc: string;
    occurred_on: string | null;
    place: string;
    lat: number | null;
    lng: number | null;
    respondent_org_id: string | null;
    respondent_name: string;
    respondent_kind: string;
    platform_code: string | null;
    identity_shown: number;
    officer_user_id: string | null;
    lawyer_user_id: string | null;
    systemic_issue_id: string | null;
    consultation_id: string | null;
    client_ref: string | null;
    submitted_at: number;
    first_response_at: number | null;
    first_response_due: number | null;
    resolution_due: number | null;
    paused_since: number | null;
    paused_counted_ms: number;
    queue_due: number;
    is_open: number;
    escalation: number;
    resolved_at: number | null;
    closed_at: number | null;
    proposed_at: number | null;
    appeal_count: number;
    rating: number | null;
    outcome: string | null;
    outcome_amount_fen: number | null;
    outcome_note: string;
    court_status: string | null;
    version: number;
    created_at: number;
    updated_at: number;
  };
  case_events: { id: string; case_id: string; at: number; actor_user_id: string | null; kind: string; visibility: string; data: string; body_enc: string | null };
  case_files: { id: string; case_id: string; kind: string; name: string; mime: string; size: number; sha256: string; content_enc: string; uploaded_by: string; created_at: number };
  case_letters: {
    id: string;
    case_id: string;
    letter_no: string;
    recipient_name: string;
    subject: string;
    facts: string;
    request: string;
    legal_basis: string;
    reply_by: string | null;
    created_by: string;
    created_at: number;
    sent_at: number | null;
    reply_at: number | null;
    reply_summary: string;
    reply_file_id: string | null;
  };
  case_meetings: { id: string; case_id: string; kind: string; held_on: string; participants: string; minutes: string; decisions: string; created_by: string; created_at: number };
  case_court: { id: string; case_id: string; status: string; on_date: string; note: string; created_by: string; created_at: number };
  systemic_issues: {
    id: string;
    union_id: string;
    title: string;
    link_kind: string;
    status: string;
    rule_change: string | null;
    changed_by: string | null;
    effective_on: string | null;
    affects_kinds: string;
    affects_cities: string;
    affects_platforms: string;
    notified_count: number;
    created_by: string;
    created_at: number;
    changed_at: number | null;
  };
  case_sla: { category: string; priority: string; first_response_hours: number; resolution_hours: number };
  calendar_days: { date: string; kind: string; name: string };
  notifications: { id: string; user_id: string; kind: string; data: string; created_at: number; read_at: number | null };
  oversight_platforms: { code: string; name: string; licence_no: string; city_code: string; active: number; created_at: number; updated_at: number };
  driver_permits: { id: string; permit_no: string; holder_name: string; valid_from: string; valid_to: string; city_code: string; worker_id: string | null; created_at: number; updated_at: number };
  vehicle_permits: { id: string; plate: string; permit_no: string; valid_from: string; valid_to: string; registered_on: string; odometer_km: number; created_at: number; updated_at: number };
  oversight_rules: {
    id: string;
    rule: string;
    scope: string;
    version: number;
    value: number;
    unit: string;
    class: string;
    source: string;
    effective_from: string;
    effective_to: string | null;
    created_by: string | null;
    created_at: number;
    superseded_at: number | null;
  };
  orders: {
    platform: string;
    order_id: string;
    driver_id: string;
    driver_permit_no: string;
    plate: string;
    city_code: string;
    accept_at: number;
    start_at: number;
    finish_at: number;
    tz_min: number;
    fare_paid: number;
    driver_pay: number;
    distance_m: number;
    completed: number;
    origin_lat: number | null;
    origin_lng: number | null;
    dest_lat: number | null;
    dest_lng: number | null;
    ingest_id: string;
  };
  order_ingests: {
    id: string;
    platform: string;
    idempotency_key: string;
    body_sha256: string;
    status: string;
    lines: number;
    stored: number;
    duplicates: number;
    rejected: number;
    response: string;
    key_id: string | null;
    created_at: number;
    finished_at: number | null;
  };
  oversight_runs: { id: string; month: string; orders: number; completed: number; result: string; rule_versions: string; created_by: string | null; created_at: number; took_ms: number };
  oversight_findings: {
    id: string;
    run_id: string;
    indicator: string;
    platform: string;
    day: string;
    driver_key: string;
    plate: string;
    value: number | null;
    limit_value: number | null;
    rule_id: string | null;
    order_ids: string;
  };
  enforcement_actions: { id: string; held_on: string; place: string; plates_checked: number; plates: string; outcome: string; partners: string; created_by: string; created_at: number };
  enforcement_referrals: { id: string; subject_kind: string; subject: string; to_org_id: string | null; to_name: string; note: string; evidence: string; status: string; created_by: string; created_at: number };
}
