import type { Insertable, Updateable } from 'kysely';
import type { VacanciesTable, Db } from '../db/database.ts';
import { CHANGED } from '../db/changed.ts';
import { countRows } from '../db/count.ts';
import type { VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { PAY_COLUMNS } from '../pay.ts';
import { indexedVacancies, visibleVacancies } from './visibility.ts';

/** The pay columns (server/pay.ts, PAY_COLUMNS) of `vacancies as v`. */
const PAY_SELECTION = PAY_COLUMNS.map((column) => `v.${column}` as const);

/** Rows as the index wants them: the vacancies the index holds (see visibility.ts), joined with occupation and employer. */
export function selectVacancyRowsForIndex(
  db: Db,
  where: { ids?: readonly string[]; after?: string; limit?: number } = {},
): Promise<VacancyRowForIndex[]> {
  let query = indexedVacancies(db)
    .innerJoin('occupations as o', 'o.code', 'v.occupation_code')
    .select([
      'v.id',
      'v.title',
      'v.kind',
      'v.occupation_code',
      'o.title_de as occupation_title_de',
      'o.title_en as occupation_title_en',
      'o.synonyms as occupation_synonyms',
      'v.summary',
      'v.description',
      'v.employer_id',
      'e.name as employer_name',
      'v.town',
      'v.postcode',
      'v.place_id',
      'v.lat',
      'v.lng',
      'v.german_level',
      'v.working_time',
      'v.part_time_training',
      'v.driving_licence',
      'v.shift_work',
      'v.qualification',
      'v.support',
      'v.start_date',
      'v.duration_months',
      'v.published_at',
      'v.expires_at',
      'v.version',
      ...PAY_SELECTION,
      'v.permanent',
      'v.start_asap',
      'v.accessible_workplace',
    ]);
  if (where.ids) {
    if (where.ids.length === 0) return Promise.resolve([]);
    query = query.where('v.id', 'in', where.ids);
  }
  // One page of a keyset walk (WHERE id > last ORDER BY id LIMIT n): a statement of milliseconds at any size.
  if (where.after !== undefined) query = query.where('v.id', '>', where.after);
  if (where.limit !== undefined) query = query.limit(where.limit);
  return query.orderBy('v.id').execute();
}

/** Only id and version of the vacancies the index should hold (the index consistency check), a keyset page at a time when asked. */
export function selectVacancyVersionsForIndex(
  db: Db,
  page: { after?: string; limit?: number } = {},
): Promise<{ id: string; version: number }[]> {
  let query = indexedVacancies(db).select(['v.id', 'v.version']);
  if (page.after !== undefined) query = query.where('v.id', '>', page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.orderBy('v.id').execute();
}

/** How many vacancies the index should hold (progress of a rebuild). */
export async function countVacanciesForIndex(db: Db): Promise<number> {
  return countRows(indexedVacancies(db));
}

export async function insertVacancy(db: Db, values: Insertable<VacanciesTable>): Promise<string> {
  const row = await db.insertInto('vacancies').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Updates an employer's own vacancy; returns false when it is not theirs (or does not exist). */
export async function updateOwnVacancy(db: Db, employerId: string, id: string, values: Updateable<VacanciesTable>): Promise<boolean> {
  const result = await db
    .updateTable('vacancies')
    .set({ ...values, ...CHANGED })
    .where('id', '=', id)
    .where('employer_id', '=', employerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findOwnVacancy(db: Db, employerId: string, id: string) {
  return db
    .selectFrom('vacancies as v')
    .innerJoin('occupations as o', 'o.code', 'v.occupation_code')
    .selectAll('v')
    .select(['o.title_de as occupation_title_de', 'o.title_en as occupation_title_en'])
    .where('v.id', '=', id)
    .where('v.employer_id', '=', employerId)
    .executeTakeFirst();
}

/** Where the employer's organisation stands with the programme office: pending, approved or suspended. */
export async function findEmployerStatus(db: Db, employerId: string) {
  const row = await db.selectFrom('employers').select('status').where('id', '=', employerId).executeTakeFirst();
  return row?.status;
}

export function listOwnVacancies(db: Db, employerId: string) {
  return db
    .selectFrom('vacancies as v')
    .innerJoin('occupations as o', 'o.code', 'v.occupation_code')
    .select([
      'v.id',
      'v.title',
      'v.kind',
      'v.status',
      'v.town',
      'v.updated_at',
      'v.expires_at',
      'o.title_de as occupation_title_de',
      'o.title_en as occupation_title_en',
    ])
    .where('v.employer_id', '=', employerId)
    .orderBy('v.updated_at', 'desc')
    .execute();
}

/** A vacancy the public may see today (see visibility.ts), for its page and the API, or undefined. */
export function findPublishedVacancy(db: Db, id: string, today: string) {
  return visibleVacancies(db, today)
    .innerJoin('occupations as o', 'o.code', 'v.occupation_code')
    .selectAll('v')
    .leftJoin('places as p', 'p.id', 'v.place_id')
    .select(['o.title_de as occupation_title_de', 'o.title_en as occupation_title_en', 'e.name as employer_name', 'p.state as place_state'])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/**
 * A vacancy that was public and is no longer (closed or expired), for its page's 410: what the
 * link to similar vacancies needs, or undefined. Only an approved employer's: a pending or
 * suspended organisation's vacancy stays a 404, so the page reveals nothing about it.
 */
export function findEndedVacancy(db: Db, id: string, today: string) {
  return db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select(['v.id', 'v.occupation_code', 'v.town'])
    .where('v.id', '=', id)
    .where('e.status', '=', 'approved')
    .where('v.published_at', 'is not', null)
    .where((eb) => eb.or([eb('v.status', '=', 'closed'), eb.and([eb('v.status', '=', 'published'), eb('v.expires_at', '<', today)])]))
    .executeTakeFirst();
}

/** Published vacancies, approved or not: the demo seed's "is this database empty?". */
export async function countPublished(db: Db): Promise<number> {
  return countRows(db.selectFrom('vacancies').where('status', '=', 'published'));
}
