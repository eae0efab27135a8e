// The product-selection library (选品库): products, quality checks, stock and the search over them.
// Searches run on an in-process n-gram index (product.index.ts, decision 0013). Changes made here patch
// it at once; the libraries' version rows are read again at most every second, and a version this
// process has not seen reloads the index, so another server process's change shows within a second.
import { sql } from 'kysely';

import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, badField, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import type { Database } from '../../platform/schema.js';
import { mayOnBase, type BaseAction } from './incubator.policy.js';

import { baseFor } from './incubator.service.js';

import { ProductIndex, type ProductEntry, type ProductQuery } from './product.index.js';
import { beijingDay } from '../../platform/time.js';

type ProductRow = Database['products'];

export const entryOf = (r: ProductRow): ProductEntry => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  nameUg: r.name_ug,
  nameEn: r.name_en,
  supplier: r.supplier,
  category: r.category,
  origin: r.origin,
  originPlace: r.origin_place,
  priceFen: Number(r.price_fen),
  commissionFen: Number(r.commission_fen),
  stock: Number(r.stock),
  rating: r.rating === null ? null : Number(r.rating),
  checkResult: r.check_result,
  checkedOn: r.checked_on,
  active: !!r.is_active,
  updatedAt: Number(r.updated_at),
});

/** What the API shows of a product (the supplier's contact only in the manager's detail). */
export const presentProduct = (e: ProductEntry) => ({
  id: e.id,
  name: e.name,
  nameUg: e.nameUg,
  nameEn: e.nameEn,
  supplier: e.supplier,
  category: e.category,
  origin: e.origin,
  originPlace: e.originPlace,
  priceFen: e.priceFen,
  commissionFen: e.commissionFen,
  stock: e.stock,
  rating: e.rating === null ? null : e.rating / 10,
  checkResult: e.checkResult,
  checkedOn: e.checkedOn,
  active: e.active,
  shortlistable: e.active && e.checkResult !== 'fail',
});

// ---- the index, one per database handle ------------------------------------------------------------

type LibState = { index: ProductIndex; versions: Map<string, number>; checkedAt: number; dirty: boolean };
const states = new WeakMap<Db, LibState>();
const loading = new WeakMap<Db, Promise<LibState>>();
/** How long a search trusts the index without reading the version rows (changes made here are patched at once). */
export const RECHECK_MS = 1000;

async function load(db: Db): Promise<LibState> {
  const vs = await db.selectFrom('product_library_versions').select(['org_id', 'version']).execute();
  const rows = await db.selectFrom('products').selectAll().orderBy('created_at').orderBy('id').execute();
  const index = new ProductIndex(rows.map(entryOf));
  index.warm();
  return { index, versions: new Map(vs.map((v) => [v.org_id, Number(v.version)])), checkedAt: Date.now(), dirty: false };
}

/**
 * The index. Its versions are read again at most every RECHECK_MS (or at once after a change this
 * process could not patch in); a library whose version differs reloads it.
 */
export async function libraryIndex(db: Db): Promise<ProductIndex> {
  const st = states.get(db);
  if (st && !st.dirty && Date.now() - st.checkedAt < RECHECK_MS) return st.index;
  const vs = await db.selectFrom('product_library_versions').select(['org_id', 'version']).execute();
  if (st && vs.length === st.versions.size && vs.every((v) => st.versions.get(v.org_id) === Number(v.version))) {
    st.checkedAt = Date.now();
    st.dirty = false;
    return st.index;
  }
  let p = loading.get(db);
  if (!p) {
    p = load(db).finally(() => loading.delete(db));
    loading.set(db, p);
  }
  const fresh = await p;
  states.set(db, fresh);
  return fresh.index;
}

/** Counts a change to a library, in the change's transaction; answers the new version. */
async function bump(tx: Tx, orgId: string): Promise<number> {
  const r = await tx
    .insertInto('product_library_versions')
    .values({ org_id: orgId, version: 1 })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ version: sql`product_library_versions.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(r.version);
}

/** After a commit: patch this process's index when it had seen every change before this one. */
function patched(db: Db, orgId: string, version: number, row: ProductRow) {
  const st = states.get(db);
  if (!st) return;
  const known = st.versions.get(orgId) ?? 0;
  if (known !== version - 1) {
    st.dirty = true; // another change came between: the next search reads the versions and reloads
    return;
  }
  st.index.upsert(entryOf(row));
  st.versions.set(orgId, version);
}

// ---- products --------------------------------------------------------------------------------------

export type ProductInput = {
  orgId?: string | undefined;
  name: string;
  nameUg?: string | undefined;
  nameEn?: string | undefined;
  supplier: string;
  supplierContact?: string | undefined;
  category: string;
  origin: string;
  originPlace?: string | undefined;
  priceFen: number;
  commissionFen: number;
  stock?: number | undefined;
  rating?: number | null | undefined; // stars, 0–5
};
export type ProductPatch = Partial<Omit<ProductInput, 'orgId'>> & { active?: boolean | undefined };

const commissionTooHigh = () => badField('commissionFen', 'above_price', 'The commission cannot exceed the price');

export async function requireProduct(ctx: Ctx, p: Principal, id: string, action: BaseAction): Promise<ProductRow> {
  const row = await ctx.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !mayOnBase(p, row.org_id, action)) throw notFound('No such product');
  return row;
}

export async function createProduct(ctx: Ctx, p: Principal, input: ProductInput, actor: Actor) {
  const orgId = baseFor(p, 'manage', input.orgId);
  if (input.commissionFen > input.priceFen) throw commissionTooHigh();
  const now = nowOf(ctx);
  const row: ProductRow = {
    id: newId(),
    org_id: orgId,
    name: input.name,
    name_ug: input.nameUg ?? '',
    name_en: input.nameEn ?? '',
    supplier: input.supplier,
    supplier_contact: input.supplierContact ?? '',
    category: input.category,
    origin: input.origin,
    origin_place: input.originPlace ?? '',
    price_fen: input.priceFen,
    commission_fen: input.commissionFen,
    stock: input.stock ?? 0,
    rating: input.rating === undefined || input.rating === null ? null : Math.round(input.rating * 10),
    check_result: null,
    checked_on: null,
    is_active: 1,
    created_at: now,
    updated_at: now,
  };
  const version = await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('products').values(row).execute();
    await writeAudit(tx, actor, { action: 'incubator.product.create', targetType: 'product', targetId: row.id, details: { orgId, priceFen: row.price_fen, commissionFen: row.commission_fen } });
    return bump(tx, orgId);
  });
  patched(ctx.db, orgId, version, row);
  return productDetailOf(ctx, row);
}

export async function updateProduct(ctx: Ctx, p: Principal, id: string, patch: ProductPatch, actor: Actor) {
  const old = await requireProduct(ctx, p, id, 'manage');
  const price = patch.priceFen ?? Number(old.price_fen);
  const commission = patch.commissionFen ?? Number(old.commission_fen);
  if (commission > price) throw commissionTooHigh();
  const set: Partial<ProductRow> = { updated_at: nowOf(ctx) };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.nameUg !== undefined) set.name_ug = patch.nameUg;
  if (patch.nameEn !== undefined) set.name_en = patch.nameEn;
  if (patch.supplier !== undefined) set.supplier = patch.supplier;
  if (patch.supplierContact !== undefined) set.supplier_contact = patch.supplierContact;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.origin !== undefined) set.origin = patch.origin;
  if (patch.originPlace !== undefined) set.origin_place = patch.originPlace;
  if (patch.priceFen !== undefined) set.price_fen = patch.priceFen;
  if (patch.commissionFen !== undefined) set.commission_fen = patch.commissionFen;
  if (patch.stock !== undefined) set.stock = patch.stock;
  if (patch.rating !== undefined) set.rating = patch.rating === null ? null : Math.round(patch.rating * 10);
  if (patch.active !== undefined) set.is_active = patch.active ? 1 : 0;
  const { row, version } = await ctx.db.transaction().execute(async (tx) => {
    // The price and commission are checked again against the row as it is now (a CHECK also holds it).
    let q = tx.updateTable('products').set(set).where('id', '=', id);
    if (patch.priceFen !== undefined && patch.commissionFen === undefined) q = q.where('commission_fen', '<=', patch.priceFen);
    if (patch.commissionFen !== undefined && patch.priceFen === undefined) q = q.where('price_fen', '>=', patch.commissionFen);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw commissionTooHigh();
    await writeAudit(tx, actor, { action: 'incubator.product.update', targetType: 'product', targetId: id, details: { fields: Object.keys(patch) } });
    const version = await bump(tx, old.org_id);
    return { row: await tx.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), version };
  });
  patched(ctx.db, old.org_id, version, row);
  return productDetailOf(ctx, row);
}

/**
 * Adds to or takes from the stock in one statement that refuses to go below zero, so simultaneous
 * updates never oversell: each sees the stock as the previous one left it.
 */
export async function adjustStock(ctx: Ctx, p: Principal, id: string, delta: number, reason: string, actor: Actor) {
  const old = await requireProduct(ctx, p, id, 'manage');
  const { row, version } = await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('products')
      .set({ stock: sql`stock + ${delta}`, updated_at: nowOf(ctx) })
      .where('id', '=', id)
      .where(sql<boolean>`stock + ${delta} >= 0`)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const { stock } = await tx.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow();
      throw new AppError('conflict', `Only ${stock} in stock`, [{ path: 'delta', code: 'insufficient_stock', message: `Only ${stock} in stock` }], {}, { stock: Number(stock) });
    }
    await writeAudit(tx, actor, { action: 'incubator.product.stock', targetType: 'product', targetId: id, details: { delta, reason } });
    const version = await bump(tx, old.org_id);
    return { row: await tx.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), version };
  });
  patched(ctx.db, old.org_id, version, row);
  return presentProduct(entryOf(row));
}

/** Records a quality check; the latest check (by date, then by when recorded) decides whether it may be shortlisted. */
export async function recordCheck(ctx: Ctx, p: Principal, id: string, c: { checkedOn?: string | undefined; result: 'pass' | 'fail'; inspector: string; note?: string | undefined }, actor: Actor) {
  const old = await requireProduct(ctx, p, id, 'manage');
  const today = beijingDay(nowOf(ctx));
  const day = c.checkedOn ?? today;
  if (day > today) throw badField('checkedOn', 'in_future', 'The day is still to come');
  const checkId = newId();
  const { row, version } = await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('product_quality_checks')
      .values({ id: checkId, product_id: id, checked_on: day, result: c.result, inspector: c.inspector, note: c.note ?? '', recorded_by: actor.id ?? '', recorded_at: nowOf(ctx) })
      .execute();
    const latest = await tx.selectFrom('product_quality_checks').select(['result', 'checked_on']).where('product_id', '=', id).orderBy('checked_on', 'desc').orderBy('recorded_at', 'desc').limit(1).executeTakeFirstOrThrow();
    await tx.updateTable('products').set({ check_result: latest.result, checked_on: latest.checked_on, updated_at: nowOf(ctx) }).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'incubator.product.check', targetType: 'product', targetId: id, details: { checkId, result: c.result, checkedOn: day } });
    const version = await bump(tx, old.org_id);
    return { row: await tx.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), version };
  });
  patched(ctx.db, old.org_id, version, row);
  return productDetailOf(ctx, row);
}

export async function productDetail(ctx: Ctx, p: Principal, id: string) {
  return productDetailOf(ctx, await requireProduct(ctx, p, id, 'view'));
}

async function productDetailOf(ctx: Ctx, row: ProductRow) {
  const checks = await ctx.db.selectFrom('product_quality_checks').selectAll().where('product_id', '=', row.id).orderBy('checked_on', 'desc').orderBy('recorded_at', 'desc').limit(50).execute();
  return {
    product: { ...presentProduct(entryOf(row)), supplierContact: row.supplier_contact },
    checks: checks.map((c) => ({ id: c.id, checkedOn: c.checked_on, result: c.result, inspector: c.inspector, note: c.note })),
  };
}

// ---- search ----------------------------------------------------------------------------------------

export type SearchInput = Omit<ProductQuery, 'orgId' | 'offset' | 'limit' | 'includeInactive' | 'ratingMin'> & { ratingMin?: number | undefined; page: number; pageSize: number };

function checkRanges(s: SearchInput) {
  if (s.priceMin !== undefined && s.priceMax !== undefined && s.priceMin > s.priceMax) throw badField('priceMax', 'inverted_range', 'The highest price is below the lowest');
  if (s.commissionMin !== undefined && s.commissionMax !== undefined && s.commissionMin > s.commissionMax) throw badField('commissionMax', 'inverted_range', 'The highest commission is below the lowest');
}

const toQuery = (s: SearchInput, orgId: string | undefined, includeInactive: boolean): ProductQuery => ({
  ...s,
  orgId,
  includeInactive,
  ratingMin: s.ratingMin === undefined ? undefined : Math.round(s.ratingMin * 10),
  offset: (s.page - 1) * s.pageSize,
  limit: s.pageSize,
});

/** A base's library as its manager searches it (inactive products too, on request). */
export async function searchProducts(ctx: Ctx, p: Principal, s: SearchInput & { orgId?: string | undefined; includeInactive?: boolean | undefined }) {
  const orgId = baseFor(p, 'view', s.orgId);
  checkRanges(s);
  const index = await libraryIndex(ctx.db);
  const r = index.search(toQuery(s, orgId, !!s.includeInactive));
  return { total: r.total, page: s.page, pageSize: s.pageSize, items: r.items.map(presentProduct) };
}

/** Every base's active products, for anyone: no supplier contact, nothing personal. */
export async function publicSearch(ctx: Ctx, s: SearchInput) {
  checkRanges(s);
  const index = await libraryIndex(ctx.db);
  const r = index.search(toQuery(s, undefined, false));
  return { total: r.total, page: s.page, pageSize: s.pageSize, items: r.items.map(presentProduct) };
}
