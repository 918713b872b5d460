import { germanLevelRank, type GermanLevel } from '../server/domain.ts';
import { addDays } from '../server/time/calendar.ts';

/**
 * A German course in progress closes a German gap when it ends in time: before the vacancy starts,
 * or, for a vacancy without a start date (or "as soon as possible"), within COURSE_WEEKS_WITHOUT_START
 * weeks from today. A course that has already ended counts no more: the mentor records the level
 * reached instead. Pure.
 */
export const COURSE_WEEKS_WITHOUT_START = 8;

/** The public page of the federal job-related German courses (Berufssprachkurse, BAMF); it leads to the course search. */
export const BERUFSSPRACHKURS_URL = 'https://www.bamf.de/DE/Themen/Integration/ZugewanderteTeilnehmende/DeutschBeruf/deutsch-beruf.html';

export interface GermanCourse {
  germanCourseLevel: GermanLevel | null;
  germanCourseEnd: string | null;
}

export interface CourseCover {
  level: GermanLevel;
  /** The month the level is expected, "2027-03". */
  expected: string;
  /** Which rule applied: the vacancy's start date, or the weeks from today. */
  rule: 'before_start' | 'within_weeks';
}

/** The course that lifts the mentee to the vacancy's level in time, or null. */
export function courseCovers(
  mentee: GermanCourse & { germanLevel: GermanLevel },
  vacancy: { germanLevelRank: number; startDate?: string | null; startAsap?: boolean },
  today: string,
): CourseCover | null {
  const { germanCourseLevel: level, germanCourseEnd: end } = mentee;
  if (!level || !end || end < today) return null;
  if (vacancy.germanLevelRank <= germanLevelRank(mentee.germanLevel) || vacancy.germanLevelRank > germanLevelRank(level)) return null;
  const dated = Boolean(vacancy.startDate) && !vacancy.startAsap;
  const deadline = dated ? vacancy.startDate! : addDays(today, COURSE_WEEKS_WITHOUT_START * 7);
  if (end > deadline) return null;
  return { level, expected: end.slice(0, 7), rule: dated ? 'before_start' : 'within_weeks' };
}
