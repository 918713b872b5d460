import { MeilisearchApiError, type Meilisearch, type MultiSearchQuery } from 'meilisearch';
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
  /**
   * How many results are apprenticeships in part-time training (Meilisearch's answers; the PostgreSQL fallback leaves
   * it out). Not in `facets`, which the API returns: the search page's part-time count reads it (refinementQueries).
   */
  partTimeTrainingHits?: number;
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
    // partTimeTraining: with it, the search page's part-time count is read from the search itself when no result is in
    // part-time training (most searches: it is rare, and only apprenticeships offer it), instead of a search of its own.
    facets: ['kind', 'germanLevel', 'workingTime', 'partTimeTraining'],
    attributesToRetrieve: [...HIT_ATTRIBUTES],
  };
}

/**
 * How a search is asked: its first round trip's queries (the search itself and, in distance order, one search per
 * band, which give the hits while the search itself gives only the total and facets), and what a later page in
 * distance order needs to ask its hits in a second one.
 */
function searchPlan(search: VacancySearch) {
  // Folded like the documents' occupation names and the synonyms (letter-variants.ts): ي/ی, ك/ک, ё/е … find the same.
  const q = foldLetterVariants(search.q);
  const params = vacancySearchParams(search);
  const bands = nearestBands(search) ?? [];
  // A band's search: the same words, filter and sort, without facets (the search itself counts those) or paging.
  const { facets: _facets, page: _page, hitsPerPage: _hitsPerPage, ...bandParams } = params;
  const offset = (search.page - 1) * search.perPage;
  const queries: MultiSearchQuery[] = [
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
  ];
  return { q, params, bands, bandParams, offset, queries };
}

/** The queries of a search's first round trip (searchPlan); the bench's search page ceiling sends the same. */
export function vacancySearchQueries(search: VacancySearch): MultiSearchQuery[] {
  return searchPlan(search).queries;
}

/**
 * A public search in one round trip (two for a later page in distance order): searchPlan. The refinement counts are
 * asked apart (searchRefinementCounts), so the search page and the API share this answer and its cache entry
 * (search/engine.ts).
 */
export async function searchVacancyIndex(client: Meilisearch, search: VacancySearch): Promise<VacancySearchResult> {
  try {
    const { q, params, bands, bandParams, offset, queries } = searchPlan(search);
    const { results } = await client.multiSearch({ queries });
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
      ...mainAnswerOf(main),
      page: search.page,
      perPage: search.perPage,
      hits: docs.map((doc) => toHit(doc as VacancyDocument, search.origin)),
      degraded: false,
    };
  } catch (error) {
    throw asUnavailable(error);
  }
}

export type SearchAnswer = { facetDistribution?: Record<string, Record<string, number>>; totalHits?: number };
type FacetName = keyof Facets;

/** What the counts read of the search's own answer. */
type MainAnswer = Pick<VacancySearchResult, 'facets' | 'total' | 'partTimeTrainingHits'>;

/**
 * The total and facets of the search's own answer (the first of vacancySearchQueries): the facets the API and the page
 * show, and apart the part-time training count the search asks for the page's part-time count (refinementQueries).
 */
export function mainAnswerOf(answer: SearchAnswer): MainAnswer {
  const distribution = answer.facetDistribution ?? {};
  return {
    total: answer.totalHits ?? 0,
    facets: { kind: distribution.kind ?? {}, germanLevel: distribution.germanLevel ?? {}, workingTime: distribution.workingTime ?? {} },
    partTimeTrainingHits: distribution.partTimeTraining?.true ?? 0,
  };
}

/**
 * The part-time total of a search without a working-time filter, when its own answer says it: part time is "part",
 * "either" or part-time training, so it is the search's part and either results plus its full-time ones in part-time
 * training, and those are none when no result is in part-time training or none is full time. Undefined otherwise.
 */
function partTimeTotalFrom(main: MainAnswer): number | undefined {
  const { full = 0, part = 0, either = 0 } = main.facets.workingTime;
  if (main.partTimeTrainingHits === 0 || full === 0) return part + either;
  return undefined;
}

/** The count-only searches behind a search's refinement counts, and how the counts are read from their answers. */
export interface RefinementQueries {
  /** Each chosen group's search without its own filter, asking that group's facet only, no hits. */
  facets: MultiSearchQuery[];
  /**
   * The part-time total's search (no facets, no hits); null when the search is part time already. Needed only when
   * `partTimeNeeded` says so: with no working-time filter, the search's own answer often shows the total.
   */
  partTime: MultiSearchQuery | null;
  /** The search has a working-time filter: the part-time total is needed whatever its answer, so it goes beside `facets`. */
  partTimeBeside: boolean;
  partTimeNeeded(main: MainAnswer): boolean;
  /** The counts, from the answers to `facets` (in their order), the part-time search's if it was asked, and the search's own. */
  read(facetAnswers: readonly SearchAnswer[], partTimeAnswer: SearchAnswer | undefined, main: MainAnswer): RefinementCounts;
}

/**
 * The searches the refinement counts need (search/refinements.ts). Each group's search without its own filter is
 * asked for that group's facet only (a facet counted and never read costs Meilisearch a pass over the results);
 * one that equals the search itself is not asked but read from the search's facets, and so is the part-time total
 * when the search is part time already or its answer shows it (partTimeTotalFrom). The counts share the search's
 * words, folded the same, and its matching strategy: the same question but for the filters, so each count equals
 * the total its link finds.
 */
export function refinementQueries(search: VacancySearch): RefinementQueries {
  const q = foldLetterVariants(search.q);
  const mainFilter = buildVacancyFilter(search);
  const questions = refinementSearches(search);
  const countOnly = { indexUid: VACANCY_INDEX, q, matchingStrategy: 'frequency' as const, page: 1, hitsPerPage: 0 };
  const facets: MultiSearchQuery[] = [];
  /** Where a group's facet is read: null for the search itself, else the query's place in `facets`. */
  const facetSource = (group: FacetName): number | null => {
    const groupFilter = buildVacancyFilter(questions[group]);
    if (groupFilter === mainFilter) return null;
    // Two groups without their own filter never share one (each drops a different chosen filter), so one facet a query.
    return facets.push({ ...countOnly, filter: groupFilter, facets: [group] }) - 1;
  };
  const sources = { kind: facetSource('kind'), germanLevel: facetSource('germanLevel'), workingTime: facetSource('workingTime') };
  const partTimeFilter = buildVacancyFilter(questions.partTime);
  const partTime = partTimeFilter === mainFilter ? null : { ...countOnly, filter: partTimeFilter };
  const partTimeBeside = partTime !== null && search.workingTime !== undefined;
  // Without a working-time filter the part-time search is the search itself narrowed to part time: its answer may say it.
  const partTimeNeeded = (main: MainAnswer) => partTimeBeside || (partTime !== null && partTimeTotalFrom(main) === undefined);
  return {
    facets,
    partTime,
    partTimeBeside,
    partTimeNeeded,
    read(facetAnswers, partTimeAnswer, main) {
      const facetOf = (group: FacetName): Record<string, number> => {
        const source = sources[group];
        if (source === null) return main.facets[group];
        return facetAnswers[source]?.facetDistribution?.[group] ?? {};
      };
      return refinementCounts({
        kind: facetOf('kind'),
        germanLevel: facetOf('germanLevel'),
        workingTime: facetOf('workingTime'),
        partTimeTotal: partTime === null ? main.total : partTimeNeeded(main) ? (partTimeAnswer?.totalHits ?? 0) : partTimeTotalFrom(main)!,
      });
    },
  };
}

/** Stands for "not answered yet" in `alreadyThere`. */
const PENDING = Symbol('pending');

/**
 * A promise's value if it is already fulfilled (a cached answer), else undefined, without waiting for it: `race`
 * subscribes in order, so an already settled `promise` wins over the already resolved PENDING.
 */
async function alreadyThere<T>(promise: Promise<T>): Promise<T | undefined> {
  const first = await Promise.race([promise, Promise.resolve(PENDING)]);
  return first === PENDING ? undefined : (first as T);
}

/**
 * The refinement counts of a search (refinementQueries), given the answer of the search itself (`main`: its facets
 * and total do not depend on page or order). The group searches are asked beside that search, not after it, so
 * `main` may still be on its way. The part-time search, when the search has no working-time filter, waits for
 * `main` (at once when it is cached): most answers show that total (no result in part-time training), and a search
 * spared is worth more than the round trip, since Meilisearch's CPU bounds the page's throughput (at 100,000
 * vacancies a count search with words costs about half a search with hits, bench/count-variants.ts).
 */
export async function searchRefinementCounts(
  client: Meilisearch,
  search: VacancySearch,
  main: Promise<MainAnswer>,
): Promise<RefinementCounts> {
  try {
    const { facets, partTime, partTimeBeside, partTimeNeeded, read } = refinementQueries(search);
    const ask = async (queries: MultiSearchQuery[]): Promise<readonly SearchAnswer[]> =>
      queries.length > 0 ? (await client.multiSearch({ queries })).results : [];
    const known = await alreadyThere(main);
    // Known now (a cached search, or a working-time filter that makes it needed whatever the answer): one round trip.
    if (known || partTimeBeside) {
      const needed = partTime !== null && (known ? partTimeNeeded(known) : true);
      const answers = await ask(needed ? [...facets, partTime] : facets);
      return read(answers.slice(0, facets.length), needed ? answers[facets.length] : undefined, known ?? (await main));
    }
    const facetAnswers = ask(facets);
    // Settled here too if main fails, so the group searches' failure is not left unhandled.
    facetAnswers.catch(() => undefined);
    const answer = await main;
    const partTimeAnswer = partTime && partTimeNeeded(answer) ? (await ask([partTime]))[0] : undefined;
    return read(await facetAnswers, partTimeAnswer, answer);
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
