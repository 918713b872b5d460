import { sql, type Kysely } from 'kysely';

// The programme office's figures and the data life cycle. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // What stays of an erased or expired mentee profile: anonymous counts for the figures, nothing that points to a person.
  await db.schema
    .createTable('erased_mentees')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('qualification', 'text', (c) => c.notNull())
    .addColumn('accompanied_from', 'date', (c) => c.notNull())
    .addColumn('accompanied_to', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason IN ('retention', 'request')`))
    .addColumn('erased_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('erased_mentees_project').on('erased_mentees').columns(['project_id', 'accompanied_from']).execute();

  // The day of the mentee's first introduction, kept on the placement (the figures' "days to placement" survive erasure).
  await db.schema.alterTable('placements').addColumn('first_introduced_on', 'date').execute();
  // A placement also outlives a deleted employer account.
  await sql`ALTER TABLE placements ALTER COLUMN employer_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE placements DROP CONSTRAINT placements_employer_id_fkey`.execute(db);
  await sql`ALTER TABLE placements ADD CONSTRAINT placements_employer_id_fkey FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE SET NULL`.execute(
    db,
  );

  await db.schema.alterTable('employers').addColumn('status_changed_at', 'timestamptz').execute();
  await db.schema.alterTable('projects').addColumn('updated_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('updated_at').execute();
  await db.schema.alterTable('employers').dropColumn('status_changed_at').execute();
  await sql`DELETE FROM placements WHERE employer_id IS NULL`.execute(db);
  await sql`ALTER TABLE placements DROP CONSTRAINT placements_employer_id_fkey`.execute(db);
  await sql`ALTER TABLE placements ADD CONSTRAINT placements_employer_id_fkey FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE CASCADE`.execute(
    db,
  );
  await sql`ALTER TABLE placements ALTER COLUMN employer_id SET NOT NULL`.execute(db);
  await db.schema.alterTable('placements').dropColumn('first_introduced_on').execute();
  await db.schema.dropTable('erased_mentees').ifExists().execute();
}
