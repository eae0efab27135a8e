import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, ErrorSummary, Ltr, TextField } from '../../components/ui.tsx';
import { detailCode, statusOf } from '../../stations/common.tsx';
import { isMobile } from '../../../shared/validation.ts';

type Reading = { systolic: number; diastolic: number; pulse: number | null; flag: string };

/**
 * A blood-pressure reading for a worker who has consented. The operator sees it once, as a
 * confirmation; there is no way back to it from the console (only the worker sees their history).
 */
export function OpsHealth() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [v, setV] = useState({ workerPhone: '', systolic: '', diastolic: '', pulse: '' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Reading | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const num = (s: string, min: number, max: number) => /^\d{2,3}$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const local: Issues = {};
    const phone = v.workerPhone.replace(/\s+/g, '');
    if (!phone) local.workerPhone = issue('workerPhone', 'required');
    else if (!isMobile(phone)) local.workerPhone = issue('workerPhone', 'invalid_phone');
    if (!num(v.systolic, 60, 260)) local.systolic = issue('systolic', v.systolic ? 'invalid_value' : 'required');
    if (!num(v.diastolic, 30, 160)) local.diastolic = issue('diastolic', v.diastolic ? 'invalid_value' : 'required');
    else if (!local.systolic && Number(v.diastolic) >= Number(v.systolic)) local.diastolic = issue('diastolic', 'above_systolic');
    if (v.pulse.trim() && !num(v.pulse, 30, 220)) local.pulse = issue('pulse', 'invalid_value');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ reading: Reading }>('POST', `/api/stations/${id}/health-readings`, {
        workerPhone: phone,
        systolic: Number(v.systolic),
        diastolic: Number(v.diastolic),
        ...(v.pulse.trim() ? { pulse: Number(v.pulse) } : {}),
      });
      setSaved(res.reading);
      setV({ workerPhone: '', systolic: '', diastolic: '', pulse: '' });
    } catch (err) {
      setIssues(detailCode(err) === 'no_consent' ? {} : serverIssues(err));
      setError(detailCode(err) === 'no_consent' ? t('ops.health.noConsent') : statusOf(err) === 404 ? t('ops.noWorker') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.health.title')}</h1>
      <p className="muted">{t('ops.health.intro')}</p>
      {saved ? (
        <div className="alert alert-success" role="status" data-testid="reading-saved">
          <p className="alert-title">{t('ops.health.saved')}</p>
          <p>
            <Ltr>
              {saved.systolic}/{saved.diastolic}
            </Ltr>{' '}
            mmHg
            {saved.pulse ? (
              <>
                {' · '}
                {t('fields.pulse')} <Ltr>{saved.pulse}</Ltr>
              </>
            ) : null}{' '}
            · {t(`bp.${saved.flag}`, { defaultValue: saved.flag })}
          </p>
          <p className="small">{t('ops.health.savedNote')}</p>
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="health-form">
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <TextField label={t('fields.workerPhone')} name="workerPhone" type="tel" inputMode="numeric" dir="ltr" autoComplete="off" maxLength={13} value={v.workerPhone} onChange={(e) => setV({ ...v, workerPhone: e.target.value })} error={errors.workerPhone} required />
        <div className="two-col">
          <TextField label={t('fields.systolic')} name="systolic" inputMode="numeric" dir="ltr" maxLength={3} value={v.systolic} onChange={(e) => setV({ ...v, systolic: e.target.value })} error={errors.systolic} required />
          <TextField label={t('fields.diastolic')} name="diastolic" inputMode="numeric" dir="ltr" maxLength={3} value={v.diastolic} onChange={(e) => setV({ ...v, diastolic: e.target.value })} error={errors.diastolic} required />
        </div>
        <TextField label={t('fields.pulse')} name="pulse" optional inputMode="numeric" dir="ltr" maxLength={3} value={v.pulse} onChange={(e) => setV({ ...v, pulse: e.target.value })} error={errors.pulse} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('ops.health.record')}
        </button>
      </form>
    </section>
  );
}
