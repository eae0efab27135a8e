// Donations (爱心互献): the station logs what came in; workers claim some of it. A claim takes a
// quantity with a conditional update, so simultaneous claims never take more than is left.
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { maskPhone } from '../../../platform/crypto.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import { workerIdOf } from '../../workers/index.js';
import { requireOperated, requireStation } from '../station.access.js';

type DonationRow = { id: string; description: string; quantity: number; quantity_left: number; donor: string; created_at: number };
const present = (d: DonationRow) => ({ id: d.id, description: d.description, quantity: d.quantity, quantityLeft: d.quantity_left, createdAt: new Date(d.created_at).toISOString() });

/** What a station still has to give (public): no donor, no claimants. */
export async function available(ctx: Ctx, stationId: string) {
  await requireStation(ctx, stationId);
  const rows = await ctx.db.selectFrom('donations').selectAll().where('station_id', '=', stationId).where('quantity_left', '>', 0).orderBy('created_at', 'desc').limit(200).execute();
  return rows.map(present);
}

/** The station's own log (its operator only): every donation, its donor, and who claimed how many. */
export async function stationLog(ctx: Ctx, p: Principal, stationId: string) {
  await requireOperated(ctx, p, stationId);
  const rows = await ctx.db.selectFrom('donations').selectAll().where('station_id', '=', stationId).orderBy('created_at', 'desc').limit(200).execute();
  const claims = rows.length
    ? await ctx.db
        .selectFrom('donation_claims')
        .innerJoin('workers', 'workers.id', 'donation_claims.worker_id')
        .innerJoin('users', 'users.id', 'workers.user_id')
        .select(['donation_claims.id', 'donation_claims.donation_id', 'donation_claims.quantity', 'donation_claims.claimed_at', 'workers.name', 'users.phone_enc'])
        .where('donation_claims.donation_id', 'in', rows.map((r) => r.id))
        .orderBy('donation_claims.claimed_at')
        .execute()
    : [];
  return rows.map((d) => ({
    ...present(d),
    donor: d.donor,
    claims: claims
      .filter((c) => c.donation_id === d.id)
      .map((c) => ({ id: c.id, workerName: c.name, phoneMasked: ctx.crypto.masked(c.phone_enc, maskPhone), quantity: c.quantity, claimedAt: new Date(c.claimed_at).toISOString() })),
  }));
}

export async function logDonation(ctx: Ctx, p: Principal, stationId: string, input: { description: string; quantity: number; donor?: string | undefined }, actor: Actor) {
  await requireOperated(ctx, p, stationId);
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('donations')
      .values({ id, station_id: stationId, description: input.description, quantity: input.quantity, quantity_left: input.quantity, donor: input.donor ?? '', claimed_by: null, claimed_at: null, created_at: Date.now() })
      .execute();
    await writeAudit(tx, actor, { action: 'donation.log', targetType: 'donation', targetId: id });
  });
  return { id };
}

/** Takes `quantity` if that many are left: none left is `already_claimed`, too few is `not_enough_left`. */
export async function claim(ctx: Ctx, p: Principal, donationId: string, quantity: number, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const d = await ctx.db.selectFrom('donations').select('id').where('id', '=', donationId).executeTakeFirst();
  if (!d) throw notFound('No such donation');
  const id = newId();
  const now = Date.now();
  const left = await ctx.db.transaction().execute(async (tx) => {
    const took = await tx
      .updateTable('donations')
      .set((eb) => ({ quantity_left: eb('quantity_left', '-', quantity) }))
      .where('id', '=', donationId)
      .where('quantity_left', '>=', quantity)
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) !== 1) {
      const cur = await tx.selectFrom('donations').select('quantity_left').where('id', '=', donationId).executeTakeFirstOrThrow();
      if (cur.quantity_left <= 0) throw new AppError('conflict', 'Someone claimed it already', [{ path: 'donation', code: 'already_claimed', message: 'None left' }]);
      throw new AppError('conflict', `Only ${cur.quantity_left} left`, [{ path: 'quantity', code: 'not_enough_left', message: `At most ${cur.quantity_left}` }]);
    }
    await tx.insertInto('donation_claims').values({ id, donation_id: donationId, worker_id: workerId, quantity, claimed_at: now }).execute();
    await writeAudit(tx, actor, { action: 'donation.claim', targetType: 'donation', targetId: donationId, details: { claimId: id, quantity } });
    return (await tx.selectFrom('donations').select('quantity_left').where('id', '=', donationId).executeTakeFirstOrThrow()).quantity_left;
  });
  return { claim: { id, donationId, quantity, claimedAt: new Date(now).toISOString() }, quantityLeft: left };
}
