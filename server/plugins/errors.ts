import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../http/respond.ts';
import { searchBusyIn } from '../../search/limiter.ts';

// 57014: statement_timeout cancelled the query — the database is too slow right now, so retrying later may work.
const UNAVAILABLE_CODES = new Set(['57014', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003']);

/**
 * PostgreSQL's data exceptions (class 22): a value the client sent could not be stored or compared as typed,
 * e.g. a NUL byte in a text (22021), a malformed id (22P02) or a date out of range (22008). Forms check their
 * fields first; this net makes whatever slips through the client's 400, never a 500.
 */
function isBadValue(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e.code !== undefined && UNAVAILABLE_CODES.has(e.code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(e.message ?? '')
  );
}

/** Where a request Fastify refused before routing is sent again, to get the portal's 400 (under /api/ as JSON). */
const MALFORMED_URL_PATHS = ['/_malformed-url', '/api/_malformed-url'] as const;

/**
 * Fastify's `frameworkErrors`: a URL it cannot decode (`/vacancies/%E0%A4%A`) or a parameter over its
 * length limit is refused before any hook runs, and by default answered as bare JSON without the portal's
 * headers or language. The request is routed again to a path that answers the portal's 400 through the
 * whole pipeline (hooks, headers, page or JSON). The app has no async constraints, the only other case.
 */
export function rerouteFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ code: error.code }, 'malformed request refused');
  const original = request.raw.url ?? '/';
  request.raw.url = original.startsWith('/api/') ? MALFORMED_URL_PATHS[1] : MALFORMED_URL_PATHS[0];
  request.server.routing(request.raw, reply.raw);
}

/** Every error ends as a friendly page or a JSON error body; stacks go to the log only. */
export default fp(
  async (app) => {
    app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, 'not_found', request.t('errors.notFound')));
    for (const path of MALFORMED_URL_PATHS) {
      app.all(path, async (request, reply) => sendError(request, reply, 400, 'bad_request', request.t('errors.badRequest')));
    }

    app.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      // More searches at once than Meilisearch can take (search/limiter.ts): not an outage, a "try again in a moment".
      const busy = searchBusyIn(error);
      if (busy) {
        reply.header('retry-after', String(busy.retryAfterSeconds));
        return sendError(request, reply, 503, 'busy', request.t('searchLoad.busy'));
      }
      if (isDatabaseUnavailable(error)) {
        request.log.error({ err: error }, 'database unavailable');
        reply.header('retry-after', '5');
        return sendError(request, reply, 503, 'unavailable', request.t('errors.unavailable'));
      }
      if (isBadValue(error)) {
        request.log.warn({ err: error }, 'a value the client sent was refused by the database');
        return sendError(request, reply, 400, 'bad_request', request.t('errors.badRequest'));
      }
      if (status === 429) return sendError(request, reply, 429, 'rate_limited', request.t('errors.rateLimited'));
      // A body over the app's bodyLimit (FST_ERR_CTP_BODY_TOO_LARGE): no form of the portal sends one.
      if (status === 413) return sendError(request, reply, 413, 'too_large', request.t('errors.tooLarge'));
      if (status && status >= 400 && status < 500) {
        // Malformed bodies, too large payloads, unsupported media types: the client's mistake.
        return sendError(request, reply, status, 'bad_request', request.t('errors.badRequest'));
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendError(request, reply, 500, 'internal', request.t('errors.internal'));
    });
  },
  { name: 'errors', dependencies: ['views', 'i18n'] },
);
