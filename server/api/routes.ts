import fastifySwagger from '@fastify/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sendError, translatedFields, type FieldMessages } from '../http/respond.ts';
import { todayInBerlin } from '../time/berlin.ts';
import type { Locale } from '../i18n/index.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { suggestOccupations } from '../occupations/look-up.ts';
import { suggestPlaces } from '../places/queries.ts';
import { payView } from '../vacancies/pay.ts';
import { SearchQuery, VacancyId } from '../vacancies/schemas.ts';
import { applyView, apprenticeshipView, searchVacancies, toVacancySearch, vacancyQueries } from '../vacancies/service.ts';
import type { VacancyHit as Hit } from '../../search/vacancy-search.ts';
import { ApiError, LookupQuery, OccupationList, PlaceList, SearchResult, VacancyDetail } from './schemas.ts';
import { referencePage } from './reference.ts';

/** The hit as docs/design.md §8 defines it (the page shows the summary too; the API does not), its occupation named in the request's language. */
function apiHit({ summary: _summary, ...hit }: Hit, locale: Locale) {
  return { ...hit, occupation: { code: hit.occupation.code, title: occupationName(hit.occupation.code, locale) } };
}

/** 400 with the parameter names and a message per parameter, in the request's language (schemas speak in translation keys). */
function invalidQuery(request: FastifyRequest, reply: FastifyReply, keys: FieldMessages) {
  const fields = translatedFields(request, keys);
  return sendError(request, reply, 400, 'invalid_query', request.t('api.invalidQuery', { names: Object.keys(fields).join(', ') }), fields);
}

/**
 * A request the route schemas refused: a malformed id is a vacancy that does not exist (404), anything
 * else names the parameters that are wrong (400). Other errors go on to the app's error handler.
 */
async function refuseInvalidInput(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!hasZodFastifySchemaValidationErrors(error)) throw error;
  if (error.validationContext === 'params') return sendError(request, reply, 404, 'not_found', request.t('errors.vacancyNotFound'));
  const keys: Record<string, string> = {};
  for (const issue of error.validation) {
    const name = issue.instancePath.split('/')[1] || '_';
    keys[name] ??= issue.message ?? 'api.invalidValue';
  }
  return invalidQuery(request, reply, keys);
}

const errors = { 400: ApiError, 429: ApiError, 503: ApiError };

/**
 * The public JSON API: open data, no login, read-only. Inputs are validated by the route schemas before a
 * handler runs and responses are checked against theirs; the OpenAPI 3.1 document is generated from the same
 * schemas (GET /api/v1/openapi.json) and rendered for people at GET /api/v1.
 */
export default async function apiRoutes(parent: FastifyInstance) {
  await parent.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    scope.setErrorHandler(refuseInvalidInput);
    await scope.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Jobbrücke Sachsen open API',
          version: '1',
          description:
            'Published vacancies in Saxony, occupations and places: open data, no login, read-only. Texts and names come in the language asked for (?lang= or Accept-Language: de, en, uk, ru, ar, fa).',
        },
        servers: [{ url: parent.publicUrl }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/vacancies',
      {
        schema: {
          summary: 'Search published vacancies',
          description: 'Ranked by relevance (or newest / nearest with sort); hard filters never let a vacancy through that does not fit.',
          querystring: SearchQuery,
          response: { 200: SearchResult, ...errors },
        },
      },
      async (request, reply) => {
        const search = await toVacancySearch(parent, request.query);
        if (!search.ok) return invalidQuery(request, reply, search.errors);
        const result = await searchVacancies(parent, search.value);
        return { ...result, hits: result.hits.map((hit) => apiHit(hit, request.locale)) };
      },
    );

    app.get(
      '/api/v1/vacancies/:id',
      {
        schema: {
          summary: 'One published vacancy',
          params: VacancyId,
          response: { 200: VacancyDetail, 404: ApiError, 429: ApiError, 503: ApiError },
        },
      },
      async (request, reply) => {
        const v = await vacancyQueries.findPublishedVacancy(parent.db, request.params.id, todayInBerlin());
        if (!v) return sendError(request, reply, 404, 'not_found', request.t('errors.vacancyNotFound'));
        return {
          id: v.id,
          title: v.title,
          kind: v.kind,
          occupation: { code: v.occupation_code, title: occupationName(v, request.locale) },
          employer: { name: v.employer_name },
          town: v.town,
          postcode: v.postcode,
          location: { lat: v.lat, lng: v.lng },
          distanceKm: null,
          germanLevel: v.german_level,
          workingTime: v.working_time,
          startDate: v.start_date,
          publishedAt: v.published_at?.toISOString() ?? null,
          url: `/vacancies/${v.id}`,
          description: v.description,
          summary: v.summary,
          partTimeTraining: v.part_time_training,
          durationMonths: v.duration_months,
          qualification: v.qualification,
          drivingLicence: v.driving_licence,
          shiftWork: v.shift_work,
          support: v.support,
          expiresAt: v.expires_at,
          // What it pays and how to apply (issue 12): pay is null for vacancies saved before pay was asked.
          pay: payView(v),
          apply: applyView(v),
          weeklyHours: v.weekly_hours,
          contract: v.permanent === null ? null : v.permanent ? ('permanent' as const) : ('fixedTerm' as const),
          startAsap: v.start_asap,
          accessibleWorkplace: v.accessible_workplace,
          apprenticeship: apprenticeshipView(v),
        };
      },
    );

    app.get(
      '/api/v1/occupations',
      {
        schema: {
          summary: 'Look up occupations',
          description: 'Words in any of the six languages; title and synonyms in the request language.',
          querystring: LookupQuery,
          response: { 200: OccupationList, ...errors },
        },
      },
      async (request) => {
        const locale = request.locale;
        return {
          occupations: suggestOccupations(request.query.q, 20).map((o) => ({
            code: o.code,
            title: o.names[locale],
            titleDe: o.names.de,
            titleEn: o.names.en,
            apprenticeship: o.apprenticeship,
            synonyms: [...o.synonyms[locale === 'en' ? 'de' : locale]],
          })),
        };
      },
    );

    app.get(
      '/api/v1/places',
      {
        schema: {
          summary: 'Look up Saxon towns',
          description: 'By name or postcode.',
          querystring: LookupQuery,
          response: { 200: PlaceList, ...errors },
        },
      },
      async (request) => {
        const rows = request.query.q ? await suggestPlaces(parent.db, request.query.q, 20) : [];
        return { places: rows.map((p) => ({ name: p.name, postcode: p.postcode, location: { lat: p.lat, lng: p.lng } })) };
      },
    );

    app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => scope.swagger());
    app.get('/api/v1', { schema: { hide: true } }, async (request, reply) => reply.page('api/reference', referencePage(scope.swagger())));
  });
}
