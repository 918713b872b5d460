import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError, fieldErrors } from '../http/respond.ts';
import { todayInBerlin } from '../http/form-values.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { suggestOccupations } from '../occupations/look-up.ts';
import { suggestPlaces } from '../places/queries.ts';
import { SearchQuery, VacancyId } from '../vacancies/schemas.ts';
import { applyView, apprenticeshipView, searchVacancies, toVacancySearch, vacancyQueries } from '../vacancies/service.ts';
import { payView } from '../vacancies/pay.ts';
import type { VacancyHit } from '../../search/vacancy-search.ts';
import type { Locale } from '../i18n/index.ts';

const LookupQuery = z.object({ q: z.string().trim().max(100, 'lookup.errors.q').default(''), lang: z.string().optional() });

/** The hit as docs/design.md §8 defines it (the page shows the summary too; the API does not), its occupation named in the request's language. */
function apiHit({ summary: _summary, ...hit }: VacancyHit, locale: Locale) {
  return { ...hit, occupation: { code: hit.occupation.code, title: occupationName(hit.occupation.code, locale) } };
}

/** The public JSON API: open data, no login, read-only. */
export default async function apiRoutes(app: FastifyInstance) {
  app.get('/api/v1/vacancies', async (request, reply) => {
    const parsed = SearchQuery.safeParse(request.query);
    const translate = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, request.t(v)]));
    if (!parsed.success) {
      const fields = translate(fieldErrors(parsed.error));
      return sendError(
        request,
        reply,
        400,
        'invalid_query',
        request.t('api.invalidQuery', { names: Object.keys(fields).join(', ') }),
        fields,
      );
    }
    const search = await toVacancySearch(app, parsed.data);
    if (!search.ok) {
      const fields = translate(search.errors);
      return sendError(
        request,
        reply,
        400,
        'invalid_query',
        request.t('api.invalidQuery', { names: Object.keys(fields).join(', ') }),
        fields,
      );
    }
    const result = await searchVacancies(app, search.value);
    return { ...result, hits: result.hits.map((hit) => apiHit(hit, request.locale)) };
  });

  app.get('/api/v1/vacancies/:id', async (request, reply) => {
    const params = VacancyId.safeParse(request.params);
    const v = params.success ? await vacancyQueries.findPublishedVacancy(app.db, params.data.id, todayInBerlin()) : undefined;
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
      contract: v.permanent === null ? null : v.permanent ? 'permanent' : 'fixedTerm',
      startAsap: v.start_asap,
      accessibleWorkplace: v.accessible_workplace,
      apprenticeship: apprenticeshipView(v),
    };
  });

  app.get('/api/v1/occupations', async (request, reply) => {
    const parsed = LookupQuery.safeParse(request.query);
    if (!parsed.success)
      return sendError(request, reply, 400, 'invalid_query', request.t('api.invalidQuery', { names: 'q' }), {
        q: request.t('lookup.errors.q'),
      });
    // Words in any of the six languages; `title` and `synonyms` in the request's language (?lang=, the cookie or Accept-Language).
    const locale = request.locale;
    return {
      occupations: suggestOccupations(parsed.data.q, 20).map((o) => ({
        code: o.code,
        title: o.names[locale],
        titleDe: o.names.de,
        titleEn: o.names.en,
        apprenticeship: o.apprenticeship,
        synonyms: o.synonyms[locale === 'en' ? 'de' : locale],
      })),
    };
  });

  app.get('/api/v1/places', async (request, reply) => {
    const parsed = LookupQuery.safeParse(request.query);
    if (!parsed.success)
      return sendError(request, reply, 400, 'invalid_query', request.t('api.invalidQuery', { names: 'q' }), {
        q: request.t('lookup.errors.q'),
      });
    const rows = parsed.data.q ? await suggestPlaces(app.db, parsed.data.q, 20) : [];
    return { places: rows.map((p) => ({ name: p.name, postcode: p.postcode, location: { lat: p.lat, lng: p.lng } })) };
  });
}
