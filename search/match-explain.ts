import { germanLevelRank } from '../server/domain.ts';
import { BERUFSSPRACHKURS_URL, courseCovers } from './german-course-rules.ts';
import type { MatchMentee } from './mentee-shape.ts';
import { qualificationFactor, qualificationOutcome } from './qualification-rules.ts';
import type { VacancyDocument } from './vacancy-index.ts';
import { workPermitRule } from './work-permit-rules.ts';

/**
 * One code path for both directions (mentee → vacancies, vacancy → mentees):
 * whether a pair fits, as a match or a stretch, why, and how well. Pure: no I/O.
 */

export type CriterionName =
  'occupation' | 'kind' | 'distance' | 'german' | 'workingTime' | 'drivingLicence' | 'qualification' | 'workPermit';
/** partial: the qualification is there but not (yet) recognised (search/qualification-rules.ts). */
export type CriterionStatus = 'met' | 'partial' | 'stretched' | 'not_needed' | 'unmet';
/** Raw values (numbers, codes, levels); pages and JSON turn them into sentences. */
export type CriterionValues = Record<string, string | number | boolean | null>;
export interface Criterion {
  name: CriterionName;
  status: CriterionStatus;
  detail: CriterionValues;
}

/** What matching needs of a mentee (declared in mentee-shape.ts). */
export type { MatchMentee };

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
  // Support and start date: whether it trains people without the qualification, and whether a German course ends in time (issue 15).
  Partial<Pick<VacancyDocument, 'weeklyHours' | 'support' | 'startDate' | 'startAsap'>>;

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
 * (German one level above, up to 1.5 × the travel distance, or a
 * qualification the mentee lacks or that a regulated job needs recognised);
 * anything else does not fit. A German course that ends in time closes the
 * German gap (german-course-rules.ts). Expiry and status are the caller's filters.
 */
export function classify(mentee: MatchMentee, vacancy: MatchVacancy, km: number, today: string): 'match' | 'stretch' | null {
  if (!hardConstraintsFit(mentee, vacancy)) return null;
  const level = germanLevelRank(mentee.germanLevel);
  const germanOk = vacancy.germanLevelRank <= level || courseCovers(mentee, vacancy, today) !== null;
  const germanStretch = vacancy.germanLevelRank === level + 1;
  if (!germanOk && !germanStretch) return null;
  if (km > mentee.travelKm * STRETCH_DISTANCE_FACTOR) return null;
  const broken = [!germanOk, km > mentee.travelKm, qualificationOutcome(mentee, vacancy).status === 'stretched'].filter(Boolean).length;
  return broken === 0 ? 'match' : broken === 1 ? 'stretch' : null;
}

/**
 * Nearer ranks higher among equals: the relevance times 0.8–1.0 by distance (less beyond the radius),
 * times the qualification's factor (met 1 … lacking 0.9: search/qualification-rules.ts).
 */
export function score(relevance: Relevance, km: number, travelKm: number, factor = 1): number {
  const share = travelKm > 0 ? km / travelKm : 0;
  return Math.round(relevance.weight * (0.8 + 0.2 * (1 - share)) * factor * 1000) / 1000;
}

/** The score of a pair with everything the pair itself says (the qualification's factor). */
export function pairScore(mentee: MatchMentee, vacancy: MatchVacancy, relevance: Relevance, km: number): number {
  return score(relevance, km, mentee.travelKm, qualificationFactor(qualificationOutcome(mentee, vacancy), mentee));
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
export function explain(mentee: MatchMentee, vacancy: MatchVacancy, relevance: Relevance, km: number, today: string): Criterion[] {
  const menteeRank = germanLevelRank(mentee.germanLevel);
  const course = courseCovers(mentee, vacancy, today);
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
    germanCriterion(mentee, vacancy, menteeRank, course),
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
    qualificationCriterion(mentee, vacancy),
    workPermitCriterion(mentee, vacancy),
  ];
}

/** Met, met through a course that ends in time, one level short (with where to find a course), or further off. */
function germanCriterion(
  mentee: MatchMentee,
  vacancy: MatchVacancy,
  menteeRank: number,
  course: ReturnType<typeof courseCovers>,
): Criterion {
  const detail = { mentee: mentee.germanLevel, required: vacancy.germanLevel };
  if (vacancy.germanLevelRank === 0) return { name: 'german', status: 'not_needed', detail };
  if (vacancy.germanLevelRank <= menteeRank) return { name: 'german', status: 'met', detail };
  if (course)
    return { name: 'german', status: 'met', detail: { ...detail, course: course.level, expected: course.expected, rule: course.rule } };
  const status = vacancy.germanLevelRank === menteeRank + 1 ? 'stretched' : 'unmet';
  return { name: 'german', status, detail: { ...detail, courseUrl: BERUFSSPRACHKURS_URL } };
}

function qualificationCriterion(mentee: MatchMentee, vacancy: MatchVacancy): Criterion {
  const outcome = qualificationOutcome(mentee, vacancy);
  return {
    name: 'qualification',
    status: outcome.status,
    detail: {
      required: vacancy.qualification,
      has: mentee.qualification,
      academic: mentee.academic,
      reason: outcome.reason,
      ...(outcome.law ? { law: outcome.law } : {}),
      ...(outcome.finderUrl ? { finderUrl: outcome.finderUrl } : {}),
    },
  };
}

/** One line from the rules table: what the status means for this kind of vacancy, and on which provisions. */
function workPermitCriterion(mentee: MatchMentee, vacancy: MatchVacancy): Criterion {
  const rule = workPermitRule(mentee.workPermit, vacancy.kind);
  return {
    name: 'workPermit',
    status: rule.outcome === 'allowed' ? 'met' : 'unmet',
    detail: { value: mentee.workPermit, kind: vacancy.kind, outcome: rule.outcome, source: rule.source },
  };
}
