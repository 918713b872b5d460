import { z } from 'zod';
import { VACANCY_SORTS } from '../../search/vacancy-search.ts';
import { GERMAN_LEVELS, KINDS, QUALIFICATIONS, RADIUS_CHOICES, SEARCHER_GERMAN_LEVELS, SUPPORT_OPTIONS, WORKING_TIMES } from '../domain.ts';
import { checkbox, list, optionalDate, optionalInt } from '../http/form-values.ts';

/**
 * Messages are translation keys (views/locales), written for people:
 * they say what to do, not what went wrong in the parser.
 */
export const VacancyInput = z
  .object({
    kind: z.enum(KINDS, { message: 'vacancy.errors.kind' }),
    occupation: z.string({ message: 'vacancy.errors.occupation' }).trim().min(1, 'vacancy.errors.occupation').max(200, 'vacancy.errors.occupation'),
    title: z.string({ message: 'vacancy.errors.title' }).trim().min(3, 'vacancy.errors.title').max(120, 'vacancy.errors.titleLong'),
    description: z.string({ message: 'vacancy.errors.description' }).trim().min(30, 'vacancy.errors.description').max(10_000, 'vacancy.errors.descriptionLong'),
    summary: z.string({ message: 'vacancy.errors.summary' }).trim().min(10, 'vacancy.errors.summary').max(400, 'vacancy.errors.summaryLong'),
    town: z.string({ message: 'vacancy.errors.town' }).trim().min(1, 'vacancy.errors.town').max(100, 'vacancy.errors.town'),
    postcode: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) || null, z.string().regex(/^\d{5}$/, 'vacancy.errors.postcode').nullable()),
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
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'apprenticeship' && v.durationMonths === null) {
      ctx.addIssue({ code: 'custom', path: ['durationMonths'], message: 'vacancy.errors.durationMonths' });
    }
  });

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

/** The form's fields in page order (for the error summary). */
export const VACANCY_FIELDS = [
  'kind', 'occupation', 'title', 'summary', 'description', 'town', 'postcode', 'workingTime', 'partTimeTraining', 'startDate',
  'durationMonths', 'germanLevel', 'qualification', 'drivingLicence', 'shiftWork', 'support', 'expiresAt',
] as const;

export const VacancyId = z.object({ id: z.uuid() });

const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) || undefined, z.string().max(max).optional());

/** The public search (page and API share it). Messages name the parameter for API clients. */
export const SearchQuery = z
  .object({
    q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) ?? '', z.string().max(200, 'search.errors.q')),
    kind: z.preprocess((v) => v || undefined, z.enum(KINDS, { message: 'search.errors.kind' }).optional()),
    // A KldB code, or "Title (code)" as the search form's list offers it.
    occupation: z.preprocess(
      (v) => (typeof v === 'string' ? (/\((\d{5})\)\s*$/.exec(v)?.[1] ?? v.trim()) : v) || undefined,
      z.string().regex(/^\d{5}$/, 'search.errors.occupation').optional(),
    ),
    town: optionalText(100),
    radiusKm: z.preprocess(
      (v) => (v === '' || v === undefined ? undefined : v),
      z.coerce.number({ message: 'search.errors.radiusKm' }).min(0, 'search.errors.radiusKm').max(200, 'search.errors.radiusKm').optional(),
    ),
    germanLevel: z.preprocess((v) => v || undefined, z.enum(SEARCHER_GERMAN_LEVELS, { message: 'search.errors.germanLevel' }).optional()),
    workingTime: z.preprocess((v) => v || undefined, z.enum(['full', 'part'], { message: 'search.errors.workingTime' }).optional()),
    page: z.preprocess((v) => v || undefined, z.coerce.number({ message: 'search.errors.page' }).int('search.errors.page').min(1, 'search.errors.page').max(500, 'search.errors.page').default(1)),
    perPage: z.preprocess((v) => v || undefined, z.coerce.number({ message: 'search.errors.perPage' }).int('search.errors.perPage').min(1, 'search.errors.perPage').max(100, 'search.errors.perPage').default(20)),
    sort: z.preprocess((v) => v || undefined, z.enum(VACANCY_SORTS, { message: 'seo.errors.sort' }).optional()),
    lang: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.radiusKm !== undefined && !v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'search.errors.radiusWithoutTown' });
    // Nearest to what? The searcher is asked for the town rather than given another order silently.
    if (v.sort === 'nearest' && !v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'seo.errors.sortNearest' });
  });

export type SearchQuery = z.infer<typeof SearchQuery>;

export const DEFAULT_RADIUS_KM = 25;
export { RADIUS_CHOICES };
