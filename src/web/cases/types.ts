/** Rights cases (工会维权) as the API returns them (src/server/modules/cases/case.routes.ts). */

import { categories, courtStatuses, linkKinds, outcomes, respondentKinds, statuses } from '../../shared/cases.ts';
import type { Category, Outcome, RespondentKind, Status as CaseStatus } from '../../shared/cases.ts';
export type { Category, Outcome, RespondentKind, CaseStatus };

export const CATEGORIES = categories;
export const STATUSES = statuses;
export const OUTCOMES = outcomes;
export const RESPONDENT_KINDS = respondentKinds;
export const COURT_STATUSES = courtStatuses;
export const LINK_KINDS = linkKinds;

/** The actions a staff member may be offered, in the order the page shows them. */
export const STAFF_ACTIONS = ['start', 'resume', 'wait_worker', 'wait_party', 'propose_close', 'reopen', 'take_appeal', 'assign'] as const;
export type Action = (typeof STAFF_ACTIONS)[number] | 'take' | 'confirm' | 'reject' | 'withdraw';

export const FINISHED: string[] = ['closed', 'withdrawn'];
/** States in which the time limit stands still. */
export const PAUSED: string[] = ['waiting_worker', 'waiting_party', 'proposed_closed'];

export type NewCase = {
  category: Category;
  title: string;
  description: string;
  occurredOn?: string;
  place?: string;
  lat?: number;
  lng?: number;
  respondentOrgId?: string;
  respondentName?: string;
  respondentKind?: RespondentKind;
  platformCode?: string;
  identityShown: boolean;
  clientRef: string;
};

/** What POST /api/cases answers: a compact summary of the case it made (or made before, for a re-sent clientRef). */
export type FiledCase = { id: string; caseNo: string; status: string; category: string; title: string; unionId: string; submittedAt: string | null };

/** A known organisation a case can be against (GET /api/cases/respondents). */
export type Respondent = { id: string; name: string; kind: RespondentKind; cityCode: string | null };

export type MyCase = {
  id: string;
  caseNo: string;
  category: string;
  status: string;
  title: string;
  submittedAt: string | null;
  resolutionDue: string | null;
  updatedAt: string | null;
  outcome: string | null;
};

export type Sla = {
  submittedAt: string | null;
  firstResponseAt: string | null;
  firstResponseDue: string | null;
  resolutionDue: string | null;
  paused: boolean;
  firstResponseLeftMs: number | null;
  resolutionLeftMs: number | null;
  overdue: boolean;
  escalation: number;
};

export type TimelineEntry = {
  id: string;
  at: string;
  kind: string;
  visibility: 'worker' | 'internal' | 'lawyer' | string;
  actor: 'worker' | 'staff' | 'system' | string;
  actorName: string | null;
  data: Record<string, unknown>;
  body: string | null;
};

export type CaseFile = { id: string; kind: string; name: string; mime: string; size: number; createdAt: string; byWorker: boolean };
export type Letter = {
  id: string;
  letterNo: string;
  recipientName: string;
  subject: string;
  request: string;
  replyBy: string | null;
  createdAt: string | null;
  sentAt: string | null;
  replyAt: string | null;
  replySummary: string;
  replyFileId: string | null;
};
export type Meeting = { id: string; kind: 'consultation' | 'meeting' | string; heldOn: string; participants: string; minutes: string; decisions: string };
export type CourtStep = { id: string; status: string; onDate: string; note: string };

export type CaseDetail = {
  id: string;
  caseNo: string;
  seats: ('worker' | 'officer' | 'chair' | 'lawyer')[];
  union: { id: string; name: string };
  category: string;
  priority: 'normal' | 'high' | 'urgent' | string;
  status: string;
  title: string;
  description: string;
  occurredOn: string | null;
  place: string;
  lat: number | null;
  lng: number | null;
  respondent: { orgId: string | null; name: string; kind: string };
  platformCode: string | null;
  identityShown: boolean;
  worker: { name: string; phoneMasked: string };
  officer: { userId: string; name: string | null } | null;
  lawyer: { userId: string; name: string | null } | null;
  systemicIssueId: string | null;
  sla: Sla;
  outcome: { outcome: string; amountFen: number | null; note: string } | null;
  rating: number | null;
  appealCount: number;
  proposedAt: string | null;
  appealUntil: string | null;
  closedAt: string | null;
  courtStatus: string | null;
  version: number;
  allowedActions: string[];
  timeline: TimelineEntry[];
  files: CaseFile[];
  letters: Letter[];
  meetings: Meeting[];
  court: CourtStep[];
};

export type QueueItem = {
  id: string;
  caseNo: string;
  unionId: string;
  category: string;
  priority: string;
  status: string;
  title: string;
  place: string;
  submittedAt: string | null;
  firstResponseDue: string | null;
  resolutionDue: string | null;
  paused: boolean;
  overdue: boolean;
  escalation: number;
  officer: { userId: string; name: string | null } | null;
  systemicIssueId: string | null;
};

export type LegalCase = { id: string; caseNo: string; category: string; status: string; title: string; courtStatus: string | null; updatedAt: string };
export type Lawyer = { userId: string; name: string; firm: string | null; duty: { station: string; weekday: number }[] };
export type Similar = { id: string; caseNo: string; title: string; place: string; status: string; systemicIssueId: string | null; score: number; reasons: string[] };

export type SystemicSummary = { id: string; title: string; status: string; linkKind: string; effectiveOn: string | null; notifiedCount: number; cases: number };
export type SystemicIssue = {
  id: string;
  unionId: string;
  title: string;
  linkKind: string;
  status: 'open' | 'rule_changed' | string;
  ruleChange: string | null;
  changedBy: string | null;
  effectiveOn: string | null;
  affects: { kinds: string[]; cities: string[]; platforms: string[] };
  notifiedCount: number;
  cases: { id: string; caseNo: string; title: string; status: string; place: string; category: string }[];
  notified?: number;
};

export const AGE_BUCKETS = ['under_1d', '1_3d', '3_7d', '7_30d', 'over_30d'] as const;
type Hours = { median: number | null; p90: number | null; n: number };
export type Dashboard = {
  total: number;
  open: number;
  byCategory: { category: string; open: number; ages: Record<string, number> }[];
  overdueCount: number;
  overdue: { id: string; caseNo: string; title: string; category: string; status: string; escalation: number; firstResponseDue: string | null; resolutionDue: string | null; officerUserId: string | null }[];
  firstResponseHours: Hours;
  resolutionHours: Hours;
  satisfaction: { n: number; average: number | null; distribution: number[] };
  outcomes: { outcome: string; count: number }[];
};
/** The analysts' figures: null is a suppressed cell (fewer than minCell workers behind it). */
export type Aggregates = {
  minCell: number;
  open: number | null;
  total: number | null;
  byCategory: { category: string; open: number | null; ages: Record<string, number | null> }[];
  overdueCount: number | null;
  firstResponseHours: Hours | null;
  resolutionHours: Hours | null;
  satisfaction: { n: number; average: number | null } | null;
  outcomes: { outcome: string; count: number | null }[];
};

export type Notification = { id: string; kind: string; data: Record<string, string | number | boolean | null>; createdAt: string; read: boolean };
