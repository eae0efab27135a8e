import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError, NETWORK, qs, SESSION_ENDED_EVENT, type FieldIssue } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { formatDate } from '../../i18n/index.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, TextField } from '../../components/ui.tsx';
import './agency.css';

// Shapes of docs/api-agency.md.
type Column = 'agency' | 'indicator' | 'region' | 'period' | 'value' | 'unit' | 'note';
const COLUMNS: Column[] = ['agency', 'indicator', 'region', 'period', 'value', 'unit', 'note'];
type RowError = { row: number; column: Column | null; code: string; message: string };
type Conflict = { figureId: string; importId: string; value: number; unit: string; source: string; importedAt: string };
type PreviewRow = { row: number; cells: Partial<Record<Column, string>>; status: 'valid' | 'invalid' | 'conflict'; errors: Omit<RowError, 'row'>[]; conflict: Conflict | null };
type Preview = {
  upload: { id: string; fileName: string; format: 'csv' | 'xlsx'; size: number; sha256: string; uploadedAt: string; expiresAt: string };
  header: { title: string; column: Column | null }[];
  summary: { rows: number; valid: number; invalid: number; conflicts: number };
  problems: RowError[];
  problemCount: number;
  rows: PreviewRow[];
  total: number;
  offset: number;
  limit: number;
};
type ImportRecord = {
  id: string;
  source: string;
  agencies: string[];
  period: { from: string; to: string };
  fileName: string;
  format: string;
  counts: { rows: number; stored: number; rejected: number; skipped: number; replaced: number; inForce: number };
  partial: boolean;
  importedBy: { id: string; name: string };
  importedAt: string;
  withdrawn: { at: string; by: string; reason: string } | null;
};
type Show = 'all' | 'problems';

const PAGE = 100;
/** A template with the header and one example row (UTF-8 with BOM, so Excel opens the Chinese right). */
const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent('\ufeff机构,指标,地区,期间,数值,单位,备注\n新疆维吾尔自治区民政厅,service_stations,XJ,2025-H1,0,个,示例行：请替换\n')}`;
const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * Sends the file as the raw body with XMLHttpRequest, whose `upload.onprogress` reports the bytes sent (fetch
 * cannot), and answers the JSON reply or throws an ApiError like api() does.
 */
function uploadWithProgress<T>(url: string, file: Blob, onProgress: (fraction: number) => void, onSent: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onSent();
    xhr.onerror = () => reject(new ApiError(0, NETWORK, 'Network error'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const err = (data as { error?: { code?: string; message?: string; details?: FieldIssue[] } & Record<string, unknown> } | null)?.error;
      if (xhr.status === 401 && err?.details?.some((d) => d.code === 'session_ended')) window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT));
      reject(new ApiError(xhr.status, err?.code ?? 'internal', err?.message ?? xhr.statusText, Array.isArray(err?.details) ? err.details : [], null, err ?? {}));
    };
    xhr.send(file);
  });
}

/** A row problem in the reader's language: row and column named, never the server's English text. */
function problemText(t: TFunction, e: { row: number; column: Column | null; code: string }) {
  const column = t(`agency.column.${e.column ?? 'row'}`);
  const key = `agency.rowError.${e.code}`;
  return t(key, { row: e.row, column });
}

function fileProblem(t: TFunction, err: unknown) {
  if (err instanceof ApiError) {
    const code = err.details.find((d) => d.path === 'file')?.code;
    if (code && ['too_large', 'too_many_rows', 'unsupported_type', 'not_utf8', 'empty'].includes(code)) return t(`agency.fileError.${code}`);
  }
  return errorMessage(t, err);
}

/** The analyst's page: pick a sheet → preview with every problem at its row and column → import; the history with withdraw. */
export function AgencyImport() {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ phase: 'upload' | 'check'; fraction: number } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [rows, setRows] = useState<PreviewRow[]>([]);
  const [show, setShow] = useState<Show>('all');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [source, setSource] = useState('');
  const [sourceError, setSourceError] = useState<string | undefined>();
  const [onConflict, setOnConflict] = useState<'replace' | 'skip' | ''>('');
  const [busy, setBusy] = useState(false);
  const history = useLoad(() => api<{ items: ImportRecord[] }>('GET', '/api/stats/agency/imports').then((r) => r.items), []);

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setNotice(null);
    // A new sheet replaces the one being previewed: that pending upload is dropped.
    if (preview) void api('DELETE', `/api/stats/agency/uploads/${preview.upload.id}`).catch(() => undefined);
    setPreview(null);
    setRows([]);
    setShow('all');
    setOnConflict('');
    setProgress({ phase: 'upload', fraction: 0 });
    try {
      const p = await uploadWithProgress<Preview>(
        `/api/stats/agency/uploads${qs({ name: file.name, limit: PAGE })}`,
        file,
        (fraction) => setProgress({ phase: 'upload', fraction }),
        () => setProgress({ phase: 'check', fraction: 1 }),
      );
      setPreview(p);
      setRows(p.rows);
    } catch (err) {
      setError(fileProblem(t, err));
    } finally {
      setProgress(null);
    }
  }

  async function load(which: Show, offset: number) {
    if (!preview) return;
    try {
      const p = await api<Preview>('GET', `/api/stats/agency/uploads/${preview.upload.id}${qs({ show: which, offset, limit: PAGE })}`);
      setPreview(p);
      setRows((r) => (offset === 0 ? p.rows : [...r, ...p.rows]));
      setShow(which);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  }

  async function commit(e: FormEvent | null, partial: boolean) {
    e?.preventDefault();
    if (!preview) return;
    if (source.trim().length < 2) {
      setSourceError(t('agency.sourceRequired'));
      return;
    }
    setSourceError(undefined);
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ import: ImportRecord }>('POST', `/api/stats/agency/uploads/${preview.upload.id}/commit`, {
        source: source.trim(),
        partial,
        ...(onConflict ? { onConflict } : {}),
      });
      setNotice(t('agency.committed', { stored: res.import.counts.stored }));
      setPreview(null);
      setRows([]);
      setSource('');
      await history.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.extra.reason === 'invalid_rows') setError(t('agency.refused'));
      else if (err instanceof ApiError && err.status === 409 && err.details.some((d) => d.code === 'choice_required')) setError(t('agency.chooseConflict'));
      else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!preview) return;
    setBusy(true);
    try {
      await api('DELETE', `/api/stats/agency/uploads/${preview.upload.id}`);
      setPreview(null);
      setRows([]);
      setNotice(t('agency.cancelled'));
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  const present = new Set(preview?.header.map((h) => h.column).filter((c): c is Column => !!c) ?? []);
  const columns = COLUMNS.filter((c) => present.has(c));

  return (
    <section className="agency" data-testid="agency-import">
      <h1 tabIndex={-1}>{t('agency.title')}</h1>
      <p className="lead">{t('agency.intro')}</p>
      <p className="small muted">{t('agency.columnsHint')}</p>

      <p>
        <a className="btn-link" href={TEMPLATE} download="agency-figures-template.csv" data-testid="agency-template">
          {t('agency.template')}
        </a>
      </p>
      <div className="agency-pick">
        <label className="btn btn-primary btn-block" htmlFor="agency-file">
          {t('agency.pickFile')}
        </label>
        <input
          id="agency-file"
          ref={fileInput}
          className="visually-hidden"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={pick}
          disabled={!!progress || busy}
          data-testid="agency-file"
        />
      </div>

      {progress ? (
        <div className="agency-progress" data-testid="agency-progress" data-phase={progress.phase}>
          <label htmlFor="agency-progress-bar">{progress.phase === 'upload' ? t('agency.uploading', { percent: Math.round(progress.fraction * 100) }) : t('agency.reading')}</label>
          {progress.phase === 'upload' ? <progress id="agency-progress-bar" max={100} value={Math.round(progress.fraction * 100)} /> : <progress id="agency-progress-bar" />}
        </div>
      ) : null}
      <Alert>{error}</Alert>
      <Alert kind="success">{notice}</Alert>

      {preview ? (
        <div className="agency-preview" data-testid="agency-preview" data-upload={preview.upload.id}>
          <p className="small">
            {t('agency.file', { name: preview.upload.fileName, size: sizeText(preview.upload.size) })}
          </p>
          <p className="agency-summary" data-testid="agency-summary" data-valid={preview.summary.valid} data-invalid={preview.summary.invalid} data-conflicts={preview.summary.conflicts}>
            <strong>{t('agency.summary', { rows: preview.summary.rows, valid: preview.summary.valid, invalid: preview.summary.invalid, conflicts: preview.summary.conflicts })}</strong>
          </p>
          {preview.problemCount ? (
            <ul className="agency-problems" data-testid="agency-problems">
              {preview.problems.slice(0, 50).map((p, i) => (
                <li key={`${p.row}-${p.column}-${i}`} data-row={p.row} data-column={p.column ?? 'row'} data-code={p.code}>
                  {problemText(t, p)}
                </li>
              ))}
            </ul>
          ) : (
            <Alert kind="info">{t('agency.allGood')}</Alert>
          )}

          <div className="chips" role="group">
            {(['all', 'problems'] as Show[]).map((s) => (
              <button key={s} type="button" className={`chip${s === show ? ' is-active' : ''}`} aria-pressed={s === show} onClick={() => void load(s, 0)}>
                {t(`agency.show.${s}`)}
              </button>
            ))}
          </div>
          <div className="table-scroll">
            <table className="table agency-table" data-testid="agency-rows">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {t(`agency.column.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const bad = new Map(r.errors.filter((e) => e.column).map((e) => [e.column!, e]));
                  const whole = r.errors.find((e) => !e.column);
                  return (
                    <tr key={r.row} data-row={r.row} data-status={r.status} className={`is-${r.status}`}>
                      <th scope="row">
                        <Ltr>{r.row}</Ltr>
                        <span className={`badge ${r.status === 'valid' ? 'badge-ok' : r.status === 'conflict' ? 'badge-wait' : 'badge-bad'}`}>{t(`agency.status.${r.status}`)}</span>
                      </th>
                      {columns.map((c) => {
                        const e = bad.get(c);
                        return (
                          <td key={c} data-column={c} data-label={t(`agency.column.${c}`)} aria-invalid={e ? true : undefined} className={e ? 'cell-error' : undefined} title={e ? problemText(t, { row: r.row, column: c, code: e.code }) : undefined}>
                            <bdi>{r.cells[c] ?? ''}</bdi>
                            {e ? <span className="cell-why">{problemText(t, { row: r.row, column: c, code: e.code })}</span> : null}
                            {c === 'value' && r.conflict ? <span className="cell-why">{t('agency.conflict', { value: r.conflict.value, unit: r.conflict.unit, source: r.conflict.source })}</span> : null}
                          </td>
                        );
                      })}
                      {whole ? <td className="visually-hidden">{problemText(t, { row: r.row, column: null, code: whole.code })}</td> : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {rows.length < preview.total ? (
            <button type="button" className="btn btn-secondary btn-block" onClick={() => void load(show, rows.length)}>
              {t('agency.more')}
            </button>
          ) : null}

          <form className="form agency-commit" onSubmit={(e) => void commit(e, false)} noValidate>
            <TextField label={t('agency.source')} hint={t('agency.sourceHint')} error={sourceError} value={source} onChange={(e) => setSource(e.target.value)} maxLength={200} name="source" />
            {preview.summary.conflicts ? (
              <fieldset className="field">
                <legend>{t('agency.onConflict')}</legend>
                {(['replace', 'skip'] as const).map((c) => (
                  <label key={c} className="option">
                    <input type="radio" name="onConflict" value={c} checked={onConflict === c} onChange={() => setOnConflict(c)} /> {t(`agency.${c}`)}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <div className="actions">
              <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="agency-commit">
                {t('agency.commit')}
              </button>
              {preview.summary.invalid && preview.summary.valid ? (
                <button type="button" className="btn btn-secondary btn-block" disabled={busy} onClick={() => void commit(null, true)} data-testid="agency-commit-valid">
                  {t('agency.commitValid')}
                </button>
              ) : null}
              <button type="button" className="btn btn-ghost btn-block" disabled={busy} onClick={() => void cancel()} data-testid="agency-cancel">
                {t('agency.cancel')}
              </button>
            </div>
          </form>
        </div>
      ) : null}

      <h2>{t('agency.history')}</h2>
      {history.loading && !history.data ? <Loading /> : null}
      {history.error ? <Alert>{errorMessage(t, history.error)}</Alert> : null}
      {history.data && !history.data.length ? <p className="muted">{t('agency.noImports')}</p> : null}
      {history.data?.length ? (
        <ul className="cards" data-testid="agency-history">
          {history.data.map((imp) => (
            <ImportItem key={imp.id} imp={imp} onChange={() => void history.reload()} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ImportItem({ imp, onChange }: { imp: ImportRecord; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  async function withdraw(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 2) {
      setErr(t('errors.field.too_short', { field: t('agency.withdrawReason') }));
      return;
    }
    try {
      await api('POST', `/api/stats/agency/imports/${imp.id}/withdraw`, { reason: reason.trim() });
      setOpen(false);
      onChange();
    } catch (error) {
      setErr(errorMessage(t, error));
    }
  }
  return (
    <li className="item" data-id={imp.id} data-withdrawn={imp.withdrawn ? 'true' : 'false'}>
      <div className="item-head row-between">
        <strong>{imp.source}</strong>
        {imp.partial ? <span className="badge badge-wait">{t('agency.partial')}</span> : null}
      </div>
      <p className="small">{imp.agencies.map((a) => t(`agency.agencyName.${a}`)).join('、')}</p>
      <p className="small">
        {t('agency.period', { from: imp.period.from, to: imp.period.to })} · <bdi>{imp.fileName}</bdi>
      </p>
      <p className="small" data-testid="agency-counts">
        {t('agency.counts', { ...imp.counts })}
      </p>
      <p className="small muted">{t('agency.by', { name: imp.importedBy.name, date: formatDate(imp.importedAt, l, true) })}</p>
      {imp.withdrawn ? (
        <p className="small">
          <span className="badge badge-muted">{t('agency.withdrawn', { date: formatDate(imp.withdrawn.at, l), reason: imp.withdrawn.reason })}</span>
        </p>
      ) : open ? (
        <form className="inline-form" onSubmit={(e) => void withdraw(e)} noValidate>
          <TextField label={t('agency.withdrawReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} error={err ?? undefined} />
          <button type="submit" className="btn btn-danger btn-block">
            {t('agency.withdrawConfirm')}
          </button>
        </form>
      ) : (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen(true)}>
          {t('agency.withdraw')}
        </button>
      )}
    </li>
  );
}
