import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must not import anything from server/.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('occupations')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title_de', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('apprenticeship', 'boolean', (c) => c.notNull())
    .addColumn('synonyms', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  await db.schema
    .createTable('places')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX places_name_lower ON places (lower(name) text_pattern_ops)`.execute(db);
  await db.schema.createIndex('places_postcode').on('places').column('postcode').execute();

  await db.schema
    .createTable('employers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('place_id', 'integer', (c) => c.references('places.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('approved')
        .check(sql`status IN ('pending', 'approved', 'suspended')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('employer', 'mentor', 'coordinator', 'admin')`))
    .addColumn('employer_id', 'uuid', (c) => c.references('employers.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX accounts_email_unique ON accounts (lower(email))`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vacancies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employer_id', 'uuid', (c) => c.notNull().references('employers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('job', 'apprenticeship')`))
    .addColumn('occupation_code', 'text', (c) => c.notNull().references('occupations.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id'))
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('working_time', 'text', (c) => c.notNull().check(sql`working_time IN ('full', 'part', 'either')`))
    .addColumn('part_time_training', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('start_date', 'date')
    .addColumn('duration_months', 'integer')
    .addColumn('german_level', 'text', (c) => c.notNull().check(sql`german_level IN ('none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')`))
    .addColumn('qualification', 'text', (c) => c.notNull().check(sql`qualification IN ('none', 'vocational', 'academic')`))
    .addColumn('driving_licence', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shift_work', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('support', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status IN ('draft', 'published', 'closed')`),
    )
    .addColumn('expires_at', 'date')
    .addColumn('published_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('search_vector', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', summary), 'B') || setweight(to_tsvector('german', description), 'C')`,
        )
        .stored(),
    )
    .execute();
  await db.schema.createIndex('vacancies_employer').on('vacancies').column('employer_id').execute();
  await db.schema.createIndex('vacancies_status').on('vacancies').columns(['status', 'kind']).execute();
  await sql`CREATE INDEX vacancies_search ON vacancies USING gin (search_vector)`.execute(db);

  await db.schema
    .createTable('search_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('index_name', 'text', (c) => c.notNull())
    .addColumn('document_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('search_outbox_due').on('search_outbox').columns(['next_attempt_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['search_outbox', 'vacancies', 'rate_limits', 'sessions', 'accounts', 'employers', 'places', 'occupations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
