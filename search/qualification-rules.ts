import { regulationOf, RECOGNITION_FINDER_URL } from '../server/occupations/regulated.ts';
import type { MatchMentee } from './mentee-shape.ts';

/**
 * Whether a mentee brings the qualification a vacancy asks for (issue 15). Pure.
 *
 * - met: recognised (or the vacancy trains people without it: an apprenticeship, or the employer's
 *   support option "trains_without_qualification").
 * - partial: recognition pending, or a foreign qualification not recognised. Still a match (outside
 *   regulated occupations recognition is not required to work), ranked below met.
 * - stretched: lacking it. A stretch match ("knapp daneben"), never a match.
 * - A job in a regulated occupation (server/occupations/regulated.json) needs recognition to be
 *   practised at all: without it the job is a stretch, with the hint to the recognition finder.
 *   Apprenticeships and the helper occupations of the field have codes of their own and stay matches.
 */

export type QualificationStatus = 'met' | 'partial' | 'stretched' | 'not_needed';
/** Why, as the explanation's sentence key (matching.criteria.qualification.<reason>). */
export type QualificationReason =
  | 'none_required'
  | 'trains'
  | 'vocational_recognised'
  | 'vocational_pending'
  | 'vocational_unrecognised'
  | 'vocational_missing'
  | 'academic_recognised'
  | 'academic_pending'
  | 'academic_unrecognised'
  | 'academic_missing'
  | 'regulated_recognised'
  | 'regulated_pending'
  | 'regulated_unrecognised'
  | 'regulated_missing';

export interface QualificationOutcome {
  status: QualificationStatus;
  reason: QualificationReason;
  /** The law that regulates the occupation, for a regulated job. */
  law?: string;
  /** Where to find the authority that recognises it. */
  finderUrl?: string;
}

type Held = 'recognised' | 'pending' | 'unrecognised' | 'none';

/** The state of the mentee's qualification; a degree without a stated vocational status counts as foreign, not recognised. */
function held(mentee: Pick<MatchMentee, 'qualification' | 'academic'>): Held {
  switch (mentee.qualification) {
    case 'recognised':
      return 'recognised';
    case 'recognition_pending':
      return 'pending';
    case 'foreign_unrecognised':
      return 'unrecognised';
    case 'none':
      return mentee.academic ? 'unrecognised' : 'none';
  }
}

/** Ranking factor per status: met above partial (pending above not recognised) above a requirement the mentee lacks. */
export const QUALIFICATION_FACTORS = {
  met: 1,
  pending: 0.97,
  unrecognised: 0.96,
  /** A job that asks for no qualification, offered to someone who has one: fits, a little less than one that uses it. */
  belowQualification: 0.95,
  stretched: 0.9,
} as const;

export interface QualificationVacancy {
  kind: 'job' | 'apprenticeship';
  occupationCode: string;
  qualification: string;
  support?: readonly string[];
}

export function qualificationOutcome(
  mentee: Pick<MatchMentee, 'qualification' | 'academic'>,
  vacancy: QualificationVacancy,
): QualificationOutcome {
  const has = held(mentee);
  const regulation = vacancy.kind === 'job' ? regulationOf(vacancy.occupationCode) : undefined;
  if (regulation) {
    const law = regulation.law;
    if (has === 'recognised') return { status: 'met', reason: 'regulated_recognised', law };
    // Without any qualification there is nothing to recognise: the way in is an apprenticeship or a helper job.
    if (has === 'none') return { status: 'stretched', reason: 'regulated_missing', law };
    return {
      status: 'stretched',
      reason: has === 'pending' ? 'regulated_pending' : 'regulated_unrecognised',
      law,
      finderUrl: RECOGNITION_FINDER_URL,
    };
  }
  const required = vacancy.qualification;
  if (required !== 'vocational' && required !== 'academic') return { status: 'not_needed', reason: 'none_required' };
  const lacks = required === 'academic' ? !mentee.academic : has === 'none';
  const trains = vacancy.kind === 'apprenticeship' || (vacancy.support ?? []).includes('trains_without_qualification');
  if (lacks) return trains ? { status: 'met', reason: 'trains' } : { status: 'stretched', reason: `${required}_missing` };
  if (has === 'recognised') return { status: 'met', reason: `${required}_recognised` };
  return { status: 'partial', reason: has === 'pending' ? `${required}_pending` : `${required}_unrecognised` };
}

/** How the qualification moves the score (see QUALIFICATION_FACTORS). */
export function qualificationFactor(outcome: QualificationOutcome, mentee: Pick<MatchMentee, 'qualification' | 'academic'>): number {
  switch (outcome.status) {
    case 'met':
      return QUALIFICATION_FACTORS.met;
    case 'partial':
      return outcome.reason.endsWith('_pending') ? QUALIFICATION_FACTORS.pending : QUALIFICATION_FACTORS.unrecognised;
    case 'stretched':
      return QUALIFICATION_FACTORS.stretched;
    case 'not_needed':
      return held(mentee) === 'none' ? QUALIFICATION_FACTORS.met : QUALIFICATION_FACTORS.belowQualification;
  }
}
