import type { Insertable, Kysely } from 'kysely';
import { enqueueIndexing } from '../indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import type { Database, GermanLevel, MenteesTable } from '../db/database.ts';
import type { WorkPermit } from '../domain.ts';
import { distanceKm } from '../domain.ts';
import { Random } from './random.ts';
import { SAXON_TOWNS } from './towns.ts';

/**
 * Demo mentees for the demo mentor that look like the programme's people (its
 * press releases: about a third women, many without a vocational
 * qualification, people from Ukraine, Syria, Afghanistan, Eritrea and
 * Venezuela among the most). Where someone comes from is never stored: it
 * only decides the languages they speak and the portal language they read.
 * Profiles are pseudonymous codes, never names.
 */

type Weighted<T> = readonly { value: T; weight: number }[];
const w = <T>(value: T, weight: number) => ({ value, weight });

interface Background {
  /** Share of the programme's people. */
  weight: number;
  /** Share of women. */
  women: number;
  /** Languages besides German (German names, as mentors type them) with the chance each is spoken. */
  languages: [string, number][];
  /** The portal language they read (the mentee pages speak de, en, uk, ru, ar, fa). */
  locales: Weighted<string>;
  /** Chance of a degree (foreign, mostly not yet recognised). */
  academic: number;
  /** German: those who came in 2015/16 speak more than those who came since 2022. */
  german: Weighted<GermanLevel>;
  /** Chance of no vocational qualification at all. */
  unqualified: number;
  /** Work permit statuses: people from Ukraine hold temporary protection (§ 24 AufenthG); others mostly a permit, some wait for one. */
  permits: Weighted<WorkPermit>;
}

const GERMAN_RECENT: Weighted<GermanLevel> = [w('A1', 14), w('A2', 36), w('B1', 34), w('B2', 13), w('C1', 3)];
const PERMITS: Weighted<WorkPermit> = [w('yes', 76), w('pending', 15), w('unknown', 9)];
const GERMAN_LONGER: Weighted<GermanLevel> = [w('A1', 5), w('A2', 22), w('B1', 40), w('B2', 25), w('C1', 8)];

export const BACKGROUNDS: Record<string, Background> = {
  ukraine: {
    weight: 34,
    women: 0.55,
    languages: [
      ['Ukrainisch', 1],
      ['Russisch', 0.8],
      ['Englisch', 0.35],
    ],
    locales: [w('uk', 6), w('ru', 1), w('de', 3)],
    academic: 0.35,
    german: GERMAN_RECENT,
    unqualified: 0.3,
    permits: [w('temporary_protection', 85), w('yes', 10), w('unknown', 5)],
  },
  syria: {
    weight: 20,
    women: 0.22,
    languages: [
      ['Arabisch', 1],
      ['Kurdisch', 0.2],
      ['Englisch', 0.3],
      ['Türkisch', 0.1],
    ],
    locales: [w('ar', 6), w('de', 4)],
    academic: 0.12,
    german: GERMAN_LONGER,
    unqualified: 0.6,
    permits: PERMITS,
  },
  afghanistan: {
    weight: 15,
    women: 0.2,
    languages: [
      ['Dari', 0.85],
      ['Paschtu', 0.3],
      ['Farsi', 0.15],
      ['Englisch', 0.2],
    ],
    locales: [w('fa', 7), w('de', 3)],
    academic: 0.08,
    german: GERMAN_LONGER,
    unqualified: 0.7,
    permits: PERMITS,
  },
  eritrea: {
    weight: 8,
    women: 0.25,
    languages: [
      ['Tigrinya', 1],
      ['Arabisch', 0.3],
      ['Englisch', 0.4],
      ['Amharisch', 0.15],
    ],
    locales: [w('de', 6), w('en', 4)],
    academic: 0.05,
    german: GERMAN_LONGER,
    unqualified: 0.75,
    permits: PERMITS,
  },
  venezuela: {
    weight: 6,
    women: 0.45,
    languages: [
      ['Spanisch', 1],
      ['Englisch', 0.35],
    ],
    locales: [w('de', 5), w('en', 5)],
    academic: 0.3,
    german: GERMAN_RECENT,
    unqualified: 0.4,
    permits: PERMITS,
  },
  iraq: {
    weight: 7,
    women: 0.3,
    languages: [
      ['Arabisch', 0.8],
      ['Kurdisch', 0.6],
      ['Englisch', 0.2],
    ],
    locales: [w('ar', 5), w('de', 5)],
    academic: 0.1,
    german: GERMAN_LONGER,
    unqualified: 0.6,
    permits: PERMITS,
  },
  iran: {
    weight: 4,
    women: 0.4,
    languages: [
      ['Farsi', 1],
      ['Englisch', 0.5],
    ],
    locales: [w('fa', 6), w('de', 2), w('en', 2)],
    academic: 0.35,
    german: GERMAN_LONGER,
    unqualified: 0.35,
    permits: PERMITS,
  },
  turkey: {
    weight: 3,
    women: 0.3,
    languages: [
      ['Türkisch', 1],
      ['Kurdisch', 0.4],
      ['Englisch', 0.3],
    ],
    locales: [w('de', 7), w('en', 3)],
    academic: 0.2,
    german: GERMAN_RECENT,
    unqualified: 0.5,
    permits: PERMITS,
  },
  georgia: {
    weight: 3,
    women: 0.4,
    languages: [
      ['Georgisch', 1],
      ['Russisch', 0.8],
    ],
    locales: [w('ru', 6), w('de', 4)],
    academic: 0.3,
    german: GERMAN_RECENT,
    unqualified: 0.4,
    permits: PERMITS,
  },
};

/**
 * What people in the programme look for: a field's jobs (helper level, open to
 * the unqualified), its apprenticeships, its skilled jobs for those who trained
 * abroad; how often women and men choose it.
 */
interface Path {
  jobs: string[];
  apprenticeships: string[];
  /** Skilled jobs, for someone with a qualification in the field (recognised or not). */
  qualified: string[];
  women: number;
  men: number;
}
const PATHS: readonly Path[] = [
  { jobs: ['81301', '82101'], apprenticeships: ['81302'], qualified: ['81302'], women: 24, men: 7 },
  { jobs: ['51311', '52531'], apprenticeships: ['51312'], qualified: ['51312'], women: 4, men: 18 },
  { jobs: ['52182'], apprenticeships: ['52122'], qualified: ['52122'], women: 0.5, men: 8 },
  { jobs: ['29301', '63301'], apprenticeships: ['29302'], qualified: ['29302'], women: 8, men: 10 },
  { jobs: ['63221'], apprenticeships: ['63222'], qualified: ['63222'], women: 5, men: 1 },
  { jobs: ['62101', '62112'], apprenticeships: ['62102'], qualified: ['62102'], women: 10, men: 5 },
  { jobs: ['54101'], apprenticeships: ['54112'], qualified: ['54112'], women: 8, men: 3 },
  { jobs: ['62301'], apprenticeships: ['29222', '62312'], qualified: ['29222'], women: 2, men: 2 },
  { jobs: ['26301'], apprenticeships: ['26212'], qualified: ['26212'], women: 0.5, men: 7 },
  { jobs: ['34201'], apprenticeships: ['34212'], qualified: ['34212'], women: 0.3, men: 5 },
  { jobs: ['25201'], apprenticeships: ['25212'], qualified: ['25212'], women: 0.3, men: 6 },
  { jobs: ['32101', '33211'], apprenticeships: ['33212'], qualified: ['32122', '33212'], women: 0.3, men: 6 },
  { jobs: ['24411'], apprenticeships: ['24412'], qualified: ['24422', '24412'], women: 0.2, men: 4 },
  { jobs: ['25101', '29201'], apprenticeships: ['25122'], qualified: ['25122'], women: 4, men: 5 },
  { jobs: ['82311'], apprenticeships: ['82312'], qualified: ['82312'], women: 3, men: 2 },
  { jobs: ['83111'], apprenticeships: [], qualified: ['83113'], women: 5, men: 0.5 },
  { jobs: [], apprenticeships: ['81102'], qualified: ['81102'], women: 3, men: 0.5 },
  { jobs: [], apprenticeships: ['43412', '43102'], qualified: ['43414', '43102'], women: 1, men: 3 },
  { jobs: ['71401'], apprenticeships: ['71402'], qualified: ['71402'], women: 2, men: 1 },
];

/** The Dresden project's catchment: Dresden and the towns around it, weighted by population. */
const HOME_TOWNS = ['Dresden', 'Freital', 'Pirna', 'Radebeul', 'Heidenau', 'Meissen', 'Coswig', 'Radeberg', 'Dippoldiswalde', 'Großenhain'];

/** Short working notes a mentor keeps (never contact data, never origin). */
const NOTES = [
  '',
  '',
  '',
  '',
  'Kinderbetreuung bis 14 Uhr geregelt.',
  'Möchte nach dem Sprachkurs direkt anfangen.',
  'Praktikum im Frühjahr war erfolgreich.',
  'Sucht Arbeit in der Nähe der S-Bahn.',
  'Bewerbungsunterlagen sind fertig.',
];

const CODE_ALPHABET = [...'23456789ABCDEFGHJKMNPQRSTUVWXYZ'];

export interface DemoMenteePlace {
  id: number;
  name: string;
  lat: number;
  lng: number;
  /** How far it is to the project's city (0 in the city). */
  commuteKm: number;
}
type MenteeRow = Omit<Insertable<MenteesTable>, 'id' | 'code' | 'project_id' | 'mentor_id'>;

/** About a third of those below B2 are in a German course to the next level, ending within eight months. */
function germanCourse(r: Random, german: GermanLevel, now: Date): Pick<MenteeRow, 'german_course_level' | 'german_course_end'> {
  const next: Partial<Record<GermanLevel, GermanLevel>> = { A1: 'A2', A2: 'B1', B1: 'B2' };
  if (!next[german] || !r.chance(0.35)) return { german_course_level: null, german_course_end: null };
  const end = new Date(now.getTime() + r.int(30, 240) * 86_400_000);
  return { german_course_level: next[german]!, german_course_end: end.toISOString().slice(0, 10) };
}

/** One profile: background → languages and portal language; gender → field; qualification → kinds and occupations. */
export function drawMentee(
  r: Random,
  places: readonly { value: DemoMenteePlace; weight: number }[],
  known: ReadonlySet<string>,
  now: Date,
): MenteeRow {
  const background = r.weighted(Object.values(BACKGROUNDS).map((b) => w(b, b.weight)));
  const woman = r.chance(background.women);
  const gender = woman ? ('f' as const) : r.chance(0.97) ? ('m' as const) : r.pick(['d', 'unspecified'] as const);
  const ageBand = r.weighted([w('u25' as const, 28), w('25to34' as const, 38), w('35to44' as const, 22), w('45plus' as const, 12)]);
  const academic = r.chance(background.academic);
  const qualification = academic
    ? r.weighted([w('foreign_unrecognised' as const, 5), w('recognition_pending' as const, 3), w('recognised' as const, 2)])
    : r.chance(background.unqualified)
      ? ('none' as const)
      : r.weighted([w('foreign_unrecognised' as const, 5), w('recognition_pending' as const, 2), w('recognised' as const, 2)]);
  const path = r.weighted(PATHS.map((p) => w(p, woman ? p.women : p.men)));
  const young = ageBand === 'u25' || (ageBand === '25to34' && r.chance(0.4));
  const german = r.weighted(background.german);
  // Vocational school asks about B1: with A1/A2 a mentor advises a job (or a course) first.
  const basicGerman = german === 'A1' || german === 'A2';
  // Trained abroad: the skilled job; young and unqualified: mostly an apprenticeship; else helper jobs.
  const skilled = qualification !== 'none' && path.qualified.length > 0 && r.chance(0.75);
  const wantsTraining =
    path.apprenticeships.length > 0 && (path.jobs.length === 0 || r.chance((young ? 0.7 : 0.2) * (basicGerman ? 0.5 : 1)));
  const desired = skilled ? path.qualified : wantsTraining ? path.apprenticeships : path.jobs.length > 0 ? path.jobs : path.qualified;
  const kinds: ('job' | 'apprenticeship')[] =
    skilled || !wantsTraining ? ['job'] : r.chance(0.25) ? ['apprenticeship', 'job'] : ['apprenticeship'];
  const experienced = skilled || r.chance(0.45);
  const place = r.weighted(places);
  const inCity = place.commuteKm === 0;
  return {
    gender,
    age_band: ageBand,
    german_level: german,
    other_languages: background.languages.filter(([, p]) => r.chance(p)).map(([name]) => name),
    schooling: academic
      ? 'higher'
      : r.weighted([w('none' as const, 5), w('primary' as const, 22), w('secondary' as const, 58), w('higher' as const, 15)]),
    qualification,
    academic,
    experience: JSON.stringify(
      experienced ? [{ occupation: (skilled ? path.qualified : [...path.jobs, ...path.qualified])[0]!, years: r.int(1, 9) }] : [],
    ),
    desired_occupations: desired.filter((code) => known.has(code)).slice(0, 3),
    desired_kinds: kinds,
    home_place_id: place.id,
    home_town: place.name,
    lat: place.lat,
    lng: place.lng,
    // Around the city people commute into it: at least the way there and a bit.
    travel_km: inCity
      ? r.weighted([w(10, 3), w(15, 3), w(25, 3), w(40, 1)])
      : Math.max(r.weighted([w(25, 3), w(40, 3), w(60, 1)]), Math.ceil((place.commuteKm + 5) / 5) * 5),
    working_time: woman
      ? r.weighted([w('either' as const, 4), w('part' as const, 4), w('full' as const, 3)])
      : r.weighted([w('full' as const, 6), w('either' as const, 4), w('part' as const, 1)]),
    driving_licence: r.chance(woman ? 0.12 : 0.3),
    work_permit: r.weighted(background.permits),
    ...germanCourse(r, german, now),
    consent: r.chance(0.85),
    locale: r.weighted(background.locales),
    notes: r.pick(NOTES),
  };
}

export async function seedDemoMentees(db: Kysely<Database>, projectId: number, mentorId: string, count: number): Promise<number> {
  const r = new Random(77);
  const known = new Set((await db.selectFrom('occupations').select('code').execute()).map((o) => o.code));
  const found = await db
    .selectFrom('places')
    .select(['id', 'name', 'lat', 'lng'])
    .where('name', 'in', HOME_TOWNS)
    .where('state', '=', '13')
    .where('postcode', 'is not', null)
    .execute();
  const population = new Map(SAXON_TOWNS.map((t) => [t.name, t.population]));
  const city = found.find((p) => p.name === HOME_TOWNS[0]) ?? found[0];
  if (!city) return 0;
  const places = found.map((p) => w({ ...p, commuteKm: p === city ? 0 : distanceKm(p, city) }, population.get(p.name) ?? 10_000));
  const now = new Date();
  const rows: Insertable<MenteesTable>[] = [];
  const codes = new Set<string>();
  const drawCode = () => `MT-D${Array.from({ length: 4 }, () => r.pick(CODE_ALPHABET)).join('')}`;
  for (let i = 0; i < count; i += 1) {
    const id = r.uuid();
    let code = drawCode();
    while (codes.has(code)) code = drawCode(); // codes are unique; thousands of mentees would otherwise collide
    codes.add(code);
    const profile = drawMentee(r, places, known, now);
    if (profile.desired_occupations.length === 0) continue;
    rows.push({ id, code, project_id: projectId, mentor_id: mentorId, ...profile, consent_at: profile.consent ? now : null });
  }
  if (rows.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let added = 0;
    // In chunks: one INSERT of thousands of rows would pass PostgreSQL's limit of 65,535 parameters.
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await trx
        .insertInto('mentees')
        .values(rows.slice(i, i + 500))
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
