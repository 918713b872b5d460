import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../server/config.ts';
import type { PostgresConnection } from '../server/db/connection.ts';
import type { Database } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { startServices, type Services } from '../server/embedded/index.ts';
import { startEmbeddedMeilisearch, type EmbeddedMeiliHandle } from '../server/embedded/meilisearch.ts';
import { syncReferenceData } from '../server/reference-data.ts';

/** What one integration worker uses, and no other worker: its own database and its own Meilisearch. */
export interface WorkerServices {
  databaseUrl: string;
  meiliUrl: string;
}

/** What a project's workers read from the file `servicesFile` names once the run's services are up. */
export interface RunServices {
  /** Slot i-1 belongs to the worker that claims it (`claimWorkerSlot()` in test/helpers/services.ts). */
  workers: WorkerServices[];
  /** The same slot's services for the serial files (test/serial-files.ts), which no other file writes to. */
  serialWorkers: WorkerServices[];
  meiliMasterKey: string;
  sessionSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A file that holds the project's `RunServices` as JSON once they run, or `{ "error": … }` when they could not
     * be started; it does not exist before. test/helpers/services.ts waits for it.
     */
    servicesFile: string;
  }
}

/**
 * The services of one run, shared by the projects that need them (each project with this global setup calls
 * setup in the same vitest process): started once, stopped when the last project tears down.
 */
interface Run {
  services: Services;
  dataDir: string;
  /** Per project and worker ("integration_2"): its database and Meilisearch, made once. */
  slots: Map<string, Promise<WorkerServices>>;
  /** Services named in the environment: every worker of every project uses them. */
  external?: WorkerServices;
  /** Whether a slot already uses the Meilisearch started with PostgreSQL (the others start their own). */
  firstMeiliTaken: boolean;
  extraMeilis: EmbeddedMeiliHandle[];
}

/** A run as the projects' setups share it: its folder at once, its services once they are up. */
interface StartedRun {
  dataDir: string;
  ready: Promise<Run>;
  /** Each project's services file being written. */
  pending: Promise<void>[];
  users: number;
}

/**
 * Vitest loads this file once per project that uses it, so module variables are not shared: the run's
 * services live on globalThis (the projects' setups run in one process, one after another).
 */
const shared = globalThis as { jobbrueckeTestRun?: StartedRun };

/**
 * Starts the real services once per test run: the ones named in the environment (DATABASE_URL,
 * MEILI_URL), or an embedded PostgreSQL and Meilisearch in a fresh folder. With embedded services each
 * worker of each project (its `maxWorkers`) gets its own database, copied from a migrated template
 * (`CREATE DATABASE … TEMPLATE`, a file copy: no migration per worker), and its own Meilisearch, so
 * the workers never see each other's rows, index documents, tasks or keys; and a second such pair for
 * the serial files (test/serial-files.ts), which start from empty ones, whatever the other files left
 * behind. Services named in the environment cannot be multiplied: vitest.config.ts then runs one worker.
 */
export function setup(project: TestProject): void {
  const run = (shared.jobbrueckeTestRun ??= startRun());
  run.users += 1;
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const servicesFile = path.join(run.dataDir, `services-${project.name}.json`);
  project.provide('servicesFile', servicesFile);
  // Not awaited: vitest runs every project's global setup before the first file of any project, so the unit files
  // (no services) waited for PostgreSQL's initdb, the migrations and the Meilisearch starts. The workers of this
  // project wait for the file instead (test/helpers/services.ts). The 15 unit files and two integration files, A B A
  // B at load 6-7: the first unit file began 7.6/6.2 s after the command, now 2.4/4.7 s; CPU the same.
  const written = run.ready
    .then(async (state) => {
      const slotsOf = (kind: string) =>
        Promise.all(
          Array.from({ length: workers }, (_, i) => {
            const name = `${kind}_${i + 1}`;
            if (state.external) return state.external;
            if (!state.slots.has(name)) state.slots.set(name, addSlot(state, name));
            return state.slots.get(name)!;
          }),
        );
      const [slots, serialSlots] = await Promise.all([slotsOf(project.name), slotsOf('serial')]);
      const services: RunServices = {
        workers: slots,
        serialWorkers: serialSlots,
        meiliMasterKey: state.services.meiliMasterKey,
        sessionSecret: state.services.sessionSecret,
      };
      return services;
    })
    .then(
      (services) => writeAtOnce(servicesFile, JSON.stringify(services)),
      (error: unknown) =>
        writeAtOnce(servicesFile, JSON.stringify({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })),
    );
  run.pending.push(written);
}

/** A reader sees the whole file or none: written beside it, then renamed. */
function writeAtOnce(file: string, text: string): void {
  writeFileSync(`${file}.part`, text, { mode: 0o600 });
  renameSync(`${file}.part`, file);
}

export async function teardown(): Promise<void> {
  const run = shared.jobbrueckeTestRun;
  if (!run) return;
  run.users -= 1;
  if (run.users > 0) return;
  shared.jobbrueckeTestRun = undefined;
  await Promise.all(run.pending);
  const state = await run.ready.catch(() => undefined);
  if (state) {
    // Slots still being made when the run ended (cancelled before its services were up) are waited for: their
    // Meilisearch must stop too.
    await Promise.all([...state.slots.values()].map((slot) => slot.catch(() => undefined)));
    await Promise.all(state.extraMeilis.map((meili) => meili.stop()));
    await state.services.stop();
  }
  rmSync(run.dataDir, { recursive: true, force: true });
}

/** The run's folder at once; its services in the background (`ready`). */
function startRun(): StartedRun {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-test-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  const ready = start(dataDir);
  ready.catch(() => undefined); // reported through each project's services file, and to its workers
  return { dataDir, ready, pending: [], users: 0 };
}

async function start(dataDir: string): Promise<Run> {
  const env = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const services = await startServices({ ...env, dataDir }, { fast: true });
  const embedded = services.postgres !== undefined && services.meilisearch !== undefined;
  // The template: migrated and filled with the reference data once, then closed (a template must have no connections).
  if (embedded) await migrate(asUrl(services.database));
  const external = embedded ? undefined : { databaseUrl: asUrl(services.database), meiliUrl: services.meiliUrl };
  return { services, dataDir, slots: new Map(), external, firstMeiliTaken: false, extraMeilis: [] };
}

/** A worker's services (`slot` names its project and number): a copy of the template database and a Meilisearch of its own. */
async function addSlot(state: Run, slot: string): Promise<WorkerServices> {
  const { services } = state;
  const template = services.database;
  if ('connectionString' in template) throw new Error('The embedded PostgreSQL is reached by its parts');
  const name = `jobbruecke_${slot}`;
  // Decided before the first await: slots are made concurrently.
  const ownMeili = state.firstMeiliTaken;
  state.firstMeiliTaken = true;
  await withClient(asUrl({ ...template, database: 'postgres' }), (client) =>
    client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template.database)}`),
  );
  let meiliUrl = services.meiliUrl;
  if (ownMeili) {
    const meili = await startEmbeddedMeilisearch({ dataDir: path.join(state.dataDir, slot), masterKey: services.meiliMasterKey });
    state.extraMeilis.push(meili);
    meiliUrl = meili.url;
  }
  return { databaseUrl: asUrl({ ...template, database: name }), meiliUrl };
}

async function migrate(databaseUrl: string): Promise<void> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }) });
  try {
    await migrateToLatest(db);
    await syncReferenceData(db);
  } finally {
    await db.destroy();
  }
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** One URL for the tests and the child processes they start (DATABASE_URL): each part encoded. */
function asUrl(connection: PostgresConnection): string {
  if ('connectionString' in connection) return connection.connectionString;
  const { host, port, user, password, database } = connection;
  const credentials = encodeURIComponent(user) + (password === undefined ? '' : `:${encodeURIComponent(password)}`);
  // A socket folder goes into the query (pg's `host` parameter), not where a hostname goes.
  const [hostname, query] = host.startsWith('/') ? ['localhost', `?host=${encodeURIComponent(host)}`] : [host, ''];
  return `postgres://${credentials}@${hostname}:${port}/${encodeURIComponent(database)}${query}`;
}
