import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, ErrorSummary, TextAreaField, TextField } from '../../components/ui.tsx';
import { stationToday } from '../../stations/geo.ts';
import { autoDir, CaseNo, fileProblem, isOpen, When } from '../../cases/common.tsx';
import { uploadEvidence, uploadProblem, EVIDENCE_ACCEPT } from '../../cases/outbox.ts';
import type { CaseDetail, Letter } from '../../cases/types.ts';

type Draft = { recipientName: string; subject: string; facts: string; request: string; legalBasis: string; replyBy: string };

/** The letter starts from the case: to the party complained about, on the case's subject, with its facts. */
const prefill = (c: CaseDetail): Draft => ({
  recipientName: c.respondent.name,
  subject: c.title,
  facts: c.description,
  request: '',
  legalBasis: '',
  replyBy: '',
});

/** Formal letters (发函): drafted here, opened as PDF or a printable page, then marked sent and answered. */
export function Letters({ c, onChange }: { c: CaseDetail; onChange: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => prefill(c));
  const [formOpen, setFormOpen] = useState(!c.letters.length);
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const set = (k: keyof Draft, v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setIssues((i) => Object.fromEntries(Object.entries(i).filter(([p]) => p !== k)));
  };

  const reload = async () => onChange((await api<{ case: CaseDetail }>('GET', `/api/cases/${c.id}`)).case);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!draft.subject.trim()) local.subject = issue('subject', 'required');
    if (!draft.facts.trim()) local.facts = issue('facts', 'required');
    if (!draft.request.trim()) local.request = issue('request', 'required');
    if (!draft.recipientName.trim()) local.recipientName = issue('recipientName', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body: Record<string, string> = { subject: draft.subject.trim(), facts: draft.facts.trim(), request: draft.request.trim(), recipientName: draft.recipientName.trim() };
      if (draft.legalBasis.trim()) body.legalBasis = draft.legalBasis.trim();
      if (draft.replyBy) body.replyBy = draft.replyBy;
      const r = await api<{ letter: { id: string; letterNo: string } }>('POST', `/api/cases/${c.id}/letters`, body);
      setNotice(t('caseOps.letterDrafted', { no: `\u2066${r.letter.letterNo}\u2069` }));
      setFormOpen(false);
      setDraft(prefill(c));
      await reload();
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="case-letters" aria-labelledby="case-letters-title" className="station-section">
      <h2 id="case-letters-title">{t('caseOps.lettersTitle')}</h2>
      <p className="small muted">{t('caseOps.lettersIntro')}</p>
      {notice ? (
        <Alert kind="success">
          <span data-testid="letter-notice">{notice}</span>
        </Alert>
      ) : null}
      {c.letters.length ? (
        <ul className="cards" data-testid="letters">
          {c.letters.map((l) => (
            <LetterItem key={l.id} c={c} l={l} onChange={onChange} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('caseOps.noLetters')}</p>
      )}
      {isOpen(c) ? (
        formOpen ? (
          <form className="form inline-form letter-form" onSubmit={(e) => void submit(e)} noValidate data-testid="letter-form">
            <h3>{t('caseOps.newLetter')}</h3>
            <p className="small muted">{t('caseOps.letterLanguage')}</p>
            <ErrorSummary title={t('form.fixThese')} errors={errors} />
            <TextField label={t('fields.recipientName')} name="recipientName" maxLength={120} value={draft.recipientName} dir={autoDir(draft.recipientName)} onChange={(e) => set('recipientName', e.target.value)} error={errors.recipientName} />
            <TextField label={t('fields.subject')} hint={t('caseOps.subjectHint')} name="subject" maxLength={200} value={draft.subject} dir={autoDir(draft.subject)} onChange={(e) => set('subject', e.target.value)} error={errors.subject} />
            <TextAreaField label={t('fields.facts')} hint={c.identityShown ? t('caseOps.factsNamed') : t('caseOps.factsAnonymous')} name="facts" rows={6} maxLength={10000} value={draft.facts} dir={autoDir(draft.facts)} onChange={(e) => set('facts', e.target.value)} error={errors.facts} />
            <TextAreaField label={t('fields.request')} hint={t('caseOps.requestHint')} name="request" rows={4} maxLength={5000} value={draft.request} dir={autoDir(draft.request)} onChange={(e) => set('request', e.target.value)} error={errors.request} />
            <TextAreaField label={t('fields.legalBasis')} optional name="legalBasis" rows={3} maxLength={5000} value={draft.legalBasis} dir={autoDir(draft.legalBasis)} onChange={(e) => set('legalBasis', e.target.value)} error={errors.legalBasis} />
            <TextField label={t('fields.replyBy')} optional type="date" dir="ltr" name="replyBy" min={stationToday()} value={draft.replyBy} onChange={(e) => set('replyBy', e.target.value)} error={errors.replyBy} />
            {error && !Object.keys(serverIssues(error)).length ? <Alert>{errorMessage(t, error)}</Alert> : null}
            <div className="actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="draft-letter">
                {t('caseOps.draftLetter')}
              </button>
              {c.letters.length ? (
                <button type="button" className="btn btn-secondary" onClick={() => setFormOpen(false)}>
                  {t('common.cancel')}
                </button>
              ) : null}
            </div>
          </form>
        ) : (
          <button type="button" className="btn btn-secondary btn-block" onClick={() => setFormOpen(true)}>
            {t('caseOps.newLetter')}
          </button>
        )
      ) : null}
    </section>
  );
}

function LetterItem({ c, l, onChange }: { c: CaseDetail; l: Letter; onChange: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [replyOpen, setReplyOpen] = useState(false);
  const [summary, setSummary] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const step = async (body: Record<string, string>) => {
    setBusy(true);
    setError(null);
    setFileError(null);
    try {
      if (file) {
        try {
          const f = await uploadEvidence(c.id, file, file.name, 'letter_reply');
          body.fileId = f.id;
        } catch (err) {
          setFileError(fileProblem(t, uploadProblem(err)));
          return;
        }
      }
      const r = await api<{ case: CaseDetail }>('POST', `/api/cases/${c.id}/letters/${l.id}/steps`, body);
      setReplyOpen(false);
      setSummary('');
      setFile(null);
      onChange(r.case);
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
    } finally {
      setBusy(false);
    }
  };
  const state = l.replyAt ? 'replied' : l.sentAt ? 'sent' : 'draft';
  return (
    <li className="item letter" data-letter-id={l.id} data-state={state}>
      <div className="item-head">
        <strong>
          <bdi>{l.subject}</bdi>
        </strong>
        <span className={`badge ${state === 'replied' ? 'badge-ok' : state === 'sent' ? 'badge-wait' : 'badge-muted'}`}>{t(`caseOps.letterState.${state}`)}</span>
      </div>
      <p className="small">
        <CaseNo no={l.letterNo} /> · <bdi>{l.recipientName}</bdi>
      </p>
      <p className="small muted">
        {l.sentAt ? (
          <>
            {t('caseOps.sentOn')} <When iso={l.sentAt} />
          </>
        ) : (
          <>
            {t('caseOps.draftedOn')} <When iso={l.createdAt} />
          </>
        )}
        {l.replyBy ? (
          <>
            {' · '}
            {t('caseOps.replyBy')} <When iso={l.replyBy} time={false} />
          </>
        ) : null}
      </p>
      {l.replyAt ? (
        <div className="reply">
          <p className="small">
            {t('caseOps.replyOn')} <When iso={l.replyAt} />
          </p>
          <p dir="auto" className="prewrap small">{l.replySummary}</p>
          {l.replyFileId ? (
            <a href={`/api/cases/${c.id}/files/${l.replyFileId}`} target="_blank" rel="noopener" className="small">
              {t('caseOps.replyFile')}
            </a>
          ) : null}
        </div>
      ) : null}
      <p className="letter-links">
        <a className="btn btn-secondary btn-small" href={`/api/cases/${c.id}/letters/${l.id}/pdf`} target="_blank" rel="noopener" data-testid="letter-pdf">
          {t('caseOps.openPdf')}
        </a>
        <a className="btn btn-secondary btn-small" href={`/api/cases/${c.id}/letters/${l.id}/html`} target="_blank" rel="noopener" data-testid="letter-html">
          {t('caseOps.printPage')}
        </a>
      </p>
      {error && !Object.keys(issues).length ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {!l.sentAt ? (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void step({ step: 'sent' })} data-testid="mark-sent">
          {t('caseOps.markSent')}
        </button>
      ) : null}
      {l.sentAt && !l.replyAt ? (
        replyOpen ? (
          <form
            className="form inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!summary.trim()) return setIssues({ summary: issue('summary', 'required') });
              void step({ step: 'reply', summary: summary.trim() });
            }}
          >
            <TextAreaField label={t('fields.summary')} hint={t('caseOps.replyHint')} name="replySummary" rows={3} maxLength={4000} value={summary} dir={autoDir(summary)} onChange={(e) => setSummary(e.target.value)} error={issuesText(t, issues).summary} />
            <div className="field">
              <label htmlFor={`reply-file-${l.id}`}>
                {t('caseOps.replyFileLabel')}
                <span className="optional"> {t('common.optional')}</span>
              </label>
              <input id={`reply-file-${l.id}`} type="file" accept={EVIDENCE_ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              {fileError ? <p className="field-error">{fileError}</p> : null}
            </div>
            <div className="actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t('caseOps.saveReply')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setReplyOpen(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="btn btn-secondary" onClick={() => setReplyOpen(true)} data-testid="record-reply">
            {t('caseOps.recordReply')}
          </button>
        )
      ) : null}
    </li>
  );
}
