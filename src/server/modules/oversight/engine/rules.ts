// The thresholds the analysis applies, as one plain object: from the rule rows in force (oversight_rules),
// from a `--rules` JSON file, or the product's defaults (the same values the demo seeds, with sources).
import { defaultRules as defaultRuleRows } from '../rules.defaults.js';

export type PlatformRules = { commission_cap?: number; monthly_commission_cap?: number; max_daily_min?: number; monthly_min_orders?: number };
export type RuleSet = {
  platforms: Record<string, PlatformRules>;
  /** Platform rules with scope '*': for every platform that has none of its own. */
  allPlatforms: PlatformRules;
  min_hourly_wage_fen: Record<string, number>;
  /** The hourly minimum for cities without one of their own (scope '*'). */
  min_hourly_wage_default: number | null;
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
export { rideHailingCodes as rideHailingPlatforms } from '../rules.defaults.js';

const empty = (): RuleSet => ({
  platforms: {},
  allPlatforms: {},
  min_hourly_wage_fen: {},
  min_hourly_wage_default: null,
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
          else r.allPlatforms[row.rule] = v;
        } else (r.platforms[row.scope] ??= {})[row.rule] = v;
        break;
      case 'min_hourly_wage_fen':
        if (row.scope === '*') r.min_hourly_wage_default = v;
        else r.min_hourly_wage_fen[row.scope] = v;
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

/** The product's default rules (what a new installation seeds: rules.defaults.ts) in force on a day. */
export const defaultRules = (onDay = new Date().toISOString().slice(0, 10)): RuleSet =>
  ruleSetOf(
    defaultRuleRows
      .filter((row) => row.effective_from <= onDay && (!row.effective_to || onDay <= row.effective_to))
      .map((row) => ({ id: `default:${row.rule}:${row.scope}`, rule: row.rule, scope: row.scope, version: 1, value: row.value, class: row.class, source: row.source })),
  );

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
  const out: RuleSet = { ...base, versions: [] };
  const cite = (rule: string, scope: string, value: number) => out.versions.push({ id: `file:${rule}:${scope}`, rule, scope, version: 1, value, class: 'LOCAL', source: 'rules file' });
  if (j.platforms !== undefined) {
    if (!j.platforms || typeof j.platforms !== 'object') throw new RulesFileError('platforms must be an object');
    out.platforms = {};
    out.allPlatforms = {};
    for (const [code, pr] of Object.entries(j.platforms as Record<string, unknown>)) {
      if (!pr || typeof pr !== 'object') throw new RulesFileError(`platforms.${code} must be an object`);
      const p: PlatformRules = {};
      for (const k of ['commission_cap', 'monthly_commission_cap', 'max_daily_min', 'monthly_min_orders'] as const) {
        const v = (pr as Record<string, unknown>)[k];
        if (v !== undefined) cite(k, code, (p[k] = num(v, `platforms.${code}.${k}`)));
      }
      if (code === '*') out.allPlatforms = p;
      else out.platforms[code] = p;
    }
  }
  if (j.min_hourly_wage_fen !== undefined) {
    if (!j.min_hourly_wage_fen || typeof j.min_hourly_wage_fen !== 'object') throw new RulesFileError('min_hourly_wage_fen must be an object');
    out.min_hourly_wage_fen = {};
    out.min_hourly_wage_default = null;
    for (const [city, v] of Object.entries(j.min_hourly_wage_fen as Record<string, unknown>)) {
      const fen = num(v, `min_hourly_wage_fen.${city}`);
      if (city === '*') out.min_hourly_wage_default = fen;
      else out.min_hourly_wage_fen[city] = fen;
      cite('min_hourly_wage_fen', city, fen);
    }
  }
  for (const k of ['max_continuous_min', 'rest_gap_min', 'allowance_min', 'max_speed_kmh', 'monthly_min_orders'] as const) {
    if (j[k] !== undefined) cite(k, '*', (out[k] = num(j[k], k)));
  }
  // What the file did not give still comes from the base, and is cited from there.
  const given = new Set(out.versions.map((v) => `${v.rule}|${v.scope}`));
  const replaced = (v: RuleVersion) =>
    (j.platforms !== undefined && ['commission_cap', 'monthly_commission_cap', 'max_daily_min'].includes(v.rule)) ||
    (j.min_hourly_wage_fen !== undefined && v.rule === 'min_hourly_wage_fen');
  for (const v of base.versions) if (!given.has(`${v.rule}|${v.scope}`) && !replaced(v)) out.versions.push(v);
  return out;
}
