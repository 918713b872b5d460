import { sql, type Kysely } from 'kysely';

// What a mentee sees of her mentor on a share link: a first name and a work
// phone and/or work e-mail, set by the mentor (the project's office number,
// never anything private). All three empty: the share page names no contact.
// The limits match the form's (server/mentor-contact/schemas.ts). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('contact_first_name', 'text', (c) => c.check(sql`char_length(contact_first_name) between 1 and 40`))
    .addColumn('contact_phone', 'text', (c) => c.check(sql`char_length(contact_phone) between 1 and 30`))
    .addColumn('contact_email', 'text', (c) => c.check(sql`char_length(contact_email) between 3 and 254`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('contact_email').dropColumn('contact_phone').dropColumn('contact_first_name').execute();
}
