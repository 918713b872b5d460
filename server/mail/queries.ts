import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MailOutboxTable, Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';

export type MailRow = Selectable<MailOutboxTable>;
export type ClaimedMail = Pick<MailRow, 'id' | 'recipient' | 'subject' | 'body_text' | 'kind' | 'attempts'>;

export async function insertMail(db: Db, message: { recipient: string; subject: string; bodyText: string; kind: string }): Promise<string> {
  const row = await db
    .insertInto('mail_outbox')
    .values({ recipient: message.recipient, subject: message.subject, body_text: message.bodyText, kind: message.kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims up to `limit` due messages in one statement: counts the attempt and pushes
 * next_attempt_at out by the lease, so no other worker (in any instance) takes them
 * while they are being sent, and a worker that dies mid-send leaves them to be retried
 * once the lease runs out. SKIP LOCKED lets concurrent claims pass each other.
 */
export async function claimDueMail(
  db: Kysely<Database>,
  options: { limit: number; maxAttempts: number; leaseSeconds: number },
): Promise<ClaimedMail[]> {
  const rows = await db
    .updateTable('mail_outbox')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: sql`now() + make_interval(secs => ${options.leaseSeconds})` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('attempts', '<', options.maxAttempts)
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'recipient', 'subject', 'body_text', 'kind', 'attempts'])
    .execute();
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

export async function markMailSent(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: sql`now()`, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Keeps the message unsent with the reason, to be tried again after `retryInSeconds`. */
export async function recordMailFailure(
  db: Kysely<Database>,
  ids: readonly string[],
  error: string,
  retryInSeconds: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_outbox')
    .set({ last_error: error, next_attempt_at: sql`now() + make_interval(secs => ${retryInSeconds})` })
    .where('id', 'in', [...ids])
    .where('sent_at', 'is', null)
    .execute();
}

/** The newest messages, for the development mailbox. */
export async function listRecentMail(db: Kysely<Database>, limit: number): Promise<MailRow[]> {
  return db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Messages still to be sent (not those given up on). */
export async function pendingMailCount(db: Kysely<Database>, maxAttempts: number): Promise<number> {
  return countRows(db.selectFrom('mail_outbox').where('sent_at', 'is', null).where('attempts', '<', maxAttempts));
}
