import { sql, type Kysely } from 'kysely';

// The age band may be left open, as gender may (issue 13): nothing reads it (not matching, not the
// programme's figures, not the employer's card), so a required field only cost every new profile a
// click and asked for data no purpose needed. Its check still limits a given band to the four values
// (a CHECK passes NULL). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mentees')
    .alterColumn('age_band', (c) => c.dropNotNull())
    .execute();
}

// Going back needs a band on every profile; one left open cannot be made up here, so the step
// refuses (NOT NULL fails) until such profiles were given one by hand.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE mentees ALTER COLUMN age_band SET NOT NULL`.execute(db);
}
