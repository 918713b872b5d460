import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { queuedDocumentIds } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import type { Database } from '../db/database.ts';
import { DrainLoop } from '../workers/drain-loop.ts';
import { detectNewMatches, type MenteeSearchFor } from './detect.ts';
import { claimMatchChecks, deleteMatchChecks, recordMatchCheckFailure } from './queries.ts';

/**
 * Drains new_match_checks: the vacancies written since the last drain (queued in the same
 * transaction as their search outbox row, see search/outbox.ts), each matched against the
 * mentees once. Off the request path: publishing costs one more insert. Rows are claimed
 * FOR UPDATE SKIP LOCKED, so instances share the work; a vacancy whose matching failed
 * (search down) is retried with back-off. Finding a pair again is a no-op (primary key),
 * so a retry or a re-publication never duplicates.
 */
export class NewMatchWorker extends DrainLoop {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly menteeSearch: MenteeSearchFor,
    log: FastifyBaseLogger,
    options: { batchSize?: number; pollIntervalMs?: number } = {},
  ) {
    super(log, options.batchSize ?? 50, options.pollIntervalMs ?? 5_000, 'new matches');
  }

  async drainOnce(): Promise<number> {
    let claimed: string[] = [];
    try {
      return await this.db.transaction().execute(async (trx) => {
        claimed = await claimMatchChecks(trx, this.batchSize);
        // A vacancy still waiting in the search outbox waits here too: the match lists it now fits are invalidated only
        // once its change is searchable (server/matches/stored-lists.ts). The outbox's push kicks this worker.
        const waiting = await queuedDocumentIds(trx, VACANCY_INDEX, claimed);
        const ready = claimed.filter((id) => !waiting.has(id));
        // The pairs are written outside this transaction (each insert is idempotent); the claim only keeps other drainers off.
        await detectNewMatches(this.db, this.menteeSearch, ready);
        await deleteMatchChecks(trx, ready);
        return ready.length;
      });
    } catch (error) {
      if (claimed.length > 0)
        await recordMatchCheckFailure(this.db, claimed, error instanceof Error ? error.message : String(error)).catch((e: unknown) =>
          this.log.warn({ err: e }, 'could not record a new-match check failure'),
        );
      throw error;
    }
  }
}
