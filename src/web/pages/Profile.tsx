import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Locale, type Reference, type WorkerProfile } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { loadReference, useLoad } from '../data.ts';
import { formatDate, isLocale, nameOf } from '../i18n/index.ts';
import { bannerText, errorMessage, serverIssues, type Banner, type Issues } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { WorkerForm, type WorkerValues } from '../components/WorkerForm.tsx';
import { RolesList } from '../console/RolesList.tsx';

const LANG_NAME: Record<string, string> = { zh: '中文', ug: 'ئۇيغۇرچە', en: 'English' };

export function Profile() {
  const { user } = useAuth();
  return user?.workerId ? <WorkerProfilePage /> : <AccountPage />;
}

/** Staff without a worker profile see their account and roles. */
function AccountPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return null;
  return (
    <section>
      <h1 tabIndex={-1}>{t('profile.accountTitle')}</h1>
      <dl className="details">
        <div>
          <dt>{t('fields.name')}</dt>
          <dd>{user.name}</dd>
        </div>
        <div>
          <dt>{t('fields.phone')}</dt>
          <dd>
            <Ltr>{user.phoneMasked}</Ltr>
          </dd>
        </div>
      </dl>
      <h2>{t('console.yourRoles')}</h2>
      <RolesList roles={user.roles} />
      <MyData />
    </section>
  );
}

function WorkerProfilePage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { signedIn, user, setLocale } = useAuth();
  const data = useLoad(async () => {
    const [w, reference] = await Promise.all([api<{ worker: WorkerProfile }>('GET', '/api/workers/me'), loadReference()]);
    return { worker: w.worker, reference };
  });
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Banner>(null);
  const [saved, setSaved] = useState(false);
  const [issues, setIssues] = useState<Issues>({});

  if (data.loading && !data.data) return <Loading />;
  if (data.error || !data.data) return <Alert>{errorMessage(t, data.error)}</Alert>;
  const { worker: w, reference } = data.data;

  const onSave = async (v: WorkerValues) => {
    setBusy(true);
    setFailure(null);
    setIssues({});
    const patch: Record<string, unknown> = {};
    if (v.name !== w.name) patch.name = v.name;
    if (v.idNumber) patch.idNumber = v.idNumber;
    if (v.kind !== w.kind) patch.kind = v.kind;
    if (v.cityCode !== w.cityCode) patch.cityCode = v.cityCode;
    if (v.districtCode !== w.districtCode || v.cityCode !== w.cityCode) patch.districtCode = v.districtCode;
    if (v.platforms.join() !== w.platforms.join()) patch.platforms = v.platforms;
    if (v.employmentCategory !== w.employmentCategory) patch.employmentCategory = v.employmentCategory;
    if (v.plates.join() !== w.plates.join()) patch.plates = v.plates;
    if (v.locale !== w.locale) patch.locale = v.locale;
    try {
      const res = Object.keys(patch).length ? await api<{ worker: WorkerProfile }>('PATCH', '/api/workers/me', patch) : { worker: w };
      data.setData({ worker: res.worker, reference });
      if (user && res.worker.name !== user.name) signedIn({ ...user, name: res.worker.name, locale: i18n.language });
      if (patch.locale && isLocale(v.locale)) setLocale(v.locale);
      setEditing(false);
      setSaved(true);
    } catch (err) {
      setIssues(serverIssues(err));
      setFailure({ err, overrides: { bad_request: 'form.fixBelow' } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('profile.title')}</h1>
      {saved ? <Alert kind="success">{t('profile.saved')}</Alert> : null}
      <Alert>{bannerText(t, failure)}</Alert>
      {editing ? (
        <WorkerForm
          mode="edit"
          reference={reference}
          initial={toValues(w)}
          idNumberMasked={w.idNumberMasked}
          serverIssues={issues}
          busy={busy}
          submitLabel={t('common.save')}
          onSubmit={(v) => void onSave(v)}
          onCancel={() => {
            setEditing(false);
            setIssues({});
            setFailure(null);
          }}
        />
      ) : (
        <>
          <ProfileDetails w={w} reference={reference} l={l} />
          <button
            type="button"
            className="btn btn-primary btn-block"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('profile.edit')}
          </button>
          <MyData />
        </>
      )}
    </section>
  );
}

/** SECURITY.md: a person can export all their own data. A plain link: the browser saves the server's file. */
function MyData() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="my-data" className="my-data">
      <h2 id="my-data">{t('profile.dataTitle')}</h2>
      <p className="muted">{t('profile.dataIntro')}</p>
      <a className="btn btn-secondary btn-block" href="/api/me/data-export" download data-testid="data-export">
        {t('profile.dataDownload')}
      </a>
    </section>
  );
}

function toValues(w: WorkerProfile): WorkerValues {
  return {
    phone: '',
    password: '',
    name: w.name,
    idNumber: '',
    kind: w.kind,
    cityCode: w.cityCode,
    districtCode: w.districtCode,
    platforms: [...w.platforms],
    employmentCategory: w.employmentCategory,
    plates: [...w.plates],
    locale: (isLocale(w.locale) ? w.locale : 'zh') as Locale,
  };
}

export function ProfileDetails({ w, reference, l }: { w: WorkerProfile; reference: Reference; l: string }) {
  const { t } = useTranslation();
  const city = reference.cities.find((c) => c.code === w.cityCode);
  const district = city?.districts.find((d) => d.code === w.districtCode);
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <dl className="details">
      <div>
        <dt>{t('fields.name')}</dt>
        <dd>{w.name}</dd>
      </div>
      <div>
        <dt>{t('fields.phone')}</dt>
        <dd>
          <Ltr>{w.phoneMasked}</Ltr>
        </dd>
      </div>
      <div>
        <dt>{t('fields.idNumber')}</dt>
        <dd>{w.idNumberMasked ? <Ltr>{w.idNumberMasked}</Ltr> : none}</dd>
      </div>
      <div>
        <dt>{t('fields.kind')}</dt>
        <dd>{t(`kinds.${w.kind}`)}</dd>
      </div>
      <div>
        <dt>{t('profile.where')}</dt>
        <dd>
          {nameOf(city, l) || w.cityCode} · {nameOf(district, l) || w.districtCode}
        </dd>
      </div>
      <div>
        <dt>{t('fields.platforms')}</dt>
        <dd>{w.platforms.length ? w.platforms.map((c) => nameOf(reference.platforms.find((p) => p.code === c), l) || c).join(t('common.listSeparator')) : none}</dd>
      </div>
      <div>
        <dt>{t('fields.employmentCategory')}</dt>
        <dd>{t(`employment.${w.employmentCategory}.name`)}</dd>
      </div>
      <div>
        <dt>{t('fields.plates')}</dt>
        <dd>
          {w.plates.length
            ? w.plates.map((p, i) => (
                <span key={p}>
                  {i > 0 ? t('common.listSeparator') : ''}
                  <Ltr>{p}</Ltr>
                </span>
              ))
            : none}
        </dd>
      </div>
      <div>
        <dt>{t('fields.locale')}</dt>
        <dd>{LANG_NAME[w.locale] ?? w.locale}</dd>
      </div>
      <div>
        <dt>{t('profile.registered')}</dt>
        <dd>
          <Ltr>{formatDate(w.createdAt, l)}</Ltr>
        </dd>
      </div>
    </dl>
  );
}
