import { sql, type Kysely } from 'kysely';

// Accounts people can keep: idle sessions end, passwords can be reset by e-mail,
// and a registration waits until its address is confirmed. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // When the session was last used (written at most once a minute): a session idle too long ends.
  await db.schema
    .alterTable('sessions')
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One-time password reset links; only a SHA-256 of the (32 random bytes) token is kept.
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('password_resets_account').on('password_resets').column('account_id').execute();
  await db.schema.createIndex('password_resets_expires').on('password_resets').column('expires_at').execute();

  // A sign-up waiting for its address to be confirmed: nothing exists in employers or accounts
  // until the link is followed, so an unconfirmed sign-up blocks no address and reaches no admin.
  await db.schema
    .createTable('registration_requests')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('registration_requests_expires').on('registration_requests').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registration_requests').ifExists().execute();
  await db.schema.dropTable('password_resets').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}
