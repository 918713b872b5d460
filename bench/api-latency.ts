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
import { seedDemoMentees } from '../server/seed/mentees.ts';
import { DEMO_PASSWORD } from '../server/seed/demo.ts';

const VACANCIES = Number(process.env.BENCH_VACANCIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

/** Logs in through the login form, as a browser would; returns the session cookie. */
async function logIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const anon = (form.headers.getSetCookie().find((c) => c.startsWith('jb_anon=')) ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('jb_session='));
  if (response.status !== 303 || !session) throw new Error(`login failed with ${response.status}`);
  return session.split(';')[0]!;
}

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
  const vacancies = await countPublished(app.db);
  const summary = (name: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      name,
      vacancies,
      requests: sorted.length,
      p50Ms: Number(percentile(sorted, 50).toFixed(2)),
      p99Ms: Number(percentile(sorted, 99).toFixed(2)),
      maxMs: Number(sorted.at(-1)!.toFixed(2)),
    };
  };
  const results = [{ ...summary('GET /api/v1/vacancies, 1 client', timings), degraded }];

  // The mentor's match page for the demo mentees, logged in as the demo mentor.
  await seedDemoData(app.db, { vacancies: 0 }); // demo accounts (and the mentor's project) in older bench data too
  const mentor = await app.db.selectFrom('accounts').select(['id', 'project_id']).where('email', '=', 'mentor@demo.local').executeTakeFirstOrThrow();
  await seedDemoMentees(app.db, mentor.project_id!, mentor.id, 24);
  while ((await app.searchEngine.worker.drainOnce()) > 0) {
    // index the demo mentees
  }
  const cookie = await logIn(base, 'mentor@demo.local', DEMO_PASSWORD);
  const mentees = await app.db.selectFrom('mentees').select('id').where('project_id', '=', mentor.project_id!).where('status', '=', 'active').execute();
  const matchTimings: number[] = [];
  for (let i = 0; i < QUERIES + 20; i += 1) {
    const url = `${base}/mentor/mentees/${mentees[i % mentees.length]!.id}/matches`;
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie, accept: 'text/html' } });
    await response.text();
    if (i >= 20) matchTimings.push(performance.now() - t0); // the first 20 warm up
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  }
  results.push({ ...summary('GET /mentor/mentees/:id/matches (page), 1 client', matchTimings), degraded: 0 });

  console.table(results);
  mkdirSync(path.join('bench', 'results'), { recursive: true });
  writeFileSync(path.join('bench', 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await app.close();
  await services.stop();
}
