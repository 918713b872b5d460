import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { Database } from '../server/db/database.ts';
import { occupationCatalogue } from '../server/occupations/catalogue.ts';
import { listOccupations } from '../server/occupations/queries.ts';
import { selectVacancyRowsForIndex } from '../server/vacancies/queries.ts';
import { OUTBOX_LOCK_KEY } from './outbox.ts';
import { indexChanged } from './index-events.ts';
import { ensureIndexExists, ensureVacancyIndex } from './setup.ts';
import { VACANCY_INDEX, toDocument } from './vacancy-index.ts';

const BATCH = 5_000;
const TASK_TIMEOUT_MS = 10 * 60_000;

/**
 * Rebuilds the vacancies index from Postgres into a fresh index and swaps it
 * in, so searches never see an empty or half-built index. The outbox lock is
 * held meanwhile: changes made during the rebuild wait in the outbox and are
 * applied to the new index right after the swap.
 */
export async function reindexVacancies(db: Kysely<Database>, admin: Meilisearch): Promise<{ documents: number }> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${OUTBOX_LOCK_KEY})`.execute(conn);
    try {
      const occupations = await listOccupations(conn);
      const fresh = `${VACANCY_INDEX}_rebuild_${Date.now()}`;
      await ensureVacancyIndex(admin, occupations, fresh);
      const rows = await selectVacancyRowsForIndex(conn);
      const tasks = [];
      for (let i = 0; i < rows.length; i += BATCH) {
        tasks.push(await admin.index(fresh).addDocuments(rows.slice(i, i + BATCH).map(toDocument), { primaryKey: 'id' }));
      }
      for (const task of tasks) {
        const done = await admin.tasks.waitForTask(task.taskUid, { timeout: TASK_TIMEOUT_MS });
        if (done.status !== 'succeeded') throw new Error(`Reindex failed: ${done.error?.message ?? done.status}`);
      }
      await ensureIndexExists(admin, VACANCY_INDEX); // the live index must exist to be swapped (its settings go with it)
      // A swap task belongs to no single index, so a key limited to the portal's indexes cannot
      // read it; tasks run in order, so waiting for the next task (dropping the old copy) waits for the swap.
      await admin.swapIndexes([{ indexes: [VACANCY_INDEX, fresh], rename: false }]);
      await admin.deleteIndex(fresh).waitTask({ timeout: TASK_TIMEOUT_MS });
      const live = await admin.index(VACANCY_INDEX).getStats();
      if (live.numberOfDocuments !== rows.length) {
        throw new Error(`Index swap failed: the live index holds ${live.numberOfDocuments} documents, expected ${rows.length}`);
      }
      indexChanged(VACANCY_INDEX);
      return { documents: rows.length };
    } finally {
      await sql`SELECT pg_advisory_unlock(${OUTBOX_LOCK_KEY})`.execute(conn);
    }
  });
}

/**
 * The fields every vacancy document must have in this version of the code.
 * When the index holds documents without one of them (written by an older
 * version), or with the occupation names of other label files (a translation
 * changed), the index is rebuilt once, at start, before search is used.
 */
const REQUIRED_DOCUMENT_FIELDS = ['placeId', 'occupationLabelsVersion', 'payMonthlyMin'] as const;

export async function reindexIfOutdated(db: Kysely<Database>, admin: Meilisearch, log: (message: string) => void): Promise<boolean> {
  const sample = await admin
    .index(VACANCY_INDEX)
    .getDocuments<Record<string, unknown>>({ limit: 1, fields: [...REQUIRED_DOCUMENT_FIELDS, 'id'] })
    .catch(() => undefined); // no index yet: nothing to upgrade
  const doc = sample?.results[0];
  if (!doc || (REQUIRED_DOCUMENT_FIELDS.every((field) => field in doc) && doc.occupationLabelsVersion === occupationCatalogue().version))
    return false;
  log('the vacancies index was written by an older version; rebuilding it once');
  const { documents } = await reindexVacancies(db, admin);
  log(`rebuilt the vacancies index: ${documents} documents`);
  return true;
}
