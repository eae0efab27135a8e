// Read-only facts about enterprises for other modules (policy support reads them through index.ts).
import type { Db, Tx } from '../../platform/db.js';

export type EnterpriseFacts = {
  id: string;
  orgId: string;
  name: string;
  stage: string;
  foundedOn: string | null;
  enteredOn: string | null;
  /** The founders with an account; `isLead` marks the lead founder. */
  founderUserIds: string[];
  leadUserIds: string[];
};

/** One enterprise with its founders' accounts, or null when there is none with this id. */
export async function enterpriseFacts(q: Db | Tx, enterpriseId: string): Promise<EnterpriseFacts | null> {
  const e = await q
    .selectFrom('incubator_enterprises')
    .select(['id', 'org_id', 'name', 'stage', 'founded_on', 'entered_on'])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
  if (!e) return null;
  const founders = await q.selectFrom('enterprise_founders').select(['user_id', 'is_lead']).where('enterprise_id', '=', enterpriseId).where('user_id', 'is not', null).execute();
  return {
    id: e.id,
    orgId: e.org_id,
    name: e.name,
    stage: e.stage,
    foundedOn: e.founded_on,
    enteredOn: e.entered_on,
    founderUserIds: founders.map((f) => f.user_id!),
    leadUserIds: founders.filter((f) => !!f.is_lead).map((f) => f.user_id!),
  };
}

/** The enterprises a person is a founder of (with an account), newest first. */
export async function enterprisesFoundedBy(q: Db | Tx, userId: string) {
  const rows = await q
    .selectFrom('enterprise_founders')
    .innerJoin('incubator_enterprises', 'incubator_enterprises.id', 'enterprise_founders.enterprise_id')
    .select(['incubator_enterprises.id', 'incubator_enterprises.org_id', 'incubator_enterprises.name', 'incubator_enterprises.stage', 'incubator_enterprises.founded_on', 'enterprise_founders.is_lead'])
    .where('enterprise_founders.user_id', '=', userId)
    .orderBy('incubator_enterprises.created_at', 'desc')
    .orderBy('incubator_enterprises.id')
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, stage: r.stage, foundedOn: r.founded_on, isLead: !!r.is_lead }));
}
