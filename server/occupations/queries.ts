import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { takeExcluded } from '../db/upsert.ts';
import type { OccupationData } from './data.ts';

export async function upsertOccupations(db: Db, occupations: readonly OccupationData[]): Promise<void> {
  await db
    .insertInto('occupations')
    .values(
      occupations.map((o) => ({ code: o.code, title_de: o.de, title_en: o.en, apprenticeship: o.apprenticeship, synonyms: o.synonyms })),
    )
    .onConflict((oc) => oc.column('code').doUpdateSet(takeExcluded('occupations', ['title_de', 'title_en', 'apprenticeship', 'synonyms'])))
    .execute();
}

const columns = ['code', 'title_de', 'title_en', 'apprenticeship', 'synonyms'] as const;

export function listOccupations(db: Db) {
  return db.selectFrom('occupations').select(columns).orderBy('title_de').execute();
}

/** An occupation by its code, by either title, or by "Title (code)" as the form's list offers it. */
export function findOccupation(db: Db, value: string) {
  const text = value.trim();
  const labelled = /\((\d{5})\)\s*$/.exec(text);
  const code = labelled ? labelled[1]! : /^\d{5}$/.test(text) ? text : undefined;
  if (code) return db.selectFrom('occupations').select(columns).where('code', '=', code).executeTakeFirst();
  return db
    .selectFrom('occupations')
    .select(columns)
    .where((eb) => eb.or([eb(sql`lower(title_de)`, '=', text.toLowerCase()), eb(sql`lower(title_en)`, '=', text.toLowerCase())]))
    .executeTakeFirst();
}
