import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { visibleVacancyIds } from '../vacancies/visibility.ts';

/** Adds a vacancy to a mentee's shortlist; false when it was there already. */
export async function addShortlistItem(db: Db, menteeId: string, vacancyId: string): Promise<boolean> {
  const result = await db
    .insertInto('shortlist_items')
    .values({ mentee_id: menteeId, vacancy_id: vacancyId })
    .onConflict((oc) => oc.columns(['mentee_id', 'vacancy_id']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function removeShortlistItem(db: Db, menteeId: string, vacancyId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('shortlist_items')
    .where('mentee_id', '=', menteeId)
    .where('vacancy_id', '=', vacancyId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function shortlistedIds(db: Db, menteeId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', menteeId).execute();
  return new Set(rows.map((r) => r.vacancy_id));
}

/**
 * A mentee's shortlist with each vacancy as it is now. `advertised` is what the
 * public sees today (the one rule in vacancies/visibility.ts; today in Berlin).
 */
export function listShortlist(db: Db, menteeId: string, today: string) {
  const advertised = sql<boolean>`v.id IN (${visibleVacancyIds(db, today)})`;
  const query = db
    .selectFrom('shortlist_items as s')
    .innerJoin('vacancies as v', 'v.id', 's.vacancy_id')
    .innerJoin('occupations as o', 'o.code', 'v.occupation_code')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select([
      'v.id',
      'v.title',
      'v.kind',
      'v.town',
      'v.german_level',
      'v.summary',
      'v.start_date',
      'e.name as employer_name',
      'v.occupation_code',
      'o.title_de as occupation_title_de',
      'o.title_en as occupation_title_en',
      's.added_at',
    ])
    .select(advertised.as('advertised'))
    .where('s.mentee_id', '=', menteeId);
  return query.orderBy('s.added_at', 'desc').orderBy('v.id').execute();
}

export async function insertShareLink(db: Db, values: { menteeId: string; tokenHash: string; locale: string; expiresAt: Date }) {
  return db
    .insertInto('share_links')
    .values({ mentee_id: values.menteeId, token_hash: values.tokenHash, locale: values.locale, expires_at: values.expiresAt })
    .returning(['id', 'locale', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function listShareLinks(db: Db, menteeId: string) {
  return db
    .selectFrom('share_links')
    .select(['id', 'locale', 'expires_at', 'revoked_at', 'created_at'])
    .where('mentee_id', '=', menteeId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes a link of a mentee in this project (again is fine); the mentee's id, or undefined when the link is not the project's. */
export async function revokeProjectShareLink(db: Db, projectId: number, linkId: string): Promise<string | undefined> {
  const row = await db
    .updateTable('share_links')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', linkId)
    .where('mentee_id', 'in', (eb) => eb.selectFrom('mentees').select('id').where('project_id', '=', projectId))
    .returning('mentee_id')
    .executeTakeFirst();
  return row?.mentee_id;
}

/** A row of `vacancyMarkRows`: a shortlisted vacancy, or a proposed one with its latest introduction. */
export interface VacancyMarkRow {
  vacancy_id: string;
  mark: string;
  id: string | null;
  status: string | null;
}

/**
 * The rows of a mentee's vacancy marks as one UNION (columns of VacancyMarkRow): the shortlisted vacancies
 * (`mark` 'shortlisted') and the latest introduction (proposal) of each vacancy proposed ('introduction'). A
 * statement may add rows of its own marks to it (server/new-matches: the match page's "new").
 */
export function vacancyMarkRows(db: Db, menteeId: string) {
  const shortlisted = db
    .selectFrom('shortlist_items')
    .select([
      'vacancy_id',
      sql<string>`'shortlisted'`.as('mark'),
      sql<string | null>`null::uuid`.as('id'),
      sql<string | null>`null::text`.as('status'),
    ])
    .where('mentee_id', '=', menteeId);
  const latest = db
    .selectFrom('introductions')
    .select([
      'vacancy_id',
      sql<string>`'introduction'`.as('mark'),
      sql<string | null>`id`.as('id'),
      sql<string | null>`status::text`.as('status'),
    ])
    .distinctOn('vacancy_id')
    .where('mentee_id', '=', menteeId)
    .orderBy('vacancy_id')
    .orderBy('created_at', 'desc')
    .orderBy('id');
  return sql`${shortlisted} UNION ALL ${latest}`;
}

/** The marks of `vacancyMarkRows`' rows (rows of other marks are left to the caller). */
export function vacancyMarksFrom(rows: readonly VacancyMarkRow[]): {
  shortlisted: Set<string>;
  introductions: Map<string, { id: string; status: string }>;
} {
  const marks = { shortlisted: new Set<string>(), introductions: new Map<string, { id: string; status: string }>() };
  for (const r of rows) {
    if (r.mark === 'shortlisted') marks.shortlisted.add(r.vacancy_id);
    else if (r.mark === 'introduction') marks.introductions.set(r.vacancy_id, { id: r.id!, status: r.status! });
  }
  return marks;
}

/** What the mentor has done with each vacancy for one mentee, in one round trip (vacancyMarkRows). */
export async function vacancyMarksOf(
  db: Db,
  menteeId: string,
): Promise<{ shortlisted: Set<string>; introductions: Map<string, { id: string; status: string }> }> {
  const { rows } = await sql<VacancyMarkRow>`${vacancyMarkRows(db, menteeId)}`.execute(db);
  return vacancyMarksFrom(rows);
}
