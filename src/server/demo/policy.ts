// Demo data for policy support: the three schemes of the Korla human-resources and social-security
// bureau with their eligibility rules as data, and a few decided applications (approved and paid,
// approved rent-free space, refused with the failing reason) so the figures are not empty. Nothing
// is left waiting for the demo entrepreneur's loan subsidy: the browser test applies for it.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';

import type { Tx } from '../platform/db.js';
import { writeAudit, systemActor } from '../platform/audit.js';

import type { AmountRule, ApplicationInputs, Facts, Rule } from '../../shared/policy.js';
import { addMonthsInclusive, evaluate, maxAmount, monthsBetween } from '../modules/policy/policy.rules.js';
import { beijingDay } from '../platform/time.js';

/** Fixed ids so tests and docs can name the schemes. */
export const demoSchemes = {
  loan: '00000000-0000-4000-8000-0000000000b1',
  rentFree: '00000000-0000-4000-8000-0000000000b2',
  training: '00000000-0000-4000-8000-0000000000b3',
} as const;

export const DEMO_ENTREPRENEUR = '13800000003';
const KORLA_HRSS = '00000000-0000-4000-8000-000000000024';

export type SchemeSeed = {
  id: string;
  code: string;
  kind: 'rent_free' | 'loan_subsidy' | 'training_subsidy';
  applicant: 'founder' | 'school';
  names: [string, string, string];
  rules: Rule[];
  amountRule: AmountRule;
  period: 'year' | 'cohort';
  source: string;
};

/**
 * The schemes (docs/decisions/0014-policy-support.md cites the sources; figures marked there as
 * unconfirmed are the demo's choice, and the bureau can change them as data).
 */
export const schemeSeeds: SchemeSeed[] = [
  {
    id: demoSchemes.loan,
    code: 'startup_loan_subsidy',
    kind: 'loan_subsidy',
    applicant: 'founder',
    names: ['创业担保贷款贴息', 'كەسىپ باشلاش كاپالەتلىك قەرزى ئۆسۈم ياردىمى', 'Startup-loan interest subsidy'],
    rules: [
      { id: 'stage', fact: 'enterprise.stage', op: 'in', value: ['incubating'], message: 'stage_incubating' },
      { id: 'young', fact: 'enterprise.monthsSinceFounded', op: 'lte', value: 36, message: 'founded_36_months' },
      { id: 'founder', fact: 'applicant.isFounder', op: 'is_true', message: 'is_founder' },
      { id: 'principal', fact: 'input.principalFen', op: 'lte', value: 30_000_000, message: 'principal_max' },
      { id: 'term', fact: 'input.termMonths', op: 'lte', value: 36, message: 'term_max' },
      { id: 'rate', fact: 'input.rateBp', op: 'gt', value: 0, message: 'rate_given' },
      { id: 'once', fact: 'grants.sameSchemeThisYear', op: 'eq', value: 0, message: 'once_a_year' },
    ],
    amountRule: { kind: 'loan_interest', lprBp: 300, borrowerBelowLprBp: 150, capOverLprBp: 50 },
    period: 'year',
    source: '财金〔2020〕21号《关于进一步加大创业担保贷款贴息力度全力支持重点群体创业就业的通知》',
  },
  {
    id: demoSchemes.rentFree,
    code: 'rent_free_space',
    kind: 'rent_free',
    applicant: 'founder',
    names: ['孵化基地免租入驻', 'ئىنكۇباتور ئورنىنى ئىجارىسىز ئىشلىتىش', 'Rent-free space in the incubation base'],
    rules: [
      { id: 'stage', fact: 'enterprise.stage', op: 'in', value: ['applying', 'incubating'], message: 'stage_applying_or_incubating' },
      { id: 'founder', fact: 'applicant.isFounder', op: 'is_true', message: 'is_founder' },
      { id: 'months', fact: 'input.months', op: 'lte', value: 36, message: 'months_max' },
      { id: 'once', fact: 'grants.sameSchemeThisYear', op: 'eq', value: 0, message: 'once_a_year' },
    ],
    amountRule: { kind: 'rent_months', maxMonths: 36, monthlyValueFen: 60_000 },
    period: 'year',
    source: '国办发〔2015〕9号《关于发展众创空间推进大众创新创业的指导意见》（场地租金减免由各地孵化基地自定）',
  },
  {
    id: demoSchemes.training,
    code: 'training_subsidy',
    kind: 'training_subsidy',
    applicant: 'school',
    names: ['职业培训补贴', 'كەسپىي تەربىيەلەش ياردەم پۇلى', 'Vocational training subsidy'],
    rules: [
      { id: 'funded', fact: 'cohort.fundingSource', op: 'eq', value: 'hrss', message: 'funded_by_hrss' },
      { id: 'finished', fact: 'cohort.status', op: 'eq', value: 'finished', message: 'cohort_finished' },
      { id: 'certified', fact: 'cohort.certified', op: 'gt', value: 0, message: 'has_certified' },
      { id: 'once', fact: 'claims.sameCohort', op: 'eq', value: 0, message: 'once_per_cohort' },
    ],
    amountRule: { kind: 'per_certified' },
    period: 'cohort',
    source: '财社〔2017〕164号《就业补助资金管理办法》第六条（职业培训补贴：取得证书后按规定给予补贴）',
  },
];

export async function insertSchemes(tx: Tx, now: number, agencyOrgId = KORLA_HRSS) {
  for (const s of schemeSeeds) {
    const rules = JSON.stringify(s.rules);
    const amount = JSON.stringify(s.amountRule);
    await tx
      .insertInto('policy_schemes')
      .values({ id: s.id, code: s.code, kind: s.kind, applicant: s.applicant, agency_org_id: agencyOrgId, name_zh: s.names[0], name_ug: s.names[1], name_en: s.names[2], version: 1, rules, amount_rule: amount, period: s.period, source: s.source, is_active: 1, created_at: now, updated_at: now })
      .execute();
    await tx.insertInto('policy_scheme_versions').values({ scheme_id: s.id, version: 1, rules, amount_rule: amount, created_by: null, created_at: now }).execute();
  }
}

export async function seedPolicy(_ctx: Ctx, tx: Tx, now: number, _passwordHash: string): Promise<void> {
  await insertSchemes(tx, now);
  const today = beijingDay(now);
  const year = Number(today.slice(0, 4));
  const officer = await tx.selectFrom('user_roles').select('user_id').where('role', '=', 'policy_officer').where('org_id', '=', KORLA_HRSS).executeTakeFirst();
  const decidedBy = officer?.user_id ?? null;
  const entrepreneur = await tx.selectFrom('users').select('id').where('phone_last4', '=', DEMO_ENTREPRENEUR.slice(-4)).execute();
  const entrepreneurIds = new Set(entrepreneur.map((u) => u.id));

  // Founders with an account, of incubating enterprises (the demo entrepreneur's apart for the loan).
  const founders = await tx
    .selectFrom('enterprise_founders')
    .innerJoin('incubator_enterprises', 'incubator_enterprises.id', 'enterprise_founders.enterprise_id')
    .select(['enterprise_founders.user_id', 'incubator_enterprises.id', 'incubator_enterprises.org_id', 'incubator_enterprises.stage', 'incubator_enterprises.founded_on', 'incubator_enterprises.entered_on'])
    .where('enterprise_founders.user_id', 'is not', null)
    .where('incubator_enterprises.stage', '=', 'incubating')
    .orderBy('incubator_enterprises.created_at')
    .orderBy('incubator_enterprises.id')
    .execute();
  const scheme = (id: string) => schemeSeeds.find((s) => s.id === id)!;
  let n = 0;
  const add = async (s: SchemeSeed, row: { userId: string; enterpriseId?: string; cohortId?: string; orgId: string; y: number }, facts: Facts, inputs: ApplicationInputs, decision: { status: 'approved' | 'rejected'; amountFen?: number; months?: number; reason: string; paid?: number }) => {
    const id = newId();
    const at = now - (40 - n++) * 86_400_000;
    const r = evaluate(s.rules, facts);
    const max = maxAmount(s.amountRule, inputs, facts);
    const approved = decision.status === 'approved' ? (s.kind === 'rent_free' ? (decision.months ?? 0) * (s.amountRule.kind === 'rent_months' ? s.amountRule.monthlyValueFen : 0) : Math.min(decision.amountFen ?? max, max)) : null;
    const from = decision.months ? beijingDay(at + 86_400_000) : null;
    await tx
      .insertInto('policy_applications')
      .values({
        id,
        scheme_id: s.id,
        scheme_version: 1,
        agency_org_id: KORLA_HRSS,
        applicant_user_id: row.userId,
        enterprise_id: row.enterpriseId ?? null,
        cohort_id: row.cohortId ?? null,
        org_id: row.orgId,
        year: row.y,
        inputs: JSON.stringify(inputs),
        facts: JSON.stringify(facts),
        rules: JSON.stringify(s.rules),
        verdicts: JSON.stringify(r.verdicts),
        max_amount_fen: max,
        status: decision.status,
        approved_amount_fen: approved,
        approved_months: decision.status === 'approved' ? (decision.months ?? null) : null,
        benefit_from: from,
        benefit_to: from && decision.months ? addMonthsInclusive(from, decision.months) : null,
        disbursed_fen: decision.paid ?? 0,
        decision_reason: decision.reason,
        decided_by: decidedBy,
        decided_at: at + 86_400_000,
        created_at: at,
        updated_at: at + 86_400_000,
      })
      .execute();
    if (decision.paid) {
      await tx.insertInto('policy_disbursements').values({ id: newId(), application_id: id, paid_on: beijingDay(at + 3 * 86_400_000), amount_fen: decision.paid, reference: `KEL-RS-${row.y}-${String(n).padStart(4, '0')}`, recorded_by: decidedBy ?? '', created_at: at + 3 * 86_400_000 }).execute();
    }
  };
  const enterpriseFacts = (f: (typeof founders)[number], y: number): Facts => ({
    'enterprise.stage': f.stage,
    'enterprise.monthsSinceFounded': f.founded_on ? Math.max(0, monthsBetween(f.founded_on, today)) : null,
    'enterprise.monthsInIncubator': f.entered_on ? Math.max(0, monthsBetween(f.entered_on, today)) : null,
    'applicant.isFounder': true,
    'grants.sameSchemeThisYear': 0,
  });

  // One founder per enterprise; the demo entrepreneur's enterprise is left out of the loan subsidies.
  const mine = founders.find((f) => entrepreneurIds.has(f.user_id!));
  const seen = new Set<string>(mine ? [mine.id] : []);
  const others = founders.filter((f) => !seen.has(f.id) && !!seen.add(f.id));
  const loan = scheme(demoSchemes.loan);
  const rent = scheme(demoSchemes.rentFree);
  // Loan subsidies: approved and paid (last year and this), and one refused on a rule.
  for (const [i, f] of others.slice(0, 3).entries()) {
    const y = i === 0 ? year - 1 : year;
    const inputs: ApplicationInputs = { principalFen: [20_000_000, 15_000_000, 30_000_000][i]!, termMonths: [36, 24, 36][i]!, rateBp: 345, bank: '库尔勒农村商业银行' };
    const facts = { ...enterpriseFacts(f, y), 'input.principalFen': inputs.principalFen!, 'input.termMonths': inputs.termMonths!, 'input.rateBp': inputs.rateBp! };
    const max = maxAmount(loan.amountRule, inputs, facts);
    await add(loan, { userId: f.user_id!, enterpriseId: f.id, orgId: f.org_id, y }, facts, inputs, { status: 'approved', amountFen: max, reason: '材料齐全，符合贴息条件', paid: Math.floor(max / 3) });
  }
  if (others[3]) {
    const f = others[3];
    const inputs: ApplicationInputs = { principalFen: 35_000_000, termMonths: 36, rateBp: 345, bank: '库尔勒农村商业银行' };
    const facts = { ...enterpriseFacts(f, year), 'input.principalFen': 35_000_000, 'input.termMonths': 36, 'input.rateBp': 345 };
    await add(loan, { userId: f.user_id!, enterpriseId: f.id, orgId: f.org_id, y: year }, facts, inputs, { status: 'rejected', reason: '贷款本金超过个人创业担保贷款上限（30万元），请按上限重新申请' });
  }
  // Rent-free space: the demo entrepreneur's was approved (the phone shows it), and another's.
  for (const f of [mine, others[4]].filter((x): x is (typeof founders)[number] => !!x)) {
    const inputs: ApplicationInputs = { months: 12 };
    await add(rent, { userId: f.user_id!, enterpriseId: f.id, orgId: f.org_id, y: year }, { ...enterpriseFacts(f, year), 'input.months': 12 }, inputs, { status: 'approved', months: 12, reason: '入驻孵化基地，免收一年场地租金' });
  }

  // The school's training-subsidy claim for a finished cohort the bureau paid for.
  const trainer = await tx.selectFrom('user_roles').select(['user_id', 'org_id']).where('role', '=', 'trainer').orderBy('user_id').executeTakeFirst();
  if (trainer) {
    // The first finished, bureau-paid cohort of the school with certified trainees (last year's, in the demo).
    const cohorts = await tx
      .selectFrom('training_cohorts')
      .select(['id', 'org_id', 'cost_per_trainee_fen', 'ends_on'])
      .where('org_id', '=', trainer.org_id)
      .where('funding_source', '=', 'hrss')
      .where('status', '=', 'finished')
      .orderBy('ends_on')
      .orderBy('id')
      .execute();
    for (const cohort of cohorts) {
      const certified = await tx
        .selectFrom('certificates')
        .innerJoin('training_enrolments', 'training_enrolments.id', 'certificates.enrolment_id')
        .select((eb) => eb.fn.count<number>('certificates.user_id').distinct().as('n'))
        .where('training_enrolments.cohort_id', '=', cohort.id)
        .where('certificates.revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (!Number(certified.n)) continue;
      const facts: Facts = { 'cohort.fundingSource': 'hrss', 'cohort.status': 'finished', 'cohort.certified': Number(certified.n), 'cohort.costPerTraineeFen': Number(cohort.cost_per_trainee_fen), 'claims.sameCohort': 0 };
      const s = scheme(demoSchemes.training);
      const max = maxAmount(s.amountRule, {}, facts);
      await add(s, { userId: trainer.user_id, cohortId: cohort.id, orgId: cohort.org_id, y: Number(cohort.ends_on.slice(0, 4)) }, facts, {}, { status: 'approved', amountFen: max, reason: '按取证人数核定', paid: max });
      break;
    }
  }
  await writeAudit(tx, systemActor, { action: 'demo.seed.policy', targetType: 'system', details: { applications: n } });
}
