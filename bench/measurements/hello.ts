/** The bare hello route: a plain Fastify in this process vs GET /healthz through the app's full plugin stack. */
import Fastify from 'fastify';
import { load } from '../load.ts';
import { loadRow, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const CLIENTS = 10;

export async function measureHello(bench: Bench): Promise<Row[]> {
  const plain = Fastify({ logger: false });
  plain.get('/hello', async () => ({ status: 'ok' }));
  await plain.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = plain.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    bench.log('hello: plain Fastify');
    const raw = await load({ origin: `http://127.0.0.1:${port}`, requests: [{ path: '/hello' }], connections: CLIENTS });
    bench.log('hello: GET /healthz through the full app');
    const full = await load({ origin: bench.origin, requests: [{ path: '/healthz' }], connections: CLIENTS });
    const ratio = full.reqPerSec / raw.reqPerSec;
    return [
      loadRow(`raw ceiling: plain Fastify hello, ${CLIENTS} clients`, raw),
      loadRow(`GET /healthz, full plugin stack, ${CLIENTS} clients`, full, {
        ratio,
        target: 'ratio ≥ 0.7 × plain Fastify',
        met: ratio >= 0.7,
      }),
    ];
  } finally {
    await plain.close();
  }
}
