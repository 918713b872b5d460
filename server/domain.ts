/** The enumerations of the domain (docs/design.md §3), shared by forms, search and seed. */
export const KINDS = ['job', 'apprenticeship'] as const;
export const GERMAN_LEVELS = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const SEARCHER_GERMAN_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const WORKING_TIMES = ['full', 'part', 'either'] as const;
export const QUALIFICATIONS = ['none', 'vocational', 'academic'] as const;
/** trains_without_qualification: the employer trains people who lack the qualification it asks for (search/qualification-rules.ts). */
export const SUPPORT_OPTIONS = [
  'language_course',
  'workplace_mentor',
  'family_hours',
  'recognition_help',
  'accommodation',
  'trains_without_qualification',
] as const;
export const VACANCY_STATUSES = ['draft', 'published', 'closed'] as const;
export const RADIUS_CHOICES = [0, 10, 25, 50, 100] as const;

export type GermanLevel = (typeof GERMAN_LEVELS)[number];

/** none = 0, A1 = 1 … C2 = 6: "requires at most my level" is a numeric comparison. */
export function germanLevelRank(level: GermanLevel): number {
  return GERMAN_LEVELS.indexOf(level);
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A distance as pages and the API show it: to a tenth of a kilometre. */
export function shownKm(km: number): number {
  return Math.round(km * 10) / 10;
}

// Mentee profiles (docs/design.md §3, §8): pseudonymous, no name, contact, birth date, address or nationality.
export const GENDERS = ['f', 'm', 'd', 'unspecified'] as const;
export const AGE_BANDS = ['u25', '25to34', '35to44', '45plus'] as const;
export const SCHOOLING = ['none', 'primary', 'secondary', 'higher'] as const;
export const MENTEE_QUALIFICATIONS = ['none', 'foreign_unrecognised', 'recognition_pending', 'recognised'] as const;
/**
 * yes: may work (a residence title that allows employment); pending: permission asked of the foreigners' authority
 * (Ausländerbehörde); temporary_protection: residence permit under § 24 AufenthG; unknown: not yet clarified.
 * What each means for a job or an apprenticeship: search/work-permit-rules.ts.
 */
export const WORK_PERMITS = ['yes', 'pending', 'temporary_protection', 'unknown'] as const;
export type WorkPermit = (typeof WORK_PERMITS)[number];
export const MENTEE_STATUSES = ['active', 'placed', 'closed'] as const;
export const TRAVEL_KM_MAX = 150;
