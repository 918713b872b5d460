/**
 * What the search page's refinement counts cost Meilisearch, per way of asking them: the bench's 1,000-query mix,
 * each variant's multi-searches sent straight to Meilisearch (4 at a time, as the app's limiter allows), measured as
 * Meilisearch's CPU (/proc/<pid>/stat, load-robust) per page, beside the raw search (the ceiling's one search).
 *
 *   DATA_DIR=/tmp/b100k BENCH_VACANCIES=100000 BENCH_MENTEES=0 npx tsx bench/count-variants.ts
 *
 * A measuring tool for search/vacancy-search.ts's searchRefinementCounts, not part of npm run bench.
 */
import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { foldLetterVariants } from '../search/letter-variants.ts';
import { QueryCache } from '../search/query-cache.ts';
import { refinementSearches } from '../search/refinements.ts';
import { VACANCY_INDEX } from '../search/vacancy-index.ts';
import { buildVacancyFilter, refinementQueries, vacancySearchParams, type VacancySearch } from '../search/vacancy-search.ts';
import { cpuMsOf } from './proc.ts';
import { log, queryMix, setUp, tearDown } from './setup.ts';

/** The counts as they were asked before (every facet query asked all three facets). */
const before = (search: VacancySearch): MultiSearchQuery[] => {
  const q = foldLetterVariants(search.q);
  const mainFilter = buildVacancyFilter(search);
  const questions = refinementSearches(search);
  const partTimeFilter = buildVacancyFilter(questions.partTime);
  const facetFilters = [...new Set([questions.kind, questions.germanLevel, questions.workingTime].map(buildVacancyFilter))].filter(
    (f) => f !== mainFilter,
  );
  const countOnly = { indexUid: VACANCY_INDEX, q, matchingStrategy: 'frequency' as const, page: 1, hitsPerPage: 0 };
  return [
    ...facetFilters.map((f) => ({ ...countOnly, filter: f, facets: ['kind', 'germanLevel', 'workingTime'] })),
    ...(partTimeFilter === mainFilter ? [] : [{ ...countOnly, filter: partTimeFilter }]),
  ];
};

const bench = await setUp();
try {
  const meiliPid = bench.services.meilisearch?.pid;
  if (!meiliPid) throw new Error('Meilisearch is not embedded here: its CPU cannot be read');
  const client = new Meilisearch({ host: bench.services.meiliUrl, apiKey: bench.services.meiliMasterKey });
  const { app } = bench;
  const appClient = app.searchEngine.public()!;
  let appSearches = 0;
  // Counted on the client object, calling the class's own method: the limiter's wrapping stays (bench/page-cache.ts).
  appClient.multiSearch = function (this: Meilisearch, ...args: Parameters<Meilisearch['multiSearch']>) {
    appSearches += args[0].queries.length;
    return Meilisearch.prototype.multiSearch.apply(this, args);
  } as Meilisearch['multiSearch'];

  /** A way of asking: sends one page's searches, returns how many searches it sent. */
  type Variant = (search: VacancySearch) => Promise<number>;
  const send = async (...requests: MultiSearchQuery[][]) => {
    const asked = requests.filter((queries) => queries.length > 0);
    await Promise.all(asked.map((queries) => client.multiSearch({ queries })));
    return asked.reduce((sum, queries) => sum + queries.length, 0);
  };
  const mainQuery = (search: VacancySearch) => ({ indexUid: VACANCY_INDEX, q: search.q, ...vacancySearchParams(search) });
  const variants: Record<string, Variant> = {
    'raw search (the ceiling)': (search) => send([mainQuery(search)]),
    'counts, all three facets': (search) => send(before(search)),
    'counts, every one asked': (search) => {
      const { facets, partTime } = refinementQueries(search);
      return send(partTime ? [...facets, partTime] : facets);
    },
    'counts, no facets at all': (search) => send(before(search).map(({ facets: _f, ...query }) => query)),
    // A page new to the caches, as the bench's first pass asks it: the search and its counts.
    'cold page, before': (search) => send([mainQuery(search)], before(search)),
    'cold page, the app now': async (search) => {
      for (const cache of Object.values(app.searchEngine)) if (cache instanceof QueryCache) cache.clear();
      await app.searchEngine.searchVacancies({ ...search, refinements: true });
      return 0; // counted on the app's client over the whole pass (appSearches): pages overlap
    },
  };

  const mix = await queryMix(bench.app);
  const rounds = Number(process.env.ROUNDS ?? 2);
  const only = process.env.VARIANTS?.split(',');
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, variant] of Object.entries(variants)) {
      if (only && !only.some((o) => name.includes(o))) continue;
      let next = 0;
      let searches = 0;
      const appSearches0 = appSearches;
      const cpu0 = cpuMsOf(meiliPid);
      const t0 = performance.now();
      // Four pages at a time, as the app's limiter lets four searches reach Meilisearch.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < mix.length) {
            const sent = await variant(mix[next++]!.search);
            searches += sent;
          }
        }),
      );
      const cpu = cpuMsOf(meiliPid) - cpu0;
      searches += appSearches - appSearches0;
      log(
        `round ${round}: ${name.padEnd(28)} Meilisearch CPU ${(cpu / mix.length).toFixed(2)} ms per page, ` +
          `${(searches / mix.length).toFixed(3)} searches per page, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
} finally {
  await tearDown(bench);
}
