import { inject } from 'vitest';

/** Where the calling test file's services are: its worker's own database and Meilisearch, and the run's keys. */
export interface TestServices {
  databaseUrl: string;
  meiliUrl: string;
  meiliMasterKey: string;
  sessionSecret: string;
}

/**
 * The one way a test file (and every app and process it starts) finds its services. test/global-setup.ts
 * gives each project a list of service pairs, one per worker slot (`inject('workers')`); vitest numbers the
 * workers running at the same time 1…maxWorkers (VITEST_POOL_ID, kept while a worker runs files one after
 * another), so the worker's number picks its pair and no two workers running side by side share a database
 * or a Meilisearch. The serial project has slots of its own (`serial_<n>`), so its files never share a database
 * or a Meilisearch with the integration files that the same worker runs before or after them.
 */
export function testServices(): TestServices {
  const workers = inject('workers');
  const slot = Number(process.env.VITEST_POOL_ID ?? '1');
  const mine = workers[slot - 1];
  if (!mine) throw new Error(`Test worker ${slot} has no services of its own (test/global-setup.ts made ${workers.length})`);
  return { ...mine, meiliMasterKey: inject('meiliMasterKey'), sessionSecret: inject('sessionSecret') };
}
