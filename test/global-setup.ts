import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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

declare module 'vitest' {
  export interface ProvidedContext {
    /** Slot i-1 belongs to the worker with VITEST_POOL_ID i (`testServices()` in test/helpers/services.ts picks it). */
    workers: WorkerServices[];
    meiliMasterKey: string;
    sessionSecret: string;
  }
}

/**
 * The services of one run, shared by the projects that need them (the integration project and the
 * serial one of drills and process tests run in the same vitest process, each calling setup): started
 * once, stopped when the last project tears down.
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
  users: number;
}

/**
 * Vitest loads this file once per project that uses it, so module variables are not shared: the run's
 * services live on globalThis (the projects' setups run in one process, one after another).
 */
const shared = globalThis as { jobbrueckeTestRun?: Promise<Run> };

/**
 * Starts the real services once per test run: the ones named in the environment (DATABASE_URL,
 * MEILI_URL), or an embedded PostgreSQL and Meilisearch in a fresh folder. With embedded services each
 * worker of each project (its `maxWorkers`) gets its own database, copied from a migrated template
 * (`CREATE DATABASE … TEMPLATE`, a file copy: no migration per worker), and its own Meilisearch, so
 * the workers never see each other's rows, index documents, tasks or keys, and the serial project
 * starts from empty ones, whatever the integration files left behind. Services named in the
 * environment cannot be multiplied: vitest.config.ts then runs one worker.
 */
export async function setup(project: TestProject): Promise<void> {
  shared.jobbrueckeTestRun ??= start();
  const state = await shared.jobbrueckeTestRun;
  state.users += 1;
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const slots = await Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const name = `${project.name}_${i + 1}`;
      if (state.external) return state.external;
      if (!state.slots.has(name)) state.slots.set(name, addSlot(state, name));
      return state.slots.get(name)!;
    }),
  );
  project.provide('workers', slots);
  project.provide('meiliMasterKey', state.services.meiliMasterKey);
  project.provide('sessionSecret', state.services.sessionSecret);
}

export async function teardown(): Promise<void> {
  const state = await shared.jobbrueckeTestRun?.catch(() => undefined);
  if (!state) return;
  state.users -= 1;
  if (state.users > 0) return;
  shared.jobbrueckeTestRun = undefined;
  await Promise.all(state.extraMeilis.map((meili) => meili.stop()));
  await state.services.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
}

async function start(): Promise<Run> {
  const env = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-test-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  const services = await startServices({ ...env, dataDir }, { fast: true });
  const embedded = services.postgres !== undefined && services.meilisearch !== undefined;
  // The template: migrated and filled with the reference data once, then closed (a template must have no connections).
  if (embedded) await migrate(asUrl(services.database));
  const external = embedded ? undefined : { databaseUrl: asUrl(services.database), meiliUrl: services.meiliUrl };
  return { services, dataDir, slots: new Map(), external, firstMeiliTaken: false, extraMeilis: [], users: 0 };
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
