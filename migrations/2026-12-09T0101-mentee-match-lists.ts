import { sql, type Kysely } from 'kysely';

// Match lists kept in PostgreSQL (issues 13 and 16). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // Each mentee's match list as the page shows it, computed off the request path. Fresh while the profile
  // version, the Berlin day and the generation (bumped by every invalidation) are those it was computed with.
  await db.schema
    .createTable('mentee_match_lists')
    .addColumn('mentee_id', 'uuid', (c) => c.primaryKey().references('mentees.id').onDelete('cascade'))
    .addColumn('profile_version', 'integer')
    .addColumn('computed_on', 'date')
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_generation', 'integer')
    .addColumn('vacancy_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('list', 'jsonb', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz')
    .execute();
  // "Which lists hold one of these vacancies" (a vacancy changed or left the index).
  await db.schema.createIndex('mentee_match_lists_vacancy_ids').on('mentee_match_lists').using('gin').column('vacancy_ids').execute();

  // Vacancies changed in the index, kept an hour: a list computed while one changed, and stored after the lists that
  // held it were invalidated, is stored as not fresh (server/matches/stored-lists.ts).
  await db.schema
    .createTable('match_list_vacancy_changes')
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('vacancy_ids', sql`uuid[]`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('match_list_vacancy_changes_at').on('match_list_vacancy_changes').column('changed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('match_list_vacancy_changes').ifExists().execute();
  await db.schema.dropTable('mentee_match_lists').ifExists().execute();
}
