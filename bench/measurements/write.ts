/**
 * Write-to-searchable: from the commit of a vacancy update (row + outbox row in
 * one transaction, as the service does) to the change being findable through
 * the public search key, with the app's outbox worker doing the push; and its
 * raw ceiling, one changed document added straight to Meilisearch until a search
 * finds it. The two alternate, one raw write before each update, on the same live
 * index: at a million a one-document task costs 0.2-1.2 s depending on what
 * Meilisearch did just before (a swap, a large import, the machine's load), so a
 * ceiling measured on another index at another time (the scratch index of the
 * raw import, as before 7 December) made the ratio a comparison of two moments.
 */
import { TARGETS } from '../targets.ts';
import { MeilisearchRequestError, type Meilisearch } from 'meilisearch';
import type { Db } from '../../server/db/database.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { VACANCY_INDEX, type VacancyDocument } from '../../search/vacancy-index.ts';
import { Random } from '../../server/seed/random.ts';
import { updateOwnVacancy } from '../../server/vacancies/queries.ts';
import { percentile, row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

/** Timed updates and as many raw writes (fewer at a million, where each costs seconds: the rows name the count). */
const UPDATES = Number(process.env.BENCH_UPDATES ?? 200);
const POLL_MS = 10;
const GIVE_UP_MS = 30_000;
const SUFFIX = / zq[a-z]+$/;

/** A word no vacancy contains, letters only (so the tokenizer keeps it whole), different each run. */
export function uniqueWord(i: number): string {
  let n = Date.now() * 1000 + i;
  let word = '';
  while (n > 0) {
    word += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return `zq${word}`;
}

/** Polls a search for the word until the document with it shows up; a typo-tolerant match of an older word does not count. */
export async function waitUntilFound(client: Meilisearch, index: string, id: string, word: string): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    // A poll that failed on the way (the client's 2 s timeout on the loaded machine) is asked again: the row measures visibility, not one request.
    const result = await client
      .index(index)
      .search<{ id: string; title: string }>(word, { attributesToRetrieve: ['id', 'title'], hitsPerPage: 20 })
      .catch((error: unknown) => {
        if (error instanceof MeilisearchRequestError) return { hits: [] };
        throw error;
      });
    if (result.hits.some((hit) => hit.id === id && hit.title.includes(word))) return;
    if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`${id} was not findable by "${word}" after ${GIVE_UP_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Vacancies the timed edits pick from: published and not expired (so each edit must show up in the public search). */
export function editCandidates(db: Db) {
  const today = new Date().toISOString().slice(0, 10);
  return db
    .selectFrom('vacancies')
    .select(['id', 'employer_id', 'title'])
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', today)]))
    .orderBy('id')
    .limit(5_000)
    .execute();
}

export async function measureWriteToSearchable(bench: Bench): Promise<Row[]> {
  const { app } = bench;
  const client = app.searchEngine.public();
  if (!client) throw new Error('the public search key is missing');
  const { admin } = app.searchEngine;
  const candidates = await editCandidates(app.db);
  const r = new Random(13);
  const picked = Array.from({ length: UPDATES }, () => r.pick(candidates));
  // The raw writes change other vacancies than the updates: a late push of an update would overwrite a raw write.
  const others = candidates.filter((c) => !picked.includes(c));
  const rawIds = Array.from({ length: UPDATES }, () => r.pick(others).id);
  const rawDocuments = (await app.searchEngine.sources.get(VACANCY_INDEX).documents(app.db, rawIds)) as VacancyDocument[];
  bench.log(`write-to-searchable: ${UPDATES} updates, each after one raw write to the same index`);
  const samples: number[] = [];
  const rawSamples: number[] = [];
  for (const [i, vacancy] of picked.entries()) {
    const doc = rawDocuments[i % rawDocuments.length]!;
    const rawWord = uniqueWord(2 * i);
    const sent = performance.now();
    await admin.index(VACANCY_INDEX).addDocuments([{ ...doc, title: `${doc.title.replace(SUFFIX, '')} ${rawWord}` }], { primaryKey: 'id' });
    await waitUntilFound(client, VACANCY_INDEX, doc.id, rawWord);
    rawSamples.push(performance.now() - sent);

    const word = uniqueWord(2 * i + 1);
    const base = vacancy.title.replace(SUFFIX, '');
    await app.db.transaction().execute(async (trx) => {
      await updateOwnVacancy(trx, vacancy.employer_id, vacancy.id, { title: `${base} ${word}` });
      await enqueueIndexing(trx, VACANCY_INDEX, [vacancy.id]);
    });
    const committed = performance.now();
    app.searchEngine.worker.kick(); // as the service does after its commit
    await waitUntilFound(client, VACANCY_INDEX, vacancy.id, word);
    samples.push(performance.now() - committed);
  }
  // Put the titles back and the raw writes' documents (through the outbox, like any change).
  await app.db.transaction().execute(async (trx) => {
    const ids = [...new Set(picked.map((v) => v.id))];
    for (const vacancy of candidates.filter((c) => ids.includes(c.id))) {
      await updateOwnVacancy(trx, vacancy.employer_id, vacancy.id, { title: vacancy.title.replace(SUFFIX, '') });
    }
    await enqueueIndexing(trx, VACANCY_INDEX, [...new Set([...ids, ...rawIds])]);
  });
  while ((await app.searchEngine.worker.drainOnce()) > 0) {
    // until the restored titles are indexed
  }
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const rawP50 = percentile(rawSamples, 50);
  return [
    row(`raw ceiling: Meilisearch add one document → searchable, ×${rawSamples.length}, alternating with the updates`, {
      p50Ms: rawP50,
      p99Ms: percentile(rawSamples, 99),
    }),
    row(`write-to-searchable: vacancy update commit → in search, ×${UPDATES}`, {
      p50Ms: p50,
      p99Ms: p99,
      ratio: p50 / rawP50,
      target: `p99 ≤ ${TARGETS.writeP99Ms / 1000} s` + (TARGETS.writeRatio === null ? '' : `, ratio ≤ ${TARGETS.writeRatio} × raw (p50)`),
      met: p99 <= TARGETS.writeP99Ms && (TARGETS.writeRatio === null || p50 / rawP50 <= TARGETS.writeRatio),
    }),
  ];
}
