/**
 * The life of an introduction (docs/design.md §3): who may move it where.
 *
 *   proposed ─▶ interested ─▶ interview ─▶ trial ─▶ placed
 *      │            │             │          │
 *      └────────────┴─────────────┴──────────┴──▶ declined (employer) | withdrawn (mentor)
 *
 * The employer answers: interested, interview (with a date; a new date while
 * in interview reschedules it), trial work (with a date), or decline (with a
 * reason). Steps may be skipped forwards (an employer may invite to an
 * interview straight away) but never go back. The mentor withdraws, or
 * records the outcome (placed) once the employer has answered with interest.
 * placed, declined and withdrawn are final.
 */
export const INTRODUCTION_STATUSES = ['proposed', 'interested', 'interview', 'trial', 'placed', 'declined', 'withdrawn'] as const;
export type IntroductionStatus = (typeof INTRODUCTION_STATUSES)[number];

export const EMPLOYER_ANSWERS = ['interested', 'interview', 'trial', 'decline'] as const;
export type EmployerAnswer = (typeof EMPLOYER_ANSWERS)[number];

export const DECLINE_REASONS = [
  'position_filled',
  'qualification',
  'german_level',
  'availability',
  'distance',
  'no_show',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export type Actor = 'employer' | 'mentor';
export type Step = EmployerAnswer | 'withdraw' | 'place';

export const OPEN_STATUSES: readonly IntroductionStatus[] = ['proposed', 'interested', 'interview', 'trial'];
export const FINAL_STATUSES: readonly IntroductionStatus[] = ['placed', 'declined', 'withdrawn'];

const ORDER: Record<IntroductionStatus, number> = {
  proposed: 0,
  interested: 1,
  interview: 2,
  trial: 3,
  placed: 4,
  declined: 5,
  withdrawn: 5,
};

/** The status a step leads to. */
export function targetOf(step: Step): IntroductionStatus {
  switch (step) {
    case 'decline':
      return 'declined';
    case 'withdraw':
      return 'withdrawn';
    case 'place':
      return 'placed';
    default:
      return step;
  }
}

/** Who takes a step. */
export function actorOf(step: Step): Actor {
  return step === 'withdraw' || step === 'place' ? 'mentor' : 'employer';
}

/** Whether `step` is allowed from `status`. */
export function canTake(status: IntroductionStatus, step: Step): boolean {
  if (!OPEN_STATUSES.includes(status)) return false;
  switch (step) {
    case 'withdraw':
    case 'decline':
      return true;
    case 'place':
      return status !== 'proposed';
    case 'interview':
      return ORDER[status] <= ORDER.interview; // again while in interview: a new date
    default:
      return ORDER[targetOf(step)] > ORDER[status];
  }
}

/** The steps `actor` can take from `status`, in the order forms offer them. */
export function stepsFor(status: IntroductionStatus, actor: Actor): Step[] {
  const all: Step[] = actor === 'employer' ? ['interested', 'interview', 'trial', 'decline'] : ['place', 'withdraw'];
  return all.filter((step) => canTake(status, step));
}
