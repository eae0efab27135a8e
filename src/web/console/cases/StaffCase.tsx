import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad, useReference } from '../../data.ts';
import { nameOf } from '../../i18n/index.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr } from '../../components/ui.tsx';
import { CaseHeader, Deadline, EscalationBadge, EvidencePicker, FileLinks, isOpen, outcomeText, Timeline, When } from '../../cases/common.tsx';
import { loadCase, MessageForm, useReadNotificationsOf } from '../../cases/CasePage.tsx';
import type { CaseDetail } from '../../cases/types.ts';
import { StaffActions, Triage } from './StaffActions.tsx';
import { Letters } from './Letters.tsx';
import { Court, LawyerReferral, Meetings, SimilarCases } from './CaseTools.tsx';

/** The union's case page: the facts, the clock, the moves, every step (internal ones too) and the tools. */
export function StaffCase() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const one = useLoad(() => loadCase(id), [id]);
  useReadNotificationsOf(id);
  if (one.loading && !one.data) return <Loading />;
  if (!one.data) {
    return (
      <section>
        <p className="back-link">
          <Link to="/console/cases">{t('caseOps.backToQueue')}</Link>
        </p>
        <Alert>{errorMessage(t, one.error, { not_found: t('caseOps.notYours') })}</Alert>
      </section>
    );
  }
  const c = one.data;
  const set = (next: CaseDetail) => one.setData(next);
  return (
    <section className="case-page staff-case" data-case-id={c.id} data-status={c.status}>
      <CaseHeader c={c} back="/console/cases" backLabel={t('caseOps.backToQueue')}>
        {' '}
        <EscalationBadge level={c.sla.escalation} />
        {c.priority !== 'normal' ? <span className="badge badge-wait">{t(`priority.${c.priority}`, { defaultValue: c.priority })}</span> : null}
      </CaseHeader>
      <Deadline sla={c.sla} status={c.status} audience="staff" />
      {c.outcome ? (
        <p className="panel small" data-testid="proposed-outcome">
          <strong>{t('caseOps.outcome')}</strong> {outcomeText(t, c.outcome)}
          {c.rating ? (
            <>
              {' · '}
              {t('caseOps.rating')} <Ltr>{c.rating}/5</Ltr>
            </>
          ) : null}
          {c.appealUntil ? (
            <>
              {' · '}
              {t('caseOps.workerAnswersUntil')} <When iso={c.appealUntil} />
            </>
          ) : null}
        </p>
      ) : null}

      <StaffActions c={c} onDone={set} />
      {isOpen(c) ? <Triage c={c} onDone={set} /> : null}

      <nav className="jump-links" aria-label={t('cases.jumpLabel')}>
        <a href="#case-details">{t('cases.detailsTitle')}</a>
        <a href="#case-steps">{t('cases.stepsTitle')}</a>
        {isOpen(c) ? <a href="#case-message">{t('caseOps.messageTitle')}</a> : null}
        <a href="#case-letters">{t('caseOps.lettersTitle')}</a>
        <a href="#case-meetings">{t('caseOps.meetingsTitle')}</a>
        <a href="#case-lawyer">{t('caseOps.lawyerTitle')}</a>
        <a href="#case-court">{t('caseOps.courtTitle')}</a>
        <a href="#case-similar">{t('caseOps.similarTitle')}</a>
      </nav>

      <CaseFacts c={c} onFiles={() => void one.reload()} />

      <section id="case-steps" aria-labelledby="case-steps-title" className="station-section">
        <h2 id="case-steps-title">{t('cases.stepsTitle')}</h2>
        <Timeline entries={c.timeline} audience="staff" />
      </section>
      {isOpen(c) ? <MessageForm c={c} onSent={set} staff /> : null}
      <Letters c={c} onChange={set} />
      {isOpen(c) ? <Meetings c={c} onChange={set} /> : null}
      <LawyerReferral c={c} onChange={set} />
      <Court c={c} onChange={set} />
      <SimilarCases c={c} onChange={set} />
    </section>
  );
}

/** Who, what, where and against whom; the evidence. Shared with the lawyer's page. */
export function CaseFacts({ c, onFiles }: { c: CaseDetail; onFiles?: () => void }) {
  const { t, i18n } = useTranslation();
  const ref = useReference();
  const platform = ref.data?.platforms.find((p) => p.code === c.platformCode);
  return (
    <section id="case-details" aria-labelledby="case-details-title" className="station-section">
      <h2 id="case-details-title">{t('cases.detailsTitle')}</h2>
      <dl className="details">
        <div>
          <dt>{t('caseOps.worker')}</dt>
          <dd>
            <bdi>{c.worker.name}</bdi> · <Ltr>{c.worker.phoneMasked}</Ltr>
          </dd>
        </div>
        <div>
          <dt>{t('fields.category')}</dt>
          <dd>{t(`categories.${c.category}.name`, { defaultValue: c.category })}</dd>
        </div>
        <div>
          <dt>{t('caseOps.filed')}</dt>
          <dd>
            <When iso={c.sla.submittedAt} />
          </dd>
        </div>
        {c.occurredOn ? (
          <div>
            <dt>{t('fields.occurredOn')}</dt>
            <dd>
              <When iso={c.occurredOn} time={false} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('fields.place')}</dt>
          <dd>
            {c.place ? <bdi>{c.place}</bdi> : t('common.none')}
            {c.lat !== null && c.lng !== null ? (
              <>
                {' '}
                <bdi dir="ltr" className="small muted">
                  ({c.lat.toFixed(4)}, {c.lng.toFixed(4)})
                </bdi>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('cases.against')}</dt>
          <dd>
            {c.respondent.name ? <bdi>{c.respondent.name}</bdi> : t('common.none')} · {t(`respondentKinds.${c.respondent.kind}`, { defaultValue: c.respondent.kind })}
          </dd>
        </div>
        {platform ? (
          <div>
            <dt>{t('fields.platform')}</dt>
            <dd>{nameOf(platform, i18n.language)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('caseOps.identityLabel')}</dt>
          <dd data-testid="identity-shown" data-shown={c.identityShown}>
            {c.identityShown ? t('caseOps.identityYes') : t('caseOps.identityNo')}
          </dd>
        </div>
        <div>
          <dt>{t('cases.officer')}</dt>
          <dd>{c.officer ? <bdi>{c.officer.name}</bdi> : t('caseOps.noOwner')}</dd>
        </div>
        {c.lawyer ? (
          <div>
            <dt>{t('cases.lawyer')}</dt>
            <dd>
              <bdi>{c.lawyer.name}</bdi>
            </dd>
          </div>
        ) : null}
      </dl>
      <h3>{t('cases.q.description')}</h3>
      <p dir="auto" className="prewrap panel" data-testid="description">
        {c.description}
      </p>
      <h3>{t('cases.evidenceTitle')}</h3>
      <FileLinks caseId={c.id} files={c.files} />
      {onFiles && isOpen(c) ? <EvidencePicker caseId={c.id} onAdded={onFiles} /> : null}
    </section>
  );
}
