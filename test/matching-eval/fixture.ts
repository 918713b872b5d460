import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GERMAN_LEVELS, distanceKm, type GermanLevel } from '../../server/domain.ts';
import type { SupportOption } from '../../server/db/database.ts';
import type { MenteeInput } from '../../server/mentees/schemas.ts';
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

export type EvalProfile = MenteeInput & {
  key: string;
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

export function menteeInput(p: EvalProfile): MenteeInput {
  const { key: _key, about: _about, judgements: _judgements, ...input } = p;
  return input;
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
