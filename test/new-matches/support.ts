import type { FastifyInstance } from 'fastify';

/** Matches every queued vacancy against the mentees now (the worker is off in tests, like the outbox worker). */
export async function flushNewMatches(app: FastifyInstance): Promise<void> {
  for (let round = 0; round < 1000; round += 1) {
    if ((await app.newMatches.worker.drainOnce()) === 0) return;
  }
  throw new Error('The new-match queue did not drain');
}

/** The new-match rows of a mentee, oldest first. */
export function newMatchesOf(app: FastifyInstance, menteeId: string) {
  return app.db.selectFrom('mentee_new_matches').selectAll().where('mentee_id', '=', menteeId).orderBy('found_at').execute();
}
