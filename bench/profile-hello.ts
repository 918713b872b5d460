/**
 * What GET /healthz costs the app beyond plain Fastify, in CPU per request over HTTP (autocannon in a child process,
 * not counted): plain Fastify and the app in this process, alternated HELLO_ROUNDS times for BENCH_SECONDS each, so
 * both see the same machine. Prints the answer's headers once (what the stack adds) and each round's µs per request;
 * PROFILE_CPU=<file> profiles the app's side of the first round. `npx tsx bench/profile-hello.ts`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { startServices } from '../server/embedded/index.ts';
import { load } from './load.ts';

const ROUNDS = Number(process.env.HELLO_ROUNDS ?? 4);
const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/bench-hello', LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
const services = await startServices(config, { fast: true });
const app = await buildApp(config, services, { runOutboxWorker: true });
const plain = Fastify({ logger: false });
plain.get('/hello', async () => ({ status: 'ok' }));
const origin = async (server: FastifyInstance) => {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};
try {
  const appOrigin = await origin(app);
  const plainOrigin = await origin(plain);
  const answer = await fetch(`${appOrigin}/healthz`);
  console.log(`GET /healthz ${answer.status}:`, JSON.stringify(Object.fromEntries(answer.headers)));
  const cpuPerRequest = async (target: string, path: string, profile?: string) => {
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const before = process.cpuUsage();
    const result = await load({ origin: target, requests: [{ path }], connections: 10 });
    const used = process.cpuUsage(before);
    if (session) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(profile!, JSON.stringify(taken));
      session.disconnect();
    }
    return { us: (used.user + used.system) / Math.max(1, result.requests), reqPerSec: result.reqPerSec };
  };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const p = await cpuPerRequest(plainOrigin, '/hello');
    const a = await cpuPerRequest(appOrigin, '/healthz', round === 1 ? process.env.PROFILE_CPU : undefined);
    console.log(
      `round ${round}: plain ${p.us.toFixed(1)} µs/request (${Math.round(p.reqPerSec)} req/s), /healthz ${a.us.toFixed(1)} µs/request ` +
        `(${Math.round(a.reqPerSec)} req/s); CPU ratio plain/app ${(p.us / a.us).toFixed(3)}, req/s ratio ${(a.reqPerSec / p.reqPerSec).toFixed(3)}`,
    );
  }
} finally {
  await plain.close();
  await app.close();
  await services.stop();
}
