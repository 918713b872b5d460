import { distanceKm } from '../domain.ts';
import type { MenteeProfile } from '../mentees/types.ts';

/**
 * What an employer sees of a mentee proposed to them (docs/design.md §7): the
 * pseudonym and the facts that decide a hiring, nothing else. No notes, no
 * gender, no age, no home town (a small town could name the person): the
 * distance to the workplace only as a band. Built field by field from an
 * allow-list, so a new profile field never reaches employers by accident.
 */
export interface ProfileCard {
  code: string;
  germanLevel: MenteeProfile['germanLevel'];
  otherLanguages: string[];
  schooling: MenteeProfile['schooling'];
  qualification: MenteeProfile['qualification'];
  academic: boolean;
  experience: { occupation: string; years: number }[];
  workingTime: MenteeProfile['workingTime'];
  distanceBand: DistanceBand;
  drivingLicence: boolean;
  workPermit: MenteeProfile['workPermit'];
}

export const DISTANCE_BANDS = ['under10', '10to25', '25to50', 'over50'] as const;
export type DistanceBand = (typeof DISTANCE_BANDS)[number];

export function distanceBand(km: number): DistanceBand {
  if (km < 10) return 'under10';
  if (km < 25) return '10to25';
  if (km < 50) return '25to50';
  return 'over50';
}

export function profileCard(mentee: MenteeProfile, workplace: { lat: number; lng: number }): ProfileCard {
  return {
    code: mentee.code,
    germanLevel: mentee.germanLevel,
    otherLanguages: [...mentee.otherLanguages],
    schooling: mentee.schooling,
    qualification: mentee.qualification,
    academic: mentee.academic,
    experience: mentee.experience.map((e) => ({ occupation: e.occupation, years: e.years })),
    workingTime: mentee.workingTime,
    distanceBand: distanceBand(distanceKm(mentee.location, workplace)),
    drivingLicence: mentee.drivingLicence,
    workPermit: mentee.workPermit,
  };
}
