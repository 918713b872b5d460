/**
 * Where write-to-searchable's time goes (issue 16 item 3): raw one-document writes and portal vacancy updates,
 * interleaved in one run on the live vacancies index (same index, same settings, same load), each portal sample
 * split into stages by timestamps taken around the outbox worker's steps and Meilisearch's own task times.
 *
 *   DATA_DIR=/work/bench-100k npx tsx bench/write-stages.ts          (SAMPLES=40; LISTS=1 runs the match-list worker too)
 *
 * Not part of `npm run bench`: a focused tool. The raw writes change the index behind PostgreSQL's back; every
 * touched vacancy is pushed again through the outbox at the end, so the index equals the table afterwards.
 */
import type { Task } from 'meilisearch';
import { enqueueIndexing } from '../server/indexing/write.ts';
import { VACANCY_INDEX, type VacancyDocument } from '../search/vacancy-index.ts';
import { Random } from '../server/seed/random.ts';
import { updateOwnVacancy } from '../server/vacancies/queries.ts';
import { percentile } from './report.ts';
import { setUp, tearDown } from './setup.ts';
import { editCandidates, uniqueWord, waitUntilFound } from './measurements/write.ts';

const SAMPLES = Number(process.env.SAMPLES ?? 40);
const SUFFIX = / zq[a-z]+$/;

/** Timestamps (performance.now(), ms) of one portal sample's worker steps; the drain that claimed its row writes into it. */
type Marks = Record<string, number>;
let active: Marks = {};
const mark = (name: string, into: Marks = active) => {
  into[name] ??= performance.now();
};
/** performance.now() of a Meilisearch RFC 3339 time (the same machine's clock). */
const perfOf = (iso: string | null | undefined) => (iso ? Date.parse(iso) - (Date.now() - performance.now()) : Number.NaN);

const bench = await setUp();
const { app } = bench;
try {
  if (process.env.LISTS === '1') app.matchLists.worker.start();
  const admin = app.searchEngine.admin;
  const publicClient = app.searchEngine.public()!;
  const worker = app.searchEngine.worker;
  const feed = app.searchEngine.sources.get(VACANCY_INDEX);

  // Wrap the worker's steps (the same objects the worker calls).
  const drainOnce = worker.drainOnce.bind(worker);
  /** Samples committed and not yet claimed by a drain, oldest first (a drain that claims several marks the first). */
  const pending: Marks[] = [];
  let drainStartedAt = 0;
  worker.drainOnce = async () => {
    drainStartedAt = performance.now();
    active = {};
    const n = await drainOnce();
    if (n > 0) mark('drainEnd');
    return n;
  };
  const documents = feed.documents.bind(feed);
  (feed as { documents: typeof feed.documents }).documents = async (db, ids) => {
    if (ids.length > 0 && pending.length > 0) {
      active = pending.shift()!;
      active.drainStart = drainStartedAt;
    }
    mark('loadStart');
    const docs = await documents(db, ids);
    mark('loaded');
    return docs;
  };
  const afterChange = feed.afterChange.bind(feed);
  (feed as { afterChange: typeof feed.afterChange }).afterChange = async (db, changed) => {
    mark('afterChangeStart');
    await afterChange(db, changed);
    mark('afterChangeEnd');
  };
  const indexProto = Object.getPrototypeOf(admin.index(VACANCY_INDEX)) as {
    addDocuments: (...a: unknown[]) => Promise<{ taskUid: number }>;
  };
  const addDocuments = indexProto.addDocuments;
  indexProto.addDocuments = async function (this: unknown, ...args: unknown[]) {
    mark('addSent');
    const enqueued = await addDocuments.apply(this, args);
    mark('addEnqueued');
    active.taskUid = enqueued.taskUid;
    return enqueued;
  };
  const getTask = admin.tasks.getTask.bind(admin.tasks);
  admin.tasks.getTask = async (uid: number) => {
    const task = await getTask(uid);
    if (uid === active.taskUid) {
      active.polls = (active.polls ?? 0) + 1;
      if (task.status === 'succeeded') mark('workerSawSuccess');
    }
    return task;
  };

  const candidates = await editCandidates(app.db);
  const r = new Random(Number(process.env.SEED ?? 13));
  const portalDocs = Array.from({ length: SAMPLES }, () => r.pick(candidates));
  // Disjoint from the portal's: a late push of a portal edit would overwrite a raw write of the same vacancy.
  const rawCandidates = candidates.filter((c) => !portalDocs.includes(c));
  const rawDocs = (await feed.documents(
    app.db,
    Array.from({ length: SAMPLES }, () => r.pick(rawCandidates).id),
  )) as VacancyDocument[];

  const raw: number[] = [];
  const portal: number[] = [];
  const stages: Record<string, number[]> = {};
  const stage = (name: string, ms: number) => (stages[name] ??= []).push(ms);
  const rawStages: Record<string, number[]> = {};
  const rawStage = (name: string, ms: number) => (rawStages[name] ??= []).push(ms);

  const waitFinished = async (uid: number): Promise<Task> => {
    for (;;) {
      const task = await getTask(uid);
      if (task.finishedAt) return task;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  /** Samples not findable within 30 s (the machine's load): counted, not measured. */
  let lost = 0;
  const countLost = (error: unknown) => {
    lost += 1;
    console.log(String(error));
    return false;
  };
  const portalSample = async (vacancy: (typeof candidates)[number], word: string, after: string) => {
    await app.db.transaction().execute(async (trx) => {
      await updateOwnVacancy(trx, vacancy.employer_id, vacancy.id, { title: `${vacancy.title.replace(SUFFIX, '')} ${word}` });
      await enqueueIndexing(trx, VACANCY_INDEX, [vacancy.id]);
    });
    const busy = (worker as unknown as { running?: Promise<void> }).running !== undefined;
    const marks: Marks = {};
    pending.push(marks);
    const committed = performance.now();
    worker.kick(); // as the service does after its commit
    if (!(await waitUntilFound(publicClient, VACANCY_INDEX, vacancy.id, word).then(() => true, countLost))) return async () => {};
    const found = performance.now();
    (after === 'raw' ? portalAfterRaw : portalAfterPortal).push(found - committed);
    portal.push(found - committed);
    return async () => {
      for (let w = 0; marks.drainEnd === undefined && w < 1000; w += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      if (marks.taskUid === undefined) return;
      const task = await waitFinished(marks.taskUid);
      stage('commit → drain starts', marks.drainStart! - committed);
      stage('drain starts → load starts (tx, lock, claim)', marks.loadStart! - marks.drainStart!);
      stage('load rows + map', marks.loaded! - marks.loadStart!);
      stage('loaded → add sent', marks.addSent! - marks.loaded!);
      stage('add sent → enqueued', marks.addEnqueued! - marks.addSent!);
      stage('enqueued → started (queue)', perfOf(task.startedAt) - marks.addEnqueued!);
      stage('started → finished (Meili)', perfOf(task.finishedAt) - perfOf(task.startedAt));
      stage('finished → found', found - perfOf(task.finishedAt));
      stage('finished → worker saw it', marks.workerSawSuccess! - perfOf(task.finishedAt));
      stage('afterChange', marks.afterChangeEnd! - marks.afterChangeStart!);
      stage('found → drain end (holds the next push)', marks.drainEnd! - found);
      stage('task polls', marks.polls ?? 0);
      stage('drain was busy at commit (1/0)', busy ? 1 : 0);
    };
  };
  const portalAfterRaw: number[] = [];
  const portalAfterPortal: number[] = [];

  // Rounds of raw, portal, portal: the second portal edit commits right after the first is found, as in the bench's row.
  for (let i = 0; i < SAMPLES; i += 1) {
    {
      const doc = rawDocs[i % rawDocs.length]!;
      const word = uniqueWord(3 * i);
      const t0 = performance.now();
      const { taskUid } = await addDocuments.call(
        admin.index(VACANCY_INDEX),
        [{ ...doc, title: `${doc.title.replace(SUFFIX, '')} ${word}` }],
        {
          primaryKey: 'id',
        },
      );
      const enqueued = performance.now();
      if (!(await waitUntilFound(publicClient, VACANCY_INDEX, doc.id, word).then(() => true, countLost))) continue;
      const found = performance.now();
      raw.push(found - t0);
      const task = await waitFinished(taskUid);
      rawStage('send → enqueued', enqueued - t0);
      rawStage('enqueued → started (queue)', perfOf(task.startedAt) - enqueued);
      rawStage('started → finished (Meili)', perfOf(task.finishedAt) - perfOf(task.startedAt));
      rawStage('finished → found', found - perfOf(task.finishedAt));
    }
    if (i % 2 === 1) continue; // SAMPLES portal samples in all: two every other round
    const first = await portalSample(portalDocs[i]!, uniqueWord(3 * i + 1), 'raw');
    const second = await portalSample(portalDocs[i + 1] ?? portalDocs[0]!, uniqueWord(3 * i + 2), 'portal');
    await first();
    await second();
  }

  const fmt = (all: number[]) => {
    const xs = all.filter((x) => Number.isFinite(x));
    return `p50 ${percentile(xs, 50).toFixed(0).padStart(5)}  p99 ${percentile(xs, 99).toFixed(0).padStart(5)}  max ${Math.max(...xs)
      .toFixed(0)
      .padStart(5)}  n ${xs.length}`;
  };
  console.log(
    `\n${SAMPLES} raw and ${SAMPLES} portal samples, interleaved, ${bench.indexed} vacancies; LISTS=${process.env.LISTS ?? '0'}; not found within 30 s: ${lost}`,
  );
  console.log(`raw    ${fmt(raw)}`);
  console.log(
    `portal ${fmt(portal)}   ratio p50 ${(percentile(portal, 50) / percentile(raw, 50)).toFixed(2)}  p99 ${(percentile(portal, 99) / percentile(raw, 99)).toFixed(2)}`,
  );
  console.log(`portal, first after a raw write    ${fmt(portalAfterRaw)}`);
  console.log(`portal, right after a portal edit  ${fmt(portalAfterPortal)}`);
  console.log('raw stages:');
  for (const [name, xs] of Object.entries(rawStages)) console.log(`  ${name.padEnd(48)} ${fmt(xs)}`);
  console.log('portal stages:');
  for (const [name, xs] of Object.entries(stages)) console.log(`  ${name.padEnd(48)} ${fmt(xs)}`);
  console.log(
    `CPU of this process: ${(process.cpuUsage().user / 1e6).toFixed(1)} s user, ${(process.cpuUsage().system / 1e6).toFixed(1)} s sys`,
  );

  // Put back what the raw writes and the updates changed (through the outbox).
  const ids = [...new Set([...portalDocs.map((v) => v.id), ...rawDocs.map((d) => d.id)])];
  await app.db.transaction().execute(async (trx) => {
    for (const vacancy of candidates.filter((c) => ids.includes(c.id)))
      await updateOwnVacancy(trx, vacancy.employer_id, vacancy.id, { title: vacancy.title.replace(SUFFIX, '') });
    await enqueueIndexing(trx, VACANCY_INDEX, ids);
  });
  while ((await worker.drainOnce()) > 0) {
    // until the restored titles are indexed
  }
} finally {
  await tearDown(bench);
}
