/** The JSON API client and the types the pages use (docs/api-foundation.md). */

export type FieldIssue = { path: string; code: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
  }
}

export const SESSION_ENDED_EVENT = 'nx:session-ended';

/** Thrown when the request never got an answer (offline, server down). */
export const NETWORK = 'network';

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, NETWORK, 'Network error');
  }
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
    const err = (data as { error?: { code?: string; message?: string; details?: FieldIssue[] } } | null)?.error;
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
  'analyst',
  'admin',
  'auditor',
];
/** Roles that must name an organisation when an admin grants them. */
export const ORG_SCOPED: RoleName[] = ['station_operator', 'union_officer', 'union_chair', 'lawyer', 'trainer', 'incubator_manager', 'employer'];

export type RoleGrant = { role: string; orgId: string; orgName: string | null };
export type Me = { id: string; name: string; phoneMasked: string; locale: string; roles: RoleGrant[]; workerId: string | null };

export type Named = { code: string; nameZh: string; nameUg: string; nameEn: string };
export type Reference = {
  cities: (Named & { districts: Named[] })[];
  platforms: (Named & { kinds: string[] })[];
  workerKinds: string[];
  employmentCategories: string[];
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
