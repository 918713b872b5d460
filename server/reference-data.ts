import type { Kysely } from 'kysely';
import type { Database } from './db/database.ts';
import { loadOccupations } from './occupations/data.ts';
import { upsertOccupations } from './occupations/queries.ts';
import { loadPlaces } from './places/data.ts';
import { upsertPlaces } from './places/queries.ts';

/** Brings the occupation list and the gazetteer in the database up to the files shipped with the code. */
export async function syncReferenceData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await upsertOccupations(trx, loadOccupations());
    await upsertPlaces(trx, loadPlaces());
  });
}
