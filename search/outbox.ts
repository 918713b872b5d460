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

interface Claimed {
  id: string;
  index_name: string;
  document_id: string;
}

/** The distinct document ids of each index among these rows. */
function byIndex(rows: readonly Claimed[]): Map<string, string[]> {
  const ids = new Map<string, Set<string>>();
  for (const row of rows) ids.set(row.index_name, (ids.get(row.index_name) ?? new Set()).add(row.document_id));
  return new Map([...ids].map(([index, set]) => [index, [...set]]));
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

  /** Set by `kick()` while a drain waits for Meilisearch: rows committed meanwhile are claimed and sent at once. */
  private wake: (() => void) | undefined;
  private kicked = false;

  override kick(): void {
    this.kicked = true;
    this.wake?.();
    super.kick();
  }

  /**
   * Pushes one batch; returns how many outbox rows it handled (0 when idle or another instance is draining).
   * While it waits for Meilisearch to confirm what it sent, a commit in this process (a kick) is claimed and sent
   * in the same drain, up to `batchSize` rows: an edit that follows another does not wait until the earlier one is
   * confirmed, its match lists invalidated and its outbox rows deleted (issue 16: that wait was most of the
   * portal's time above Meilisearch's). Meilisearch applies tasks in the order they were sent, and a later round
   * loads the rows as they are then, so each document still ends at its latest committed state.
   */
  async drainOnce(): Promise<number> {
    const claimed: Claimed[] = [];
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { rows: lock } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${OUTBOX_LOCK_KEY}) AS locked`.execute(trx);
        if (!lock[0]?.locked) return 0;
        const confirmations: Promise<void>[] = [];
        for (;;) {
          this.kicked = false;
          const rows = await this.claim(trx, claimed);
          claimed.push(...rows);
          if (rows.length > 0) confirmations.push((await this.send(trx, rows)).confirmed);
          if (claimed.length === 0) return 0;
          if (claimed.length >= this.batchSize) break;
          if (this.kicked) continue; // committed while this round was sent
          const confirmed = Promise.all(confirmations).then(() => 'confirmed' as const);
          confirmed.catch(() => undefined); // a failure is thrown below, where all are awaited
          const woken = new Promise<'kicked'>((resolve) => (this.wake = () => resolve('kicked')));
          const first = await Promise.race([confirmed, woken]).finally(() => (this.wake = undefined));
          if (first === 'confirmed') break;
        }
        await Promise.all(confirmations);
        // Searchable now: what the features derived from these documents is invalidated (outside the drain's
        // transaction, so it is not held back until the outbox rows are deleted; a failure retries the push, which is idempotent).
        for (const [index, ids] of byIndex(claimed)) {
          await this.sources.get(index).afterChange(this.db, ids);
          indexChanged(index);
        }
        await trx
          .deleteFrom('search_outbox')
          .where(
            'id',
            'in',
            claimed.map((r) => r.id),
          )
          .execute();
        return claimed.length;
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

  /**
   * The due rows in id order, up to a batch in all, except those this drain holds already (its own locks do not skip
   * them). Due by the statement's clock: `now()` is the transaction's start, before the rows a later round is for.
   */
  private async claim(trx: Transaction<Database>, held: readonly Claimed[]): Promise<Claimed[]> {
    const { rows } = await sql<Claimed>`
      SELECT id, index_name, document_id FROM search_outbox
      WHERE next_attempt_at <= statement_timestamp() AND NOT (id = ANY(${held.map((r) => r.id)}::bigint[]))
      ORDER BY id
      LIMIT ${this.batchSize - held.length}
      FOR UPDATE SKIP LOCKED`.execute(trx);
    return rows;
  }

  /** Loads and sends the rows' documents, index by index; `confirmed` resolves once Meilisearch confirmed every task, rejects if one failed. */
  private async send(trx: Transaction<Database>, rows: Claimed[]): Promise<{ confirmed: Promise<void> }> {
    const tasks: { uid: number; what: string }[] = [];
    for (const [indexName, ids] of byIndex(rows)) {
      const documents = await this.sources.get(indexName).documents(trx, ids);
      const present = new Set(documents.map((d) => d.id));
      const gone = ids.filter((id) => !present.has(id));
      const index = this.client().index(indexName);
      // Both tasks are sent before waiting: Meilisearch batches them into one indexing run.
      if (documents.length > 0) tasks.push({ what: 'Indexing', uid: (await index.addDocuments(documents, { primaryKey: 'id' })).taskUid });
      if (gone.length > 0) tasks.push({ what: 'Removing from the index', uid: (await index.deleteDocuments(gone)).taskUid });
    }
    const confirmed = (async () => {
      for (const task of tasks) await waitForSuccess(this.client(), task.uid, TASK_TIMEOUT_MS, task.what);
    })();
    confirmed.catch(() => undefined); // awaited by the drain; this only keeps an early failure from being unhandled meanwhile
    return { confirmed };
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

/**
 * Whether changes of the index wait to be pushed that no push has tried yet (a row in back-off after a failure does
 * not count: one document Meilisearch keeps refusing must not look like work in progress for ever).
 */
export async function hasUntriedOutboxRows(db: Kysely<Database>, indexName: string): Promise<boolean> {
  const row = await db
    .selectFrom('search_outbox')
    .select('id')
    .where('index_name', '=', indexName)
    .where('attempts', '=', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function pendingOutboxCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('search_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
