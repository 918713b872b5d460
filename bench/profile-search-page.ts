/**
 * The search page's own CPU per page with every answer cached (issue 13's search-page row): the bench's 1,000-query
 * mix, warmed as the bench warms it (the page's first pass fills the answers and the counts), then PROFILE_ROUNDS
 * passes at 1 client over HTTP, counting this process's CPU (process.cpuUsage: hooks, routing, Handlebars, JSON,
 * compression; autocannon runs in a child process and is not counted) and the Meilisearch requests the pass still
 * sent (a stale answer refreshed in the background costs CPU too, so the count says whether the pass was all cache).
 * The API's CPU per request is measured the same way, for the ratio.
 *
 *   DATA_DIR=/work/bench-100k npx tsx bench/profile-search-page.ts
 *
 * PROFILE_CPU=<file>: a V8 CPU profile of the first measured page pass. SAVE_HTML=<dir>: the pages of the first 20
 * queries as HTML files, to compare a change's output before and after (diff -r). PROFILE_ENCODING=br|gzip: the
 * pages asked compressed as well (the bench's load asks identity). Not part of npm run bench.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Meilisearch } from 'meilisearch';
import { load, type LoadRequest } from './load.ts';
import { queryMix, setUp, tearDown } from './setup.ts';

const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
// A sample small enough that warming it and measuring it fit inside the answer cache's 30 s freshness, on a busy machine too.
const SAMPLE = Number(process.env.PROFILE_SAMPLE ?? 200);
const bench = await setUp();
try {
  const { app, origin } = bench;
  const client = app.searchEngine.public();
  if (!client) throw new Error('Meilisearch is not set up');
  let meiliRequests = 0;
  // Counted on the client object, calling the class's own method, so the limiter's wrapping is left as it is.
  client.multiSearch = function (this: Meilisearch, ...args: Parameters<Meilisearch['multiSearch']>) {
    meiliRequests += 1;
    return Meilisearch.prototype.multiSearch.apply(this, args);
  } as Meilisearch['multiSearch'];
  const searchIndex = client.index.bind(client);
  // Single-index searches go through index(...).search: counted there.
  client.index = ((uid: string) => {
    const index = searchIndex(uid);
    const search = index.search.bind(index);
    index.search = ((...args: Parameters<typeof search>) => {
      meiliRequests += 1;
      return search(...args);
    }) as typeof index.search;
    return index;
  }) as typeof client.index;

  const fullMix = await queryMix(app);
  const mix = fullMix.slice(0, SAMPLE);
  const pages: LoadRequest[] = mix.map((m) => ({ path: `/vacancies?${m.params}`, headers: { accept: 'text/html' } }));
  const api: LoadRequest[] = mix.map((m) => ({ path: `/api/v1/vacancies?${m.params}` }));

  if (process.env.SAVE_HTML) {
    mkdirSync(process.env.SAVE_HTML, { recursive: true });
    for (const [i, m] of mix.slice(0, 20).entries()) {
      const response = await app.inject({ url: `/vacancies?${m.params}`, headers: { accept: 'text/html' } });
      // The anonymous CSRF token differs per request: blanked so that a diff shows only real changes.
      const html = response.body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
      writeFileSync(`${process.env.SAVE_HTML}/${String(i).padStart(2, '0')}.html`, `${response.statusCode}\n${html}`);
    }
    bench.log(`saved 20 pages to ${process.env.SAVE_HTML}`);
  }

  bench.log(`warming: the first ${SAMPLE} queries of the mix as pages (answers and counts)`);
  await load({ origin, requests: pages, connections: 10, amount: pages.length });

  const measure = async (label: string, requests: LoadRequest[], headers: Record<string, string> = {}, profile?: string) => {
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    // Right before: whatever went stale since is refreshed now, not during the measured pass.
    await load({ origin, requests: pages, connections: 1, amount: pages.length });
    const sent = meiliRequests;
    const cpu0 = process.cpuUsage();
    const repeated = [...requests, ...requests];
    const result = await load({ origin, requests: repeated, connections: 1, amount: repeated.length, headers });
    const cpu = process.cpuUsage(cpu0);
    if (session) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(profile!, JSON.stringify(taken));
      session.disconnect();
    }
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
    const perRequest = (cpu.user + cpu.system) / 1000 / result.requests;
    console.log(
      `${label.padEnd(34)} CPU ${perRequest.toFixed(3)} ms/request (user ${(cpu.user / 1000 / result.requests).toFixed(3)}), ` +
        `${result.requests} requests, p50 ${result.p50Ms.toFixed(2)} ms, Meilisearch requests sent ${meiliRequests - sent}`,
    );
    return perRequest;
  };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const page = await measure(
      `round ${round}: page`,
      pages,
      {},
      round === 1 && process.env.PROFILE_CPU ? process.env.PROFILE_CPU : undefined,
    );
    const json = await measure(`round ${round}: API`, api);
    console.log(`round ${round}: page / API CPU ${(page / json).toFixed(2)}`);
    if (process.env.PROFILE_ENCODING)
      await measure(`round ${round}: page, ${process.env.PROFILE_ENCODING}`, pages, { 'accept-encoding': process.env.PROFILE_ENCODING });
  }
  if (process.env.PROFILE_TIMED) {
    // The bench's own timed row: the whole mix once at 10 clients (its first pass), then BENCH_SECONDS at 10 clients.
    const all: LoadRequest[] = fullMix.map((m) => ({ path: `/vacancies?${m.params}`, headers: { accept: 'text/html' } }));
    await load({ origin, requests: all, connections: 10, amount: all.length });
    const sent = meiliRequests;
    const cpu0 = process.cpuUsage();
    const timed = await load({ origin, requests: all, connections: 10 });
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `timed mix, 10 clients: ${timed.reqPerSec.toFixed(1)} pages/s, p50 ${timed.p50Ms.toFixed(1)} ms, p99 ${timed.p99Ms.toFixed(1)} ms, ` +
        `CPU ${((cpu.user + cpu.system) / 1000 / timed.requests).toFixed(3)} ms/page, Meilisearch requests sent ${meiliRequests - sent}, non-2xx ${timed.non2xx}`,
    );
  }
} finally {
  await tearDown(bench);
}
