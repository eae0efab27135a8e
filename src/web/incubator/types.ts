import type { EnterpriseStage } from '../../shared/incubator.ts';

export type Enterprise = {
  id: string;
  orgId: string;
  name: string;
  sector: string;
  stage: EnterpriseStage;
  foundedOn: string | null;
  enteredOn: string | null;
  graduatedOn: string | null;
  exitedOn: string | null;
  employees: number;
  description: string;
  nextStages: EnterpriseStage[];
};
export type Member = { id: string; name: string; role: string; isLead: boolean; isUser: boolean };
export type Team = { id: string; enterpriseId: string; name: string; members: Member[]; shortlisted: number };
export type EnterpriseDetail = {
  enterprise: Enterprise;
  founders: { id: string; name: string; isLead: boolean; isUser: boolean }[];
  spaces: { id: string; spaceId: string; code: string; kind: string; areaM2: number; startsOn: string; endsOn: string | null; rentFreeUntil: string | null; current: boolean; rentFreeNow: boolean }[];
  mentors: { id: string; name: string; expertise: string; assignedOn: string }[];
  services: { id: string; kind: string; servedOn: string; note: string; servedBy: string }[];
  teams: Team[];
};
export type Product = {
  id: string;
  name: string;
  nameUg: string;
  nameEn: string;
  supplier: string;
  category: string;
  origin: string;
  originPlace: string;
  priceFen: number;
  commissionFen: number;
  stock: number;
  rating: number | null;
  checkResult: string | null;
  checkedOn: string | null;
  shortlistable: boolean;
};
export type ProductPage = { total: number; page: number; pageSize: number; items: Product[] };
export type ShortlistEntry = { id: string; productId: string; name: string; category: string; origin: string; streamOn: string; note: string; priceFen: number; commissionFen: number; stock: number; checkResult: string | null };
export type TeamDetail = { team: Team; enterprise: { id: string; name: string; stage: string }; mayManage: boolean; shortlist: ShortlistEntry[] };
export type Figures = {
  total: number;
  incubatedSoFar: number;
  incubatingNow: number;
  byStage: Record<string, number>;
  bySector: Record<string, { total: number; incubatedSoFar: number; incubatingNow: number }>;
  products: { total: number; passed: number };
};
