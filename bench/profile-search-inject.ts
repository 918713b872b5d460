/**
 * The search page's CPU with the network left out: `app.inject` over a sample of the bench's mix, every answer
 * and count cached (warmed right before), so what is measured is the app's own work per page (hooks, routing,
 * presentation, Handlebars, headers), not Meilisearch and not the socket. `DATA_DIR=/work/bench-100k npx tsx
 * bench/profile-search-inject.ts`; PROFILE_CPU=<file> writes a V8 CPU profile of the first measured pass.
 * SAVE_HTML=<dir>: the first 20 pages as HTML, first sight and asked again (<dir>/again), for diff -r against
 * another tree's. INJECT_PATH=api measures GET /api/v1/vacancies instead; INJECT_ENCODING=br|gzip asks a compressed page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { queryMix, setUp, tearDown } from './setup.ts';

const SAMPLE = Number(process.env.PROFILE_SAMPLE ?? 100);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 5);
const REPEAT = Number(process.env.PROFILE_REPEAT ?? 5);
const bench = await setUp();
try {
  const { app } = bench;
  const mix = (await queryMix(app)).slice(0, SAMPLE);
  // What can make a measured pass leave the cache: the caches dropped (an index change seen, or search marked down).
  const engine = app.searchEngine as unknown as Record<string, (...args: unknown[]) => unknown>;
  const seen = { clears: 0, fallback: 0 };
  const clearCaches = engine.clearCaches!.bind(engine);
  engine.clearCaches = () => {
    seen.clears += 1;
    clearCaches();
  };
  const fallbackSearch = app.searchEngine.fallback.search.bind(app.searchEngine.fallback);
  app.searchEngine.fallback.search = (search) => {
    seen.fallback += 1;
    return fallbackSearch(search);
  };
  const api = process.env.INJECT_PATH === 'api';
  const urls = mix.map((m) => (api ? `/api/v1/vacancies?${m.params}` : `/vacancies?${m.params}`));
  const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html' };
  if (process.env.INJECT_ENCODING) headers['accept-encoding'] = process.env.INJECT_ENCODING;
  let bytes = 0;
  const pass = async () => {
    bytes = 0;
    for (const url of urls) {
      const response = await app.inject({ url, headers });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
      bytes += response.rawPayload.length;
    }
  };
  const save = async (dir: string) => {
    mkdirSync(dir, { recursive: true });
    for (const [i, url] of urls.slice(0, 20).entries()) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      // The anonymous CSRF token differs per request: blanked so that a diff shows only real changes.
      const html = response.body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
      writeFileSync(`${dir}/${String(i).padStart(2, '0')}.html`, `${response.statusCode}\n${html}`);
    }
  };
  if (process.env.SAVE_HTML) await save(process.env.SAVE_HTML);
  await pass(); // first sight: answers and counts
  if (process.env.SAVE_HTML) await save(`${process.env.SAVE_HTML}/again`);
  for (let round = 1; round <= ROUNDS; round += 1) {
    await pass(); // whatever went stale is refreshed now, not while measuring
    const session = round === 1 && process.env.PROFILE_CPU ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const before = { ...seen };
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < REPEAT; i += 1) await pass();
    const cpu = process.cpuUsage(cpu0);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE_CPU!, JSON.stringify(profile));
      session.disconnect();
    }
    const n = urls.length * REPEAT;
    console.log(
      `round ${round}: ${api ? 'API' : 'page'}${headers['accept-encoding'] ? ` ${headers['accept-encoding']}` : ''} CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms/request ` +
        `(user ${(cpu.user / 1000 / n).toFixed(3)}), ${Math.round(bytes / urls.length)} bytes/answer, ${n} requests; caches dropped ${seen.clears - before.clears}×, PostgreSQL fallback ${seen.fallback - before.fallback}×`,
    );
  }
} finally {
  await tearDown(bench);
}
