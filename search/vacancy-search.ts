import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import { distanceKm, germanLevelRank, shownKm, type GermanLevel } from '../server/domain.ts';
import { filter } from './filters.ts';
import { foldLetterVariants } from './letter-variants.ts';
import { searchBusyIn } from './limiter.ts';
import { bandSlices, distanceBands, withinKm, type DistanceBand } from './near.ts';
import { SearchUnavailableError } from './unavailable.ts';
import { VACANCY_INDEX, notExpiredOn, type VacancyDocument } from './vacancy-index.ts';
import type { PayView } from '../server/pay.ts';
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
  /**
   * Also count what each facet link leads to (the search page asks; the API does not): search/refinements.ts.
   * Not part of the search itself: the engine caches the search without it and the counts apart (search/engine.ts).
   */
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

export { SearchUnavailableError };

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

/** What `toHit` reads of a document: every search that shows hits retrieves these (and matching a few more). */
export const HIT_ATTRIBUTES = [
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
] as const satisfies readonly (keyof VacancyDocument)[];

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
    distanceKm: origin ? shownKm(distanceKm(origin, doc._geo)) : null,
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
 * The distance bands a search is ordered by (search/near.ts), or null when it is not ordered by
 * distance: "nearest", and "relevance" without words but with a town. The index has no `_geo` to
 * sort by (a one-document update would cost seconds at 100,000 vacancies), so "nearest" is the
 * bands in order, newest first inside each.
 */
function nearestBands(search: VacancySearch): DistanceBand[] | null {
  if (!search.origin) return null;
  const sort = search.sort ?? 'relevance';
  if (sort !== 'nearest' && !(sort === 'relevance' && !search.q)) return null;
  return distanceBands(search.origin, search.radiusKm ?? Infinity);
}

/**
 * Meilisearch's sort for the chosen order (see VACANCY_SORTS); the PostgreSQL fallback orders the
 * same (server/vacancies/queries.ts). Ties fall to the newest; the sort ranking rule comes first
 * (vacancy-index.ts), so a chosen order holds even when words match unequally well. "Nearest" is
 * newest first inside each distance band (nearestBands).
 */
function meiliSort(search: VacancySearch): string[] | undefined {
  switch (search.sort ?? 'relevance') {
    case 'pay':
      return ['payMonthlyMin:desc', 'publishedAtTs:desc'];
    case 'relevance':
      return search.q ? undefined : ['publishedAtTs:desc'];
    default:
      return ['publishedAtTs:desc'];
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
    attributesToRetrieve: [...HIT_ATTRIBUTES],
  };
}

/**
 * A public search in one round trip (two for a later page in distance order): the search itself and,
 * in distance order, one search per band. The refinement counts are asked apart (searchRefinementCounts),
 * so the search page and the API share this answer and its cache entry (search/engine.ts).
 */
export async function searchVacancyIndex(client: Meilisearch, search: VacancySearch): Promise<VacancySearchResult> {
  try {
    // Folded like the documents' occupation names and the synonyms (letter-variants.ts): ي/ی, ك/ک, ё/е … find the same.
    const q = foldLetterVariants(search.q);
    const params = vacancySearchParams(search);
    const bands = nearestBands(search) ?? [];
    // A band's search: the same words, filter and sort, without facets (the search itself counts those) or paging.
    const { facets: _facets, page: _page, hitsPerPage: _hitsPerPage, ...bandParams } = params;
    const offset = (search.page - 1) * search.perPage;
    const { results } = await client.multiSearch({
      queries: [
        // In distance order the search gives the total and facets; the bands give the hits.
        { indexUid: VACANCY_INDEX, q, ...params, ...(bands.length > 0 ? { page: 1, hitsPerPage: 0 } : {}) },
        // Their counts, and on the first page (the common one) its hits as well: no second round trip.
        ...bands.map((band) => ({
          indexUid: VACANCY_INDEX,
          q,
          ...bandParams,
          filter: filter.all([params.filter, band.filter]),
          page: 1,
          hitsPerPage: offset === 0 ? search.perPage : 0,
        })),
      ],
    });
    const main = results[0]!;
    let docs = main.hits;
    if (bands.length > 0) {
      const bandResults = results.slice(1, 1 + bands.length);
      const slices = bandSlices(
        bandResults.map((r) => r.totalHits ?? 0),
        offset,
        search.perPage,
      );
      docs =
        offset === 0
          ? slices.flatMap((s) => bandResults[s.band]!.hits.slice(s.offset, s.offset + s.limit))
          : slices.length === 0
            ? []
            : (
                await client.multiSearch({
                  queries: slices.map((s) => ({
                    indexUid: VACANCY_INDEX,
                    q,
                    ...bandParams,
                    filter: filter.all([params.filter, bands[s.band]!.filter]),
                    offset: s.offset,
                    limit: s.limit,
                  })),
                })
              ).results.flatMap((r) => r.hits);
    }
    return {
      total: main.totalHits ?? 0,
      page: search.page,
      perPage: search.perPage,
      hits: docs.map((doc) => toHit(doc as VacancyDocument, search.origin)),
      facets: { ...emptyFacets(), ...(main.facetDistribution as Partial<Facets> | undefined) },
      degraded: false,
    };
  } catch (error) {
    throw asUnavailable(error);
  }
}

type SearchAnswer = { facetDistribution?: unknown; totalHits?: number };

/**
 * The refinement counts of a search (search/refinements.ts), given the answer of the search itself
 * (`main`: its facets and total do not depend on page or order). Asked beside that search, not after
 * it, so `main` may still be on its way: it is awaited only to read from. Each group's search without
 * its own filter is asked for facets only, no hits; one that equals the search itself is not asked
 * again but read from `main`, and so is the part-time total when the search is part time already.
 * One round trip, none when every count comes from `main`.
 */
export async function searchRefinementCounts(
  client: Meilisearch,
  search: VacancySearch,
  main: Promise<Pick<VacancySearchResult, 'facets' | 'total'>>,
): Promise<RefinementCounts> {
  try {
    const q = foldLetterVariants(search.q);
    const mainFilter = buildVacancyFilter(search);
    const questions = refinementSearches(search);
    const partTimeFilter = buildVacancyFilter(questions.partTime);
    const facetFilters = [...new Set([questions.kind, questions.germanLevel, questions.workingTime].map(buildVacancyFilter))].filter(
      (f) => f !== mainFilter,
    );
    const countOnly = { indexUid: VACANCY_INDEX, q, matchingStrategy: 'frequency' as const, page: 1, hitsPerPage: 0 };
    const queries = [
      ...facetFilters.map((f) => ({ ...countOnly, filter: f, facets: ['kind', 'germanLevel', 'workingTime'] })),
      ...(partTimeFilter === mainFilter ? [] : [{ ...countOnly, filter: partTimeFilter }]),
    ];
    const answers: readonly SearchAnswer[] = queries.length > 0 ? (await client.multiSearch({ queries })).results : [];
    const { facets: mainFacets, total: mainTotal } = await main;
    const facetsOf = (s: VacancySearch): Facets => {
      const filterText = buildVacancyFilter(s);
      if (filterText === mainFilter) return mainFacets;
      return { ...emptyFacets(), ...(answers[facetFilters.indexOf(filterText)]?.facetDistribution as Partial<Facets> | undefined) };
    };
    return refinementCounts({
      kind: facetsOf(questions.kind).kind,
      germanLevel: facetsOf(questions.germanLevel).germanLevel,
      workingTime: facetsOf(questions.workingTime).workingTime,
      partTimeTotal: partTimeFilter === mainFilter ? mainTotal : (answers[facetFilters.length]?.totalHits ?? 0),
    });
  } catch (error) {
    throw asUnavailable(error);
  }
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
