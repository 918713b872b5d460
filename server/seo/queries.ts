import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleVacancies } from '../vacancies/visibility.ts';

/** What the sitemap lists of a vacancy. */
export interface SitemapVacancy {
  id: string;
  updated_at: Date;
}

/**
 * The first id of every chunk of `chunkSize` public vacancies in id order, and how many there are:
 * one statement that returns a row per chunk, never a row per vacancy.
 */
export async function sitemapChunkStarts(
  db: Kysely<Database>,
  today: string,
  chunkSize: number,
): Promise<{ starts: string[]; total: number }> {
  const rows = await db
    .selectFrom(
      visibleVacancies(db, today)
        .select(['v.id', sql<string>`row_number() over (order by v.id)`.as('n'), sql<string>`count(*) over ()`.as('total')])
        .as('numbered'),
    )
    .select(['id', 'total'])
    .where(sql<boolean>`(n - 1) % ${chunkSize} = 0`)
    .orderBy('id')
    .execute();
  return { starts: rows.map((r) => r.id), total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}

/** Up to `limit` public vacancies in id order from `from` (keyset pagination over the primary key). */
export function sitemapVacanciesFrom(
  db: Kysely<Database>,
  today: string,
  from: { id: string; inclusive: boolean } | null,
  limit: number,
): Promise<SitemapVacancy[]> {
  let query = visibleVacancies(db, today).select(['v.id', 'v.updated_at']);
  if (from !== null) query = query.where('v.id', from.inclusive ? '>=' : '>', from.id);
  return query.orderBy('v.id').limit(limit).execute();
}
