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
 * The delay one sample stands for: the histogram's mean (ns, less its own timer), or, when its timer did not fire
 * at all in the interval (NaN), how late this sample itself came: the loop was held at least that long. (That
 * case counted as an endless delay before, and a process the machine starved of CPU for a second shed requests
 * at any limit, however high.)
 */
export function sampleDelayMs(histogramMeanNs: number, sampleLateMs: number): number {
  const mean = histogramMeanNs / 1e6 - RESOLUTION_MS;
  return Number.isNaN(mean) ? Math.max(0, sampleLateMs) : Math.max(0, mean);
}

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
    const intervalMs = Math.max(RESOLUTION_MS, opts.sampleIntervalMs || 1_000);
    let delayMs = 0;
    let sampledAt = performance.now();
    const sampler = setInterval(() => {
      const now = performance.now();
      delayMs = sampleDelayMs(histogram.mean, now - sampledAt - intervalMs);
      sampledAt = now;
      histogram.reset();
    }, intervalMs);
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
