import { defineConfig } from 'vitest/config';
import { BrowsersFirst } from './test/sequencer.ts';

/**
 * Run after everything else, alone, against a database and a Meilisearch of their own that no other file
 * wrote to: files that stop services, kill processes or start whole portals and time what they see, and
 * files that compare a whole index with whole tables (rows another file left behind, made or expired in
 * an order that differs from run to run, would change what they count).
 */
const SERIAL = [
  'test/drills/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/search/check-index.test.ts',
  'test/search/index-batches.test.ts',
];

/**
 * Integration workers running files side by side (TEST_WORKERS=2). Each has its own database and Meilisearch
 * (test/global-setup.ts), so only embedded services can be multiplied: with DATABASE_URL, PGHOST or MEILI_URL
 * set, one worker. The default stays one worker, one file after another, until two runs in a row are green
 * with two: on the busy shared machine (load 5-30) two workers failed 15-30 tests, most of them load shedding
 * (503), time limits and flushes racing a rebuild (test/README.md, Speed).
 */
const external = ['DATABASE_URL', 'PGHOST', 'MEILI_URL'].some((name) => process.env[name]);
const WORKERS = external ? 1 : Math.max(1, Number(process.env.TEST_WORKERS ?? 1) || 1);

/**
 * Three tiers, one command (`npm test` runs them in this order):
 * - unit: pure logic (`*.unit.test.ts`, no services), files in parallel;
 * - integration: everything against the real services, started once (test/global-setup.ts), in WORKERS
 *   processes side by side; each process runs its files one after another (isolate: false: the app's
 *   modules are imported once per process, not once per file) against its own database and Meilisearch
 *   (test/helpers/worker-services.ts points inject() at them);
 * - serial: the SERIAL files, one after another in one process, when nothing else runs.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // A run-wide option (a project's own sequencer is not used): the browser files first, so two workers end together.
    sequence: { sequencer: BrowsersFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.unit.test.ts'],
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
          setupFiles: ['test/helpers/worker-services.ts'],
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
          setupFiles: ['test/helpers/worker-services.ts'],
          pool: 'forks',
          maxWorkers: 1,
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
