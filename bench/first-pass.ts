/**
 * The search page's uncached first pass against the raw ceiling (issue 16, item 5), in one run on a copy of the
 * bench's data: the bench's own search rows (bench/measurements/search.ts, unchanged: its raw ceiling at 10 clients
 * and its page first pass, whose ratio the issue asks for), then the same passes again with load-robust counts:
 * Meilisearch's CPU (from /proc/<pid>/stat) and the searches sent, per request.
 *
 *   cp -a /work/bench-100k /tmp/b100k
 *   DATA_DIR=/tmp/b100k BENCH_VACANCIES=100000 BENCH_MENTEES=0 npx tsx bench/first-pass.ts
 *
 * The CPU passes: raw (the 1,000 bodies POSTed to /search), the API first pass (answers cached), the page right
 * after it (it pays for its counts only, as in the bench, where the API's passes ran before), and the page with
 * every cache dropped (search and counts), as the bench's first-pass row now measures it. PROFILE_CPU=<file>: a V8 CPU
 * profile of the app during that last pass; SKIP_ROWS=1 leaves out the bench's rows; ROUNDS (default 1). Not part of
 * npm run bench.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Meilisearch } from 'meilisearch';
import { ensurePublicSearchKey } from '../search/setup.ts';
import { load, type LoadRequest } from './load.ts';
import { countPublicSearches, dropSearchCaches } from './search-counter.ts';
import { meiliSearchRequest, measureSearch } from './measurements/search.ts';
import { cpuMsOf } from './proc.ts';
import { log, queryMix, setUp, tearDown } from './setup.ts';

const bench = await setUp();
try {
  const { app, origin, services } = bench;
  const meiliPid = services.meilisearch?.pid;
  if (!meiliPid) throw new Error('Meilisearch is not embedded here: its CPU cannot be read');

  if (process.env.SKIP_ROWS !== '1') {
    for (const row of await measureSearch(bench)) {
      if (/raw ceiling: Meilisearch search, 1,000-query mix, 10 clients|first pass/.test(row.name))
        log(
          `${row.name}: ${row.reqPerSec}/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ratio ${row.ratio}${row.note ? `; ${row.note}` : ''}`,
        );
    }
  }

  const counted = countPublicSearches(app);
  const dropCaches = () => dropSearchCaches(app);

  const mix = await queryMix(app);
  const publicKey = await ensurePublicSearchKey(new Meilisearch({ host: services.meiliUrl, apiKey: services.meiliMasterKey }));
  const headers = { authorization: `Bearer ${publicKey}`, 'content-type': 'application/json' };
  const raw: LoadRequest[] = mix.map((m) => meiliSearchRequest(m.search, headers));
  const pages: LoadRequest[] = mix.map((m) => ({ path: `/vacancies?${m.params}`, headers: { accept: 'text/html' } }));
  const api: LoadRequest[] = mix.map((m) => ({ path: `/api/v1/vacancies?${m.params}` }));

  const pass = async (name: string, target: string, requests: LoadRequest[], profile?: string) => {
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const before = { ...counted, meili: cpuMsOf(meiliPid), app: process.cpuUsage() };
    const result = await load({ origin: target, requests, connections: 10, amount: requests.length });
    const meili = cpuMsOf(meiliPid) - before.meili;
    const appCpu = process.cpuUsage(before.app);
    if (session) {
      writeFileSync(profile!, JSON.stringify((await session.post('Profiler.stop')).profile));
      session.disconnect();
    }
    const n = result.requests;
    log(
      `${name.padEnd(28)} ${result.reqPerSec.toFixed(1)}/s p50 ${result.p50Ms} ms, non-2xx ${result.non2xx}; per request: ` +
        `Meilisearch CPU ${(meili / n).toFixed(2)} ms, app CPU ${((appCpu.user + appCpu.system) / 1000 / n).toFixed(2)} ms, ` +
        `${((counted.requests - before.requests) / n).toFixed(3)} requests, ${((counted.searches - before.searches) / n).toFixed(3)} searches`,
    );
    return { ...result, meiliMs: meili / n };
  };

  const rounds = Number(process.env.ROUNDS ?? 1);
  for (let round = 1; round <= rounds; round += 1) {
    const rawPass = await pass('raw Meilisearch', services.meiliUrl, raw);
    dropCaches();
    await pass('API, first pass', origin, api);
    const counts = await pass('page after the API (counts)', origin, pages);
    dropCaches();
    const cold = await pass('page, all caches dropped', origin, pages, round === 1 ? process.env.PROFILE_CPU : undefined);
    log(
      `round ${round}: Meilisearch CPU per page / per raw search: counts only ${(counts.meiliMs / rawPass.meiliMs).toFixed(2)}, ` +
        `cold ${(cold.meiliMs / rawPass.meiliMs).toFixed(2)}; req/s ratio counts only ${(counts.reqPerSec / rawPass.reqPerSec).toFixed(3)}, ` +
        `cold ${(cold.reqPerSec / rawPass.reqPerSec).toFixed(3)}`,
    );
  }
} finally {
  await tearDown(bench);
}
