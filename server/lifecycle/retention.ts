import type { FastifyInstance } from 'fastify';
import { writeIndexed } from '../indexing/write.ts';
import { eraseLocked } from './erasure.ts';
import * as queries from './queries.ts';

export const RETENTION_JOB = 'mentee-retention';
/** 03:00 in Berlin: a quiet hour, before the morning digest (07:00). */
export const RETENTION_HOUR = 3;
const BATCH_SIZE = 200;

/**
 * Deletes the profiles closed more than `months` months before the Berlin day `day`
 * (closed before that day's start, `months` months earlier), one transaction per batch.
 * Safe to run again: a second run finds nothing left to delete. Returns how many went.
 */
export async function runRetention(app: FastifyInstance, day: string, months: number): Promise<number> {
  const cutoff = await queries.berlinDayStartMonthsBefore(app.db, day, months);
  let total = 0;
  for (;;) {
    const erased = await writeIndexed(app, async (trx, reindex) => {
      const batch = await queries.lockExpiredMentees(trx, cutoff, BATCH_SIZE);
      return eraseLocked(trx, reindex, batch, 'retention', { actorId: null, actorRole: 'system' });
    });
    total += erased;
    if (erased < BATCH_SIZE) break;
  }
  if (total > 0)
    app.log.info({ job: RETENTION_JOB, day, months, erased: total }, 'Closed mentee profiles deleted after the retention period');
  return total;
}
