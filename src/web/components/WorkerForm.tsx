import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, Reference } from '../api.ts';
import { nameOf } from '../i18n/index.ts';
import { issue, issuesText, type Issues } from '../errors.ts';
import { isIdNumber, isMobile, isPlate } from '../../shared/validation.ts';
import { Choices, ErrorSummary, SelectField, TextField } from './ui.tsx';

export type WorkerValues = {
  phone: string;
  password: string;
  name: string;
  idNumber: string;
  kind: string;
  cityCode: string;
  districtCode: string;
  platforms: string[];
  employmentCategory: string;
  plates: string[];
  locale: Locale;
};

export const emptyWorker = (locale: Locale): WorkerValues => ({
  phone: '',
  password: '',
  name: '',
  idNumber: '',
  kind: '',
  cityCode: '',
  districtCode: '',
  platforms: [],
  employmentCategory: '',
  plates: [],
  locale,
});

const LANGS: { code: Locale; label: string }[] = [
  { code: 'zh', label: '中文' },
  { code: 'ug', label: 'ئۇيغۇرچە' },
  { code: 'en', label: 'English' },
];

type Props = {
  mode: 'register' | 'edit';
  reference: Reference;
  initial: WorkerValues;
  /** Server field problems by path, from the last submit. */
  serverIssues: Issues;
  busy: boolean;
  submitLabel: string;
  onSubmit: (v: WorkerValues) => void;
  onCancel?: () => void;
  /** An existing masked ID number, shown when editing. */
  idNumberMasked?: string | null;
};

/** The worker's own details: used to register and to edit the profile. */
export function WorkerForm({ mode, reference, initial, serverIssues, busy, submitLabel, onSubmit, onCancel, idNumberMasked }: Props) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [v, setV] = useState<WorkerValues>(initial);
  const [local, setLocal] = useState<Issues>({});
  const [allPlatforms, setAllPlatforms] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [localeTouched, setLocaleTouched] = useState(mode === 'edit');

  // Until the worker picks a preferred language, it follows the language they are reading in.
  useEffect(() => {
    if (!localeTouched && (l === 'zh' || l === 'ug' || l === 'en')) setV((old) => ({ ...old, locale: l }));
  }, [l, localeTouched]);

  const errors = issuesText(t, { ...serverIssues, ...local });
  const set = <K extends keyof WorkerValues>(k: K, value: WorkerValues[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    if (submitted) setLocal((old) => Object.fromEntries(Object.entries(old).filter(([p]) => p !== k && !p.startsWith(`${String(k)}.`))));
  };

  const city = reference.cities.find((c) => c.code === v.cityCode);
  const isDriver = v.kind === 'ride_hailing_driver';
  const showPlates = isDriver || v.plates.length > 0;
  const platforms = reference.platforms.filter((p) => allPlatforms || !v.kind || v.kind === 'other' || p.kinds.includes(v.kind) || v.platforms.includes(p.code));

  const validate = (): Issues => {
    const e: Issues = {};
    const msg = (path: string, code: string) => (e[path] = issue(path, code));
    if (!v.name.trim()) msg('name', 'required');
    if (mode === 'register') {
      const phone = v.phone.replace(/\s+/g, '');
      if (!phone) msg('phone', 'required');
      else if (!isMobile(phone)) msg('phone', 'invalid_phone');
      if (!v.password) msg('password', 'required');
      else if (v.password.length < 8) msg('password', 'too_short');
    }
    if (v.idNumber.trim() && !isIdNumber(v.idNumber.trim())) msg('idNumber', 'invalid_id_number');
    if (!v.kind) msg('kind', 'required');
    if (!v.cityCode) msg('cityCode', 'required');
    if (!v.districtCode) msg('districtCode', 'required');
    if (!v.employmentCategory) msg('employmentCategory', 'required');
    v.plates.forEach((p, i) => {
      if (!p.trim()) msg(`plates.${i}`, 'required');
      else if (!isPlate(p)) msg(`plates.${i}`, 'invalid_plate');
    });
    return e;
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setSubmitted(true);
    const e = validate();
    setLocal(e);
    if (Object.keys(e).length) {
      // Take the reader to the first problem.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    onSubmit({ ...v, phone: v.phone.replace(/\s+/g, ''), name: v.name.trim(), idNumber: v.idNumber.trim(), plates: v.plates.map((p) => p.trim()) });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorSummary title={t('form.fixThese')} errors={errors} />
      <TextField label={t('fields.name')} name="name" autoComplete="name" value={v.name} onChange={(e) => set('name', e.target.value)} error={errors.name} required maxLength={60} />
      {mode === 'register' ? (
        <>
          <TextField
            label={t('fields.phone')}
            hint={t('register.phoneHint')}
            name="phone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            dir="ltr"
            maxLength={13}
            value={v.phone}
            onChange={(e) => set('phone', e.target.value)}
            error={errors.phone}
            required
          />
          <TextField
            label={t('fields.password')}
            hint={t('register.passwordHint')}
            name="password"
            type="password"
            autoComplete="new-password"
            dir="ltr"
            value={v.password}
            onChange={(e) => set('password', e.target.value)}
            error={errors.password}
            required
          />
        </>
      ) : null}
      <TextField
        label={t('fields.idNumber')}
        hint={mode === 'edit' && idNumberMasked ? t('profile.idOnFile', { masked: `\u2066${idNumberMasked}\u2069` }) : t('register.idHint')}
        optional
        name="idNumber"
        dir="ltr"
        autoComplete="off"
        maxLength={18}
        value={v.idNumber}
        onChange={(e) => set('idNumber', e.target.value)}
        error={errors.idNumber}
      />

      <Choices legend={t('fields.kind')} error={errors.kind}>
        <div className="option-list">
          {reference.workerKinds.map((k) => (
            <label key={k} className="option">
              <input type="radio" name="kind" value={k} checked={v.kind === k} onChange={() => set('kind', k)} />
              <span>{t(`kinds.${k}`)}</span>
            </label>
          ))}
        </div>
      </Choices>

      <SelectField
        label={t('fields.cityCode')}
        name="cityCode"
        value={v.cityCode}
        onChange={(e) => {
          set('cityCode', e.target.value);
          set('districtCode', '');
        }}
        error={errors.cityCode}
        required
      >
        <option value="">{t('form.choose')}</option>
        {reference.cities.map((c) => (
          <option key={c.code} value={c.code}>
            {nameOf(c, l)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('fields.districtCode')}
        name="districtCode"
        value={v.districtCode}
        onChange={(e) => set('districtCode', e.target.value)}
        error={errors.districtCode}
        disabled={!city}
        hint={city ? undefined : t('register.cityFirst')}
        required
      >
        <option value="">{t('form.choose')}</option>
        {(city?.districts ?? []).map((d) => (
          <option key={d.code} value={d.code}>
            {nameOf(d, l)}
          </option>
        ))}
      </SelectField>

      <Choices legend={t('fields.platforms')} hint={t('register.platformsHint')} error={errors.platforms} optional>
        <div className="option-grid">
          {platforms.map((p) => (
            <label key={p.code} className="option">
              <input
                type="checkbox"
                name="platforms"
                value={p.code}
                checked={v.platforms.includes(p.code)}
                onChange={(e) => set('platforms', e.target.checked ? [...v.platforms, p.code] : v.platforms.filter((x) => x !== p.code))}
              />
              <span>{nameOf(p, l)}</span>
            </label>
          ))}
        </div>
        {!allPlatforms && platforms.length < reference.platforms.length ? (
          <button type="button" className="btn btn-link" onClick={() => setAllPlatforms(true)}>
            {t('register.showAllPlatforms')}
          </button>
        ) : null}
      </Choices>

      <Choices legend={t('fields.employmentCategory')} hint={t('register.employmentHint')} error={errors.employmentCategory}>
        <div className="option-list">
          {reference.employmentCategories.map((c) => (
            <label key={c} className="option option-explained">
              <input type="radio" name="employmentCategory" value={c} checked={v.employmentCategory === c} onChange={() => set('employmentCategory', c)} />
              <span>
                <strong>{t(`employment.${c}.name`)}</strong>
                <span className="option-help">{t(`employment.${c}.help`)}</span>
              </span>
            </label>
          ))}
        </div>
      </Choices>

      {showPlates ? (
        <Choices legend={t('fields.plates')} hint={t('register.platesHint')} error={errors.plates} optional={!isDriver}>
          {v.plates.map((p, i) => (
            <div className="plate-row" key={i}>
              <TextField
                label={t('register.plateN', { n: i + 1 })}
                name={`plates.${i}`}
                dir="ltr"
                autoComplete="off"
                autoCapitalize="characters"
                maxLength={10}
                placeholder="新A12345"
                value={p}
                onChange={(e) => set('plates', v.plates.map((x, j) => (j === i ? e.target.value : x)))}
                error={errors[`plates.${i}`]}
              />
              <button type="button" className="btn btn-secondary btn-small" onClick={() => set('plates', v.plates.filter((_, j) => j !== i))} aria-label={t('register.removePlateN', { n: i + 1 })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          {v.plates.length < 5 ? (
            <button type="button" className="btn btn-secondary" onClick={() => set('plates', [...v.plates, ''])}>
              {t('register.addPlate')}
            </button>
          ) : null}
        </Choices>
      ) : null}

      <SelectField label={t('fields.locale')} name="locale" value={v.locale} onChange={(e) => {
          setLocaleTouched(true);
          set('locale', e.target.value as Locale);
        }} error={errors.locale}>
        {LANGS.map((x) => (
          <option key={x.code} value={x.code} lang={x.code === 'zh' ? 'zh-CN' : x.code}>
            {x.label}
          </option>
        ))}
      </SelectField>

      <div className="actions">
        <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? t('common.working') : submitLabel}
        </button>
        {onCancel ? (
          <button className="btn btn-secondary btn-block" type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      {mode === 'register' ? (
        <p className="muted small">{t('register.privacy')}</p>
      ) : null}
    </form>
  );
}
