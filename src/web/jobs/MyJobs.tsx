import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLoad, useReference } from '../data.ts';
import { formatDate, nameOf } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Choices, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';
import { jobPositions, jobSkills } from '../../shared/jobs.ts';
import { jobFieldErrors, PayRange, StageBadge, toFen, yuanText } from './common.tsx';
import type { MyJobs as MyJobsData, SeekerProfile } from './types.ts';

/** A graduate's jobs: each order the school recommended them to, step by step, and what work they want. */
export function MyJobs() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { data, error, reload } = useLoad(() => api<MyJobsData>('GET', '/api/jobs/me'));
  const [banner, setBanner] = useState<string | null>(null);
  if (error) return <Alert>{errorMessage(t, error)}</Alert>;
  if (!data) return <Loading />;
  const withdraw = async (id: string) => {
    if (!window.confirm(t('jobs.me.withdrawConfirm'))) return;
    try {
      await api('POST', `/api/jobs/candidates/${id}/withdraw`, {});
      await reload();
    } catch (e) {
      setBanner(errorMessage(t, e));
    }
  };
  return (
    <section data-testid="my-jobs">
      <h1 tabIndex={-1}>{t('jobs.me.title')}</h1>
      <p className="lead">{t('jobs.me.intro')}</p>
      <Alert>{banner}</Alert>
      {data.graduate?.level ? (
        <p className="badge badge-ok">
          {t('jobs.me.certificate', { level: data.graduate.level })}
        </p>
      ) : null}
      <h2>{t('jobs.me.jobs')}</h2>
      {data.items.length ? (
        <ul className="jb-list">
          {data.items.map((j) => (
            <li key={j.id} className="jb-card" data-testid="my-job" data-order-id={j.orderId} data-stage={j.stage}>
              <div className="row-between">
                <h3 dir="auto">{j.title}</h3>
                <StageBadge t={t} stage={j.stage} />
              </div>
              <p className="jb-meta">
                <span dir="auto">{j.employer}</span>
                <span>{t(`jobs.positions.${j.position}`)}</span>
                <PayRange t={t} min={j.payMinFen} max={j.payMaxFen} />
              </p>
              {j.place ? (
                <p className="small muted" dir="auto">
                  {j.place}
                </p>
              ) : null}
              <ol className="jb-steps" data-testid="steps">
                {j.steps.map((s) => (
                  <li key={s.step} data-step={s.step}>
                    <span>{t(`jobs.stages.${s.step}`)}</span>
                    <span className="muted small">
                      <Ltr>{formatDate(s.at, l, s.step === 'interviewing')}</Ltr>
                    </span>
                  </li>
                ))}
              </ol>
              {j.stage === 'interviewing' && j.interviewAt ? <p>{t('jobs.me.interviewOn', { at: formatDate(j.interviewAt, l, true) })}</p> : null}
              {j.stage === 'hired' && j.startedOn ? <p>{t('jobs.me.startOn', { on: formatDate(j.startedOn, l), band: j.payBand ?? '' })}</p> : null}
              {j.declineReason && j.stage === 'declined' ? (
                <p className="small" dir="auto">
                  {t('jobs.me.declineReason', { reason: j.declineReason })}
                </p>
              ) : null}
              {j.stage === 'recommended' || j.stage === 'interviewing' ? (
                <div className="jb-actions">
                  <button type="button" className="btn btn-ghost" onClick={() => void withdraw(j.id)}>
                    {t('jobs.me.withdraw')}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{data.graduate ? t('jobs.me.none') : t('jobs.me.notGraduate')}</p>
      )}
      <ProfileForm profile={data.profile} onSaved={reload} />
    </section>
  );
}

function ProfileForm({ profile, onSaved }: { profile: SeekerProfile | null; onSaved: () => unknown }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const ref = useReference();
  const [city, setCity] = useState(profile?.cityCode ?? '652801');
  const [district, setDistrict] = useState(profile?.districtCode ?? '');
  const [skills, setSkills] = useState<string[]>(profile?.skills ?? []);
  const [positions, setPositions] = useState<string[]>(profile?.positions ?? []);
  const [minPay, setMinPay] = useState(profile ? yuanText(profile.minPayFen) : '');
  const [open, setOpen] = useState(profile?.open ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const fen = minPay.trim() ? toFen(minPay) : 0;
    if (fen === null) return setErrors({ minPayFen: t('jobs.err.invalid') });
    try {
      await api('PUT', '/api/jobs/me/profile', { cityCode: city, districtCode: district || null, skills, positions, minPayFen: fen, open });
      setErrors({});
      setDone(true);
      await onSaved();
    } catch (err) {
      const fe = jobFieldErrors(t, err);
      setErrors(Object.keys(fe).length ? fe : { body: errorMessage(t, err) });
    }
  };
  const cities = ref.data?.cities ?? [];
  const districts = cities.find((c) => c.code === city)?.districts ?? [];
  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} data-testid="job-profile">
      <h2>{t('jobs.me.profile')}</h2>
      <SelectField label={t('jobs.fields.city')} value={city} onChange={(e) => (setCity(e.target.value), setDistrict(''))} error={errors.cityCode}>
        {cities.map((c) => (
          <option key={c.code} value={c.code}>
            {nameOf(c, l)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('jobs.fields.district')} value={district} onChange={(e) => setDistrict(e.target.value)} error={errors.districtCode}>
        <option value="">{t('jobs.fields.anyDistrict')}</option>
        {districts.map((d) => (
          <option key={d.code} value={d.code}>
            {nameOf(d, l)}
          </option>
        ))}
      </SelectField>
      <Choices legend={t('jobs.fields.positions')} error={errors.positions}>
        <div className="option-grid">
          {jobPositions.map((p) => (
            <label key={p} className="option">
              <input type="checkbox" checked={positions.includes(p)} onChange={() => setPositions(toggle(positions, p))} />
              <span>{t(`jobs.positions.${p}`)}</span>
            </label>
          ))}
        </div>
      </Choices>
      <Choices legend={t('jobs.fields.mySkills')} error={errors.skills}>
        <div className="option-grid">
          {jobSkills.map((s) => (
            <label key={s} className="option">
              <input type="checkbox" checked={skills.includes(s)} onChange={() => setSkills(toggle(skills, s))} />
              <span>{t(`jobs.skills.${s}`)}</span>
            </label>
          ))}
        </div>
      </Choices>
      <TextField label={t('jobs.fields.minPay')} inputMode="decimal" dir="ltr" value={minPay} onChange={(e) => setMinPay(e.target.value)} error={errors.minPayFen} />
      <label className="option">
        <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} />
        <span>{t('jobs.fields.open')}</span>
      </label>
      <Alert>{errors.body}</Alert>
      <Alert kind="success">{done ? t('jobs.me.saved') : null}</Alert>
      <button type="submit" className="btn btn-primary btn-block">
        {t('jobs.me.save')}
      </button>
    </form>
  );
}
