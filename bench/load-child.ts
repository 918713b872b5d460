/**
 * The load generator's own process (forked by load.ts), so autocannon never
 * shares an event loop with the app it measures.
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

process.once('message', (job: LoadJob) => {
  let next = 0;
  // autocannon's histogram keeps whole milliseconds; the response event has the exact time.
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon(
    {
      url: job.origin,
      connections: job.connections,
      pipelining: 1,
      ...(job.amount ? { amount: job.amount } : { duration: job.seconds }),
      headers: job.headers,
      timeout: 10,
      requests: [
        {
          setupRequest: (request) => {
            const r = job.requests[next % job.requests.length]!;
            next += 1;
            return { ...request, method: r.method ?? 'GET', path: r.path, body: r.body, headers: { ...request.headers, ...r.headers } };
          },
        },
      ],
    },
    (error, result) => {
      if (error) {
        process.send!({ error: String(error) });
        return;
      }
      latencies.sort((a, b) => a - b);
      const summary: LoadResult = {
        requests: result.requests.total,
        // Only successful answers count: a shed request (503) is cheap and would flatter.
        reqPerSec: latencies.length / (result.duration || 1),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        statuses,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      process.send!({ result: summary }, () => process.exit(0));
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  instance.on('error', (error) => process.send!({ error: String(error) }));
});
