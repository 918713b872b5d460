import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../server/config.ts';
import type { PostgresConnection } from '../server/db/connection.ts';
import { startServices, type Services } from '../server/embedded/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    meiliUrl: string;
    meiliMasterKey: string;
    sessionSecret: string;
  }
}

let services: Services | undefined;
let dataDir: string | undefined;

/**
 * Starts the real services once per test run: the ones named in the
 * environment (DATABASE_URL, MEILI_URL), or embedded ones in a fresh folder.
 */
export async function setup(project: TestProject): Promise<void> {
  const env = loadConfig({ ...process.env, NODE_ENV: 'test' });
  dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-test-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  services = await startServices({ ...env, dataDir }, { fast: true });
  project.provide('databaseUrl', asUrl(services.database));
  project.provide('meiliUrl', services.meiliUrl);
  project.provide('meiliMasterKey', services.meiliMasterKey);
  project.provide('sessionSecret', services.sessionSecret);
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

export async function teardown(): Promise<void> {
  await services?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
