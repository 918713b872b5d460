import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { enqueueIndexing } from '../indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertAccount } from '../accounts/queries.ts';
import type { Database, Role } from '../db/database.ts';
import { countPublished } from '../vacancies/queries.ts';
import { Random } from './random.ts';
import { demoEmployers } from './employers.ts';
import { SAXON_TOWNS } from './towns.ts';
import { drawVacancy, type DemoWorld, type SeedOccupation, type SeedPlace } from './vacancies.ts';
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

export interface SeedOptions {
  vacancies: number;
  seed?: number;
  /** Write outbox rows so the worker indexes them (the app); a bulk seed reindexes instead. */
  enqueue?: boolean;
}

/** Rows per INSERT: generated and written chunk by chunk, so a million vacancies take no more memory than a thousand. */
const CHUNK = 1000;

/**
 * Demo employers, accounts and vacancies that look like Saxony: employers whose
 * names say what they post (sectors.ts), seated in towns by population
 * (towns.ts), vacancies with the German, qualification, support and pay their
 * occupation has. The same for the same seed. Idempotent: returns how many
 * vacancies were new.
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<{ vacancies: number }> {
  const r = new Random(options.seed ?? 2026);
  // Pay and terms from their own generator: the pay tables can change without moving the rest.
  const terms = new Random((options.seed ?? 2026) ^ 0x9a7);
  const [occupations, places] = await Promise.all([
    db.selectFrom('occupations').select(['code', 'title_de', 'apprenticeship']).orderBy('code').execute() as Promise<SeedOccupation[]>,
    db
      .selectFrom('places')
      .select(['id', 'name', 'postcode', 'lat', 'lng'])
      .where('state', '=', '13')
      .where('postcode', 'is not', null)
      .execute() as Promise<SeedPlace[]>,
  ]);
  const placeByName = new Map(places.map((p) => [p.name, p]));
  const occupationByCode = new Map(occupations.map((o) => [o.code, o]));
  const towns = SAXON_TOWNS.filter((t) => placeByName.has(t.name));
  if (occupations.length === 0 || towns.length === 0) throw new Error('Reference data is missing: run the migrations first');

  const employers = demoEmployers(r, towns).map((e) => ({
    ...e,
    // An occupation missing from the list (an older database) is left out rather than posted under a wrong code.
    sector: { ...e.sector, occupations: e.sector.occupations.filter((o) => occupationByCode.has(o.value)) },
  }));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('employers')
      .values(
        // Approved by name: new organisations start pending (waiting for the programme office), demo ones are checked already.
        employers.map((e) => ({
          id: e.id,
          name: e.name,
          town: e.town.name,
          place_id: placeByName.get(e.town.name)!.id,
          status: 'approved' as const,
        })),
      )
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

  const world: DemoWorld = {
    employers: employers.filter((e) => e.sector.occupations.length > 0).map((e) => ({ value: e, weight: e.weight })),
    occupations: occupationByCode,
    towns: towns.map((t) => ({ value: t, weight: t.population })),
    places: placeByName,
    now: new Date(),
    seen: new Set(),
  };
  let added = 0;
  for (let done = 0; done < options.vacancies; done += CHUNK) {
    world.seen.clear();
    const chunk = Array.from({ length: Math.min(CHUNK, options.vacancies - done) }, () => drawVacancy(r, terms, world));
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
