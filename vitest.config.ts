import { defineConfig } from 'vitest/config';
import { SlowLast } from './test/sequencer.ts';

/**
 * Two tiers, one command (`npm test` runs both):
 * - unit: pure logic (`*.unit.test.ts`, no services), files in parallel, first;
 * - integration: everything against the real services, started once (test/global-setup.ts).
 *   The files share one PostgreSQL and one Meilisearch, so they run one after another, in one process
 *   (isolate: false: the app's modules are imported once, not once per file); drills and
 *   process-level tests run last (test/sequencer.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // A run-wide option (a project's own sequencer is not used): drills and process-level tests last.
    sequence: { sequencer: SlowLast },
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
          exclude: ['test/**/*.unit.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
