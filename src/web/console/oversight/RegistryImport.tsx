// A registry CSV upload and its per-line report, on the registry page.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUpload } from '../../api.ts';
import { Alert, Ltr } from '../../components/ui.tsx';
import { problemText, refusalText } from './registryCommon.tsx';
import type { Kind } from './Registry.tsx';

type Problem = { line: number; field: string; reason: string };
type Report = { dryRun: boolean; lines: number; stored: number; inserted: number; updated: number; rejectedLines: number; problems: Problem[]; problemsTruncated: boolean };

const HEADERS: Record<Kind, string> = {
  drivers: 'permit_no,holder_name,valid_from,valid_to,city_code',
  vehicles: 'plate,permit_no,valid_from,valid_to,registered_on,odometer_km',
};

export function Import({ kind, onDone }: { kind: Kind; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      // The file's bytes as the body, always as text/csv (Windows may call a .csv "application/vnd.ms-excel").
      const r = await apiUpload<Report>(`/api/oversight/permits/${kind}/import${dryRun ? '?dryRun=true' : ''}`, file, 'text/csv');
      setReport(r);
      if (!r.dryRun) onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid="import">
      <h2>{t(`oversightRegistry.import.title.${kind}`)}</h2>
      <p className="small">
        {t('oversightRegistry.import.headers')}{' '}
        <Ltr>
          {HEADERS[kind].split(',').map((h, i) => (
            <span key={h} className="nowrap">
              {i ? ', ' : ''}
              <code>{h}</code>
            </span>
          ))}
        </Ltr>
      </p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`csv-${kind}`}>{t('oversightRegistry.import.file')}</label>
          <input id={`csv-${kind}`} name="file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <label className="switch">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          <span>{t('oversightRegistry.import.dryRun')}</span>
        </label>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={!file || busy}>
            {busy ? t('oversightRegistry.import.busy') : t('oversightRegistry.import.submit')}
          </button>
        </div>
      </form>
      {error ? <Alert>{refusalText(t, error)}</Alert> : null}
      {report ? <ImportReport r={report} /> : null}
    </div>
  );
}

function ImportReport({ r }: { r: Report }) {
  const { t } = useTranslation();
  return (
    <div data-testid="import-report">
      <Alert kind={r.rejectedLines ? 'warning' : 'success'}>
        {t(r.dryRun ? 'oversightRegistry.import.summaryDry' : 'oversightRegistry.import.summary', { lines: r.lines, stored: r.stored, inserted: r.inserted, updated: r.updated, rejected: r.rejectedLines })}
      </Alert>
      {r.problems.length ? (
        <div className="table-scroll">
          <table className="table">
            <caption>{t('oversightRegistry.import.problems')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('oversightRegistry.import.line')}</th>
                <th scope="col">{t('oversightRegistry.import.column')}</th>
                <th scope="col">{t('oversightRegistry.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {r.problems.map((p, i) => (
                <tr key={i} data-line={p.line} data-reason={p.reason}>
                  <td className="num">
                    <Ltr>{p.line}</Ltr>
                  </td>
                  <td>
                    {p.field ? (
                      <>
                        {t(`oversightRegistry.field.${p.field}`, { defaultValue: p.field })}{' '}
                        <Ltr>
                          <code className="small">{p.field}</code>
                        </Ltr>
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>{problemText(t, p.reason, p.field)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.problemsTruncated ? <p className="small muted">{t('oversightRegistry.import.truncated', { count: r.problems.length })}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
