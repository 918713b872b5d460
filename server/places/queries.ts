import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { takeExcluded } from '../db/upsert.ts';
import type { PlaceData } from './data.ts';

export async function upsertPlaces(db: Db, places: readonly PlaceData[]): Promise<void> {
  for (let i = 0; i < places.length; i += 1000) {
    await db
      .insertInto('places')
      .values(places.slice(i, i + 1000).map((p) => ({ ...p })))
      .onConflict((oc) => oc.column('id').doUpdateSet(takeExcluded('places', ['name', 'state', 'postcode', 'lat', 'lng'])))
      .execute();
  }
}

/** GeoNames spells some towns with ss (Meissen): ß and ss are the same letter for look-ups. */
function foldSharpS(value: string): string {
  return value.replaceAll('ß', 'ss');
}

const placeColumns = ['id', 'name', 'state', 'postcode', 'lat', 'lng'] as const;

/**
 * A town by postcode or by name (case-insensitive). Where a name is shared,
 * the town with a known postcode wins, then the Saxon one.
 */
export async function findPlace(db: Db, nameOrPostcode: string) {
  const value = nameOrPostcode.trim();
  if (/^\d{5}$/.test(value)) {
    const byPostcode = await db.selectFrom('places').select(placeColumns).where('postcode', '=', value).executeTakeFirst();
    if (byPostcode) return byPostcode;
  }
  // "Oelsnitz (09376)" as offered by the form's list
  const labelled = /^(.*\S)\s*\((\d{5})\)$/.exec(value);
  const name = labelled ? labelled[1]! : value;
  let query = db
    .selectFrom('places')
    .select(placeColumns)
    .where(sql`replace(lower(name), 'ß', 'ss')`, '=', foldSharpS(name.toLowerCase()));
  if (labelled) query = query.where('postcode', '=', labelled[2]!);
  return query
    .orderBy(sql`postcode IS NULL`)
    .orderBy(sql`state <> '13'`)
    .orderBy('id')
    .executeTakeFirst();
}

export function findPlaceById(db: Db, id: number) {
  return db.selectFrom('places').select(placeColumns).where('id', '=', id).executeTakeFirst();
}

/** Autocomplete: towns whose name starts with the text, or by postcode prefix; towns with postcodes first. */
export function suggestPlaces(db: Db, text: string, limit = 10) {
  const value = foldSharpS(text.trim().toLowerCase());
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('places')
    .select(placeColumns)
    .where((eb) => eb.or([eb(sql`replace(lower(name), 'ß', 'ss')`, 'like', `${escaped}%`), eb('postcode', 'like', `${escaped}%`)]))
    .orderBy(sql`postcode IS NULL`)
    .orderBy(sql`length(name)`)
    .orderBy('name')
    .limit(limit)
    .execute();
}

/** The towns offered in forms: those with a postcode (the larger ones). */
export function listPlacesWithPostcode(db: Db) {
  return db.selectFrom('places').select(['name', 'postcode']).where('postcode', 'is not', null).orderBy('name').execute();
}

/** Every place's id and coordinates (the gazetteer behind radius filters: search/near.ts). */
export function listPlaceCoordinates(db: Db) {
  return db.selectFrom('places').select(['id', 'lat', 'lng']).orderBy('id').execute();
}
