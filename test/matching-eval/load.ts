import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { registerEmployer } from '../../server/accounts/service.ts';
import type { VacanciesTable } from '../../server/db/database.ts';
import { findProjectMentee } from '../../server/mentees/queries.ts';
import { createMentee } from '../../server/mentees/service.ts';
import type { MenteeProfile } from '../../server/mentees/types.ts';
import { findPlace } from '../../server/places/queries.ts';
import { pendingOutboxCount } from '../../search/outbox.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { menteeInput, type EvalProfile, type EvalVacancy } from './fixture.ts';

/**
 * Puts the labelled set into a running app: an employer that owns the
 * vacancies, a mentor of a project who owns the mentees. Shared by the
 * evaluation script (run.ts) and the hard-constraint test.
 */
export interface Mentor {
  id: string;
  projectId: number;
}

export async function createEvalEmployer(app: FastifyInstance, email: string, organisation: string): Promise<string> {
  const registered = await registerEmployer(app, { organisation, email, password: 'matching-eval-2026', town: 'Leipzig' });
  if (!registered.ok) throw new Error(`Could not create the evaluation employer: ${JSON.stringify(registered.errors)}`);
  const account = await app.db.selectFrom('accounts').select('employer_id').where('id', '=', registered.value).executeTakeFirstOrThrow();
  // New organisations wait for approval; the evaluation's employer is approved so its vacancies are indexed.
  await app.db.updateTable('employers').set({ status: 'approved' }).where('id', '=', account.employer_id!).execute();
  return account.employer_id!;
}

export async function createEvalMentor(app: FastifyInstance, email: string): Promise<Mentor> {
  const project = await app.db.selectFrom('projects').select('id').orderBy('id').executeTakeFirstOrThrow();
  const id = await insertAccount(app.db, {
    email,
    passwordHash: await hashPassword('matching-eval-2026'),
    role: 'mentor',
    employerId: null,
    projectId: project.id,
  });
  if (!id) throw new Error(`The mentor account ${email} exists already`);
  return { id, projectId: project.id };
}

/** An id that is the same in every run, so a rebuilt index holds the documents in the same order (equal scores tie the same way). */
export function stableVacancyId(key: string): string {
  const hex = createHash('sha256').update(`jobbruecke-matching-eval:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The same rows as the employer's service would store, in one transaction.
 * With `enqueue` (the test) the outbox indexes them; without (the evaluation)
 * the caller rebuilds the index.
 */
export async function insertVacanciesInBulk(
  app: FastifyInstance,
  employerId: string,
  vacancies: readonly EvalVacancy[],
  options: { stableIds?: boolean; enqueue?: boolean } = {},
): Promise<Map<string, string>> {
  const places = new Map<string, NonNullable<Awaited<ReturnType<typeof findPlace>>>>();
  for (const town of new Set(vacancies.map((v) => v.town))) {
    const place = await findPlace(app.db, town);
    if (!place) throw new Error(`Unknown town ${town}`);
    places.set(town, place);
  }
  const now = new Date();
  const ids = new Map(vacancies.map((v) => [v.key, options.stableIds ? stableVacancyId(v.key) : randomUUID()]));
  const rows: Insertable<VacanciesTable>[] = vacancies.map((v) => {
    const place = places.get(v.town)!;
    return {
      id: ids.get(v.key)!,
      employer_id: employerId,
      kind: v.kind,
      occupation_code: v.occupation,
      title: v.title,
      description: v.description,
      summary: v.summary,
      place_id: place.id,
      town: place.name,
      postcode: v.postcode,
      lat: place.lat,
      lng: place.lng,
      working_time: v.workingTime,
      part_time_training: v.partTimeTraining,
      start_date: v.startDate,
      duration_months: v.durationMonths,
      german_level: v.germanLevel,
      qualification: v.qualification,
      driving_licence: v.drivingLicence,
      shift_work: v.shiftWork,
      support: v.support,
      status: v.status,
      published_at: v.status === 'draft' ? null : now,
      closed_at: v.status === 'closed' ? now : null,
      expires_at: v.expiresAt,
    };
  });
  await app.db.transaction().execute(async (trx) => {
    await trx.insertInto('vacancies').values(rows).execute();
    if (options.enqueue ?? true) await enqueueIndexing(trx, VACANCY_INDEX, [...ids.values()]);
  });
  return ids;
}

/** Each profile as a mentee of the mentor's project, through the mentee service. */
export async function createEvalMentees(
  app: FastifyInstance,
  mentor: Mentor,
  profiles: readonly EvalProfile[],
): Promise<Map<string, MenteeProfile>> {
  const mentees = new Map<string, MenteeProfile>();
  await inParallel(profiles, async (profile) => {
    const created = await createMentee(app, mentor, menteeInput(profile));
    if (!created.ok) throw new Error(`${profile.key}: ${JSON.stringify(created.errors)}`);
    mentees.set(profile.key, (await findProjectMentee(app.db, mentor.projectId, created.value.id))!);
  });
  return mentees;
}

/**
 * Runs `work` for each item, a few at a time: one at a time, the two cores wait on each round trip to
 * PostgreSQL and Meilisearch in turn. Each item's work is independent of the others (the results are keyed).
 */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>, at = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(at, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Pushes the outbox to Meilisearch until it is empty (each batch waits for its tasks). */
export async function flushOutbox(app: FastifyInstance): Promise<void> {
  for (let round = 0; round < 1_000; round += 1) {
    await app.searchEngine.worker.drainOnce();
    if ((await pendingOutboxCount(app.db)) === 0) return;
  }
  throw new Error('The search outbox did not drain');
}
