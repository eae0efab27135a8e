// A month's analysis for the console: the stored orders of the month (Beijing time), the licence
// registry, the rule versions in force and the union's members, through the same engine as the command
// line; the figures and up to 20,000 findings per indicator (each with its orders and rule version) are
// saved as one run, in one transaction, audited.
import { newId, nowOf, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { insertRows } from '../../platform/db.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import type { Database } from '../../platform/schema.js';
import { analyze } from './engine/analyze.js';
import { OrderTable } from './engine/table.js';
import { Registry } from './engine/registry.js';
import { ruleSetOf } from './engine/rules.js';
import { currentRuleRows } from './rules.service.js';

const FINDINGS_PER_INDICATOR = 20_000;

/** [start, end) epoch ms of a Beijing-time month 'YYYY-MM'. */
export function monthRange(month: string): [number, number] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('bad_request', 'month must be YYYY-MM', [{ path: 'month', code: 'bad_month', message: 'YYYY-MM' }]);
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return [Date.UTC(y, m - 1, 1) - 8 * 3_600_000, Date.UTC(y, m, 1) - 8 * 3_600_000];
}

export async function runMonth(ctx: Ctx, month: string, actor: Actor): Promise<{ runId: string; completed: number; tookMs: number }> {
  const [from, to] = monthRange(month);
  const started = performance.now();
  const table = new OrderTable({ keepIds: true });
  // A day at a time (both databases; no server-side cursor needed), in accept order.
  async function* monthRows() {
    for (let d = from; d < to; d += 86_400_000) {
      yield* await ctx.db
        .selectFrom('orders')
        .select(['platform', 'order_id', 'driver_id', 'driver_permit_no', 'plate', 'city_code', 'accept_at', 'start_at', 'finish_at', 'tz_min', 'fare_paid', 'driver_pay', 'distance_m', 'completed'])
        .where('accept_at', '>=', d)
        .where('accept_at', '<', Math.min(to, d + 86_400_000))
        .execute();
    }
  }
  for await (const r of monthRows()) {
    table.add({
      order_id: r.order_id,
      platform: r.platform,
      driver_id: r.driver_id,
      driver_permit_no: r.driver_permit_no,
      plate: r.plate,
      city_code: r.city_code,
      accept: Number(r.accept_at),
      start: Number(r.start_at),
      finish: Number(r.finish_at),
      tzMin: r.tz_min,
      fare_paid: Number(r.fare_paid),
      driver_pay: Number(r.driver_pay),
      distance_m: Number(r.distance_m),
      completed: r.completed === 1,
      origin_lat: null,
      origin_lng: null,
      dest_lat: null,
      dest_lng: null,
    });
  }
  const dp = await ctx.db.selectFrom('driver_permits').select(['permit_no as key', 'valid_from as from', 'valid_to as to']).execute();
  const vp = await ctx.db.selectFrom('vehicle_permits').select(['plate as key', 'valid_from as from', 'valid_to as to']).execute();
  const registry = new Registry(dp, vp);
  const lastDay = new Date(to - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
  const rules = ruleSetOf((await currentRuleRows(ctx.db, lastDay)).map((r) => ({ id: r.id, rule: r.rule, scope: r.scope, version: r.version, value: Number(r.value), class: r.class, source: r.source })));
  const members = new Set(
    (
      await ctx.db
        .selectFrom('driver_permits')
        .innerJoin('memberships', 'memberships.worker_id', 'driver_permits.worker_id')
        .select('driver_permits.permit_no')
        .where('memberships.ended_at', 'is', null)
        .execute()
    ).map((r) => `P:${r.permit_no}`),
  );
  const { result, findings, truncated } = analyze(table, { rules, registry, members, findingsPerIndicator: FINDINGS_PER_INDICATOR });
  result.month = month;
  const tookMs = Math.round(performance.now() - started);
  const runId = newId();
  const ids = table.ids!;
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('oversight_runs')
      .values({ id: runId, month, orders: result.orders, completed: result.completed, result: JSON.stringify({ ...result, truncated }), rule_versions: JSON.stringify(rules.versions.map((v) => v.id)), created_by: actor.id, created_at: now, took_ms: tookMs })
      .execute();
    const rowsOut: Database['oversight_findings'][] = findings.map((f) => ({
      id: newId(),
      run_id: runId,
      indicator: f.indicator,
      platform: f.platform,
      day: f.day,
      driver_key: f.driverKey,
      plate: f.plate,
      value: f.value,
      limit_value: f.limit,
      rule_id: f.ruleId,
      order_ids: JSON.stringify(f.orders.map((i) => ids[i]!.split('\u0000'))),
    }));
    for (let i = 0; i < rowsOut.length; i += 2000) await insertRows(tx, 'oversight_findings', rowsOut.slice(i, i + 2000));
    await writeAudit(tx, actor, { action: 'oversight.run', targetType: 'oversight_run', targetId: runId, details: { month, completed: result.completed, findings: rowsOut.length } });
  });
  return { runId, completed: result.completed, tookMs };
}
