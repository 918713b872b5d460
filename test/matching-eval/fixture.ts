import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GERMAN_LEVELS, distanceKm, type GermanLevel } from '../../server/domain.ts';
import type { SupportOption } from '../../server/db/database.ts';
import type { MenteeInput } from '../../server/mentees/schemas.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { loadPlaces } from '../../server/places/data.ts';

/**
 * The labelled set: vacancies.json (a fixed vacancy set) and profiles.json
 * (mentee profiles with the judged relevant vacancies). This module reads
 * them and holds the one independent statement of the hard constraints that
 * the candidate lists, the baseline and the test check against.
 */
export interface EvalVacancy {
  key: string;
  status: 'published' | 'draft' | 'closed';
  kind: 'job' | 'apprenticeship';
  occupation: string;
  title: string;
  description: string;
  summary: string;
  town: string;
  postcode: string;
  workingTime: 'full' | 'part' | 'either';
  partTimeTraining: boolean;
  startDate: string | null;
  durationMonths: number | null;
  germanLevel: GermanLevel;
  qualification: 'none' | 'vocational' | 'academic';
  drivingLicence: boolean;
  shiftWork: boolean;
  support: SupportOption[];
  expiresAt: null;
  /** Hand-written near-misses say what they test. */
  note: string | null;
}

export interface Judgement {
  vacancy: string;
  /** 2: a mentor would propose it first; 1: worth showing. */
  grade: 1 | 2;
  reason: string;
}

export type EvalProfile = Omit<MenteeInput, 'germanCourseLevel' | 'germanCourseEnd'> & {
  key: string;
  /** A German course in progress (issue 15): its target level, and its end in days from the day of the run (dates in the file would age). */
  germanCourseLevel?: GermanLevel;
  germanCourseInDays?: number;
  /** Who this is, in a sentence, for the people who judge and read. */
  about: string;
  judgements: Judgement[];
};

const here = path.dirname(fileURLToPath(import.meta.url));

export function loadVacancies(): EvalVacancy[] {
  return JSON.parse(readFileSync(path.join(here, 'vacancies.json'), 'utf8')) as EvalVacancy[];
}

export function loadProfiles(): EvalProfile[] {
  return JSON.parse(readFileSync(path.join(here, 'profiles.json'), 'utf8')) as EvalProfile[];
}

export function menteeInput(p: EvalProfile, today = todayInBerlin()): MenteeInput {
  const { key: _key, about: _about, judgements: _judgements, germanCourseLevel, germanCourseInDays, ...input } = p;
  const course = germanCourseLevel && germanCourseInDays !== undefined;
  return {
    ...input,
    germanCourseLevel: course ? (germanCourseLevel as MenteeInput['germanCourseLevel']) : null,
    germanCourseEnd: course ? addDays(today, germanCourseInDays) : null,
  };
}

const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 15, stated independently of search/german-course-rules.ts: a course closes a German gap when it reaches
 * the vacancy's level and ends by the vacancy's start date, or, without a start date, within 8 weeks of today.
 */
export function courseReaches(p: EvalProfile, v: { germanLevel: GermanLevel; startDate: string | null }, today = todayInBerlin()): boolean {
  if (!p.germanCourseLevel || p.germanCourseInDays === undefined) return false;
  if (rank(v.germanLevel) <= rank(p.germanLevel) || rank(v.germanLevel) > rank(p.germanCourseLevel)) return false;
  const end = addDays(today, p.germanCourseInDays);
  return end > today && end <= (v.startDate ?? addDays(today, 56));
}

/** Issue 15, stated independently of search/qualification-rules.ts: jobs in these occupations need a recognised qualification. */
export const REGULATED = new Set([
  '81302',
  '81342',
  '81353',
  '81404',
  '81414',
  '81424',
  '81474',
  '81504',
  '81712',
  '81722',
  '81804',
  '81212',
  '83113',
  '84114',
  '84124',
]);

/** Whether the vacancy is a stretch for the profile's qualification alone (lacking it, or a regulated job without recognition). */
export function qualificationStretch(
  p: Pick<EvalProfile, 'qualification' | 'academic'>,
  v: { kind: string; occupation: string; qualification: string; support: readonly string[] },
): boolean {
  if (v.kind === 'job' && REGULATED.has(v.occupation)) return p.qualification !== 'recognised';
  if (v.kind === 'apprenticeship' || v.support.includes('trains_without_qualification')) return false;
  if (v.qualification === 'academic') return !p.academic;
  if (v.qualification === 'vocational') return p.qualification === 'none' && !p.academic;
  return false;
}

/** A town's coordinates as the app resolves the name (the town with a postcode first, then the Saxon one). */
export function placeOf(name: string): { lat: number; lng: number } {
  const candidates = loadPlaces().filter((p) => p.name.toLowerCase() === name.toLowerCase());
  const place = candidates.find((p) => p.postcode) ?? candidates.find((p) => p.state === '13') ?? candidates[0];
  if (!place) throw new Error(`Unknown town: ${name}`);
  return { lat: place.lat, lng: place.lng };
}

export const rank = (level: GermanLevel) => GERMAN_LEVELS.indexOf(level);

export interface Seeker {
  desiredKinds: readonly string[];
  germanLevel: GermanLevel;
  travelKm: number;
  workingTime: 'full' | 'part' | 'either';
  drivingLicence: boolean;
}

/** Part-time seekers fit part-time or either, and full-time apprenticeships that can be done part-time. */
export function workingTimeCompatible(seeker: Seeker['workingTime'], vacancy: { workingTime: string; partTimeTraining: boolean }): boolean {
  if (seeker === 'either' || vacancy.workingTime === 'either') return true;
  if (seeker === 'full') return vacancy.workingTime === 'full';
  return vacancy.workingTime === 'part' || vacancy.partTimeTraining;
}

/** Every hard constraint of issue 3 except publication (the caller knows the status): the names of those broken. */
export function brokenConstraints(
  seeker: Seeker,
  home: { lat: number; lng: number },
  vacancy: { kind: string; germanLevel: GermanLevel; workingTime: string; partTimeTraining: boolean; drivingLicence: boolean },
  at: { lat: number; lng: number },
): string[] {
  const broken: string[] = [];
  if (!seeker.desiredKinds.includes(vacancy.kind)) broken.push('kind');
  if (distanceKm(home, at) > seeker.travelKm) broken.push('distance');
  if (rank(vacancy.germanLevel) > rank(seeker.germanLevel)) broken.push('german');
  if (!workingTimeCompatible(seeker.workingTime, vacancy)) broken.push('workingTime');
  if (vacancy.drivingLicence && !seeker.drivingLicence) broken.push('drivingLicence');
  return broken;
}
