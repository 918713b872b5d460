/** `npm start` on an empty data folder: from spawning the process until /readyz says ok. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const TARGET_MS = 15_000;
const GIVE_UP_MS = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function measureColdStart(bench: Bench): Promise<Row[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jb-bench-cold-'));
  // Embedded PostgreSQL runs as an unprivileged user when we are root: it must be able to enter the folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'PGHOST', 'MEILI_URL', 'MEILI_MASTER_KEY', 'SESSION_SECRET', 'SEED_DEMO', 'NODE_ENV'])
    delete env[name];
  bench.log(`cold start: npm start on an empty data folder (${dataDir})`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let readyMs: number | null = null;
  try {
    while (performance.now() - t0 < GIVE_UP_MS && child.exitCode === null) {
      const body = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((response) => response.json() as Promise<{ status?: string }>)
        .catch(() => null);
      if (body?.status === 'ok') {
        readyMs = performance.now() - t0;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    if (stopped === 'timeout') child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (readyMs === null) {
    return [
      row('cold start: npm start, empty data folder → /readyz ok', {
        target: '≤ 15 s',
        met: false,
        note: `never ready: ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
      }),
    ];
  }
  return [
    row('cold start: npm start, empty data folder → /readyz ok (one run)', { p50Ms: readyMs, target: '≤ 15 s', met: readyMs <= TARGET_MS }),
  ];
}
