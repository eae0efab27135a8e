// The thresholds the analysis applies, as one plain object: from the rule rows in force (oversight_rules),
// from a `--rules` JSON file, or the product's defaults (the same values the demo seeds, with sources).
import { platforms as referencePlatforms } from '../../../../shared/reference.js';

export type PlatformRules = { commission_cap?: number; monthly_commission_cap?: number; max_daily_min?: number; monthly_min_orders?: number };
export type RuleSet = {
  platforms: Record<string, PlatformRules>;
  min_hourly_wage_fen: Record<string, number>;
  max_continuous_min: number;
  rest_gap_min: number;
  allowance_min: number;
  max_speed_kmh: number;
  monthly_min_orders: number;
  /** The versions these values come from (rule rows), for the analysis to cite. */
  versions: RuleVersion[];
};
export type RuleVersion = { id: string; rule: string; scope: string; version: number; value: number; class: string; source: string };

/** Ride-hailing platforms the product knows (the registry adds to these). */
export const rideHailingPlatforms = referencePlatforms.filter((p) => p.kinds.includes('ride_hailing_driver')).map((p) => p.code);

const LAW_62 = '道路交通安全法实施条例 第六十二条第（七）项：连续驾驶机动车超过4小时未停车休息或者停车休息时间少于20分钟';
const WAGE = '新疆维吾尔自治区最低工资标准（2021-04-01起，非全日制小时最低工资 一类19.0/二类17.0/三类16.2/四类15.4元）(verify)';
const GUIDE = '人社厅发〔2023〕50号 新就业形态劳动者休息和劳动报酬权益保障指引（每日最长工作时长由平台与工会协商确定）';

/** The product's default rule rows (what `npm start` seeds, and what the command applies without --rules). */
export const defaultRuleRows: Omit<RuleVersion, 'id' | 'version'>[] = [
  { rule: 'max_continuous_min', scope: '*', value: 240, class: 'LEGAL', source: LAW_62 },
  { rule: 'rest_gap_min', scope: '*', value: 20, class: 'LEGAL', source: LAW_62 },
  { rule: 'allowance_min', scope: '*', value: 0, class: 'POLICY', source: '人社部发〔2021〕56号 宽放时间由企业与劳动者协商（默认0）' },
  { rule: 'max_speed_kmh', scope: '*', value: 120, class: 'POLICY', source: '道路交通安全法 第六十七条 高速公路最高车速不得超过120公里/小时（提示性指标）' },
  { rule: 'monthly_min_orders', scope: '*', value: 50, class: 'PLATFORM', source: '滴滴、T3 抽成公示：月完单≥50单的司机月平均抽成不超过25%' },
  { rule: 'commission_cap', scope: 'didi', value: 0.27, class: 'PLATFORM', source: '滴滴出行 抽成上限公示：单笔订单抽成不超过27%' },
  { rule: 'monthly_commission_cap', scope: 'didi', value: 0.25, class: 'PLATFORM', source: '滴滴出行 抽成上限公示：月平均抽成不超过25%' },
  { rule: 'commission_cap', scope: 't3', value: 0.27, class: 'PLATFORM', source: 'T3出行 抽成上限公示：单笔订单抽成不超过27%' },
  { rule: 'monthly_commission_cap', scope: 't3', value: 0.25, class: 'PLATFORM', source: 'T3出行 抽成上限公示：月平均抽成不超过25%' },
  { rule: 'commission_cap', scope: 'caocao', value: 0.225, class: 'PLATFORM', source: '曹操出行 抽成公示：单笔抽成不超过22.5%' },
  ...rideHailingPlatforms.map((code) => ({ rule: 'max_daily_min', scope: code, value: 720, class: 'POLICY', source: `${GUIDE}；与乌鲁木齐市网约车行业工会协商上限12小时` })),
  { rule: 'min_hourly_wage_fen', scope: '650100', value: 1900, class: 'LEGAL', source: `${WAGE}：乌鲁木齐市 一类` },
  { rule: 'min_hourly_wage_fen', scope: '650200', value: 1900, class: 'LEGAL', source: `${WAGE}：克拉玛依市 一类` },
  { rule: 'min_hourly_wage_fen', scope: '650400', value: 1700, class: 'LEGAL', source: `${WAGE}：吐鲁番市 二类` },
  { rule: 'min_hourly_wage_fen', scope: '652301', value: 1900, class: 'LEGAL', source: `${WAGE}：昌吉市 一类` },
  { rule: 'min_hourly_wage_fen', scope: '653101', value: 1700, class: 'LEGAL', source: `${WAGE}：喀什市 二类` },
  { rule: 'min_hourly_wage_fen', scope: '654002', value: 1700, class: 'LEGAL', source: `${WAGE}：伊宁市 二类` },
  { rule: 'min_hourly_wage_fen', scope: '652801', value: 1700, class: 'LEGAL', source: `${WAGE}：库尔勒市 二类` },
];

/** Each rule's unit, as the rule rows record it. */
export const ruleUnits: Record<string, string> = {
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

const empty = (): RuleSet => ({
  platforms: {},
  min_hourly_wage_fen: {},
  max_continuous_min: 240,
  rest_gap_min: 20,
  allowance_min: 0,
  max_speed_kmh: 120,
  monthly_min_orders: 50,
  versions: [],
});

/** The rule set of rule rows (the versions in force). */
export function ruleSetOf(rows: readonly RuleVersion[]): RuleSet {
  const r = empty();
  for (const row of rows) {
    r.versions.push(row);
    const v = Number(row.value);
    switch (row.rule) {
      case 'commission_cap':
      case 'monthly_commission_cap':
      case 'max_daily_min':
      case 'monthly_min_orders':
        if (row.scope === '*') {
          if (row.rule === 'monthly_min_orders') r.monthly_min_orders = v;
        } else (r.platforms[row.scope] ??= {})[row.rule] = v;
        break;
      case 'min_hourly_wage_fen':
        r.min_hourly_wage_fen[row.scope] = v;
        break;
      case 'max_continuous_min':
      case 'rest_gap_min':
      case 'allowance_min':
      case 'max_speed_kmh':
        r[row.rule] = v;
        break;
    }
  }
  return r;
}

export const defaultRules = (): RuleSet => ruleSetOf(defaultRuleRows.map((row, i) => ({ ...row, id: `default-${i + 1}`, version: 1 })));

export class RulesFileError extends Error {}

/**
 * The `--rules` file: `{"platforms": {"<code>": {"commission_cap": 0.27, "monthly_commission_cap": 0.25,
 * "max_daily_min": 720}}, "min_hourly_wage_fen": {"<city>": 1700}, "max_continuous_min": 240,
 * "rest_gap_min": 20, "allowance_min": 0, "max_speed_kmh": 120}`. What it gives replaces the base's:
 * `platforms` and `min_hourly_wage_fen` as a whole, the others one by one.
 */
export function ruleSetFromJson(json: unknown, base: RuleSet = defaultRules()): RuleSet {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new RulesFileError('The rules file must hold one JSON object');
  const j = json as Record<string, unknown>;
  const num = (v: unknown, what: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RulesFileError(`${what} must be a number ≥ 0`);
    return v;
  };
  const out: RuleSet = { ...base, platforms: base.platforms, min_hourly_wage_fen: base.min_hourly_wage_fen, versions: [] };
  const cite = (rule: string, scope: string, value: number) => out.versions.push({ id: `file:${rule}:${scope}`, rule, scope, version: 1, value, class: 'LOCAL', source: 'rules file' });
  if (j.platforms !== undefined) {
    if (!j.platforms || typeof j.platforms !== 'object') throw new RulesFileError('platforms must be an object');
    out.platforms = {};
    for (const [code, pr] of Object.entries(j.platforms as Record<string, unknown>)) {
      if (!pr || typeof pr !== 'object') throw new RulesFileError(`platforms.${code} must be an object`);
      const p: PlatformRules = {};
      for (const k of ['commission_cap', 'monthly_commission_cap', 'max_daily_min', 'monthly_min_orders'] as const) {
        const v = (pr as Record<string, unknown>)[k];
        if (v !== undefined) cite(k, code, (p[k] = num(v, `platforms.${code}.${k}`)));
      }
      out.platforms[code] = p;
    }
  }
  if (j.min_hourly_wage_fen !== undefined) {
    if (!j.min_hourly_wage_fen || typeof j.min_hourly_wage_fen !== 'object') throw new RulesFileError('min_hourly_wage_fen must be an object');
    out.min_hourly_wage_fen = {};
    for (const [city, v] of Object.entries(j.min_hourly_wage_fen as Record<string, unknown>)) cite('min_hourly_wage_fen', city, (out.min_hourly_wage_fen[city] = num(v, `min_hourly_wage_fen.${city}`)));
  }
  for (const k of ['max_continuous_min', 'rest_gap_min', 'allowance_min', 'max_speed_kmh', 'monthly_min_orders'] as const) {
    if (j[k] !== undefined) cite(k, '*', (out[k] = num(j[k], k)));
  }
  // What the file did not give still comes from the base, and is cited from there.
  const given = new Set(out.versions.map((v) => `${v.rule}|${v.scope}`));
  const replaced = (v: RuleVersion) =>
    (j.platforms !== undefined && ['commission_cap', 'monthly_commission_cap', 'max_daily_min'].includes(v.rule) && v.scope !== '*') ||
    (j.min_hourly_wage_fen !== undefined && v.rule === 'min_hourly_wage_fen');
  for (const v of base.versions) if (!given.has(`${v.rule}|${v.scope}`) && !replaced(v)) out.versions.push(v);
  return out;
}
