// Demo directed employment: three more Korla e-commerce firms; four job orders (one last year's, filled,
// whose hires were followed up; one linked to this year's recent cohort with a candidate at every stage;
// two open orders of other firms); job-seeker profiles for some graduates; and a trainee placed with
// the live-stream company (孔雀河直播电商) whose 3-month follow-up says still employed. Graduates are read
// from the database (seedTraining runs first); with none, the orders are written without candidates.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';

import { insertRows, type Tx } from '../platform/db.js';

import type { Database } from '../platform/schema.js';
import { jobSkills, jobPositions } from '../../shared/jobs.js';

import { loadGraduates } from '../modules/training/jobs/job.repository.js';

import { poolOf, rankPool } from '../modules/training/jobs/matching.js';

import { addMonths } from '../modules/training/jobs/job.js';
import { rng } from './factories.js';
import { beijingDay } from '../platform/time.js';

const KORLA_SCHOOL = '00000000-0000-4000-8000-000000000021';
const LIVE_STREAM = '00000000-0000-4000-8000-000000000023';
const RECENT_COHORT = '00000000-0000-4000-8000-000000000602'; // demoTraining.recentCohort

/** The firms and orders tests, docs and the browser test name. */
export const demoJobs = {
  pearShop: '00000000-0000-4000-8000-000000000025',
  jujubeWarehouse: '00000000-0000-4000-8000-000000000026',
  serviceCentre: '00000000-0000-4000-8000-000000000027',
  /** Last year's order of the live-stream company: filled, its hires followed up. */
  pastOrder: '00000000-0000-4000-8000-000000000700',
  /** The live-stream company's order linked to this year's recent cohort: a candidate at every stage. */
  linkedOrder: '00000000-0000-4000-8000-000000000701',
  customerServiceOrder: '00000000-0000-4000-8000-000000000702',
  supplyChainOrder: '00000000-0000-4000-8000-000000000703',
} as const;

const firms = [
  { id: demoJobs.pearShop, name: '库尔勒梨香优选电子商务有限公司' },
  { id: demoJobs.jujubeWarehouse, name: '巴州红枣云仓供应链管理有限公司' },
  { id: demoJobs.serviceCentre, name: '梨城云客服外包服务有限公司' },
];

const DAY = 86_400_000;
const KORLA_DISTRICTS = ['652801001', '652801002', '652801003', '652801004', '652801005'];

export async function seedJobs(_ctx: Ctx, tx: Tx, now: number, _passwordHash: string): Promise<void> {
  const r = rng(20260301);
  const today = beijingDay(now);
  await tx
    .insertInto('orgs')
    .values(firms.map((f) => ({ id: f.id, kind: 'employer', name: f.name, union_kind: null, short_code: null, city_code: '652801', founded_on: null, created_at: now - 400 * DAY })))
    .execute();
  const boss = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0007').where('name', '=', '孙丽娜').executeTakeFirst();
  const trainer = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0005').where('name', '=', '古丽米拉·卡德尔').executeTakeFirst();
  const bossId = boss?.id ?? 'system';
  const trainerId = trainer?.id ?? null;

  // Graduates, and profiles for most of them (place, skills, wanted positions, least pay).
  const all = await loadGraduates(tx, { schools: [KORLA_SCHOOL] });
  // The recent cohort's first graduate (13500000001) is left for the browser test to recommend: no
  // profile (so open to recommendations) and on no order.
  const first = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0001').execute();
  const reserved = new Set(first.map((u) => u.id));
  const profiles: Database['job_seeker_profiles'][] = [];
  for (const g of all) {
    if (reserved.has(g.userId) || !r.chance(0.7)) continue;
    const skills = jobSkills.filter(() => r.chance(0.25));
    const positions = jobPositions.filter((p) => p !== 'other' && r.chance(0.3));
    profiles.push({
      user_id: g.userId,
      city_code: '652801',
      district_code: r.pick(KORLA_DISTRICTS),
      skills: JSON.stringify(skills),
      positions: JSON.stringify(positions.length ? positions : ['live_host']),
      min_pay_fen: r.pick([250_000, 300_000, 350_000, 400_000, 450_000]),
      is_open: r.chance(0.95) ? 1 : 0,
      updated_at: now - r.int(1, 60) * DAY,
    });
  }
  await insertRows(tx, 'job_seeker_profiles', profiles);
  const withProfiles = await loadGraduates(tx, { schools: [KORLA_SCHOOL] });
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const recentIds = new Set(withProfiles.filter((g) => g.cohortIds.includes(RECENT_COHORT)).map((g) => g.userId));
  const certifiedLastYear = new Set(
    (await tx.selectFrom('certificates').select('user_id').where('org_id', '=', KORLA_SCHOOL).where('issued_on', '>=', `${lastYear}-01-01`).where('issued_on', '<=', `${lastYear}-12-31`).execute()).map((c) => c.user_id),
  );
  const pastPool = withProfiles.filter((g) => certifiedLastYear.has(g.userId) && g.open && !reserved.has(g.userId));
  const recentPool = withProfiles.filter((g) => recentIds.has(g.userId) && g.open && !reserved.has(g.userId));

  const orderStart = addMonths(today, -9);
  const orders: Database['job_orders'][] = [
    order(demoJobs.pastOrder, LIVE_STREAM, '直播带货主播（梨城香梨专场）', 'live_host', ['live_streaming', 'short_video', 'ai_tools'], 5, 2, 2, 350_000, 550_000, '652801002', '库尔勒市萨依巴格街道 孔雀河直播基地 2 号直播间', null, 'filled', Date.parse(`${orderStart}T02:00:00Z`)),
    order(demoJobs.linkedOrder, LIVE_STREAM, '短视频剪辑与直播助理（订单班定向）', 'video_editor', ['short_video', 'live_streaming', 'ai_tools'], 5, 3, 0, 380_000, 600_000, '652801002', '库尔勒市萨依巴格街道 孔雀河直播基地', RECENT_COHORT, 'open', now - 50 * DAY),
    order(demoJobs.customerServiceOrder, demoJobs.serviceCentre, '电商客服专员（可居家）', 'customer_service', ['customer_service', 'ai_tools'], null, 4, 0, 300_000, 420_000, '652801005', '库尔勒市新城街道 梨城云客服中心', null, 'open', now - 12 * DAY),
    order(demoJobs.supplyChainOrder, demoJobs.jujubeWarehouse, '供应链与选品专员（红枣、香梨）', 'supply_chain', ['supply_chain', 'product_selection', 'data_analysis'], 5, 2, 0, 400_000, 650_000, '652801004', '库尔勒市建设街道 巴州红枣云仓', null, 'open', now - 6 * DAY),
  ];
  function order(id: string, org: string, title: string, position: string, skills: string[], minLevel: number | null, headcount: number, hired: number, min: number, max: number, district: string, place: string, cohort: string | null, status: string, created: number): Database['job_orders'] {
    return {
      id,
      org_id: org,
      title,
      position,
      skills: JSON.stringify(skills),
      min_level: minLevel,
      headcount,
      hired,
      pay_min_fen: min,
      pay_max_fen: max,
      city_code: '652801',
      district_code: district,
      place,
      cohort_id: cohort,
      description: '岗位面向本地电商培训结业学员，试用期一个月，包住宿或提供交通补贴，月底结薪。',
      status,
      created_by: org === LIVE_STREAM ? bossId : 'system',
      created_at: created,
      updated_at: created,
    };
  }
  // Without the training seed there is no cohort to link to.
  if (!(await tx.selectFrom('training_cohorts').select('id').where('id', '=', RECENT_COHORT).executeTakeFirst())) orders[1]!.cohort_id = null;
  await insertRows(tx, 'job_orders', orders);

  const candidates: Database['job_candidates'][] = [];
  const placements: Database['placements'][] = [];
  const followups: Database['placement_followups'][] = [];
  const notes: Database['notifications'][] = [];
  const add = (o: Database['job_orders'], pool: typeof withProfiles, stages: { stage: string; at: number; interview?: number; reason?: string; started?: string; band?: string }[]) => {
    const facts = { position: o.position, skills: JSON.parse(o.skills) as string[], minLevel: o.min_level, payMaxFen: o.pay_max_fen, cityCode: o.city_code, districtCode: o.district_code, cohortId: o.cohort_id };
    const ranked = rankPool(poolOf(pool), facts, stages.length);
    ranked.forEach((g, i) => {
      const s = stages[i]!;
      const id = newId();
      const recommendedAt = s.at - 5 * DAY;
      candidates.push({
        id,
        order_id: o.id,
        user_id: g.userId,
        stage: s.stage,
        score: g.score,
        reasons: JSON.stringify(g.reasons),
        recommended_by: trainerId,
        recommended_at: recommendedAt,
        interview_at: s.interview ?? (s.stage === 'hired' ? recommendedAt + 2 * DAY : null),
        decided_at: s.stage === 'recommended' || s.stage === 'interviewing' ? null : s.at,
        decided_by: s.stage === 'withdrawn' ? g.userId : s.stage === 'recommended' || s.stage === 'interviewing' ? null : bossId,
        decline_reason: s.reason ?? null,
      });
      notes.push({ id: newId(), user_id: g.userId, kind: 'jobs.recommended', data: JSON.stringify({ candidateId: id, orderTitle: o.title, employer: '' }), created_at: recommendedAt, read_at: recommendedAt + DAY });
      if (s.stage === 'hired' && s.started) {
        const pid = newId();
        placements.push({ id: pid, candidate_id: id, order_id: o.id, user_id: g.userId, org_id: o.org_id, started_on: s.started, pay_band: s.band ?? '4000-5000', created_at: s.at });
        for (const months of [3, 6]) {
          const due = addMonths(s.started, months);
          if (due > today) continue;
          followups.push({ placement_id: pid, months, is_employed: 1, pay_band: months === 6 ? '5000-6000' : (s.band ?? '4000-5000'), note: months === 3 ? '已独立负责晚场直播' : '转正，带两名新主播', recorded_by: bossId, recorded_at: Date.parse(`${due}T04:00:00Z`) });
        }
      }
    });
  };
  // Last year's order: two hires (7 and 4 months ago, both still employed), one declined.
  const started7 = addMonths(today, -7);
  const started4 = addMonths(today, -4);
  add(orders[0]!, pastPool, [
    { stage: 'hired', at: Date.parse(`${started7}T02:00:00Z`) - 3 * DAY, started: started7, band: '4000-5000' },
    { stage: 'hired', at: Date.parse(`${started4}T02:00:00Z`) - 3 * DAY, started: started4, band: '3000-4000' },
    { stage: 'declined', at: Date.parse(`${started7}T02:00:00Z`) - 4 * DAY, reason: '试播表现紧张，建议参加下一期直播实训后再来' },
  ]);
  // The linked order: one at each stage.
  add(orders[1]!, recentPool, [
    { stage: 'interviewing', at: now - 3 * DAY, interview: now + 2 * DAY },
    { stage: 'recommended', at: now - 2 * DAY },
    { stage: 'recommended', at: now - 2 * DAY },
    { stage: 'declined', at: now - 4 * DAY, reason: '剪辑作品集与岗位要求差距较大' },
    { stage: 'withdrawn', at: now - 1 * DAY, reason: '已在老家就业' },
  ]);
  add(orders[2]!, recentPool.slice(5).concat(pastPool.slice(3)), [{ stage: 'recommended', at: now - 1 * DAY }]);
  await insertRows(tx, 'job_candidates', candidates);
  await insertRows(tx, 'placements', placements);
  await insertRows(tx, 'placement_followups', followups);
  await insertRows(tx, 'notifications', notes);
  // The order's counter agrees with its placements (CHECK: hired ≤ headcount).
  const hiredPast = placements.filter((p) => p.order_id === demoJobs.pastOrder).length;
  if (hiredPast !== 2) await tx.updateTable('job_orders').set({ hired: hiredPast, status: hiredPast >= 2 ? 'filled' : 'closed' }).where('id', '=', demoJobs.pastOrder).execute();
}
