/** The JSON API client and the types the pages use (docs/api-foundation.md). */

export type FieldIssue = { path: string; code: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly retryAfterSec: number | null = null,
    /** The rest of the error body, e.g. `allowed` (the states a case may move to) on a refused move. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const SESSION_ENDED_EVENT = 'nx:session-ended';

/** Thrown when the request never got an answer (offline, server down). */
export const NETWORK = 'network';

/**
 * Reads started before the app has drawn anything (src/web/early.ts): the first GET of each path within
 * EARLY_MS takes that answer instead of asking again.
 */
const early = new Map<string, { at: number; res: Promise<Response>; ofAccount: boolean }>();
const EARLY_MS = 15_000;
/** `ofAccount`: reads of the signed-in account (a 401 without one), as opposed to public ones. */
export function readEarly(paths: readonly string[], ofAccount: boolean) {
  const at = Date.now();
  for (const path of paths) {
    if (early.has(path)) continue;
    const res = fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    res.catch(() => undefined); // answered where it is taken
    early.set(path, { at, res, ofAccount });
  }
}
/**
 * Whenever the account changes, the early answers not yet taken may be another account's or a 401: signing
 * in or out drops them all; finding no account at start drops the account's own (the public ones stand).
 */
export function dropEarlyReads(only?: 'ofAccount') {
  for (const [path, e] of early) if (!only || e.ofAccount) early.delete(path);
}
function takeEarly(path: string): Promise<Response> | null {
  const e = early.get(path);
  if (!e) return null;
  early.delete(path);
  return Date.now() - e.at < EARLY_MS ? e.res : null;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    const taken = method === 'GET' ? takeEarly(path) : null;
    res = await (taken ?? fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  } catch {
    throw new ApiError(0, NETWORK, 'Network error');
  }
  return answer<T>(res);
}

/**
 * Sends one file as the raw request body with its own Content-Type (what evidence uploads take):
 * no multipart, so a phone sends the bytes once.
 */
export async function apiUpload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': contentType }, body: file });
  } catch {
    throw new ApiError(0, NETWORK, 'Network error');
  }
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  let data: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: FieldIssue[] } & Record<string, unknown> } | null)?.error;
    const retry = res.headers.get('retry-after');
    if (res.status === 401 && err?.details?.some((d) => d.code === 'session_ended')) {
      // The session expired or was ended elsewhere: the app signs the user out and says why.
      window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT));
    }
    throw new ApiError(
      res.status,
      err?.code ?? statusCode(res.status),
      err?.message ?? res.statusText,
      Array.isArray(err?.details) ? err.details : [],
      retry && /^\d+$/.test(retry) ? Number(retry) : null,
      err ?? {},
    );
  }
  return data as T;
}

function statusCode(status: number): string {
  const byStatus: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    423: 'locked',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return byStatus[status] ?? 'internal';
}

export const qs = (params: Record<string, string | number | undefined | null>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

// ---- types ----------------------------------------------------------------------------------------

export type Locale = 'zh' | 'ug' | 'en';
export type RoleName =
  | 'worker'
  | 'station_operator'
  | 'union_officer'
  | 'union_chair'
  | 'lawyer'
  | 'trainer'
  | 'incubator_manager'
  | 'employer'
  | 'parking_attendant'
  | 'policy_officer'
  | 'analyst'
  | 'admin'
  | 'auditor';
export const ROLE_NAMES: RoleName[] = [
  'worker',
  'station_operator',
  'union_officer',
  'union_chair',
  'lawyer',
  'trainer',
  'incubator_manager',
  'employer',
  'parking_attendant',
  'policy_officer',
  'analyst',
  'admin',
  'auditor',
];
/** Roles that must name an organisation when an admin grants them. */
export const ORG_SCOPED: RoleName[] = ['station_operator', 'union_officer', 'union_chair', 'lawyer', 'trainer', 'incubator_manager', 'employer', 'parking_attendant', 'policy_officer'];

export type RoleGrant = { role: string; orgId: string; orgName: string | null };
export type Me = { id: string; name: string; phoneMasked: string; locale: string; roles: RoleGrant[]; workerId: string | null };

export type Named = { code: string; nameZh: string; nameUg: string; nameEn: string };
export type Reference = {
  cities: (Named & { districts: Named[] })[];
  platforms: (Named & { kinds: string[] })[];
  workerKinds: string[];
  employmentCategories: string[];
  /** Map tiles for the station map (docs/api-stations.md); absent on an older server. */
  map?: { tileUrl: string | null };
};

export type WorkerProfile = {
  id: string;
  name: string;
  phoneMasked: string;
  idNumberMasked: string | null;
  kind: string;
  cityCode: string;
  districtCode: string;
  platforms: string[];
  employmentCategory: string;
  plates: string[];
  locale: string;
  createdAt: string;
};
export type WorkerRow = WorkerProfile & { membership: { unionId: string; unionName: string; membershipNo: string } | null };

export type Union = { id: string; name: string; kind: 'city' | 'industry'; cityCode: string; foundedOn: string | null; memberCount: number };
export type Application = {
  id: string;
  unionId: string;
  unionName: string;
  workerId: string;
  workerName: string;
  phoneMasked: string;
  kind: string;
  status: 'pending' | 'approved' | 'rejected' | string;
  note: string;
  reason: string;
  transferFromUnionId: string | null;
  createdAt: string;
  decidedAt: string | null;
};
export type Membership = { id: string; unionId: string; unionName: string; membershipNo: string; since: string; endedAt: string | null; endReason: string | null };
export type Card = { membershipNo: string; unionName: string; name: string; since: string; qrSvg: string; verifyToken: string; verifyUrl?: string };
export type VerifyResult = { valid: boolean; membershipNo: string; unionName: string; nameMasked: string; since: string };

export type Org = { id: string; kind: string; name: string; unionKind: string | null; shortCode: string | null; cityCode: string; foundedOn: string | null };
export type AdminUser = { id: string; name: string; phoneMasked: string; locale: string; isDisabled: boolean; createdAt: string; roles: { role: string; orgId: string }[] };
export type ApiKey = { id: string; platformCode: string; label: string; prefix: string; createdAt: string; revokedAt: string | null };
export type AuditRecord = {
  seq: number;
  at: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  ip: string | null;
  hash: string;
};
export type AuditVerify = { ok: boolean; checked: number; firstBadSeq: number | null; problem: string | null };

// ---- stations (docs/api-stations.md) -------------------------------------------------------------

export const AMENITIES = [
  'hot_water',
  'drinking_water',
  'phone_charging',
  'ebike_charging',
  'microwave',
  'fridge',
  'toilet',
  'seating',
  'air_pump',
  'repair_tools',
  'first_aid',
  'umbrellas',
  'wifi',
  'heating',
  'cooling',
] as const;
export type Amenity = (typeof AMENITIES)[number];
export const SERVICES = ['meals', 'child_classroom', 'legal_consultation', 'health_check', 'donation_point', 'lending'] as const;
export type Service = (typeof SERVICES)[number];

export type StationSummary = {
  id: string;
  name: string;
  address: string;
  cityCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  phone: string;
  is24h: boolean;
  amenities: string[];
  services: string[];
};
export type NearbyStation = StationSummary & { distanceM: number; openNow: boolean };
export type TimeRange = { opens: string; closes: string };
export type StationException = { date: string; closed: boolean; opens: string | null; closes: string | null; note: string };
export type Station = StationSummary & {
  operatorKind: string;
  operatorName: string;
  photos: string[];
  today: { date: string; openNow: boolean; closesAt: string | null; opensAt: string | null; ranges: TimeRange[]; exception: string | null };
  hours: { weekday: number; opens: string; closes: string }[];
  exceptions: StationException[];
  updatedAt: string;
};

export type Meal = {
  id: string;
  stationId: string;
  date: string;
  dish: string;
  description: string;
  workerPriceFen: number;
  normalPriceFen: number;
  servingsTotal: number;
  servingsLeft: number;
};
export type Menu = { from: string; today: string; items: Meal[] };
export type MealReservation = { id: string; status: 'reserved' | 'served' | 'cancelled' | string; mealId: string; dish: string; date: string; workerPriceFen: number; stationId: string; stationName: string };
export type MealDay = {
  date: string;
  dishes: { id: string; dish: string; servingsTotal: number; servingsLeft: number; served: number; reservations: { id: string; name: string; status: string }[] }[];
};

export type LawyerSlot = { lawyerUserId: string; lawyerName: string; firmName: string; startsAt: string; endsAt: string; available: boolean };
export type LawyerDuty = { id: string; lawyerUserId: string; lawyerName: string; firmName: string; weekday: number; start: string; end: string; slotMinutes: number };
export const TOPICS = ['traffic_accident', 'business_dispute', 'contract', 'pay', 'other'] as const;
export type Consultation = {
  id: string;
  stationId: string;
  stationName: string;
  lawyerUserId: string;
  lawyerName: string;
  workerName: string;
  startsAt: string;
  endsAt: string;
  topic: string;
  status: 'booked' | 'done' | 'cancelled' | string;
  handoverAt: string | null;
  question?: string;
  notes?: string;
};

export const SESSION_KINDS = ['after_school', 'winter_holiday', 'summer_holiday'] as const;
export type ClassSession = {
  id: string;
  stationId: string;
  kind: string;
  title: string;
  startsOn: string;
  endsOn: string;
  weekdays: number[];
  opens: string;
  closes: string;
  capacity: number;
  enrolled: number;
  spotsLeft: number;
};
export type Enrolment = { id: string; sessionId: string; status: 'enrolled' | 'waitlisted' | string; pickupCode: string };
export type MyEnrolment = { id: string; sessionId: string; sessionTitle: string; stationName: string; childName: string; status: string; checkedInToday: boolean; checkedOutToday: boolean };
export type RosterEntry = { enrolmentId: string; childName: string; birthYear: number; status: string; checkedInAt: string | null; checkedOutAt: string | null };

export const ITEM_KINDS = ['umbrella', 'raincoat', 'power_bank', 'tool', 'other'] as const;
export type LendItem = { id: string; kind: string; name: string; loanDays: number; stockTotal: number; stockAvailable: number };
export type Loan = {
  id: string;
  itemName: string;
  stationId?: string;
  stationName?: string;
  workerName: string;
  phoneMasked: string;
  borrowedAt: string;
  dueAt: string;
  returnedAt: string | null;
  overdue: boolean;
};
/** `quantity` as logged, `quantityLeft` still to claim. */
export type Donation = { id: string; description: string; quantity: number; quantityLeft: number; createdAt: string };
export type DonationClaim = { id: string; workerName: string; phoneMasked: string; quantity: number; claimedAt: string };
/** The operator's log: the donor and who claimed how many, never shown publicly. */
export type LoggedDonation = Donation & { donor: string; claims: DonationClaim[] };

export type Consent = { category: 'health' | 'children' | 'location' | string; granted: boolean; grantedAt: string | null; withdrawnAt: string | null };
export type HealthReading = { id: string; stationName: string; systolic: number; diastolic: number; pulse: number | null; recordedAt: string; flag: 'normal' | 'elevated' | 'high' | string };
export type StationDay = { date: string; visits: number; mealsReserved: number; mealsServed: number; loansOut: number; returns: number; consultations: number; classroomCheckIns: number };
