import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { Database } from '../server/db/database.ts';
import { occupationCatalogue } from '../server/occupations/catalogue.ts';
import { listOccupations } from '../server/occupations/queries.ts';
import { BulkIndexer } from './bulk.ts';
import { OUTBOX_LOCK_KEY } from './outbox.ts';
import { indexChanged } from './index-events.ts';
import { ensureIndexExists, ensureVacancyIndex } from './setup.ts';
import { withTightHeap } from './tight-heap.ts';
import type { IndexSources } from './sources.ts';
import { waitForSuccess } from './tasks.ts';
import { VACANCY_INDEX } from './vacancy-index.ts';

/**
 * Rows per keyset page and per addDocuments task: about 2 MB of JSON. The app's peak memory during a rebuild follows
 * the page: walking 85,063 vacancies (read, map, serialise) peaked at 648 MB resident with pages of 5,000, 602 with
 * 2,000 and 535 with 1,000 (7 December 2026; bench/README.md, "Search page p99 and the memory row"). Below that the
 * page barely matters (500 rows: 30 MB less): the rest was V8's heap growth between full collections, which a rebuild
 * bounds while it runs (tight-heap.ts; search/README.md, "Memory"). Meilisearch still gets large batches, since it runs
 * the queued additions (REINDEX_IN_FLIGHT of them) as one.
 */
export const REINDEX_BATCH = 1_000;
const TASK_TIMEOUT_MS = 10 * 60_000;
/**
 * Tasks queued at Meilisearch while the next pages are read. Meilisearch runs queued additions as
 * one batch, and each batch has a cost of its own besides its documents: 16 pages in flight keep the
 * batches large (8 pages of 5,000 rows until the pages shrank for the app's memory). The first
 * number was chosen when every batch still rewrote a geo index of every document (before issue 16
 * took `_geo` out of the vacancies index; search/README.md), at a million, where 3 in flight slowed
 * the build from 1,050 to 720 documents/s as the index grew; it was not re-measured since. The
 * queued payloads wait on Meilisearch's disk, not in the app.
 */
export const REINDEX_IN_FLIGHT = 16;

export interface ReindexOptions {
  /** Rows per page and per task (tests use a tiny one to cross many page boundaries). */
  batchSize?: number;
  /** Tasks queued at Meilisearch at once (default REINDEX_IN_FLIGHT; the memory bench varies it). */
  maxInFlight?: number;
  /** Progress of a long build, one line every few seconds (sent, indexed, remaining, estimate). */
  log?: (message: string) => void;
}

/**
 * Rebuilds the vacancies index from Postgres into a fresh index and swaps it
 * in, so searches never see an empty or half-built index. The outbox lock is
 * held meanwhile: changes made during the rebuild wait in the outbox and are
 * applied to the new index right after the swap. Rows are read a keyset page
 * at a time and sent with a bounded number of tasks in flight (bulk.ts), so
 * the app's memory does not grow with the table.
 */
export async function reindexVacancies(
  db: Kysely<Database>,
  admin: Meilisearch,
  sources: IndexSources,
  options: ReindexOptions = {},
): Promise<{ documents: number }> {
  const batchSize = options.batchSize ?? REINDEX_BATCH;
  const vacancies = sources.get(VACANCY_INDEX);
  // The heap is kept tight while the pages go by (tight-heap.ts), and left to V8 again after.
  return withTightHeap(() =>
    db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${OUTBOX_LOCK_KEY})`.execute(conn);
      let bulk: BulkIndexer | undefined;
      try {
        const occupations = await listOccupations(conn);
        const fresh = `${VACANCY_INDEX}_rebuild_${Date.now()}`;
        await ensureVacancyIndex(admin, occupations, fresh);
        const total = await vacancies.count(conn);
        bulk = new BulkIndexer(admin, fresh, {
          label: 'vacancies index build',
          total,
          log: options.log,
          maxInFlight: options.maxInFlight ?? REINDEX_IN_FLIGHT,
          taskTimeoutMs: TASK_TIMEOUT_MS,
        });
        for await (const documents of vacancies.pages(conn, batchSize)) await bulk.add(documents);
        await bulk.finish();
        const documents = bulk.sent;
        await ensureIndexExists(admin, VACANCY_INDEX); // the live index must exist to be swapped (its settings go with it)
        // A swap task belongs to no single index, so a key limited to the portal's indexes cannot
        // read it; tasks run in order, so waiting for the next task (dropping the old copy) waits for the swap.
        await admin.swapIndexes([{ indexes: [VACANCY_INDEX, fresh], rename: false }]);
        await waitForSuccess(admin, (await admin.deleteIndex(fresh)).taskUid, TASK_TIMEOUT_MS, 'Dropping the old vacancies index');
        const live = await admin.index(VACANCY_INDEX).getStats();
        if (live.numberOfDocuments !== documents) {
          throw new Error(`Index swap failed: the live index holds ${live.numberOfDocuments} documents, expected ${documents}`);
        }
        await vacancies.afterChange(db, 'all');
        indexChanged(VACANCY_INDEX);
        return { documents };
      } finally {
        bulk?.close();
        await sql`SELECT pg_advisory_unlock(${OUTBOX_LOCK_KEY})`.execute(conn);
      }
    }),
  );
}

/**
 * The fields every vacancy document must have in this version of the code.
 * When the index holds documents without one of them (written by an older
 * version), or with the occupation names of other label files (a translation
 * changed), the index is rebuilt once, at start, before search is used.
 */
const REQUIRED_DOCUMENT_FIELDS = ['placeId', 'occupationLabelsVersion', 'payMonthlyMin'] as const;

export async function reindexIfOutdated(
  db: Kysely<Database>,
  admin: Meilisearch,
  sources: IndexSources,
  log: (message: string) => void,
): Promise<boolean> {
  const sample = await admin
    .index(VACANCY_INDEX)
    .getDocuments<Record<string, unknown>>({ limit: 1, fields: [...REQUIRED_DOCUMENT_FIELDS, 'id'] })
    .catch(() => undefined); // no index yet: nothing to upgrade
  const doc = sample?.results[0];
  if (!doc || (REQUIRED_DOCUMENT_FIELDS.every((field) => field in doc) && doc.occupationLabelsVersion === occupationCatalogue().version))
    return false;
  log('the vacancies index was written by an older version; rebuilding it once');
  const { documents } = await reindexVacancies(db, admin, sources, { log });
  log(`rebuilt the vacancies index: ${documents} documents`);
  return true;
}
