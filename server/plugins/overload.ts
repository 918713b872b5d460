import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import { sendError } from '../http/respond.ts';

export interface OverloadOptions {
  /** Mean event-loop delay (ms) over one sample above which requests are shed. */
  maxEventLoopDelayMs: number;
  /** Sample interval (ms); under-pressure's default is 1000. */
  sampleIntervalMs?: number;
  /** Seconds a client is told to wait. */
  retryAfterSeconds?: number;
}

/** Routes that must keep answering under load: the liveness probe is cheap and must not flap. */
const NEVER_SHED = new Set(['/healthz']);

/**
 * Graceful overload: when the event loop lags, new requests get 503 with
 * Retry-After right away (as JSON or a friendly page) instead of queueing.
 */
export default fp<OverloadOptions>(
  async (app, opts) => {
    const retryAfter = opts.retryAfterSeconds ?? 5;
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      // Shed on delay only: a busy but healthy server runs its loop near 100 % (the bench showed
      // utilisation-based shedding refusing ordinary full load).
      sampleInterval: opts.sampleIntervalMs,
      retryAfter,
      exposeStatusRoute: false,
      pressureHandler: (request, reply, type, value) => {
        // Returning undefined lets the request through.
        if (NEVER_SHED.has(request.url.split('?')[0]!)) return undefined;
        request.log.warn({ type, value }, 'overloaded: request shed');
        reply.header('retry-after', String(retryAfter));
        return sendError(request, reply, 503, 'overloaded', request.t('errors.unavailable')).then(() => undefined);
      },
    });
  },
  { name: 'overload', dependencies: ['i18n'] },
);
