import { sql, type SqlBool, type Insertable, type Updateable } from 'kysely';
import type { VacanciesTable, Db } from '../db/database.ts';
import { CHANGED } from '../db/changed.ts';
import { countRows } from '../db/count.ts';
import type { VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { germanLevelRank } from '../domain.ts';
import type { VacancySearch } from '../../search/vacancy-search.ts';
import { occupationsNamedBy } from '../occupations/look-up.ts';
import { indexedVacancies, visibleVacancies } from './visibility.ts';
import { WEEKS_PER_MONTH } from './pay.ts';

/** What a vacancy pays and its weekly hours, as payView (pay.ts) and the hit read them: one list for every query that shows pay. */
const PAY_SELECTION = [
  'v.pay_kind',
  'v.pay_min_cents',
  'v.pay_max_cents',
  'v.pay_unit',
  'v.pay_agreement',
  'v.pay_group',
  'v.training_pay_cents',
  'v.weekly_hours',
] as const;

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

const distanceSql = (origin: { lat: number; lng: number }) =>
  sql<number>`(2 * 6371.0088 * asin(least(1, sqrt(
      power(sin(radians(v.lat - ${origin.lat}) / 2), 2)
    + cos(radians(${origin.lat})) * cos(radians(v.lat)) * power(sin(radians(v.lng - ${origin.lng}) / 2), 2)))))`;

/** monthlyMinimumEuros (pay.ts) in SQL, for the search when Meilisearch is down; the tests compare both on the same vacancies. */
const monthlyMinimumSql = sql<number | null>`(case
    when v.pay_kind = 'training' then floor(v.training_pay_cents[1] / 100.0)
    when v.pay_min_cents is null or v.pay_unit is null then null
    when v.pay_unit = 'month' then floor(v.pay_min_cents / 100.0)
    when v.pay_unit = 'year' then floor(v.pay_min_cents / 100.0 / 12)
    else floor(v.pay_min_cents::float8 * ${WEEKS_PER_MONTH}::float8 * v.weekly_hours::float8 / 100)
  end)`;

/** Turns free text into a prefix tsquery ("pflege fach" -> pflege:* & fach:*) without letting syntax through. */
export function prefixTsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ');
}

/**
 * The same public search in PostgreSQL, for when Meilisearch is unreachable:
 * the same hard filters, German full-text search over title, summary,
 * description and the occupation's names, or the occupations whose names in
 * any language the query names (in memory: server/occupations/look-up.ts).
 */
export async function searchPublishedFallback(db: Db, search: VacancySearch) {
  const tsQuery = prefixTsQuery(search.q);
  let base = visibleVacancies(db, search.today).innerJoin('occupations as o', 'o.code', 'v.occupation_code');
  if (tsQuery) {
    const named = occupationsNamedBy(search.q);
    base = base.where((eb) =>
      eb.or([
        sql<SqlBool>`(v.search_vector || to_tsvector('german', o.title_de || ' ' || array_to_string(o.synonyms, ' '))) @@ to_tsquery('german', ${tsQuery})`,
        ...(named.length > 0 ? [eb('v.occupation_code', 'in', named)] : []),
      ]),
    );
  }
  if (search.kind) base = base.where('v.kind', '=', search.kind);
  if (search.occupation) base = base.where('v.occupation_code', '=', search.occupation);
  if (search.origin && search.radiusKm !== undefined) {
    const origin = search.origin;
    const degLat = search.radiusKm / 111 + 0.01;
    const degLng = search.radiusKm / (111 * Math.cos((origin.lat * Math.PI) / 180)) + 0.01;
    base = base
      .where('v.lat', '>=', origin.lat - degLat)
      .where('v.lat', '<=', origin.lat + degLat)
      .where('v.lng', '>=', origin.lng - degLng)
      .where('v.lng', '<=', origin.lng + degLng)
      .where(distanceSql(origin), '<=', Math.max(search.radiusKm, 0.001));
  }
  if (search.germanLevel) {
    const allowed = (['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const).filter(
      (l) => germanLevelRank(l) <= germanLevelRank(search.germanLevel!),
    );
    base = base.where('v.german_level', 'in', allowed);
  }
  if (search.workingTime === 'full') base = base.where('v.working_time', 'in', ['full', 'either']);
  if (search.workingTime === 'part') {
    base = base.where((eb) => eb.or([eb('v.working_time', 'in', ['part', 'either']), eb('v.part_time_training', '=', true)]));
  }
  if (search.minPayMonthly !== undefined) base = base.where(monthlyMinimumSql, '>=', search.minPayMonthly);

  let hitsQuery = base
    .select([
      'v.id',
      'v.title',
      'v.kind',
      'v.occupation_code',
      'o.title_de as occupation_title',
      'e.name as employer_name',
      'v.town',
      'v.postcode',
      'v.lat',
      'v.lng',
      'v.german_level',
      'v.working_time',
      'v.start_date',
      'v.published_at',
      'v.summary',
      ...PAY_SELECTION,
    ])
    .limit(search.perPage)
    .offset((search.page - 1) * search.perPage);
  // The orders of search/vacancy-search.ts (meiliSort), in SQL.
  const sort = search.sort ?? 'relevance';
  if (sort === 'nearest' && search.origin) {
    hitsQuery = hitsQuery.orderBy(distanceSql(search.origin));
  } else if (sort === 'pay') {
    hitsQuery = hitsQuery.orderBy(sql`${monthlyMinimumSql} desc nulls last`);
  } else if (sort === 'relevance' && tsQuery) {
    hitsQuery = hitsQuery.orderBy(sql`ts_rank(v.search_vector, to_tsquery('german', ${tsQuery}))`, 'desc');
  } else if (sort === 'relevance' && search.origin) {
    hitsQuery = hitsQuery.orderBy(distanceSql(search.origin));
  }
  hitsQuery = hitsQuery.orderBy('v.published_at', 'desc').orderBy('v.id');

  const [hits, facetRows] = await Promise.all([
    hitsQuery.execute(),
    base
      .select([
        sql<string>`grouping(v.kind)`.as('g_kind'),
        sql<string>`grouping(v.german_level)`.as('g_level'),
        'v.kind',
        'v.german_level',
        'v.working_time',
        (eb) => eb.fn.countAll<string>().as('n'),
      ])
      .groupBy(sql`GROUPING SETS ((v.kind), (v.german_level), (v.working_time))`)
      .execute(),
  ]);
  const facets = {
    kind: {} as Record<string, number>,
    germanLevel: {} as Record<string, number>,
    workingTime: {} as Record<string, number>,
  };
  let total = 0;
  for (const row of facetRows) {
    if (row.kind !== null) {
      facets.kind[row.kind] = Number(row.n);
      total += Number(row.n);
    } else if (row.german_level !== null) facets.germanLevel[row.german_level] = Number(row.n);
    else if (row.working_time !== null) facets.workingTime[row.working_time] = Number(row.n);
  }
  return { hits, facets, total };
}

/** Published vacancies, approved or not: the demo seed's "is this database empty?". */
export async function countPublished(db: Db): Promise<number> {
  return countRows(db.selectFrom('vacancies').where('status', '=', 'published'));
}
