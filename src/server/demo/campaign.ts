// Demo special campaign (专项行动): Xinjiang's half-year action on new-employment-form workers' rights in
// employment, pay, rest and safety, led by the regional federation of trade unions (demo account
// 13900000013), with a problem list whose problems cover real demo cases, the systemic issue of the
// "wrong-way" fine and violation cells of the monthly runs — one closed with evidence, some under way,
// one overdue. Made through the campaign services, after the cases and the orders exist.
import type { Ctx } from '../platform/context.js';
import { newId, nowOf } from '../platform/context.js';
import type { Principal, RoleGrant } from '../platform/access.js';
import { systemActor, writeAudit } from '../platform/audit.js';
import * as svc from '../modules/campaign/campaign.service.js';
import { addDays, beijingDay } from '../modules/campaign/campaign.js';
import { currentRuns } from '../modules/oversight/index.js';
import { generateOrders } from '../modules/oversight/engine/generate.js';
import { forEachLine, OrderReader } from '../modules/oversight/engine/orders.js';
import { orderRow, storeOrders } from '../modules/oversight/ingest.service.js';
import { runMonth } from '../modules/oversight/analysis.service.js';
import { demoFleet } from './oversight.js';
import { demoOrgs } from './seed.js';

/** Fixed id so tests, docs and the browser test can name the demo campaign. */
export const demoCampaignId = '00000000-0000-4000-8000-0000000000c1';

async function principal(ctx: Ctx, phone: string): Promise<Principal> {
  const u = await ctx.db.selectFrom('users').select(['id', 'name']).where('phone_hash', '=', ctx.crypto.lookupHash(phone)).executeTakeFirstOrThrow();
  const roles = await ctx.db.selectFrom('user_roles').select(['role', 'org_id']).where('user_id', '=', u.id).execute();
  return { kind: 'user', userId: u.id, name: u.name, roles: roles.map((r) => ({ role: r.role, orgId: r.org_id }) as RoleGrant), isStaff: true, sessionHash: '' };
}

/** Loads one month of generated orders for the first `drivers` of the demo fleet and analyses it (tests use it too). */
export async function loadOrdersMonth(ctx: Ctx, month: string, orders: number, seed: number, drivers = 60) {
  const fleet = demoFleet(250)
    .slice(0, drivers)
    .map((f) => ({ permitNo: f.permitNo, plate: f.plate, platforms: f.platforms }));
  const rows: Parameters<typeof storeOrders>[1] = [];
  const reader = new OrderReader('csv', () => true);
  const ingestId = newId();
  let text = '';
  for (const chunk of generateOrders({ orders, drivers: fleet.length, month, seed, fleet })) text += chunk;
  await forEachLine([text], (line, n) => {
    const o = reader.read(line, n);
    if (o) rows.push(orderRow(o, ingestId));
  });
  await ctx.db.transaction().execute((tx) => storeOrders(tx, rows));
  return runMonth(ctx, month, systemActor);
}

/** The top indicator × platform cells of the latest run for some indicators, as violation links. */
async function topCells(ctx: Ctx, indicators: string[], n: number) {
  const runs = [...(await currentRuns(ctx.db)).values()];
  const run = runs.at(-1);
  if (!run) return [];
  const rows = await ctx.db
    .selectFrom('oversight_findings')
    .select(['indicator', 'platform', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', run.id)
    .where('indicator', 'in', indicators)
    .groupBy(['indicator', 'platform'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('indicator')
    .orderBy('platform')
    .limit(n)
    .execute();
  return rows.map((r) => ({ indicator: r.indicator, platform: r.platform, month: run.month }));
}

export async function seedCampaign(ctx: Ctx) {
  const fed = await principal(ctx, '13900000013');
  const officer = await principal(ctx, '13900000002');
  const korla = await principal(ctx, '13900000012');
  const today = beijingDay(nowOf(ctx));
  const startsOn = addDays(today, -90);
  const endsOn = addDays(startsOn, 182);
  const actor = { id: fed.kind === 'user' ? fed.userId : null, kind: 'user' as const, ip: null };
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('campaigns')
      .values({
        id: demoCampaignId,
        name: '新就业形态劳动者权益保障专项行动',
        description: '为期半年，集中解决新就业形态劳动者在就业、报酬、休息、安全四个方面的突出问题。',
        lead_org_id: demoOrgs.xinjiangFederation,
        regions: '650100,652301,652801',
        starts_on: startsOn,
        ends_on: endsOn,
        status: 'active',
        created_by: fed.kind === 'user' ? fed.userId : '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeAudit(tx, actor, { action: 'campaign.create', targetType: 'campaign', targetId: demoCampaignId, details: { demo: true } });
  });

  // What the demo records hold: the "wrong-way" fine (and its systemic issue), fleet-contract cases.
  const systemic = await ctx.db.selectFrom('systemic_issues').select('id').orderBy('created_at').limit(1).execute();
  // The fine itself (filed against the traffic police) and the drivers' cases linked to its systemic issue.
  const fineCases = await ctx.db
    .selectFrom('cases')
    .select('case_no')
    .where('category', '=', 'traffic_fine')
    .where((eb) => eb.or([eb('respondent_org_id', '=', demoOrgs.trafficPolice), ...(systemic[0] ? [eb('systemic_issue_id', '=', systemic[0].id)] : [])]))
    .orderBy('submitted_at')
    .limit(20)
    .execute();
  const fleetCases = await ctx.db.selectFrom('cases').select('case_no').where('category', '=', 'fleet_contract').orderBy('submitted_at').limit(6).execute();
  const rest = await topCells(ctx, ['R1', 'R2', 'R3'], 2);
  const pay = await topCells(ctx, ['P1', 'P2', 'P3'], 2);

  const base = { target: '', targetValue: null };
  const fine = await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'safety',
      title: '网约车在公交、出租车双向通行路段被认定“逆行”罚款',
      description: '河滩路辅道公交车和出租车可双向通行，网约车按导航行驶却被以“逆行”罚款、记分，多名司机投诉。',
      publicSummary: '推动交警部门对网约车与出租车同等适用双向通行规则，已作出的同类罚款予以撤销。',
      ownerOrgId: demoOrgs.rideHailingUnion,
      ownerUserId: officer.kind === 'user' ? officer.userId : null,
      deadline: addDays(startsOn, 60),
      target: '规则修改并撤销同类罚款',
      links: { cases: fineCases.map((c) => c.case_no), systemicIssues: systemic.map((s) => s.id) },
    },
    actor,
  );
  const fineId = fine.problem.id;
  await svc.addProgress(ctx, officer, fineId, { body: '向市交警支队发函说明情况，建议网约车与出租车同等对待。', onDate: addDays(startsOn, 10) }, actor);
  await svc.addProgress(
    ctx,
    officer,
    fineId,
    { body: '会商后交警支队采纳建议，规则已修改，罚款撤销，涉及司机已逐一通知。', onDate: addDays(startsOn, 16), link: systemic[0] ? `/console/systemic/${systemic[0].id}` : '/campaigns', linkName: '系统性问题：规则修改记录' },
    actor,
  );
  await svc.step(ctx, officer, fineId, { step: 'close', note: '规则已修改，同类罚款全部撤销；河滩路辅道不再对网约车认定逆行。' }, actor);

  const fleet = await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'employment',
      title: '车队管理公司合同中的“霸王条款”',
      description: '线下车队管理公司合同约定高额违约金、押金不退，司机不敢解约。',
      publicSummary: '清理网约车车队管理公司合同中的不公平条款，推广示范合同文本。',
      ownerOrgId: demoOrgs.transportBureau,
      ownerUserId: null,
      deadline: addDays(startsOn, 150),
      target: '辖区车队管理公司全部使用示范合同',
      targetValue: 100,
      links: { cases: fleetCases.map((c) => c.case_no) },
    },
    actor,
  );
  await svc.addProgress(ctx, fed, fleet.problem.id, { body: '交通运输局约谈 3 家车队管理公司，要求 30 日内修改合同。', onDate: addDays(startsOn, 40) }, actor);

  await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'rest',
      title: '网约车司机连续驾驶超时、日休息不足',
      description: '月度平台监督显示部分平台司机连续驾驶超过 4 小时未休息、日休息不足。',
      publicSummary: '督促平台落实连续驾驶 4 小时强制休息和每日休息时间，违规逐月下降。',
      ownerOrgId: demoOrgs.transportBureau,
      ownerUserId: null,
      deadline: addDays(today, -20),
      target: '疲劳驾驶违规较行动开始时下降一半',
      links: { violations: rest },
    },
    actor,
  );

  await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'pay',
      title: '平台抽成超过上限、收入不透明',
      description: '部分订单平台抽成比例超过规定上限，司机看不到每单抽成。',
      publicSummary: '推动平台公开每单抽成，抽成超限的订单退还差额。',
      ownerOrgId: demoOrgs.rideHailingUnion,
      ownerUserId: officer.kind === 'user' ? officer.userId : null,
      deadline: addDays(today, 60),
      target: '抽成超限订单清零',
      targetValue: 0,
      links: { violations: pay },
    },
    actor,
  );

  const ecommerce = await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'employment',
      title: '电商直播从业人员劳动合同、书面协议签订率低',
      description: '直播电商企业用工以口头约定为主，发生纠纷时难以举证。',
      publicSummary: '推动直播电商企业与从业人员签订劳动合同或书面协议。',
      ownerOrgId: demoOrgs.korlaHrss,
      ownerUserId: korla.kind === 'user' ? korla.userId : null,
      deadline: addDays(today, 45),
      target: '书面协议签订率达到 90%',
      targetValue: 90,
    },
    actor,
  );
  await svc.addProgress(ctx, korla, ecommerce.problem.id, { body: '向孵化基地入驻企业发放协议示范文本，举办 2 场用工合规培训。', onDate: addDays(today, -10), link: '/products', linkName: '选品库入驻企业名单' }, actor);

  await svc.createProblem(
    ctx,
    fed,
    demoCampaignId,
    {
      ...base,
      area: 'safety',
      title: '快递员电动车充电和道路交通安全',
      description: '快递员电动车集中充电存在隐患，赶时效导致交通违法多发。',
      publicSummary: '在驿站和快递网点增设安全充电设施，开展交通安全培训。',
      ownerOrgId: demoOrgs.changjiUnion,
      ownerUserId: null,
      deadline: addDays(today, 75),
      target: '每个驿站设安全充电点',
    },
    actor,
  );
}
