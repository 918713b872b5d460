/**
 * npm run bench: the public API's latency over varied queries on N seeded
 * vacancies, one client, measured end to end over HTTP. Runs its own embedded
 * services in DATA_DIR (default .data/bench) so it never touches your data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { startServices } from '../server/embedded/index.ts';
import { seedDemoData } from '../server/seed/demo.ts';
import { Random } from '../server/seed/random.ts';
import { reindexVacancies } from '../search/reindex.ts';
import { countPublished } from '../server/vacancies/queries.ts';

const VACANCIES = Number(process.env.BENCH_VACANCIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/bench', LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
const services = await startServices(config, { fast: true });
const app = await buildApp(config, services, { runOutboxWorker: true });
try {
  await app.ready();
  if ((await countPublished(app.db)) < VACANCIES * 0.8) {
    const t0 = Date.now();
    await seedDemoData(app.db, { vacancies: VACANCIES, seed: 4242 });
    const { documents } = await reindexVacancies(app.db, app.searchEngine.admin);
    console.log(`seeded ${VACANCIES} vacancies (${documents} published) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const r = new Random(7);
  const words = ['', '', 'Pflege', 'Lager', 'Koch', 'Elektro', 'Verkauf', 'Fahrer', 'Reinigung', 'Helfer', 'Mechatroniker', 'Kita', 'Ausbildung'];
  const towns = ['', 'Dresden', 'Leipzig', 'Chemnitz', 'Zwickau', 'Görlitz', 'Bautzen', 'Freiberg', '01067', 'Plauen', 'Riesa'];
  const urls = Array.from({ length: QUERIES }, () => {
    const params = new URLSearchParams();
    const q = r.pick(words);
    if (q) params.set('q', q);
    const town = r.pick(towns);
    if (town) {
      params.set('town', town);
      params.set('radiusKm', String(r.pick([10, 25, 50, 100])));
    }
    if (r.chance(0.5)) params.set('kind', r.pick(['job', 'apprenticeship']));
    if (r.chance(0.5)) params.set('germanLevel', r.pick(['A1', 'A2', 'B1', 'B2', 'C1']));
    if (r.chance(0.3)) params.set('workingTime', r.pick(['full', 'part']));
    return `${base}/api/v1/vacancies?${params.toString()}`;
  });

  for (const url of urls.slice(0, 20)) await (await fetch(url)).arrayBuffer(); // warm-up
  const timings: number[] = [];
  let degraded = 0;
  for (const url of urls) {
    const t0 = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { degraded?: boolean };
    timings.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (body.degraded) degraded += 1;
  }
  timings.sort((a, b) => a - b);
  const result = {
    name: 'GET /api/v1/vacancies, 1 client',
    vacancies: await countPublished(app.db),
    queries: QUERIES,
    p50Ms: Number(percentile(timings, 50).toFixed(2)),
    p99Ms: Number(percentile(timings, 99).toFixed(2)),
    maxMs: Number(timings.at(-1)!.toFixed(2)),
    degraded,
  };
  console.table([result]);
  mkdirSync(path.join('bench', 'results'), { recursive: true });
  writeFileSync(path.join('bench', 'results', 'latest.json'), `${JSON.stringify([result], null, 2)}\n`);
} finally {
  await app.close();
  await services.stop();
}
