import type { RawFigures } from './queries.ts';

/**
 * Statistical disclosure control: the one rule that turns raw counts into the values anyone outside
 * the database sees (page, JSON, charts and CSV all show what `publishFigures` returns). The threat
 * it answers and its limits are in server/figures/README.md.
 *
 * - Every count is rounded DOWN to a multiple of 5, so a shown 10 means 10 to 14. Rounding down (not to
 *   the nearest) gives every shown value the same five possibilities, "< 5" included.
 * - A count of 0 to 4 shows as "< 5": 0 too, because an exact 0 beside a "< 5" would tell that someone is there.
 * - Shares are computed from the shown counts (they add nothing to them) and shown only over a base of
 *   at least 20; the median only over at least 10 placements. Otherwise they are null ("–").
 *
 * Every two shown counts therefore differ by a multiple of 5 (or one of them is "< 5"): no pair of
 * allowed requests, however they overlap, can differ by 1 to 4 in any cell.
 */

/** What a count of 0 to 4 shows instead of a number. */
export const SUPPRESSED = '< 5';
/** A shown count: a multiple of 5 (at least 5), or the marker. */
export type Shown = number | typeof SUPPRESSED;
/** A shown share (whole %) or median (whole days); null when its base is too small to show it. */
export type Derived = number | null;

/** Counts are shown as multiples of this. */
export const ROUNDING_BASE = 5;
/** A share is shown only when its base (as shown) is at least this. */
export const SHARE_MIN_BASE = 20;
/** A median is shown only when it is taken over at least this many placements. */
export const MEDIAN_MIN_BASE = 10;

export interface PlacementCells {
  count: Shown;
  sociallyInsured: Shown;
  qualificationAdequate: Shown;
}

/** The figures as anyone outside the database sees them. */
export interface Figures {
  menteesAccompanied: Shown;
  women: Shown;
  womenShare: Derived;
  withoutQualification: Shown;
  withoutQualificationShare: Derived;
  employersAdvised: Shown;
  placements: { job: PlacementCells; apprenticeship: PlacementCells; total: PlacementCells };
  sixMonthsDue: Shown;
  sustained: Shown;
  sustainedShare: Derived;
  followUpContacts: Shown;
  medianDaysToPlacement: Derived;
}

/** A count rounded down to a multiple of 5; 0 to 4 show as "< 5". */
export function publishCount(n: number): Shown {
  const rounded = Math.floor(n / ROUNDING_BASE) * ROUNDING_BASE;
  return rounded === 0 ? SUPPRESSED : rounded;
}

/** A share in whole % of two shown counts; null unless the numerator is shown and the base is at least 20. */
export function publishShare(numerator: Shown, denominator: Shown): Derived {
  if (numerator === SUPPRESSED || denominator === SUPPRESSED || denominator < SHARE_MIN_BASE) return null;
  return Math.round((numerator / denominator) * 100);
}

/** A median in whole days, only over at least 10 placements (with fewer, one person's value would stand out). */
export function publishMedian(median: number | null, base: number): Derived {
  return median === null || base < MEDIAN_MIN_BASE ? null : Math.round(median);
}

/**
 * The one place raw figures become published ones. A breakdown cell depends on its count: a kind's
 * insured and adequate placements are hidden whenever the kind's count is (they cannot be larger, and
 * saying so keeps the rule visible). Totals are rounded from the raw total, not summed from rounded parts.
 */
export function publishFigures(raw: RawFigures): Figures {
  const cells = (count: number, insured: number, adequate: number): PlacementCells => {
    const shownCount = publishCount(count);
    if (shownCount === SUPPRESSED) return { count: SUPPRESSED, sociallyInsured: SUPPRESSED, qualificationAdequate: SUPPRESSED };
    return { count: shownCount, sociallyInsured: publishCount(insured), qualificationAdequate: publishCount(adequate) };
  };
  const mentees = publishCount(raw.menteesAccompanied);
  const women = publishCount(raw.women);
  const withoutQualification = publishCount(raw.withoutQualification);
  const sixMonthsDue = publishCount(raw.sixMonthsDue);
  const sustained = publishCount(raw.sustained);
  return {
    menteesAccompanied: mentees,
    women,
    womenShare: publishShare(women, mentees),
    withoutQualification,
    withoutQualificationShare: publishShare(withoutQualification, mentees),
    employersAdvised: publishCount(raw.employersAdvised),
    placements: {
      job: cells(raw.jobs, raw.jobsSociallyInsured, raw.jobsQualificationAdequate),
      apprenticeship: cells(raw.apprenticeships, raw.apprenticeshipsSociallyInsured, raw.apprenticeshipsQualificationAdequate),
      total: cells(
        raw.jobs + raw.apprenticeships,
        raw.jobsSociallyInsured + raw.apprenticeshipsSociallyInsured,
        raw.jobsQualificationAdequate + raw.apprenticeshipsQualificationAdequate,
      ),
    },
    sixMonthsDue,
    sustained,
    sustainedShare: publishShare(sustained, sixMonthsDue),
    followUpContacts: publishCount(raw.followUpContacts),
    medianDaysToPlacement: publishMedian(raw.medianDaysToPlacement, raw.medianBase),
  };
}
