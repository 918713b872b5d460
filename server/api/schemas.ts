import { z } from 'zod';
import { GERMAN_LEVELS, KINDS, QUALIFICATIONS, SUPPORT_OPTIONS, WORKING_TIMES } from '../domain.ts';
import { PAY_KINDS, PAY_UNITS, SCHOOL_LEVELS } from '../vacancies/pay.ts';

/**
 * What the open API answers, as zod schemas. One source for three things: the serializer checks every
 * response against them (a field the code forgets is a 500 in the tests, never a silent change for clients),
 * the OpenAPI document at /api/v1/openapi.json is generated from them, and so is the reference page at /api/v1.
 * Requests are validated with the same schemas the search page uses (server/vacancies/schemas.ts).
 */

/** Query parameters of the look-ups (occupations, places). */
export const LookupQuery = z.object({
  q: z.string().trim().max(100, 'lookup.errors.q').default('').meta({ description: 'Words to look up, in any of the six languages.' }),
  lang: z
    .string()
    .max(10)
    .optional()
    .meta({ description: 'Language of names: de, en, uk, ru, ar or fa (else the Accept-Language header).' }),
});

const isoDate = z.string().meta({ description: 'A date, YYYY-MM-DD.', examples: ['2027-03-01'] });
const location = z.object({ lat: z.number(), lng: z.number() });

const Pay = z
  .object({
    kind: z.enum(PAY_KINDS),
    min: z.number().nullable().meta({ description: 'Euros.' }),
    max: z.number().nullable().meta({ description: 'Euros.' }),
    unit: z.enum(PAY_UNITS).nullable(),
    currency: z.literal('EUR'),
    agreement: z.object({ name: z.string(), group: z.string().nullable() }).nullable(),
    trainingPay: z.array(z.number()).meta({ description: 'Monthly training pay in euros per training year, year 1 first.' }),
    monthlyMin: z
      .number()
      .nullable()
      .meta({ description: 'The lowest monthly pay it works out to, in euros (what minPayMonthly compares).' }),
  })
  .meta({ id: 'Pay', description: 'What the vacancy pays; null when the employer has not said yet.' });

/** The fields a search hit and a single vacancy share. */
const vacancyCore = {
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(KINDS),
  occupation: z.object({ code: z.string().meta({ description: 'KldB 2010 code, five digits.' }), title: z.string() }),
  employer: z.object({ name: z.string() }),
  town: z.string(),
  postcode: z.string(),
  location,
  distanceKm: z.number().nullable().meta({ description: 'From the town searched for; null without one.' }),
  germanLevel: z.enum(GERMAN_LEVELS).meta({ description: 'German the employer asks for (CEFR).' }),
  workingTime: z.enum(WORKING_TIMES),
  startDate: isoDate.nullable(),
  url: z.string().meta({ description: 'The vacancy page, relative to the portal.' }),
  pay: Pay.nullable(),
  weeklyHours: z.number().nullable(),
};

export const VacancyHit = z
  .object({ ...vacancyCore, publishedAt: z.string().meta({ description: 'ISO 8601 time.' }) })
  .meta({ id: 'VacancyHit' });

const facetCounts = z.record(z.string(), z.int());

export const SearchResult = z
  .object({
    total: z.int(),
    page: z.int(),
    perPage: z.int(),
    hits: z.array(VacancyHit),
    facets: z.object({ kind: facetCounts, germanLevel: facetCounts, workingTime: facetCounts }),
    degraded: z.boolean().meta({ description: 'true when the search engine was down and the database answered (plainer ranking).' }),
  })
  .meta({ id: 'SearchResult' });

export const VacancyDetail = z
  .object({
    ...vacancyCore,
    publishedAt: z.string().nullable(),
    description: z.string(),
    summary: z.string(),
    partTimeTraining: z.boolean(),
    durationMonths: z.int().nullable(),
    qualification: z.enum(QUALIFICATIONS),
    drivingLicence: z.boolean(),
    shiftWork: z.boolean(),
    support: z.array(z.enum(SUPPORT_OPTIONS)),
    expiresAt: isoDate.nullable(),
    apply: z.object({
      viaMentor: z.boolean(),
      direct: z
        .object({
          contactName: z.string().nullable(),
          email: z.string().nullable(),
          phone: z.string().nullable(),
          url: z.string().nullable(),
        })
        .nullable(),
    }),
    contract: z.enum(['permanent', 'fixedTerm']).nullable(),
    startAsap: z.boolean(),
    accessibleWorkplace: z.boolean(),
    apprenticeship: z
      .object({
        schoolTown: z.string().nullable(),
        schoolLevel: z.enum(SCHOOL_LEVELS).nullable(),
        entryQualification: z.boolean(),
        keepOn: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'VacancyDetail' });

export const OccupationList = z
  .object({
    occupations: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        titleDe: z.string(),
        titleEn: z.string(),
        apprenticeship: z.boolean(),
        synonyms: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'OccupationList' });

export const PlaceList = z
  .object({ places: z.array(z.object({ name: z.string(), postcode: z.string().nullable(), location })) })
  .meta({ id: 'PlaceList' });

export const ApiError = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable: invalid_query, not_found, rate_limited, unavailable, …' }),
      message: z.string().meta({ description: 'For people, in the request language.' }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'What is wrong per parameter.' }),
    }),
  })
  .meta({ id: 'Error' });
