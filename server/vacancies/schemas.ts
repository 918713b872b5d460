import { z } from 'zod';
import { VACANCY_SORTS } from '../../search/vacancy-search.ts';
import { GERMAN_LEVELS, KINDS, QUALIFICATIONS, RADIUS_CHOICES, SEARCHER_GERMAN_LEVELS, SUPPORT_OPTIONS, WORKING_TIMES } from '../domain.ts';
import { checkbox, list, optionalDate, optionalInt } from '../http/form-values.ts';
import { CONTRACTS, PAY_KINDS, PAY_UNITS, SCHOOL_LEVELS } from './pay.ts';

/** A text field, trimmed, empty when missing; its content is checked only after its length. */
const trimmedUpTo = (max: number, tooLongKey: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) ?? '', z.string({ message: tooLongKey }).max(max, tooLongKey));

/** 2400 · 2.400 · 2400,50 · 13.50 · 13,5 (and a "€" or spaces around): euros as people type them. Linear patterns. */
const GERMAN_THOUSANDS = /^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/;
const PLAIN_AMOUNT = /^\d{1,7}(?:[.,]\d{1,2})?$/;

/** Euros typed in a form (or a JSON number) as cents; null when it is no amount between 0,01 € and 1.000.000 €. */
export function parseCents(text: string): number | null {
  const compact = text.replace(/[\s€]/g, '');
  let decimal: string | null = null;
  if (GERMAN_THOUSANDS.test(compact)) decimal = compact.replaceAll('.', '').replace(',', '.');
  else if (PLAIN_AMOUNT.test(compact)) decimal = compact.replace(',', '.');
  if (decimal === null) return null;
  const cents = Math.round(Number(decimal) * 100);
  return cents >= 1 && cents <= 100_000_000 ? cents : null;
}

/** An optional amount in euros, stored as cents; blank means none. Length first, then content. */
function optionalCents(message: string) {
  return z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v) || null,
    z
      .string({ message })
      .max(20, message)
      .nullable()
      .transform((v, ctx) => {
        if (v === null) return null;
        const cents = parseCents(v);
        if (cents === null) ctx.addIssue({ code: 'custom', message });
        return cents;
      }),
  );
}

/** Hours per week, a half hour at most as a fraction (38,5); blank means none. */
function optionalHours(message: string) {
  return z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v) || null,
    z
      .string({ message })
      .max(5, message)
      .nullable()
      .transform((v, ctx) => {
        if (v === null) return null;
        const hours = /^\d{1,2}(?:[.,]\d)?$/.test(v) ? Number(v.replace(',', '.')) : NaN;
        if (!(hours >= 1 && hours <= 60)) ctx.addIssue({ code: 'custom', message });
        return hours;
      }),
  );
}

/** Digits, spaces, + / - ( ): how office numbers are written ("+49 351 / 123 45-6"), and at least one digit. */
const PHONE_CHARACTERS = /^[\d +/()-]+$/;
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => v || null, z.enum(values, { message }).nullable());

/**
 * Messages are translation keys (views/locales), written for people:
 * they say what to do, not what went wrong in the parser.
 */
export const VacancyInput = z
  .object({
    kind: z.enum(KINDS, { message: 'vacancy.errors.kind' }),
    occupation: z
      .string({ message: 'vacancy.errors.occupation' })
      .trim()
      .min(1, 'vacancy.errors.occupation')
      .max(200, 'vacancy.errors.occupation'),
    title: z.string({ message: 'vacancy.errors.title' }).trim().min(3, 'vacancy.errors.title').max(120, 'vacancy.errors.titleLong'),
    description: z
      .string({ message: 'vacancy.errors.description' })
      .trim()
      .min(30, 'vacancy.errors.description')
      .max(10_000, 'vacancy.errors.descriptionLong'),
    summary: z
      .string({ message: 'vacancy.errors.summary' })
      .trim()
      .min(10, 'vacancy.errors.summary')
      .max(400, 'vacancy.errors.summaryLong'),
    town: z.string({ message: 'vacancy.errors.town' }).trim().min(1, 'vacancy.errors.town').max(100, 'vacancy.errors.town'),
    postcode: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v) || null,
      z
        .string()
        .regex(/^\d{5}$/, 'vacancy.errors.postcode')
        .nullable(),
    ),
    workingTime: z.enum(WORKING_TIMES, { message: 'vacancy.errors.workingTime' }),
    partTimeTraining: checkbox,
    startDate: optionalDate('vacancy.errors.startDate'),
    durationMonths: optionalInt('vacancy.errors.durationMonths', 6, 48),
    germanLevel: z.enum(GERMAN_LEVELS, { message: 'vacancy.errors.germanLevel' }),
    qualification: z.enum(QUALIFICATIONS, { message: 'vacancy.errors.qualification' }),
    drivingLicence: checkbox,
    shiftWork: checkbox,
    support: list(z.enum(SUPPORT_OPTIONS, { message: 'vacancy.errors.support' })),
    expiresAt: optionalDate('vacancy.errors.expiresAt'),
    // Pay (EU Directive 2023/970 Art. 5). Nothing in this form asks about an applicant's pay, then or now.
    payKind: optionalChoice(PAY_KINDS, 'vacancyForm.errors.payKind'),
    payMin: optionalCents('vacancyForm.errors.payAmount'),
    payMax: optionalCents('vacancyForm.errors.payAmount'),
    payUnit: optionalChoice(PAY_UNITS, 'vacancyForm.errors.payUnit'),
    payAgreement: trimmedUpTo(80, 'vacancyForm.errors.payAgreementLong'),
    payGroup: trimmedUpTo(40, 'vacancyForm.errors.payGroupLong'),
    trainingPay1: optionalCents('vacancyForm.errors.trainingPayAmount'),
    trainingPay2: optionalCents('vacancyForm.errors.trainingPayAmount'),
    trainingPay3: optionalCents('vacancyForm.errors.trainingPayAmount'),
    trainingPay4: optionalCents('vacancyForm.errors.trainingPayAmount'),
    // How to apply.
    applyViaMentor: checkbox,
    applyDirect: checkbox,
    contactName: trimmedUpTo(100, 'vacancyForm.errors.contactNameLong'),
    contactEmail: trimmedUpTo(254, 'vacancyForm.errors.contactEmail').pipe(
      z.union([z.literal(''), z.email({ message: 'vacancyForm.errors.contactEmail' })]),
    ),
    contactPhone: trimmedUpTo(30, 'vacancyForm.errors.contactPhone').pipe(
      z.string().refine((v) => v === '' || (PHONE_CHARACTERS.test(v) && /\d/.test(v)), 'vacancyForm.errors.contactPhone'),
    ),
    applicationUrl: trimmedUpTo(500, 'vacancyForm.errors.applicationUrl').pipe(
      z.string().refine((v) => v === '' || isWebAddress(v), 'vacancyForm.errors.applicationUrl'),
    ),
    // Apprenticeships only.
    schoolTown: trimmedUpTo(100, 'vacancyForm.errors.schoolTownLong'),
    schoolLevel: optionalChoice(SCHOOL_LEVELS, 'vacancyForm.errors.schoolLevel'),
    entryQualification: checkbox,
    keepOn: checkbox,
    // Terms.
    weeklyHours: optionalHours('vacancyForm.errors.weeklyHours'),
    contract: optionalChoice(CONTRACTS, 'vacancyForm.errors.contract'),
    startAsap: checkbox,
    accessibleWorkplace: checkbox,
  })
  .superRefine((v, ctx) => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (v.kind === 'apprenticeship' && v.durationMonths === null) problem('durationMonths', 'vacancy.errors.durationMonths');
    payProblems(v, problem);
    if (!v.applyViaMentor && !v.applyDirect) problem('applyViaMentor', 'vacancyForm.errors.applyRoute');
    if (v.applyDirect && v.contactEmail === '' && v.contactPhone === '' && v.applicationUrl === '')
      problem('contactEmail', 'vacancyForm.errors.directContact');
    if (v.weeklyHours === null) problem('weeklyHours', 'vacancyForm.errors.weeklyHours');
    if (v.kind === 'job' && v.contract === null) problem('contract', 'vacancyForm.errors.contract');
    if (v.kind === 'apprenticeship' && v.schoolLevel === null) problem('schoolLevel', 'vacancyForm.errors.schoolLevel');
    if (v.startAsap && v.startDate !== null) problem('startDate', 'vacancyForm.errors.startBoth');
  });

/** An absolute http(s) address; anything else (javascript:, mailto:, a bare word) is refused. */
function isWebAddress(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

type PayFields = {
  kind: string;
  durationMonths: number | null;
  payKind: string | null;
  payMin: number | null;
  payMax: number | null;
  payUnit: string | null;
  payAgreement: string;
  payGroup: string;
  trainingPay1: number | null;
  trainingPay2: number | null;
  trainingPay3: number | null;
  trainingPay4: number | null;
};

/** The number of training years whose pay is asked: one per started year of the duration, at most four. */
export function trainingYears(durationMonths: number | null): number {
  return Math.min(4, Math.max(1, Math.ceil((durationMonths ?? 36) / 12)));
}

/** The pay rules across fields, each problem named at the field to fix. */
function payProblems(v: PayFields, problem: (field: string, message: string) => void) {
  if (v.payKind === null)
    return problem('payKind', v.kind === 'apprenticeship' ? 'vacancyForm.errors.payKindTraining' : 'vacancyForm.errors.payKind');
  if (v.kind === 'apprenticeship' && v.payKind !== 'training') return problem('payKind', 'vacancyForm.errors.payKindTraining');
  if (v.kind === 'job' && v.payKind === 'training') return problem('payKind', 'vacancyForm.errors.trainingOnlyApprenticeship');
  if (v.payKind === 'training') {
    const pays = [v.trainingPay1, v.trainingPay2, v.trainingPay3, v.trainingPay4];
    const years = trainingYears(v.durationMonths);
    for (let year = 1; year <= years; year++) if (pays[year - 1] === null) problem(`trainingPay${year}`, 'vacancyForm.errors.trainingPay');
    return;
  }
  if (v.payKind === 'agreement') {
    if (v.payAgreement === '') problem('payAgreement', 'vacancyForm.errors.payAgreement');
    if (v.payGroup === '') problem('payGroup', 'vacancyForm.errors.payGroup');
  } else if (v.payMin === null) {
    problem('payMin', v.payKind === 'range' ? 'vacancyForm.errors.payRangeMin' : 'vacancyForm.errors.payMin');
  }
  if (v.payKind === 'range' && v.payMax === null) problem('payMax', 'vacancyForm.errors.payRangeMax');
  if (v.payKind === 'range' && v.payMin !== null && v.payMax !== null && v.payMax < v.payMin)
    problem('payMax', 'vacancyForm.errors.payMaxBelowMin');
  if (v.payMin !== null && v.payUnit === null) problem('payUnit', 'vacancyForm.errors.payUnit');
}

export type VacancyInput = z.infer<typeof VacancyInput>;

const REFERENCE_FIELDS = ['occupation', 'town', 'postcode', 'expiresAt'] as const;
export type VacancyReferences = Partial<Pick<VacancyInput, (typeof REFERENCE_FIELDS)[number]>>;

/**
 * The fields checked against the database, each parsed on its own: when the
 * whole form fails to parse, these can still be looked up, so the page names
 * every problem at once instead of revealing them one post after another.
 */
export function vacancyReferences(body: unknown): VacancyReferences {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const references: Record<string, unknown> = {};
  for (const name of REFERENCE_FIELDS) {
    const parsed = VacancyInput.shape[name].safeParse(raw[name]);
    if (parsed.success) references[name] = parsed.data;
  }
  return references as VacancyReferences;
}

export const PAY_FIELDS = [
  'payKind',
  'payMin',
  'payMax',
  'payUnit',
  'payAgreement',
  'payGroup',
  'trainingPay1',
  'trainingPay2',
  'trainingPay3',
  'trainingPay4',
] as const;
export const APPLY_FIELDS = ['applyViaMentor', 'applyDirect', 'contactName', 'contactEmail', 'contactPhone', 'applicationUrl'] as const;
export const APPRENTICESHIP_FIELDS = ['schoolTown', 'schoolLevel', 'entryQualification', 'keepOn'] as const;
export const TERMS_FIELDS = ['weeklyHours', 'contract', 'startAsap', 'accessibleWorkplace'] as const;

/** The form's fields in page order (for the error summary). */
export const VACANCY_FIELDS = [
  'kind',
  'occupation',
  'title',
  'summary',
  'description',
  'town',
  'postcode',
  'workingTime',
  'partTimeTraining',
  'startDate',
  'durationMonths',
  'germanLevel',
  'qualification',
  'drivingLicence',
  'shiftWork',
  'support',
  'expiresAt',
  ...PAY_FIELDS,
  ...APPLY_FIELDS,
  ...APPRENTICESHIP_FIELDS,
  ...TERMS_FIELDS,
] as const;

export const VacancyId = z.object({ id: z.uuid() });

const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) || undefined, z.string({ message }).max(max, message).optional());

/** The public search (page and API share it). Messages name the parameter for API clients. */
export const SearchQuery = z
  .object({
    // Every field names its message for any wrong input, a repeated parameter (?q=a&q=b) too: the page and API speak people's words.
    q: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v) ?? '',
      z.string({ message: 'search.errors.q' }).max(200, 'search.errors.q'),
    ),
    kind: z.preprocess((v) => v || undefined, z.enum(KINDS, { message: 'search.errors.kind' }).optional()),
    // A KldB code, or "Title (code)" as the search form's list offers it.
    occupation: z.preprocess(
      (v) => (typeof v === 'string' ? (/\((\d{5})\)\s*$/.exec(v)?.[1] ?? v.trim()) : v) || undefined,
      z
        .string({ message: 'search.errors.occupation' })
        .regex(/^\d{5}$/, 'search.errors.occupation')
        .optional(),
    ),
    town: optionalText(100, 'search.errors.town'),
    radiusKm: z.preprocess(
      (v) => (v === '' || v === undefined ? undefined : v),
      z.coerce.number({ message: 'search.errors.radiusKm' }).min(0, 'search.errors.radiusKm').max(200, 'search.errors.radiusKm').optional(),
    ),
    germanLevel: z.preprocess((v) => v || undefined, z.enum(SEARCHER_GERMAN_LEVELS, { message: 'search.errors.germanLevel' }).optional()),
    workingTime: z.preprocess((v) => v || undefined, z.enum(['full', 'part'], { message: 'search.errors.workingTime' }).optional()),
    minPayMonthly: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v) || undefined,
      z.coerce
        .number({ message: 'search.errors.minPayMonthly' })
        .int('search.errors.minPayMonthly')
        .min(0, 'search.errors.minPayMonthly')
        .max(100_000, 'search.errors.minPayMonthly')
        .optional(),
    ),
    page: z.preprocess(
      (v) => v || undefined,
      z.coerce
        .number({ message: 'search.errors.page' })
        .int('search.errors.page')
        .min(1, 'search.errors.page')
        .max(500, 'search.errors.page')
        .default(1),
    ),
    perPage: z.preprocess(
      (v) => v || undefined,
      z.coerce
        .number({ message: 'search.errors.perPage' })
        .int('search.errors.perPage')
        .min(1, 'search.errors.perPage')
        .max(100, 'search.errors.perPage')
        .default(20),
    ),
    sort: z.preprocess((v) => v || undefined, z.enum(VACANCY_SORTS, { message: 'seo.errors.sort' }).optional()),
    // The page's language is the i18n plugin's business; here it is only let through (the first one if repeated).
    lang: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(10).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.radiusKm !== undefined && !v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'search.errors.radiusWithoutTown' });
    // Nearest to what? The searcher is asked for the town rather than given another order silently.
    if (v.sort === 'nearest' && !v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'seo.errors.sortNearest' });
  });

export type SearchQuery = z.infer<typeof SearchQuery>;

export const DEFAULT_RADIUS_KM = 25;
export { RADIUS_CHOICES };
