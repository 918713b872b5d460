import { sql, type Kysely } from 'kysely';

// Projects, mentors, anonymised mentee profiles, shortlists and share links. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('districts', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('towns', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_url', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('accounts')
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .execute();
  await db.schema.alterTable('accounts').addColumn('display_name', 'text').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('mentor', 'coordinator', 'admin')`))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('invited_by', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('mentees')
    // 128 random bits, stored as uuid (not a version-4 UUID: every bit is random)
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('mentor_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status IN ('active', 'placed', 'closed')`),
    )
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender IN ('f', 'm', 'd', 'unspecified')`))
    .addColumn('age_band', 'text', (c) => c.notNull().check(sql`age_band IN ('u25', '25to34', '35to44', '45plus')`))
    .addColumn('german_level', 'text', (c) => c.notNull().check(sql`german_level IN ('none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')`))
    .addColumn('other_languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('schooling', 'text', (c) => c.notNull().check(sql`schooling IN ('none', 'primary', 'secondary', 'higher')`))
    .addColumn('qualification', 'text', (c) =>
      c.notNull().check(sql`qualification IN ('none', 'foreign_unrecognised', 'recognition_pending', 'recognised')`),
    )
    .addColumn('academic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('experience', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('desired_occupations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('desired_kinds', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('home_place_id', 'integer', (c) => c.notNull().references('places.id'))
    .addColumn('home_town', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('travel_km', 'integer', (c) => c.notNull())
    .addColumn('working_time', 'text', (c) => c.notNull().check(sql`working_time IN ('full', 'part', 'either')`))
    .addColumn('driving_licence', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('work_permit', 'text', (c) => c.notNull().check(sql`work_permit IN ('yes', 'pending', 'unknown')`))
    .addColumn('consent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('consent_at', 'timestamptz')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('de'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('mentees_project').on('mentees').columns(['project_id', 'status']).execute();

  await db.schema
    .createTable('shortlist_items')
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('vacancy_id', 'uuid', (c) => c.notNull().references('vacancies.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('shortlist_items_pk', ['mentee_id', 'vacancy_id'])
    .execute();

  await db.schema
    .createTable('share_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('share_links_mentee').on('share_links').column('mentee_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['share_links', 'shortlist_items', 'mentees', 'invitations']) await db.schema.dropTable(table).ifExists().execute();
  await db.schema.alterTable('accounts').dropColumn('display_name').execute();
  await db.schema.alterTable('accounts').dropColumn('project_id').execute();
  await db.schema.dropTable('projects').ifExists().execute();
}
