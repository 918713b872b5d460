/**
 * A full reindex (reindexVacancies: read Postgres, build a fresh index, swap)
 * against Meilisearch's own bulk import of the same documents into a scratch
 * index with the same settings. The scratch index also gives the raw ceiling
 * of write-to-searchable: one document added straight to Meilisearch until a
 * search finds it.
 */
import type { Meilisearch } from 'meilisearch';
import { reindexVacancies } from '../../search/reindex.ts';
import { ensureVacancyIndex } from '../../search/setup.ts';
import { toDocument, type VacancyDocument } from '../../search/vacancy-index.ts';
import { listOccupations } from '../../server/occupations/queries.ts';
import { selectVacancyRowsForIndex } from '../../server/vacancies/queries.ts';
import { row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';
import { uniqueWord, waitUntilFound } from './write.ts';

const SCRATCH = 'vacancies_rawimport';
const BATCH = 5_000;
const TASK_TIMEOUT_MS = 10 * 60_000;
const RAW_WRITES = 50;

async function rawImport(
  admin: Meilisearch,
  documents: VacancyDocument[],
  occupations: Awaited<ReturnType<typeof listOccupations>>,
): Promise<number> {
  await admin.deleteIndex(SCRATCH).waitTask({ timeout: TASK_TIMEOUT_MS }); // a leftover of an aborted run
  const t0 = performance.now();
  await ensureVacancyIndex(admin, occupations, SCRATCH);
  const tasks = [];
  for (let i = 0; i < documents.length; i += BATCH)
    tasks.push(await admin.index(SCRATCH).addDocuments(documents.slice(i, i + BATCH), { primaryKey: 'id' }));
  for (const task of tasks) {
    const done = await admin.tasks.waitForTask(task.taskUid, { timeout: TASK_TIMEOUT_MS, interval: 20 });
    if (done.status !== 'succeeded') throw new Error(`raw import failed: ${done.error?.message ?? done.status}`);
  }
  return performance.now() - t0;
}

/** Meilisearch alone: add one changed document, poll the search until it shows the change. */
async function rawWrites(admin: Meilisearch, documents: VacancyDocument[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RAW_WRITES; i += 1) {
    const doc = documents[(i * 7919) % documents.length]!;
    const word = uniqueWord(i);
    const t0 = performance.now();
    await admin.index(SCRATCH).addDocuments([{ ...doc, title: `${doc.title} ${word}` }], { primaryKey: 'id' });
    await waitUntilFound(admin, SCRATCH, doc.id, word);
    samples.push(performance.now() - t0);
  }
  return samples;
}

export interface ReindexOutcome {
  rows: Row[];
  /** Raw Meilisearch write→searchable samples (ms), the ceiling of the write-to-searchable row. */
  rawWriteSamples: number[];
}

export async function measureReindex(bench: Bench): Promise<ReindexOutcome> {
  const { admin } = bench.app.searchEngine;
  const [occupations, vacancyRows] = await Promise.all([listOccupations(bench.app.db), selectVacancyRowsForIndex(bench.app.db)]);
  const documents = vacancyRows.map(toDocument);
  let rawMs: number;
  let rawWriteSamples: number[];
  try {
    bench.log(`reindex: raw Meilisearch import of ${documents.length} documents into ${SCRATCH}`);
    rawMs = await rawImport(admin, documents, occupations);
    bench.log(`reindex: raw import took ${(rawMs / 1000).toFixed(1)} s; raw write-to-searchable ×${RAW_WRITES}`);
    rawWriteSamples = await rawWrites(admin, documents);
  } finally {
    await admin.deleteIndex(SCRATCH).waitTask({ timeout: TASK_TIMEOUT_MS });
  }
  bench.log('reindex: reindexVacancies');
  const t0 = performance.now();
  await reindexVacancies(bench.app.db, admin);
  const reindexMs = performance.now() - t0;
  bench.log(`reindex: took ${(reindexMs / 1000).toFixed(1)} s`);
  const ratio = reindexMs / rawMs;
  return {
    rows: [
      row(`raw ceiling: Meilisearch bulk import, ${documents.length} documents (one run)`, {
        reqPerSec: documents.length / (rawMs / 1000),
        p50Ms: rawMs,
      }),
      row(`full reindex (reindexVacancies), ${documents.length} documents (one run)`, {
        reqPerSec: documents.length / (reindexMs / 1000),
        p50Ms: reindexMs,
        ratio,
        target: 'ratio ≤ 1.5 × raw import',
        met: ratio <= 1.5,
      }),
    ],
    rawWriteSamples,
  };
}
