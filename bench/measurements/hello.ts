/** The bare hello route: a plain Fastify in this process vs GET /healthz through the app's full plugin stack. */
import Fastify from 'fastify';
import { load, type LoadJob, type LoadResult } from '../load.ts';
import { loadRow, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const CLIENTS = 10;
/**
 * Seconds each server is loaded, untimed, before the timed runs. The row comes first in the bench, seconds after the
 * app started: its first timed run met V8 compiling the app's hot paths and the app's start-up work (the workers'
 * first rounds), which plain Fastify, timed first with nothing of the kind, did not meet. On 7 December one whole run
 * gave 0.644 where five rounds of bench/hello.ts, each after the one before, gave a median of 0.84-0.87.
 */
const WARM_UP_SECONDS = 3;

/**
 * A load test and this process's CPU time per answered request during it. Both servers run in this process and
 * the load generator in its own, so the CPU microseconds per request compare the two stacks even on a machine
 * other work slows down (req/s falls with the load, the CPU a request costs much less).
 */
async function loadWithCpu(job: Omit<LoadJob, 'seconds'>): Promise<{ result: LoadResult; cpuMicrosPerRequest: number }> {
  const before = process.cpuUsage();
  const result = await load(job);
  const used = process.cpuUsage(before);
  return { result, cpuMicrosPerRequest: (used.user + used.system) / Math.max(1, result.requests) };
}

export async function measureHello(bench: Pick<Bench, 'origin' | 'log'>): Promise<Row[]> {
  const plain = Fastify({ logger: false });
  plain.get('/hello', async () => ({ status: 'ok' }));
  await plain.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = plain.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const plainOrigin = `http://127.0.0.1:${port}`;
    bench.log(`hello: warming both servers up (${WARM_UP_SECONDS} s each, untimed)`);
    await load({ origin: plainOrigin, requests: [{ path: '/hello' }], connections: CLIENTS, seconds: WARM_UP_SECONDS });
    await load({ origin: bench.origin, requests: [{ path: '/healthz' }], connections: CLIENTS, seconds: WARM_UP_SECONDS });
    bench.log('hello: plain Fastify');
    const raw = await loadWithCpu({ origin: plainOrigin, requests: [{ path: '/hello' }], connections: CLIENTS });
    bench.log('hello: GET /healthz through the full app');
    const full = await loadWithCpu({ origin: bench.origin, requests: [{ path: '/healthz' }], connections: CLIENTS });
    const ratio = full.result.reqPerSec / raw.result.reqPerSec;
    const cpu = (m: { cpuMicrosPerRequest: number }) => `${m.cpuMicrosPerRequest.toFixed(0)} µs`;
    return [
      loadRow(`raw ceiling: plain Fastify hello, ${CLIENTS} clients`, raw.result, { note: `CPU per request ${cpu(raw)}` }),
      loadRow(`GET /healthz, full plugin stack, ${CLIENTS} clients`, full.result, {
        ratio,
        target: 'ratio ≥ 0.7 × plain Fastify',
        met: ratio >= 0.7,
        note: `CPU per request ${cpu(full)} (plain ${cpu(raw)}, ${(raw.cpuMicrosPerRequest / full.cpuMicrosPerRequest).toFixed(3)} ×)`,
      }),
    ];
  } finally {
    await plain.close();
  }
}
