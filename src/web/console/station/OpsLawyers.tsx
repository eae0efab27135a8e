import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type LawyerDuty } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, ErrorSummary, Loading, SelectField, TextField } from '../../components/ui.tsx';
import { detailCode, fsi, ltr, statusOf } from '../../stations/common.tsx';
import { isMobile } from '../../../shared/validation.ts';

/** The lawyers' duty roster: who sits at the station on which weekday, in slots of how long. */
export function OpsLawyers() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const roster = useLoad(() => api<{ items: LawyerDuty[] }>('GET', `/api/stations/${id}/lawyer-duty`).then((r) => r.items), [id]);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = async (d: LawyerDuty) => {
    setError(null);
    try {
      await api('DELETE', `/api/lawyer-duty/${d.id}`);
      setNotice(t('ops.lawyers.removed', { name: fsi(d.lawyerName) }));
    } catch (err) {
      setError(err);
    }
    setConfirm(null);
    void roster.reload();
  };
  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.lawyers.title')}</h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      {roster.loading && !roster.data ? <Loading /> : null}
      {roster.error ? <Alert>{errorMessage(t, roster.error)}</Alert> : null}
      {roster.data && !roster.data.length ? <p className="muted">{t('ops.lawyers.none')}</p> : null}
      <ul className="cards" data-testid="duty-roster">
        {(roster.data ?? []).map((d) => (
          <li key={d.id} className="item" data-duty-id={d.id}>
            <div className="item-head">
              <strong>{t(`weekdays.${d.weekday}`)}</strong>
              <bdi dir="ltr" className="nowrap">
                {d.start}–{d.end}
              </bdi>
            </div>
            <p className="small">
              {d.lawyerName}
              {d.firmName ? ` · ${d.firmName}` : ''}
            </p>
            <p className="small muted">{t('ops.lawyers.slotLength', { n: ltr(d.slotMinutes) })}</p>
            {confirm === d.id ? (
              <div className="actions">
                <button type="button" className="btn btn-danger" onClick={() => void remove(d)}>
                  {t('ops.lawyers.confirmRemove')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => setConfirm(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(d.id)}>
                {t('common.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <AddDuty
        stationId={id}
        onAdded={(d) => {
          setNotice(t('ops.lawyers.added', { name: fsi(d.lawyerName) }));
          void roster.reload();
        }}
      />
    </section>
  );
}

function AddDuty({ stationId, onAdded }: { stationId: string; onAdded: (d: LawyerDuty) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ lawyerPhone: '', weekday: '2', start: '10:00', end: '12:00', slotMinutes: '30' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    const phone = v.lawyerPhone.replace(/\s+/g, '');
    if (!phone) local.lawyerPhone = issue('lawyerPhone', 'required');
    else if (!isMobile(phone)) local.lawyerPhone = issue('lawyerPhone', 'invalid_phone');
    if (!v.start) local.start = issue('start', 'required');
    if (!v.end) local.end = issue('end', 'required');
    else if (v.start && v.end <= v.start) local.end = issue('end', 'ends_before_start');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ duty: LawyerDuty }>('POST', `/api/stations/${stationId}/lawyer-duty`, { lawyerPhone: phone, weekday: Number(v.weekday), start: v.start, end: v.end, slotMinutes: Number(v.slotMinutes) });
      setV({ ...v, lawyerPhone: '' });
      onAdded(res.duty);
    } catch (err) {
      setIssues(serverIssues(err));
      const st = statusOf(err);
      setError(st === 404 ? t('ops.lawyers.noLawyer') : detailCode(err) === 'duty_overlap' ? t('ops.lawyers.overlap') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} noValidate data-testid="add-duty" aria-labelledby="duty-title">
      <h2 id="duty-title">{t('ops.lawyers.addTitle')}</h2>
      {error ? <Alert>{error}</Alert> : null}
      <ErrorSummary title={t('form.fixThese')} errors={errors} />
      <TextField label={t('fields.lawyerPhone')} hint={t('ops.lawyers.phoneHint')} name="lawyerPhone" type="tel" inputMode="numeric" dir="ltr" maxLength={13} value={v.lawyerPhone} onChange={(e) => setV({ ...v, lawyerPhone: e.target.value })} error={errors.lawyerPhone} required />
      <SelectField label={t('fields.weekday')} name="weekday" value={v.weekday} onChange={(e) => setV({ ...v, weekday: e.target.value })}>
        {[1, 2, 3, 4, 5, 6, 7].map((w) => (
          <option key={w} value={w}>
            {t(`weekdays.${w}`)}
          </option>
        ))}
      </SelectField>
      <div className="two-col">
        <TextField label={t('fields.start')} type="time" name="start" value={v.start} onChange={(e) => setV({ ...v, start: e.target.value })} error={errors.start} required />
        <TextField label={t('fields.end')} type="time" name="end" value={v.end} onChange={(e) => setV({ ...v, end: e.target.value })} error={errors.end} required />
      </div>
      <SelectField label={t('fields.slotMinutes')} name="slotMinutes" value={v.slotMinutes} onChange={(e) => setV({ ...v, slotMinutes: e.target.value })} error={errors.slotMinutes}>
        {[15, 20, 30, 45, 60, 90, 120].map((m) => (
          <option key={m} value={m}>
            {t('ops.lawyers.slotLength', { n: ltr(m) })}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('common.working') : t('ops.lawyers.add')}
      </button>
    </form>
  );
}
