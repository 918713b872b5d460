import fastifyPostgres from '@fastify/postgres';
import fp from 'fastify-plugin';
import { Kysely, PostgresDialect } from 'kysely';
import type { PostgresConnection } from '../db/connection.ts';
import { PreparingClient } from '../db/prepared-client.ts';
import type { Database } from '../db/database.ts';
import '../db/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

export interface DatabaseOptions {
  connection: PostgresConnection;
  poolSize?: number;
  /** Postgres statement_timeout in ms (a longer statement fails with 57014). */
  statementTimeoutMs?: number;
}

/**
 * One pg pool, owned by @fastify/postgres (it ends the pool on close); Kysely
 * wraps the same pool and is never destroyed, so it never ends the pool twice.
 */
export default fp<DatabaseOptions>(
  async (app, opts) => {
    await app.register(fastifyPostgres, {
      ...opts.connection,
      max: opts.poolSize ?? 20,
      // A stopped database answers 503 within 5 s instead of queueing requests.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // A runaway query must not hold a connection forever.
      statement_timeout: opts.statementTimeoutMs ?? 15_000,
      application_name: 'jobbruecke',
      // Each connection prepares the statements it runs often (parsed and planned once, not per page).
      Client: PreparingClient,
    });
    // An idle client losing its connection (database restarted) must not crash the process.
    app.pg.pool.on('error', (error: Error & { code?: string }) =>
      app.log.warn({ code: error.code, reason: error.message }, 'idle database connection lost'),
    );
    app.decorate('db', new Kysely<Database>({ dialect: new PostgresDialect({ pool: app.pg.pool }) }));
  },
  { name: 'database' },
);
