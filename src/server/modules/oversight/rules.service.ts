// Rules as data: every threshold the oversight analysis applies is a row of oversight_rules with its class,
// source text, scope (everywhere, a platform or a city) and effective dates. A change never edits a row:
// it adds version n+1 and marks version n superseded, in one transaction, so history is kept and an
// analysis can cite the exact version it applied (oversight_rules.id).
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Db, Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import { AppError, badField, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import { ruleIds, type RuleClass, type RuleId } from '../../../shared/oversight.js';

import { isIsoDate } from './registry.csv.js';

import { defaultRules, ruleBounds, ruleScopes, ruleUnits } from './rules.defaults.js';
import { beijingDay } from '../../platform/time.js';

export type RuleRow = Selectable<Database['oversight_rules']>;

/** Today's date in Beijing time (UTC+8), where the rules are in force. */

const covers = (r: RuleRow, day: string) => r.effective_from <= day && (r.effective_to === null || day <= r.effective_to);

/** Per (rule, scope), the latest version among `rows` (not DRAFT unless asked) whose effective range covers `day`. */
export function pickInForce(rows: readonly RuleRow[], day: string, opts: { includeDraft?: boolean } = {}): RuleRow[] {
  const best = new Map<string, RuleRow>();
  for (const r of rows) {
    if (!covers(r, day) || (r.class === 'DRAFT' && !opts.includeDraft)) continue;
    const k = `${r.rule}|${r.scope}`;
    const b = best.get(k);
    if (!b || r.version > b.version) best.set(k, r);
  }
  return [...best.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.scope.localeCompare(b.scope));
}

/**
 * The rule rows in force on a date (YYYY-MM-DD): per (rule, scope), the latest version whose effective
 * range covers the date, both ends inclusive. A DRAFT version is never in force (it does not displace the
 * version before it) unless `includeDraft`. What the analysis applies and cites.
 */
export async function currentRuleRows(db: Db | Tx, onDate: string, opts: { includeDraft?: boolean } = {}): Promise<RuleRow[]> {
  if (!isIsoDate(onDate)) throw badField('on', 'invalid_date', 'Use a date YYYY-MM-DD');
  const rows = await db
    .selectFrom('oversight_rules')
    .selectAll()
    .where('effective_from', '<=', onDate)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', onDate)]))
    .execute();
  return pickInForce(rows.map(num), onDate, opts);
}

// node-postgres returns double precision as numbers and bigint via the int8 parser; version is an int.
const num = (r: RuleRow): RuleRow => ({ ...r, value: Number(r.value), version: Number(r.version), created_at: Number(r.created_at), superseded_at: r.superseded_at === null ? null : Number(r.superseded_at) });

export type RuleVersionView = {
  id: string;
  rule: string;
  scope: string;
  version: number;
  value: number;
  unit: string;
  class: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: string | null;
  createdAt: string;
  supersededAt: string | null;
};

const view = (r: RuleRow, names: Map<string, string> = new Map()): RuleVersionView => ({
  id: r.id,
  rule: r.rule,
  scope: r.scope,
  version: r.version,
  value: r.value,
  unit: r.unit,
  class: r.class,
  source: r.source,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  createdBy: r.created_by ? (names.get(r.created_by) ?? null) : null,
  createdAt: new Date(r.created_at).toISOString(),
  supersededAt: r.superseded_at === null ? null : new Date(r.superseded_at).toISOString(),
});

async function namesOf(db: Db, rows: RuleRow[]) {
  const ids = [...new Set(rows.map((r) => r.created_by).filter((x): x is string => !!x))];
  if (!ids.length) return new Map<string, string>();
  const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * Every rule and scope with its latest version and the version in force on `on` (today, Beijing time, by
 * default) — they differ when the latest starts later, has ended or is a DRAFT.
 */
export async function listRules(ctx: Ctx, q: { on?: string; rule?: string; scope?: string } = {}) {
  const on = q.on ?? beijingDay(nowOf(ctx));
  let query = ctx.db.selectFrom('oversight_rules').selectAll();
  if (q.rule) query = query.where('rule', '=', q.rule);
  if (q.scope) query = query.where('scope', '=', q.scope);
  const rows = (await query.execute()).map(num);
  const inForce = new Map(pickInForce(rows, on).map((r) => [`${r.rule}|${r.scope}`, r]));
  const latest = rows.filter((r) => r.superseded_at === null);
  const names = await namesOf(ctx.db, latest);
  const order = (r: RuleRow) => ruleIds.indexOf(r.rule as RuleId);
  latest.sort((a, b) => order(a) - order(b) || (a.scope === '*' ? -1 : b.scope === '*' ? 1 : a.scope.localeCompare(b.scope)));
  return {
    on,
    items: latest.map((r) => {
      const f = inForce.get(`${r.rule}|${r.scope}`);
      return { ...view(r, names), inForce: f ? (f.id === r.id ? view(r, names) : view(f, names)) : null };
    }),
  };
}

/** One version, and every version of its rule and scope, newest first. */
export async function history(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('oversight_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('No such rule version');
  const all = (await ctx.db.selectFrom('oversight_rules').selectAll().where('rule', '=', row.rule).where('scope', '=', row.scope).orderBy('version', 'desc').execute()).map(num);
  const names = await namesOf(ctx.db, all);
  const today = beijingDay(nowOf(ctx));
  const inForce = pickInForce(all, today)[0] ?? null;
  return { version: view(num(row), names), inForceId: inForce?.id ?? null, history: all.map((r) => view(r, names)) };
}

export type RuleChange = {
  rule: RuleId;
  scope: string;
  value: number;
  unit?: string;
  class: RuleClass;
  source: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  /** The version the change was made from; a different latest version answers 409 stale_version. */
  basedOnVersion?: number | null;
};

async function checkScope(q: Db | Tx, rule: RuleId, scope: string) {
  const kinds = ruleScopes[rule];
  if (scope === '*') {
    if (kinds.includes('*')) return;
  } else if (/^\d{6}$/.test(scope)) {
    if (kinds.includes('city')) return;
  } else if (kinds.includes('platform')) {
    const p = await q.selectFrom('oversight_platforms').select('code').where('code', '=', scope).executeTakeFirst();
    if (p) return;
    throw badField('scope', 'unknown_platform', `No platform "${scope}" in the registry`);
  }
  throw badField('scope', 'invalid_scope', `${rule} applies to: ${kinds.map((k) => (k === '*' ? "'*' (everywhere)" : `a ${k}`)).join(', ')}`);
}

function checkValue(c: RuleChange) {
  const b = ruleBounds[c.rule];
  if (!Number.isFinite(c.value) || c.value < b.min || c.value > b.max) throw badField('value', 'out_of_range', `${c.rule} must lie between ${b.min} and ${b.max} ${ruleUnits[c.rule]}`);
  if (b.integer && !Number.isInteger(c.value)) throw badField('value', 'not_integer', `${c.rule} must be a whole number of ${ruleUnits[c.rule]}`);
  if (c.unit !== undefined && c.unit !== ruleUnits[c.rule]) throw badField('unit', 'wrong_unit', `${c.rule} is measured in ${ruleUnits[c.rule]}`);
  if (!isIsoDate(c.effectiveFrom)) throw badField('effectiveFrom', 'invalid_date', 'Use a date YYYY-MM-DD');
  if (c.effectiveTo != null) {
    if (!isIsoDate(c.effectiveTo)) throw badField('effectiveTo', 'invalid_date', 'Use a date YYYY-MM-DD');
    if (c.effectiveTo < c.effectiveFrom) throw badField('effectiveTo', 'before_effective_from', 'The end comes before the start');
  }
}

/**
 * Changes a rule (or sets one for a new scope): a new version, version n+1, and the previous version
 * marked superseded, in one transaction with its audit record. Rows are never edited otherwise.
 */
export async function changeRule(ctx: Ctx, c: RuleChange, actor: Actor) {
  checkValue(c);
  const now = nowOf(ctx);
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await checkScope(tx, c.rule, c.scope);
      const prev = await tx.selectFrom('oversight_rules').select(['id', 'version']).where('rule', '=', c.rule).where('scope', '=', c.scope).orderBy('version', 'desc').limit(1).executeTakeFirst();
      const prevVersion = prev ? Number(prev.version) : 0;
      if (c.basedOnVersion !== undefined && (c.basedOnVersion ?? 0) !== prevVersion) {
        throw new AppError('conflict', `The rule changed meanwhile: version ${prevVersion} is the latest`, [{ path: 'basedOnVersion', code: 'stale_version', message: `Latest version is ${prevVersion}` }], {}, { latestVersion: prevVersion });
      }
      if (prev) await tx.updateTable('oversight_rules').set({ superseded_at: now }).where('id', '=', prev.id).execute();
      await tx
        .insertInto('oversight_rules')
        .values({
          id,
          rule: c.rule,
          scope: c.scope,
          version: prevVersion + 1,
          value: c.value,
          unit: ruleUnits[c.rule],
          class: c.class,
          source: c.source.trim(),
          effective_from: c.effectiveFrom,
          effective_to: c.effectiveTo ?? null,
          created_by: actor.kind === 'user' ? actor.id : null,
          created_at: now,
          superseded_at: null,
        })
        .execute();
      await writeAudit(tx, actor, {
        action: 'oversight.rule_changed',
        targetType: 'oversight_rule',
        targetId: id,
        details: { rule: c.rule, scope: c.scope, version: prevVersion + 1, previous: prev?.id ?? null, class: c.class, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo ?? null },
      });
    });
  } catch (e) {
    // Two officers saving the same rule at once: the unique (rule, scope, version) index refuses the second.
    if (!(e instanceof AppError) && /unique|duplicate key/i.test(String((e as Error).message))) {
      throw new AppError('conflict', 'The rule changed meanwhile; reload and try again', [{ path: 'basedOnVersion', code: 'stale_version', message: 'Another version was saved first' }]);
    }
    throw e;
  }
  return history(ctx, id);
}

/** Loads the default rules (rules.defaults.ts) when the table is empty; answers how many it added. */
export async function ensureDefaultRules(tx: Db | Tx, now = Date.now()): Promise<number> {
  const any = await tx.selectFrom('oversight_rules').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  await tx
    .insertInto('oversight_rules')
    .values(
      defaultRules.map((r) => ({
        id: newId(),
        rule: r.rule,
        scope: r.scope,
        version: 1,
        value: r.value,
        unit: ruleUnits[r.rule],
        class: r.class,
        source: r.source,
        effective_from: r.effective_from,
        effective_to: r.effective_to ?? null,
        created_by: null,
        created_at: now,
        superseded_at: null,
      })),
    )
    .execute();
  return defaultRules.length;
}
