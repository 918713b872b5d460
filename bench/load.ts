/**
 * The load generator: autocannon in a child process of its own (on the same
 * machine, so it takes CPU from what it measures, like any local load test),
 * cycling through a list of requests.
 */
import { fork } from 'node:child_process';

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadJob {
  /** http://host:port */
  origin: string;
  requests: LoadRequest[];
  connections: number;
  /** Duration in seconds (ignored when amount is set). */
  seconds: number;
  /** A fixed number of requests instead of a duration. */
  amount?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** Runs one load test; the result counts non-2xx and failed requests (report.ts marks such a row unmet). */
export async function load(job: Omit<LoadJob, 'seconds'> & { seconds?: number }): Promise<LoadResult> {
  const child = fork(new URL('./load-child.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const outcome = await new Promise<{ result?: LoadResult; error?: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { result?: LoadResult; error?: string }));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ error: `load generator exited with ${code}` }));
    child.send({ seconds: BENCH_SECONDS, ...job } satisfies LoadJob);
  });
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  if (outcome.error || !outcome.result)
    throw new Error(`load test against ${job.origin}${job.requests[0]?.path ?? ''} failed: ${outcome.error}`);
  return outcome.result;
}
