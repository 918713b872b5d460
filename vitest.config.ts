import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/sequencer.ts';

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
 * Two projects, one command (`npm test`):
 * - unit: pure logic (`*.unit.test.ts`, no services), first, in WORKERS processes side by side and not isolated
 *   (they use no mocks and change no module state, so each process imports the modules once, not once per file).
 *   Left to vitest's defaults (one worker on 2 cores, each file in a fresh module graph) they took 22-42 s at the
 *   start of every run with one core idle; so 14-24 s (paired runs of the unit project, load 5-10). Taken last in
 *   the integration files' queue instead, they cost as much at the end (each worker starts a new process for them);
 *   measured in a whole run at load 10, no gain;
 * - integration: everything against the real services, started once (test/global-setup.ts), in WORKERS
 *   processes side by side; each process runs its files one after another (isolate: false: the app's
 *   modules are imported once per process, not once per file) against its own database and Meilisearch
 *   (`testServices()`, test/helpers/services.ts, picks them by the worker's slot). The serial files
 *   (test/serial-files.ts: drills, process tests, whole-index checks) are integration files run against services
 *   no other file writes to: each worker's serial database and Meilisearch. They were a project of their own,
 *   which cost each worker a second process start (a fork, the setup files, the app's imports: 5.4 and 6.3 s
 *   before its next file in the baseline run of 7 December).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // A run-wide option (a project's own sequencer is not used): the serial files, then the browser files, so two
    // workers end together.
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
          exclude: ['test/**/*.unit.test.ts'],
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
