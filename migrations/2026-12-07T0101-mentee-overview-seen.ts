import type { Kysely } from 'kysely';

// When the mentor last opened a mentee's overview: an employer's answer given after it is
// news for the mentee list's "next step" (server/mentees/next-step.ts). Not a change of the
// profile, so it bumps neither updated_at nor version. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mentees').addColumn('overview_seen_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mentees').dropColumn('overview_seen_at').execute();
}
