/**
 * npm run eval:matching [-- --verbose]
 *
 * Measures the portal's match ranking on the labelled set: starts its own
 * embedded PostgreSQL and Meilisearch in DATA_DIR (default .data/eval; URLs
 * in the environment are ignored, so no other database is touched), loads
 * vacancies.json (stored as the employer's service stores them, with ids
 * that are the same in every run, then the swap reindex: equal scores tie
 * the same way each time, so the numbers repeat) and profiles.json through
 * the mentee service, indexes everything, then compares for every profile
 * the portal's top 10 matches (not the stretch list) with the plain baseline
 * of baseline.ts: precision@10 and nDCG@10 against the judgements.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { EmbeddedServiceError, startServices, type Services } from '../../server/embedded/index.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { menteeMatches } from '../../server/matches/service.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { reindexVacancies } from '../../search/reindex.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { baselineRanking } from './baseline.ts';
import { loadProfiles, loadVacancies } from './fixture.ts';
import { createEvalEmployer, createEvalMentees, createEvalMentor, flushOutbox, insertVacanciesInBulk, type Mentor } from './load.ts';
import { mean, ndcgAt, precisionAt } from './metrics.ts';

const K = 10;
/** The profiles from this key on were added for issue 15 (qualification, recognition, German courses, work permits): reported apart too. */
const FIRST_NEW_PROFILE = 'P46';
const EMPLOYER_EMAIL = 'eval-employer@matching-eval.invalid';
const MENTOR_EMAIL = 'eval-mentor@matching-eval.invalid';
const verbose = process.argv.includes('--verbose');
const out = (line = '') => process.stdout.write(`${line}\n`);

/** A rerun in the same DATA_DIR starts from a clean slate: the previous run's vacancies and mentees go, index included. */
async function clearPreviousRun(app: FastifyInstance): Promise<{ employerId?: string; mentor?: Mentor }> {
  const employer = await app.db.selectFrom('accounts').select('employer_id').where('email', '=', EMPLOYER_EMAIL).executeTakeFirst();
  const mentor = await app.db.selectFrom('accounts').select(['id', 'project_id']).where('email', '=', MENTOR_EMAIL).executeTakeFirst();
  await app.db.transaction().execute(async (trx) => {
    if (employer?.employer_id) {
      const gone = await trx.deleteFrom('vacancies').where('employer_id', '=', employer.employer_id).returning('id').execute();
      await enqueueIndexing(
        trx,
        VACANCY_INDEX,
        gone.map((r) => r.id),
      );
    }
    if (mentor) {
      const gone = await trx.deleteFrom('mentees').where('mentor_id', '=', mentor.id).returning('id').execute();
      await enqueueIndexing(
        trx,
        MENTEE_INDEX,
        gone.map((r) => r.id),
      );
    }
  });
  const others = await app.db
    .selectFrom('vacancies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'published')
    .$if(Boolean(employer?.employer_id), (q) => q.where('employer_id', '!=', employer!.employer_id!))
    .executeTakeFirstOrThrow();
  if (Number(others.n) > 0) {
    throw new Error(
      `DATA_DIR holds ${others.n} other published vacancies, which would blur the measurement: point DATA_DIR at a folder of its own`,
    );
  }
  return { employerId: employer?.employer_id ?? undefined, mentor: mentor ? { id: mentor.id, projectId: mentor.project_id! } : undefined };
}

async function evaluate(app: FastifyInstance): Promise<void> {
  const vacancies = loadVacancies();
  const profiles = loadProfiles();
  const started = Date.now();
  const previous = await clearPreviousRun(app);
  await flushOutbox(app);
  const employerId = previous.employerId ?? (await createEvalEmployer(app, EMPLOYER_EMAIL, 'Matching-Evaluation'));
  const mentor = previous.mentor ?? (await createEvalMentor(app, MENTOR_EMAIL));
  const ids = await insertVacanciesInBulk(app, employerId, vacancies, { stableIds: true, enqueue: false });
  await reindexVacancies(app.db, app.searchEngine.admin, app.searchEngine.sources);
  const mentees = await createEvalMentees(app, mentor, profiles);
  await flushOutbox(app);
  const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
  out(`Loaded ${vacancies.length} vacancies and ${profiles.length} profiles in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  const today = todayInBerlin();
  const rows: { key: string; portal: number[]; baseline: number[]; relevant: number }[] = [];
  for (const profile of profiles) {
    const mentee = mentees.get(profile.key)!;
    const grades = new Map(profile.judgements.map((j) => [j.vacancy, j.grade]));
    // On a loaded machine a search can time out ("unavailable"): the measurement asks again rather than fail.
    let matched = await menteeMatches(app, mentor.projectId, mentee.id);
    for (let attempt = 1; !matched.ok && matched.kind === 'unavailable' && attempt < 5; attempt += 1) {
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
      for (let waited = 0; !app.searchEngine.available() && waited < 60_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
      matched = await menteeMatches(app, mentor.projectId, mentee.id);
    }
    if (!matched.ok) throw new Error(`${profile.key}: matching answered "${matched.kind}"`);
    const portal = matched.value.list.matches.slice(0, K).map((m) => keyOf.get(m.vacancy.id) ?? m.vacancy.id);
    const baseline = (await baselineRanking(app.db, mentee, { today, limit: K })).map((id) => keyOf.get(id) ?? id);
    const scores = (ranking: string[]) => [precisionAt(K, ranking, grades), ndcgAt(K, ranking, grades)];
    rows.push({ key: profile.key, portal: scores(portal), baseline: scores(baseline), relevant: grades.size });
    if (verbose) {
      const show = (ranking: string[]) => ranking.map((key) => `${key}${grades.has(key) ? `(${grades.get(key)})` : ''}`).join(' ') || '-';
      out(
        `${profile.key}  relevant ${String(grades.size).padStart(2)}  portal P@10 ${fmt(rows.at(-1)!.portal[0]!)} nDCG ${fmt(rows.at(-1)!.portal[1]!)}` +
          `  baseline P@10 ${fmt(rows.at(-1)!.baseline[0]!)} nDCG ${fmt(rows.at(-1)!.baseline[1]!)}`,
      );
      out(`     portal:   ${show(portal)}`);
      out(`     baseline: ${show(baseline)}`);
    }
  }

  const ceiling = (keys: Set<string>) => mean(profiles.filter((p) => keys.has(p.key)).map((p) => Math.min(K, p.judgements.length) / K));
  const parts: [string, typeof rows][] = [
    ['whole set', rows],
    [`new part (${FIRST_NEW_PROFILE} on, issue 15)`, rows.filter((r) => Number(r.key.slice(1)) >= Number(FIRST_NEW_PROFILE.slice(1)))],
    [`older part (before ${FIRST_NEW_PROFILE})`, rows.filter((r) => Number(r.key.slice(1)) < Number(FIRST_NEW_PROFILE.slice(1)))],
  ];
  for (const [name, part] of parts) {
    if (part.length === 0) continue;
    const avg = (pick: (r: (typeof rows)[number]) => number) => fmt(mean(part.map(pick)));
    const judged = profiles.filter((p) => part.some((r) => r.key === p.key)).reduce((n, p) => n + p.judgements.length, 0);
    out();
    out(`Match quality, ${name}: ${part.length} profiles (${judged} judged relevant vacancies, mean of per-profile scores)`);
    out('');
    out('ranking                 precision@10   nDCG@10');
    out(`portal (matches)        ${avg((r) => r.portal[0]!).padStart(12)}   ${avg((r) => r.portal[1]!).padStart(7)}`);
    out(`baseline (full text)    ${avg((r) => r.baseline[0]!).padStart(12)}   ${avg((r) => r.baseline[1]!).padStart(7)}`);
    out(`best possible           ${fmt(ceiling(new Set(part.map((r) => r.key)))).padStart(12)}   ${fmt(1).padStart(7)}`);
    const better = part.filter((r) => r.portal[1]! > r.baseline[1]!).length;
    const worse = part.filter((r) => r.portal[1]! < r.baseline[1]!).length;
    out(`nDCG@10 per profile: portal better on ${better}, baseline better on ${worse}, equal on ${part.length - better - worse}.`);
  }
}

const fmt = (n: number) => n.toFixed(3);

async function main(): Promise<void> {
  // Its own embedded services only: external URLs from the environment are dropped.
  const { DATABASE_URL: _db, MEILI_URL: _meili, MEILI_MASTER_KEY: _key, ...env } = process.env;
  const base = loadConfig({ DATA_DIR: '.data/eval', LOG_LEVEL: 'error', ...env });
  const config = { ...base, seedDemo: false };
  let services: Services | undefined;
  let app: FastifyInstance | undefined;
  try {
    services = await startServices(config, { fast: true });
    app = await buildApp(config, services, { runOutboxWorker: false });
    await app.ready();
    // A fresh DATA_DIR (or a busy machine) can take longer than the app's start wait to set search up: wait for it.
    for (let waited = 0; !app.searchEngine.available() && waited < 120_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
    if (!app.searchEngine.available()) throw new Error('Meilisearch did not come up within two minutes');
    await evaluate(app);
    process.exitCode = 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof EmbeddedServiceError;
    process.stderr.write(`eval:matching failed: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = 1;
  } finally {
    await app?.close().catch(() => undefined);
    await services?.stop().catch(() => undefined);
  }
}

await main();
