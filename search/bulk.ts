import type { Meilisearch } from 'meilisearch';
import { waitForSuccess } from './tasks.ts';

/**
 * Bulk work on an index in constant memory: rows are read a keyset page at a
 * time (`WHERE id > last ORDER BY id LIMIT n`, milliseconds at any size) and
 * sent batch after batch, with at most `maxInFlight` tasks Meilisearch has not
 * finished yet, so neither the app nor Meilisearch's task queue holds the
 * whole table. While Meilisearch works on the tasks in flight, the next page
 * is read.
 */

/** Rows of a keyset walk, one page at a time, in id order. */
export async function* keysetPages<T extends { id: string }>(
  loadPage: (page: { after?: string; limit: number }) => Promise<T[]>,
  pageSize: number,
): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await loadPage({ after, limit: pageSize });
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export interface BulkOptions {
  /** Names the work in the progress lines and errors ("vacancies index build"). */
  label: string;
  /** How many documents the whole work sends, for "remaining" and the estimate (0 when unknown). */
  total?: number;
  /** Progress lines, once every `progressEveryMs` while the work lasts longer than that (none for short work). */
  log?: (message: string) => void;
  progressEveryMs?: number;
  maxInFlight?: number;
  taskTimeoutMs?: number;
}

const DEFAULT_IN_FLIGHT = 3;
const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_PROGRESS_MS = 5_000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

export class BulkIndexer {
  private readonly inFlight: { taskUid: number; documents: number }[] = [];
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;
  /** Documents (or deletions) handed to Meilisearch. */
  sent = 0;
  /** Of those, how many Meilisearch has finished. */
  done = 0;
  tasks = 0;

  constructor(
    private readonly client: Meilisearch,
    private readonly index: string,
    private readonly options: BulkOptions,
  ) {
    if (options.log) {
      this.timer = setInterval(() => this.report(), options.progressEveryMs ?? DEFAULT_PROGRESS_MS);
      this.timer.unref();
    }
  }

  async add(documents: readonly { id: string }[]): Promise<void> {
    if (documents.length === 0) return;
    await this.room();
    const task = await this.client.index(this.index).addDocuments([...documents], { primaryKey: 'id' });
    this.track(task.taskUid, documents.length);
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.room();
    const task = await this.client.index(this.index).deleteDocuments([...ids]);
    this.track(task.taskUid, ids.length);
  }

  /** Waits for every task in flight; throws if one failed. */
  async finish(): Promise<void> {
    try {
      while (this.inFlight.length > 0) await this.settleOldest();
    } finally {
      clearInterval(this.timer);
    }
  }

  /** Stops the progress lines (after a failure; finish() does it too). */
  close(): void {
    clearInterval(this.timer);
  }

  private track(taskUid: number, documents: number): void {
    this.inFlight.push({ taskUid, documents });
    this.sent += documents;
    this.tasks += 1;
  }

  private async room(): Promise<void> {
    while (this.inFlight.length >= (this.options.maxInFlight ?? DEFAULT_IN_FLIGHT)) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.inFlight[0]!;
    await waitForSuccess(this.client, oldest.taskUid, this.options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS, this.options.label);
    this.inFlight.shift();
    this.done += oldest.documents;
  }

  private report(): void {
    const seconds = (Date.now() - this.started) / 1000;
    const total = this.options.total ?? 0;
    const rate = this.done / seconds;
    const parts = [`${this.sent}${total > 0 ? ` of ${total}` : ''} sent`, `${this.done} indexed`];
    if (total > 0) {
      const remaining = Math.max(0, total - this.done);
      parts.push(`${remaining} remaining`, `about ${duration(rate > 0 ? remaining / rate : Infinity)} left`);
    }
    this.options.log?.(`${this.options.label}: ${parts.join(', ')} (${Math.round(rate)} documents/s, ${duration(seconds)} so far)`);
  }
}
