import { z } from 'zod';
import {
  AGE_BANDS,
  GENDERS,
  GERMAN_LEVELS,
  KINDS,
  MENTEE_QUALIFICATIONS,
  SCHOOLING,
  SEARCHER_GERMAN_LEVELS,
  TRAVEL_KM_MAX,
  WORK_PERMITS,
  WORKING_TIMES,
} from '../domain.ts';
import { checkbox, list, optionalDate, textWithout } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { LOCALES } from '../i18n/index.ts';

/*
 * E-mail addresses and phone numbers have no place in a pseudonymous profile's notes, nor in messages
 * that travel between mentor and employer. These patterns see user text, so each runs in time linear
 * in its length (checked by eslint-plugin-regexp and timed in test/security/redos.test.ts):
 *
 * EMAIL: one character before the "@" is enough to call it an address. The former `[^\s@<>]+@` let the
 * engine run, from every start, to the end of a word without "@": 260,000 letters took 53 s. After the
 * "@" the run stops at the next "@", so no character is scanned for more than one "@".
 * PHONE: every repeat starts at a "+", at a "0" or digit after a word boundary; a failing run holds no
 * further start, so each character is passed over a bounded number of times.
 * DATE: bounded quantifiers only.
 */
const EMAIL = /[^\s@<>]@[^\s@<>]+\.[a-z]{2}/i;
const PHONE = /(?:\+|\b0)\d[\d\s/().-]{5,}\d|\b\d(?:[\s/().-]?\d){8,}\b/;

/** Dates as Germans write them (01.09.2025) are not phone numbers. */
const DATE = /\b\d{1,2}\.\d{1,2}\.\d{2,4}\b/g;

export function containsContactData(text: string): boolean {
  return EMAIL.test(text) || PHONE.test(text.replace(DATE, ' '));
}

/** "Title (51312)" from the form's list, or a bare code. */
const occupationCode = (message: string) =>
  z.preprocess((v) => (typeof v === 'string' ? (/\((\d{5})\)\s*$/.exec(v)?.[1] ?? v.trim()) : v), z.string().regex(/^\d{5}$/, message));

/**
 * Form bodies send experience as parallel lists (experienceOccupation, experienceYears);
 * JSON clients send `experience: [{ occupation, years }]`. Blank rows are dropped.
 */
function experienceFrom(body: Record<string, unknown>): unknown {
  if (Array.isArray(body.experience)) return body.experience;
  const asList = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const occupations = asList(body.experienceOccupation);
  const years = asList(body.experienceYears);
  return occupations
    .map((occupation, i) => ({ occupation, years: years[i] }))
    .filter((row) => String(row.occupation ?? '').trim() !== '' || String(row.years ?? '').trim() !== '');
}

const MenteeFields = z.object({
  gender: z.enum(GENDERS, { message: 'mentee.errors.gender' }),
  // May be left open ("Keine Angabe", sent as ''): nothing reads it (not matching, figures or the employer's card).
  ageBand: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(AGE_BANDS, { message: 'mentee.errors.ageBand' }).nullable(),
  ),
  germanLevel: z.enum(GERMAN_LEVELS, { message: 'mentee.errors.germanLevel' }),
  otherLanguages: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    // Employers see these on the profile card: the same guard as the notes keeps contact data off it.
    z
      .array(
        textWithout(40, 'mentee.errors.otherLanguages', containsContactData, 'mentee.errors.otherLanguages').pipe(
          z.string().min(2, 'mentee.errors.otherLanguages'),
        ),
      )
      .max(10, 'mentee.errors.otherLanguages'),
  ),
  schooling: z.enum(SCHOOLING, { message: 'mentee.errors.schooling' }),
  qualification: z.enum(MENTEE_QUALIFICATIONS, { message: 'mentee.errors.qualification' }),
  academic: checkbox,
  experience: z
    .array(
      z.object({
        occupation: occupationCode('mentee.errors.experienceOccupation'),
        // "1,5" as Germans write it; blank is not zero
        years: z.preprocess(
          (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().replace(',', '.')) : v),
          z.coerce
            .number({ message: 'mentee.errors.experienceYears' })
            .min(0, 'mentee.errors.experienceYears')
            .max(50, 'mentee.errors.experienceYears'),
        ),
      }),
      { message: 'mentee.errors.experience' },
    )
    .max(5, 'mentee.errors.experience'),
  desiredOccupations: z.preprocess(
    (v) =>
      (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter((item) => typeof item !== 'string' || item.trim() !== ''),
    z
      .array(occupationCode('mentee.errors.desiredOccupations'))
      .min(1, 'mentee.errors.desiredOccupations')
      .max(5, 'mentee.errors.desiredOccupationsMax'),
  ),
  desiredKinds: list(z.enum(KINDS, { message: 'mentee.errors.desiredKinds' })).pipe(
    z.array(z.enum(KINDS)).min(1, 'mentee.errors.desiredKinds'),
  ),
  homeTown: z.string({ message: 'mentee.errors.homeTown' }).trim().min(1, 'mentee.errors.homeTown').max(100, 'mentee.errors.homeTown'),
  // A cleared field is no distance (z.coerce would read it as 0 km).
  travelKm: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ message: 'mentee.errors.travelKm' })
      .int('mentee.errors.travelKm')
      .min(0, 'mentee.errors.travelKm')
      .max(TRAVEL_KM_MAX, 'mentee.errors.travelKm'),
  ),
  workingTime: z.enum(WORKING_TIMES, { message: 'mentee.errors.workingTime' }),
  drivingLicence: checkbox,
  workPermit: z.enum(WORK_PERMITS, { message: 'mentee.errors.workPermit' }),
  // A German course in progress (issue 15): blank means none; checked against each other in germanCourseProblems.
  germanCourseLevel: z.preprocess(
    (v) => v || null,
    z.enum(SEARCHER_GERMAN_LEVELS, { message: 'mentee.errors.germanCourseLevel' }).nullable(),
  ),
  germanCourseEnd: optionalDate('mentee.errors.germanCourseEnd'),
  consent: checkbox,
  locale: z.preprocess((v) => v || 'de', z.enum(LOCALES, { message: 'mentee.errors.locale' })),
  notes: textWithout(2000, 'mentee.errors.notesLong', containsContactData, 'mentee.errors.notesContact'),
});

/** A course needs both its level and its end; the level lies above the current one; it ends after today and within two years. */
const COURSE_MAX_DAYS = 2 * 366;
function germanCourseProblems(m: z.infer<typeof MenteeFields>, ctx: z.RefinementCtx): void {
  const { germanCourseLevel: level, germanCourseEnd: end } = m;
  if (level && !end) ctx.addIssue({ code: 'custom', path: ['germanCourseEnd'], message: 'mentee.errors.germanCourseEndMissing' });
  if (end && !level) ctx.addIssue({ code: 'custom', path: ['germanCourseLevel'], message: 'mentee.errors.germanCourseLevelMissing' });
  if (level && GERMAN_LEVELS.indexOf(level) <= GERMAN_LEVELS.indexOf(m.germanLevel))
    ctx.addIssue({ code: 'custom', path: ['germanCourseLevel'], message: 'mentee.errors.germanCourseLevelNotAbove' });
  if (end) {
    const today = todayInBerlin();
    const latest = new Date(Date.parse(`${today}T00:00:00Z`) + COURSE_MAX_DAYS * 86_400_000).toISOString().slice(0, 10);
    if (end <= today) ctx.addIssue({ code: 'custom', path: ['germanCourseEnd'], message: 'mentee.errors.germanCourseEndPast' });
    else if (end > latest) ctx.addIssue({ code: 'custom', path: ['germanCourseEnd'], message: 'mentee.errors.germanCourseEndFar' });
  }
}

export const MenteeInput = z.preprocess(
  (body) =>
    body && typeof body === 'object'
      ? { ...(body as Record<string, unknown>), experience: experienceFrom(body as Record<string, unknown>) }
      : body,
  MenteeFields.superRefine(germanCourseProblems),
);
export type MenteeInput = z.infer<typeof MenteeFields>;

export const MENTEE_FIELDS = [
  'gender',
  'ageBand',
  'germanLevel',
  'otherLanguages',
  'schooling',
  'qualification',
  'academic',
  'experience',
  'desiredOccupations',
  'desiredKinds',
  'homeTown',
  'travelKm',
  'workingTime',
  'drivingLicence',
  'workPermit',
  'germanCourseLevel',
  'germanCourseEnd',
  'consent',
  'locale',
  'notes',
] as const;

/** Mentee ids carry 128 random bits, written like a UUID. */
export const MenteeId = z.object({ id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });

export const MenteeListQuery = z.object({
  // No status means active, an empty one means all. Not `.optional()` inside: zod would then skip a missing key and show all.
  status: z
    .preprocess((v) => (v === undefined ? 'active' : v === '' ? 'all' : v), z.enum(['all', 'active', 'placed', 'closed']))
    .catch('active')
    .transform((s) => (s === 'all' ? undefined : s)),
  germanLevel: z.preprocess((v) => v || undefined, z.enum(GERMAN_LEVELS).optional()).catch(undefined),
  kind: z.preprocess((v) => v || undefined, z.enum(KINDS).optional()).catch(undefined),
  // All or part of a pseudonym code as typed ("mt-4k7", " 4K7QX "); the query compares letters and digits only.
  code: z
    .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(40).optional())
    .catch(undefined),
});
