import type { FastifyInstance } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import { enqueueIndexing } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertAccount } from '../accounts/queries.ts';
import type { Database, GermanLevel, Role, VacanciesTable } from '../db/database.ts';
import { SUPPORT_OPTIONS } from '../domain.ts';
import { countPublished } from '../vacancies/queries.ts';
import { Random } from './random.ts';
import { demoTerms } from './pay.ts';
import { seedDemoMentees } from './mentees.ts';
import { seedDemoBrokering } from './brokering.ts';

export const DEMO_PASSWORD = 'demo-password-2026';
/** The demo mentor works in the Dresden project. */
export const DEMO_PROJECT_SLUG = 'aul-dresden';
export const DEMO_ACCOUNTS: { email: string; role: Role }[] = [
  { email: 'employer@demo.local', role: 'employer' },
  { email: 'mentor@demo.local', role: 'mentor' },
  { email: 'coordinator@demo.local', role: 'coordinator' },
  { email: 'admin@demo.local', role: 'admin' },
];

/** Towns weighted roughly by size, so demo vacancies cluster where the jobs are. */
const TOWNS: { value: string; weight: number }[] = [
  { value: 'Leipzig', weight: 30 },
  { value: 'Dresden', weight: 28 },
  { value: 'Chemnitz', weight: 14 },
  { value: 'Zwickau', weight: 5 },
  { value: 'Plauen', weight: 3 },
  { value: 'Görlitz', weight: 3 },
  { value: 'Freiberg', weight: 2 },
  { value: 'Bautzen', weight: 2 },
  { value: 'Pirna', weight: 2 },
  { value: 'Freital', weight: 2 },
  { value: 'Radebeul', weight: 2 },
  { value: 'Riesa', weight: 2 },
  { value: 'Meissen', weight: 2 },
  { value: 'Hoyerswerda', weight: 2 },
  { value: 'Grimma', weight: 1 },
  { value: 'Markkleeberg', weight: 1 },
  { value: 'Delitzsch', weight: 1 },
  { value: 'Torgau', weight: 1 },
  { value: 'Döbeln', weight: 1 },
  { value: 'Annaberg-Buchholz', weight: 1 },
  { value: 'Aue', weight: 1 },
  { value: 'Zittau', weight: 1 },
  { value: 'Kamenz', weight: 1 },
  { value: 'Borna', weight: 1 },
  { value: 'Oschatz', weight: 1 },
  { value: 'Mittweida', weight: 1 },
  { value: 'Glauchau', weight: 1 },
  { value: 'Reichenbach/Vogtland', weight: 1 },
  { value: 'Wurzen', weight: 1 },
  { value: 'Coswig', weight: 1 },
  { value: 'Weißwasser', weight: 1 },
  { value: 'Limbach-Oberfrohna', weight: 1 },
];

const EMPLOYER_STEMS = [
  'Pflegedienst Elbtal',
  'Logistikzentrum Nord',
  'Bäckerei Sonnenkorn',
  'Hotel am Markt',
  'Sächsische Metallbau',
  'Elektro Lichtblick',
  'Klinikum Mittelsachsen',
  'Gebäudeservice Blank',
  'Autohaus Erzgebirge',
  'Gärtnerei Grünland',
  'Seniorenresidenz Lindenhof',
  'Spedition Lausitz',
  'Restaurant Zur Linde',
  'Maschinenbau Vogtland',
  'Kita Sonnenschein',
  'Supermarkt Frisch & Gut',
  'Bau und Ausbau Meyer',
  'IT-Systemhaus Sachsen',
  'Friseursalon Schnittpunkt',
  'Sicherheitsdienst Wache Ost',
  'Holzwerkstatt Tischlerei Nowak',
  'Heizung Sanitär Richter',
  'Fleischerei Köhler',
  'Verkehrsbetriebe Muldental',
  'Wäscherei Weißwasser',
];
const LEGAL_FORMS = ['GmbH', 'GmbH & Co. KG', 'e.K.', 'gGmbH', 'AG'];

const LEVEL_BY_KIND: Record<'job' | 'apprenticeship', { value: GermanLevel; weight: number }[]> = {
  job: [
    { value: 'none', weight: 2 },
    { value: 'A1', weight: 3 },
    { value: 'A2', weight: 5 },
    { value: 'B1', weight: 6 },
    { value: 'B2', weight: 4 },
    { value: 'C1', weight: 2 },
    { value: 'C2', weight: 0.5 },
  ],
  apprenticeship: [
    { value: 'A2', weight: 3 },
    { value: 'B1', weight: 6 },
    { value: 'B2', weight: 3 },
    { value: 'C1', weight: 0.5 },
  ],
};

interface SeedOccupation {
  code: string;
  title_de: string;
  apprenticeship: boolean;
}

/** Fields where the target group most often finds work (care, logistics, hospitality, retail, cleaning, crafts). */
const COMMON_FIELDS = ['813', '821', '513', '521', '293', '633', '621', '541', '251', '252', '262', '321', '322', '332', '342', '244'];
const occupationWeight = (code: string) => (COMMON_FIELDS.some((prefix) => code.startsWith(prefix)) ? 6 : 1);
interface SeedPlace {
  id: number;
  name: string;
  postcode: string | null;
  lat: number;
  lng: number;
}

function describe(
  kind: 'job' | 'apprenticeship',
  occupation: string,
  town: string,
  employer: string,
  r: Random,
): { description: string; summary: string } {
  const team = r.pick(['ein freundliches Team', 'ein kleines, internationales Team', 'ein erfahrenes Team', 'ein wachsendes Unternehmen']);
  const offer = r.pick([
    'pünktliche Bezahlung nach Tarif',
    'einen unbefristeten Vertrag',
    'Zuschuss zum Deutschlandticket',
    'feste Arbeitszeiten',
    '30 Tage Urlaub',
  ]);
  if (kind === 'apprenticeship') {
    return {
      description:
        `${employer} bildet in ${town} aus: Ausbildung ${occupation}. Sie lernen im Betrieb und in der Berufsschule. ` +
        `Wir bieten ${team}, ${offer} und Unterstützung bei Fragen zur Sprache und zur Berufsschule. ` +
        `Bewerben Sie sich auch, wenn Ihr Deutsch noch nicht perfekt ist.`,
      summary: `Ausbildung als ${occupation} in ${town}. Sie lernen im Betrieb und in der Schule. Wir helfen Ihnen.`,
    };
  }
  return {
    description:
      `${employer} sucht in ${town} Verstärkung als ${occupation}. ` +
      `Ihre Aufgaben lernen Sie in der Einarbeitung kennen. Wir bieten ${team} und ${offer}. ` +
      `Erfahrung ist gut, aber nicht immer nötig: Sprechen Sie uns an.`,
    summary: `Arbeit als ${occupation} in ${town}. Gute Einarbeitung. ${offer.charAt(0).toUpperCase()}${offer.slice(1)}.`,
  };
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface SeedOptions {
  vacancies: number;
  seed?: number;
  /** Write outbox rows so the worker indexes them (the app); a bulk seed reindexes instead. */
  enqueue?: boolean;
}

/** Demo employers, accounts and vacancies: realistic, varied, the same for the same seed. Idempotent: returns how many vacancies were new. */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<{ vacancies: number }> {
  const r = new Random(options.seed ?? 2026);
  // Pay and terms from their own generator: the vacancies drawn from `r` stay as they were before pay existed.
  const terms = new Random((options.seed ?? 2026) ^ 0x9a7);
  const [occupations, places] = await Promise.all([
    db.selectFrom('occupations').select(['code', 'title_de', 'apprenticeship']).orderBy('code').execute() as Promise<SeedOccupation[]>,
    db.selectFrom('places').select(['id', 'name', 'postcode', 'lat', 'lng']).where('postcode', 'is not', null).execute() as Promise<
      SeedPlace[]
    >,
  ]);
  const placeByName = new Map(places.map((p) => [p.name, p]));
  const weightedOccupations = occupations.map((o) => ({ value: o, weight: occupationWeight(o.code) }));
  const towns = TOWNS.filter((t) => placeByName.has(t.value));
  if (occupations.length === 0 || towns.length === 0) throw new Error('Reference data is missing: run the migrations first');

  const employers = EMPLOYER_STEMS.map((stem) => {
    const town = placeByName.get(r.weighted(towns))!;
    // Approved by name: new organisations start pending (waiting for the programme office), demo ones are checked already.
    return { id: r.uuid(), name: `${stem} ${r.pick(LEGAL_FORMS)}`, town: town.name, place_id: town.id, status: 'approved' as const };
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('employers')
      .values(employers)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const demoProject = await trx.selectFrom('projects').select('id').where('slug', '=', DEMO_PROJECT_SLUG).executeTakeFirst();
    for (const account of DEMO_ACCOUNTS) {
      await insertAccount(trx, {
        email: account.email,
        passwordHash,
        role: account.role,
        employerId: account.role === 'employer' ? employers[0]!.id : null,
        projectId: account.role === 'mentor' ? (demoProject?.id ?? null) : null,
      });
    }
    // Demo databases from before projects existed: give the demo mentor its project.
    if (demoProject)
      await trx
        .updateTable('accounts')
        .set({ project_id: demoProject.id })
        .where('email', '=', 'mentor@demo.local')
        .where('project_id', 'is', null)
        .execute();
  });

  const now = new Date();
  const rows: Insertable<VacanciesTable>[] = [];
  for (let i = 0; i < options.vacancies; i += 1) {
    const employer = r.pick(employers);
    const occupation = r.weighted(weightedOccupations);
    const helper = occupation.code.endsWith('1');
    const kind = occupation.apprenticeship && !helper && r.chance(0.45) ? 'apprenticeship' : 'job';
    const place = r.chance(0.6) ? placeByName.get(employer.town)! : placeByName.get(r.weighted(towns))!;
    const level = occupation.code.at(-1);
    const status = r.weighted([
      { value: 'published' as const, weight: 85 },
      { value: 'draft' as const, weight: 10 },
      { value: 'closed' as const, weight: 5 },
    ]);
    const publishedAt = status === 'draft' ? null : new Date(now.getTime() - r.int(0, 60) * 86_400_000 - r.int(0, 86_000) * 1000);
    const text = describe(kind, occupation.title_de, place.name, employer.name, r);
    const workingTime = r.weighted([
      { value: 'full' as const, weight: 5 },
      { value: 'part' as const, weight: 2 },
      { value: 'either' as const, weight: 3 },
    ]);
    const partTimeTraining = kind === 'apprenticeship' && r.chance(0.3);
    const startDate = addDays(now, r.int(7, 280));
    const durationMonths = kind === 'apprenticeship' ? r.pick([24, 36, 36, 42]) : null;
    rows.push({
      id: r.uuid(),
      employer_id: employer.id,
      kind,
      occupation_code: occupation.code,
      title: kind === 'apprenticeship' ? `Ausbildung ${occupation.title_de} (m/w/d)` : `${occupation.title_de} (m/w/d)`,
      description: text.description,
      summary: text.summary,
      place_id: place.id,
      town: place.name,
      postcode: place.postcode!,
      lat: place.lat,
      lng: place.lng,
      working_time: workingTime,
      part_time_training: partTimeTraining,
      start_date: startDate,
      duration_months: durationMonths,
      german_level: r.weighted(LEVEL_BY_KIND[kind]),
      qualification: kind === 'apprenticeship' || helper ? 'none' : level === '4' || level === '3' ? 'academic' : 'vocational',
      driving_licence: r.chance(0.15),
      shift_work: r.chance(0.25),
      support: r.subset(SUPPORT_OPTIONS, 0.3),
      status,
      published_at: publishedAt,
      closed_at: status === 'closed' ? now : null,
      expires_at: r.chance(0.7) ? addDays(now, r.int(20, 200)) : null,
      ...demoTerms(terms, { kind, working_time: workingTime, duration_months: durationMonths, town: place.name }),
    });
  }
  let added = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('vacancies')
        .values(chunk)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      if (options.enqueue)
        await enqueueIndexing(
          trx,
          VACANCY_INDEX,
          inserted.map((row) => row.id),
        );
      added += inserted.length;
    });
  }
  return { vacancies: added };
}

/** A newcomer's first start: a small living portal instead of an empty one. */
export async function seedIfEmpty(app: FastifyInstance, vacancies = 1200): Promise<void> {
  if ((await countPublished(app.db)) > 0) return;
  const result = await seedDemoData(app.db, { vacancies, enqueue: true });
  const mentor = await app.db
    .selectFrom('accounts')
    .select(['id', 'project_id'])
    .where('email', '=', 'mentor@demo.local')
    .executeTakeFirst();
  if (mentor?.project_id) {
    await seedDemoMentees(app.db, mentor.project_id, mentor.id, 60);
    const employer = await app.db
      .selectFrom('accounts')
      .select('employer_id')
      .where('email', '=', 'employer@demo.local')
      .executeTakeFirst();
    if (employer?.employer_id) await seedDemoBrokering(app.db, mentor.project_id, mentor.id, employer.employer_id);
  }
  // Index them before the first visitor comes (the worker would do it a moment later).
  if (app.searchEngine.available()) {
    while ((await app.searchEngine.worker.drainOnce().catch(() => 0)) > 0) {
      // batch after batch until the outbox is empty
    }
  }
  app.log.info(`seeded ${result.vacancies} demo vacancies, demo mentees and the demo accounts (password ${DEMO_PASSWORD})`);
}
