import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { visibleVacancies } from '../vacancies/visibility.ts';

/**
 * The share link with this token hash when it still works (not expired, not revoked, its mentee not
 * closed), with the work contact of the mentee's mentor: only what the mentor chose to show, and
 * nothing once the mentor's account is disabled. Nothing else about the mentee or the mentor is selected.
 */
export function findOpenShareLink(db: Db, tokenHash: string) {
  return db
    .selectFrom('share_links as l')
    .innerJoin('mentees as m', 'm.id', 'l.mentee_id')
    .leftJoin('accounts as a', (join) => join.onRef('a.id', '=', 'm.mentor_id').on('a.disabled_at', 'is', null))
    .select(['l.mentee_id', 'l.locale', 'l.expires_at', 'a.contact_first_name', 'a.contact_phone', 'a.contact_email'])
    .where('l.token_hash', '=', tokenHash)
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', sql<Date>`now()`)
    .where('m.status', '!=', 'closed')
    .executeTakeFirst();
}

const LIST_COLUMNS = [
  'v.id',
  'v.title',
  'v.kind',
  'v.occupation_code',
  'v.town',
  'v.german_level',
  'v.working_time',
  'v.summary',
  'v.start_date',
  'e.name as employer_name',
] as const;

/** The mentee's shortlisted vacancies the public may see today (the one rule in vacancies/visibility.ts), newest first. */
export function listSharedVacancies(db: Db, menteeId: string, today: string) {
  return visibleVacancies(db, today)
    .innerJoin('shortlist_items as s', 's.vacancy_id', 'v.id')
    .select(LIST_COLUMNS)
    .where('s.mentee_id', '=', menteeId)
    .orderBy('s.added_at', 'desc')
    .orderBy('v.id')
    .execute();
}

/** One vacancy of that list, with every public fact; undefined when it is not on the list or no longer public. */
export function findSharedVacancy(db: Db, menteeId: string, vacancyId: string, today: string) {
  return visibleVacancies(db, today)
    .innerJoin('shortlist_items as s', 's.vacancy_id', 'v.id')
    .select([
      ...LIST_COLUMNS,
      'v.description',
      'v.postcode',
      'v.part_time_training',
      'v.duration_months',
      'v.qualification',
      'v.driving_licence',
      'v.shift_work',
      'v.support',
      'v.expires_at',
    ])
    .where('s.mentee_id', '=', menteeId)
    .where('v.id', '=', vacancyId)
    .executeTakeFirst();
}

/** What the mentor's account shows mentees (all null when nothing is set). */
export function findMentorContact(db: Db, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['contact_first_name', 'contact_phone', 'contact_email'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function updateMentorContact(
  db: Db,
  accountId: string,
  contact: { firstName: string | null; phone: string | null; email: string | null },
) {
  await db
    .updateTable('accounts')
    .set({ contact_first_name: contact.firstName, contact_phone: contact.phone, contact_email: contact.email })
    .where('id', '=', accountId)
    .where('role', '=', 'mentor')
    .execute();
}
