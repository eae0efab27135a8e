import type { Area, CampaignStatus, ProblemStatus, ProblemStep, Proposal, ProposalKind } from '../../../shared/campaign.ts';

export type Counts = { total: number; open: number; in_progress: number; closed: number; dismissed: number; overdue: number };
export type Campaign = {
  id: string;
  name: string;
  description: string;
  leadOrgId: string;
  leadOrgName: string;
  regions: string[];
  startsOn: string;
  endsOn: string;
  status: CampaignStatus;
  counts: Counts;
  canManage: boolean;
};
export type Problem = {
  id: string;
  campaignId: string;
  area: Area;
  title: string;
  description: string;
  publicSummary: string;
  ownerOrgId: string;
  ownerOrgName: string;
  ownerUserId: string | null;
  ownerUserName: string | null;
  deadline: string;
  target: string;
  targetValue: number | null;
  status: ProblemStatus;
  overdue: boolean;
  closingNote: string;
  dismissReason: string;
  closedAt: string | null;
  fromProposal: string | null;
  progressCount: number;
  lastProgressOn: string | null;
  links: Record<string, number>;
};
export type Evidence = { id: string; kind: 'file' | 'link'; name: string; mime: string | null; size: number | null; link: string | null };
export type ProblemDetail = {
  problem: Problem;
  campaign: { id: string; name: string; leadOrgName: string; startsOn: string; endsOn: string };
  links: {
    cases: { caseNo: string; category: string; status: string }[];
    systemicIssues: { id: string; title: string; status: string }[];
    violations: { indicator: string; platform: string; month: string; findings: number }[];
    findings: { id: string; indicator: string; platform: string; day: string }[];
  };
  progress: { id: string; body: string; onDate: string; by: string | null; at: string; evidence: Evidence[] }[];
  evidenceCount: number;
  may: { edit: boolean; progress: boolean; steps: ProblemStep[]; evidence: boolean };
};
export type { Proposal };
export type Owner = { id: string; name: string; kind: string; cityCode: string | null; staff: { id: string; name: string; role: string }[] };
