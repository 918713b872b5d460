import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { hasUntriedOutboxRows } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { DrainLoop } from '../workers/drain-loop.ts';
import * as queries from './queries.ts';
import { occupationLookup } from './service.ts';
import { computeMatchList } from './stored-lists.ts';

/** One refresher at a time per database (across app instances): two would compute the same lists. */
const MATCH_LIST_WORKER_LOCK = 7_305_014;

/**
 * Keeps the stored match lists fresh, off the request path: each round takes a few mentees (not closed) whose
 * list is missing or not fresh, then fresh lists older than an hour (queries.ts `dueMatchLists`), and computes
 * them one after another, since it shares Meilisearch with the pages. Kicked after an invalidation in this
 * process (stored-lists.ts), polling otherwise; it stops a round when search is down and tries at the next poll.
 *
 * Indexing goes first: before each list the worker looks whether the search outbox holds vacancy changes no push has
 * tried yet, and ends its round if so. A list computed then would be invalidated when the push lands (the race rule of
 * stored-lists.ts), and its searches would take Meilisearch's two cores from the push an employer waits for
 * (the bench's write-to-searchable p99 went from 166 to 265 ms at 100k in its first run with this worker). The
 * push's `afterChange` kicks the worker again (or its next poll finds the outbox empty); a page visited meanwhile
 * computes its own list.
 */
export class MatchListWorker extends DrainLoop {
  constructor(
    private readonly app: FastifyInstance,
    options: { batchSize?: number; pollIntervalMs?: number } = {},
  ) {
    super(app.log.child({ component: 'match-lists' }), options.batchSize ?? 10, options.pollIntervalMs ?? 3_000, 'match lists');
  }

  /** Computes one round; returns how many lists it stored (0 when none are due, search is down or another instance works). */
  async drainOnce(): Promise<number> {
    const { app } = this;
    return app.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${MATCH_LIST_WORKER_LOCK}) AS locked`.execute(trx);
      if (!rows[0]?.locked) return 0;
      await queries.forgetOldVacancyChanges(app.db);
      const today = todayInBerlin();
      const due = await queries.dueMatchLists(app.db, today, this.batchSize);
      if (due.length === 0) return 0;
      const occupations = await occupationLookup(app);
      let stored = 0;
      for (const mentee of due) {
        if (await hasUntriedOutboxRows(app.db, VACANCY_INDEX)) return stored;
        const client = app.searchEngine.mentor();
        if (!client || !app.searchEngine.available()) return stored;
        try {
          await computeMatchList(app, client, mentee, occupations, today);
        } catch (error) {
          if (!(error instanceof SearchUnavailableError)) throw error;
          app.searchEngine.markDown();
          return stored;
        }
        stored += 1;
      }
      return stored;
    });
  }
}
