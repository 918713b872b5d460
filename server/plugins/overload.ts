import { monitorEventLoopDelay } from 'node:perf_hooks';
import fp from 'fastify-plugin';
import { sendError } from '../http/respond.ts';

export interface OverloadOptions {
  /** Mean event-loop delay (ms) over one sample above which requests are shed; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  /** Sample interval (ms); default 1000. */
  sampleIntervalMs?: number;
  /** Seconds a client is told to wait. */
  retryAfterSeconds?: number;
}

/** Routes that must keep answering under load: the liveness probe is cheap and must not flap. */
const NEVER_SHED = new Set(['/healthz']);

/** The delay histogram's own timer (ms); its mean includes this much, taken off each sample. */
const RESOLUTION_MS = 10;

/**
 * Graceful overload: when the event loop lags, new requests get 503 with Retry-After right away (as JSON or a
 * friendly page) instead of queueing. Shed on delay only: a busy but healthy server runs its loop near 100 %
 * (the bench showed utilisation-based shedding refusing ordinary full load).
 *
 * The sampler runs on a timer; a request only compares one number. (It replaces @fastify/under-pressure, whose
 * hook built `request.routeOptions`, a new object, on every request to look for a per-route handler, and read
 * the process's memory at every sample for limits the portal does not set.)
 */
export default fp<OverloadOptions>(
  async (app, opts) => {
    const retryAfter = opts.retryAfterSeconds ?? 5;
    const limitMs = opts.maxEventLoopDelayMs > 0 ? opts.maxEventLoopDelayMs : Infinity;
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    let delayMs = 0;
    const sampler = setInterval(
      () => {
        // No sample at all in a whole interval (NaN) means the loop was blocked throughout.
        const mean = histogram.mean / 1e6 - RESOLUTION_MS;
        delayMs = Number.isNaN(mean) ? Infinity : Math.max(0, mean);
        histogram.reset();
      },
      Math.max(RESOLUTION_MS, opts.sampleIntervalMs || 1_000),
    );
    sampler.unref();
    app.addHook('onClose', (_app, done) => {
      clearInterval(sampler);
      histogram.disable();
      done();
    });

    // A callback hook (no promise per request): it runs on every request.
    app.addHook('onRequest', (request, reply, done) => {
      if (delayMs <= limitMs || NEVER_SHED.has(request.url.split('?', 1)[0]!)) return done();
      request.log.warn({ type: 'eventLoopDelay', value: delayMs }, 'overloaded: request shed');
      reply.header('retry-after', String(retryAfter));
      // The refusal is the answer: the chain stops here (done() is not called once the reply is sent).
      sendError(request, reply, 503, 'overloaded', request.t('errors.unavailable')).then(
        () => undefined,
        (error: Error) => done(error),
      );
    });
  },
  { name: 'overload', dependencies: ['i18n'] },
);
