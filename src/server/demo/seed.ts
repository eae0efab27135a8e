import { seedCases } from './cases.js';
import { seedOversight } from './oversight.js';
import { seedDemoOrders } from './orders.js';
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';
import { randomToken } from '../platform/crypto.js';
import { writeAudit, systemActor } from '../platform/audit.js';
import type { Tx } from '../platform/db.js';
import type { RoleGrant } from '../platform/access.js';
import { hashPassword, insertUser, replaceRoles } from '../modules/identity/index.js';
import { insertWorker, setPlatforms, setPlates } from '../modules/workers/index.js';
import { rng, workerSeed, personName, stationSeed, cityCentres, type WorkerSeed, type StationSeed } from './factories.js';
import { insertStation, encodeHours } from '../modules/stations/index.js';
import { cities } from '../../shared/reference.js';
import { seedParking } from './parking.js';
import { seedTraining, demoTraining } from './training.js';
import { seedJobs } from './jobs.js';
import { seedIncubator, demoEntrepreneur } from './incubator.js';
import { seedPolicy } from './policy.js';
import { seedAgency } from './agency.js';
import { seedCampaign } from './campaign.js';
import { seedObservatory } from './observatory.js';

export const DEMO_PASSWORD = 'nuanxin2026';

/** Fixed ids so tests, docs and browser tests can name the demo organisations. */
export const demoOrgs = {
  rideHailingUnion: '00000000-0000-4000-8000-000000000001',
  changjiUnion: '00000000-0000-4000-8000-000000000002',
  korlaUnion: '00000000-0000-4000-8000-000000000003',
  guangchangStation: '00000000-0000-4000-8000-000000000011',
  ningheStation: '00000000-0000-4000-8000-000000000012',
  korlaSchool: '00000000-0000-4000-8000-000000000021',
  korlaIncubator: '00000000-0000-4000-8000-000000000022',
  liveStreamCompany: '00000000-0000-4000-8000-000000000023',
  korlaHrss: '00000000-0000-4000-8000-000000000024',
  lawFirm: '00000000-0000-4000-8000-000000000031',
  trafficPolice: '00000000-0000-4000-8000-000000000041',
  transportBureau: '00000000-0000-4000-8000-000000000042',
  fleetCompany: '00000000-0000-4000-8000-000000000043',
  /** The special campaign's lead agency (issue 7). */
  xinjiangFederation: '00000000-0000-4000-8000-000000000051',
} as const;

type OrgSeed = { id: string; kind: string; name: string; unionKind?: string; shortCode?: string; cityCode: string; foundedOn?: string };
const orgSeeds: OrgSeed[] = [
  { id: demoOrgs.rideHailingUnion, kind: 'union', name: '乌鲁木齐市网约车行业工会', unionKind: 'industry', shortCode: 'WLMQ-WYC', cityCode: '650100', foundedOn: '2024-08-01' },
  { id: demoOrgs.changjiUnion, kind: 'union', name: '昌吉市总工会', unionKind: 'city', shortCode: 'CJ-ZGH', cityCode: '652301', foundedOn: '1984-05-01' },
  { id: demoOrgs.korlaUnion, kind: 'union', name: '库尔勒市总工会', unionKind: 'city', shortCode: 'KEL-ZGH', cityCode: '652801', foundedOn: '1980-03-01' },
  { id: demoOrgs.korlaSchool, kind: 'school', name: '库尔勒市职业技能培训学校', cityCode: '652801' },
  { id: demoOrgs.korlaIncubator, kind: 'incubator', name: '库尔勒电子商务双创孵化基地', cityCode: '652801' },
  { id: demoOrgs.liveStreamCompany, kind: 'employer', name: '孔雀河直播电商有限公司', cityCode: '652801' },
  { id: demoOrgs.korlaHrss, kind: 'agency', name: '库尔勒市人力资源和社会保障局', cityCode: '652801' },
  { id: demoOrgs.lawFirm, kind: 'law_firm', name: '天山明理律师事务所', cityCode: '652301' },
  // The other side of rights cases (invented names for the companies).
  { id: demoOrgs.trafficPolice, kind: 'agency', name: '乌鲁木齐市公安局交通警察支队', cityCode: '650100' },
  { id: demoOrgs.transportBureau, kind: 'agency', name: '乌鲁木齐市交通运输局', cityCode: '650100' },
  { id: demoOrgs.fleetCompany, kind: 'employer', name: '乌鲁木齐顺达汽车租赁管理有限公司', cityCode: '650100' },
  // The special campaign's lead (an agency here, not a union: workers neither join it nor file cases with it).
  { id: demoOrgs.xinjiangFederation, kind: 'agency', name: '新疆维吾尔自治区总工会', cityCode: '650100' },
];

export type DemoAccount = { role: string; phone: string; name: string; org: string | null };

/** One account per role; the phone numbers are printed at start and used by the browser tests. */
export const demoStaff: { phone: string; name: string; roles: RoleGrant[] }[] = [
  { phone: '13900000001', name: '周晓燕', roles: [{ role: 'station_operator', orgId: demoOrgs.guangchangStation }, { role: 'station_operator', orgId: demoOrgs.ningheStation }] },
  { phone: '13900000002', name: '马建新', roles: [{ role: 'union_officer', orgId: demoOrgs.rideHailingUnion }] },
  { phone: '13900000003', name: '艾尔肯·吾买尔', roles: [{ role: 'union_chair', orgId: demoOrgs.rideHailingUnion }] },
  { phone: '13900000004', name: '林志远', roles: [{ role: 'lawyer', orgId: demoOrgs.lawFirm }] },
  { phone: '13900000005', name: '古丽米拉·卡德尔', roles: [{ role: 'trainer', orgId: demoOrgs.korlaSchool }] },
  { phone: '13900000006', name: '赵文博', roles: [{ role: 'incubator_manager', orgId: demoOrgs.korlaIncubator }] },
  { phone: '13900000007', name: '孙丽娜', roles: [{ role: 'employer', orgId: demoOrgs.liveStreamCompany }] },
  { phone: '13900000008', name: '何思远', roles: [{ role: 'analyst', orgId: '' }] },
  { phone: '13900000009', name: '陈立国', roles: [{ role: 'admin', orgId: '' }] },
  { phone: '13900000010', name: '帕尔哈提·伊力', roles: [{ role: 'auditor', orgId: '' }] },
  { phone: '13900000011', name: '买买提·托乎提', roles: [{ role: 'parking_attendant', orgId: demoOrgs.rideHailingUnion }] },
  { phone: '13900000012', name: '吴海燕', roles: [{ role: 'policy_officer', orgId: demoOrgs.korlaHrss }] },
  { phone: '13900000013', name: '努尔兰·沙吾提', roles: [{ role: 'union_chair', orgId: demoOrgs.xinjiangFederation }] },
];

export const demoWorkers = {
  driver: '13800000001', // ride-hailing driver in Urumqi, member of the industry union
  courier: '13800000002', // courier in Changji, not yet a member
};

export async function isEmpty(ctx: Ctx) {
  const row = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** Loads the demo: the article's three cities, the Urumqi union and its officers, workers of every kind. */
export async function seedDemo(ctx: Ctx, opts: { workers?: number; stations?: number; seed?: number; cases?: number; permits?: number; orders?: number } = {}) {
  const r = rng(opts.seed ?? 20250709);
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash shared by every demo account
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    for (const o of orgSeeds) {
      await tx
        .insertInto('orgs')
        .values({ id: o.id, kind: o.kind, name: o.name, union_kind: o.unionKind ?? null, short_code: o.shortCode ?? null, city_code: o.cityCode, founded_on: o.foundedOn ?? null, created_at: now })
        .execute();
    }
    await seedStations(ctx, tx, r, now, opts.stations ?? 36);
    for (const s of demoStaff) {
      const id = newId();
      await insertUser(tx, { id, name: s.name, phoneEnc: ctx.crypto.encrypt(s.phone), phoneHash: ctx.crypto.lookupHash(s.phone), phoneLast4: s.phone.slice(-4), passwordHash, locale: 'zh', now });
      await replaceRoles(tx, id, s.roles);
    }
    const seeds: WorkerSeed[] = [
      workerSeed(r, 1, { phone: demoWorkers.driver, name: '王建军', kind: 'ride_hailing_driver', cityCode: '650100', districtCode: '650102', platforms: ['didi', 't3'], plates: ['新A83261'], employmentCategory: 'self_employed', locale: 'zh' }),
      workerSeed(r, 2, { phone: demoWorkers.courier, name: '阿迪力·艾山', kind: 'courier', cityCode: '652301', districtCode: '652301001', platforms: ['zto'], plates: [], employmentCategory: 'written_agreement', locale: 'ug' }),
    ];
    for (let i = 3; i <= (opts.workers ?? 300); i++) seeds.push(workerSeed(r, i));
    const unionByCity: Record<string, string> = { '650100': demoOrgs.rideHailingUnion, '652301': demoOrgs.changjiUnion, '652801': demoOrgs.korlaUnion };
    const counters = new Map<string, number>();
    let pending = 0;
    let driverWorkerId: string | null = null;
    for (const [i, w] of seeds.entries()) {
      const workerId = await insertDemoWorker(ctx, tx, w, passwordHash, now - (seeds.length - i) * 3_600_000);
      if (w.phone === demoWorkers.driver) driverWorkerId = workerId;
      const union = w.kind === 'ride_hailing_driver' && w.cityCode === '650100' ? demoOrgs.rideHailingUnion : unionByCity[w.cityCode]!;
      const joins = w.phone === demoWorkers.driver || (w.phone !== demoWorkers.courier && r.chance(0.45));
      if (joins) {
        const n = (counters.get(union) ?? 0) + 1;
        counters.set(union, n);
        const code = orgSeeds.find((o) => o.id === union)!.shortCode!;
        await tx
          .insertInto('memberships')
          .values({ id: newId(), union_id: union, worker_id: workerId, membership_no: `${code}-2025-${String(n).padStart(6, '0')}`, card_token: randomToken(18), since: now - r.int(10, 400) * 86_400_000, ended_at: null, end_reason: null, application_id: null })
          .execute();
      } else if (union === demoOrgs.rideHailingUnion && pending < 6 && w.phone !== demoWorkers.courier) {
        pending++;
        await tx
          .insertInto('union_applications')
          .values({ id: newId(), union_id: union, worker_id: workerId, status: 'pending', note: r.pick(['想加入工会', '听同行说工会能帮忙维权', '']), reason: '', transfer_from_membership_id: null, created_at: now - pending * 7_200_000, decided_at: null, decided_by: null })
          .execute();
      }
    }
    for (const [union, n] of counters) await tx.insertInto('union_counters').values({ union_id: union, next_no: n }).execute();
    await seedStationLife(tx, r, now);
    // Ride-hailing oversight: the 15 platforms, the rules, ~13,000 driver and vehicle permits.
    // (Tests seed a small demo, fewer than 300 workers: the first 1,000 drivers keep each test file's start fast.)
    await seedOversight(ctx, tx, now, { permits: opts.permits ?? ((opts.workers ?? 300) < 300 ? 1_000 : undefined), driverWorkerId });
    const attendant = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0011').where('name', '=', '买买提·托乎提').executeTakeFirst();
    await seedParking(tx, now, demoOrgs.rideHailingUnion, attendant?.id ?? null);
    // E-commerce training → certificate → job, the incubation base, policy support (in this order: each reads the one before).
    await seedTraining(ctx, tx, now, passwordHash);
    await seedJobs(ctx, tx, now, passwordHash);
    await seedIncubator(ctx, tx, now, passwordHash);
    await seedPolicy(ctx, tx, now, passwordHash);
    // The observatory's top-ups (Changji's 600+ couriers), full demo only.
    if (seeds.length >= 300) await seedObservatory(ctx, tx, now, passwordHash);
    await writeAudit(tx, systemActor, { action: 'demo.seed', targetType: 'system', details: { workers: seeds.length } });
  });
  // Rights cases go through the case services (their own transactions), after the people exist.
  if (opts.cases !== 0) await seedCases(ctx, { generated: opts.cases ?? 240 });
  // Platform orders, and the scorecard's monthly runs over them.
  if (opts.orders !== 0) await seedDemoOrders(ctx, { perMonth: opts.orders });
  // The special campaign's problem list, over the cases and the monthly runs made above.
  await seedCampaign(ctx);
  // Agency-supplied figures: the shipped sheet, imported through the agency service by the demo analyst.
  await seedAgency(ctx, demoStaff.find((s) => s.roles.some((g) => g.role === 'analyst'))!.phone);
}

/** The article's two Changji stations, as described, and generated ones across the three cities. */
export const articleStations: (StationSeed & { id: string })[] = [
  {
    id: demoOrgs.guangchangStation,
    name: '广场社区暖"新"驿站',
    operatorKind: 'community',
    operatorName: '延安北路街道广场社区',
    address: '延安北路街道广场社区服务中心（助餐点在二楼）',
    cityCode: '652301',
    districtCode: '652301002',
    lat: 44.0191,
    lng: 87.3082,
    phone: '0994-2345678',
    is24h: false,
    amenities: ['hot_water', 'drinking_water', 'phone_charging', 'seating', 'toilet', 'heating', 'wifi'],
    services: ['meals', 'child_classroom', 'donation_point'],
    hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
  },
  {
    id: demoOrgs.ningheStation,
    name: '宁和社区暖"新"驿站',
    operatorKind: 'community',
    operatorName: '宁边路街道宁和社区',
    address: '宁边路街道宁和社区一楼',
    cityCode: '652301',
    districtCode: '652301001',
    lat: 44.0052,
    lng: 87.2951,
    phone: '0994-2456789',
    is24h: false,
    amenities: ['hot_water', 'drinking_water', 'phone_charging', 'microwave', 'fridge', 'air_pump', 'first_aid', 'repair_tools', 'umbrellas', 'seating'],
    services: ['legal_consultation', 'lending', 'health_check'],
    hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '21:00' })),
  },
];

async function seedStations(ctx: Ctx, tx: Tx, r: ReturnType<typeof rng>, now: number, generated: number) {
  const all: (StationSeed & { id: string })[] = [...articleStations];
  const cityCodes = Object.keys(cityCentres);
  for (let i = 0; i < generated; i++) {
    const cityCode = cityCodes[i % cityCodes.length]!;
    const [lng, lat] = cityCentres[cityCode]!;
    const district = r.pick(cities.find((c) => c.code === cityCode)!.districts).code;
    all.push({ id: newId(), ...stationSeed(r, i + 1, { cityCode, districtCode: district, lng, lat }) });
  }
  for (const s of all) {
    await insertStation(tx, {
      id: s.id,
      name: s.name,
      operator_kind: s.operatorKind,
      operator_name: s.operatorName,
      address: s.address,
      city_code: s.cityCode,
      district_code: s.districtCode,
      lat: s.lat,
      lng: s.lng,
      phone: s.phone,
      is_24h: s.is24h ? 1 : 0,
      amenities: s.amenities.join(','),
      services: s.services.join(','),
      hours: encodeHours(s.hours.map((h) => ({ weekday: h.weekday, r: { opens: toMin(h.opens), closes: toMin(h.closes) } }))),
      utc_offset_min: 480,
      photos: '[]',
      checkin_token: randomToken(18),
      created_at: now,
      updated_at: now,
    });
  }
}
/**
 * What the article's stations run: Guangchang's meal point (a week of menus) and its after-school
 * classroom until 22:00; Ninghe's umbrellas and tools to borrow and lawyers on duty two days a week.
 */
async function seedStationLife(tx: Tx, r: ReturnType<typeof rng>, now: number) {
  const day = (n: number) => new Date(now + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const dishes: [string, number, number][] = [
    ['大盘鸡拌面', 1500, 2500],
    ['手抓饭', 1200, 2000],
    ['番茄炒蛋盖饭', 1000, 1600],
    ['牛肉汤饭', 1300, 2200],
    ['拉条子', 1100, 1800],
    ['馕包肉', 1800, 2800],
    ['土豆烧鸡块', 1200, 1900],
  ];
  for (let i = 0; i < 7; i++) {
    for (const [dish, worker, normal] of [dishes[i % dishes.length]!, dishes[(i + 3) % dishes.length]!]) {
      const servings = r.int(20, 40);
      await tx.insertInto('meal_items').values({ id: newId(), station_id: demoOrgs.guangchangStation, date: day(i), dish, description: '', worker_price_fen: worker, normal_price_fen: normal, servings_total: servings, servings_left: servings, created_at: now }).execute();
    }
  }
  const year = new Date(now).getUTCFullYear();
  await tx
    .insertInto('classroom_sessions')
    .values({ id: newId(), station_id: demoOrgs.guangchangStation, kind: 'after_school', title: '放学后小课堂（晚饭、作业、美术）', starts_on: day(-30), ends_on: `${year + 1}-06-30`, weekdays: '1,2,3,4,5', opens_min: 17 * 60, closes_min: 22 * 60, capacity: 20, enrolled: 0, created_at: now })
    .execute();
  await tx
    .insertInto('classroom_sessions')
    .values({ id: newId(), station_id: demoOrgs.guangchangStation, kind: 'winter_holiday', title: '寒假小课堂', starts_on: `${year + 1}-01-15`, ends_on: `${year + 1}-02-20`, weekdays: '1,2,3,4,5,6', opens_min: 9 * 60, closes_min: 22 * 60, capacity: 30, enrolled: 0, created_at: now })
    .execute();
  for (const [kind, name, stock, days] of [
    ['umbrella', '雨伞', 12, 3],
    ['raincoat', '雨衣', 6, 3],
    ['power_bank', '充电宝', 8, 1],
    ['tool', '电动车维修工具箱', 2, 1],
  ] as const) {
    await tx.insertInto('lend_items').values({ id: newId(), station_id: demoOrgs.ningheStation, kind, name, loan_days: days, stock_total: stock, stock_available: stock }).execute();
  }
  const lawyer = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0004').where('name', '=', '林志远').executeTakeFirstOrThrow();
  // Two days a week at Ninghe (Tuesday and Thursday), half-hour slots.
  for (const weekday of [2, 4]) {
    for (const [start, end] of [[600, 720], [900, 1020]] as const) {
      await tx.insertInto('lawyer_duty').values({ id: newId(), station_id: demoOrgs.ningheStation, lawyer_user_id: lawyer.id, weekday, start_min: start, end_min: end, slot_min: 30 }).execute();
    }
  }
  await tx.insertInto('donations').values({ id: newId(), station_id: demoOrgs.guangchangStation, description: '冬季手套', quantity: 20, quantity_left: 20, donor: '爱心商户', claimed_by: null, claimed_at: null, created_at: now }).execute();
}

const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export async function insertDemoWorker(ctx: Ctx, tx: Tx, w: WorkerSeed, passwordHash: string, createdAt: number) {
  const userId = newId();
  const workerId = newId();
  await insertUser(tx, { id: userId, name: w.name, phoneEnc: ctx.crypto.encrypt(w.phone), phoneHash: ctx.crypto.lookupHash(w.phone), phoneLast4: w.phone.slice(-4), passwordHash, locale: w.locale, now: createdAt });
  await replaceRoles(tx, userId, [{ role: 'worker', orgId: '' }]);
  await insertWorker(tx, {
    id: workerId,
    userId,
    name: w.name,
    idNumberEnc: w.idNumber ? ctx.crypto.encrypt(w.idNumber) : null,
    idNumberHash: w.idNumber ? ctx.crypto.lookupHash(w.idNumber) : null,
    kind: w.kind,
    cityCode: w.cityCode,
    districtCode: w.districtCode,
    employmentCategory: w.employmentCategory,
    now: createdAt,
  });
  await setPlatforms(tx, workerId, w.platforms);
  await setPlates(tx, workerId, w.plates);
  return workerId;
}

export function demoAccountsTable(): string {
  const rows = [
    ['worker (driver, Urumqi, union member)', demoWorkers.driver],
    ['worker (courier, Changji)', demoWorkers.courier],
    ['entrepreneur (Korla, incubating enterprise)', demoEntrepreneur],
    ['graduate (Korla e-commerce class)', demoTraining.graduatePhone],
    ...demoStaff.map((s) => [s.roles.map((x) => x.role).join('+'), s.phone]),
  ];
  return rows.map(([role, phone]) => `  ${phone}  ${role}`).join('\n') + `\n  password for every demo account: ${DEMO_PASSWORD}`;
}

export { personName };
