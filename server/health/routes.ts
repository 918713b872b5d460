import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { pendingOutboxCount } from '../../search/outbox.ts';

/** Liveness and readiness for load balancers and the newcomer's first check. */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    let db: 'ok' | 'down' = 'ok';
    let outboxPending: number | null = null;
    try {
      await sql`SELECT 1`.execute(app.db);
      outboxPending = await pendingOutboxCount(app.db);
    } catch {
      db = 'down';
    }
    const search = app.searchEngine.available() ? 'ok' : 'down';
    const status = db === 'down' ? 'down' : search === 'ok' ? 'ok' : 'degraded';
    return reply.code(db === 'down' ? 503 : 200).send({ status, db, search, outboxPending });
  });
}
