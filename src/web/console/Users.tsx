import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ORG_SCOPED, ROLE_NAMES, type AdminUser, type Locale, type Org } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, errorMessage, issue, issuesText, noticeText, serverIssues, type Banner, type Issues, type Notice } from '../errors.ts';
import { isMobile } from '../../shared/validation.ts';
import { Alert, ErrorSummary, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';

const PAGE_SIZE = 50;

export function Users() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const list = useLoad(() => api<{ items: AdminUser[]; total: number }>('GET', `/api/admin/users?page=${page}&pageSize=${PAGE_SIZE}`), [page]);
  const orgs = useLoad(() => api<{ items: Org[] }>('GET', '/api/admin/orgs').then((r) => r.items));
  const orgNames = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <section>
      <h1 tabIndex={-1}>{t('users.title')}</h1>
      {notice ? <Alert kind="success">{noticeText(t, notice)}</Alert> : null}
      {creating ? (
        <CreateUser
          orgs={orgs.data ?? []}
          onCancel={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setNotice({ key: 'users.created', params: { name } });
            setPage(1);
            void list.reload();
          }}
        />
      ) : (
        <button type="button" className="btn btn-primary btn-block" onClick={() => setCreating(true)}>
          {t('users.create')}
        </button>
      )}
      <h2>{t('users.listTitle')}</h2>
      {list.loading ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data ? (
        <>
          <p className="muted small">{t('users.total', { count: list.data.total })}</p>
          <ul className="cards">
            {list.data.items.map((u) => (
              <UserItem key={u.id} u={u} isSelf={u.id === user?.id} orgNames={orgNames} l={i18n.language} onChanged={() => void list.reload()} />
            ))}
          </ul>
          {pages > 1 ? (
            <nav className="pager" aria-label={t('common.pages')}>
              <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('common.prev')}
              </button>
              <span>
                <Ltr>
                  {page} / {pages}
                </Ltr>
              </span>
              <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('common.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function UserItem({ u, isSelf, orgNames, l, onChanged }: { u: AdminUser; isSelf: boolean; orgNames: Map<string, string>; l: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Banner>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('PATCH', `/api/admin/users/${u.id}`, { disabled: !u.isDisabled });
      onChanged();
    } catch (err) {
      setError({ err });
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="item" data-user-id={u.id}>
      <div className="item-head">
        <strong>{u.name}</strong>
        {u.isDisabled ? <span className="badge badge-bad">{t('users.disabled')}</span> : <span className="badge badge-ok">{t('users.active')}</span>}
      </div>
      <p className="small">
        <Ltr>{u.phoneMasked}</Ltr> · {t('users.since')} <Ltr>{formatDate(u.createdAt, l)}</Ltr>
      </p>
      <ul className="tag-list">
        {u.roles.map((r, i) => (
          <li key={i} className="tag">
            {t(`roles.${r.role}`, { defaultValue: r.role })}
            {r.orgId ? <span className="muted"> · {orgNames.get(r.orgId) ?? <Ltr>{r.orgId.slice(-12)}</Ltr>}</span> : null}
          </li>
        ))}
      </ul>
      <Alert>{bannerText(t, error)}</Alert>
      {isSelf ? (
        <p className="muted small">{t('users.self')}</p>
      ) : (
        <button type="button" className={`btn btn-small ${u.isDisabled ? 'btn-secondary' : 'btn-danger'}`} disabled={busy} onClick={() => void toggle()} aria-label={`${u.isDisabled ? t('users.enable') : t('users.disable')}: ${u.name}`}>
          {u.isDisabled ? t('users.enable') : t('users.disable')}
        </button>
      )}
    </li>
  );
}

type RoleRow = { role: string; orgId: string };

/** Which kind of organisation each scoped role belongs to. */
const ORG_KIND: Record<string, string> = {
  station_operator: 'station',
  union_officer: 'union',
  union_chair: 'union',
  lawyer: 'law_firm',
  trainer: 'school',
  incubator_manager: 'incubator',
  employer: 'employer',
  parking_attendant: 'union',
};

function CreateUser({ orgs, onCancel, onCreated }: { orgs: Org[]; onCancel: () => void; onCreated: (name: string) => void }) {
  const { t, i18n } = useTranslation();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [locale, setLocale] = useState<Locale>((i18n.language as Locale) ?? 'zh');
  const [roles, setRoles] = useState<RoleRow[]>([{ role: 'station_operator', orgId: '' }]);
  const [issues, setIssues] = useState<Issues>({});
  const [failure, setFailure] = useState<Banner>(null);
  const errors = issuesText(t, issues);
  const [busy, setBusy] = useState(false);

  const orgsFor = (role: string) => {
    const matching = orgs.filter((o) => o.kind === ORG_KIND[role]);
    return matching.length ? matching : orgs;
  };
  const setRole = (i: number, patch: Partial<RoleRow>) => setRoles((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const local: Issues = {};
    const m = (path: string, code: string) => (local[path] = issue(path, code));
    const p = phone.replace(/\s+/g, '');
    if (!p) m('phone', 'required');
    else if (!isMobile(p)) m('phone', 'invalid_phone');
    if (!name.trim()) m('name', 'required');
    if (!password) m('password', 'required');
    else if (password.length < 8) m('password', 'too_short');
    if (!roles.length) m('roles', 'required');
    roles.forEach((r, i) => {
      if (ORG_SCOPED.includes(r.role as never) && !r.orgId.trim()) m(`roles.${i}.orgId`, 'required');
    });
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api('POST', '/api/admin/users', {
        phone: p,
        name: name.trim(),
        password,
        locale,
        roles: roles.map((r) => (ORG_SCOPED.includes(r.role as never) ? { role: r.role, orgId: r.orgId.trim() } : { role: r.role })),
      });
      onCreated(name.trim());
    } catch (err) {
      const fe = serverIssues(err);
      if (err instanceof ApiError && err.code === 'conflict') fe.phone = { path: 'phone', key: 'users.phoneTaken' };
      setIssues(fe);
      setFailure({ err, overrides: { conflict: 'users.phoneTaken', bad_request: 'form.fixBelow', forbidden: 'users.forbidden' } });
      setBusy(false);
    }
  };

  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.create')}</h2>
      <Alert>{bannerText(t, failure)}</Alert>
      <ErrorSummary title={t('form.fixThese')} errors={errors} />
      <TextField label={t('fields.phone')} type="tel" inputMode="numeric" dir="ltr" maxLength={13} value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phone} required />
      <TextField label={t('fields.name')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} error={errors.name} required />
      <TextField label={t('fields.password')} hint={t('users.passwordHint')} type="password" autoComplete="new-password" dir="ltr" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} required />
      <SelectField label={t('fields.locale')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="zh">中文</option>
        <option value="ug">ئۇيغۇرچە</option>
        <option value="en">English</option>
      </SelectField>
      <fieldset className="field">
        <legend>{t('fields.roles')}</legend>
        {errors.roles ? <p className="field-error">{errors.roles}</p> : null}
        {roles.map((r, i) => {
          const scoped = ORG_SCOPED.includes(r.role as never);
          return (
            <div className="role-row" key={i}>
              <SelectField label={t('users.roleN', { n: i + 1 })} value={r.role} onChange={(e) => setRole(i, { role: e.target.value, orgId: '' })} error={errors[`roles.${i}.role`]}>
                {ROLE_NAMES.filter((x) => x !== 'worker').map((x) => (
                  <option key={x} value={x}>
                    {t(`roles.${x}`)}
                  </option>
                ))}
              </SelectField>
              {scoped ? (
                <SelectField label={t('fields.orgId')} value={r.orgId} onChange={(e) => setRole(i, { orgId: e.target.value })} error={errors[`roles.${i}.orgId`]} required>
                  <option value="">{t('form.choose')}</option>
                  {orgsFor(r.role).map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </SelectField>
              ) : (
                <p className="muted small">{t('users.noOrgNeeded')}</p>
              )}
              {roles.length > 1 ? (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setRoles(roles.filter((_, j) => j !== i))} aria-label={t('users.removeRoleN', { n: i + 1 })}>
                  {t('common.remove')}
                </button>
              ) : null}
            </div>
          );
        })}
        <button type="button" className="btn btn-secondary" onClick={() => setRoles([...roles, { role: 'station_operator', orgId: '' }])}>
          {t('users.addRole')}
        </button>
      </fieldset>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('users.createSubmit')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
