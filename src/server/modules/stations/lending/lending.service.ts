// Lending (umbrellas, raincoats, power banks, tools); donations are in donations.service.ts. Stock never
// goes below zero: each loan takes one with a conditional update, each return gives one back exactly once.
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { maskPhone } from '../../../platform/crypto.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import { workerIdByPhone, workerIdOf } from '../../workers/index.js';
import { requireOperated, requireStation } from '../station.access.js';
import { operatedStations } from '../station.policy.js';

export const itemKinds = ['umbrella', 'raincoat', 'power_bank', 'tool', 'other'] as const;
const DAY = 86_400_000;

type ItemRow = { id: string; station_id: string; kind: string; name: string; loan_days: number; stock_total: number; stock_available: number };
const presentItem = (i: ItemRow) => ({ id: i.id, stationId: i.station_id, kind: i.kind, name: i.name, loanDays: i.loan_days, stockTotal: i.stock_total, stockAvailable: i.stock_available });

export async function items(ctx: Ctx, stationId: string) {
  await requireStation(ctx, stationId);
  const rows = await ctx.db.selectFrom('lend_items').selectAll().where('station_id', '=', stationId).orderBy('kind').orderBy('name').execute();
  return rows.map(presentItem);
}

export async function addItem(ctx: Ctx, p: Principal, stationId: string, input: { kind: string; name: string; stock: number; loanDays: number }, actor: Actor) {
  await requireOperated(ctx, p, stationId);
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('lend_items').values({ id, station_id: stationId, kind: input.kind, name: input.name, loan_days: input.loanDays, stock_total: input.stock, stock_available: input.stock }).execute();
    await writeAudit(tx, actor, { action: 'lending.item_add', targetType: 'lend_item', targetId: id, details: { stationId } });
  });
  return presentItem((await ctx.db.selectFrom('lend_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

/** A new total keeps the items out on loan: available = total − out, and total cannot go below out. */
export async function updateItem(ctx: Ctx, p: Principal, id: string, patch: { stock?: number | undefined; name?: string | undefined; loanDays?: number | undefined }, actor: Actor) {
  const item = await ctx.db.selectFrom('lend_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item || !operatedStations(p).includes(item.station_id)) throw notFound('No such item');
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('lend_items').select(['stock_total', 'stock_available']).where('id', '=', id).executeTakeFirstOrThrow();
    const out = cur.stock_total - cur.stock_available;
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.loanDays !== undefined) set.loan_days = patch.loanDays;
    if (patch.stock !== undefined) {
      if (patch.stock < out) throw new AppError('conflict', `${out} are out on loan`, [{ path: 'stock', code: 'below_on_loan', message: `At least ${out}` }]);
      set.stock_total = patch.stock;
      set.stock_available = patch.stock - out;
    }
    if (Object.keys(set).length) await tx.updateTable('lend_items').set(set).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'lending.item_update', targetType: 'lend_item', targetId: id, details: { fields: Object.keys(patch) } });
  });
  return presentItem((await ctx.db.selectFrom('lend_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

/** A worker borrows at the station, or the operator records it for a worker named by phone. */
export async function borrow(ctx: Ctx, p: Principal, itemId: string, workerPhone: string | undefined, actor: Actor) {
  const item = await ctx.db.selectFrom('lend_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw notFound('No such item');
  let workerId: string;
  if (workerPhone !== undefined) {
    if (!operatedStations(p).includes(item.station_id)) throw notFound('No such item');
    workerId = await workerIdByPhone(ctx, workerPhone);
  } else {
    workerId = await workerIdOf(ctx, p);
  }
  const id = newId();
  const now = Date.now();
  const dueAt = now + item.loan_days * DAY;
  await ctx.db.transaction().execute(async (tx) => {
    const took = await tx.updateTable('lend_items').set((eb) => ({ stock_available: eb('stock_available', '-', 1) })).where('id', '=', itemId).where('stock_available', '>', 0).executeTakeFirst();
    if (Number(took.numUpdatedRows) !== 1) throw new AppError('conflict', 'None left to lend', [{ path: 'item', code: 'out_of_stock', message: 'All are out on loan' }]);
    await tx.insertInto('loans').values({ id, item_id: itemId, worker_id: workerId, borrowed_at: now, due_at: dueAt, returned_at: null }).execute();
    await writeAudit(tx, actor, { action: 'lending.borrow', targetType: 'loan', targetId: id, details: { itemId } });
  });
  return { id, itemId, itemName: item.name, borrowedAt: new Date(now).toISOString(), dueAt: new Date(dueAt).toISOString(), returnedAt: null };
}

export async function giveBack(ctx: Ctx, p: Principal, loanId: string, actor: Actor) {
  const loan = await ctx.db
    .selectFrom('loans')
    .innerJoin('lend_items', 'lend_items.id', 'loans.item_id')
    .select(['loans.id', 'loans.item_id', 'loans.worker_id', 'loans.borrowed_at', 'loans.due_at', 'loans.returned_at', 'lend_items.station_id', 'lend_items.name'])
    .where('loans.id', '=', loanId)
    .executeTakeFirst();
  const mine = loan && loan.worker_id === (await workerIdOf(ctx, p).catch(() => ''));
  if (!loan || !(mine || operatedStations(p).includes(loan.station_id))) throw notFound('No such loan');
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('loans').set({ returned_at: now }).where('id', '=', loanId).where('returned_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'Already returned', [{ path: 'loan', code: 'already_returned', message: 'This loan was already returned' }]);
    await tx.updateTable('lend_items').set((eb) => ({ stock_available: eb('stock_available', '+', 1) })).where('id', '=', loan.item_id).execute();
    await writeAudit(tx, actor, { action: 'lending.return', targetType: 'loan', targetId: loanId });
  });
  return { id: loanId, itemId: loan.item_id, itemName: loan.name, borrowedAt: new Date(loan.borrowed_at).toISOString(), dueAt: new Date(loan.due_at).toISOString(), returnedAt: new Date(now).toISOString() };
}

const loanQuery = (ctx: Ctx) =>
  ctx.db
    .selectFrom('loans')
    .innerJoin('lend_items', 'lend_items.id', 'loans.item_id')
    .innerJoin('stations', 'stations.id', 'lend_items.station_id')
    .innerJoin('workers', 'workers.id', 'loans.worker_id')
    .innerJoin('users', 'users.id', 'workers.user_id')
    .select(['loans.id', 'loans.borrowed_at', 'loans.due_at', 'loans.returned_at', 'lend_items.name as item_name', 'stations.id as station_id', 'stations.name as station_name', 'workers.name as worker_name', 'users.phone_enc']);

const presentLoan = (ctx: Ctx, now: number) => (r: Awaited<ReturnType<ReturnType<typeof loanQuery>['execute']>>[number]) => ({
  id: r.id,
  itemName: r.item_name,
  stationId: r.station_id,
  stationName: r.station_name,
  workerName: r.worker_name,
  phoneMasked: ctx.crypto.masked(r.phone_enc, maskPhone),
  borrowedAt: new Date(r.borrowed_at).toISOString(),
  dueAt: new Date(r.due_at).toISOString(),
  returnedAt: r.returned_at === null ? null : new Date(r.returned_at).toISOString(),
  overdue: r.returned_at === null && r.due_at < now,
});

export async function myLoans(ctx: Ctx, p: Principal) {
  const workerId = await workerIdOf(ctx, p);
  const rows = await loanQuery(ctx).where('loans.worker_id', '=', workerId).orderBy('loans.borrowed_at', 'desc').limit(100).execute();
  return rows.map(presentLoan(ctx, Date.now()));
}

export async function stationLoans(ctx: Ctx, p: Principal, stationId: string, f: { open?: boolean | undefined; overdue?: boolean | undefined }) {
  await requireOperated(ctx, p, stationId);
  const now = Date.now();
  let q = loanQuery(ctx).where('lend_items.station_id', '=', stationId);
  if (f.open || f.overdue) q = q.where('loans.returned_at', 'is', null);
  if (f.overdue) q = q.where('loans.due_at', '<', now);
  const rows = await q.orderBy('loans.due_at').limit(500).execute();
  return rows.map(presentLoan(ctx, now));
}
