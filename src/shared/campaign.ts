/** The special campaign's vocabulary (专项行动 · 问题清单), shared by the API and the web app. */

/** The four rights areas of the campaign (FACTS.md): employment, pay, rest, safety. */
export const areas = ['employment', 'pay', 'rest', 'safety'] as const;
export type Area = (typeof areas)[number];

export const campaignStatuses = ['planned', 'active', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const problemStatuses = ['open', 'in_progress', 'closed', 'dismissed'] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

/** What a person does to a problem's status. */
export const problemSteps = ['start', 'close', 'dismiss', 'reopen'] as const;
export type ProblemStep = (typeof problemSteps)[number];

export const linkKinds = ['case', 'systemic', 'violation', 'finding'] as const;
export type LinkKind = (typeof linkKinds)[number];

export const proposalKinds = ['case_cluster', 'violation_trend'] as const;
export type ProposalKind = (typeof proposalKinds)[number];

/** A candidate problem offered to the campaign's managers: a cluster of similar cases or a rising violation. */
export type Proposal = {
  key: string;
  kind: ProposalKind;
  area: Area;
  size: number;
  /** Suggested title (Chinese, editable on accepting). */
  title: string;
  category: string | null;
  platform: string | null;
  respondent: string | null;
  indicator: string | null;
  months: { month: string; findings: number }[];
  cases: { caseNo: string; category: string; status: string }[];
  dismissedBefore: { size: number; reason: string } | null;
};
