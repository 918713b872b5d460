import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { PostgresConnection } from '../db/connection.ts';
import { isAlive, loadOrCreateSecrets } from './files.ts';
import { startEmbeddedMeilisearch, type EmbeddedMeiliHandle } from './meilisearch.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './postgres.ts';

export { EmbeddedServiceError } from './postgres.ts';

export interface Services {
  database: PostgresConnection;
  meiliUrl: string;
  meiliMasterKey: string;
  sessionSecret: string;
  postgres?: EmbeddedPostgresHandle;
  meilisearch?: EmbeddedMeiliHandle;
  /** Stops what was started here (embedded services only); external ones are left alone. */
  stop(): Promise<void>;
}

/** Who runs the embedded services of a DATA_DIR, so a script can use them instead of starting its own. */
interface RunningState {
  ownerPid: number;
  postgresPort?: number;
  meiliPort?: number;
}

function readRunningState(dataDir: string): RunningState | undefined {
  const file = path.join(dataDir, 'services.json');
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as RunningState;
    return state.ownerPid !== process.pid && isAlive(state.ownerPid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** The embedded PostgreSQL of a DATA_DIR (see postgres.ts: its superuser and database). */
function embeddedConnection(port: number, password: string): PostgresConnection {
  return { host: '127.0.0.1', port, user: 'postgres', password, database: 'jobbruecke' };
}

export interface StartOptions {
  fast?: boolean;
  log?: (line: string) => void;
}

/**
 * Fills in what the configuration leaves open: without DATABASE_URL or PGHOST an embedded
 * PostgreSQL, without MEILI_URL an embedded Meilisearch, both in DATA_DIR.
 */
export async function startServices(config: Config, options: StartOptions = {}): Promise<Services> {
  const needsLocal = !config.database || !config.meiliUrl || !config.sessionSecret;
  const secrets = needsLocal ? loadOrCreateSecrets(config.dataDir) : undefined;
  const stateFile = path.join(config.dataDir, 'services.json');

  // Another process (a running `npm start`) already runs this DATA_DIR's services: use them.
  const running = needsLocal ? readRunningState(config.dataDir) : undefined;
  if (running && (config.database || running.postgresPort) && (config.meiliUrl || running.meiliPort)) {
    return {
      database: config.database ?? embeddedConnection(running.postgresPort!, secrets!.postgresPassword),
      meiliUrl: config.meiliUrl ?? `http://127.0.0.1:${running.meiliPort}`,
      meiliMasterKey: config.meiliMasterKey ?? secrets!.meiliMasterKey,
      sessionSecret: config.sessionSecret ?? secrets!.sessionSecret,
      stop: async () => undefined,
    };
  }

  const [postgres, meilisearch] = (await Promise.all(
    [
      config.database
        ? undefined
        : startEmbeddedPostgres({ dataDir: config.dataDir, password: secrets!.postgresPassword, fast: options.fast, log: options.log }),
      config.meiliUrl
        ? undefined
        : startEmbeddedMeilisearch({ dataDir: config.dataDir, masterKey: secrets!.meiliMasterKey, log: options.log }),
    ].map((p) => Promise.resolve(p).catch((e: unknown) => e)),
  )) as [EmbeddedPostgresHandle | Error | undefined, EmbeddedMeiliHandle | Error | undefined];

  if (postgres instanceof Error || meilisearch instanceof Error) {
    // Leave nothing running behind a failed start.
    if (postgres && !(postgres instanceof Error)) await postgres.stop();
    if (meilisearch && !(meilisearch instanceof Error)) await meilisearch.stop();
    throw postgres instanceof Error ? postgres : meilisearch;
  }

  if (postgres || meilisearch) {
    const state: RunningState = { ownerPid: process.pid, postgresPort: postgres?.port, meiliPort: meilisearch?.port };
    writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  }

  return {
    database: config.database ?? embeddedConnection(postgres!.port, secrets!.postgresPassword),
    meiliUrl: config.meiliUrl ?? meilisearch!.url,
    meiliMasterKey: config.meiliMasterKey ?? secrets!.meiliMasterKey,
    sessionSecret: config.sessionSecret ?? secrets!.sessionSecret,
    postgres,
    meilisearch,
    stop: async () => {
      await Promise.all([meilisearch?.stop(), postgres?.stop()]);
      if (postgres || meilisearch) rmSync(stateFile, { force: true });
    },
  };
}
