import { afterAll, expect } from 'vitest';
import { SearchEngine } from '../../search/engine.ts';
import { DailyJobRunner } from '../../server/jobs/daily.ts';
import { DrainLoop } from '../../server/workers/drain-loop.ts';

/**
 * A setup file of the integration project (serial files included): fails the file that leaves a worker running.
 *
 * The files of one worker process run one after another in the same module graph (`isolate: false`), so a
 * worker loop, a daily-job timer or a search engine that a file started and never stopped (an app not closed,
 * a `new MailWorker` started and not stopped) keeps running through the files that follow: it claims their
 * mail and outbox rows with its own configuration (a log-mode mail transport, a Meilisearch that is gone) and
 * they fail for a reason that is not theirs. Here every start and stop of those three is recorded; at the
 * end of a file (this afterAll runs after the file's own), whatever the file started and did not stop is
 * stopped, so the next file starts clean, and the file fails, naming where each one was started.
 */
interface Running {
  what: string;
  startedAt: string;
}

const running = new Map<object, Running>();

function track<T extends object>(prototype: T & { start(): unknown; stop(): Promise<void> }, what: (self: T) => string): void {
  const { start, stop } = prototype;
  prototype.start = function (this: T) {
    if (!running.has(this)) running.set(this, { what: what(this), startedAt: callerOf(new Error().stack) });
    return start.call(this);
  };
  prototype.stop = async function (this: T) {
    try {
      await stop.call(this);
    } finally {
      running.delete(this);
    }
  };
}

/** The first stack frame outside the app's start-up code and this file: the test or helper that started it. */
function callerOf(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').slice(1);
  const frame = frames.find((line) => line.includes('/test/') && !line.includes('/test/helpers/leaks.ts')) ?? frames.at(-1) ?? '';
  return frame.trim();
}

// Each prototype is patched once per process: with `isolate: false` this file is evaluated once per file,
// against the same modules.
const patched = globalThis as { jobbrueckeLeakTracking?: Map<object, Running> };
if (!patched.jobbrueckeLeakTracking) {
  patched.jobbrueckeLeakTracking = running;
  track(DrainLoop.prototype as DrainLoop & { start(): void; stop(): Promise<void> }, (loop) => loop.constructor.name);
  track(DailyJobRunner.prototype, () => 'DailyJobRunner');
  track(SearchEngine.prototype, () => 'SearchEngine');
}
const live = patched.jobbrueckeLeakTracking;

afterAll(async () => {
  const left = [...live];
  live.clear();
  await Promise.all(left.map(([instance]) => (instance as { stop(): Promise<void> }).stop().catch(() => undefined)));
  expect(
    left.map(([, { what, startedAt }]) => `${what} started ${startedAt}`),
    'still running after the file: close every app it built and stop every worker it started',
  ).toEqual([]);
});
