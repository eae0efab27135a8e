/** The policy-support vocabulary, shared by the API and the web app (pages translate these codes). */

/** The three kinds of support: rent-free space (免租入驻), startup-loan interest subsidy (创业担保贷款贴息), training subsidy (职业培训补贴). */
export const schemeKinds = ['rent_free', 'loan_subsidy', 'training_subsidy'] as const;
export type SchemeKind = (typeof schemeKinds)[number];

/** Who applies: an enterprise's founder (for the enterprise), or a school (for one of its cohorts). */
export const applicantKinds = ['founder', 'school'] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

export const applicationStatuses = ['submitted', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** The operators an eligibility condition may use. */
export const ruleOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'is_true', 'is_false'] as const;
export type RuleOp = (typeof ruleOps)[number];

/**
 * The facts a rule may name. Facts are computed from records (enterprises, founders, cohorts,
 * certificates, earlier applications), except `input.*`: what the applicant enters on the form.
 */
export const factNames = [
  'enterprise.stage',
  'enterprise.monthsSinceFounded',
  'enterprise.monthsInIncubator',
  'applicant.isFounder',
  'grants.sameSchemeThisYear',
  'cohort.fundingSource',
  'cohort.status',
  'cohort.certified',
  'cohort.costPerTraineeFen',
  'claims.sameCohort',
  'input.principalFen',
  'input.termMonths',
  'input.rateBp',
  'input.months',
] as const;
export type FactName = (typeof factNames)[number];
export type FactValue = string | number | boolean | null;
export type Facts = Partial<Record<FactName, FactValue>>;

/** One eligibility condition: `fact op value`; `message` names the words shown when it fails (policy.rules.<message>). */
export type Rule = { id: string; fact: FactName; op: RuleOp; value?: FactValue | FactValue[]; message: string };

/** A rule's verdict on one application: passed, failed, or the fact was missing (which fails it too). */
export type Verdict = { id: string; fact: FactName; op: RuleOp; value?: FactValue | FactValue[]; message: string; outcome: 'pass' | 'fail' | 'missing'; actual?: FactValue };

/**
 * How the most a scheme grants is computed:
 * - loan_interest: the interest above what the borrower pays (LPR − borrowerBelowLprBp), on a rate capped at LPR + capOverLprBp, on the principal over the term;
 * - per_certified: the cohort's cost per trainee × the trainees certified from it;
 * - rent_months: up to maxMonths of rent-free space, each worth monthlyValueFen.
 */
export type AmountRule =
  | { kind: 'loan_interest'; lprBp: number; borrowerBelowLprBp: number; capOverLprBp: number }
  | { kind: 'per_certified' }
  | { kind: 'rent_months'; maxMonths: number; monthlyValueFen: number };

/** What the applicant enters (the only facts not read from records). */
export type ApplicationInputs = { principalFen?: number; termMonths?: number; rateBp?: number; bank?: string; months?: number };
