import { cities, platforms, type Locale, type WorkerKind } from '../../shared/reference.js';
import { withIdCheckDigit } from '../../shared/validation.js';

/** Seeded generator (mulberry32): the same seed gives the same demo and test data on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

// Invented names only: common surnames and given-name characters, combined at random.
const hanSurnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const hanGiven = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀', '霞', '平', '刚', '桂', '建', '文', '华', '新', '国', '海', '玲', '红', '鹏', '飞'];
const uyghurGiven = ['艾力', '买买提', '阿依古丽', '热依拉', '古丽娜', '艾合买提', '努尔', '阿迪力', '帕提古丽', '吐尔逊', '迪丽', '阿布都', '米热', '依明', '塔依尔', '古再丽'];
const uyghurFamily = ['热合曼', '艾山', '吾买尔', '阿不都', '托乎提', '卡德尔', '玉素甫', '沙吾提', '伊力', '哈力克'];

export function personName(r: Rng): string {
  if (r.chance(0.35)) return `${r.pick(uyghurGiven)}·${r.pick(uyghurFamily)}`;
  return r.pick(hanSurnames) + r.pick(hanGiven) + (r.chance(0.6) ? r.pick(hanGiven) : '');
}

/** Unique per index: 136 followed by eight digits. */
export const phoneFor = (n: number, prefix = '136') => `${prefix}${String(n).padStart(8, '0')}`;

export function idNumberFor(r: Rng, cityCode: string, n: number): string {
  const region = cityCode.slice(0, 6);
  const y = r.int(1970, 2003);
  const m = String(r.int(1, 12)).padStart(2, '0');
  const d = String(r.int(1, 28)).padStart(2, '0');
  return withIdCheckDigit(`${region}${y}${m}${d}${String(n % 1000).padStart(3, '0')}`);
}

const plateLetters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Xinjiang plates: 新A is Urumqi, 新B Changji, 新M Korla. */
export function plateFor(r: Rng, cityCode: string): string {
  const office = cityCode === '652301' ? 'B' : cityCode === '652801' ? 'M' : 'A';
  const body = Array.from({ length: 5 }, (_, i) => (i === 0 && r.chance(0.3) ? r.pick([...plateLetters]) : String(r.int(0, 9)))).join('');
  return r.chance(0.25) ? `新${office}D${body}` : `新${office}${body}`;
}

const kindPlatforms: Record<WorkerKind, string[]> = {
  ride_hailing_driver: platforms.filter((p) => p.kinds.includes('ride_hailing_driver')).map((p) => p.code),
  courier: platforms.filter((p) => p.kinds.includes('courier')).map((p) => p.code),
  delivery_rider: platforms.filter((p) => p.kinds.includes('delivery_rider')).map((p) => p.code),
  ecommerce_worker: platforms.filter((p) => p.kinds.includes('ecommerce_worker')).map((p) => p.code),
  other: [],
};

/** Where each kind of worker is in the article: drivers in Urumqi, couriers in Changji, e-commerce in Korla. */
const homeCity: Record<WorkerKind, string> = {
  ride_hailing_driver: '650100',
  courier: '652301',
  delivery_rider: '650100',
  ecommerce_worker: '652801',
  other: '652301',
};

export type WorkerSeed = {
  phone: string;
  password: string;
  name: string;
  idNumber?: string;
  kind: WorkerKind;
  cityCode: string;
  districtCode: string;
  platforms: string[];
  employmentCategory: 'labour_contract' | 'written_agreement' | 'self_employed';
  plates: string[];
  locale: Locale;
};

export function workerSeed(r: Rng, n: number, over: Partial<WorkerSeed> = {}): WorkerSeed {
  const kind = over.kind ?? r.pick(['ride_hailing_driver', 'ride_hailing_driver', 'courier', 'courier', 'delivery_rider', 'ecommerce_worker', 'other'] as const);
  const cityCode = over.cityCode ?? (r.chance(0.8) ? homeCity[kind] : r.pick(cities).code);
  const city = cities.find((c) => c.code === cityCode)!;
  const own = kindPlatforms[kind];
  const chosen = own.length ? [...new Set([r.pick(own), ...(r.chance(0.3) ? [r.pick(own)] : [])])] : [];
  const name = personName(r);
  return {
    phone: phoneFor(n),
    password: 'nuanxin2026',
    name,
    idNumber: r.chance(0.7) ? idNumberFor(r, cityCode, n) : undefined,
    kind,
    cityCode,
    districtCode: r.pick(city.districts).code,
    platforms: chosen,
    employmentCategory: r.pick(kind === 'ride_hailing_driver' ? (['self_employed', 'written_agreement'] as const) : (['written_agreement', 'labour_contract', 'self_employed'] as const)),
    plates: kind === 'ride_hailing_driver' ? [plateFor(r, cityCode)] : [],
    locale: name.includes('·') && r.chance(0.6) ? 'ug' : 'zh',
    ...over,
  };
}

// ---- stations -----------------------------------------------------------------------------------

/** City centres (lng, lat) used to scatter demo and benchmark stations. */
export const cityCentres: Record<string, [number, number]> = {
  '650100': [87.6168, 43.8256],
  '652301': [87.3047, 44.0146],
  '652801': [86.1459, 41.7643],
};

const stationNames = ['社区', '工会', '商圈', '快递园区', '物流中心', '街道', '广场', '市场'];
const streets = ['北京路', '长江路', '人民路', '新华路', '友好路', '建设路', '团结路', '光明路', '天山路', '延安路'];
export const amenityCodes = ['hot_water', 'drinking_water', 'phone_charging', 'ebike_charging', 'microwave', 'fridge', 'toilet', 'seating', 'air_pump', 'repair_tools', 'first_aid', 'umbrellas', 'wifi', 'heating', 'cooling'] as const;
export const serviceCodes = ['meals', 'child_classroom', 'legal_consultation', 'health_check', 'donation_point', 'lending'] as const;

export type StationSeed = {
  name: string;
  operatorKind: 'community' | 'union' | 'platform' | 'other';
  operatorName: string;
  address: string;
  cityCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  phone: string;
  is24h: boolean;
  amenities: (typeof amenityCodes)[number][];
  services: (typeof serviceCodes)[number][];
  hours: { weekday: number; opens: string; closes: string }[];
};

/** A station near (lng, lat): amenities, services and one of a few realistic opening patterns. */
export function stationSeed(r: Rng, n: number, at: { cityCode: string; districtCode: string; lng: number; lat: number; spreadKm?: number }): StationSeed {
  const spread = (at.spreadKm ?? 6) / 111;
  const lat = at.lat + (r.next() - 0.5) * 2 * spread;
  const lng = at.lng + ((r.next() - 0.5) * 2 * spread) / Math.cos((at.lat * Math.PI) / 180);
  const kind = r.pick(['community', 'community', 'union', 'platform', 'other'] as const);
  const is24h = r.chance(0.07);
  const pattern = r.int(0, 2);
  const hours = is24h
    ? []
    : [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => {
        if (pattern === 0) return [{ weekday, opens: '08:00', closes: '22:00' }];
        if (pattern === 1) return weekday <= 5 ? [{ weekday, opens: '09:00', closes: '12:30' }, { weekday, opens: '14:00', closes: '20:00' }] : [];
        return [{ weekday, opens: '07:30', closes: '21:00' }];
      });
  const base: (typeof amenityCodes)[number][] = ['hot_water', 'drinking_water', 'phone_charging', 'seating'];
  const extra = amenityCodes.filter((a) => !base.includes(a) && r.chance(0.35));
  const svc = serviceCodes.filter(() => r.chance(0.25));
  const street = r.pick(streets);
  return {
    name: `${r.pick(stationNames)}暖"新"驿站${n}号`,
    operatorKind: kind,
    operatorName: kind === 'union' ? '市总工会' : kind === 'platform' ? r.pick(['美团', '顺丰', '中通', '滴滴']) : kind === 'community' ? `${street}社区` : '爱心企业',
    address: `${street}${r.int(1, 399)}号`,
    cityCode: at.cityCode,
    districtCode: at.districtCode,
    lat: Math.round(lat * 1e6) / 1e6,
    lng: Math.round(lng * 1e6) / 1e6,
    phone: `0994-${String(r.int(2000000, 8999999))}`,
    is24h,
    amenities: [...base, ...extra],
    services: svc,
    hours,
  };
}

// ---- rights cases ------------------------------------------------------------------------------------

const caseStories: Record<string, { titles: string[]; texts: string[]; respondents: [string, string][] }> = {
  traffic_fine: {
    titles: ['被以逆行处罚', '临时停车接客被罚款', '电子抓拍认定有误'],
    texts: ['按导航行驶被认定逆行，罚款200元记3分，该路段出租车可通行。', '在医院门口临时停靠上下客被罚款，现场没有禁停标志。', '抓拍时间与行程记录不符，申请复核无果。'],
    respondents: [['乌鲁木齐市公安局交通警察支队', 'authority']],
  },
  fleet_contract: {
    titles: ['车队合同违约金过高', '退车押金不退', '强制租车捆绑条款'],
    texts: ['管理公司合同约定提前退车违约金两万元，明显不公平。', '合同到期退车后押金5000元迟迟不退。', '入职时被要求必须租用公司车辆，否则不派单。'],
    respondents: [['某汽车租赁管理有限公司', 'company'], ['某网约车运营服务公司', 'company']],
  },
  pay_arrears: {
    titles: ['站点拖欠两个月派件费', '无故扣除配送费', '冲单奖励未发放'],
    texts: ['快递站点以业绩未达标为由拖欠派件费。', '超时罚款远高于配送费，申诉无回应。', '活动规则约定的奖励至今未发。'],
    respondents: [['某快递网点', 'company'], ['某外卖配送站', 'company']],
  },
  platform_penalty: {
    titles: ['账号被无故封禁', '差评申诉被驳回', '派单明显减少'],
    texts: ['乘客投诉不实导致封号七天，申诉材料未被采纳。', '顾客恶意差评影响服务分，平台不予处理。', '拒绝一单后连续数日派单减少，怀疑被降权。'],
    respondents: [['某网约车平台', 'platform'], ['某外卖平台', 'platform']],
  },
  accident_injury: {
    titles: ['送餐途中被车撞伤', '雨天路滑摔伤', '乘客损坏车辆'],
    texts: ['送餐途中被小轿车撞伤住院，对方拒绝赔偿。', '雨天送件摔倒骨折，站点不认可工伤。', '乘客醉酒损坏车内设施，拒绝赔偿。'],
    respondents: [['肇事车辆驾驶人', 'other'], ['某快递网点', 'company']],
  },
  occupational_injury: {
    titles: ['职业伤害保障申请被拒', '工伤认定材料不全', '职业伤害待遇未发'],
    texts: ['接单途中受伤申请职业伤害保障被拒，理由是不在订单时间内。', '站点不提供用工证明，无法申请认定。', '认定已通过但待遇迟迟未发放。'],
    respondents: [['某外卖平台', 'platform'], ['社会保险经办机构', 'authority']],
  },
  discrimination: {
    titles: ['因民族身份被拒绝录用', '女性骑手被区别对待'],
    texts: ['应聘站点骑手被告知不招少数民族，涉嫌就业歧视。', '站点对女性骑手派单明显少于男性。'],
    respondents: [['某外卖配送站', 'company']],
  },
  other: {
    titles: ['充电桩收费争议', '驿站物品丢失'],
    texts: ['停车充电被重复收费。', '寄存物品丢失，管理方不予处理。'],
    respondents: [['某充电运营公司', 'company']],
  },
};

export type CaseSeed = { category: string; title: string; description: string; place: string; respondentName: string; respondentKind: string; lat: number; lng: number };

/** A varied, invented grievance for demo data and the benchmark. */
export function caseSeed(r: Rng, cityCode = '650100'): CaseSeed {
  const category = r.pick(Object.keys(caseStories));
  const s = caseStories[category]!;
  const [respondentName, respondentKind] = r.pick(s.respondents);
  const [lng, lat] = cityCentres[cityCode] ?? [87.6168, 43.8256];
  const roads = ['河滩路', '北京南路', '友好北路', '新华北路', '阿勒泰路', '西虹东路', '南湖路', '苏州东街'];
  return {
    category,
    title: r.pick(s.titles),
    description: r.pick(s.texts),
    place: `${r.pick(roads)}${r.int(1, 999)}号附近`,
    respondentName,
    respondentKind,
    lat: lat + (r.next() - 0.5) * 0.2,
    lng: lng + (r.next() - 0.5) * 0.2,
  };
}
