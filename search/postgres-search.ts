import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database, Db, EmployersTable, VacanciesTable } from '../server/db/database.ts';
import { distanceKm, germanLevelRank, shownKm } from '../server/domain.ts';
import { occupationsNamedBy } from '../server/occupations/look-up.ts';
import { PAY_COLUMNS, WEEKS_PER_MONTH, payView } from '../server/pay.ts';
import type { PublicSearch } from './public-search.ts';
import type { VacancyHit, VacancySearch, VacancySearchResult } from './vacancy-search.ts';

/**
 * The public search answered by PostgreSQL while Meilisearch cannot be reached (degraded): the
 * same hard filters and orders as the Meilisearch search (vacancy-search.ts), German full-text
 * search instead of its ranking, and its own mapping from rows to hits.
 */

/**
 * The vacancies visible today, as the vacancies feature defines them (server/vacancies/visibility.ts,
 * handed in at start): a query over `vacancies as v` joined with `employers as e`.
 */
export type VisibleVacancies = (
  db: Db,
  today: string,
) => SelectQueryBuilder<Database & { v: VacanciesTable } & { e: EmployersTable }, 'v' | 'e', object>;

const PAY_SELECTION = PAY_COLUMNS.map((column) => `v.${column}` as const);

const distanceSql = (origin: { lat: number; lng: number }) =>
  sql<number>`(2 * 6371.0088 * asin(least(1, sqrt(
      power(sin(radians(v.lat - ${origin.lat}) / 2), 2)
    + cos(radians(${origin.lat})) * cos(radians(v.lat)) * power(sin(radians(v.lng - ${origin.lng}) / 2), 2)))))`;

/** monthlyMinimumEuros (server/pay.ts) in SQL, for the search when Meilisearch is down; the tests compare both on the same vacancies. */
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
 * The public search in PostgreSQL, for when Meilisearch is unreachable:
 * the same hard filters, German full-text search over title, summary,
 * description and the occupation's names, or the occupations whose names in
 * any language the query names (in memory: server/occupations/look-up.ts).
 */
async function queryFallback(db: Db, visible: VisibleVacancies, search: VacancySearch) {
  const tsQuery = prefixTsQuery(search.q);
  let base = visible(db, search.today).innerJoin('occupations as o', 'o.code', 'v.occupation_code');
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

type FallbackRow = Awaited<ReturnType<typeof queryFallback>>['hits'][number];

/** A row as a hit: the same shape the Meilisearch search gives (vacancy-search.ts, toHit). */
function rowToHit(row: FallbackRow, origin: VacancySearch['origin']): VacancyHit {
  const location = { lat: row.lat, lng: row.lng };
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    occupation: { code: row.occupation_code, title: row.occupation_title },
    employer: { name: row.employer_name },
    town: row.town,
    postcode: row.postcode,
    location,
    distanceKm: origin ? shownKm(distanceKm(origin, location)) : null,
    germanLevel: row.german_level,
    workingTime: row.working_time,
    startDate: row.start_date,
    publishedAt: (row.published_at ?? new Date(0)).toISOString(),
    url: `/vacancies/${row.id}`,
    summary: row.summary,
    pay: payView(row),
    weeklyHours: row.weekly_hours,
  };
}

export class PostgresPublicSearch implements PublicSearch {
  constructor(
    private readonly db: Db,
    private readonly visible: VisibleVacancies,
  ) {}

  async search(search: VacancySearch): Promise<VacancySearchResult> {
    const { hits, facets, total } = await queryFallback(this.db, this.visible, search);
    return {
      total,
      page: search.page,
      perPage: search.perPage,
      facets,
      degraded: true,
      hits: hits.map((row) => rowToHit(row, search.origin)),
    };
  }
}
