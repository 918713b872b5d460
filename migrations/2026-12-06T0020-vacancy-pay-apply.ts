import { sql, type Kysely } from 'kysely';

// What a vacancy pays and how to apply (issue 12; EU Pay Transparency
// Directive 2023/970 Art. 5: the starting pay or its range before the
// interview). Amounts are cents (an hourly wage has cents). Pay stays NULL on
// the rows that exist: their pages say "ask the mentor" until the employer
// edits them, and the form requires pay for every save. Applying through a
// labour-market mentor is the programme's default. The limits match the form's
// (server/vacancies/schemas.ts). Nothing here stores an applicant's pay. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('vacancies')
    .addColumn('pay_kind', 'text', (c) => c.check(sql`pay_kind in ('amount', 'range', 'agreement', 'training')`))
    .addColumn('pay_min_cents', 'integer', (c) => c.check(sql`pay_min_cents between 0 and 100000000`))
    .addColumn('pay_max_cents', 'integer', (c) => c.check(sql`pay_max_cents between 0 and 100000000`))
    .addColumn('pay_unit', 'text', (c) => c.check(sql`pay_unit in ('hour', 'month', 'year')`))
    .addColumn('pay_agreement', 'text', (c) => c.check(sql`char_length(pay_agreement) between 1 and 80`))
    .addColumn('pay_group', 'text', (c) => c.check(sql`char_length(pay_group) between 1 and 40`))
    // Monthly training pay per training year, cents, year 1 first (1 to 4 entries).
    .addColumn('training_pay_cents', sql`integer[]`, (c) => c.check(sql`cardinality(training_pay_cents) between 1 and 4`))
    .addColumn('apply_via_mentor', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('apply_direct', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('contact_name', 'text', (c) => c.check(sql`char_length(contact_name) between 1 and 100`))
    .addColumn('contact_email', 'text', (c) => c.check(sql`char_length(contact_email) between 3 and 254`))
    .addColumn('contact_phone', 'text', (c) => c.check(sql`char_length(contact_phone) between 3 and 30`))
    .addColumn('application_url', 'text', (c) =>
      c.check(sql`char_length(application_url) between 8 and 500 and application_url ~ '^https?://'`),
    )
    .addColumn('school_town', 'text', (c) => c.check(sql`char_length(school_town) between 1 and 100`))
    .addColumn('school_level', 'text', (c) => c.check(sql`school_level in ('none', 'lower_secondary', 'intermediate', 'any')`))
    .addColumn('entry_qualification', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('keep_on', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('weekly_hours', 'real', (c) => c.check(sql`weekly_hours between 1 and 60`))
    // true: permanent, false: fixed-term, NULL: not said (rows from before this migration).
    .addColumn('permanent', 'boolean')
    .addColumn('start_asap', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('accessible_workplace', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`alter table vacancies add constraint vacancies_pay_range check (pay_max_cents is null or pay_min_cents is null or pay_max_cents >= pay_min_cents)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table vacancies drop constraint if exists vacancies_pay_range`.execute(db);
  let alter = db.schema.alterTable('vacancies').dropColumn('pay_kind');
  for (const column of [
    'pay_min_cents',
    'pay_max_cents',
    'pay_unit',
    'pay_agreement',
    'pay_group',
    'training_pay_cents',
    'apply_via_mentor',
    'apply_direct',
    'contact_name',
    'contact_email',
    'contact_phone',
    'application_url',
    'school_town',
    'school_level',
    'entry_qualification',
    'keep_on',
    'weekly_hours',
    'permanent',
    'start_asap',
    'accessible_workplace',
  ]) {
    alter = alter.dropColumn(column);
  }
  await alter.execute();
}
