import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { expect, inject } from 'vitest';
import type { RunServices } from '../global-setup.ts';
import { isSerialFile } from '../serial-files.ts';

/** Where the calling test file's services are: its worker's own database and Meilisearch, and the run's keys. */
export interface TestServices {
  databaseUrl: string;
  meiliUrl: string;
  meiliMasterKey: string;
  sessionSecret: string;
}

/** The slot this process holds (index into the run's `workers`), and the connection whose lock holds it. */
interface Claim {
  slot: number;
  client: pg.Client;
}

/** Kept on globalThis: the claim lives as long as the process, whichever module copy a file loaded. */
const claims = globalThis as { jobbrueckeTestSlot?: Promise<Claim> };
let claimedSlot: number | undefined;
let runServices: RunServices | undefined;

/**
 * The run's services, once test/global-setup.ts has started them: it starts them in the background and writes them
 * to the file `inject('servicesFile')` names, so the unit files run meanwhile. Waited for once per process.
 */
async function servicesOfRun(): Promise<RunServices> {
  if (runServices) return runServices;
  const file = inject('servicesFile');
  const deadline = Date.now() + 180_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`The run's services were not up within 180 s (${file} was not written)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const read = JSON.parse(readFileSync(file, 'utf8')) as RunServices | { error: string };
  if ('error' in read) throw new Error(`The run's services could not be started (test/global-setup.ts): ${read.error}`);
  runServices = read;
  return read;
}

/** Advisory locks of the test slots: a class of their own (the app's outbox lock uses the one-key form). */
export const SLOT_LOCK_CLASS = 0x4a42; // "JB"

/**
 * Makes this worker process the only holder of one of its project's service slots, once per process
 * (test/helpers/worker-slot.ts calls it before each file; `isolate: false` keeps the claim between files).
 *
 * Vitest's VITEST_POOL_ID is not unique: in 4.1 a group of files (the integration project) may start
 * while the previous group's (the unit files') last worker is still being released, and that late release frees
 * the pool id the new group has just handed out, so both integration workers ran as pool 1, on one database and
 * one Meilisearch, and drained each other's mail and search outbox (issue 14, seen in every `TEST_WORKERS=2` run
 * with the unit files). So the slot is not taken from the id but claimed: a session-level advisory lock per slot,
 * held by one connection for the life of the process (PostgreSQL releases it when the process ends). The pool id's
 * slot is tried first; a taken one makes the process take the next free slot, or wait for one (a worker that is
 * still shutting down holds its slot until it exits).
 */
export function claimWorkerSlot(): Promise<Claim> {
  claims.jobbrueckeTestSlot ??= claim().catch((error: unknown) => {
    claims.jobbrueckeTestSlot = undefined;
    throw error;
  });
  return claims.jobbrueckeTestSlot;
}

async function claim(): Promise<Claim> {
  const { workers } = await servicesOfRun();
  const preferred = Number(process.env.VITEST_POOL_ID ?? '1') - 1;
  const order = workers.map((_, i) => (preferred + i + workers.length) % workers.length);
  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const slot of order) {
      const client = new pg.Client({ connectionString: workers[slot]!.databaseUrl, application_name: `vitest slot ${slot + 1}` });
      // A lost connection loses the lock; the files then fail on their own connections, not on an unhandled error here.
      client.on('error', () => undefined);
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [SLOT_LOCK_CLASS, slot]);
      if (rows[0]?.locked) {
        // The lock's connection must not keep a finished worker process alive.
        (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
        return { slot, client };
      }
      await client.end();
    }
    if (Date.now() > deadline) throw new Error(`No free test slot among ${workers.length} within 120 s: more worker processes than slots`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The one way a test file (and every app and process it starts) finds its services. test/global-setup.ts
 * gives each project a list of service pairs, one per worker slot (`servicesOfRun()`); the slot this process
 * claimed (`claimWorkerSlot`, before the file ran) picks its pair, so no two workers running side by side share a
 * database or a Meilisearch. The serial files (test/serial-files.ts) take the slot's second pair (`serial_<n>`), so
 * they never share a database or a Meilisearch with the other files the same worker runs before or after them.
 */
export function testServices(): TestServices {
  const slot = claimedSlot;
  if (slot === undefined)
    throw new Error('testServices(): no slot claimed; test/helpers/worker-slot.ts must be a setup file of this project');
  const { workers, serialWorkers, meiliMasterKey, sessionSecret } = runServices!; // read before the slot was claimed
  // The file running now (vitest's `testPath`, also at a file's top level and in its setup files).
  const file = expect.getState().testPath;
  const mine = (file && isSerialFile(file) ? serialWorkers : workers)[slot];
  if (!mine) throw new Error(`Test slot ${slot + 1} does not exist (test/global-setup.ts made ${workers.length})`);
  return { ...mine, meiliMasterKey, sessionSecret };
}

/** Called by the setup file once the claim is made: testServices() is synchronous. */
export async function useClaimedSlot(): Promise<number> {
  claimedSlot = (await claimWorkerSlot()).slot;
  return claimedSlot;
}
