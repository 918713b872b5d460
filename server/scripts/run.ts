import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Meilisearch } from 'meilisearch';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { EmbeddedServiceError, startServices } from '../embedded/index.ts';
import { createMeiliClient } from '../../search/client.ts';
import { ensureKeys } from '../../search/setup.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { PreparingClient } from '../db/prepared-client.ts';
import { syncReferenceData } from '../reference-data.ts';
import '../db/types.ts';

export interface ScriptContext {
  config: Config;
  db: Kysely<Database>;
  admin: Meilisearch;
  args: string[];
}

/**
 * Runs a command-line task against the same services the app uses: the ones named
 * in the environment, or the embedded ones in DATA_DIR (reusing those of a
 * running `npm start`). Errors end as one line, not a stack trace.
 */
export async function runScript(name: string, task: (ctx: ScriptContext) => Promise<string>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let db: Kysely<Database> | undefined;
  try {
    const config = loadConfig();
    const services = await startServices(config);
    stop = services.stop;
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ ...services.database, max: 4, Client: PreparingClient }) }),
    });
    await migrateToLatest(db);
    await syncReferenceData(db);
    // The master key only creates the limited keys; the task works with the indexer key.
    const keys = await ensureKeys(createMeiliClient(services.meiliUrl, services.meiliMasterKey));
    const admin = createMeiliClient(services.meiliUrl, keys.indexer, 60_000);
    const message = await task({ config, db, admin, args: process.argv.slice(2) });
    process.stdout.write(`${name}: ${message}\n`);
    process.exitCode = 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof EmbeddedServiceError;
    process.stderr.write(`${name} failed: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = 1;
  } finally {
    await db?.destroy().catch(() => undefined);
    await stop?.().catch(() => undefined);
  }
}
