import { runScript } from './run.ts';

// runScript applies the migrations and syncs the reference data before every task.
await runScript('migrate', async () => 'the database schema is up to date');
