import type { Db } from '../db/database.ts';

/**
 * The one rule for when a vacancy is public: the employer published it and the
 * programme office approved the employer (a pending organisation may prepare and
 * publish, a suspended one is hidden). This is what the search index holds; its
 * expiry is filtered at query time, so a vacancy does not need re-indexing the day
 * it expires. Starts a query over `vacancies as v` joined with `employers as e`.
 */
export function indexedVacancies(db: Db) {
  return db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .where('v.status', '=', 'published')
    .where('e.status', '=', 'approved');
}

/**
 * What may be seen and acted on today (the public page and API, the PostgreSQL
 * search, proposals, shortlists): the indexed rule and not expired (`today` is a
 * Berlin day, YYYY-MM-DD). Same aliases as `indexedVacancies`.
 */
export function visibleVacancies(db: Db, today: string) {
  return indexedVacancies(db).where((eb) => eb.or([eb('v.expires_at', 'is', null), eb('v.expires_at', '>=', today)]));
}

/** The ids of the vacancies visible today, as a subquery (for "is this one visible?" next to other columns). */
export function visibleVacancyIds(db: Db, today: string) {
  return visibleVacancies(db, today).select('v.id');
}
