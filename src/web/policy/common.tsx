// Policy support on the web: the API's shapes and the pieces both the applicant's and the approver's pages show.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Ltr } from '../components/ui.tsx';
import { yuan } from '../stations/geo.ts';
import { formatDate } from '../i18n/index.ts';
import { ltr } from '../stations/common.tsx';

export type SchemeKind = 'rent_free' | 'loan_subsidy' | 'training_subsidy';
export type Status = 'submitted' | 'approved' | 'rejected';
export type FactValue = string | number | boolean | null;
export type Verdict = { id: string; fact: string; op: string; value?: FactValue | FactValue[]; message: string; outcome: 'pass' | 'fail' | 'missing'; actual?: FactValue };
export type Names = { zh: string; ug: string; en: string };
export type Scheme = { id: string; code: string; kind: SchemeKind; applicant: 'founder' | 'school'; agencyName: string; name: Names; version: number; rules: Verdict[] };
export type Inputs = { principalFen?: number; termMonths?: number; rateBp?: number; bank?: string; months?: number };
export type Disbursement = { id: string; paidOn: string; amountFen: number; reference: string; createdAt: string };
export type Application = {
  id: string;
  schemeId: string;
  schemeCode: string;
  schemeKind: SchemeKind;
  schemeName: Names;
  schemeVersion: number;
  status: Status;
  year: number;
  applicantName: string;
  enterpriseName: string | null;
  cohortName: string | null;
  inputs: Inputs;
  maxAmountFen: number;
  approvedAmountFen: number | null;
  approvedMonths: number | null;
  benefitFrom: string | null;
  benefitTo: string | null;
  disbursedFen: number;
  decisionReason: string;
  decidedAt: string | null;
  createdAt: string;
  facts: Record<string, FactValue>;
  verdicts: Verdict[];
  disbursements?: Disbursement[];
  mayReview?: boolean;
};
export type Check = { qualifies: boolean; verdicts: Verdict[]; maxAmountFen: number };

export const nameIn = (n: Names, l: string) => (l === 'ug' ? n.ug : l === 'en' ? n.en : n.zh);
export const Money = ({ fen }: { fen: number }) => <Ltr>{yuan(fen)}</Ltr>;

/** A fact's value in the reader's words: stages translated, money in yuan, rates in per cent. */
export function factText(t: TFunction, fact: string, v: FactValue | undefined): string {
  if (v === undefined || v === null || typeof v === 'boolean') return '';
  if (fact === 'enterprise.stage') return t(`policy.stage.${String(v)}`, { defaultValue: String(v) });
  if (fact === 'cohort.fundingSource') return t(`policy.funding.${String(v)}`, { defaultValue: String(v) });
  if (fact === 'input.principalFen' || fact === 'cohort.costPerTraineeFen') return yuan(Number(v));
  if (fact === 'input.rateBp') return `${(Number(v) / 100).toFixed(2)}%`;
  if (fact.endsWith('Months') || fact === 'input.months' || fact.startsWith('enterprise.months')) return t('policy.months', { count: Number(v) });
  return String(v);
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  const cls = status === 'approved' ? 'badge-ok' : status === 'rejected' ? 'badge-bad' : 'badge-wait';
  return (
    <span className={`badge ${cls}`} data-status={status}>
      {t(`policy.status.${status}`)}
    </span>
  );
}

/** Each rule's verdict, in the reader's words, with the value found when it failed. */
export function VerdictList({ verdicts }: { verdicts: Verdict[] }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list policy-verdicts" data-testid="verdicts">
      {verdicts.map((v) => {
        const actual = v.outcome === 'fail' ? factText(t, v.fact, v.actual) : '';
        return (
          <li key={v.id} data-rule={v.id} data-outcome={v.outcome} className={`verdict verdict-${v.outcome}`}>
            <span aria-hidden="true" className="verdict-mark">
              {v.outcome === 'pass' ? '✓' : v.outcome === 'fail' ? '✗' : '?'}
            </span>
            <span className="verdict-text">
              {t(`policy.rules.${v.message}`, { defaultValue: v.message })}{' '}
              <span className="small muted">
                ({t(`policy.outcome.${v.outcome}`)}
                {actual ? <>; {t('policy.actual', { value: ltr(actual) })}</> : null})
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** What was decided and paid, for the applicant and the approver alike. */
export function Decision({ a, l }: { a: Application; l: string }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      {a.status === 'approved' && a.approvedMonths ? (
        <p data-testid="approved-months">{t('policy.detail.approvedMonths', { count: a.approvedMonths, from: ltr(formatDate(a.benefitFrom, l)), to: ltr(formatDate(a.benefitTo, l)) })}</p>
      ) : null}
      {a.status === 'approved' && !a.approvedMonths && a.approvedAmountFen !== null ? (
        <p data-testid="approved-amount">
          {t('policy.detail.approvedAmount', { amount: '' })}
          <Money fen={a.approvedAmountFen} />
        </p>
      ) : null}
      {a.status === 'approved' && !a.approvedMonths ? (
        <p data-testid="disbursed">
          {t('policy.detail.disbursed', { amount: '' })}
          <Money fen={a.disbursedFen} />
        </p>
      ) : null}
      {a.decisionReason ? <p className="prewrap" dir="auto">{t('policy.detail.reason', { reason: a.decisionReason })}</p> : null}
      {a.disbursements?.length ? (
        <>
          <p className="panel-title">{t('policy.detail.payments')}</p>
          <ul className="plain-list" data-testid="payments">
            {a.disbursements.map((d) => (
              <li key={d.id}>{t('policy.detail.payment', { date: ltr(formatDate(d.paidOn, l)), amount: ltr(yuan(d.amountFen)), ref: ltr(d.reference) })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
