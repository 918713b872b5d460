import { sql, type Kysely } from 'kysely';

// A stored match list's cards as rows of their own (issue 13: the match page at 10 clients). Frozen in time.
//
// A page shows 15 cards of a list of about 70. Cut from one jsonb document, PostgreSQL spent about 6 ms of CPU a
// page taking the document apart and writing the cards out as text again; a range of rows holding each card's JSON
// as text costs a fraction of a millisecond. The list's counts become columns; the document goes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('match_list_cards')
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('mentee_match_lists.mentee_id').onDelete('cascade'))
    // 0: the matches, 1: the near misses ("stretch").
    .addColumn('part', 'smallint', (c) => c.notNull())
    // 1-based, in the list's order.
    .addColumn('position', 'integer', (c) => c.notNull())
    // json, not jsonb: stored and sent as the text it was written as, with no conversion either way.
    .addColumn('card', 'json', (c) => c.notNull())
    .addPrimaryKeyConstraint('match_list_cards_pkey', ['mentee_id', 'part', 'position'])
    .execute();
  await db.schema
    .alterTable('mentee_match_lists')
    .addColumn('match_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stretch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Lists already stored are computed again by the match-list worker (a cache: moving 140,000 cards here took longer
  // than a statement may on a loaded machine); until then a page computes its list as it did before one was stored.
  await sql`UPDATE mentee_match_lists SET computed_generation = NULL`.execute(db);
  await db.schema.alterTable('mentee_match_lists').dropColumn('list').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mentee_match_lists')
    .addColumn('list', 'jsonb', (c) => c.notNull().defaultTo(sql`'null'::jsonb`))
    .execute();
  await sql`UPDATE mentee_match_lists SET computed_generation = NULL`.execute(db);
  await db.schema.alterTable('mentee_match_lists').dropColumn('match_count').dropColumn('stretch_count').execute();
  await db.schema.dropTable('match_list_cards').execute();
}
