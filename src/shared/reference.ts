/** Reference data shared by server and web: the article's three cities, platforms, worker kinds. */
export type Named = { code: string; nameZh: string; nameUg: string; nameEn: string };
export type City = Named & { districts: Named[] };
export type Platform = Named & { kinds: WorkerKind[] };

export const workerKinds = ['ride_hailing_driver', 'courier', 'delivery_rider', 'ecommerce_worker', 'other'] as const;
export type WorkerKind = (typeof workerKinds)[number];
export const employmentCategories = ['labour_contract', 'written_agreement', 'self_employed'] as const;
export type EmploymentCategory = (typeof employmentCategories)[number];
export const locales = ['zh', 'ug', 'en'] as const;
export type Locale = (typeof locales)[number];

export const roles = [
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
] as const;
export type Role = (typeof roles)[number];

const d = (code: string, nameZh: string, nameUg: string, nameEn: string): Named => ({ code, nameZh, nameUg, nameEn });

export const cities: City[] = [
  {
    ...d('650100', '乌鲁木齐市', 'ئۈرۈمچى شەھىرى', 'Urumqi'),
    districts: [
      d('650102', '天山区', 'تەڭرىتاغ رايونى', 'Tianshan'),
      d('650103', '沙依巴克区', 'سايباغ رايونى', 'Saybag'),
      d('650104', '新市区', 'يېڭىشەھەر رايونى', 'Xinshi'),
      d('650105', '水磨沟区', 'سۇمۇگۇ رايونى', 'Shuimogou'),
      d('650106', '头屯河区', 'تۇتۇڭخې رايونى', 'Toutunhe'),
      d('650107', '达坂城区', 'داۋانچىڭ رايونى', 'Dabancheng'),
      d('650109', '米东区', 'مىدۇڭ رايونى', 'Midong'),
      d('650121', '乌鲁木齐县', 'ئۈرۈمچى ناھىيىسى', 'Urumqi County'),
    ],
  },
  {
    ...d('652301', '昌吉市', 'سانجى شەھىرى', 'Changji'),
    districts: [
      d('652301001', '宁边路街道', 'نىڭبيەن يولى كوچا باشقارمىسى', 'Ningbian Road'),
      d('652301002', '延安北路街道', 'يەنئەن شىمالىي يولى كوچا باشقارمىسى', "Yan'an North Road"),
      d('652301003', '北京南路街道', 'بېيجىڭ جەنۇبىي يولى كوچا باشقارمىسى', 'Beijing South Road'),
      d('652301004', '中山路街道', 'جۇڭشەن يولى كوچا باشقارمىسى', 'Zhongshan Road'),
      d('652301005', '绿洲路街道', 'بوستانلىق يولى كوچا باشقارمىسى', 'Lüzhou Road'),
    ],
  },
  {
    ...d('652801', '库尔勒市', 'كورلا شەھىرى', 'Korla'),
    districts: [
      d('652801001', '团结街道', 'ئىتتىپاقلىق كوچا باشقارمىسى', 'Tuanjie'),
      d('652801002', '萨依巴格街道', 'سايباغ كوچا باشقارمىسى', 'Sayibage'),
      d('652801003', '天山街道', 'تەڭرىتاغ كوچا باشقارمىسى', 'Tianshan'),
      d('652801004', '建设街道', 'قۇرۇلۇش كوچا باشقارمىسى', 'Jianshe'),
      d('652801005', '新城街道', 'يېڭىشەھەر كوچا باشقارمىسى', 'Xincheng'),
    ],
  },
];

const p = (code: string, nameZh: string, nameUg: string, nameEn: string, kinds: WorkerKind[]): Platform => ({
  ...d(code, nameZh, nameUg, nameEn),
  kinds,
});
const R: WorkerKind[] = ['ride_hailing_driver'];
const C: WorkerKind[] = ['courier'];
const F: WorkerKind[] = ['delivery_rider'];
const E: WorkerKind[] = ['ecommerce_worker'];

export const platforms: Platform[] = [
  p('didi', '滴滴出行', 'دىدى', 'DiDi', R),
  p('t3', 'T3出行', 'T3', 'T3 Go', R),
  p('caocao', '曹操出行', 'سائوسائو', 'Caocao', R),
  p('gaode', '高德打车', 'گاۋدې', 'Amap Taxi', R),
  p('huaxiaozhu', '花小猪打车', 'خۇاشياۋجۇ', 'Huaxiaozhu', R),
  p('shouqi', '首汽约车', 'شوۋچى', 'Shouqi', R),
  p('ruqi', '如祺出行', 'رۇچى', 'Ruqi', R),
  p('xiangdao', '享道出行', 'شياڭداۋ', 'Xiangdao', R),
  p('dida', '嘀嗒出行', 'دىدا', 'Dida', R),
  p('yidao', '易到', 'يىداۋ', 'Yidao', R),
  p('meituan_taxi', '美团打车', 'مېيتۇەن تاكسى', 'Meituan Taxi', R),
  p('wanshun', '万顺叫车', 'ۋەنشۈن', 'Wanshun', R),
  p('yangguang', '阳光出行', 'ياڭگۇاڭ', 'Yangguang', R),
  p('tianshan_go', '天山约车', 'تەڭرىتاغ', 'Tianshan Go', R),
  p('xinjiang_go', '新约出行', 'شىنيۆ', 'Xinyue', R),
  p('meituan', '美团外卖', 'مېيتۇەن', 'Meituan', F),
  p('eleme', '饿了么', 'ئېلەمې', 'Ele.me', F),
  p('sf', '顺丰速运', 'شۈنفېڭ', 'SF Express', C),
  p('zto', '中通快递', 'جۇڭتۇڭ', 'ZTO', C),
  p('yto', '圆通速递', 'يۈەنتۇڭ', 'YTO', C),
  p('yunda', '韵达快递', 'يۈندا', 'Yunda', C),
  p('jd', '京东物流', 'جىڭدۇڭ', 'JD Logistics', C),
  p('ems', '中国邮政EMS', 'EMS', 'China Post EMS', C),
  p('douyin', '抖音', 'دوۋيىن', 'Douyin', E),
  p('kuaishou', '快手', 'كۇەيشوۋ', 'Kuaishou', E),
  p('taobao', '淘宝', 'تاۋباۋ', 'Taobao', E),
  p('pinduoduo', '拼多多', 'پىندۇئو', 'Pinduoduo', E),
];

export const cityByCode = new Map(cities.map((c) => [c.code, c]));
export const platformByCode = new Map(platforms.map((x) => [x.code, x]));
