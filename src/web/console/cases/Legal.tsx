import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, issueText, serverIssues } from '../../errors.ts';
import { Alert, Loading, TextAreaField } from '../../components/ui.tsx';
import { autoDir, CaseCardHead, CaseHeader, Timeline, When } from '../../cases/common.tsx';
import { loadCase, useReadNotificationsOf } from '../../cases/CasePage.tsx';
import type { CaseDetail, LegalCase } from '../../cases/types.ts';
import { Court } from './CaseTools.tsx';
import { CaseFacts } from './StaffCase.tsx';

/** The cases a union referred to this lawyer, open first. */
export function LegalCases() {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: LegalCase[] }>('GET', '/api/cases/legal').then((r) => r.items));
  return (
    <section>
      <h1 tabIndex={-1}>{t('legal.title')}</h1>
      <p className="muted">{t('legal.intro')}</p>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.data.length ? <p className="muted">{t('legal.empty')}</p> : null}
      <ul className="cards" data-testid="legal-cases">
        {(list.data ?? []).map((c) => (
          <li key={c.id} className="item case-card" data-case-id={c.id}>
            <CaseCardHead c={c} to={`/console/legal/${c.id}`} />
            <p className="small muted">
              {c.courtStatus ? (
                <>
                  {t('legal.court')} {t(`courtStatus.${c.courtStatus}`, { defaultValue: c.courtStatus })} ·{' '}
                </>
              ) : null}
              {t('cases.updatedOn')} <When iso={c.updatedAt} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A referred case for the lawyer: the facts, the steps with the confidential notes, and court status. */
export function LegalCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const one = useLoad(() => loadCase(id), [id]);
  useReadNotificationsOf(id);
  if (one.loading && !one.data) return <Loading />;
  if (!one.data) return <Alert>{errorMessage(t, one.error, { not_found: t('legal.notFound') })}</Alert>;
  const c = one.data;
  const set = (next: CaseDetail) => one.setData(next);
  return (
    <section className="case-page legal-case" data-case-id={c.id}>
      <CaseHeader c={c} back="/console/legal" backLabel={t('legal.back')} />
      <nav className="jump-links" aria-label={t('cases.jumpLabel')}>
        <a href="#case-details">{t('cases.detailsTitle')}</a>
        <a href="#legal-notes">{t('legal.notesTitle')}</a>
        <a href="#case-steps">{t('cases.stepsTitle')}</a>
        <a href="#case-court">{t('caseOps.courtTitle')}</a>
      </nav>
      <CaseFacts c={c} onFiles={() => void one.reload()} />
      <LawyerNote c={c} onSaved={set} />
      <section id="case-steps" aria-labelledby="case-steps-title" className="station-section">
        <h2 id="case-steps-title">{t('cases.stepsTitle')}</h2>
        <Timeline entries={c.timeline} audience="lawyer" />
      </section>
      <Court c={c} onChange={set} />
    </section>
  );
}

function LawyerNote({ c, onSaved }: { c: CaseDetail; onSaved: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return setEmpty(true);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const r = await api<{ case: CaseDetail }>('POST', `/api/cases/${c.id}/lawyer-notes`, { body: body.trim() });
      setBody('');
      setSaved(true);
      onSaved(r.case);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section id="legal-notes" aria-labelledby="legal-notes-title" className="station-section">
      <h2 id="legal-notes-title">{t('legal.notesTitle')}</h2>
      <p className="small muted">{t('legal.notesPrivacy')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextAreaField
          label={t('legal.noteLabel')}
          name="lawyerNote"
          rows={5}
          maxLength={5000}
          value={body} dir={autoDir(body)}
          onChange={(e) => (setBody(e.target.value), setEmpty(false))}
          error={empty ? t('errors.field.required', { field: t('fields.body') }) : issueText(t, serverIssues(error).body)}
        />
        {saved ? (
          <Alert kind="success">
            <span data-testid="note-saved">{t('legal.noteSaved')}</span>
          </Alert>
        ) : null}
        {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('legal.saveNote')}
        </button>
      </form>
    </section>
  );
}
