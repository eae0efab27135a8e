/** The incubation base's vocabulary, shared by the API and the web app (pages translate these codes). */

/** applying → incubating | exited; incubating → graduated | exited. Graduated and exited are final. */
export const enterpriseStages = ['applying', 'incubating', 'graduated', 'exited'] as const;
export type EnterpriseStage = (typeof enterpriseStages)[number];

export const stageTransitions: Record<EnterpriseStage, readonly EnterpriseStage[]> = {
  applying: ['incubating', 'exited'],
  incubating: ['graduated', 'exited'],
  graduated: [],
  exited: [],
};

export const sectors = ['agri_specialty', 'local_services', 'live_selling', 'short_video', 'crafts', 'logistics', 'tourism', 'software', 'other'] as const;
export type Sector = (typeof sectors)[number];

export const spaceKinds = ['desk', 'room'] as const;
export type SpaceKind = (typeof spaceKinds)[number];

/** The one-stop services (一站式服务) the base logs. */
export const serviceKinds = ['startup_incubation', 'resource_matching', 'policy_guidance', 'financing', 'training', 'legal', 'marketing', 'registration', 'other'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

export const memberRoles = ['host', 'assistant', 'operator', 'editor', 'other'] as const;
export type MemberRole = (typeof memberRoles)[number];

export const productCategories = ['fresh_fruit', 'dried_fruit', 'nuts', 'grain_oil', 'meat_dairy', 'tea_drinks', 'crafts', 'textiles', 'other'] as const;
export type ProductCategory = (typeof productCategories)[number];

/** Xinjiang prefectures a product comes from. */
export const origins = ['bayingolin', 'aksu', 'kashgar', 'hotan', 'turpan', 'hami', 'ili', 'changji', 'urumqi', 'altay', 'tacheng', 'bortala', 'kizilsu', 'karamay'] as const;
export type Origin = (typeof origins)[number];

export const qualityResults = ['pass', 'fail'] as const;
export type QualityResult = (typeof qualityResults)[number];

export const productSorts = ['relevance', 'price_asc', 'price_desc', 'commission_desc', 'rating_desc', 'newest'] as const;
export type ProductSort = (typeof productSorts)[number];

/** Fen as yuan with two decimals: 12345 → "123.45". */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
