import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/sequencer.ts';

/**
 * Files that must not share a database or a Meilisearch with the integration files: files that stop services,
 * kill processes or start whole portals and time what they see, and files that compare a whole index with
 * whole tables (rows another file left behind, made or expired in an order that differs from run to run,
 * would change what they count). They run beside the integration files, one at a time per worker, against
 * services no integration file writes to (test/global-setup.ts: the serial project's own slots).
 */
const SERIAL = [
  'test/drills/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/search/check-index.test.ts',
  'test/search/index-batches.test.ts',
];

/**
 * Workers running files side by side: two by default (one per core of the 2-core machine; TEST_WORKERS=1 runs one).
 * Each worker has its own database and Meilisearch (test/global-setup.ts; each worker process claims its slot,
 * test/helpers/worker-slot.ts, since vitest can hand two workers the same pool id), so only embedded services can be
 * multiplied: with DATABASE_URL, PGHOST or MEILI_URL set, one worker runs every file.
 */
const external = ['DATABASE_URL', 'PGHOST', 'MEILI_URL'].some((name) => process.env[name]);
const WORKERS = external ? 1 : Math.max(1, Number(process.env.TEST_WORKERS ?? 2) || 1);

/** Each file's wall time and CPU seconds as JSON lines into the file TEST_CPU_LOG names (test/helpers/cpu-log.ts). */
const SETUP = ['test/helpers/worker-slot.ts', 'test/helpers/leaks.ts', ...(process.env.TEST_CPU_LOG ? ['test/helpers/cpu-log.ts'] : [])];

/**
 * Three tiers, one command (`npm test`):
 * - unit: pure logic (`*.unit.test.ts`, no services), first, in WORKERS processes side by side and not isolated
 *   (they use no mocks and change no module state, so each process imports the modules once, not once per file).
 *   Left to vitest's defaults (one worker on 2 cores, each file in a fresh module graph) they took 22-42 s at the
 *   start of every run with one core idle; so 14-24 s (paired runs of the unit project, load 5-10). Taken last in
 *   the integration files' queue instead, they cost as much at the end (each worker starts a new process for them);
 *   measured in a whole run at load 10, no gain;
 * - integration: everything against the real services, started once (test/global-setup.ts), in WORKERS
 *   processes side by side; each process runs its files one after another (isolate: false: the app's
 *   modules are imported once per process, not once per file) against its own database and Meilisearch
 *   (`testServices()`, test/helpers/services.ts, picks them by the worker's number);
 * - serial: the SERIAL files, in the same group as the integration files (the same workers take files of both
 *   projects from one queue, so neither tier waits for the other), each worker's serial files against that
 *   worker's serial database and Meilisearch. Projects in one group must have the same maxWorkers.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // A run-wide option (a project's own sequencer is not used): the serial files, then the browser files, so two
    // workers end together and each changes project once.
    sequence: { sequencer: LongFilesFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.unit.test.ts'],
          pool: 'forks',
          maxWorkers: WORKERS,
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.unit.test.ts', ...SERIAL],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: SETUP,
          pool: 'forks',
          maxWorkers: WORKERS,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'serial',
          include: SERIAL,
          globalSetup: ['test/global-setup.ts'],
          setupFiles: SETUP,
          pool: 'forks',
          maxWorkers: WORKERS,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
