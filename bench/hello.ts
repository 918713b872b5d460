/**
 * The hello row alone, several times: `npx tsx bench/hello.ts` (HELLO_ROUNDS, default 5; BENCH_SECONDS per load
 * test). Each round measures plain Fastify and GET /healthz through the whole app back to back, so both see the
 * same load on a shared machine; it prints each round's ratio and the median. No data is seeded: /healthz reads
 * none. Profile the app's side with `node --cpu-prof --import tsx bench/hello.ts` (the load generator runs in a
 * child process of its own and is not in the profile).
 */
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { startServices } from '../server/embedded/index.ts';
import { measureHello } from './measurements/hello.ts';
import { log } from './setup.ts';

const ROUNDS = Number(process.env.HELLO_ROUNDS ?? 5);

const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/bench-hello', LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
const services = await startServices(config, { fast: true });
const app = await buildApp(config, services, { runOutboxWorker: true });
try {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const [raw, full] = await measureHello({ origin, log: () => {} });
    const ratio = full!.ratio!;
    ratios.push(ratio);
    log(`round ${round}: plain ${raw!.reqPerSec} req/s, /healthz ${full!.reqPerSec} req/s, ratio ${ratio}; ${full!.note}`);
  }
  ratios.sort((a, b) => a - b);
  log(`median ratio ${ratios[Math.floor(ratios.length / 2)]!.toFixed(3)} (min ${ratios[0]!.toFixed(3)}, max ${ratios.at(-1)!.toFixed(3)})`);
} finally {
  await app.close();
  await services.stop();
}
