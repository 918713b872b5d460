import fp from 'fastify-plugin';
import { sendError } from '../http/respond.ts';

// 57014: statement_timeout cancelled the query — the database is too slow right now, so retrying later may work.
const UNAVAILABLE_CODES = new Set(['57014', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003']);

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e.code !== undefined && UNAVAILABLE_CODES.has(e.code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(e.message ?? '')
  );
}

/** Every error ends as a friendly page or a JSON error body; stacks go to the log only. */
export default fp(
  async (app) => {
    app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, 'not_found', request.t('errors.notFound')));

    app.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (isDatabaseUnavailable(error)) {
        request.log.error({ err: error }, 'database unavailable');
        reply.header('retry-after', '5');
        return sendError(request, reply, 503, 'unavailable', request.t('errors.unavailable'));
      }
      if (status === 429) return sendError(request, reply, 429, 'rate_limited', request.t('errors.rateLimited'));
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
