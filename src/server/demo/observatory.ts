// Demo data for the observatory (issue 7), full demo only (300+ workers): the article counts Changji's
// couriers at 600+, far more than the generated workers, so Changji is topped up with generated couriers —
// real workers, made by the same factories and insertDemoWorker as seedDemo — about half of them union
// members, with visits to Changji's stations over the last months so the station figures show them.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';
import { randomToken } from '../platform/crypto.js';
import type { Tx } from '../platform/db.js';
import { insertRows } from '../platform/db.js';
import type { Database } from '../platform/schema.js';
import { writeAudit, systemActor } from '../platform/audit.js';
import { cities } from '../../shared/reference.js';
import { rng, workerSeed } from './factories.js';
import { demoOrgs, insertDemoWorker } from './seed.js';

/** Changji's couriers after the top-up (the article: "600 多名快递员"). */
export const DEMO_CHANGJI_COURIERS = 620;
const CHANGJI = '652301';
const DAY = 86_400_000;
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export async function seedObservatory(ctx: Ctx, tx: Tx, now: number, passwordHash: string): Promise<void> {
  const r = rng(20260707);
  const have = Number((await tx.selectFrom('workers').select((eb) => eb.fn.countAll<number>().as('n')).where('city_code', '=', CHANGJI).where('kind', '=', 'courier').executeTakeFirstOrThrow()).n);
  const districts = cities.find((c) => c.code === CHANGJI)!.districts;
  const stations = await tx.selectFrom('stations').select('id').where('city_code', '=', CHANGJI).execute();
  const counter = await tx.selectFrom('union_counters').select('next_no').where('union_id', '=', demoOrgs.changjiUnion).executeTakeFirst();
  let no = Number(counter?.next_no ?? 0);
  const memberships: Database['memberships'][] = [];
  const visits: Database['station_visits'][] = [];
  for (let i = 0; i < DEMO_CHANGJI_COURIERS - have; i++) {
    const n = 70_000 + i;
    const w = workerSeed(r, n, { kind: 'courier', cityCode: CHANGJI, districtCode: r.pick(districts).code, plates: [] });
    // Registered over the past two years, so the monthly figures have a history.
    const joined = now - r.int(5, 720) * DAY;
    const workerId = await insertDemoWorker(ctx, tx, w, passwordHash, joined);
    if (r.chance(0.5)) {
      no++;
      memberships.push({ id: newId(), union_id: demoOrgs.changjiUnion, worker_id: workerId, membership_no: `CJ-ZGH-2025-${String(no).padStart(6, '0')}`, card_token: randomToken(18), since: joined + r.int(1, 60) * DAY, ended_at: null, end_reason: null, application_id: null });
    }
    if (stations.length) {
      for (let k = r.int(0, 6); k > 0; k--) {
        const at = now - r.int(1, 180) * DAY - r.int(0, 12) * 3_600_000;
        if (at < joined) continue;
        visits.push({ id: newId(), station_id: r.pick(stations).id, worker_id: workerId, date: beijingDate(at), at });
      }
    }
  }
  await insertRows(tx, 'memberships', memberships.filter((m) => m.since < now));
  await insertRows(tx, 'station_visits', visits);
  if (counter) await tx.updateTable('union_counters').set({ next_no: no }).where('union_id', '=', demoOrgs.changjiUnion).execute();
  else if (no) await tx.insertInto('union_counters').values({ union_id: demoOrgs.changjiUnion, next_no: no }).execute();
  await writeAudit(tx, systemActor, { action: 'demo.seed.observatory', targetType: 'system', details: { couriers: Math.max(0, DEMO_CHANGJI_COURIERS - have), visits: visits.length } });
}
