import { sql, type Kysely } from 'kysely';

// New employer organisations wait for the programme office's approval. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  // Only the default changes: organisations that exist keep the status they have.
  await sql`ALTER TABLE employers ALTER COLUMN status SET DEFAULT 'pending'`.execute(db);
  // The admins' approval queue (newest first; an index scans both ways).
  await sql`CREATE INDEX employers_pending ON employers (created_at) WHERE status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS employers_pending`.execute(db);
  await sql`ALTER TABLE employers ALTER COLUMN status SET DEFAULT 'approved'`.execute(db);
}
