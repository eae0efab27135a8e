// Policy support: the pure rules (no I/O). Eligibility conditions are data; this evaluates them on
// facts, and computes the most a scheme grants.
import { factNames, ruleOps, type AmountRule, type ApplicationInputs, type FactValue, type Facts, type Rule, type Verdict } from '../../../shared/policy.js';

const isList = (v: unknown): v is FactValue[] => Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One condition on the facts: pass, fail, or missing (the fact is absent: it fails, and says so). */
export function evaluateRule(rule: Rule, facts: Facts): Verdict {
  const actual = facts[rule.fact];
  const base = { id: rule.id, fact: rule.fact, op: rule.op, ...(rule.value !== undefined ? { value: rule.value } : {}), message: rule.message };
  if (actual === undefined || actual === null) return { ...base, outcome: 'missing' };
  const v = rule.value;
  let ok: boolean;
  switch (rule.op) {
    case 'eq':
      ok = actual === v;
      break;
    case 'ne':
      ok = actual !== v;
      break;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const a = num(actual);
      const b = num(v);
      if (a === null || b === null) ok = false;
      else ok = rule.op === 'lt' ? a < b : rule.op === 'lte' ? a <= b : rule.op === 'gt' ? a > b : a >= b;
      break;
    }
    case 'in':
      ok = isList(v) && v.includes(actual);
      break;
    case 'not_in':
      ok = isList(v) && !v.includes(actual);
      break;
    case 'is_true':
      ok = actual === true;
      break;
    case 'is_false':
      ok = actual === false;
      break;
    default:
      ok = false;
  }
  return { ...base, outcome: ok ? 'pass' : 'fail', actual };
}

/** Every rule's verdict; qualifies only when every one passes. */
export function evaluate(rules: readonly Rule[], facts: Facts) {
  const verdicts = rules.map((r) => evaluateRule(r, facts));
  return { qualifies: verdicts.every((v) => v.outcome === 'pass'), verdicts, failed: verdicts.filter((v) => v.outcome !== 'pass') };
}

/** A rule list as stored (JSON), checked: unknown facts or operators, or a list operator without a list, are refused. */
export function parseRules(json: unknown): Rule[] {
  if (!Array.isArray(json)) throw new Error('rules must be a list');
  const ids = new Set<string>();
  return json.map((r: Partial<Rule>, i) => {
    if (!r || typeof r.id !== 'string' || !r.id || ids.has(r.id)) throw new Error(`rule ${i}: a unique id is required`);
    ids.add(r.id);
    if (!(factNames as readonly string[]).includes(r.fact as string)) throw new Error(`rule ${r.id}: unknown fact ${String(r.fact)}`);
    if (!(ruleOps as readonly string[]).includes(r.op as string)) throw new Error(`rule ${r.id}: unknown operator ${String(r.op)}`);
    if ((r.op === 'in' || r.op === 'not_in') && !Array.isArray(r.value)) throw new Error(`rule ${r.id}: ${r.op} needs a list`);
    if (['lt', 'lte', 'gt', 'gte'].includes(r.op!) && typeof r.value !== 'number') throw new Error(`rule ${r.id}: ${r.op} needs a number`);
    if (typeof r.message !== 'string' || !r.message) throw new Error(`rule ${r.id}: a message key is required`);
    return { id: r.id, fact: r.fact!, op: r.op!, ...(r.value !== undefined ? { value: r.value } : {}), message: r.message };
  });
}

/**
 * The most a scheme grants for these inputs and facts, in fen (0 when it cannot be computed):
 * - loan interest: the borrower pays up to LPR − borrowerBelowLprBp; the subsidy is the rest of the
 *   interest, on a rate capped at LPR + capOverLprBp, on the full principal for the whole term (simple
 *   interest: an upper bound, since a repaid principal earns less);
 * - per certified trainee: the cohort's cost per trainee × the trainees certified from it;
 * - rent months: the months wanted (up to maxMonths) × the value of a month.
 */
export function maxAmount(rule: AmountRule, inputs: ApplicationInputs, facts: Facts): number {
  switch (rule.kind) {
    case 'loan_interest': {
      const p = inputs.principalFen ?? 0;
      const rate = inputs.rateBp ?? 0;
      const term = inputs.termMonths ?? 0;
      const paidByBorrower = Math.max(0, rule.lprBp - rule.borrowerBelowLprBp);
      const subsidisedBp = Math.max(0, Math.min(rate, rule.lprBp + rule.capOverLprBp) - paidByBorrower);
      return Math.floor((p * subsidisedBp * term) / (10_000 * 12));
    }
    case 'per_certified':
      return Math.max(0, Number(facts['cohort.costPerTraineeFen'] ?? 0) * Number(facts['cohort.certified'] ?? 0));
    case 'rent_months':
      return Math.max(0, Math.min(inputs.months ?? 0, rule.maxMonths)) * rule.monthlyValueFen;
  }
}

/** Whole months from one day to another (YYYY-MM-DD), counting a month only once its day is reached. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/** The last day of N months of rent-free space starting on a day (inclusive). */
export function addMonthsInclusive(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}
