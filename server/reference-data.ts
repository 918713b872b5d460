import type { Kysely } from 'kysely';
import type { Database } from './db/database.ts';
import { LOCALE_INFO, LOCALES, type Locale } from './i18n/index.ts';
import { occupationCatalogue, occupationName } from './occupations/catalogue.ts';
import { loadOccupations } from './occupations/data.ts';
import { listOccupations, upsertOccupations } from './occupations/queries.ts';
import { loadPlaces } from './places/data.ts';
import { listPlacesWithPostcode, upsertPlaces } from './places/queries.ts';
import { loadProjects } from './projects/data.ts';
import { upsertProjects } from './projects/queries.ts';

/** Brings the occupation list, the gazetteer and the mentoring projects in the database up to the files shipped with the code. */
export async function syncReferenceData(db: Kysely<Database>): Promise<void> {
  occupationCatalogue(); // a label file that does not fit the occupation list stops the start here, not a page later
  await db.transaction().execute(async (trx) => {
    await upsertOccupations(trx, loadOccupations());
    await upsertPlaces(trx, loadPlaces());
    await upsertProjects(trx, loadProjects());
  });
}

export interface ReferenceLists {
  occupations: Awaited<ReturnType<typeof listOccupations>>;
  placesWithPostcode: Awaited<ReturnType<typeof listPlacesWithPostcode>>;
  /** The town names the forms offer (one per name). */
  townNames: string[];
  /** "Title (code)" per UI language (all six), as the forms' occupation lists offer them. */
  occupationLabels: Record<Locale, string[]>;
}

const lists = new WeakMap<Kysely<Database>, Promise<ReferenceLists>>();

/**
 * The occupation list and the towns offered in forms, read once per app:
 * they change only with a deployment (syncReferenceData runs at start).
 */
export function referenceLists(db: Kysely<Database>): Promise<ReferenceLists> {
  let cached = lists.get(db);
  if (!cached) {
    cached = Promise.all([listOccupations(db), listPlacesWithPostcode(db)]).then(([occupations, placesWithPostcode]) => ({
      occupations,
      placesWithPostcode,
      townNames: [...new Set(placesWithPostcode.map((p) => p.name))],
      occupationLabels: Object.fromEntries(
        LOCALES.map((locale) => [
          locale,
          occupations.map((o) => `${occupationName(o, locale)} (${o.code})`).sort(new Intl.Collator(LOCALE_INFO[locale].intl).compare),
        ]),
      ) as Record<Locale, string[]>,
    }));
    cached.catch(() => lists.delete(db));
    lists.set(db, cached);
  }
  return cached;
}
