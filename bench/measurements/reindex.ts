/**
 * A full reindex (reindexVacancies: read Postgres a keyset page at a time, build a fresh index,
 * swap) against Meilisearch's own bulk import of the same documents into a scratch index with the
 * same settings.
 *
 * The raw import's documents are serialised once, batch by batch, into files in a temporary
 * folder, so at a million vacancies neither side holds the table in memory (the old way did:
 * 2.9 GB). The app's and Meilisearch's resident memory are sampled while the reindex runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { keysetPages } from '../../search/bulk.ts';
import { REINDEX_BATCH, REINDEX_IN_FLIGHT, reindexVacancies } from '../../search/reindex.ts';
import { ensureVacancyIndex } from '../../search/setup.ts';
import { waitForSuccess } from '../../search/tasks.ts';
import { toDocument } from '../../search/vacancy-index.ts';
import { listOccupations } from '../../server/occupations/queries.ts';
import { selectVacancyRowsForIndex } from '../../server/vacancies/queries.ts';
import { row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const SCRATCH = 'vacancies_rawimport';
const TASK_TIMEOUT_MS = 30 * 60_000;
const MEMORY_TARGET_MB = 600;

async function dropScratch(admin: Meilisearch): Promise<void> {
  await waitForSuccess(admin, (await admin.deleteIndex(SCRATCH)).taskUid, TASK_TIMEOUT_MS, 'dropping the scratch index').catch(
    () => undefined,
  );
}

/** The documents as JSON files of REINDEX_BATCH each. */
async function serialise(bench: Bench, folder: string): Promise<{ files: string[]; count: number }> {
  const files: string[] = [];
  let count = 0;
  for await (const rows of keysetPages((page) => selectVacancyRowsForIndex(bench.app.db, page), REINDEX_BATCH)) {
    const documents = rows.map(toDocument);
    const file = path.join(folder, `${files.length}.json`);
    writeFileSync(file, JSON.stringify(documents));
    files.push(file);
    count += documents.length;
  }
  return { files, count };
}

/** Meilisearch alone: the same batches, as many tasks in flight as the reindex sends (REINDEX_IN_FLIGHT), files read as they go. */
async function rawImport(admin: Meilisearch, files: string[], occupations: Awaited<ReturnType<typeof listOccupations>>): Promise<number> {
  await dropScratch(admin); // a leftover of an aborted run
  const t0 = performance.now();
  await ensureVacancyIndex(admin, occupations, SCRATCH);
  const inFlight: number[] = [];
  for (const file of files) {
    if (inFlight.length >= REINDEX_IN_FLIGHT) await waitForSuccess(admin, inFlight.shift()!, TASK_TIMEOUT_MS, 'raw import');
    inFlight.push(
      (await admin.index(SCRATCH).addDocumentsFromString(readFileSync(file, 'utf8'), 'application/json', { primaryKey: 'id' })).taskUid,
    );
  }
  for (const uid of inFlight) await waitForSuccess(admin, uid, TASK_TIMEOUT_MS, 'raw import');
  return performance.now() - t0;
}

/** Resident memory in MB of a process (from /proc), or null where it cannot be read. */
export function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident memory of this process and of Meilisearch while `work` runs, sampled every 250 ms. */
async function sampled<T>(
  meiliPid: number | undefined,
  work: () => Promise<T>,
): Promise<{ value: T; appMb: number; meiliMb: number | null }> {
  let appMb = process.memoryUsage().rss / 2 ** 20;
  let meiliMb = residentMb(meiliPid);
  const timer = setInterval(() => {
    appMb = Math.max(appMb, process.memoryUsage().rss / 2 ** 20);
    const meili = residentMb(meiliPid);
    if (meili !== null) meiliMb = Math.max(meiliMb ?? 0, meili);
  }, 250);
  try {
    return { value: await work(), appMb, meiliMb };
  } finally {
    clearInterval(timer);
  }
}

export async function measureReindex(bench: Bench): Promise<Row[]> {
  const { admin } = bench.app.searchEngine;
  const occupations = await listOccupations(bench.app.db);
  const folder = mkdtempSync(path.join(tmpdir(), 'jb-bench-import-'));
  let rawMs: number;
  let count: number;
  try {
    const serialised = await serialise(bench, folder);
    count = serialised.count;
    bench.log(`reindex: raw Meilisearch import of ${count} documents into ${SCRATCH}`);
    rawMs = await rawImport(admin, serialised.files, occupations);
    bench.log(`reindex: raw import took ${(rawMs / 1000).toFixed(1)} s`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await dropScratch(admin);
  }
  bench.log('reindex: reindexVacancies');
  const t0 = performance.now();
  const { appMb, meiliMb } = await sampled(bench.services.meilisearch?.pid, () =>
    reindexVacancies(bench.app.db, admin, bench.app.searchEngine.sources, { log: bench.log }),
  );
  const reindexMs = performance.now() - t0;
  bench.log(
    `reindex: took ${(reindexMs / 1000).toFixed(1)} s; peak resident memory: app ${appMb.toFixed(0)} MB, Meilisearch ${meiliMb?.toFixed(0) ?? '?'} MB`,
  );
  const ratio = reindexMs / rawMs;
  return [
    row(`raw ceiling: Meilisearch bulk import, ${count} documents (one run)`, {
      reqPerSec: count / (rawMs / 1000),
      p50Ms: rawMs,
    }),
    row(`full reindex (reindexVacancies), ${count} documents (one run)`, {
      reqPerSec: count / (reindexMs / 1000),
      p50Ms: reindexMs,
      ratio,
      target: 'ratio ≤ 1.5 × raw import',
      met: ratio <= 1.5,
    }),
    row('app resident memory during the full reindex (peak MB in the p50 column)', {
      p50Ms: appMb,
      target: `≤ ${MEMORY_TARGET_MB} MB`,
      met: appMb <= MEMORY_TARGET_MB,
      note: `Meilisearch's peak during the same reindex: ${meiliMb?.toFixed(0) ?? 'unknown'} MB (it holds the old and the new index until the swap)`,
    }),
  ];
}
