import type { AttendanceStatus, CohortStatus, EnrolmentStatus, FundingSource } from '../../shared/training.ts';

export type Cohort = {
  id: string;
  programmeId: string;
  programmeName: string;
  occupation: string;
  level: number | null;
  orgId: string;
  schoolName: string;
  name: string;
  startsOn: string;
  endsOn: string;
  schedule: string;
  place: string;
  cityCode: string;
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  fundingSource: FundingSource;
  funderName: string;
  costPerTraineeFen: number;
  traineePaysFen: number;
  status: CohortStatus;
};
export type ManagedCohort = Cohort & { applied: number; accepted: number; completed: number };
export type CohortPage = { cohort: Cohort; description: string; skills: string[]; courses: { id: string; name: string; topic: string; hours: number }[]; sessions: { id: string; startsAt: string; endsAt: string; topic: string }[] };
export type Programme = { id: string; orgId: string; name: string; occupation: string; level: number; description: string; skills: string[]; active: boolean; courses: { id: string; name: string; topic: string; hours: number; position: number }[] };
export type MyEnrolment = {
  id: string;
  status: EnrolmentStatus;
  note: string;
  reason: string;
  appliedAt: string;
  cohort: { id: string; name: string; programmeName: string; schoolName: string; startsOn: string; endsOn: string; schedule: string; place: string };
  attendance: { at: string; topic: string; status: AttendanceStatus }[];
  results: { heldOn: string; level: number; theoryScore: number; practiceScore: number; theoryPass: number; practicePass: number; passed: boolean }[];
};
export type MyCertificate = { id: string; number: string; level: number; occupation: string; issuedOn: string; schoolName: string; valid: boolean; holderName: string };
export type Verified = { number: string; level: number; occupation: string; issuedOn: string; schoolName: string; holderMasked: string; valid: boolean; revokedOn: string | null };
export type Roster = {
  cohort: Cohort;
  sessions: number;
  items: { id: string; name: string; phoneMasked: string; status: EnrolmentStatus; note: string; reason: string; appliedAt: string; decidedAt: string | null; completedAt: string | null; present: number }[];
};
export type Session = { id: string; courseId: string | null; startsAt: string; endsAt: string; topic: string; attendance: Record<string, AttendanceStatus> };
export type Exam = {
  id: string;
  cohortId: string;
  heldOn: string;
  level: number;
  theoryPass: number;
  practicePass: number;
  results: { id: string; enrolmentId: string; name: string; theoryScore: number; practiceScore: number; passed: boolean; certificate: { id: string; number: string; revoked: boolean } | null }[];
};
export type CohortFigures = {
  cohortId: string;
  cohortName: string;
  orgId: string;
  startsOn: string;
  endsOn: string;
  status: string;
  fundingSource: string;
  costPerTraineeFen: number;
  enrolled: number;
  completed: number;
  sat: number;
  passed: number;
  passRate: number | null;
  certificates: number;
  placed: number;
};
export type YearFigures = { year: string; cohorts: number; enrolled: number; completed: number; sat: number; passed: number; passRate: number | null; certificates: number; placed: number; fundedFen: number; certificatesIssued: number; certificatesByLevel: Record<string, number> };
export type Figures = { cohorts: CohortFigures[]; years: YearFigures[] };

const yuanFormat = new Intl.NumberFormat('en', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
export const yuan = (fen: number) => yuanFormat.format(fen / 100);
