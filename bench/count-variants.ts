/**
 * What the search page's refinement counts cost Meilisearch, per way of asking them: the bench's 1,000-query mix,
 * each variant's multi-searches sent straight to Meilisearch (4 at a time, as the app's limiter allows), measured as
 * Meilisearch's CPU (/proc/<pid>/stat, load-robust) per page, beside the raw search (the ceiling's one search).
 *
 *   DATA_DIR=/tmp/b100k BENCH_VACANCIES=100000 BENCH_MENTEES=0 npx tsx bench/count-variants.ts
 *
 * A measuring tool for search/vacancy-search.ts's searchRefinementCounts, not part of npm run bench.
 */
import { readFileSync } from 'node:fs';
import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { foldLetterVariants } from '../search/letter-variants.ts';
import { refinementSearches } from '../search/refinements.ts';
import { VACANCY_INDEX } from '../search/vacancy-index.ts';
import { buildVacancyFilter, refinementQueries, vacancySearchParams, type VacancySearch } from '../search/vacancy-search.ts';
import { log, queryMix, setUp, tearDown } from './setup.ts';

function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

type Variant = (search: VacancySearch) => MultiSearchQuery[];

/** The counts as they were asked before (every facet query asked all three facets). */
const before: Variant = (search) => {
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

const variants: Record<string, Variant> = {
  'raw search (the ceiling)': (search) => [{ indexUid: VACANCY_INDEX, q: search.q, ...vacancySearchParams(search) }],
  'counts, all three facets': before,
  'counts, every one asked': (search) => {
    const { facets, partTime } = refinementQueries(search);
    return partTime ? [...facets, partTime] : facets;
  },
  'counts, no facets at all': (search) => before(search).map(({ facets: _f, ...query }) => query),
};

const bench = await setUp();
try {
  const meiliPid = bench.services.meilisearch?.pid;
  if (!meiliPid) throw new Error('Meilisearch is not embedded here: its CPU cannot be read');
  const client = new Meilisearch({ host: bench.services.meiliUrl, apiKey: bench.services.meiliMasterKey });
  const mix = await queryMix(bench.app);
  const rounds = Number(process.env.ROUNDS ?? 2);
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, variant] of Object.entries(variants)) {
      const bodies = mix.map((m) => variant(m.search)).filter((queries) => queries.length > 0);
      const searches = bodies.reduce((sum, queries) => sum + queries.length, 0);
      let next = 0;
      const cpu0 = cpuMsOf(meiliPid);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < bodies.length) await client.multiSearch({ queries: bodies[next++]! });
        }),
      );
      const cpu = cpuMsOf(meiliPid) - cpu0;
      log(
        `round ${round}: ${name.padEnd(28)} Meilisearch CPU ${(cpu / mix.length).toFixed(2)} ms per page, ` +
          `${(bodies.length / mix.length).toFixed(3)} requests and ${(searches / mix.length).toFixed(3)} searches per page, ` +
          `${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
} finally {
  await tearDown(bench);
}
