import { sql, type Kysely } from 'kysely';

// Introductions, their status history, placements, follow-up contacts, the audit log and daily jobs. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('introductions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('vacancy_id', 'uuid', (c) => c.notNull().references('vacancies.id').onDelete('cascade'))
    // Denormalised owners, so every query scopes by one column (employer inbox, project board).
    .addColumn('employer_id', 'uuid', (c) => c.notNull().references('employers.id').onDelete('cascade'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('mentor_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('proposed')
        .check(sql`status IN ('proposed', 'interested', 'interview', 'trial', 'placed', 'declined', 'withdrawn')`),
    )
    .addColumn('interview_at', 'timestamptz')
    .addColumn('trial_on', 'date')
    .addColumn('decline_reason', 'text')
    .addColumn('employer_seen_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('introductions_employer').on('introductions').columns(['employer_id', 'created_at']).execute();
  await db.schema.createIndex('introductions_project').on('introductions').columns(['project_id', 'status']).execute();
  // A mentee is proposed for a vacancy once at a time (again only after a decline or withdrawal).
  await sql`CREATE UNIQUE INDEX introductions_open_once ON introductions (mentee_id, vacancy_id) WHERE status NOT IN ('declined', 'withdrawn')`.execute(
    db,
  );

  await db.schema
    .createTable('introduction_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('introduction_id', 'uuid', (c) => c.notNull().references('introductions.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('introduction_events_introduction').on('introduction_events').columns(['introduction_id', 'id']).execute();

  await db.schema
    .createTable('placements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // A placement outlives an erased profile (the programme's figures count it); the links then go.
    .addColumn('introduction_id', 'uuid', (c) => c.unique().references('introductions.id').onDelete('set null'))
    .addColumn('mentee_id', 'uuid', (c) => c.references('mentees.id').onDelete('set null'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('employer_id', 'uuid', (c) => c.notNull().references('employers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('job', 'apprenticeship')`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('socially_insured', 'boolean', (c) => c.notNull())
    .addColumn('qualification_adequate', 'boolean', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason IN ('dropped_out', 'dismissed', 'changed_job', 'moved_away', 'other')`))
    .addColumn('end_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('placements_project').on('placements').columns(['project_id', 'start_date']).execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('placement_id', 'uuid', (c) => c.notNull().references('placements.id').onDelete('cascade'))
    .addColumn('contact_date', 'date', (c) => c.notNull())
    .addColumn('concerns', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('dropout_risk', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('follow_ups_placement').on('follow_ups').columns(['placement_id', 'contact_date']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();

  // A job that runs once a day across all app instances claims its day here first.
  await db.schema
    .createTable('daily_job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('daily_job_runs_pk', ['job', 'day'])
    .execute();

  await db.schema.alterTable('vacancies').addColumn('filled_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vacancies').dropColumn('filled_at').execute();
  for (const table of ['daily_job_runs', 'audit_log', 'follow_ups', 'placements', 'introduction_events', 'introductions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
