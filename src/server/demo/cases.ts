// Demo rights cases: the article's two stories with invented names — the contested "wrong-way" fine that
// ends, within six days, in a letter, a consultation, a changed rule and the fine revoked, with a dozen
// other drivers' cases linked and notified; the fleet-contract dispute with a lawyer and a hearing
// pending — plus a few hundred varied cases in every state, some overdue. Made through the same
// services the app uses, with the clock set back, so every timeline is real.
import type { Ctx } from '../platform/context.js';
import type { Principal, RoleGrant } from '../platform/access.js';
import { systemActor } from '../platform/audit.js';
import * as cases from '../modules/cases/case.service.js';
import * as steps from '../modules/cases/case.steps.js';
import * as systemic from '../modules/cases/systemic.service.js';
import { caseSeed, rng } from './factories.js';
import { demoOrgs, demoWorkers } from './seed.js';
import type { Category } from '../modules/cases/case.js';

const DAY = 86_400_000;

/** Public holidays and 调休 working days of 2026 (demo data: check against the State Council notice). */
export const calendar2026: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...['01-01', '01-02', '01-03'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '元旦' })),
  { date: '2026-01-04', kind: 'workday', name: '元旦调休' },
  ...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '春节' })),
  { date: '2026-02-14', kind: 'workday', name: '春节调休' },
  { date: '2026-02-28', kind: 'workday', name: '春节调休' },
  ...['04-04', '04-05', '04-06'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '清明节' })),
  ...['05-01', '05-02', '05-03', '05-04', '05-05'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '劳动节' })),
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休' },
  ...['06-19', '06-20', '06-21'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '端午节' })),
  ...['09-25', '09-26', '09-27'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '中秋节' })),
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休' },
  ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => ({ date: `2026-${d}`, kind: 'holiday' as const, name: '国庆节' })),
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休' },
];

async function principalOf(ctx: Ctx, phoneOrUserId: { userId: string }): Promise<Principal> {
  const u = await ctx.db.selectFrom('users').select(['id', 'name']).where('id', '=', phoneOrUserId.userId).executeTakeFirstOrThrow();
  const roles = await ctx.db.selectFrom('user_roles').select(['role', 'org_id']).where('user_id', '=', u.id).execute();
  return { kind: 'user', userId: u.id, name: u.name, roles: roles.map((r) => ({ role: r.role, orgId: r.org_id }) as RoleGrant), isStaff: roles.some((r) => r.role !== 'worker'), sessionHash: '' };
}
const byPhone = async (ctx: Ctx, phone: string) => {
  const u = await ctx.db.selectFrom('users').select('id').where('phone_hash', '=', ctx.crypto.lookupHash(phone)).executeTakeFirstOrThrow();
  return principalOf(ctx, { userId: u.id });
};

/** Local (+08:00) time `days` ago at hh:mm, on the most recent Monday on or before it when `monday`. */
const at = (base: number, day: number, hh: number, mm = 0) => base + day * DAY + (hh * 60 + mm) * 60_000;

export async function seedCases(ctx: Ctx, opts: { generated?: number; now?: number } = {}) {
  const realNow = ctx.now;
  const now = opts.now ?? Date.now();
  const r = rng(12351);
  const actor = systemActor;
  await ctx.db.insertInto('calendar_days').values(calendar2026).execute();
  cases.forgetRules(ctx);
  const set = (t: number) => (ctx.now = () => t);
  try {
    const officer = await byPhone(ctx, '13900000002');
    const chair = await byPhone(ctx, '13900000003');
    const lawyer = await byPhone(ctx, '13900000004');
    const driver = await byPhone(ctx, demoWorkers.driver);
    // Local midnight of the Monday two weeks back: the fine story runs Monday to Saturday.
    const localMidnight = Math.floor((now + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
    const weekday = new Date(localMidnight + 8 * 3_600_000).getUTCDay() || 7;
    const monday = localMidnight - (weekday - 1 + 14) * DAY;

    // ---- story 1: the "wrong-way" fine ------------------------------------------------------------
    const place = '乌鲁木齐市河滩路辅道（公交、出租车双向通行路段）';
    set(at(monday, 0, 10, 12));
    const fine = (await cases.file(ctx, driver, {
      category: 'traffic_fine',
      title: '在公交和出租车可双向通行的路段被以“逆行”罚款',
      description: '11月的一天我在河滩路辅道接单，按导航行驶，被交警以“逆行”罚款200元、记3分。这个路段公交车和出租车都可以双向通行，网约车同样是运营车辆，却被认定逆行。希望工会帮忙反映。',
      occurredOn: new Date(monday - 3 * DAY + 8 * 3_600_000).toISOString().slice(0, 10),
      place,
      lat: 43.8411,
      lng: 87.5806,
      respondentOrgId: demoOrgs.trafficPolice,
      respondentKind: 'authority',
      platformCode: 'didi',
      identityShown: false,
    }, actor)).case;
    // A dozen other drivers with the same fine on the same road.
    const others = await ctx.db
      .selectFrom('workers')
      .innerJoin('users', 'users.id', 'workers.user_id')
      .select('users.id as userId')
      .where('workers.kind', '=', 'ride_hailing_driver')
      .where('workers.city_code', '=', '650100')
      .where('users.id', '!=', driver.kind === 'user' ? driver.userId : '')
      .orderBy('workers.created_at')
      .limit(12)
      .execute();
    const linked: string[] = [fine.id];
    for (const [i, o] of others.entries()) {
      set(at(monday, -r.int(1, 20), 8 + (i % 10), r.int(0, 59)));
      const w = await principalOf(ctx, o);
      const c = (await cases.file(ctx, w, {
        category: 'traffic_fine',
        title: r.pick(['河滩路辅道被认定逆行罚款', '辅道掉头接客被罚逆行', '河滩路辅道按导航走被罚']),
        description: r.pick(['在河滩路辅道接乘客时被认定逆行，罚款200元。这段路出租车能双向走。', '按导航从河滩路辅道驶出被抓拍逆行，记3分罚200元。', '河滩路辅道公交出租都能双向通行，网约车被罚逆行不合理。']),
        place: '河滩路辅道',
        lat: 43.8411 + (r.next() - 0.5) * 0.004,
        lng: 87.5806 + (r.next() - 0.5) * 0.004,
        respondentName: '乌鲁木齐市公安局交通警察支队',
        respondentKind: 'authority',
        identityShown: r.chance(0.3),
      }, actor)).case;
      linked.push(c.id);
    }
    set(at(monday, 0, 11, 5));
    for (const id of linked) await cases.act(ctx, officer, id, { action: 'take' }, actor);
    await cases.message(ctx, officer, fine.id, { body: '王师傅您好，材料已收到。我们核实了路段标志，会尽快向交警支队发函反映。' }, actor);
    set(at(monday, 1, 9, 30));
    const letter = await steps.createLetter(ctx, officer, fine.id, {
      recipientName: '乌鲁木齐市公安局交通警察支队',
      subject: '商请核查河滩路辅道网约车“逆行”处罚事宜',
      facts: '近期我会陆续接到十余名网约车驾驶员反映：在河滩路辅道按导航正常行驶，被以“逆行”处罚。经实地查看，该路段公交车、出租车均可双向通行。\n网约车同为依法取得运输证的营运车辆，通行规则不一致导致驾驶员被处罚，影响其正常运营和收入。',
      request: '请对该路段通行规则予以核查并明确网约车通行方式。\n对已作出的相关处罚依法予以复核。',
      legalBasis: '《中华人民共和国工会法》第六条',
      replyBy: new Date(monday + 8 * DAY + 8 * 3_600_000).toISOString().slice(0, 10),
    }, actor);
    await steps.letterStep(ctx, officer, fine.id, letter.id, { step: 'sent' }, actor);
    await cases.act(ctx, officer, fine.id, { action: 'wait_party', note: '已向交警支队发函，等待书面答复' }, actor);
    set(at(monday, 3, 15, 0));
    await steps.letterStep(ctx, officer, fine.id, letter.id, { step: 'reply', summary: '交警支队复函：同意会商，现场核查该路段标志设置。' }, actor);
    await cases.act(ctx, officer, fine.id, { action: 'resume', note: '收到复函，约定会商' }, actor);
    await steps.addMeeting(ctx, officer, fine.id, {
      kind: 'consultation',
      heldOn: new Date(at(monday, 3, 15, 0) + 8 * 3_600_000).toISOString().slice(0, 10),
      participants: '市网约车行业工会（马建新）；市公安局交警支队秩序科；平台企业代表',
      minutes: '双方现场查看河滩路辅道标志标线，确认该路段允许公交、出租车双向通行，网约车属同类营运车辆。',
      decisions: '交警支队增设网约车双向通行标志；对近期以“逆行”作出的网约车处罚予以撤销。',
    }, actor);
    const issue = await systemic.create(ctx, officer, { unionId: demoOrgs.rideHailingUnion, title: '河滩路辅道网约车“逆行”认定', linkKind: 'road', caseIds: linked }, actor);
    set(at(monday, 4, 10, 0));
    await systemic.ruleChanged(ctx, officer, issue.id, {
      ruleChange: '河滩路辅道增设“网约车可双向通行”标志，网约车与出租车同等通行；此前以“逆行”作出的网约车处罚予以撤销。',
      changedBy: '乌鲁木齐市公安局交通警察支队',
      effectiveOn: new Date(at(monday, 4, 10, 0) + 8 * 3_600_000).toISOString().slice(0, 10),
      kinds: ['ride_hailing_driver'],
      cities: ['650100'],
    }, actor);
    set(at(monday, 5, 9, 0));
    for (const id of linked) await cases.act(ctx, officer, id, { action: 'propose_close', outcome: 'fine_revoked', note: '处罚已撤销，罚款退回，记分消除。' }, actor);
    set(at(monday, 5, 18, 30));
    await cases.act(ctx, driver, fine.id, { action: 'confirm', rating: 5, note: '不到一周就解决了，谢谢工会！' }, actor);
    for (const id of linked.slice(1, 8)) {
      const row = await ctx.db.selectFrom('cases').innerJoin('workers', 'workers.id', 'cases.worker_id').select('workers.user_id as userId').where('cases.id', '=', id).executeTakeFirstOrThrow();
      await cases.act(ctx, await principalOf(ctx, row), id, { action: 'confirm', rating: r.pick([4, 5, 5]) }, actor);
    }

    // ---- story 2: the fleet contract --------------------------------------------------------------
    const fleetDriver = await principalOf(ctx, others[0] ?? { userId: driver.kind === 'user' ? driver.userId : '' });
    set(at(monday, -6, 16, 40));
    const fleet = (await cases.file(ctx, fleetDriver, {
      category: 'fleet_contract',
      title: '车队管理公司合同违约金显失公平',
      description: '入行时与车队管理公司签订合同，约定提前退车须支付违约金两万元，并扣押押金。公司以此为由拒绝我退车。',
      respondentOrgId: demoOrgs.fleetCompany,
      identityShown: true,
    }, actor)).case;
    set(at(monday, -6, 17, 30));
    await cases.act(ctx, officer, fleet.id, { action: 'take' }, actor);
    await cases.act(ctx, officer, fleet.id, { action: 'start', note: '已收到合同复印件，建议法律援助' }, actor);
    await steps.referLawyer(ctx, officer, fleet.id, lawyer.kind === 'user' ? lawyer.userId : null, actor);
    set(at(monday, -4, 10, 0));
    await steps.lawyerNote(ctx, lawyer, fleet.id, '合同第7条违约金约定明显过高，可主张调整；押金扣押无合同依据。建议先发律师函，协商不成起诉。', actor);
    set(at(monday, 2, 14, 0));
    await steps.courtStep(ctx, lawyer, fleet.id, { status: 'filed', onDate: new Date(at(monday, 2, 14, 0) + 8 * 3_600_000).toISOString().slice(0, 10), note: '已向区人民法院立案' }, actor);
    await steps.courtStep(ctx, lawyer, fleet.id, { status: 'hearing', onDate: new Date(now + 12 * DAY + 8 * 3_600_000).toISOString().slice(0, 10), note: '开庭时间已排定' }, actor);
    await cases.act(ctx, officer, fleet.id, { action: 'wait_party', note: '等待法院开庭' }, actor);

    // ---- a few hundred more, in every state ----------------------------------------------------------
    const workers = await ctx.db.selectFrom('workers').select(['user_id', 'city_code']).orderBy('created_at').execute();
    const n = opts.generated ?? 240;
    for (let i = 0; i < n; i++) {
      const w = workers[r.int(0, workers.length - 1)]!;
      const s = caseSeed(r, w.city_code);
      set(now - r.int(1, 60) * DAY - r.int(0, 12) * 3_600_000);
      const p = await principalOf(ctx, { userId: w.user_id });
      const c = (await cases.file(ctx, p, { ...s, category: s.category as Category, respondentKind: s.respondentKind as 'company' }, actor)).case;
      const union = (await ctx.db.selectFrom('cases').select('union_id').where('id', '=', c.id).executeTakeFirstOrThrow()).union_id;
      if (union !== demoOrgs.rideHailingUnion) continue; // other unions' officers are not in the demo
      const step = r.next();
      if (step < 0.2) continue; // still in the intake queue (some of them overdue)
      set((ctx.now as () => number)() + r.int(1, 30) * 3_600_000);
      await cases.act(ctx, r.chance(0.7) ? officer : chair, c.id, { action: 'take' }, actor);
      if (step < 0.35) continue;
      set((ctx.now as () => number)() + r.int(1, 20) * 3_600_000);
      await cases.act(ctx, officer, c.id, { action: 'start' }, actor).catch(() => cases.act(ctx, chair, c.id, { action: 'start' }, actor));
      if (step < 0.55) continue;
      const handler = (await ctx.db.selectFrom('cases').select('officer_user_id').where('id', '=', c.id).executeTakeFirstOrThrow()).officer_user_id === (officer.kind === 'user' ? officer.userId : '') ? officer : chair;
      if (step < 0.62) {
        await cases.act(ctx, handler, c.id, { action: r.chance(0.5) ? 'wait_worker' : 'wait_party', note: '等待补充材料或对方答复' }, actor);
        continue;
      }
      set((ctx.now as () => number)() + r.int(20, 200) * 3_600_000);
      const outcome = r.pick(['compensation', 'fine_revoked', 'contract_ended_without_penalty', 'referred_labour_inspection', 'referred_12351', 'not_upheld'] as const);
      await cases.act(ctx, handler, c.id, { action: 'propose_close', outcome, amountFen: outcome === 'compensation' ? r.int(20, 800) * 100 : undefined }, actor);
      if (step < 0.7) continue;
      set((ctx.now as () => number)() + r.int(2, 48) * 3_600_000);
      await cases.act(ctx, p, c.id, { action: 'confirm', rating: r.pick([5, 5, 4, 4, 4, 3, 2]) }, actor).catch(() => undefined);
    }
  } finally {
    ctx.now = realNow;
    if (!realNow) delete ctx.now;
  }
}
