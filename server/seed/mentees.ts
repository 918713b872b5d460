import type { Kysely } from 'kysely';
import { enqueueIndexing } from '../../search/outbox.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import type { Database } from '../db/database.ts';
import { AGE_BANDS, KINDS, SCHOOLING } from '../domain.ts';
import { Random } from './random.ts';

/** Demo mentees for the demo mentor: the target group's common wishes, towns around the project. */
const WISHES: { codes: string[]; kinds: ('job' | 'apprenticeship')[] }[] = [
  { codes: ['81302'], kinds: ['apprenticeship'] },
  { codes: ['81301'], kinds: ['job'] },
  { codes: ['51312', '51311'], kinds: ['job', 'apprenticeship'] },
  { codes: ['29302'], kinds: ['apprenticeship', 'job'] },
  { codes: ['62102'], kinds: ['job'] },
  { codes: ['54101'], kinds: ['job'] },
  { codes: ['52122'], kinds: ['job'] },
  { codes: ['26212'], kinds: ['apprenticeship'] },
  { codes: ['25212'], kinds: ['apprenticeship'] },
  { codes: ['82312'], kinds: ['apprenticeship'] },
];
const TOWNS = ['Dresden', 'Dresden', 'Dresden', 'Radebeul', 'Freital', 'Pirna', 'Heidenau', 'Meissen', 'Coswig'];
const LANGUAGES = ['Arabisch', 'Englisch', 'Ukrainisch', 'Russisch', 'Dari', 'Farsi', 'Tigrinya', 'Französisch', 'Türkisch'];
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export async function seedDemoMentees(db: Kysely<Database>, projectId: number, mentorId: string, count: number): Promise<number> {
  const r = new Random(77);
  const known = new Set((await db.selectFrom('occupations').select('code').execute()).map((o) => o.code));
  const places = await db
    .selectFrom('places')
    .select(['id', 'name', 'lat', 'lng'])
    .where('name', 'in', TOWNS)
    .where('state', '=', '13')
    .execute();
  const placeByName = new Map(places.map((p) => [p.name, p]));
  const rows = [];
  const codes = new Set<string>();
  const drawCode = () => `MT-D${Array.from({ length: 4 }, () => r.pick([...CODE_ALPHABET])).join('')}`;
  for (let i = 0; i < count; i += 1) {
    const wish = r.pick(WISHES);
    const place = placeByName.get(r.pick(TOWNS)) ?? places[0];
    if (!place) break;
    const hex = r.uuid().replaceAll('-', '');
    let code = drawCode();
    while (codes.has(code)) code = drawCode(); // codes are unique; thousands of mentees would otherwise collide
    codes.add(code);
    rows.push({
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      code,
      project_id: projectId,
      mentor_id: mentorId,
      gender: r.weighted([
        { value: 'f' as const, weight: 5 },
        { value: 'm' as const, weight: 4 },
        { value: 'unspecified' as const, weight: 1 },
      ]),
      age_band: r.pick(AGE_BANDS),
      german_level: r.weighted([
        { value: 'A1' as const, weight: 2 },
        { value: 'A2' as const, weight: 4 },
        { value: 'B1' as const, weight: 4 },
        { value: 'B2' as const, weight: 2 },
      ]),
      other_languages: r.subset(LANGUAGES, 0.25).slice(0, 3),
      schooling: r.pick(SCHOOLING),
      qualification: r.weighted([
        { value: 'none' as const, weight: 5 },
        { value: 'foreign_unrecognised' as const, weight: 2 },
        { value: 'recognition_pending' as const, weight: 1 },
        { value: 'recognised' as const, weight: 1 },
      ]),
      academic: r.chance(0.1),
      experience: JSON.stringify(r.chance(0.5) ? [{ occupation: wish.codes.at(-1)!, years: r.int(1, 6) }] : []),
      desired_occupations: wish.codes.filter((c) => known.has(c)),
      desired_kinds: r.chance(0.2) ? [...KINDS] : wish.kinds,
      home_place_id: place.id,
      home_town: place.name,
      lat: place.lat,
      lng: place.lng,
      travel_km: r.pick([10, 15, 25, 25, 40]),
      working_time: r.weighted([
        { value: 'either' as const, weight: 4 },
        { value: 'full' as const, weight: 3 },
        { value: 'part' as const, weight: 2 },
      ]),
      driving_licence: r.chance(0.2),
      work_permit: r.weighted([
        { value: 'yes' as const, weight: 8 },
        { value: 'pending' as const, weight: 2 },
      ]),
      consent: r.chance(0.8),
      consent_at: new Date(),
      locale: r.chance(0.3) ? 'en' : 'de',
      notes: '',
    });
  }
  const usable = rows
    .filter((row) => row.desired_occupations.length > 0)
    .map((row) => ({ ...row, consent_at: row.consent ? row.consent_at : null }));
  if (usable.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let added = 0;
    // In chunks: one INSERT of thousands of rows would pass PostgreSQL's limit of 65,535 parameters.
    for (let i = 0; i < usable.length; i += 500) {
      const inserted = await trx
        .insertInto('mentees')
        .values(usable.slice(i, i + 500))
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      await enqueueIndexing(
        trx,
        MENTEE_INDEX,
        inserted.map((m) => m.id),
      );
      added += inserted.length;
    }
    return added;
  });
}
