import { sql, type Kysely } from 'kysely';

// Agency figures (docs/api-agency.md): a sheet an analyst uploaded and previewed (pending until committed or
// cancelled, its rows kept as read), the imports, and the figures they supplied. A figure is in force while
// `active` = 1: one in force per agency + indicator + region + period (a partial unique index), so a later
// import replaces an earlier figure only by switching it off in the same transaction. Times are epoch ms.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agency_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // csv | xlsx
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('sheet_json', 'text', (c) => c.notNull()) // {titles, rows: [[row, cells…]]}: the sheet as read
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agency_uploads_by').on('agency_uploads').columns(['uploaded_by', 'created_at']).execute();

  await db.schema
    .createTable('agency_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull()) // e.g. 新疆维吾尔自治区民政厅 2025年统计公报
    .addColumn('agencies', 'text', (c) => c.notNull()) // the agencies of the stored figures, comma-separated
    .addColumn('period_from', 'text', (c) => c.notNull()) // YYYY-MM: the months its figures cover
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull()) // data rows in the sheet
    .addColumn('stored_count', 'integer', (c) => c.notNull())
    .addColumn('rejected_count', 'integer', (c) => c.notNull())
    .addColumn('skipped_count', 'integer', (c) => c.notNull())
    .addColumn('replaced_count', 'integer', (c) => c.notNull())
    .addColumn('is_partial', 'integer', (c) => c.notNull())
    .addColumn('rejected_json', 'text', (c) => c.notNull()) // [{row, errors: [{column, code, message}]}]
    .addColumn('skipped_json', 'text', (c) => c.notNull()) // [{row, figureId}]: rows left out to keep an earlier figure
    .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_at', 'bigint')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema.createIndex('agency_imports_at').on('agency_imports').column('imported_at').execute();

  await db.schema
    .createTable('agency_figures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('agency_imports.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull()) // CN | XJ | a city code
    .addColumn('period', 'text', (c) => c.notNull()) // canonical: 2025, 2025-H1, 2025-Q3, 2025-07
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('figure_key', 'text', (c) => c.notNull()) // agency|indicator|region|period
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('superseded_by', 'text') // the import that replaced it
    .addCheckConstraint('agency_figures_period_ok', sql`period_from <= period_to and active in (0, 1)`)
    .execute();
  await db.schema.createIndex('agency_figures_in_force').on('agency_figures').column('figure_key').unique().where(sql.ref('active'), '=', 1).execute();
  await db.schema.createIndex('agency_figures_import').on('agency_figures').column('import_id').execute();
  await db.schema.createIndex('agency_figures_read').on('agency_figures').columns(['region', 'period_from', 'period_to']).where(sql.ref('active'), '=', 1).execute();
  await db.schema.createIndex('agency_figures_superseded').on('agency_figures').column('superseded_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['agency_figures', 'agency_imports', 'agency_uploads']) await db.schema.dropTable(t).execute();
}
