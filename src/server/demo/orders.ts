// Demo order data: last month and this month so far, for 250 of the demo fleet's drivers on their
// platforms (violations of every kind planted by the generator), stored the way a platform's upload is,
// then analysed into the scorecard's runs.
import { newId, nowOf, type Ctx } from '../platform/context.js';
import { systemActor } from '../platform/audit.js';
import { generateOrders } from '../modules/oversight/engine/generate.js';
import { forEachLine, OrderReader } from '../modules/oversight/engine/orders.js';
import { orderRow, storeOrders } from '../modules/oversight/ingest.service.js';
import { runMonth } from '../modules/oversight/analysis.service.js';
import { demoFleet } from './oversight.js';

const beijingMonth = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);

export async function seedDemoOrders(ctx: Ctx, opts: { drivers?: number; perMonth?: number } = {}) {
  const now = nowOf(ctx);
  const fleet = demoFleet(opts.drivers ?? 250).map((f) => ({ permitNo: f.permitNo, plate: f.plate, platforms: f.platforms }));
  const thisMonth = beijingMonth(now);
  const lastMonth = beijingMonth(Date.parse(`${thisMonth}-01T00:00:00+08:00`) - 86_400_000);
  const today = Number(new Date(now + 8 * 3_600_000).toISOString().slice(8, 10));
  for (const [month, untilDay, seed] of [
    [lastMonth, 99, 11],
    [thisMonth, today, 12],
  ] as const) {
    const rows: Parameters<typeof storeOrders>[1] = [];
    const reader = new OrderReader('csv', () => true);
    const ingestId = newId();
    let text = '';
    for (const chunk of generateOrders({ orders: Math.round((opts.perMonth ?? 40_000) * Math.min(1, (untilDay - 1) / 30)), drivers: fleet.length, month, untilDay, seed, fleet })) text += chunk;
    await forEachLine([text], (line, n) => {
      const o = reader.read(line, n);
      if (o) rows.push(orderRow(o, ingestId));
    });
    if (!rows.length) continue;
    await ctx.db.transaction().execute((tx) => storeOrders(tx, rows));
    await runMonth(ctx, month, systemActor);
  }
}
