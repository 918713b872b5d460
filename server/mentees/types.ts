import type { GermanLevel } from '../domain.ts';

/** A mentee profile as the app works with it (camelCase; the same names as the form and JSON). Pseudonymous. */
export interface MenteeProfile {
  id: string;
  code: string;
  projectId: number;
  status: 'active' | 'placed' | 'closed';
  gender: 'f' | 'm' | 'd' | 'unspecified';
  ageBand: 'u25' | '25to34' | '35to44' | '45plus';
  germanLevel: GermanLevel;
  otherLanguages: string[];
  schooling: 'none' | 'primary' | 'secondary' | 'higher';
  qualification: 'none' | 'foreign_unrecognised' | 'recognition_pending' | 'recognised';
  academic: boolean;
  experience: { occupation: string; years: number }[];
  desiredOccupations: string[];
  desiredKinds: ('job' | 'apprenticeship')[];
  homeTown: string;
  homePlaceId: number;
  location: { lat: number; lng: number };
  travelKm: number;
  workingTime: 'full' | 'part' | 'either';
  drivingLicence: boolean;
  workPermit: 'yes' | 'pending' | 'temporary_protection' | 'unknown';
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
