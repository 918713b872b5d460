import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KINDS, RADIUS_CHOICES, SEARCHER_GERMAN_LEVELS } from '../domain.ts';
import { z } from 'zod';
import { notFound, sendRefusal } from '../http/refusal.ts';
import { errorSummary, fieldErrors, translatedFields, type FieldMessages } from '../http/respond.ts';
import { pageQuery, typedRoutes } from '../http/typed-routes.ts';
import { keptValues } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { listOccupations } from '../occupations/queries.ts';
import { resolveTown } from '../places/resolve.ts';
import { SearchQuery, VacancyId, DEFAULT_RADIUS_KM } from './schemas.ts';
import { formatPay, payView } from './pay.ts';
import { refinementsOf } from './refinements.ts';
import { backToSearchHref, chosenFilterCount, SEARCH_FIELDS, searchQueryString } from './search-page.ts';
import { resultsHtml } from './results-html.ts';
import { applyView, apprenticeshipView, searchVacancies, toVacancySearch, vacancyQueries } from './service.ts';
import { VACANCY_SORTS, type VacancySearch, type VacancySearchResult } from '../../search/vacancy-search.ts';
import { pageHead } from '../seo/head.ts';
import { similarVacanciesUrl } from '../seo/similar.ts';
import { toJobPosting } from './job-posting.ts';

/** A search form with errors, or a results page; the town field gets its "did you mean" when the town was not found. */
async function renderSearch(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, unknown>,
  found?: { search: VacancySearch; result: VacancySearchResult },
  errors: FieldMessages = {},
) {
  const messages = translatedFields(request, errors);
  const hasErrors = Object.keys(messages).length > 0;
  const townSuggestions =
    errors.town === 'search.errors.town' && typeof values.town === 'string'
      ? (resolveTown(values.town).suggestions ?? []).map((town) => ({
          town,
          href: `/vacancies?${searchQueryString(values, { town, page: undefined })}`,
        }))
      : [];
  const isResults = found !== undefined || request.url.startsWith('/vacancies');
  return reply.page(
    isResults ? 'public/results' : 'public/home',
    {
      title: isResults ? request.t('search.resultsTitle') : request.t('home.title'),
      values: { radiusKm: String(DEFAULT_RADIUS_KM), ...values },
      errors: messages,
      hasErrors,
      errorList: errorSummary(messages, [...SEARCH_FIELDS]),
      options: { kinds: KINDS, germanLevels: SEARCHER_GERMAN_LEVELS, radii: RADIUS_CHOICES, sorts: VACANCY_SORTS },
      townSuggestions,
      // The results page is about the results: its form drops the hints the home page gives, to bring the first hit up on a phone.
      hints: isResults ? {} : { q: request.t('search.whatHint'), town: request.t('search.whereHint') },
      filterCount: chosenFilterCount(values),
      // The disclosure opens by itself when a filter inside it needs correcting.
      filtersOpen: ['radiusKm', 'kind', 'germanLevel', 'workingTime', 'minPayMonthly', 'sort', 'occupation'].some(
        (field) => field in messages,
      ),
      resultsHtml: found && resultsHtml(app, request, values, found.result, await refinementsOf(app, found.search, found.result)),
      head: pageHead(request, app.publicUrl, {
        title: isResults ? request.t('search.resultsTitle') : request.t('home.title'),
        description: request.t(isResults ? 'seo.description.search' : 'seo.description.home'),
      }),
    },
    hasErrors ? 422 : 200,
  );
}

/** The search a reader came from, for the back link (checked by backToSearchHref). */
const VacancyPageQuery = pageQuery({ back: z.string() });

export default async function publicVacancyRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent, 'errors.vacancyNotFound');
  app.get('/', async (request, reply) => renderSearch(app, request, reply, {}));

  app.get('/vacancies', async (request, reply) => {
    const values = keptValues(request.query);
    const parsed = SearchQuery.safeParse(request.query);
    if (!parsed.success) return renderSearch(app, request, reply, values, undefined, fieldErrors(parsed.error));
    const search = await toVacancySearch(app, parsed.data);
    if (!search.ok) return renderSearch(app, request, reply, values, undefined, search.errors);
    const refined = { ...search.value, refinements: true };
    return renderSearch(app, request, reply, values, { search: refined, result: await searchVacancies(app, refined) });
  });

  app.get('/vacancies/:id', { schema: { params: VacancyId, querystring: VacancyPageQuery } }, async (request, reply) => {
    const { id } = request.params;
    const today = todayInBerlin();
    const vacancy = await vacancyQueries.findPublishedVacancy(app.db, id, today);
    if (!vacancy) {
      // Once public, now closed or expired: 410 tells search engines to drop it; the reader gets similar ones.
      const ended = await vacancyQueries.findEndedVacancy(app.db, id, today);
      if (ended)
        return reply.page('public/vacancy-gone', { title: request.t('seo.gone.title'), similarUrl: similarVacanciesUrl(ended) }, 410);
      return sendRefusal(request, reply, notFound('errors.vacancyNotFound'));
    }
    return reply.page('public/vacancy', {
      title: vacancy.title,
      vacancy: {
        ...vacancy,
        occupationTitle: occupationName(vacancy, request.locale),
        payText: formatPay(payView(vacancy), request.locale),
        apply: applyView(vacancy),
        apprenticeship: apprenticeshipView(vacancy),
        contract: vacancy.permanent === null ? null : vacancy.permanent ? 'permanent' : 'fixedTerm',
        mentoringHref: `/mentoring?${new URLSearchParams({ town: vacancy.town }).toString()}`,
      },
      backHref: backToSearchHref(request.query.back),
      head: pageHead(request, app.publicUrl, {
        title: vacancy.title,
        description: vacancy.summary,
        type: 'article',
        jsonLd: toJobPosting(vacancy, app.publicUrl, today),
      }),
    });
  });

  app.get('/about', async (request, reply) => {
    const occupations = await listOccupations(app.db);
    return reply.page('public/about', {
      title: request.t('about.title'),
      occupationCount: occupations.length,
      head: pageHead(request, app.publicUrl, { title: request.t('about.title'), description: request.t('seo.description.about') }),
    });
  });
}
