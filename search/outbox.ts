import { sql, type Kysely, type Transaction } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../server/db/database.ts';
import { DrainLoop } from '../server/workers/drain-loop.ts';
import { indexChanged } from './index-events.ts';
import { waitForSuccess } from './tasks.ts';
import type { IndexSources } from './sources.ts';

/**
 * The outbox: every change to an indexed row writes an outbox row in the same
 * transaction, and this worker pushes the current state of those rows to
 * Meilisearch. Postgres stays the source of truth; a failed push is retried
 * with back-off and nothing is lost while Meilisearch is down. Features write
 * through server/indexing/write.ts (`writeIndexed`), which adds what else a
 * change owes and kicks this worker after the commit.
 */
export async function writeOutboxRows(trx: Db, indexName: string, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await trx
    .insertInto('search_outbox')
    .values(documentIds.map((id) => ({ index_name: indexName, document_id: id })))
    .execute();
}

/** One drainer at a time per database (across app instances), so pushes reach Meilisearch in commit order. */
export const OUTBOX_LOCK_KEY = 7_305_001;

const MAX_BACKOFF_SECONDS = 30;
const TASK_TIMEOUT_MS = 30_000;

export interface OutboxWorkerOptions {
  batchSize?: number;
  pollIntervalMs?: number;
}

export class OutboxWorker extends DrainLoop {
  constructor(
    private readonly db: Kysely<Database>,
    /** The indexer client (its key is created when search is set up, so it is looked up each time). */
    private readonly client: () => Meilisearch,
    /** Each index's rows and document mapper, registered by the features (server/indexing/sources.ts). */
    private readonly sources: IndexSources,
    log: FastifyBaseLogger,
    options: OutboxWorkerOptions = {},
  ) {
    super(log, options.batchSize ?? 500, options.pollIntervalMs ?? 1_000, 'search outbox');
  }

  /** Pushes one batch; returns how many outbox rows it handled (0 when idle or another instance is draining). */
  async drainOnce(): Promise<number> {
    let claimed: { id: string; index_name: string; document_id: string }[] = [];
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { rows: lock } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${OUTBOX_LOCK_KEY}) AS locked`.execute(trx);
        if (!lock[0]?.locked) return 0;
        const { rows } = await sql<{ id: string; index_name: string; document_id: string }>`
          SELECT id, index_name, document_id FROM search_outbox
          WHERE next_attempt_at <= now()
          ORDER BY id
          LIMIT ${this.batchSize}
          FOR UPDATE SKIP LOCKED`.execute(trx);
        claimed = rows;
        if (rows.length === 0) return 0;
        await this.push(trx, rows);
        await trx
          .deleteFrom('search_outbox')
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        return rows.length;
      });
    } catch (error) {
      if (claimed.length > 0)
        await this.recordFailure(
          claimed.map((r) => r.id),
          error,
        );
      throw error;
    }
  }

  private async push(trx: Transaction<Database>, rows: { index_name: string; document_id: string }[]): Promise<void> {
    for (const index of new Set(rows.map((r) => r.index_name))) {
      const ids = [...new Set(rows.filter((r) => r.index_name === index).map((r) => r.document_id))];
      await this.apply(index, ids, await this.sources.get(index).documents(trx, ids));
    }
  }

  /** Upserts the documents that exist and deletes the ids that no longer should be in the index. */
  private async apply(indexName: string, ids: string[], documents: { id: string }[]): Promise<void> {
    const present = new Set(documents.map((d) => d.id));
    const gone = ids.filter((id) => !present.has(id));
    const index = this.client().index(indexName);
    // Both tasks are sent before waiting: Meilisearch batches them into one indexing run.
    const tasks = [
      ...(documents.length > 0 ? [{ what: 'Indexing', uid: (await index.addDocuments(documents, { primaryKey: 'id' })).taskUid }] : []),
      ...(gone.length > 0 ? [{ what: 'Removing from the index', uid: (await index.deleteDocuments(gone)).taskUid }] : []),
    ];
    for (const task of tasks) await waitForSuccess(this.client(), task.uid, TASK_TIMEOUT_MS, task.what);
    // Searchable now: what the feature derived from these documents is invalidated (outside the drain's transaction,
    // so it is not held back until the outbox rows are deleted; a failure retries the push, which is idempotent).
    await this.sources.get(indexName).afterChange(this.db, ids);
    indexChanged(indexName);
  }

  private async recordFailure(ids: string[], error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    await this.db
      .updateTable('search_outbox')
      .set({
        attempts: sql`attempts + 1`,
        last_error: message,
        next_attempt_at: sql`now() + make_interval(secs => least(power(2, attempts), ${MAX_BACKOFF_SECONDS}))`,
      })
      .where('id', 'in', ids)
      .execute()
      .catch((e: unknown) => this.log.warn({ err: e }, 'could not record outbox failure'));
  }

  /** After Meilisearch comes back, retry at once instead of waiting out the back-off. */
  async retryNow(): Promise<void> {
    await this.db
      .updateTable('search_outbox')
      .set({ next_attempt_at: sql`now()` })
      .where('attempts', '>', 0)
      .execute();
    this.kick();
  }
}

/** Which of these documents still wait in the outbox (their change is not yet searchable). */
export async function queuedDocumentIds(db: Db, indexName: string, documentIds: readonly string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('search_outbox')
    .select('document_id')
    .distinct()
    .where('index_name', '=', indexName)
    .where('document_id', 'in', [...documentIds])
    .execute();
  return new Set(rows.map((r) => r.document_id));
}

export async function pendingOutboxCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('search_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
