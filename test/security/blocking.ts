import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Blocking {
  /** The longest the event loop stood still while the work ran (ms). */
  loopMs: number;
  /** The slowest answer of /healthz polled one after another while the work ran (ms). */
  healthzMs: number;
  /** How long the work took (ms): printed for the report, never asserted tightly. */
  workMs: number;
}

/**
 * Runs `work` against the app listening at `base` (in this process) and measures how long it kept
 * others waiting: the event loop's longest stall, and the slowest /healthz asked meanwhile.
 */
export async function measureBlocking(base: string, work: () => Promise<unknown>): Promise<Blocking> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let done = false;
  let healthzMs = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      healthzMs = Math.max(healthzMs, performance.now() - started);
    }
  })();
  const started = performance.now();
  try {
    await work();
  } finally {
    done = true;
  }
  const workMs = performance.now() - started;
  await poll;
  histogram.disable();
  return { loopMs: histogram.max / 1e6, healthzMs, workMs };
}
