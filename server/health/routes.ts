import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { pendingOutboxCount } from '../../search/outbox.ts';

export interface HealthOptions {
  /** READYZ_TOKEN: `Authorization: Bearer <token>` reads the details from anywhere. */
  readyzToken?: string;
}

/** Headers a proxy adds: a request that carries one came from elsewhere, whatever the socket says. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

const isLoopback = (address: string | undefined) => address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));

/**
 * A caller on the machine itself (a health check, an operator's curl): the socket comes from loopback and
 * nothing says it was forwarded. The socket, not request.ip: with TRUST_PROXY request.ip is whatever the
 * forwarding header names, and a proxy on the same machine connects from loopback for every visitor.
 */
function fromThisMachine(request: FastifyRequest): boolean {
  return isLoopback(request.socket.remoteAddress) && FORWARDING_HEADERS.every((name) => request.headers[name] === undefined);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, so neither the token's length nor its bytes show in the time the answer takes. */
function hasToken(request: FastifyRequest, token: string | undefined): boolean {
  const header = request.headers.authorization;
  if (!token || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}

/** Liveness and readiness for load balancers and the newcomer's first check. */
export default async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  /**
   * The status code tells a load balancer what it needs (503 when the database is down). The details (which
   * service is down, how far indexing lags) help an attacker time an attack, so only this machine or a caller
   * with READYZ_TOKEN reads them; everyone else gets `{ status }` with the same code.
   */
  app.get('/readyz', async (request, reply) => {
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
    const code = db === 'down' ? 503 : 200;
    if (!fromThisMachine(request) && !hasToken(request, opts.readyzToken)) return reply.code(code).send({ status });
    return reply.code(code).send({ status, db, search, outboxPending });
  });
}
