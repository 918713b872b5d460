/**
 * The search page against the answers the API caches (helper 10, search/engine.ts refinementCache):
 * the bench's 1,000-query mix at GET /vacancies twice (first pass, second pass), then, with the caches
 * dropped, at GET /api/v1/vacancies once and the page again. Counts the Meilisearch requests and the
 * searches inside them (a multi-search carries several) per page, and the page latency.
 *
 *   DATA_DIR=<copy of a seeded bench dir> BENCH_VACANCIES=50000 BENCH_MENTEES=0 npx tsx bench/page-cache.ts
 *
 * Run it from two source trees on the same data to compare a change (it only uses what both have).
 */
import { load, type LoadRequest } from './load.ts';
import { countPublicSearches, dropSearchCaches } from './search-counter.ts';
import { log, queryMix, setUp, tearDown } from './setup.ts';

const bench = await setUp();
try {
  const { app, origin } = bench;
  const counted = countPublicSearches(app);
  const dropCaches = () => dropSearchCaches(app);

  const mix = await queryMix(app);
  const pages: LoadRequest[] = mix.map((m) => ({ path: `/vacancies?${m.params}`, headers: { accept: 'text/html' } }));
  const api: LoadRequest[] = mix.map((m) => ({ path: `/api/v1/vacancies?${m.params}` }));
  const pass = async (name: string, requests: LoadRequest[]) => {
    const before = { ...counted };
    const result = await load({ origin, requests, connections: 10, amount: requests.length });
    const n = result.requests;
    log(
      `${name}: ${n} requests, ${result.reqPerSec.toFixed(1)}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}; ` +
        `Meilisearch per request: ${((counted.requests - before.requests) / n).toFixed(3)} requests, ` +
        `${((counted.searches - before.searches) / n).toFixed(3)} searches`,
    );
  };

  dropCaches();
  await pass('page, first pass', pages);
  await pass('page, second pass', pages);
  dropCaches();
  await pass('API, first pass', api);
  await pass('page after the API', pages);
} finally {
  await tearDown(bench);
}
