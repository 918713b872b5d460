/**
 * The bench's own world: embedded services in DATA_DIR (default .data/bench),
 * the app with its outbox worker, deterministic data seeded once and reused.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { startServices, type Services } from '../server/embedded/index.ts';
import { DEMO_PASSWORD, seedDemoData } from '../server/seed/demo.ts';
import { seedDemoMentees } from '../server/seed/mentees.ts';
import { Random } from '../server/seed/random.ts';
import { SearchQuery } from '../server/vacancies/schemas.ts';
import { toVacancySearch } from '../server/vacancies/service.ts';
import { countVacanciesForIndex } from '../server/vacancies/queries.ts';
import { reindexVacancies } from '../search/reindex.ts';
import { VACANCY_INDEX } from '../search/vacancy-index.ts';
import type { VacancySearch } from '../search/vacancy-search.ts';

export const VACANCIES = Number(process.env.BENCH_VACANCIES ?? 100_000);
export const MENTEES = Number(process.env.BENCH_MENTEES ?? 2_000);
export const QUERY_COUNT = 1_000;
const SEED = 4242;

export interface Bench {
  config: Config;
  services: Services;
  app: FastifyInstance;
  /** http://127.0.0.1:port of the app. */
  origin: string;
  mentor: { id: string; projectId: number; cookie: string };
  menteeIds: string[];
  /** How many vacancies the live index holds. */
  indexed: number;
  log(line: string): void;
}

const started = Date.now();
export function log(line: string): void {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

/** Logs in through the login form, as a browser would; returns the session cookie. */
export async function logIn(origin: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${origin}/login`);
  const anon = (form.headers.getSetCookie().find((c) => c.startsWith('jb_anon=')) ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('jb_session='));
  if (response.status !== 303 || !session) throw new Error(`login failed with ${response.status}`);
  return session.split(';')[0]!;
}

export async function setUp(): Promise<Bench> {
  const loaded = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/bench', LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const config: Config = loaded;
  log(`starting embedded services in ${config.dataDir}`);
  const services = await startServices(config, { fast: true });
  let app: FastifyInstance | undefined;
  try {
    // The match-list worker starts with the match rows (measurements/match.ts): running from the start, it
    // would compute every mentee's list during the rows before and load the machine they measure.
    app = await buildApp(config, services, { runOutboxWorker: true, runMatchListWorker: false });
    await app.ready();
    if (!app.searchEngine.available()) log('waiting for search to be set up (an index from an older version is rebuilt once)');
    for (let waited = 0; !app.searchEngine.available(); waited += 500) {
      if (waited > 15 * 60_000) throw new Error('search was not set up within 15 minutes');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const vacancies = Number(
      (
        await app.db
          .selectFrom('vacancies')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (vacancies < VACANCIES) {
      const t0 = Date.now();
      log(`seeding ${VACANCIES} vacancies (once; later runs reuse them)`);
      await seedDemoData(app.db, { vacancies: VACANCIES, seed: SEED });
      log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      await seedDemoData(app.db, { vacancies: 0, seed: SEED }); // the demo accounts, in older bench data too
    }
    const rows = await countVacanciesForIndex(app.db);
    const stats = await app.searchEngine.admin
      .index(VACANCY_INDEX)
      .getStats()
      .catch(() => ({ numberOfDocuments: -1 }));
    if (stats.numberOfDocuments !== rows) {
      const t0 = Date.now();
      log(`indexing ${rows} vacancies (the index holds ${stats.numberOfDocuments})`);
      await reindexVacancies(app.db, app.searchEngine.admin, app.searchEngine.sources, { log });
      log(`indexed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    const mentorRow = await app.db
      .selectFrom('accounts')
      .select(['id', 'project_id'])
      .where('email', '=', 'mentor@demo.local')
      .executeTakeFirstOrThrow();
    const projectId = mentorRow.project_id!;
    const menteeCount = async () =>
      Number(
        (
          await app!.db
            .selectFrom('mentees')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('project_id', '=', projectId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    if ((await menteeCount()) < MENTEES) {
      log(`seeding ${MENTEES} mentees`);
      await seedDemoMentees(app.db, projectId, mentorRow.id, MENTEES);
    }
    while ((await app.searchEngine.worker.drainOnce()) > 0) {
      // whatever the outbox holds (the mentees) reaches the index before measuring
    }
    const menteeIds = (
      await app.db
        .selectFrom('mentees')
        .select('id')
        .where('project_id', '=', projectId)
        .where('status', '=', 'active')
        .orderBy('id')
        .execute()
    ).map((m) => m.id);

    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = await logIn(origin, 'mentor@demo.local', DEMO_PASSWORD);
    const indexed = (await app.searchEngine.admin.index(VACANCY_INDEX).getStats()).numberOfDocuments;
    log(`${indexed} vacancies indexed, ${menteeIds.length} active mentees; app at ${origin}`);
    return { config, services, app, origin, mentor: { id: mentorRow.id, projectId, cookie }, menteeIds, indexed, log };
  } catch (error) {
    await app?.close();
    await services.stop();
    throw error;
  }
}

export async function tearDown(bench: Bench): Promise<void> {
  await bench.app.close();
  await bench.services.stop();
}

/** One query of the mix: its query string, and the VacancySearch the app derives from it. */
export interface MixQuery {
  params: string;
  search: VacancySearch;
}

/**
 * 1,000 realistic public searches, the same every run: free text or none, a
 * town (or postcode) with a radius, kind, German level, sometimes working time.
 */
export async function queryMix(app: FastifyInstance): Promise<MixQuery[]> {
  const r = new Random(7);
  const words = [
    '',
    '',
    '',
    'Pflege',
    'Lager',
    'Koch',
    'Elektro',
    'Verkauf',
    'Fahrer',
    'Reinigung',
    'Helfer',
    'Mechatroniker',
    'Kita',
    'Ausbildung',
    'Altenpflege',
    'Küche',
    'Friseur',
    'Maler',
    'Bäcker',
  ];
  const towns = [
    '',
    '',
    'Dresden',
    'Leipzig',
    'Chemnitz',
    'Zwickau',
    'Görlitz',
    'Bautzen',
    'Freiberg',
    '01067',
    '04109',
    'Plauen',
    'Riesa',
    'Pirna',
    'Meissen',
  ];
  const mix: MixQuery[] = [];
  while (mix.length < QUERY_COUNT) {
    const params = new URLSearchParams();
    const q = r.pick(words);
    if (q) params.set('q', q);
    const town = r.pick(towns);
    if (town) {
      params.set('town', town);
      params.set('radiusKm', String(r.pick([10, 25, 25, 50, 100])));
    }
    if (r.chance(0.5)) params.set('kind', r.pick(['job', 'apprenticeship']));
    if (r.chance(0.5)) params.set('germanLevel', r.pick(['A1', 'A2', 'B1', 'B2', 'C1']));
    if (r.chance(0.2)) params.set('workingTime', r.pick(['full', 'part']));
    const parsed = SearchQuery.parse(Object.fromEntries(params));
    const search = await toVacancySearch(app, parsed);
    if (!search.ok) throw new Error(`the bench query ${params.toString()} is invalid: ${JSON.stringify(search.errors)}`);
    mix.push({ params: params.toString(), search: search.value });
  }
  return mix;
}
