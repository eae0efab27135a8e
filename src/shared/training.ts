/** The training vocabulary, shared by the API and the web app (pages translate these codes). */

/** Who pays for a cohort: the human-resources and social-security department (人社), an employer, the trainee, other. */
export const fundingSources = ['hrss', 'employer', 'self', 'other'] as const;
export type FundingSource = (typeof fundingSources)[number];

/** open: taking applications; running: under way; finished; cancelled. */
export const cohortStatuses = ['open', 'running', 'finished', 'cancelled'] as const;
export type CohortStatus = (typeof cohortStatuses)[number];

/** applied → accepted | declined | withdrawn; accepted → completed | dropped | withdrawn. */
export const enrolmentStatuses = ['applied', 'accepted', 'declined', 'withdrawn', 'completed', 'dropped'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export const attendanceStatuses = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export const courseTopics = ['ai_tools', 'short_video', 'live_streaming', 'supply_chain', 'customer_service', 'operations', 'other'] as const;
export type CourseTopic = (typeof courseTopics)[number];

export const occupations = ['ecommerce_specialist', 'live_streaming_seller', 'internet_marketing', 'other'] as const;
export type Occupation = (typeof occupations)[number];

/** A certificate number as printed: letters, digits and dashes (the national registry's or ours). */
export const CERT_NUMBER_RE = /^[A-Z0-9][A-Z0-9-]{5,39}$/;
export const normaliseCertNumber = (n: string) => n.trim().toUpperCase().replace(/\s+/g, '');

/** 王建军 → 王*军, 张伟 → 张*, 阿迪力·艾山 → 阿****山: the first and (from three characters) the last. */
export function maskHolderName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(Math.min(chars.length - 2, 6)) + chars[chars.length - 1];
}
