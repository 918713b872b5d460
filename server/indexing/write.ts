import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { writeOutboxRows } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import type { Database, Db } from '../db/database.ts';
import { queueMatchChecks } from '../new-matches/queries.ts';

/**
 * Writes what a change to indexed rows owes, inside the writing transaction: the outbox rows
 * (search/outbox.ts pushes the rows' current state to Meilisearch) and, for vacancies, the
 * new-match check (a changed vacancy may now match mentees it did not; server/new-matches looks,
 * off the request path). Seeds and tests that drain by hand call this; services use `writeIndexed`.
 */
export async function enqueueIndexing(trx: Db, indexName: string, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await writeOutboxRows(trx, indexName, documentIds);
  if (indexName === VACANCY_INDEX) await queueMatchChecks(trx, documentIds);
}

/** Queues ids of one index for the outbox, in the transaction `writeIndexed` runs. */
export type Reindex = (indexName: string, documentIds: readonly string[]) => Promise<void>;

/**
 * Runs `work` in one transaction and hands it `reindex`, which queues documents in that
 * transaction. After the commit, when anything was queued, the outbox drainer is kicked so the
 * change is searchable within a drain instead of at the next poll (other instances' writes are
 * found by that poll). A rolled-back transaction queues nothing and kicks nothing.
 */
export async function writeIndexed<T>(
  app: FastifyInstance,
  work: (trx: Transaction<Database>, reindex: Reindex) => Promise<T>,
): Promise<T> {
  let queued = false;
  const result = await app.db.transaction().execute((trx) =>
    work(trx, async (indexName, documentIds) => {
      if (documentIds.length === 0) return;
      await enqueueIndexing(trx, indexName, documentIds);
      queued = true;
    }),
  );
  if (queued) app.searchEngine.worker.kick();
  return result;
}
