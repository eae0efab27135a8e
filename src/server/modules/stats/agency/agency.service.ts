// Agency figures: an analyst's sheet is read and checked into a pending upload (the preview), then committed
// all or nothing (or explicitly partial) in one transaction, and the figures in force are read by the
// observatory. See docs/api-agency.md and docs/decisions/0016-agency-figures.md.
import { createHash } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import { readSheet } from 'read-excel-file/node';
import type { Ctx } from '../../../platform/context.js';
import { newId, nowOf } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { insertRows, isAnyOf, isUniqueViolation, type Db, type Tx } from '../../../platform/db.js';
import { AppError, notFound, type FieldIssue } from '../../../platform/errors.js';
import { zipUnpackedBytes } from '../../../platform/zip.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import {
  AGENCY_MAX_BYTES,
  AGENCY_MAX_ROWS,
  agencyColumns,
  type Agency,
  type Figure,
  type AgencyColumn,
  type ConflictChoice,
  type RowErrorCode,
  type SuppliedFigure,
} from '../../../../shared/agency.js';
import { districtCity } from '../../../../shared/stats.js';
import { cellText, checkRows, csvRecords, readHeader, sheetContentTypes, sheetRows, sniffSheet, type CheckedRow, type HeaderCell, type RowError, type SheetFormat, type SheetRow } from './agency.js';
import type { Database } from '../../../platform/schema.js';

/** How long a previewed sheet waits for its commit. */
export const UPLOAD_TTL_MS = 24 * 3_600_000;
/** Most problems one answer lists (the counts are always complete). */
export const PROBLEMS_SHOWN = 1000;

/**
 * `active = 1` written as a literal, not a bound parameter: only then may PostgreSQL use the partial indexes
 * (`where active = 1`) in a prepared statement's generic plan.
 */
const IN_FORCE = sql<SqlBool>`agency_figures.active = 1`;

const iso = (ms: number) => new Date(ms).toISOString();
const userOf = (p: Principal) => (p.kind === 'user' ? p.userId : '');

// ---- reading a sheet -----------------------------------------------------------------------------

export type Sheet = { format: SheetFormat; titles: string[]; rows: SheetRow[] };

const fileError = (code: 'payload_too_large' | 'unsupported_media_type' | 'unprocessable', field: string, message: string) => new AppError(code, message, [{ path: 'file', code: field, message }]);

/**
 * The sheet in an upload: CSV (UTF-8, with or without BOM) or the first sheet of an .xlsx workbook. Too large
 * → 413; not a sheet (or not UTF-8) → 415; no header or no data row → 422. Content decides the kind; a declared
 * type must be one a sheet may be sent as.
 */
/** What an .xlsx may unpack to: a 10,000-row sheet is a few MB; more is a zip bomb. */
export const AGENCY_MAX_UNPACKED = 100_000_000;

export async function readUpload(bytes: Buffer, declaredType: string | undefined): Promise<Sheet> {
  if (bytes.length > AGENCY_MAX_BYTES) throw fileError('payload_too_large', 'too_large', `The file has ${bytes.length} bytes; the limit is ${AGENCY_MAX_BYTES} (10 MB)`);
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && !(sheetContentTypes as readonly string[]).includes(declared)) {
    throw fileError('unsupported_media_type', 'unsupported_type', `Files sent as ${declared.slice(0, 80)} are not accepted: send a CSV file or an .xlsx workbook`);
  }
  const kind = sniffSheet(bytes);
  if (!kind.ok) {
    if (kind.code === 'empty') throw fileError('unprocessable', 'empty', 'The file is empty');
    throw fileError('unsupported_media_type', kind.code, kind.message);
  }
  let records: Iterable<string[]>;
  if (kind.format === 'xlsx') {
    const unpacked = zipUnpackedBytes(bytes);
    if (unpacked !== null && unpacked > AGENCY_MAX_UNPACKED) {
      throw fileError('payload_too_large', 'too_large', `The workbook unpacks to more than ${AGENCY_MAX_UNPACKED / 1e6} MB; save the sheet alone as CSV or a smaller .xlsx`);
    }
    let data: unknown[][];
    try {
      data = (await readSheet(bytes)) as unknown[][];
    } catch {
      throw fileError('unsupported_media_type', 'unsupported_type', 'The file is a ZIP archive but not a readable .xlsx workbook');
    }
    records = data.map((r) => r.map(cellText));
  } else {
    records = csvRecords(kind.text!);
  }
  const read = sheetRows(records);
  if (!read || !read.rows.length) throw fileError('unprocessable', 'empty', read ? 'The sheet has a header but no data rows' : 'The sheet is empty');
  if (read.rows.length > AGENCY_MAX_ROWS) throw fileError('payload_too_large', 'too_many_rows', `The sheet has ${read.rows.length} data rows; at most ${AGENCY_MAX_ROWS} are taken at once`);
  return { format: kind.format, titles: read.titles, rows: read.rows };
}

// The pending sheet is stored compactly: each row as [row number, …cells in agencyColumns order].
type StoredSheet = { titles: string[]; rows: (number | string)[][] };
const packSheet = (s: Sheet): string => JSON.stringify({ titles: s.titles, rows: s.rows.map((r) => [r.row, ...agencyColumns.map((c) => r.cells[c] ?? '')]) } satisfies StoredSheet);
function unpackSheet(json: string): { titles: string[]; rows: SheetRow[] } {
  const s = JSON.parse(json) as StoredSheet;
  const { header } = readHeader(s.titles);
  const present = new Set(header.map((h) => h.column).filter((c): c is AgencyColumn => !!c));
  return {
    titles: s.titles,
    rows: s.rows.map(([row, ...cells]) => {
      const out: SheetRow['cells'] = {};
      agencyColumns.forEach((c, i) => {
        if (present.has(c)) out[c] = String(cells[i] ?? '');
      });
      return { row: Number(row), cells: out };
    }),
  };
}

// ---- checking a sheet ----------------------------------------------------------------------------

/** An earlier import's figure in force for the same key. */
export type Conflict = { figureId: string; importId: string; value: number; unit: string; source: string; importedAt: string };

type Analysis = {
  header: HeaderCell[];
  headerErrors: RowError[];
  rows: CheckedRow[];
  conflicts: Map<number, Conflict>;
  summary: { rows: number; valid: number; invalid: number; conflicts: number };
};

/** The figures in force for these keys (in chunks: a sheet may hold 100,000). */
async function inForce(q: Db | Tx, keys: string[]) {
  const out = new Map<string, Conflict>();
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const found = await q
      .selectFrom('agency_figures')
      .innerJoin('agency_imports', 'agency_imports.id', 'agency_figures.import_id')
      .select(['agency_figures.id', 'agency_figures.figure_key', 'agency_figures.import_id', 'agency_figures.value', 'agency_figures.unit', 'agency_imports.source', 'agency_imports.imported_at'])
      .where(IN_FORCE)
      .where(isAnyOf(q, 'agency_figures.figure_key', chunk))
      .execute();
    for (const f of found) out.set(f.figure_key, { figureId: f.id, importId: f.import_id, value: Number(f.value), unit: f.unit, source: f.source, importedAt: iso(Number(f.imported_at)) });
  }
  return out;
}

async function analyse(q: Db | Tx, sheet: { titles: string[]; rows: SheetRow[] }): Promise<Analysis> {
  const { header, errors: headerErrors } = readHeader(sheet.titles);
  const present = new Set(header.map((h) => h.column).filter((c): c is AgencyColumn => !!c));
  const rows = checkRows(sheet.rows, present);
  const byKey = await inForce(q, rows.flatMap((r) => (r.key ? [r.key] : [])));
  const conflicts = new Map<number, Conflict>();
  for (const r of rows) {
    const c = r.key ? byKey.get(r.key) : undefined;
    if (c) conflicts.set(r.row, c);
  }
  const valid = rows.filter((r) => r.figure).length;
  return { header, headerErrors, rows, conflicts, summary: { rows: rows.length, valid, invalid: rows.length - valid, conflicts: conflicts.size } };
}

const problemsOf = (a: Analysis) => [...a.headerErrors, ...a.rows.flatMap((r) => r.errors)];
const statusOf = (a: Analysis, r: CheckedRow) => (!r.figure ? 'invalid' : a.conflicts.has(r.row) ? 'conflict' : 'valid');

function presentRow(a: Analysis, r: CheckedRow) {
  return {
    row: r.row,
    cells: r.cells,
    status: statusOf(a, r) as 'valid' | 'invalid' | 'conflict',
    errors: r.errors.map((e) => ({ column: e.column, code: e.code, message: e.message })),
    figure: r.figure,
    conflict: a.conflicts.get(r.row) ?? null,
  };
}

type UploadRow = { id: string; uploaded_by: string; file_name: string; format: string; size: number; sha256: string; sheet_json: string; row_count: number; created_at: number; expires_at: number };
const presentUpload = (u: Omit<UploadRow, 'sheet_json'>) => ({
  id: u.id,
  fileName: u.file_name,
  format: u.format as SheetFormat,
  size: Number(u.size),
  sha256: u.sha256,
  uploadedAt: iso(Number(u.created_at)),
  expiresAt: iso(Number(u.expires_at)),
});

export type PageOptions = { offset?: number; limit?: number; show?: 'all' | 'problems' };

function previewOf(u: UploadRow, a: Analysis, page: PageOptions = {}) {
  const problems = problemsOf(a);
  const pick = page.show === 'problems' ? a.rows.filter((r) => statusOf(a, r) !== 'valid') : a.rows;
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 100;
  return {
    upload: presentUpload(u),
    header: a.header,
    summary: a.summary,
    problems: problems.slice(0, PROBLEMS_SHOWN),
    problemCount: problems.length,
    rows: pick.slice(offset, offset + limit).map((r) => presentRow(a, r)),
    total: pick.length,
    offset,
    limit,
  };
}
export type Preview = ReturnType<typeof previewOf>;

// ---- the use cases -------------------------------------------------------------------------------

/**
 * Reads and checks an uploaded sheet and keeps it as a pending upload of its uploader (nothing else is
 * stored), answering the preview: every row as read, its errors by row and column, and the rows whose key
 * already has a figure from an earlier import. Expired pending uploads are cleared on the way.
 */
export async function upload(ctx: Ctx, p: Principal, file: { bytes: Buffer; contentType: string | undefined; name: string }, actor: Actor, page?: PageOptions): Promise<Preview> {
  const sheet = await readUpload(file.bytes, file.contentType);
  const now = nowOf(ctx);
  const row: UploadRow = {
    id: newId(),
    uploaded_by: userOf(p),
    file_name: file.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'sheet',
    format: sheet.format,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    sheet_json: packSheet(sheet),
    row_count: sheet.rows.length,
    created_at: now,
    expires_at: now + UPLOAD_TTL_MS,
  };
  const a = await analyse(ctx.db, sheet);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('agency_uploads').where('expires_at', '<', now).execute();
    await tx.insertInto('agency_uploads').values(row).execute();
    await writeAudit(tx, actor, {
      action: 'stats.agency.upload',
      targetType: 'agency_upload',
      targetId: row.id,
      details: { format: row.format, size: row.size, sha256: row.sha256, rows: a.summary.rows, invalid: a.summary.invalid, conflicts: a.summary.conflicts },
    });
  });
  return previewOf(row, a, page);
}

/** The caller's own pending upload (another analyst's, an expired or a committed one answers 404). */
async function ownUpload(q: Db | Tx, ctx: Ctx, p: Principal, id: string): Promise<UploadRow> {
  const u = await q.selectFrom('agency_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u || u.uploaded_by !== userOf(p) || Number(u.expires_at) < nowOf(ctx)) throw notFound('No such pending upload (it may have been committed, cancelled or expired)');
  return u;
}

/** A page of a pending upload's preview, checked again now (an import since may have made new conflicts). */
export async function preview(ctx: Ctx, p: Principal, id: string, page: PageOptions): Promise<Preview> {
  const u = await ownUpload(ctx.db, ctx, p, id);
  return previewOf(u, await analyse(ctx.db, unpackSheet(u.sheet_json)), page);
}

export async function cancel(ctx: Ctx, p: Principal, id: string, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const u = await ownUpload(tx, ctx, p, id);
    await tx.deleteFrom('agency_uploads').where('id', '=', u.id).execute();
    await writeAudit(tx, actor, { action: 'stats.agency.cancel', targetType: 'agency_upload', targetId: u.id, details: { sha256: u.sha256 } });
  });
}

export type CommitOptions = { source: string; partial?: boolean; onConflict?: ConflictChoice };

const rowIssues = (errors: RowError[]): FieldIssue[] => errors.slice(0, 100).map((e) => ({ path: `rows.${e.row}.${e.column ?? 'row'}`, code: e.code, message: e.message }));

/**
 * Stores a pending upload's figures in one transaction. Any invalid row → 422 listing them and nothing is
 * written, unless `partial`: then the valid rows are stored and the rejected ones kept in the import record.
 * Rows whose key has a figure in force from an earlier import need `onConflict`: `replace` switches the earlier
 * figure off (kept, marked as replaced by this import), `skip` leaves the row out; without it → 409.
 */
export async function commit(ctx: Ctx, p: Principal, id: string, opts: CommitOptions, actor: Actor) {
  const u = await ownUpload(ctx.db, ctx, p, id);
  const sheet = unpackSheet(u.sheet_json);
  const { header, errors: headerErrors } = readHeader(sheet.titles);
  const present = new Set(header.map((h) => h.column).filter((c): c is AgencyColumn => !!c));
  const rows = checkRows(sheet.rows, present);
  const rejected = rows.filter((r) => !r.figure);
  const rowErrors = [...headerErrors, ...rejected.flatMap((r) => r.errors)];
  if (headerErrors.length || (rejected.length && !opts.partial)) {
    throw new AppError(
      'unprocessable',
      headerErrors.length ? 'The header lacks a column: nothing was imported' : `${rejected.length} of ${rows.length} rows have errors: nothing was imported`,
      rowIssues(rowErrors),
      {},
      { reason: headerErrors.length ? 'header' : 'invalid_rows', invalid: rejected.length, rows: rowErrors.slice(0, PROBLEMS_SHOWN) },
    );
  }
  const now = nowOf(ctx);
  const importId = newId();
  try {
    const res = await ctx.db.transaction().execute(async (tx) => {
      // Claim the upload first: a second commit of the same sheet finds it gone.
      const claimed = await tx.deleteFrom('agency_uploads').where('id', '=', u.id).returning('id').executeTakeFirst();
      if (!claimed) throw new AppError('conflict', 'This upload has just been committed or cancelled', [{ path: 'id', code: 'already_committed', message: 'Already committed or cancelled' }]);
      const valid = rows.filter((r) => r.figure);
      const earlier = await inForce(tx, valid.map((r) => r.key!));
      const clashing = valid.filter((r) => earlier.has(r.key!));
      if (clashing.length && !opts.onConflict) {
        throw new AppError(
          'conflict',
          `${clashing.length} rows already have a figure from an earlier import: choose to replace or skip them`,
          [{ path: 'onConflict', code: 'choice_required', message: 'Choose replace or skip' }],
          {},
          { reason: 'already_supplied', conflicts: clashing.slice(0, PROBLEMS_SHOWN).map((r) => ({ row: r.row, ...earlier.get(r.key!)! })) },
        );
      }
      const skipped = opts.onConflict === 'skip' ? clashing : [];
      const replaced = opts.onConflict === 'replace' ? clashing : [];
      const keep = opts.onConflict === 'skip' ? valid.filter((r) => !earlier.has(r.key!)) : valid;
      if (!keep.length) {
        throw new AppError('unprocessable', 'No row is left to import', [{ path: 'file', code: 'nothing_to_import', message: 'Every row was rejected or skipped' }], {}, { reason: 'nothing_to_import' });
      }
      const replacedIds = replaced.map((r) => earlier.get(r.key!)!.figureId);
      for (let i = 0; i < replacedIds.length; i += 1000) {
        await tx.updateTable('agency_figures').set({ active: 0, superseded_by: importId }).where(isAnyOf(tx, 'id', replacedIds.slice(i, i + 1000))).execute();
      }
      const figures = keep.map((r) => r.figure!);
      const periodFrom = figures.reduce((m, f) => (f.periodFrom < m ? f.periodFrom : m), figures[0]!.periodFrom);
      const periodTo = figures.reduce((m, f) => (f.periodTo > m ? f.periodTo : m), figures[0]!.periodTo);
      const agencyList = [...new Set(figures.map((f) => f.agency))].sort();
      await tx
        .insertInto('agency_imports')
        .values({
          id: importId,
          source: opts.source,
          agencies: agencyList.join(','),
          period_from: periodFrom,
          period_to: periodTo,
          file_name: u.file_name,
          format: u.format,
          size: u.size,
          sha256: u.sha256,
          row_count: rows.length,
          stored_count: keep.length,
          rejected_count: rejected.length,
          skipped_count: skipped.length,
          replaced_count: replaced.length,
          is_partial: opts.partial ? 1 : 0,
          rejected_json: JSON.stringify(rejected.map((r) => ({ row: r.row, errors: r.errors.map((e) => ({ column: e.column, code: e.code, message: e.message })) }))),
          skipped_json: JSON.stringify(skipped.map((r) => ({ row: r.row, figureId: earlier.get(r.key!)!.figureId }))),
          imported_by: userOf(p),
          imported_at: now,
          withdrawn_at: null,
          withdrawn_by: null,
          withdraw_reason: null,
        })
        .execute();
      await insertRows(
        tx,
        'agency_figures',
        keep.map((r) => {
          const f = r.figure!;
          return {
            id: newId(),
            import_id: importId,
            row_no: r.row,
            agency: f.agency,
            indicator: f.indicator,
            region: f.region,
            period: f.period,
            period_from: f.periodFrom,
            period_to: f.periodTo,
            value: f.value,
            unit: f.unit,
            note: f.note,
            figure_key: r.key!,
            active: 1,
            superseded_by: null,
          };
        }),
      );
      await writeAudit(tx, actor, {
        action: 'stats.agency.import',
        targetType: 'agency_import',
        targetId: importId,
        details: { uploadId: u.id, sha256: u.sha256, rows: rows.length, stored: keep.length, rejected: rejected.length, skipped: skipped.length, replaced: replaced.length, partial: !!opts.partial, agencies: agencyList },
      });
      return { import: await importById(tx, importId) };
    });
    // A large import changes the table's size by far: fresh statistics let PostgreSQL's cached plans (prepared
    // statements, see openPostgres) use the key index, instead of a plan made for a nearly empty table that
    // compares every figure with every key (seconds per 1,000 keys at 20,000 figures, measured).
    if (ctx.dbKind === 'postgres' && rows.length >= 1000) await sql`analyze agency_figures`.execute(ctx.db);
    return res;
  } catch (e) {
    // Another import took one of these keys between our check and our insert.
    if (isUniqueViolation(e)) throw new AppError('conflict', 'Another import supplied some of these figures just now: preview the sheet again', [{ path: 'file', code: 'already_supplied', message: 'Figures changed meanwhile' }]);
    throw e;
  }
}

/** A stored figure's own fields, as the sheet stated them. */
const figureOf = (f: { agency: string; indicator: string; region: string; period: string; period_from: string; period_to: string; value: number | string; unit: string; note: string }): Figure => ({
  agency: f.agency as Agency,
  indicator: f.indicator,
  region: f.region,
  period: f.period,
  periodFrom: f.period_from,
  periodTo: f.period_to,
  value: Number(f.value),
  unit: f.unit,
  note: f.note,
});

// ---- imports ---------------------------------------------------------------------------------------

/** An import as read: the table's columns but the rejected and skipped rows and who withdrew it, with the two people's names. */
type ImportRow = Omit<Database['agency_imports'], 'rejected_json' | 'skipped_json' | 'withdrawn_by'> & { importer: string | null; withdrawer: string | null };

const importCols = [
  'agency_imports.id',
  'agency_imports.source',
  'agency_imports.agencies',
  'agency_imports.period_from',
  'agency_imports.period_to',
  'agency_imports.file_name',
  'agency_imports.format',
  'agency_imports.size',
  'agency_imports.sha256',
  'agency_imports.row_count',
  'agency_imports.stored_count',
  'agency_imports.rejected_count',
  'agency_imports.skipped_count',
  'agency_imports.replaced_count',
  'agency_imports.is_partial',
  'agency_imports.imported_by',
  'agency_imports.imported_at',
  'agency_imports.withdrawn_at',
  'agency_imports.withdraw_reason',
] as const;

const importsQuery = (q: Db | Tx) =>
  q
    .selectFrom('agency_imports')
    .leftJoin('users as importer', 'importer.id', 'agency_imports.imported_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'agency_imports.withdrawn_by')
    .select([...importCols, 'importer.name as importer', 'withdrawer.name as withdrawer']);

const presentImport = (r: ImportRow, inForceCount: number) => ({
  id: r.id,
  source: r.source,
  agencies: (r.agencies ? r.agencies.split(',') : []) as Agency[],
  period: { from: r.period_from, to: r.period_to },
  fileName: r.file_name,
  format: r.format as SheetFormat,
  size: Number(r.size),
  sha256: r.sha256,
  counts: { rows: Number(r.row_count), stored: Number(r.stored_count), rejected: Number(r.rejected_count), skipped: Number(r.skipped_count), replaced: Number(r.replaced_count), inForce: inForceCount },
  partial: !!r.is_partial,
  importedBy: { id: r.imported_by, name: r.importer ?? '' },
  importedAt: iso(Number(r.imported_at)),
  withdrawn: r.withdrawn_at === null ? null : { at: iso(Number(r.withdrawn_at)), by: r.withdrawer ?? '', reason: r.withdraw_reason ?? '' },
});
export type ImportRecord = ReturnType<typeof presentImport>;

async function inForceCounts(q: Db | Tx, ids: string[]) {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const rows = await q
    .selectFrom('agency_figures')
    .select(['import_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(IN_FORCE)
    .where(isAnyOf(q, 'import_id', ids))
    .groupBy('import_id')
    .execute();
  for (const r of rows) out.set(r.import_id, Number(r.n));
  return out;
}

async function importById(q: Db | Tx, id: string) {
  const r = await importsQuery(q).where('agency_imports.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('No such import');
  return presentImport(r, (await inForceCounts(q, [id])).get(id) ?? 0);
}

/** Every import, newest first, with its counts. */
export async function listImports(ctx: Ctx, opts: { limit?: number } = {}) {
  const rows = await importsQuery(ctx.db).orderBy('agency_imports.imported_at', 'desc').orderBy('agency_imports.id').limit(opts.limit ?? 200).execute();
  const counts = await inForceCounts(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => presentImport(r, counts.get(r.id) ?? 0));
}

/** One import with its rejected and skipped rows and the figures it supplied. */
export async function getImport(ctx: Ctx, id: string) {
  const record = await importById(ctx.db, id);
  const extra = await ctx.db.selectFrom('agency_imports').select(['rejected_json', 'skipped_json']).where('id', '=', id).executeTakeFirstOrThrow();
  const figures = await ctx.db
    .selectFrom('agency_figures')
    .select(['id', 'row_no', 'agency', 'indicator', 'region', 'period', 'period_from', 'period_to', 'value', 'unit', 'note', 'active', 'superseded_by'])
    .where('import_id', '=', id)
    .orderBy('row_no')
    .limit(1000)
    .execute();
  return {
    import: record,
    rejectedRows: JSON.parse(extra.rejected_json) as { row: number; errors: { column: AgencyColumn | null; code: RowErrorCode; message: string }[] }[],
    skippedRows: JSON.parse(extra.skipped_json) as { row: number; figureId: string }[],
    figures: figures.map((f) => ({
      id: f.id,
      row: Number(f.row_no),
      ...figureOf(f),
      inForce: Number(f.active) === 1,
      replacedBy: f.superseded_by,
    })),
  };
}

/**
 * Withdraws an import: its figures are no longer in force. Figures it had replaced come back into force
 * where no other import has taken their key since. Twice → 409 `already_withdrawn`.
 */
export async function withdraw(ctx: Ctx, id: string, reason: string, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('agency_imports')
      .set({ withdrawn_at: now, withdrawn_by: actor.id, withdraw_reason: reason })
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!done) {
      const exists = await tx.selectFrom('agency_imports').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw notFound('No such import');
      throw new AppError('conflict', 'This import has already been withdrawn', [{ path: 'id', code: 'already_withdrawn', message: 'Already withdrawn' }]);
    }
    const off = await tx.updateTable('agency_figures').set({ active: 0 }).where('import_id', '=', id).where('active', '=', 1).executeTakeFirst();
    // Figures this import had replaced, from imports still standing, whose key nobody holds now.
    const before = await tx
      .selectFrom('agency_figures')
      .innerJoin('agency_imports', 'agency_imports.id', 'agency_figures.import_id')
      .select(['agency_figures.id', 'agency_figures.figure_key'])
      .where('agency_figures.superseded_by', '=', id)
      .where('agency_imports.withdrawn_at', 'is', null)
      .execute();
    const taken = await inForce(tx, before.map((b) => b.figure_key));
    const back = before.filter((b) => !taken.has(b.figure_key)).map((b) => b.id);
    for (let i = 0; i < back.length; i += 1000) {
      await tx.updateTable('agency_figures').set({ active: 1, superseded_by: null }).where(isAnyOf(tx, 'id', back.slice(i, i + 1000))).execute();
    }
    await writeAudit(tx, actor, { action: 'stats.agency.withdraw', targetType: 'agency_import', targetId: id, details: { figures: Number(off.numUpdatedRows), restored: back.length } });
    return { import: await importById(tx, id), restored: back.length };
  });
}

// ---- what the observatory reads ----------------------------------------------------------------------

export type SuppliedFilter = { from: string; to: string; city?: string | undefined; district?: string | undefined };

/**
 * The figures in force for a filter: a figure is in when its months overlap [from, to] and its region is the
 * filter's city (a district stands for its city), or — with no city — 'XJ' or 'CN'. Ordered by agency,
 * indicator, region and period. Agency figures are published aggregates, so nothing is suppressed.
 */
export async function suppliedFigures(ctx: Ctx, filter: SuppliedFilter): Promise<SuppliedFigure[]> {
  const city = filter.city ?? (filter.district ? districtCity.get(filter.district) : undefined);
  const regions = city ? [city] : ['XJ', 'CN'];
  const rows = await ctx.db
    .selectFrom('agency_figures')
    .innerJoin('agency_imports', 'agency_imports.id', 'agency_figures.import_id')
    .select([
      'agency_figures.id',
      'agency_figures.agency',
      'agency_figures.indicator',
      'agency_figures.region',
      'agency_figures.period',
      'agency_figures.period_from',
      'agency_figures.period_to',
      'agency_figures.value',
      'agency_figures.unit',
      'agency_figures.note',
      'agency_figures.import_id',
      'agency_imports.source',
      'agency_imports.imported_at',
    ])
    .where(IN_FORCE)
    .where(isAnyOf(ctx.db, 'agency_figures.region', regions))
    .where('agency_figures.period_from', '<=', filter.to)
    .where('agency_figures.period_to', '>=', filter.from)
    .orderBy('agency_figures.agency')
    .orderBy('agency_figures.indicator')
    .orderBy('agency_figures.region')
    .orderBy('agency_figures.period_from')
    .orderBy('agency_figures.period_to')
    .limit(5000)
    .execute();
  return rows.map((f) => ({
    id: f.id,
    ...figureOf(f),
    importId: f.import_id,
    source: f.source,
    importedAt: iso(Number(f.imported_at)),
  }));
}
