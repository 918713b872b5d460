import { germanLevelRank } from '../server/domain.ts';
import type { MenteeProfile } from '../server/mentees/types.ts';
import type { VacancyDocument } from './vacancy-index.ts';

/**
 * One code path for both directions (mentee → vacancies, vacancy → mentees):
 * whether a pair fits, as a match or a stretch, why, and how well. Pure: no I/O.
 */

export type CriterionName =
  'occupation' | 'kind' | 'distance' | 'german' | 'workingTime' | 'drivingLicence' | 'qualification' | 'workPermit';
export type CriterionStatus = 'met' | 'stretched' | 'not_needed' | 'unmet';
/** Raw values (numbers, codes, levels); pages and JSON turn them into sentences. */
export type CriterionValues = Record<string, string | number | boolean | null>;
export interface Criterion {
  name: CriterionName;
  status: CriterionStatus;
  detail: CriterionValues;
}

/** What matching needs of a mentee. */
export type MatchMentee = Pick<
  MenteeProfile,
  | 'germanLevel'
  | 'location'
  | 'travelKm'
  | 'workingTime'
  | 'drivingLicence'
  | 'qualification'
  | 'academic'
  | 'workPermit'
  | 'desiredOccupations'
  | 'desiredKinds'
  | 'experience'
>;

/** What matching needs of a vacancy. */
export type MatchVacancy = Pick<
  VacancyDocument,
  | 'kind'
  | 'occupationCode'
  | '_geo'
  | 'germanLevel'
  | 'germanLevelRank'
  | 'workingTime'
  | 'partTimeTraining'
  | 'drivingLicence'
  | 'qualification'
> &
  // Explained, never a constraint: a part-time seeker reads how many hours the vacancy means (issue 12).
  Partial<Pick<VacancyDocument, 'weeklyHours'>>;

/** How the vacancy's occupation relates to the mentee's wishes, strongest first. */
export type RelevanceKind = 'desired' | 'same_field' | 'experience' | 'text' | 'other';
export interface Relevance {
  kind: RelevanceKind;
  /** 0–1: 1.0 desired, 0.8 same field, 0.7 experience, 0.6 × text score, 0.3 other (reverse only). */
  weight: number;
  /** The mentee's code it relates to (desired or experience occupation), if any. */
  related: string | null;
  years?: number;
  textScore?: number;
}

export const TIER_WEIGHTS = { desired: 1, same_field: 0.8, experience: 0.7, text: 0.6, other: 0.3 } as const;
/** A stretch may go this far beyond the travel distance. */
export const STRETCH_DISTANCE_FACTOR = 1.5;

/** Part-time seekers also fit full-time apprenticeships that can be done part-time. */
export function workingTimeFits(
  mentee: MatchMentee['workingTime'],
  vacancy: Pick<MatchVacancy, 'workingTime' | 'partTimeTraining'>,
): boolean {
  if (mentee === 'either' || vacancy.workingTime === 'either') return true;
  if (mentee === 'full') return vacancy.workingTime === 'full';
  return vacancy.workingTime === 'part' || vacancy.partTimeTraining;
}

/** The constraints that are never relaxed: kind, working time, driving licence. */
export function hardConstraintsFit(mentee: MatchMentee, vacancy: MatchVacancy): boolean {
  return (
    mentee.desiredKinds.includes(vacancy.kind) &&
    workingTimeFits(mentee.workingTime, vacancy) &&
    (mentee.drivingLicence || !vacancy.drivingLicence)
  );
}

/**
 * A match keeps every constraint; a stretch breaks exactly one soft one
 * (German one level above, or up to 1.5 × the travel distance); anything else
 * does not fit. Expiry and status are the caller's filters.
 */
export function classify(mentee: MatchMentee, vacancy: MatchVacancy, km: number): 'match' | 'stretch' | null {
  if (!hardConstraintsFit(mentee, vacancy)) return null;
  const level = germanLevelRank(mentee.germanLevel);
  const germanOk = vacancy.germanLevelRank <= level;
  const germanStretch = vacancy.germanLevelRank === level + 1;
  const near = km <= mentee.travelKm;
  const reachable = km <= mentee.travelKm * STRETCH_DISTANCE_FACTOR;
  if (germanOk && near) return 'match';
  if ((germanStretch && near) || (germanOk && reachable)) return 'stretch';
  return null;
}

/** Nearer ranks higher among equals: the relevance times 0.8–1.0 by distance (less beyond the radius). */
export function score(relevance: Relevance, km: number, travelKm: number): number {
  const share = travelKm > 0 ? km / travelKm : 0;
  return Math.round(relevance.weight * (0.8 + 0.2 * (1 - share)) * 1000) / 1000;
}

/** How a vacancy's occupation relates to a mentee's desired occupations and experience (no text search). */
export function codeRelevance(mentee: Pick<MatchMentee, 'desiredOccupations' | 'experience'>, occupationCode: string): Relevance | null {
  if (mentee.desiredOccupations.includes(occupationCode)) {
    // Among wished occupations, the one the person has already worked in fits best.
    const experienced = mentee.experience.some((e) => e.occupation === occupationCode);
    return { kind: 'desired', weight: experienced ? TIER_WEIGHTS.desired : TIER_WEIGHTS.desired - 0.05, related: occupationCode };
  }
  const sameField = mentee.desiredOccupations.find((code) => code.slice(0, 4) === occupationCode.slice(0, 4));
  if (sameField) {
    // The fifth KldB digit is the level (helper … expert): the further from the wish, the weaker the fit.
    const levels = Math.abs(Number(occupationCode[4]) - Number(sameField[4]));
    const weight = Math.max(TIER_WEIGHTS.same_field - 0.1 * Math.max(levels - 1, 0), 0.5);
    return { kind: 'same_field', weight: Math.round(weight * 100) / 100, related: sameField };
  }
  const experience = mentee.experience.find((e) => e.occupation === occupationCode);
  if (experience) return { kind: 'experience', weight: TIER_WEIGHTS.experience, related: experience.occupation, years: experience.years };
  return null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One line per criterion, in a fixed order, with the numbers behind it. */
export function explain(mentee: MatchMentee, vacancy: MatchVacancy, relevance: Relevance, km: number): Criterion[] {
  const menteeRank = germanLevelRank(mentee.germanLevel);
  return [
    {
      name: 'occupation',
      status: relevance.kind === 'other' ? 'unmet' : 'met',
      detail: {
        kind: relevance.kind,
        code: vacancy.occupationCode,
        related: relevance.related,
        ...(relevance.years !== undefined ? { years: relevance.years } : {}),
        ...(relevance.textScore !== undefined ? { textScore: relevance.textScore } : {}),
      },
    },
    { name: 'kind', status: mentee.desiredKinds.includes(vacancy.kind) ? 'met' : 'unmet', detail: { kind: vacancy.kind } },
    {
      name: 'distance',
      status: km <= mentee.travelKm ? 'met' : km <= mentee.travelKm * STRETCH_DISTANCE_FACTOR ? 'stretched' : 'unmet',
      detail: { km: round1(km), travelKm: mentee.travelKm, stretchKm: round1(mentee.travelKm * STRETCH_DISTANCE_FACTOR) },
    },
    {
      name: 'german',
      status:
        vacancy.germanLevelRank === 0
          ? 'not_needed'
          : vacancy.germanLevelRank <= menteeRank
            ? 'met'
            : vacancy.germanLevelRank === menteeRank + 1
              ? 'stretched'
              : 'unmet',
      detail: { mentee: mentee.germanLevel, required: vacancy.germanLevel },
    },
    {
      name: 'workingTime',
      status: vacancy.workingTime === 'either' ? 'not_needed' : workingTimeFits(mentee.workingTime, vacancy) ? 'met' : 'unmet',
      detail: {
        mentee: mentee.workingTime,
        vacancy: vacancy.workingTime,
        partTimeTraining: vacancy.partTimeTraining,
        weeklyHours: vacancy.weeklyHours ?? null,
      },
    },
    {
      name: 'drivingLicence',
      status: !vacancy.drivingLicence ? 'not_needed' : mentee.drivingLicence ? 'met' : 'unmet',
      detail: { required: vacancy.drivingLicence, has: mentee.drivingLicence },
    },
    qualificationCriterion(mentee, vacancy.qualification),
    { name: 'workPermit', status: mentee.workPermit === 'yes' ? 'met' : 'unmet', detail: { value: mentee.workPermit } },
  ];
}

function qualificationCriterion(mentee: MatchMentee, required: string): Criterion {
  const detail = { required, has: mentee.qualification, academic: mentee.academic };
  if (required === 'academic') return { name: 'qualification', status: mentee.academic ? 'met' : 'unmet', detail };
  if (required === 'vocational') {
    const status = mentee.qualification === 'recognised' ? 'met' : mentee.qualification === 'recognition_pending' ? 'stretched' : 'unmet';
    return { name: 'qualification', status, detail };
  }
  return { name: 'qualification', status: 'not_needed', detail };
}
