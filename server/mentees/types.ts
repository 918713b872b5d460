import type {
  AgeBand,
  Gender,
  GermanLevel,
  MenteeQualification,
  MenteeStatus,
  Schooling,
  VacancyKind,
  WorkingTime,
  WorkPermit,
} from '../db/database.ts';

/** A mentee profile as the app works with it (camelCase; the same names as the form and JSON). Pseudonymous. */
export interface MenteeProfile {
  id: string;
  code: string;
  projectId: number;
  status: MenteeStatus;
  gender: Gender;
  /** Null when left open: nothing reads it (issue 13). */
  ageBand: AgeBand | null;
  germanLevel: GermanLevel;
  otherLanguages: string[];
  schooling: Schooling;
  qualification: MenteeQualification;
  academic: boolean;
  experience: { occupation: string; years: number }[];
  desiredOccupations: string[];
  desiredKinds: VacancyKind[];
  homeTown: string;
  homePlaceId: number;
  location: { lat: number; lng: number };
  travelKm: number;
  workingTime: WorkingTime;
  drivingLicence: boolean;
  workPermit: WorkPermit;
  /** A German course in progress: the level it leads to and the day it ends (YYYY-MM-DD); both or neither. */
  germanCourseLevel: GermanLevel | null;
  germanCourseEnd: string | null;
  consent: boolean;
  consentAt: Date | null;
  locale: string;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped on every change; the index document carries it (drift checks). */
  version: number;
}
