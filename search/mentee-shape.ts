import type { GermanLevel, MenteeQualification, MenteeStatus, VacancyKind, WorkingTime, WorkPermit } from '../server/db/database.ts';

/**
 * What search/ reads of a mentee profile, declared here rather than imported: search/ imports no
 * feature. server/mentees/types.ts `MenteeProfile` has every field below (and more), so the
 * features hand their profiles in as they are.
 */

/** What matching needs of a mentee (match-explain.ts, matching.ts, the rule files). */
export interface MatchMentee {
  germanLevel: GermanLevel;
  location: { lat: number; lng: number };
  travelKm: number;
  workingTime: WorkingTime;
  drivingLicence: boolean;
  qualification: MenteeQualification;
  academic: boolean;
  workPermit: WorkPermit;
  desiredOccupations: string[];
  desiredKinds: VacancyKind[];
  experience: { occupation: string; years: number }[];
  /** A German course in progress: the level it leads to and the day it ends (YYYY-MM-DD); both or neither. */
  germanCourseLevel: GermanLevel | null;
  germanCourseEnd: string | null;
}

/** What the mentees index document is made of (mentee-index.ts), and what a candidate shows. */
export interface IndexedMentee extends MatchMentee {
  id: string;
  code: string;
  projectId: number;
  status: MenteeStatus;
  homeTown: string;
  consent: boolean;
  version: number;
}
