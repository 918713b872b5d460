import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { claimWorkerSlot, SLOT_LOCK_CLASS, testServices } from '../helpers/services.ts';

/*
 * Two workers on one database drain each other's mail and search outbox (issue 14: vitest 4.1 gave both
 * integration workers pool id 1 whenever the unit files ran first). A worker's services are its own because it
 * holds its slot's lock for as long as it lives: no other connection, of this process or another, can claim it.
 */
describe('the worker slot', () => {
  it('is held by this worker: another session cannot claim it, and testServices() names its database', async () => {
    const { slot } = await claimWorkerSlot();
    const { databaseUrl } = testServices();
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      const { rows } = await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [SLOT_LOCK_CLASS, slot]);
      expect(rows[0]!.locked).toBe(false);
      const { rows: holders } = await other.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        [SLOT_LOCK_CLASS, slot],
      );
      expect(holders[0]!.n).toBe(1);
    } finally {
      await other.end();
    }
  });
});
