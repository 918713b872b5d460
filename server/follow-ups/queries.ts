import { sql } from 'kysely';
import type { PlacementEndReason, VacancyKind, Db } from '../db/database.ts';
import { CHANGED } from '../db/changed.ts';
import { enabledMentorOf } from '../accounts/queries.ts';

export interface PlacementRow {
  id: string;
  projectId: number;
  menteeId: string | null;
  menteeCode: string | null;
  employerName: string;
  vacancyTitle: string | null;
  kind: VacancyKind;
  startDate: string;
  sociallyInsured: boolean;
  qualificationAdequate: boolean;
  endedOn: string | null;
  endReason: PlacementEndReason | null;
  endNote: string | null;
}

/**
 * Placements with what every page about one names: the mentee's code, the employer ('–' once the organisation
 * is deleted: the placement stays for the programme's figures) and the vacancy's title when an introduction
 * led to it. Not scoped: each caller names the project (the daily digest reads every project's).
 */
export function placementsInContext(db: Db) {
  return db
    .selectFrom('placements as p')
    .leftJoin('employers as e', 'e.id', 'p.employer_id')
    .leftJoin('mentees as m', 'm.id', 'p.mentee_id')
    .leftJoin('introductions as i', 'i.id', 'p.introduction_id')
    .leftJoin('vacancies as v', 'v.id', 'i.vacancy_id')
    .select([
      'p.id',
      'p.project_id as projectId',
      'm.code as menteeCode',
      sql<string>`coalesce(e.name, '–')`.as('employerName'),
      'v.title as vacancyTitle',
      'p.kind',
      'p.start_date as startDate',
      'p.ended_on as endedOn',
    ]);
}

/** The placement's follow-up contact dates, oldest first (an empty list without any); for a query over `placements as p`. */
export const contactDates = sql<
  string[]
>`coalesce((SELECT array_agg(f.contact_date::text ORDER BY f.contact_date) FROM follow_ups f WHERE f.placement_id = p.id), '{}')`.as(
  'contactDates',
);

/** A placement of this project with what its page shows, or undefined: another project's placement does not exist for the caller. */
export async function findProjectPlacement(db: Db, projectId: number, id: string): Promise<PlacementRow | undefined> {
  return placementsInContext(db)
    .select([
      'p.mentee_id as menteeId',
      'p.socially_insured as sociallyInsured',
      'p.qualification_adequate as qualificationAdequate',
      'p.end_reason as endReason',
      'p.end_note as endNote',
    ])
    .where('p.id', '=', id)
    .where('p.project_id', '=', projectId)
    .executeTakeFirst();
}

export interface ContactRow {
  id: string;
  contactDate: string;
  concerns: string[];
  dropoutRisk: boolean;
  note: string;
}

/** A placement's contacts, newest first. */
export function listContacts(db: Db, placementId: string): Promise<ContactRow[]> {
  return db
    .selectFrom('follow_ups')
    .select(['id', 'contact_date as contactDate', 'concerns', 'dropout_risk as dropoutRisk', 'note'])
    .where('placement_id', '=', placementId)
    .orderBy('contact_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertContact(
  db: Db,
  values: { placementId: string; contactDate: string; concerns: string[]; dropoutRisk: boolean; note: string; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('follow_ups')
    .values({
      placement_id: values.placementId,
      contact_date: values.contactDate,
      concerns: values.concerns,
      dropout_risk: values.dropoutRisk,
      note: values.note,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ends a placement of this project that has not ended yet; false when there was none to end. */
export async function endProjectPlacement(
  db: Db,
  projectId: number,
  id: string,
  values: { endedOn: string; reason: PlacementEndReason; note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('placements')
    .set({ ended_on: values.endedOn, end_reason: values.reason, end_note: values.note })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Back to 'active' a mentee of this project who is 'placed' and has no other running placement
 * (someone who changed jobs is still placed). Bumps the version the index document carries.
 */
export async function reactivatePlacedMentee(db: Db, projectId: number, menteeId: string): Promise<boolean> {
  const result = await db
    .updateTable('mentees')
    .set({ status: 'active', ...CHANGED })
    .where('id', '=', menteeId)
    .where('project_id', '=', projectId)
    .where('status', '=', 'placed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('placements')
            .select('id')
            .whereRef('placements.mentee_id', '=', 'mentees.id')
            .where('placements.ended_on', 'is', null),
        ),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface RunningPlacementRow {
  id: string;
  projectId: number;
  menteeCode: string | null;
  employerName: string;
  startDate: string;
  /** Contact dates, oldest first. */
  contactDates: string[];
  /** The flag of the latest contact (false without contacts). */
  dropoutRisk: boolean;
}

/**
 * Placements that have not ended and started at least a week before `today`: the only
 * ones that can have a check-in due (the first is due two weeks after the start).
 */
function runningPlacements(db: Db, today: string) {
  return placementsInContext(db)
    .select((eb) => [
      contactDates,
      eb.fn
        .coalesce(
          eb
            .selectFrom('follow_ups as f')
            .select('f.dropout_risk')
            .whereRef('f.placement_id', '=', 'p.id')
            .orderBy('f.contact_date', 'desc')
            .orderBy('f.created_at', 'desc')
            .limit(1),
          sql<boolean>`false`,
        )
        .as('dropoutRisk'),
    ])
    .where('p.ended_on', 'is', null)
    .where('p.start_date', '<=', sql<string>`${today}::date - 7`);
}

export function listRunningProjectPlacements(db: Db, projectId: number, today: string): Promise<RunningPlacementRow[]> {
  return runningPlacements(db, today).where('p.project_id', '=', projectId).orderBy('p.start_date').execute();
}

/**
 * Running placements of every project with the mentor who follows them up: the one who made the
 * introduction, else the mentee's mentor. Only enabled mentor accounts of the placement's project.
 */
export function listRunningPlacementsWithMentor(
  db: Db,
  today: string,
): Promise<(RunningPlacementRow & { mentorId: string; mentorEmail: string })[]> {
  return runningPlacements(db, today)
    .innerJoin('accounts as a', (join) => join.on(sql<boolean>`a.id = coalesce(i.mentor_id, m.mentor_id)`))
    .select(['a.id as mentorId', 'a.email as mentorEmail'])
    .where(enabledMentorOf('p.project_id'))
    .orderBy('a.id')
    .orderBy('p.start_date')
    .execute();
}
