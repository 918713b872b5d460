import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GERMAN_LEVELS, KINDS, RADIUS_CHOICES, SEARCHER_GERMAN_LEVELS } from '../domain.ts';
import { errorSummary, fieldErrors, sendError, translatedFields } from '../http/respond.ts';
import { keptValues, todayInBerlin } from '../http/form-values.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { listOccupations } from '../occupations/queries.ts';
import { referenceLists } from '../reference-data.ts';
import { SearchQuery, VacancyId, DEFAULT_RADIUS_KM } from './schemas.ts';
import { formatPay, payView } from './pay.ts';
import { applyView, apprenticeshipView, searchVacancies, toVacancySearch, vacancyQueries, type FieldErrors } from './service.ts';
import { VACANCY_SORTS, type VacancySearchResult } from '../../search/vacancy-search.ts';
import { pageHead } from '../seo/head.ts';
import { similarVacanciesUrl } from '../seo/similar.ts';
import { toJobPosting } from './job-posting.ts';

const SEARCH_FIELDS = [
  'q',
  'town',
  'radiusKm',
  'kind',
  'germanLevel',
  'workingTime',
  'minPayMonthly',
  'occupation',
  'sort',
  'page',
  'perPage',
];

async function renderSearch(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, unknown>,
  result?: VacancySearchResult,
  errors: FieldErrors = {},
) {
  const messages = translatedFields(request, errors);
  const { townNames, occupationLabels } = await referenceLists(app.db);
  const hasErrors = Object.keys(messages).length > 0;
  return reply.page(
    result ? 'public/results' : 'public/home',
    {
      title: hasErrors ? request.t('search.resultsTitle') : result ? request.t('search.resultsTitle') : request.t('home.title'),
      values: { radiusKm: String(DEFAULT_RADIUS_KM), ...values },
      errors: messages,
      hasErrors,
      errorList: errorSummary(messages, SEARCH_FIELDS),
      options: { kinds: KINDS, germanLevels: SEARCHER_GERMAN_LEVELS, radii: RADIUS_CHOICES, sorts: VACANCY_SORTS },
      places: townNames,
      occupations: occupationLabels[request.locale],
      result: result && presentResult(request, result, values),
      head: pageHead(request, app.publicUrl, {
        title: result ? request.t('search.resultsTitle') : request.t('home.title'),
        description: request.t(result ? 'seo.description.search' : 'seo.description.home'),
      }),
    },
    hasErrors ? 400 : 200,
  );
}

/** Facet links and pagination for the results page; every link keeps the other filters. */
function presentResult(request: FastifyRequest, result: VacancySearchResult, values: Record<string, unknown>) {
  const linkWith = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...values, page: undefined, ...changes })) {
      if (typeof value === 'string' && value !== '' && key !== 'lang') params.set(key, value);
    }
    return `/vacancies?${params.toString()}`;
  };
  const facet = (name: 'kind' | 'germanLevel' | 'workingTime', order: readonly string[]) =>
    order
      .filter((value) => result.facets[name][value])
      .map((value) => ({ value, count: result.facets[name][value], href: linkWith({ [name]: value }), current: values[name] === value }));
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  return {
    ...result,
    hits: result.hits.map((hit) => ({
      ...hit,
      distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm),
      payText: formatPay(hit.pay, request.locale),
    })),
    facetGroups: [
      { name: 'kind', items: facet('kind', KINDS) },
      { name: 'germanLevel', items: facet('germanLevel', GERMAN_LEVELS) },
      { name: 'workingTime', items: facet('workingTime', ['full', 'part', 'either']) },
    ],
    pages,
    previous: result.page > 1 ? linkWith({ page: String(result.page - 1) }) : null,
    next: result.page < pages ? linkWith({ page: String(result.page + 1) }) : null,
    first: (result.page - 1) * result.perPage + 1,
    last: Math.min(result.total, result.page * result.perPage),
  };
}

export default async function publicVacancyRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => renderSearch(app, request, reply, {}));

  app.get('/vacancies', async (request, reply) => {
    const values = keptValues(request.query);
    const parsed = SearchQuery.safeParse(request.query);
    if (!parsed.success) return renderSearch(app, request, reply, values, undefined, fieldErrors(parsed.error));
    const search = await toVacancySearch(app, parsed.data);
    if (!search.ok) return renderSearch(app, request, reply, values, undefined, search.errors);
    return renderSearch(app, request, reply, values, await searchVacancies(app, search.value));
  });

  app.get('/vacancies/:id', async (request, reply) => {
    const params = VacancyId.safeParse(request.params);
    const today = todayInBerlin();
    const vacancy = params.success ? await vacancyQueries.findPublishedVacancy(app.db, params.data.id, today) : undefined;
    if (!vacancy) {
      // Once public, now closed or expired: 410 tells search engines to drop it; the reader gets similar ones.
      const ended = params.success ? await vacancyQueries.findEndedVacancy(app.db, params.data.id, today) : undefined;
      if (ended)
        return reply.page('public/vacancy-gone', { title: request.t('seo.gone.title'), similarUrl: similarVacanciesUrl(ended) }, 410);
      return sendError(request, reply, 404, 'not_found', request.t('errors.vacancyNotFound'));
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
