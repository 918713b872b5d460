import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../server/config.ts';
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
  project.provide('databaseUrl', services.databaseUrl);
  project.provide('meiliUrl', services.meiliUrl);
  project.provide('meiliMasterKey', services.meiliMasterKey);
  project.provide('sessionSecret', services.sessionSecret);
}

export async function teardown(): Promise<void> {
  await services?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
