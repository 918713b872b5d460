import { useClaimedSlot } from './services.ts';

/**
 * A setup file of the integration project, run before each file: claims this worker process's service
 * slot (once per process; see `claimWorkerSlot` in services.ts for why the pool id alone is not trusted), so
 * `testServices()` can answer synchronously in the file's top level, hooks and tests.
 */
await useClaimedSlot();
