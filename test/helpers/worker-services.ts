import { inject } from 'vitest';

/**
 * A setup file of the integration projects (vitest.config.ts): runs in the worker before each test
 * file and points `inject('databaseUrl')` and `inject('meiliUrl')` at the worker's own database and
 * Meilisearch (test/global-setup.ts made one pair per worker). Vitest numbers a project's workers
 * 1…maxWorkers (VITEST_POOL_ID) and a worker keeps its number while it runs files one after another,
 * so every file of a worker, and every app and process it starts, uses the same pair.
 *
 * `inject` reads the context the worker received with the file; vitest offers no per-worker value, so
 * this rewrites the two keys in that context (vitest's worker state, `globalThis.__vitest_worker__`).
 */
const workers = inject('workers');
const slot = Number(process.env.VITEST_POOL_ID ?? '1');
const mine = workers[slot - 1];
if (!mine) throw new Error(`Test worker ${slot} has no services of its own (${workers.length} made by test/global-setup.ts)`);

const state = (globalThis as { __vitest_worker__?: { providedContext?: Record<string, unknown> } }).__vitest_worker__;
if (!state?.providedContext)
  throw new Error("vitest's worker state moved: test/helpers/worker-services.ts cannot give this worker its services");
state.providedContext.databaseUrl = mine.databaseUrl;
state.providedContext.meiliUrl = mine.meiliUrl;
if (inject('databaseUrl') !== mine.databaseUrl) throw new Error('inject() no longer reads the worker state this file rewrites');
