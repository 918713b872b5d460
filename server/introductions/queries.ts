import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { Database, IntroductionsTable, Db } from '../db/database.ts';
import { CHANGED } from '../db/changed.ts';
import { BERLIN_SQL } from '../time/berlin.ts';
import { visibleVacancies } from '../vacancies/visibility.ts';
import type { IntroductionStatus } from './transitions.ts';

/** An introduction with what both sides' pages show about the vacancy and the employer. */
function withContext(db: Db) {
  return db
    .selectFrom('introductions as i')
    .innerJoin('vacancies as v', 'v.id', 'i.vacancy_id')
    .innerJoin('employers as e', 'e.id', 'i.employer_id')
    .innerJoin('mentees as m', 'm.id', 'i.mentee_id')
    .leftJoin('placements as p', 'p.introduction_id', 'i.id')
    .select([
      'i.id',
      'i.mentee_id',
      'i.vacancy_id',
      'i.employer_id',
      'i.project_id',
      'i.mentor_id',
      'i.message',
      'i.status',
      'i.interview_at',
      'i.trial_on',
      'i.decline_reason',
      'i.employer_seen_at',
      'i.created_at',
      'i.status_changed_at',
      'v.title as vacancy_title',
      'v.kind as vacancy_kind',
      'v.status as vacancy_status',
      'v.filled_at as vacancy_filled_at',
      'v.lat as vacancy_lat',
      'v.lng as vacancy_lng',
      'v.town as vacancy_town',
      'e.name as employer_name',
      'e.status as employer_status',
      'm.code as mentee_code',
      'p.id as placement_id',
    ]);
}

export type IntroductionRow = NonNullable<Awaited<ReturnType<typeof findProjectIntroduction>>>;

export function findProjectIntroduction(db: Db, projectId: number, id: string) {
  return withContext(db).where('i.id', '=', id).where('i.project_id', '=', projectId).executeTakeFirst();
}

export function findEmployerIntroduction(db: Db, employerId: string, id: string) {
  return withContext(db).where('i.id', '=', id).where('i.employer_id', '=', employerId).executeTakeFirst();
}

/** A mentee's introductions that are still open, locked for a change. */
export function openIntroductionsOf(trx: Transaction<Database>, menteeId: string) {
  return trx
    .selectFrom('introductions')
    .select(['id', 'status'])
    .where('mentee_id', '=', menteeId)
    .where('status', 'in', ['proposed', 'interested', 'interview', 'trial'])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Locks the row for a status change (one change at a time per introduction). */
export function lockIntroduction(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('introductions').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The project's introductions, each with how long it has waited in its status. */
export function listProjectIntroductions(db: Db, projectId: number) {
  return withContext(db).where('i.project_id', '=', projectId).orderBy('i.status_changed_at', 'asc').orderBy('i.id').execute();
}

/** The employer's introductions, new (not yet opened) first, then the newest. */
export function listEmployerIntroductions(db: Db, employerId: string) {
  return withContext(db)
    .where('i.employer_id', '=', employerId)
    .orderBy(sql`i.employer_seen_at IS NULL`, 'desc')
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

export function listMenteeIntroductions(db: Db, projectId: number, menteeId: string) {
  return withContext(db)
    .where('i.project_id', '=', projectId)
    .where('i.mentee_id', '=', menteeId)
    .orderBy('i.created_at', 'desc')
    .execute();
}

export async function insertIntroduction(db: Db, values: Insertable<IntroductionsTable>): Promise<string | null> {
  // The partial unique index refuses a second open introduction of the same mentee for the same vacancy.
  const row = await db
    .insertInto('introductions')
    .values(values)
    .onConflict((oc) => oc.columns(['mentee_id', 'vacancy_id']).where('status', 'not in', ['declined', 'withdrawn']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function updateIntroduction(db: Db, id: string, values: Updateable<IntroductionsTable>): Promise<void> {
  await db.updateTable('introductions').set(values).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Db,
  event: {
    introductionId: string;
    from: IntroductionStatus | null;
    to: IntroductionStatus;
    actorId: string | null;
    actorRole: string;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('introduction_events')
    .values({
      introduction_id: event.introductionId,
      from_status: event.from,
      to_status: event.to,
      actor_id: event.actorId,
      actor_role: event.actorRole,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export function listEvents(db: Db, introductionId: string) {
  return db
    .selectFrom('introduction_events as ev')
    .leftJoin('accounts as a', 'a.id', 'ev.actor_id')
    .select(['ev.id', 'ev.from_status', 'ev.to_status', 'ev.actor_role', 'ev.detail', 'ev.at', 'a.display_name', 'a.email'])
    .where('ev.introduction_id', '=', introductionId)
    .orderBy('ev.id')
    .execute();
}

/** A vacancy that can be proposed for: one the public sees today (an approved employer's, published, not expired). */
export function findProposableVacancy(db: Db, id: string, today: string) {
  return visibleVacancies(db, today)
    .select(['v.id', 'v.title', 'v.kind', 'v.employer_id', 'v.lat', 'v.lng', 'v.town', 'e.name as employer_name'])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/** Whether the vacancy is published by an organisation still waiting for approval (a proposal's refusal says so). */
export async function awaitsEmployerApproval(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select('v.id')
    .where('v.id', '=', id)
    .where('v.status', '=', 'published')
    .where('e.status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

/** Where notices to an employer go: its active accounts. */
export async function employerRecipients(db: Db, employerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('email')
    .where('employer_id', '=', employerId)
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.email);
}

/** The mentor who brokered it, if the account is still active. */
export async function mentorRecipient(db: Db, mentorId: string | null): Promise<string | null> {
  if (!mentorId) return null;
  const row = await db
    .selectFrom('accounts')
    .select('email')
    .where('id', '=', mentorId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.email ?? null;
}

/**
 * Who the employer calls about an introduction: the brokering mentor's name and work contact (set at
 * /mentor/contact; a disabled account's is not shown), and the project's, for when the mentor set none.
 * Nothing of the mentee is read here.
 */
export function introductionContact(db: Db, projectId: number, mentorId: string | null) {
  return db
    .selectFrom('projects as p')
    .leftJoin('accounts as a', (join) => join.on('a.id', '=', mentorId).on('a.disabled_at', 'is', null))
    .select([
      'p.name as project_name',
      'p.contact_phone as project_phone',
      'p.contact_email as project_email',
      'a.display_name',
      'a.contact_phone',
      'a.contact_email',
    ])
    .where('p.id', '=', projectId)
    .executeTakeFirst();
}
export type ContactRow = NonNullable<Awaited<ReturnType<typeof introductionContact>>>;

export async function insertPlacement(db: Db, values: Insertable<Database['placements']>): Promise<string> {
  const row = await db.insertInto('placements').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Marks the vacancy filled and closed (out of search); false when it is not the employer's. */
export async function markVacancyFilled(db: Db, employerId: string, vacancyId: string): Promise<boolean> {
  const result = await db
    .updateTable('vacancies')
    .set({
      status: 'closed',
      closed_at: sql`coalesce(closed_at, now())`,
      filled_at: sql`now()`,
      ...CHANGED,
    })
    .where('id', '=', vacancyId)
    .where('employer_id', '=', employerId)
    .where('filled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function isOwnFilledVacancy(db: Db, employerId: string, vacancyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('vacancies')
    .select('id')
    .where('id', '=', vacancyId)
    .where('employer_id', '=', employerId)
    .where('filled_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The Berlin day of a mentee's first introduction (kept on the placement for the figures). */
export async function firstIntroductionDay(db: Db, menteeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('introductions')
    .select(sql<string>`to_char(min(created_at) AT TIME ZONE ${BERLIN_SQL}, 'YYYY-MM-DD')`.as('day'))
    .where('mentee_id', '=', menteeId)
    .executeTakeFirst();
  return row?.day ?? null;
}
