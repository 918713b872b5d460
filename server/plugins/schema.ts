import fp from 'fastify-plugin';
import { migrateToLatest } from '../db/migrate.ts';
import { syncReferenceData } from '../reference-data.ts';

/** Applies pending migrations (under Kysely's migration lock) and syncs the reference data before anything uses them. */
export default fp(
  async (app) => {
    const applied = await migrateToLatest(app.db);
    if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
    await syncReferenceData(app.db);
  },
  { name: 'schema', dependencies: ['database'] },
);
