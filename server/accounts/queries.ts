import { sql } from 'kysely';
import type { Role, Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';

/**
 * The account joined as `a` is an enabled mentor of the project in `projectColumn`. Mail about a mentee goes only
 * to such a mentor: never to a disabled account, nor to one whose project is no longer the mentee's.
 */
export const enabledMentorOf = (projectColumn: `${string}.project_id`) =>
  sql<boolean>`a.role = 'mentor' AND a.disabled_at IS NULL AND a.project_id = ${sql.ref(projectColumn)}`;

export function findAccountByEmail(db: Db, email: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'password_hash', 'role', 'employer_id', 'disabled_at'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function insertEmployer(db: Db, values: { name: string; town: string; placeId: number | null }): Promise<string> {
  const row = await db
    .insertInto('employers')
    .values({ name: values.name, town: values.town, place_id: values.placeId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts an account; returns null when the e-mail address is taken. */
export async function insertAccount(
  db: Db,
  values: {
    email: string;
    passwordHash: string;
    role: Role;
    employerId: string | null;
    projectId?: number | null;
    displayName?: string | null;
  },
): Promise<string | null> {
  const row = await db
    .insertInto('accounts')
    .values({
      email: values.email,
      password_hash: values.passwordHash,
      role: values.role,
      employer_id: values.employerId,
      project_id: values.projectId ?? null,
      display_name: values.displayName ?? null,
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

/** Takes back one hit (an attempt that turned out not to be a failure); never below zero. */
export async function uncountHit(db: Db, key: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ hits: sql<number>`greatest(hits - 1, 0)` })
    .where('key', '=', key)
    .execute();
}

export function findAccountById(db: Db, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'role', 'disabled_at', 'password_hash'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

// Two-factor authentication

export function findTwoFactor(db: Db, accountId: string) {
  return db
    .selectFrom('two_factor')
    .select(['secret', 'enabled_at', 'last_used_step'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function twoFactorEnabled(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('two_factor')
    .select('account_id')
    .where('account_id', '=', accountId)
    .where('enabled_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Keeps an enrolment in progress (the same QR code on every visit) and returns the stored secret. */
export async function pendingSecret(db: Db, accountId: string, sealedSecret: string): Promise<{ secret: string; enabled: boolean }> {
  await db
    .insertInto('two_factor')
    .values({ account_id: accountId, secret: sealedSecret })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('two_factor')
    .select(['secret', 'enabled_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { secret: row.secret, enabled: row.enabled_at !== null };
}

/**
 * Records the time step a code was accepted for, only if it is later than the last
 * one: false when the same code (or an older one) was used already.
 */
export async function acceptTimeStep(db: Db, accountId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('two_factor')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]))
    .returning('account_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function enableTwoFactor(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .updateTable('two_factor')
    .set({ enabled_at: new Date() })
    .where('account_id', '=', accountId)
    .where('enabled_at', 'is', null)
    .returning('account_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteTwoFactor(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await db.deleteFrom('two_factor').where('account_id', '=', accountId).execute();
}

export async function replaceRecoveryCodes(db: Db, accountId: string, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codeHashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute();
}

/** Marks a recovery code used; false when it is not this account's or was used before (atomic: once only). */
export async function useRecoveryCode(db: Db, accountId: string, codeHash: string): Promise<boolean> {
  const row = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function unusedRecoveryCodes(db: Db, accountId: string): Promise<number> {
  return countRows(db.selectFrom('recovery_codes').where('account_id', '=', accountId).where('used_at', 'is', null));
}

// The pending second step of a login

export async function insertLoginChallenge(
  db: Db,
  values: { idHash: string; accountId: string; next: string | null; expiresAt: Date },
): Promise<void> {
  await db.deleteFrom('login_challenges').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('login_challenges')
    .values({ id_hash: values.idHash, account_id: values.accountId, next: values.next, expires_at: values.expiresAt })
    .execute();
}

export function findLoginChallenge(db: Db, idHash: string) {
  return db
    .selectFrom('login_challenges as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.account_id', 'c.next', 'a.email', 'a.role'])
    .where('c.id_hash', '=', idHash)
    .where('c.expires_at', '>', new Date())
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Ends a challenge; false when it was gone already (a second request with the same one). */
export async function deleteLoginChallenge(db: Db, idHash: string): Promise<boolean> {
  const row = await db.deleteFrom('login_challenges').where('id_hash', '=', idHash).returning('id_hash').executeTakeFirst();
  return row !== undefined;
}
