import { sql, type Kysely } from 'kysely';

// Two-factor authentication (TOTP) with recovery codes, and the short-lived
// state between a correct password and the second step. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // One authenticator per account. The secret is encrypted with a key derived from the
  // session secret; enabled_at stays empty while enrolment waits for the first code.
  await db.schema
    .createTable('two_factor')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'timestamptz')
    // The last 30-second step a code was accepted for: the same code never works twice.
    .addColumn('last_used_step', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Recovery codes, each usable once; only a SHA-256 of the (high-entropy) code is kept.
  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addUniqueConstraint('recovery_codes_account_code', ['account_id', 'code_hash'])
    .execute();

  // A correct password waiting for its second factor: not a session, gone after minutes.
  await db.schema
    .createTable('login_challenges')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('next', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_challenges_expires').on('login_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_challenges').ifExists().execute();
  await db.schema.dropTable('recovery_codes').ifExists().execute();
  await db.schema.dropTable('two_factor').ifExists().execute();
}
