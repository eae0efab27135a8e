// Demo agency figures: the shipped sheet agency-figures.csv, imported through the agency service by the demo
// analyst, so the demo holds a real import (with its pending upload, commit and audit records). Real figures are
// the ones the article states (the national 84 million from the ACFTU; Urumqi's 15 platforms and about 13,000
// ride-hailing cars and drivers from the city's transport bureau); every other row says in its note that it is a sample.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ctx } from '../platform/context.js';
import type { Principal } from '../platform/access.js';
import * as agency from '../modules/stats/agency/agency.service.js';

export const demoAgencySheet = fileURLToPath(new URL('./agency-figures.csv', import.meta.url));
export const demoAgencySource = '中华全国总工会、乌鲁木齐市交通运输局（人民日报 2025-07-09 报道所引）；自治区民政厅、自治区总工会（样例）';

export async function seedAgency(ctx: Ctx, analystPhone: string) {
  const user = await ctx.db.selectFrom('users').select(['id', 'name']).where('phone_hash', '=', ctx.crypto.lookupHash(analystPhone)).executeTakeFirst();
  if (!user) return null;
  const p: Principal = { kind: 'user', userId: user.id, name: user.name, roles: [{ role: 'analyst', orgId: '' }], isStaff: true, sessionHash: '' };
  const actor = { id: user.id, kind: 'user' as const, ip: null };
  const preview = await agency.upload(ctx, p, { bytes: fs.readFileSync(demoAgencySheet), contentType: 'text/csv', name: 'agency-figures.csv' }, actor);
  if (preview.summary.invalid) throw new Error(`demo agency sheet: ${preview.problems.map((e) => e.message).join('; ')}`);
  return (await agency.commit(ctx, p, preview.upload.id, { source: demoAgencySource }, actor)).import;
}
