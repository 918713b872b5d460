import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Role } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findAccountByEmail(db: Db, email: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'password_hash', 'role', 'employer_id', 'disabled_at'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function insertEmployer(db: Db, values: { name: string; town: string; placeId: number | null }): Promise<string> {
  const row = await db.insertInto('employers').values({ name: values.name, town: values.town, place_id: values.placeId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts an account; returns null when the e-mail address is taken. */
export async function insertAccount(
  db: Db,
  values: { email: string; passwordHash: string; role: Role; employerId: string | null; projectId?: number | null; displayName?: string | null },
): Promise<string | null> {
  const row = await db
    .insertInto('accounts')
    .values({
      email: values.email, password_hash: values.passwordHash, role: values.role, employer_id: values.employerId,
      project_id: values.projectId ?? null, display_name: values.displayName ?? null,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function recordLogin(db: Db, accountId: string): Promise<void> {
  await db.updateTable('accounts').set({ last_login_at: new Date() }).where('id', '=', accountId).execute();
}

/**
 * Counts a hit against a key in a fixed window and returns the count so far.
 * Kept in Postgres so every app instance sees the same count.
 */
export async function countHit(db: Db, key: string, windowSeconds: number): Promise<number> {
  const { rows } = await sql<{ hits: number }>`
    INSERT INTO rate_limits (key, window_start, hits) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limits.hits + 1 END,
      window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limits.window_start END
    RETURNING hits`.execute(db);
  return rows[0]!.hits;
}

export async function currentHits(db: Db, key: string, windowSeconds: number): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '>=', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function clearHits(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
