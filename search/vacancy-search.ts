import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import { distanceKm, germanLevelRank, type GermanLevel } from '../server/domain.ts';
import { filter } from './filters.ts';
import { foldLetterVariants } from './letter-variants.ts';
import { searchBusyIn } from './limiter.ts';
import { withinKm } from './near.ts';
import { VACANCY_INDEX, notExpiredOn, type VacancyDocument } from './vacancy-index.ts';
import type { PayView } from '../server/vacancies/pay.ts';
import { refinementCounts, refinementSearches, type RefinementCounts } from './refinements.ts';

/** A public search, already validated and with the town resolved to coordinates. */
export interface VacancySearch {
  q: string;
  kind?: 'job' | 'apprenticeship';
  occupation?: string;
  origin?: { lat: number; lng: number };
  radiusKm?: number;
  /** The searcher's German: only vacancies requiring at most this ('none': only those requiring none). */
  germanLevel?: GermanLevel;
  workingTime?: 'full' | 'part';
  /** Whole euros: only vacancies known to pay at least this per month (payMonthlyMin; vacancies without stated pay drop out). */
  minPayMonthly?: number;
  page: number;
  perPage: number;
  /** YYYY-MM-DD: vacancies that expired before this day are not shown. */
  today: string;
  /** The order asked for (default relevance); `nearest` needs an origin (the query schema makes sure). */
  sort?: VacancySort;
  /** Also count what each facet link leads to (the search page asks; the API does not): search/refinements.ts. */
  refinements?: boolean;
}

/**
 * The orders a searcher may choose. relevance: the words' ranking when there are words, else the
 * nearest first when a town is given, else the newest; newest: published last first; nearest:
 * distance from the town; pay: the highest monthly minimum first, vacancies without stated pay last.
 */
export const VACANCY_SORTS = ['relevance', 'newest', 'nearest', 'pay'] as const;
export type VacancySort = (typeof VACANCY_SORTS)[number];

export interface VacancyHit {
  id: string;
  title: string;
  kind: 'job' | 'apprenticeship';
  occupation: { code: string; title: string };
  employer: { name: string };
  town: string;
  postcode: string;
  location: { lat: number; lng: number };
  distanceKm: number | null;
  germanLevel: GermanLevel;
  workingTime: 'full' | 'part' | 'either';
  startDate: string | null;
  publishedAt: string;
  url: string;
  summary: string;
  pay: PayView | null;
  weeklyHours: number | null;
}

export type Facets = Record<'kind' | 'germanLevel' | 'workingTime', Record<string, number>>;

export interface VacancySearchResult {
  total: number;
  page: number;
  perPage: number;
  hits: VacancyHit[];
  facets: Facets;
  degraded: boolean;
  /** Present when the search asked for them (and Meilisearch answered). */
  refinements?: RefinementCounts;
}

/** Meilisearch could not be reached; callers fall back to PostgreSQL. */
export class SearchUnavailableError extends Error {}

/** The hard filters of a public search, each value escaped. */
export function buildVacancyFilter(search: VacancySearch): string {
  const parts = [notExpiredOn(search.today)];
  if (search.kind) parts.push(filter.eq('kind', search.kind));
  if (search.occupation) parts.push(filter.eq('occupationCode', search.occupation));
  if (search.origin && search.radiusKm !== undefined) {
    // Radius 0 means "in this town": vacancies carry their town's coordinates.
    parts.push(withinKm(search.origin, search.radiusKm));
  }
  if (search.germanLevel) parts.push(filter.lte('germanLevelRank', germanLevelRank(search.germanLevel)));
  if (search.workingTime === 'full') parts.push(filter.in('workingTime', ['full', 'either']));
  if (search.workingTime === 'part')
    parts.push(filter.any(filter.in('workingTime', ['part', 'either']), filter.isTrue('partTimeTraining')));
  if (search.minPayMonthly !== undefined) parts.push(filter.gte('payMonthlyMin', search.minPayMonthly));
  return filter.all(parts);
}

export function toHit(doc: VacancyDocument, origin?: { lat: number; lng: number }): VacancyHit {
  return {
    id: doc.id,
    title: doc.title,
    kind: doc.kind,
    occupation: { code: doc.occupationCode, title: doc.occupationTitle },
    employer: { name: doc.employerName },
    town: doc.town,
    postcode: doc.postcode,
    location: { lat: doc._geo.lat, lng: doc._geo.lng },
    distanceKm: origin ? Math.round(distanceKm(origin, doc._geo) * 10) / 10 : null,
    germanLevel: doc.germanLevel,
    workingTime: doc.workingTime,
    startDate: doc.startDate,
    publishedAt: doc.publishedAt,
    url: `/vacancies/${doc.id}`,
    summary: doc.summary,
    pay: doc.pay ?? null,
    weeklyHours: doc.weeklyHours ?? null,
  };
}

function emptyFacets(): Facets {
  return { kind: {}, germanLevel: {}, workingTime: {} };
}

/**
 * Meilisearch's sort for the chosen order (see VACANCY_SORTS); the PostgreSQL fallback orders the
 * same (server/vacancies/queries.ts). Ties fall to the newest; the sort ranking rule comes first
 * (vacancy-index.ts), so a chosen order holds even when words match unequally well.
 */
function meiliSort(search: VacancySearch): string[] | undefined {
  const nearest = search.origin ? `_geoPoint(${search.origin.lat}, ${search.origin.lng}):asc` : undefined;
  switch (search.sort ?? 'relevance') {
    case 'newest':
      return ['publishedAtTs:desc'];
    case 'nearest':
      return nearest ? [nearest, 'publishedAtTs:desc'] : ['publishedAtTs:desc'];
    case 'pay':
      return ['payMonthlyMin:desc', 'publishedAtTs:desc'];
    default:
      return search.q ? undefined : nearest ? [nearest] : ['publishedAtTs:desc'];
  }
}

/** What a public search asks Meilisearch besides the text: filter, order, page, facets, fields. */
export function vacancySearchParams(search: VacancySearch) {
  const sort = meiliSort(search);
  return {
    filter: buildVacancyFilter(search),
    ...(sort ? { sort } : {}),
    // When not every word matches, drop the commonest first: "водій вантажівки" keeps "вантажівки"
    // (truck) rather than "водій" (any driver); "Ausbildung Pflege" keeps "Pflege".
    matchingStrategy: 'frequency' as const,
    page: search.page,
    hitsPerPage: search.perPage,
    facets: ['kind', 'germanLevel', 'workingTime'],
    attributesToRetrieve: [
      'id',
      'title',
      'kind',
      'occupationCode',
      'occupationTitle',
      'employerName',
      'town',
      'postcode',
      '_geo',
      'germanLevel',
      'workingTime',
      'startDate',
      'publishedAt',
      'summary',
      'pay',
      'weeklyHours',
    ],
  };
}

export async function searchVacancyIndex(client: Meilisearch, search: VacancySearch): Promise<VacancySearchResult> {
  try {
    // Folded like the documents' occupation names and the synonyms (letter-variants.ts): ي/ی, ك/ک, ё/е … find the same.
    if (search.refinements) return await searchWithRefinements(client, search);
    const result = await client.index<VacancyDocument>(VACANCY_INDEX).search(foldLetterVariants(search.q), vacancySearchParams(search));
    return {
      total: result.totalHits ?? 0,
      page: search.page,
      perPage: search.perPage,
      hits: result.hits.map((doc) => toHit(doc as VacancyDocument, search.origin)),
      facets: { ...emptyFacets(), ...(result.facetDistribution as Partial<Facets> | undefined) },
      degraded: false,
    };
  } catch (error) {
    throw asUnavailable(error);
  }
}

/**
 * The search and its refinement counts in one round trip: the counting searches ask for facets only
 * (no hits), and one that equals the search itself (no filter of its group set) is not asked again.
 */
async function searchWithRefinements(client: Meilisearch, search: VacancySearch): Promise<VacancySearchResult> {
  const q = foldLetterVariants(search.q);
  const questions = refinementSearches(search);
  const mainFilter = buildVacancyFilter(search);
  const facetFilters = [...new Set([questions.kind, questions.germanLevel, questions.workingTime].map(buildVacancyFilter))].filter(
    (f) => f !== mainFilter,
  );
  const countOnly = { q, matchingStrategy: 'frequency' as const, page: 1, hitsPerPage: 0 };
  const { results } = await client.multiSearch({
    queries: [
      { indexUid: VACANCY_INDEX, q, ...vacancySearchParams(search) },
      { indexUid: VACANCY_INDEX, ...countOnly, filter: buildVacancyFilter(questions.partTime) },
      ...facetFilters.map((f) => ({ indexUid: VACANCY_INDEX, ...countOnly, filter: f, facets: ['kind', 'germanLevel', 'workingTime'] })),
    ],
  });
  const facetsOf = (s: VacancySearch): Facets => {
    const filterText = buildVacancyFilter(s);
    const answer = filterText === mainFilter ? results[0] : results[2 + facetFilters.indexOf(filterText)];
    return { ...emptyFacets(), ...(answer?.facetDistribution as Partial<Facets> | undefined) };
  };
  const main = results[0]!;
  return {
    total: main.totalHits ?? 0,
    page: search.page,
    perPage: search.perPage,
    hits: main.hits.map((doc) => toHit(doc as VacancyDocument, search.origin)),
    facets: facetsOf(search),
    degraded: false,
    refinements: refinementCounts({
      kind: facetsOf(questions.kind).kind,
      germanLevel: facetsOf(questions.germanLevel).germanLevel,
      workingTime: facetsOf(questions.workingTime).workingTime,
      partTimeTotal: results[1]!.totalHits ?? 0,
    }),
  };
}

export async function getVacancyDocument(client: Meilisearch, id: string): Promise<VacancyDocument | null> {
  try {
    return await client.index<VacancyDocument>(VACANCY_INDEX).getDocument(id);
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.response.status === 404) return null;
    throw asUnavailable(error);
  }
}

/** Meilisearch answers, but lost its data (a wiped volume): the index or the search key is gone. */
const LOST_STATE_CODES = new Set(['index_not_found', 'invalid_api_key']);

/**
 * A bad request (say, a malformed filter) is a bug and stays an error; an
 * unreachable Meilisearch, or one that lost its index or key, means "unavailable".
 */
export function asUnavailable(error: unknown): unknown {
  // Too many searches at once (search/limiter.ts): Meilisearch is up, the caller answers "try again".
  const busy = searchBusyIn(error);
  if (busy) return busy;
  if (error instanceof MeilisearchApiError && error.response.status < 500 && !LOST_STATE_CODES.has(String(error.cause?.code))) return error;
  return new SearchUnavailableError(error instanceof Error ? error.message : String(error));
}
