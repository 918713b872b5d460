import { sql, type Kysely } from 'kysely';

/*
 * Issue 15: a German course in progress (target level and end date, both or neither) and the work-permit
 * status "temporary protection (§ 24 AufenthG)". The old values keep their meaning and need no mapping:
 * yes = may work, pending = permission asked of the foreigners' authority, unknown = not clarified.
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mentees')
    .addColumn('german_course_level', 'text', (c) => c.check(sql`german_course_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')`))
    .addColumn('german_course_end', 'date')
    .execute();
  await sql`ALTER TABLE mentees ADD CONSTRAINT mentees_german_course_both CHECK ((german_course_level IS NULL) = (german_course_end IS NULL))`.execute(
    db,
  );
  await sql`ALTER TABLE mentees DROP CONSTRAINT mentees_work_permit_check`.execute(db);
  await sql`ALTER TABLE mentees ADD CONSTRAINT mentees_work_permit_check CHECK (work_permit IN ('yes', 'pending', 'temporary_protection', 'unknown'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  // Temporary protection becomes "yes" again: § 24 AufenthG allows employment, which is what "yes" said.
  await sql`UPDATE mentees SET work_permit = 'yes' WHERE work_permit = 'temporary_protection'`.execute(db);
  await sql`ALTER TABLE mentees DROP CONSTRAINT mentees_work_permit_check`.execute(db);
  await sql`ALTER TABLE mentees ADD CONSTRAINT mentees_work_permit_check CHECK (work_permit IN ('yes', 'pending', 'unknown'))`.execute(db);
  await sql`ALTER TABLE mentees DROP CONSTRAINT mentees_german_course_both`.execute(db);
  await db.schema.alterTable('mentees').dropColumn('german_course_level').dropColumn('german_course_end').execute();
}
