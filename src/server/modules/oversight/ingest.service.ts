// Order data from the platforms (POST /api/oversight/orders): NDJSON or CSV, gzip or not, one order a
// line. Valid lines are stored once per (platform, order_id) — a re-send never duplicates — and invalid
// ones answered by line number and reason. The Idempotency-Key makes a retried request safe: the same key
// and body answer what the first answered; the same key with another body is 422; a second request while
// the first is still being stored is 409. A request's orders are stored in one transaction: all or none.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { CompiledQuery, sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { newId, nowOf, type Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import { forEachLine, HeaderError, OrderReader, type Format, type Order, type Problem } from './engine/orders.js';
import { rideHailingPlatforms } from './engine/rules.js';

export const MAX_BODY = 100 * 1024 * 1024;
const MAX_INFLATED = 512 * 1024 * 1024;
/** A request still marked in flight after this long was cut off (the process died): it may be retried. */
const STALE_MS = 15 * 60_000;
/**
 * This life of the server process. A claim still in flight that another life made was cut off when that
 * process died (one server process per database): it is free at once, not after STALE_MS, so a platform
 * retrying after a crash is not refused with 409 for a quarter of an hour (tests/hardening/ingest-kills).
 */
const LIFE = newId();
const claimedBy = (response: string): string | undefined => {
  try {
    return (JSON.parse(response) as { inFlightBy?: string }).inFlightBy;
  } catch {
    return undefined;
  }
};
const PROBLEMS_SHOWN = 1000;

export type IngestAnswer = { ingestId: string; lines: number; stored: number; duplicates: number; rejected: number; problems: Problem[]; problemsShown: number };

/** The body's text: gunzipped when it says so (Content-Encoding or type gzip) or starts like gzip. */
function textOf(body: Buffer, gz: boolean): string {
  if (gz || (body[0] === 0x1f && body[1] === 0x8b)) {
    try {
      return zlib.gunzipSync(body, { maxOutputLength: MAX_INFLATED }).toString('utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('payload_too_large', 'The unpacked body is over 512 MB', [{ path: 'body', code: 'too_large', message: 'Over 512 MB unpacked' }]);
      throw new AppError('bad_request', 'The body is not valid gzip', [{ path: 'body', code: 'bad_gzip', message: 'Not valid gzip' }]);
    }
  }
  return body.toString('utf8');
}

export async function knownPlatform(db: Db | Tx, code: string): Promise<boolean> {
  if (rideHailingPlatforms.includes(code)) return true;
  return !!(await db.selectFrom('oversight_platforms').select('code').where('code', '=', code).executeTakeFirst());
}

/** An order as stored (the ingest's rows, and the demo's). */
export const orderRow = (o: Order, ingestId: string): Database['orders'] => ({
  platform: o.platform,
  order_id: o.order_id,
  driver_id: o.driver_id,
  driver_permit_no: o.driver_permit_no,
  plate: o.plate,
  city_code: o.city_code,
  accept_at: o.accept,
  start_at: o.start,
  finish_at: o.finish,
  tz_min: o.tzMin,
  fare_paid: o.fare_paid,
  driver_pay: o.driver_pay,
  distance_m: o.distance_m,
  completed: o.completed ? 1 : 0,
  origin_lat: o.origin_lat,
  origin_lng: o.origin_lng,
  dest_lat: o.dest_lat,
  dest_lng: o.dest_lng,
  ingest_id: ingestId,
});
const cols = Object.keys(orderRow({} as Order, '')) as (keyof Database['orders'])[];

/** Stores rows once per (platform, order_id); answers how many were new. */
export async function storeOrders(tx: Tx, rows: Database['orders'][]): Promise<number> {
  const pg = tx.getExecutor().adapter.constructor.name.startsWith('Postgres');
  let stored = 0;
  const list = cols.map((c) => `"${c}"`).join(', ');
  if (pg) {
    for (let i = 0; i < rows.length; i += 5000) {
      const r = await tx.executeQuery(
        sql`insert into orders (${sql.raw(list)}) select ${sql.raw(list)} from json_populate_recordset(null::orders, ${JSON.stringify(rows.slice(i, i + 5000))}) on conflict do nothing`.compile(tx),
      );
      stored += Number(r.numAffectedRows ?? 0);
    }
    return stored;
  }
  const per = 1500; // 19 columns: under SQLite's 32,766 parameters
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const row of chunk) for (const c of cols) params.push(row[c]);
    const marks = `(${cols.map(() => '?').join(', ')})`;
    const r = await tx.executeQuery(CompiledQuery.raw(`insert or ignore into orders (${list}) values ${Array(chunk.length).fill(marks).join(', ')}`, params));
    stored += Number(r.numAffectedRows ?? 0);
  }
  return stored;
}

export async function ingest(
  ctx: Ctx,
  p: Principal,
  req: { body: Buffer; contentType: string; gzip: boolean; idempotencyKey: string | undefined },
  actor: Actor,
): Promise<{ replayed: boolean; answer: IngestAnswer }> {
  if (p.kind !== 'platform') throw new AppError('forbidden', 'Only a platform’s API key sends order data');
  const platform = p.platformCode;
  const key = req.idempotencyKey?.trim();
  if (!key || key.length > 200) throw new AppError('bad_request', 'Send an Idempotency-Key header (1–200 characters) with each request', [{ path: 'Idempotency-Key', code: key ? 'too_long' : 'missing', message: 'Idempotency-Key is required' }]);
  const type = req.contentType.split(';')[0]!.trim().toLowerCase();
  const gz = req.gzip || type === 'application/gzip';
  let format: Format | null = type === 'text/csv' ? 'csv' : type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson' ? 'ndjson' : null;
  if (!format && type !== 'application/gzip') throw new AppError('unsupported_media_type', 'Send text/csv or application/x-ndjson (optionally gzip)', [{ path: 'Content-Type', code: 'unsupported_type', message: type }]);
  if (!(await knownPlatform(ctx.db, platform))) throw new AppError('unprocessable', `Unknown platform ${platform}`, [{ path: 'platform', code: 'unknown_platform', message: platform }]);
  const hash = createHash('sha256').update(req.body).digest('hex');
  const now = nowOf(ctx);
  const id = newId();

  // Claim the key: one request per (platform, key) at a time; a finished one is answered again.
  const claimed = await ctx.db.transaction().execute(async (tx) => {
    const prior = await tx.selectFrom('order_ingests').selectAll().where('platform', '=', platform).where('idempotency_key', '=', key).executeTakeFirst();
    if (prior) {
      if (prior.body_sha256 !== hash) return { conflict: 'different_body' as const };
      if (prior.status === 'done') return { replay: JSON.parse(prior.response) as IngestAnswer };
      if (prior.status === 'in_flight' && now - prior.created_at < STALE_MS && claimedBy(prior.response) === LIFE) return { conflict: 'in_flight' as const };
      await tx.deleteFrom('order_ingests').where('id', '=', prior.id).execute();
    }
    await tx.insertInto('order_ingests').values({ id, platform, idempotency_key: key, body_sha256: hash, status: 'in_flight', lines: 0, stored: 0, duplicates: 0, rejected: 0, response: JSON.stringify({ inFlightBy: LIFE }), key_id: p.keyId, created_at: now, finished_at: null }).execute();
    return { ok: true as const };
  }).catch((e: Error) => {
    if (/unique|duplicate/i.test(e.message)) return { conflict: 'in_flight' as const }; // the other request claimed it first
    throw e;
  });
  if ('replay' in claimed) return { replayed: true, answer: claimed.replay as IngestAnswer };
  if ('conflict' in claimed) {
    if (claimed.conflict === 'different_body') throw new AppError('unprocessable', 'This Idempotency-Key was used with a different body', [{ path: 'Idempotency-Key', code: 'key_reused', message: 'Used with a different body' }]);
    throw new AppError('conflict', 'A request with this Idempotency-Key is still being stored', [{ path: 'Idempotency-Key', code: 'in_flight', message: 'Still being stored' }], { 'Retry-After': '5' });
  }

  try {
    const text = textOf(req.body, gz);
    format ??= text.trimStart().startsWith('{') ? 'ndjson' : 'csv';
    const reader = new OrderReader(format, () => true, PROBLEMS_SHOWN);
    const rows: Database['orders'][] = [];
    let otherPlatform = 0;
    const lines = await forEachLine([text], (line, n) => {
      const o = reader.read(line, n);
      if (!o) return;
      if (o.platform !== platform) {
        otherPlatform++;
        reader.rejected++;
        if (reader.problems.length < PROBLEMS_SHOWN) reader.problems.push({ line: n, field: 'platform', reason: 'other_platform' });
        return;
      }
      rows.push(orderRow(o, id));
    });
    if (!rows.length && reader.rejected === 0) throw new AppError('unprocessable', 'The body holds no orders', [{ path: 'body', code: 'no_orders', message: 'No orders' }]);
    reader.problems.sort((a, b) => a.line - b.line);
    const answer = await ctx.db.transaction().execute(async (tx) => {
      const stored = await storeOrders(tx, rows);
      const a: IngestAnswer = { ingestId: id, lines, stored, duplicates: rows.length - stored, rejected: reader.rejected, problems: reader.problems, problemsShown: reader.problems.length };
      await tx
        .updateTable('order_ingests')
        .set({ status: 'done', lines, stored, duplicates: a.duplicates, rejected: a.rejected, response: JSON.stringify(a), finished_at: nowOf(ctx) })
        .where('id', '=', id)
        .execute();
      await writeAudit(tx, actor, { action: 'oversight.orders_ingest', targetType: 'order_ingest', targetId: id, details: { platform, lines, stored, rejected: a.rejected, otherPlatform } });
      return a;
    });
    return { replayed: false, answer };
  } catch (e) {
    // Nothing was stored: free the key so the platform can send again.
    await ctx.db.deleteFrom('order_ingests').where('id', '=', id).execute();
    if (e instanceof HeaderError) throw new AppError('unprocessable', e.message, e.missing.map((f) => ({ path: f, code: 'missing_column', message: `The CSV header lacks ${f}` })));
    throw e;
  }
}
