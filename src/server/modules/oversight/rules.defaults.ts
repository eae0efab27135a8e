// The rules a new installation starts with, each with its class, source text and effective dates
// (../shared/design/DOMAIN.md, RULES-RESEARCH.md). "(verify)" in a source marks a figure the research
// could not confirm against an official text: officers should check and change it in the console.
import type { RuleClass, RuleId } from '../../../shared/oversight.js';
import { platforms } from '../../../shared/reference.js';

export type DefaultRule = { rule: RuleId; scope: string; value: number; class: RuleClass; source: string; effective_from: string; effective_to?: string };

/** What each rule's value is measured in (stored with every version). */
export const ruleUnits: Record<RuleId, string> = {
  commission_cap: 'ratio',
  monthly_commission_cap: 'ratio',
  monthly_min_orders: 'orders',
  max_daily_min: 'min',
  min_hourly_wage_fen: 'fen/h',
  max_continuous_min: 'min',
  rest_gap_min: 'min',
  allowance_min: 'min',
  max_speed_kmh: 'km/h',
};

/** Which scopes a rule may have: everywhere ('*'), a platform code, or a 6-digit city code. */
export const ruleScopes: Record<RuleId, readonly ('*' | 'platform' | 'city')[]> = {
  commission_cap: ['*', 'platform'],
  monthly_commission_cap: ['*', 'platform'],
  monthly_min_orders: ['*', 'platform'],
  max_daily_min: ['*', 'platform'],
  min_hourly_wage_fen: ['*', 'city'],
  max_continuous_min: ['*'],
  rest_gap_min: ['*'],
  allowance_min: ['*'],
  max_speed_kmh: ['*'],
};

/** The range a value must lie in, and whether it must be whole. */
export const ruleBounds: Record<RuleId, { min: number; max: number; integer: boolean }> = {
  commission_cap: { min: 0, max: 1, integer: false },
  monthly_commission_cap: { min: 0, max: 1, integer: false },
  monthly_min_orders: { min: 1, max: 100_000, integer: true },
  max_daily_min: { min: 1, max: 1440, integer: true },
  min_hourly_wage_fen: { min: 1, max: 1_000_000, integer: true },
  max_continuous_min: { min: 1, max: 1440, integer: true },
  rest_gap_min: { min: 1, max: 1440, integer: true },
  allowance_min: { min: 0, max: 1440, integer: true },
  max_speed_kmh: { min: 1, max: 400, integer: false },
};

export const rideHailingCodes = platforms.filter((p) => p.kinds.includes('ride_hailing_driver')).map((p) => p.code);

const PLATFORM_2025 = '网约车平台抽成公示（2025-08-22 公告，etnet.com.hk / xinwen.mobi 报道）';
const LAW_62 = '《道路交通安全法实施条例》第六十二条第（七）项：不得连续驾驶机动车超过4小时未停车休息或者停车休息时间少于20分钟';
const GUIDE_50 = '人社厅发〔2023〕50号《新就业形态劳动者休息和劳动报酬权益保障指引》';
const WAGE =
  '新疆维吾尔自治区最低工资标准（2021-04-01起）：非全日制小时最低工资 一类19.0元、二类17.0元、三类16.2元、四类15.4元 (verify: 2021年文号未核实，很可能已有更新标准；各地所属类别未核实)';

const wage = (scope: string, fen: number, where: string): DefaultRule => ({
  rule: 'min_hourly_wage_fen',
  scope,
  value: fen,
  class: 'LEGAL',
  source: `${WAGE}；${where}`,
  effective_from: '2021-04-01',
});

export const defaultRules: DefaultRule[] = [
  // Commission caps the platforms published (P1, P2). Other platforms published none the research found.
  { rule: 'commission_cap', scope: 'didi', value: 0.27, class: 'PLATFORM', source: `滴滴出行：单笔订单抽成上限由29%降至27%，2025年底前落实，超出部分随单返还。${PLATFORM_2025}`, effective_from: '2025-12-31' },
  { rule: 'monthly_commission_cap', scope: 'didi', value: 0.25, class: 'PLATFORM', source: `滴滴出行“返佣宝”：月完单≥50单的司机月平均抽成不超过25%。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  { rule: 'commission_cap', scope: 't3', value: 0.27, class: 'PLATFORM', source: `T3出行：单笔订单抽成不超过27%。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  { rule: 'monthly_commission_cap', scope: 't3', value: 0.25, class: 'PLATFORM', source: `T3出行：月完单≥50单的司机抽成不超过月流水的25%。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  { rule: 'commission_cap', scope: 'caocao', value: 0.225, class: 'PLATFORM', source: `曹操出行：App及小程序抽成上限由22.7%降至22.5%。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  { rule: 'commission_cap', scope: 'gaode', value: 0.27, class: 'PLATFORM', source: `高德打车（聚合平台）：合作网约车平台抽成上限不超过27%（高德自身信息服务费不超过9%）。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  { rule: 'monthly_min_orders', scope: '*', value: 50, class: 'PLATFORM', source: `滴滴、T3：月平均抽成承诺适用于月完单≥50单的司机。${PLATFORM_2025}`, effective_from: '2025-08-22' },
  // Daily maximum working time (R3): left to negotiation by the 2023 guideline, so one per platform.
  ...rideHailingCodes.map(
    (code): DefaultRule => ({
      rule: 'max_daily_min',
      scope: code,
      value: 720,
      class: 'POLICY',
      source: `${GUIDE_50}第五条：每日最长工作时间由企业与工会或劳动者代表协商确定；参照美团12小时强制下线（2024），暂按12小时 (verify: 与乌鲁木齐市网约车行业工会的协商值)`,
      effective_from: '2023-11-08',
    }),
  ),
  // Hourly minimum wage of the place of work (P3), by tier.
  wage('650100', 1900, '乌鲁木齐市 一类 (verify)'),
  wage('650200', 1900, '克拉玛依市 一类 (verify)'),
  wage('652301', 1900, '昌吉市 一类 (verify: 2018年标准中与乌鲁木齐同类)'),
  wage('650400', 1700, '吐鲁番市 二类 (verify)'),
  wage('652801', 1700, '库尔勒市 二类 (verify: 2018年标准中为三类)'),
  wage('653101', 1700, '喀什市 二类 (verify)'),
  wage('654002', 1700, '伊宁市 二类 (verify)'),
  wage('*', 1540, '其他地区按最低的四类计（类别未知时的保守值） (verify)'),
  // Rest (R1, R2) and working time (P3, R3).
  { rule: 'max_continuous_min', scope: '*', value: 240, class: 'LEGAL', source: LAW_62, effective_from: '2004-05-01' },
  { rule: 'rest_gap_min', scope: '*', value: 20, class: 'LEGAL', source: LAW_62, effective_from: '2004-05-01' },
  { rule: 'allowance_min', scope: '*', value: 0, class: 'POLICY', source: `${GUIDE_50}第四条：工作时间为接单时间加宽放时间，宽放时间由企业与工会或劳动者代表协商确定；未协商前按0计（保守）`, effective_from: '2023-11-08' },
  // Implied speed (S2): advisory, no legal number for urban driving.
  { rule: 'max_speed_kmh', scope: '*', value: 120, class: 'POLICY', source: '提示性指标：《道路交通安全法》第六十七条 高速公路限速标志标明的最高时速不得超过120公里；隐含车速高于此值的订单数据存疑', effective_from: '2004-05-01' },
];
