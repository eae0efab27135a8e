/** The directed-employment vocabulary, shared by the API and the web app (pages translate these codes).
 * No zod here: the web app imports this file (the API's schemas are in modules/training/jobs/job.schemas.ts). */

/** The kinds of position e-commerce employers post. */
export const jobPositions = ['live_host', 'video_editor', 'operations', 'customer_service', 'supply_chain', 'product_selection', 'other'] as const;
export type JobPosition = (typeof jobPositions)[number];

/** Skill codes: what an order wants, what a graduate says they can do, what a programme teaches. */
export const jobSkills = [
  'ai_tools',
  'short_video',
  'live_streaming',
  'supply_chain',
  'shop_operations',
  'customer_service',
  'photography',
  'copywriting',
  'data_analysis',
  'product_selection',
] as const;
export type JobSkill = (typeof jobSkills)[number];

export const orderStatuses = ['open', 'filled', 'closed'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** One graduate's path through one order. */
export const candidateStages = ['recommended', 'interviewing', 'hired', 'declined', 'withdrawn'] as const;
export type CandidateStage = (typeof candidateStages)[number];

/** Why a graduate is ranked where they are: a code and its values; pages translate the code. */
export type MatchReason =
  | { code: 'linked_cohort' }
  | { code: 'certificate'; level: number | null; want: number | null; ok: boolean }
  | { code: 'skills'; have: number; want: number }
  | { code: 'place'; where: 'district' | 'city' | 'elsewhere' }
  | { code: 'position'; ok: boolean }
  | { code: 'pay'; ok: boolean };
export const reasonCodes = ['linked_cohort', 'certificate', 'skills', 'place', 'position', 'pay'] as const;

/** Pay bands recorded on a placement and its follow-ups (yuan a month). */
export const payBands = ['<3000', '3000-4000', '4000-5000', '5000-6000', '6000-8000', '8000+'] as const;
export type PayBand = (typeof payBands)[number];
