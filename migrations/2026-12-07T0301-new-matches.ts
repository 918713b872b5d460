import { sql, type Kysely } from 'kysely';

// New matches find the mentor (issue 13). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // Vacancies whose matching mentees are still to be found: written in the same transaction as the
  // vacancy's search outbox row, drained by the new-match worker. One row per vacancy however often
  // it changes before the worker gets to it.
  await db.schema
    .createTable('new_match_checks')
    .addColumn('vacancy_id', 'uuid', (c) => c.primaryKey().references('vacancies.id').onDelete('cascade'))
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .execute();

  // A vacancy published after the mentee's profile existed that matches it. The primary key makes
  // finding it again (re-publishing, an edit) a no-op; seen when the mentor opened the mentee's
  // matches or overview, digested when the daily e-mail named it.
  await db.schema
    .createTable('mentee_new_matches')
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('vacancy_id', 'uuid', (c) => c.notNull().references('vacancies.id').onDelete('cascade'))
    .addColumn('found_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('seen_at', 'timestamptz')
    .addColumn('digested_at', 'timestamptz')
    .addPrimaryKeyConstraint('mentee_new_matches_pk', ['mentee_id', 'vacancy_id'])
    .execute();
  // The digest reads only what is neither seen nor mailed yet.
  await db.schema
    .createIndex('mentee_new_matches_undigested')
    .on('mentee_new_matches')
    .column('mentee_id')
    .where(sql.ref('digested_at'), 'is', null)
    .where(sql.ref('seen_at'), 'is', null)
    .execute();

  // A mentor may switch the daily e-mail of new matches off (on /account).
  await db.schema
    .alterTable('accounts')
    .addColumn('new_match_digest', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('new_match_digest').execute();
  await db.schema.dropTable('mentee_new_matches').ifExists().execute();
  await db.schema.dropTable('new_match_checks').ifExists().execute();
}
