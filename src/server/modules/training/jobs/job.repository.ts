// Reading graduates for the ranking: a graduate is a user with a certificate that is not revoked, or
// a completed enrolment. Their skills are what their profile says plus what their programmes teach;
// their place is their profile's, else their cohort's city.
import type { Db, Tx } from '../../../platform/db.js';
import { isAnyOf } from '../../../platform/db.js';
import type { Graduate } from './matching.js';

export type GraduateRecord = Graduate & { schoolIds: string[]; open: boolean };

const parseList = (s: string | null | undefined): string[] => {
  if (!s) return [];
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const chunks = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * The graduates of some schools (or of all), in user-id order, optionally only the users named.
 * Five set-wise queries whatever the number of graduates.
 */
export async function loadGraduates(q: Db | Tx, opts: { schools: readonly string[] | 'all'; userIds?: readonly string[] }): Promise<GraduateRecord[]> {
  const { schools, userIds } = opts;
  if (schools !== 'all' && !schools.length) return [];
  if (userIds && !userIds.length) return [];
  let certQ = q
    .selectFrom('certificates')
    .leftJoin('training_enrolments', 'training_enrolments.id', 'certificates.enrolment_id')
    .select(['certificates.user_id', 'certificates.org_id', 'certificates.level', 'training_enrolments.cohort_id'])
    .where('certificates.revoked_at', 'is', null);
  if (schools !== 'all') certQ = certQ.where(isAnyOf(q, 'certificates.org_id', schools));
  if (userIds) certQ = certQ.where(isAnyOf(q, 'certificates.user_id', userIds));
  let doneQ = q
    .selectFrom('training_enrolments')
    .innerJoin('training_cohorts', 'training_cohorts.id', 'training_enrolments.cohort_id')
    .select(['training_enrolments.user_id', 'training_enrolments.cohort_id', 'training_cohorts.org_id'])
    .where('training_enrolments.status', '=', 'completed');
  if (schools !== 'all') doneQ = doneQ.where(isAnyOf(q, 'training_cohorts.org_id', schools));
  if (userIds) doneQ = doneQ.where(isAnyOf(q, 'training_enrolments.user_id', userIds));
  let cohortQ = q
    .selectFrom('training_cohorts')
    .innerJoin('training_programmes', 'training_programmes.id', 'training_cohorts.programme_id')
    .select(['training_cohorts.id', 'training_cohorts.city_code', 'training_programmes.skills']);
  if (schools !== 'all') cohortQ = cohortQ.where(isAnyOf(q, 'training_cohorts.org_id', schools));
  const [certs, done, cohorts] = await Promise.all([certQ.execute(), doneQ.execute(), cohortQ.execute()]);

  const cohortInfo = new Map(cohorts.map((c) => [c.id, { city: c.city_code, skills: parseList(c.skills) }]));
  type Acc = { level: number | null; cohorts: Set<string>; schools: Set<string> };
  const acc = new Map<string, Acc>();
  const of = (u: string) => {
    let a = acc.get(u);
    if (!a) acc.set(u, (a = { level: null, cohorts: new Set(), schools: new Set() }));
    return a;
  };
  for (const c of certs) {
    const a = of(c.user_id);
    const level = Number(c.level);
    if (a.level === null || level < a.level) a.level = level;
    a.schools.add(c.org_id);
    if (c.cohort_id) a.cohorts.add(c.cohort_id);
  }
  for (const e of done) {
    const a = of(e.user_id);
    a.schools.add(e.org_id);
    a.cohorts.add(e.cohort_id);
  }
  const ids = [...acc.keys()].sort();
  const profiles = new Map<string, { city_code: string; district_code: string | null; skills: string; positions: string; min_pay_fen: number; is_open: number }>();
  for (const part of chunks(ids, 5000)) {
    const rows = await q.selectFrom('job_seeker_profiles').select(['user_id', 'city_code', 'district_code', 'skills', 'positions', 'min_pay_fen', 'is_open']).where(isAnyOf(q, 'user_id', part)).execute();
    for (const r of rows) profiles.set(r.user_id, r);
  }
  return ids.map((userId) => {
    const a = acc.get(userId)!;
    const p = profiles.get(userId);
    const skills = new Set(parseList(p?.skills));
    let city: string | null = p?.city_code ?? null;
    for (const c of a.cohorts) {
      const info = cohortInfo.get(c);
      if (!info) continue;
      for (const s of info.skills) skills.add(s);
      city ??= info.city;
    }
    return {
      userId,
      level: a.level,
      skills: [...skills],
      cohortIds: [...a.cohorts],
      cityCode: city,
      districtCode: p?.district_code ?? null,
      positions: parseList(p?.positions),
      minPayFen: Number(p?.min_pay_fen ?? 0),
      schoolIds: [...a.schools],
      open: p ? !!p.is_open : true,
    };
  });
}

/** The schools a user graduated from (for who may see them and follow them up). */
export async function schoolsOf(q: Db | Tx, userId: string): Promise<string[]> {
  const [certs, done] = await Promise.all([
    q.selectFrom('certificates').select('org_id').where('user_id', '=', userId).where('revoked_at', 'is', null).execute(),
    q
      .selectFrom('training_enrolments')
      .innerJoin('training_cohorts', 'training_cohorts.id', 'training_enrolments.cohort_id')
      .select('training_cohorts.org_id')
      .where('training_enrolments.user_id', '=', userId)
      .where('training_enrolments.status', '=', 'completed')
      .execute(),
  ]);
  return [...new Set([...certs.map((c) => c.org_id), ...done.map((d) => d.org_id)])];
}

export { parseList };
