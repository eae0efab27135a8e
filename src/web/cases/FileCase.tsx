import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { useLoad, useReference } from '../data.ts';
import { api } from '../api.ts';
import { nameOf } from '../i18n/index.ts';
import { bannerText, issue, issuesText, serverIssues, type Banner, type Issues } from '../errors.ts';
import { Alert, Choices, ErrorSummary, SelectField, TextAreaField, TextField } from '../components/ui.tsx';
import { roundCoord, stationToday } from '../stations/geo.ts';
import { Icon } from '../stations/icons.tsx';
import { addDraftFile, backToDraft, discardDraft, draftHasContent, dropFile, enqueue, EVIDENCE_ACCEPT, flush, loadDraft, saveDraft, type Draft, type DraftFile, type DraftValues } from './outbox.ts';
import { autoDir, fileProblem, FileSize } from './common.tsx';
import { useOnline } from './hooks.ts';
import { CATEGORIES, RESPONDENT_KINDS, type NewCase, type Respondent } from './types.ts';

type Locating = 'idle' | 'locating' | 'denied' | 'unavailable';
/** The phone's own clock: when the draft was last kept. */
const clock = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** The worker files a case: phone-first, one column, saved on the phone as they type, sent when online. */
export function FileCase() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { user } = useAuth();
  const userId = user?.id ?? 'anonymous';
  const navigate = useNavigate();
  const ref = useReference();
  const online = useOnline();
  // Known organisations to choose from; offline, the worker types the name instead.
  const respondents = useLoad(() => api<{ items: Respondent[] }>('GET', '/api/cases/respondents').then((r) => r.items));
  const [draft, setDraft] = useState<Draft>(() => loadDraft(userId));
  const [local, setLocal] = useState<Issues>({});
  const [server, setServer] = useState<Issues>({});
  const [banner, setBanner] = useState<Banner>(null);
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [locating, setLocating] = useState<Locating>('idle');
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const fileInput = useId();
  const first = useRef(true);

  // Every change is kept on the phone at once (the first render only reads).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setDraft((d) => (draftHasContent(d) ? saveDraft(userId, d) : d));
  }, [draft.values, draft.files, userId]);

  const v = draft.values;
  const errors = issuesText(t, { ...server, ...local });
  const set = <K extends keyof DraftValues>(k: K, value: DraftValues[K]) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [k]: value } }));
    if (submitted) setLocal((old) => Object.fromEntries(Object.entries(old).filter(([p]) => p !== k)));
    setServer((old) => Object.fromEntries(Object.entries(old).filter(([p]) => p !== k)));
  };

  const pickFiles = async (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    const added: DraftFile[] = [];
    for (const f of chosen) added.push(await addDraftFile(f, f.name));
    setDraft((d) => ({ ...d, files: [...d.files, ...added] }));
  };
  const removeFile = (id: string) => {
    void dropFile(id);
    setDraft((d) => ({ ...d, files: d.files.filter((f) => f.id !== id) }));
  };

  const locate = () => {
    if (!('geolocation' in navigator)) return setLocating('unavailable');
    setLocating('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setDraft((d) => ({ ...d, values: { ...d.values, lat: roundCoord(pos.coords.latitude), lng: roundCoord(pos.coords.longitude) } }));
        setLocating('idle');
      },
      (err) => setLocating(err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const validate = (): Issues => {
    const e: Issues = {};
    if (!v.category) e.category = issue('category', 'required');
    if (!v.title.trim()) e.title = issue('title', 'required');
    if (!v.description.trim()) e.description = issue('description', 'required');
    if (v.occurredOn && v.occurredOn > stationToday()) e.occurredOn = issue('occurredOn', 'in_future');
    return e;
  };

  const payload = (): NewCase => {
    const p: NewCase = { category: v.category as NewCase['category'], title: v.title.trim(), description: v.description.trim(), identityShown: v.identityShown, clientRef: draft.clientRef };
    if (v.occurredOn) p.occurredOn = v.occurredOn;
    if (v.place.trim()) p.place = v.place.trim();
    if (v.lat !== null && v.lng !== null) {
      p.lat = v.lat;
      p.lng = v.lng;
    }
    if (v.respondentOrgId) p.respondentOrgId = v.respondentOrgId;
    else if (v.respondentName.trim()) p.respondentName = v.respondentName.trim();
    if (v.respondentKind) p.respondentKind = v.respondentKind;
    if (v.platformCode) p.platformCode = v.platformCode;
    return p;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setSubmitted(true);
    setBanner(null);
    const e = validate();
    setLocal(e);
    setServer({});
    if (Object.keys(e).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input')?.focus());
      return;
    }
    setSending(true);
    const entry = enqueue(userId, draft, payload());
    const [r] = await flush(userId, entry.clientRef);
    setSending(false);
    if (r?.result === 'sent') {
      navigate(`/me/cases/${r.caseId}`, { state: { filed: true } });
    } else if (r?.result === 'rejected') {
      // The server refused it: back into the form, with the server's reasons beside the fields.
      const back = backToDraft(userId, entry.clientRef);
      if (back) setDraft(back);
      setServer(serverIssues(r.error));
      setBanner({ err: r.error, overrides: { unprocessable: 'cases.noUnion' } });
    } else {
      navigate('/me/cases', { state: { queued: entry.clientRef } });
    }
  };

  const reference = ref.data;
  const known = respondents.data ?? [];
  const choices = known.filter((r) => !v.respondentKind || r.kind === v.respondentKind);
  const savedAt = draft.savedAt && draftHasContent(draft) ? draft.savedAt : 0;

  return (
    <section className="file-case">
      <p className="back-link">
        <Link to="/me/cases">{t('cases.backToMine')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('cases.fileTitle')}</h1>
      <p className="muted">{t('cases.fileIntro')}</p>
      {!online ? (
        <Alert kind="info">
          <span data-testid="offline-note">{t('cases.offlineForm')}</span>
        </Alert>
      ) : null}
      <p className="small muted draft-state" aria-live="polite" data-testid="draft-state">
        {savedAt ? (
          <>
            {t('cases.draftSaved')} <bdi dir="ltr">{clock(savedAt)}</bdi>
          </>
        ) : (
          t('cases.draftWillSave')
        )}
      </p>
      {banner ? <Alert>{bannerText(t, banner)}</Alert> : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary title={t('form.fixThese')} errors={errors} />

        <Choices legend={t('cases.q.category')} error={errors.category}>
          <div className="option-list category-list">
            {CATEGORIES.map((c) => (
              <label key={c} className="option option-explained" data-category={c}>
                <input type="radio" name="category" value={c} checked={v.category === c} onChange={() => set('category', c)} aria-invalid={errors.category ? true : undefined} />
                <span>
                  <strong>{t(`categories.${c}.name`)}</strong>
                  <span className="option-help">{t(`categories.${c}.help`)}</span>
                </span>
              </label>
            ))}
          </div>
        </Choices>

        <TextField label={t('cases.q.title')} hint={t('cases.q.titleHint')} name="title" value={v.title} dir={autoDir(v.title)} maxLength={120} onChange={(e) => set('title', e.target.value)} error={errors.title} />
        <TextAreaField
          label={t('cases.q.description')}
          hint={t('cases.q.descriptionHint')}
          name="description"
          rows={6}
          maxLength={5000}
          value={v.description} dir={autoDir(v.description)}
          onChange={(e) => set('description', e.target.value)}
          error={errors.description}
        />
        <TextField label={t('cases.q.occurredOn')} optional type="date" name="occurredOn" dir="ltr" max={stationToday()} value={v.occurredOn} onChange={(e) => set('occurredOn', e.target.value)} error={errors.occurredOn} />

        <div className="field-group">
          <TextField label={t('cases.q.place')} hint={t('cases.q.placeHint')} optional name="place" maxLength={200} value={v.place} dir={autoDir(v.place)} onChange={(e) => set('place', e.target.value)} error={errors.place} />
          {v.lat !== null && v.lng !== null ? (
            <p className="location-added small" data-testid="location-added">
              <Icon name="pin" size={18} /> {t('cases.locationAdded')}{' '}
              <bdi dir="ltr">
                {v.lat.toFixed(4)}, {v.lng.toFixed(4)}
              </bdi>{' '}
              <button
                type="button"
                className="btn btn-link"
                onClick={() => {
                  set('lat', null);
                  set('lng', null);
                }}
              >
                {t('common.remove')}
              </button>
            </p>
          ) : (
            <button type="button" className="btn btn-secondary btn-block" onClick={locate} disabled={locating === 'locating'} data-testid="use-location">
              <Icon name="locate" size={20} /> {locating === 'locating' ? t('cases.locating') : t('cases.useLocation')}
            </button>
          )}
          {locating === 'denied' || locating === 'unavailable' ? <p className="hint">{t(`cases.location.${locating}`)}</p> : null}
        </div>

        <Choices legend={t('cases.q.respondentKind')} hint={t('cases.q.respondentHint')} optional>
          <div className="option-grid">
            {RESPONDENT_KINDS.map((k) => (
              <label key={k} className="option">
                <input
                  type="radio"
                  name="respondentKind"
                  value={k}
                  checked={v.respondentKind === k}
                  onChange={() => {
                    set('respondentKind', k);
                    // A known organisation of another kind no longer fits.
                    if (known.find((r) => r.id === v.respondentOrgId)?.kind !== k) set('respondentOrgId', '');
                  }}
                />
                <span>{t(`respondentKinds.${k}`)}</span>
              </label>
            ))}
          </div>
        </Choices>
        {choices.length ? (
          <SelectField
            label={t('cases.q.knownRespondent')}
            hint={t('cases.q.knownRespondentHint')}
            optional
            name="respondentOrgId"
            value={v.respondentOrgId}
            onChange={(e) => {
              const org = known.find((r) => r.id === e.target.value);
              set('respondentOrgId', org?.id ?? '');
              if (org) {
                set('respondentName', org.name);
                set('respondentKind', org.kind);
              }
            }}
            error={errors.respondentOrgId}
          >
            <option value="">{t('cases.q.notInList')}</option>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        {!v.respondentOrgId ? (
          <TextField
            label={t('cases.q.respondentName')}
            hint={t('cases.q.respondentNameHint')}
            optional
            name="respondentName"
            maxLength={120}
            value={v.respondentName} dir={autoDir(v.respondentName)}
            onChange={(e) => set('respondentName', e.target.value)}
            error={errors.respondentName}
          />
        ) : null}
        <SelectField label={t('cases.q.platform')} optional name="platformCode" value={v.platformCode} onChange={(e) => set('platformCode', e.target.value)} error={errors.platformCode}>
          <option value="">{t('cases.q.noPlatform')}</option>
          {(reference?.platforms ?? []).map((p) => (
            <option key={p.code} value={p.code}>
              {nameOf(p, l)}
            </option>
          ))}
        </SelectField>

        <fieldset className="field choices">
          <legend>
            {t('cases.q.evidence')}
            <span className="optional"> {t('common.optional')}</span>
          </legend>
          <p className="hint">{t('cases.evidenceHint')}</p>
          {draft.files.length ? (
            <ul className="file-list" data-testid="draft-files">
              {draft.files.map((f) => (
                <li key={f.id} className={f.error ? 'is-failed' : ''} data-file-state={f.error ? 'failed' : 'ready'}>
                  <span className="file-name">
                    <bdi>{f.name}</bdi> <span className="small muted">
                      <FileSize bytes={f.size} />
                    </span>
                  </span>
                  {f.error ? <span className="field-error file-error">{fileProblem(t, f.error)}</span> : null}
                  <button type="button" className="btn btn-link" onClick={() => removeFile(f.id)} aria-label={`${t('common.remove')}: ${f.name}`}>
                    {t('common.remove')}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <label htmlFor={fileInput} className="btn btn-secondary btn-block file-button">
            {t('cases.pickEvidence')}
          </label>
          <input
            id={fileInput}
            className="visually-hidden"
            type="file"
            name="evidence"
            multiple
            accept={EVIDENCE_ACCEPT}
            onChange={(e) => {
              void pickFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </fieldset>

        <div className="panel consent-panel identity-panel">
          <label className="switch switch-block">
            <input type="checkbox" name="identityShown" checked={v.identityShown} onChange={(e) => set('identityShown', e.target.checked)} />
            <span>{t('cases.q.identityShown')}</span>
          </label>
          <p className="small" data-testid="identity-explained">
            {v.identityShown ? t('cases.identityOn') : t('cases.identityOff')}
          </p>
          <p className="small muted">{t('cases.identityAlways')}</p>
        </div>

        <div className="actions">
          <button className="btn btn-primary btn-block" type="submit" disabled={sending} data-testid="send-case">
            {sending ? t('cases.sending') : online ? t('cases.send') : t('cases.sendLater')}
          </button>
          {draftHasContent(draft) ? (
            confirmDiscard ? (
              <div className="confirm-row">
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() => {
                    void discardDraft(userId).then(() => {
                      setDraft(loadDraft(userId));
                      setConfirmDiscard(false);
                      setLocal({});
                      setServer({});
                      setSubmitted(false);
                    });
                  }}
                >
                  {t('cases.discardConfirm')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => setConfirmDiscard(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" className="btn btn-link" onClick={() => setConfirmDiscard(true)}>
                {t('cases.discard')}
              </button>
            )
          ) : null}
        </div>
        <p className="small muted">{t('cases.privacy')}</p>
      </form>
    </section>
  );
}
