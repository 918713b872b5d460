import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';

// The SQL of sessions ending, password changes and resets, and registration requests.
/** The account behind a session, with what a password check and its personal words need. */
export function findAccountForPassword(db: Db, accountId: string) {
  return db
    .selectFrom('accounts')
    .leftJoin('employers', 'employers.id', 'accounts.employer_id')
    .select(['accounts.id', 'accounts.email', 'accounts.role', 'accounts.password_hash', 'employers.name as employer_name'])
    .where('accounts.id', '=', accountId)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function updatePasswordHash(db: Db, accountId: string, passwordHash: string): Promise<void> {
  await db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
}

/** Ends the account's sessions (all, or all but the one with this id hash); returns how many ended. */
export async function endSessionsOf(db: Db, accountId: string, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The account's live sessions other than this one (for the account page). */
export async function otherSessionCount(db: Db, accountId: string, currentIdHash: string): Promise<number> {
  return countRows(
    db
      .selectFrom('sessions')
      .where('account_id', '=', accountId)
      .where('id_hash', '<>', currentIdHash)
      .where('expires_at', '>', sql<Date>`now()`),
  );
}

// Password reset links

export async function insertPasswordReset(db: Db, values: { accountId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  // Links that ran out are swept on the way (they are useless, and they name an account).
  await db
    .deleteFrom('password_resets')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
  await db
    .insertInto('password_resets')
    .values({ account_id: values.accountId, token_hash: values.tokenHash, expires_at: values.expiresAt })
    .execute();
}

/** The account a reset link opens, while the link is unused and unexpired and the account active. */
export function findOpenPasswordReset(db: Db, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .innerJoin('accounts', 'accounts.id', 'password_resets.account_id')
    .select(['accounts.id as account_id', 'accounts.email', 'accounts.role'])
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', sql<Date>`now()`)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Uses a reset link up; of two requests racing with the same link only one gets the account id. */
export async function claimPasswordReset(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}

/** Every other open link of the account stops working once its password was reset. */
export async function expirePasswordResetsOf(db: Db, accountId: string): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

// Registration requests

export async function insertRegistrationRequest(
  db: Db,
  values: { tokenHash: string; email: string; organisation: string; town: string; passwordHash: string; expiresAt: Date },
): Promise<void> {
  // Requests never confirmed hold an address and a password hash: swept once they ran out.
  await db
    .deleteFrom('registration_requests')
    .where('expires_at', '<', sql<Date>`now()`)
    .execute();
  await db
    .insertInto('registration_requests')
    .values({
      token_hash: values.tokenHash,
      email: values.email,
      organisation: values.organisation,
      town: values.town,
      password_hash: values.passwordHash,
      expires_at: values.expiresAt,
    })
    .execute();
}

export function findRegistrationRequest(db: Db, tokenHash: string) {
  return db
    .selectFrom('registration_requests')
    .select(['id', 'email', 'organisation', 'town', 'password_hash'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** A confirmed address needs none of its requests any more (there may be several). */
export async function deleteRegistrationRequestsFor(db: Db, email: string): Promise<void> {
  await db.deleteFrom('registration_requests').where('email', '=', email).execute();
}
