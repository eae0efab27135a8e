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
