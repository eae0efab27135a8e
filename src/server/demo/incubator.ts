// Demo data for the incubation base (库尔勒电子商务双创孵化基地): 246 enterprises incubated so far
// (112 incubating now, 98 graduated, 36 exited after incubating) plus applicants, across the sectors;
// desks and rooms with rent-free periods; mentors; the one-stop service log; a short-video creator's
// enterprise (the demo entrepreneur, 13800000003, is its lead founder) with a team of live-stream
// hosts and a shortlist; and a product library of 320 Xinjiang specialties from invented suppliers.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';

import type { Tx } from '../platform/db.js';
import { insertRows } from '../platform/db.js';

import { writeAudit, systemActor } from '../platform/audit.js';

import type { Database } from '../platform/schema.js';
import { sectors } from '../../shared/incubator.js';

import { addDays } from '../modules/incubator/incubator.js';
import { rng, personName, phoneFor, workerSeed } from './factories.js';

import { demoOrgs, insertDemoWorker } from './seed.js';
import { beijingDay } from '../platform/time.js';

/** The demo entrepreneur: lead founder of an incubating short-video enterprise founded ~14 months ago. */
export const demoEntrepreneur = '13800000003';

/** Fixed ids so tests, docs and browser tests can name them. */
export const demoIncubator = {
  creatorEnterprise: '00000000-0000-4000-8000-000000000601',
  creatorTeam: '00000000-0000-4000-8000-000000000602',
  /** A product that fails its latest quality check (not shortlistable). */
  failedProduct: '00000000-0000-4000-8000-000000000603',
  /** Korla fragrant pears, passed, in stock. */
  pearProduct: '00000000-0000-4000-8000-000000000604',
} as const;

export const DEMO_INCUBATED = { incubating: 112, graduated: 98, exitedAfter: 36, applying: 14, exitedBefore: 5 } as const;

type P = { zh: string; ug: string; en: string; cat: string; origin: string; place: string; price: [number, number] };
/** Specialties: name (zh, ug, en), category, prefecture, county, price range in yuan. */
const specialties: P[] = [
  { zh: '库尔勒香梨', ug: 'كورلا خۇشپۇراق نەشپۈتى', en: 'Korla fragrant pear', cat: 'fresh_fruit', origin: 'bayingolin', place: '库尔勒市', price: [39, 128] },
  { zh: '若羌红枣', ug: 'چاقىلىق قىزىل چىلان', en: 'Ruoqiang red dates', cat: 'dried_fruit', origin: 'bayingolin', place: '若羌县', price: [29, 99] },
  { zh: '轮台白杏', ug: 'بۈگۈر ئاق ئۆرۈك', en: 'Luntai white apricot', cat: 'fresh_fruit', origin: 'bayingolin', place: '轮台县', price: [35, 88] },
  { zh: '博湖芦苇画', ug: 'باغراش قومۇش رەسىمى', en: 'Bohu reed painting', cat: 'crafts', origin: 'bayingolin', place: '博湖县', price: [68, 399] },
  { zh: '博斯腾湖鱼干', ug: 'باغراش كۆلى قۇرۇق بېلىقى', en: 'Bosten Lake dried fish', cat: 'meat_dairy', origin: 'bayingolin', place: '博湖县', price: [45, 138] },
  { zh: '焉耆辣椒粉', ug: 'قاراشەھەر قىزىل مۇچ تالقىنى', en: 'Yanqi chili powder', cat: 'grain_oil', origin: 'bayingolin', place: '焉耆县', price: [15, 49] },
  { zh: '和静牦牛肉干', ug: 'خېجىڭ قوتاز گۆشى قاقى', en: 'Hejing yak jerky', cat: 'meat_dairy', origin: 'bayingolin', place: '和静县', price: [58, 198] },
  { zh: '尉犁罗布麻茶', ug: 'لوپنۇر لوپ كەندىرى چېيى', en: 'Yuli Luobuma tea', cat: 'tea_drinks', origin: 'bayingolin', place: '尉犁县', price: [39, 168] },
  { zh: '阿克苏冰糖心苹果', ug: 'ئاقسۇ مۇزشېكەر ئالمىسى', en: 'Aksu rock-sugar apple', cat: 'fresh_fruit', origin: 'aksu', place: '阿克苏市', price: [36, 99] },
  { zh: '温宿核桃', ug: 'ئونسۇ ياڭاق', en: 'Wensu walnuts', cat: 'nuts', origin: 'aksu', place: '温宿县', price: [32, 108] },
  { zh: '库车小白杏干', ug: 'كۇچا ئاق ئۆرۈك قاقى', en: 'Kuqa dried white apricots', cat: 'dried_fruit', origin: 'aksu', place: '库车市', price: [28, 79] },
  { zh: '和田玉枣', ug: 'خوتەن قاشتېشى چىلان', en: 'Hotan jade dates', cat: 'dried_fruit', origin: 'hotan', place: '和田市', price: [35, 128] },
  { zh: '和田艾德莱斯丝绸围巾', ug: 'خوتەن ئەتلەس شارپا', en: 'Hotan atlas silk scarf', cat: 'textiles', origin: 'hotan', place: '洛浦县', price: [88, 399] },
  { zh: '喀什巴旦木', ug: 'قەشقەر بادام', en: 'Kashgar badam almonds', cat: 'nuts', origin: 'kashgar', place: '莎车县', price: [39, 119] },
  { zh: '伽师新梅', ug: 'پەيزاۋات ئالۇچا', en: 'Jiashi prunes', cat: 'fresh_fruit', origin: 'kashgar', place: '伽师县', price: [45, 109] },
  { zh: '吐鲁番无核白葡萄干', ug: 'تۇرپان ئۇرۇقسىز ئاق كىشمىش', en: 'Turpan seedless raisins', cat: 'dried_fruit', origin: 'turpan', place: '高昌区', price: [25, 89] },
  { zh: '哈密瓜', ug: 'قومۇل قوغۇنى', en: 'Hami melon', cat: 'fresh_fruit', origin: 'hami', place: '伊州区', price: [29, 79] },
  { zh: '伊犁薰衣草精油', ug: 'ئىلى لاۋاندا مېيى', en: 'Ili lavender oil', cat: 'other', origin: 'ili', place: '霍城县', price: [49, 199] },
  { zh: '伊犁黑蜂蜂蜜', ug: 'ئىلى قارا ھەرە ھەسىلى', en: 'Ili black-bee honey', cat: 'tea_drinks', origin: 'ili', place: '尼勒克县', price: [68, 228] },
  { zh: '昌吉番茄酱', ug: 'سانجى پەمىدۇر قىيامى', en: 'Changji tomato paste', cat: 'grain_oil', origin: 'changji', place: '昌吉市', price: [12, 39] },
  { zh: '奇台面粉', ug: 'گۇچۇڭ ئۇنى', en: 'Qitai flour', cat: 'grain_oil', origin: 'changji', place: '奇台县', price: [39, 89] },
  { zh: '阿勒泰羊肉', ug: 'ئالتاي قوي گۆشى', en: 'Altay mutton', cat: 'meat_dairy', origin: 'altay', place: '福海县', price: [88, 298] },
  { zh: '塔城红花籽油', ug: 'چۆچەك قىزىل گۈل ئۇرۇق مېيى', en: 'Tacheng safflower oil', cat: 'grain_oil', origin: 'tacheng', place: '裕民县', price: [58, 168] },
  { zh: '库尔勒棉花被', ug: 'كورلا پاختا يوتقان', en: 'Korla cotton quilt', cat: 'textiles', origin: 'bayingolin', place: '库尔勒市', price: [168, 699] },
];
const variants = ['礼盒装', '家庭装', '特级', '一级', '精选', '有机', '原产地直发', '5斤装', '10斤装', '小包装', '2.5kg', '新货'];
const variantsEn = ['gift box', 'family pack', 'premium', 'grade 1', 'select', 'organic', 'direct from origin', '2.5 kg', '5 kg', 'small pack', '2.5 kg', 'new season'];
const supplierStems = ['孔雀河', '天山', '梨城', '塔里木', '博斯腾', '巴音', '罗布泊', '铁门关', '开都河', '昆仑'];
const supplierKinds = ['农业合作社', '果业有限公司', '电子商务有限公司', '特产商行', '食品有限公司', '手工艺品合作社'];
const enterpriseStems = ['梨城', '孔雀河', '天鹅河', '铁门关', '塔里木', '博斯腾', '罗布', '楼兰', '开都', '香梨', '胡杨', '巴州', '沙漠', '丝路', '西域'];
const enterpriseKinds: Record<string, string[]> = {
  agri_specialty: ['农产品电商工作室', '特色农业科技有限公司', '果品供应链有限公司'],
  local_services: ['同城生活服务有限公司', '本地商家服务中心', '家政服务有限公司'],
  live_selling: ['直播电商有限公司', '直播带货工作室', '网红孵化有限公司'],
  short_video: ['短视频文化传媒工作室', '影视制作有限公司', '新媒体有限公司'],
  crafts: ['手工艺品有限公司', '民族服饰工作室', '文创设计工作室'],
  logistics: ['冷链物流有限公司', '快递末端服务有限公司'],
  tourism: ['文旅发展有限公司', '民宿运营工作室'],
  software: ['软件科技有限公司', '数字营销有限公司'],
  other: ['商贸有限公司', '咨询服务有限公司'],
};
const mentorSeeds = [
  ['李德华', '电商运营'],
  ['阿不都热合曼·买买提', '农产品供应链'],
  ['王秀兰', '财务与融资'],
  ['热依拉·吐尔逊', '直播带货'],
  ['张国强', '品牌设计'],
  ['陈雪梅', '法律合规'],
  ['艾克拜尔·库尔班', '短视频制作'],
  ['刘海涛', '冷链物流'],
  ['古丽巴哈尔·阿西木', '民族手工艺'],
  ['周建平', '创业辅导'],
] as const;
const serviceKinds = ['startup_incubation', 'resource_matching', 'policy_guidance', 'financing', 'training', 'legal', 'marketing', 'registration'] as const;
const serviceNotes: Record<string, string[]> = {
  startup_incubation: ['入驻辅导，制定三个月孵化计划', '商业计划书修改', '创业路演前辅导'],
  resource_matching: ['对接库尔勒香梨合作社货源', '对接冷链物流企业', '对接直播平台官方运营'],
  policy_guidance: ['讲解创业担保贷款贴息政策', '协助准备场地免租申请材料', '讲解一次性创业补贴'],
  financing: ['对接银行创业担保贷款', '引荐天使投资人'],
  training: ['参加直播带货实操培训', '参加短视频剪辑培训'],
  legal: ['审核供货合同', '商标注册咨询'],
  marketing: ['年货节活动策划', '品牌包装设计建议'],
  registration: ['代办营业执照', '协助开立对公账户'],
};

export async function seedIncubator(ctx: Ctx, tx: Tx, now: number, passwordHash: string): Promise<void> {
  const r = rng(20260601);
  const org = demoOrgs.korlaIncubator;
  const today = beijingDay(now);
  const manager = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0006').where('name', '=', '赵文博').executeTakeFirst();
  const managerId = manager?.id ?? '';

  // People with accounts: the entrepreneur, and a few co-founders and hosts (134… phones).
  // No ID numbers: a generated one could collide with another demo worker's (they are unique).
  const seedOf = (n: number, over: Parameters<typeof workerSeed>[2]) => {
    const { idNumber: _none, ...w } = workerSeed(r, n, over);
    return w;
  };
  const entrepreneurWorker = await insertDemoWorker(
    ctx,
    tx,
    seedOf(9001, { phone: demoEntrepreneur, name: '迪丽努尔·阿不力孜', kind: 'ecommerce_worker', cityCode: '652801', districtCode: '652801002', platforms: [], plates: [], employmentCategory: 'self_employed', locale: 'zh' }),
    passwordHash,
    now - 400 * 86_400_000,
  );
  const userOf = async (workerId: string) => (await tx.selectFrom('workers').select('user_id').where('id', '=', workerId).executeTakeFirstOrThrow()).user_id;
  const entrepreneurId = await userOf(entrepreneurWorker);
  const people: { id: string; name: string }[] = [];
  for (let i = 1; i <= 8; i++) {
    const w = seedOf(9100 + i, { phone: phoneFor(i, '134'), kind: 'ecommerce_worker', cityCode: '652801', districtCode: r.pick(['652801001', '652801002', '652801003', '652801004']), platforms: [], plates: [], employmentCategory: 'self_employed', locale: 'zh' });
    people.push({ id: await userOf(await insertDemoWorker(ctx, tx, w, passwordHash, now - 300 * 86_400_000)), name: w.name });
  }

  // Enterprises.
  const enterprises: Database['incubator_enterprises'][] = [];
  const founders: Database['enterprise_founders'][] = [];
  const stages: [string, number][] = [
    ['incubating', DEMO_INCUBATED.incubating - 1], // the creator's is the 112th
    ['graduated', DEMO_INCUBATED.graduated],
    ['exited_after', DEMO_INCUBATED.exitedAfter],
    ['applying', DEMO_INCUBATED.applying],
    ['exited_before', DEMO_INCUBATED.exitedBefore],
  ];
  const usedNames = new Set<string>();
  const creator: Database['incubator_enterprises'] = {
    id: demoIncubator.creatorEnterprise,
    org_id: org,
    name: '梨城好物短视频文化传媒工作室',
    sector: 'short_video',
    stage: 'incubating',
    founded_on: addDays(today, -425),
    entered_on: addDays(today, -380),
    graduated_on: null,
    exited_on: null,
    employees: 9,
    description: '拍摄库尔勒香梨、若羌红枣等本地特产短视频，组建直播团队带货。',
    created_at: now - 400 * 86_400_000,
    updated_at: now - 86_400_000,
  };
  enterprises.push(creator);
  usedNames.add(creator.name);
  founders.push({ id: newId(), enterprise_id: creator.id, user_id: entrepreneurId, name: '迪丽努尔·阿不力孜', is_lead: 1, created_at: creator.created_at });
  founders.push({ id: newId(), enterprise_id: creator.id, user_id: people[0]!.id, name: people[0]!.name, is_lead: 0, created_at: creator.created_at });
  let k = 0;
  let withAccount = 1;
  for (const [stage, count] of stages) {
    for (let i = 0; i < count; i++, k++) {
      const sector = k % 7 === 0 ? 'live_selling' : sectors[k % sectors.length]!;
      let name = '';
      do name = r.pick(enterpriseStems) + r.pick(['', '优选', '鲜', '源', '星', '乐', '佳']) + r.pick(enterpriseKinds[sector]!);
      while (usedNames.has(name));
      usedNames.add(name);
      // Incubated ones entered over the last six years; graduates stayed one to three years.
      const entered = stage === 'applying' || stage === 'exited_before' ? null : addDays(today, -(stage === 'incubating' ? r.int(10, 720) : r.int(400, 2200)));
      const founded = entered ? addDays(entered, -r.int(0, 400)) : r.chance(0.6) ? addDays(today, -r.int(30, 500)) : null;
      const graduated = stage === 'graduated' ? addDays(entered!, Math.min(r.int(365, 1000), daysBetween(entered!, today) - 1)) : null;
      const exited = stage === 'exited_after' ? addDays(entered!, Math.max(1, Math.min(r.int(60, 600), daysBetween(entered!, today) - 1))) : stage === 'exited_before' ? addDays(today, -r.int(5, 200)) : null;
      const e: Database['incubator_enterprises'] = {
        id: newId(),
        org_id: org,
        name,
        sector,
        stage: stage === 'exited_after' || stage === 'exited_before' ? 'exited' : stage,
        founded_on: founded,
        entered_on: entered,
        graduated_on: graduated,
        exited_on: exited,
        employees: stage === 'applying' ? r.int(1, 3) : r.int(1, 40),
        description: '',
        created_at: now - (entered ? daysBetween(entered, today) + 20 : r.int(1, 60)) * 86_400_000,
        updated_at: now - r.int(1, 30) * 86_400_000,
      };
      enterprises.push(e);
      // A few incubating enterprises have founders with accounts (the policy demo reads them).
      const withUser = stage === 'incubating' && withAccount < people.length && i % 13 === 0;
      const lead = withUser ? people[withAccount++]! : null;
      founders.push({ id: newId(), enterprise_id: e.id, user_id: lead?.id ?? null, name: lead?.name ?? personName(r), is_lead: 1, created_at: e.created_at });
      if (r.chance(0.4)) founders.push({ id: newId(), enterprise_id: e.id, user_id: null, name: personName(r), is_lead: 0, created_at: e.created_at });
    }
  }
  await insertRows(tx, 'incubator_enterprises', enterprises);
  await insertRows(tx, 'enterprise_founders', founders);

  // Spaces: 40 desks and 24 rooms; most incubating enterprises sit on one, the first year rent-free.
  const spaces: Database['incubator_spaces'][] = [];
  for (let i = 1; i <= 40; i++) spaces.push({ id: newId(), org_id: org, code: `D-${String(i).padStart(2, '0')}`, kind: 'desk', area_m2: 4, is_active: 1, updated_at: now });
  for (let i = 1; i <= 24; i++) spaces.push({ id: newId(), org_id: org, code: `${i <= 12 ? 'A' : 'B'}-${200 + (i <= 12 ? i : i - 12)}`, kind: 'room', area_m2: r.pick([20, 30, 45, 60]), is_active: 1, updated_at: now });
  await insertRows(tx, 'incubator_spaces', spaces);
  const incubating = enterprises.filter((e) => e.stage === 'incubating');
  const assignments: Database['incubator_space_assignments'][] = [];
  const order = [40, ...spaces.keys()].filter((x, i) => i === 0 || x !== 40); // the creator gets room A-201
  incubating.slice(0, spaces.length - 4).forEach((e, i) => {
    const space = spaces[order[i]!]!;
    const starts = e.entered_on!;
    assignments.push({ id: newId(), space_id: space.id, enterprise_id: e.id, starts_on: starts, ends_on: null, rent_free_until: addDays(starts, 364), created_by: managerId, created_at: now, released_at: null });
  });
  await insertRows(tx, 'incubator_space_assignments', assignments);

  // Mentors, each with a handful of enterprises.
  const mentors = mentorSeeds.map(([name, expertise]) => ({ id: newId(), org_id: org, name, expertise, user_id: null, created_at: now - 900 * 86_400_000 }));
  await insertRows(tx, 'incubator_mentors', mentors);
  const em: Database['enterprise_mentors'][] = [];
  incubating.forEach((e, i) => {
    const picks = new Set([mentors[i % mentors.length]!.id, ...(i % 3 === 0 ? [mentors[(i + 3) % mentors.length]!.id] : [])]);
    for (const m of picks) em.push({ enterprise_id: e.id, mentor_id: m, assigned_on: e.entered_on!, assigned_by: managerId });
  });
  await insertRows(tx, 'enterprise_mentors', em);

  // The one-stop service log.
  const services: Database['incubator_services'][] = [];
  for (const e of enterprises) {
    if (!e.entered_on) continue;
    const n = e.id === creator.id ? 6 : r.int(0, 3);
    for (let i = 0; i < n; i++) {
      const kind = e.id === creator.id ? serviceKinds[i % serviceKinds.length]! : r.pick(serviceKinds);
      const last = e.graduated_on ?? e.exited_on ?? today;
      const span = Math.max(0, daysBetween(e.entered_on, last));
      services.push({ id: newId(), enterprise_id: e.id, kind, served_on: addDays(e.entered_on, r.int(0, span)), note: r.pick(serviceNotes[kind]!), served_by: managerId, created_at: now });
    }
  }
  await insertRows(tx, 'incubator_services', services);

  // The product library.
  const products: Database['products'][] = [];
  const checks: Database['product_quality_checks'][] = [];
  for (let i = 0; i < 320; i++) {
    const s = specialties[i % specialties.length]!;
    const v = (i * 7 + Math.floor(i / specialties.length)) % variants.length;
    const id = i === 0 ? demoIncubator.pearProduct : i === 5 ? demoIncubator.failedProduct : newId();
    const price = r.int(s.price[0], s.price[1]) * 100 + r.pick([0, 0, 50, 90]);
    const commission = Math.round((price * r.int(5, 30)) / 100);
    const supplier = `${r.pick(supplierStems)}${s.place.replace(/[市县区]$/, '')}${r.pick(supplierKinds)}`;
    const checked = i === 0 || i === 5 || r.chance(0.85);
    const fail = i === 5 || (i > 5 && r.chance(0.04));
    const checkedOn = addDays(today, -r.int(1, 120));
    products.push({
      id,
      org_id: org,
      name: `${s.zh} ${variants[v]}`,
      name_ug: s.ug,
      name_en: `${s.en}, ${variantsEn[v]}`,
      supplier,
      supplier_contact: `0996-${r.int(2000000, 2999999)}`,
      category: s.cat,
      origin: s.origin,
      origin_place: s.place,
      price_fen: price,
      commission_fen: commission,
      stock: i === 0 ? 500 : r.chance(0.1) ? 0 : r.int(10, 3000),
      rating: r.chance(0.9) ? r.int(32, 50) : null,
      check_result: checked ? (fail ? 'fail' : 'pass') : null,
      checked_on: checked ? checkedOn : null,
      is_active: 1,
      created_at: now - r.int(1, 300) * 86_400_000,
      updated_at: now - r.int(0, 30) * 86_400_000,
    });
    if (checked) {
      if (fail && r.chance(0.5)) checks.push({ id: newId(), product_id: id, checked_on: addDays(checkedOn, -90), result: 'pass', inspector: '巴州市场监管抽检', note: '', recorded_by: managerId, recorded_at: now });
      checks.push({
        id: newId(),
        product_id: id,
        checked_on: checkedOn,
        result: fail ? 'fail' : 'pass',
        inspector: r.pick(['基地品控组', '巴州市场监管抽检', '第三方检测机构']),
        note: fail ? r.pick(['含水量超标', '包装标识不全', '农残检测超标']) : '',
        recorded_by: managerId,
        recorded_at: now,
      });
    }
  }
  await insertRows(tx, 'products', products);
  await insertRows(tx, 'product_quality_checks', checks);
  await tx.insertInto('product_library_versions').values({ org_id: org, version: 1 }).execute();

  // The creator's team of live-stream hosts and its shortlist for the next streams.
  await tx.insertInto('host_teams').values({ id: demoIncubator.creatorTeam, enterprise_id: creator.id, name: '梨城好物直播团', created_at: now - 200 * 86_400_000, updated_at: now }).execute();
  await insertRows(tx, 'host_team_members', [
    { id: newId(), team_id: demoIncubator.creatorTeam, user_id: entrepreneurId, name: '迪丽努尔·阿不力孜', role: 'host', is_lead: 1, created_at: now },
    { id: newId(), team_id: demoIncubator.creatorTeam, user_id: people[0]!.id, name: people[0]!.name, role: 'host', is_lead: 0, created_at: now },
    { id: newId(), team_id: demoIncubator.creatorTeam, user_id: null, name: '买合木提·艾力', role: 'assistant', is_lead: 0, created_at: now },
    { id: newId(), team_id: demoIncubator.creatorTeam, user_id: null, name: '杨晓雪', role: 'operator', is_lead: 0, created_at: now },
  ]);
  const passed = products.filter((p) => p.check_result === 'pass' && p.stock > 0 && p.id !== demoIncubator.pearProduct).slice(0, 4);
  await insertRows(
    tx,
    'team_shortlist',
    passed.map((p, i) => ({ id: newId(), team_id: demoIncubator.creatorTeam, product_id: p.id, stream_on: addDays(today, 2 + (i % 2) * 5), note: i === 0 ? '开场福利款' : '', added_by: entrepreneurId, added_at: now })),
  );
  await writeAudit(tx, systemActor, { action: 'demo.seed.incubator', targetType: 'system', details: { enterprises: enterprises.length, products: products.length } });
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
