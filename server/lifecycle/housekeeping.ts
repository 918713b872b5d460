import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export const HOUSEKEEPING_JOB = 'housekeeping';
export const HOUSEKEEPING_HOUR = 4;
/** Sent e-mails (and given-up ones) are kept this long for questions about delivery, then deleted. */
export const MAIL_KEPT_DAYS = 90;

/**
 * Deletes what only served for a while: login counters whose window is long
 * over (they hold IP and e-mail addresses in their keys), ended sessions,
 * and e-mails sent or given up more than MAIL_KEPT_DAYS ago. The privacy page
 * states these periods.
 */
export async function runHousekeeping(db: Kysely<Database>): Promise<{ rateLimits: number; sessions: number; mails: number }> {
  return db.transaction().execute(async (trx) => {
    const rateLimits = await trx
      .deleteFrom('rate_limits')
      .where('window_start', '<', sql<Date>`now() - interval '1 day'`)
      .executeTakeFirst();
    const sessions = await trx
      .deleteFrom('sessions')
      .where('expires_at', '<', sql<Date>`now()`)
      .executeTakeFirst();
    const mails = await trx
      .deleteFrom('mail_outbox')
      .where('created_at', '<', sql<Date>`now() - make_interval(days => ${MAIL_KEPT_DAYS})`)
      .where((eb) =>
        eb.or([
          eb('sent_at', 'is not', null),
          eb('next_attempt_at', '<', sql<Date>`now() - make_interval(days => ${MAIL_KEPT_DAYS})`),
          eb('last_error', 'is not', null),
        ]),
      )
      .executeTakeFirst();
    return {
      rateLimits: Number(rateLimits.numDeletedRows),
      sessions: Number(sessions.numDeletedRows),
      mails: Number(mails.numDeletedRows),
    };
  });
}
