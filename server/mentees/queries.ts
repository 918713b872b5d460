import { sql, type Selectable, type Insertable, type Updateable } from 'kysely';
import type { MenteesTable, MenteeStatus, Db } from '../db/database.ts';
import { CHANGED } from '../db/changed.ts';
import { contactDates, placementsInContext } from '../follow-ups/queries.ts';
import type { MenteeProfile } from './types.ts';

export function toProfile(row: Selectable<MenteesTable>): MenteeProfile {
  return {
    id: row.id,
    code: row.code,
    projectId: row.project_id,
    status: row.status,
    gender: row.gender,
    ageBand: row.age_band,
    germanLevel: row.german_level,
    otherLanguages: row.other_languages,
    schooling: row.schooling,
    qualification: row.qualification,
    academic: row.academic,
    experience: row.experience,
    desiredOccupations: row.desired_occupations,
    desiredKinds: row.desired_kinds,
    homeTown: row.home_town,
    homePlaceId: row.home_place_id,
    location: { lat: row.lat, lng: row.lng },
    travelKm: row.travel_km,
    workingTime: row.working_time,
    drivingLicence: row.driving_licence,
    workPermit: row.work_permit,
    germanCourseLevel: row.german_course_level,
    germanCourseEnd: row.german_course_end,
    consent: row.consent,
    consentAt: row.consent_at,
    locale: row.locale,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function insertMentee(db: Db, values: Insertable<MenteesTable>): Promise<boolean> {
  const result = await db
    .insertInto('mentees')
    .values(values)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** A mentee of this project, or undefined: another project's mentee does not exist for the caller. */
export async function findProjectMentee(db: Db, projectId: number, id: string): Promise<MenteeProfile | undefined> {
  const row = await db.selectFrom('mentees').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

export async function updateProjectMentee(db: Db, projectId: number, id: string, values: Updateable<MenteesTable>): Promise<boolean> {
  const result = await db
    .updateTable('mentees')
    .set({ ...values, ...CHANGED })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface MenteeListFilter {
  status?: MenteeStatus;
  germanLevel?: string;
  kind?: 'job' | 'apprenticeship';
  /** All or part of a pseudonym code as typed; only its letters and digits count ("mt 4k7" finds MT-4K7QX). */
  code?: string;
}

/** The letters and digits of a typed code, upper case: the LIKE pattern never sees a wildcard. */
export const codeKey = (typed: string) => typed.toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function listProjectMentees(db: Db, projectId: number, filter: MenteeListFilter): Promise<MenteeProfile[]> {
  let query = db.selectFrom('mentees').selectAll().where('project_id', '=', projectId);
  // A code of nothing but other characters finds nothing (an empty pattern would find everyone).
  if (filter.code !== undefined) query = query.where(sql<string>`replace(code, '-', '')`, 'like', `%${codeKey(filter.code) || '-'}%`);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.germanLevel) query = query.where('german_level', '=', filter.germanLevel as MenteeProfile['germanLevel']);
  if (filter.kind) query = query.where(sql<boolean>`${filter.kind} = ANY(desired_kinds)`);
  const rows = await query.orderBy('updated_at', 'desc').limit(500).execute();
  return rows.map(toProfile);
}

export async function codeExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('mentees').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Mentees as the private index wants them (all statuses; the index filters on status). */
export async function selectMenteesForIndex(
  db: Db,
  where: { ids?: readonly string[]; after?: string; limit?: number } = {},
): Promise<MenteeProfile[]> {
  let query = db.selectFrom('mentees').selectAll();
  if (where.ids) {
    if (where.ids.length === 0) return [];
    query = query.where('id', 'in', where.ids);
  }
  // One page of a keyset walk (WHERE id > last ORDER BY id LIMIT n).
  if (where.after !== undefined) query = query.where('id', '>', where.after);
  if (where.limit !== undefined) query = query.limit(where.limit);
  return (await query.orderBy('id').execute()).map(toProfile);
}

/** Only id and version of the mentees the index should hold: all but closed profiles (the index consistency check), a keyset page at a time when asked. */
export function selectMenteeVersionsForIndex(
  db: Db,
  page: { after?: string; limit?: number } = {},
): Promise<{ id: string; version: number }[]> {
  let query = db.selectFrom('mentees').select(['id', 'version']).where('status', '<>', 'closed');
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.orderBy('id').execute();
}

export interface MenteeActivity {
  id: string;
  /** Employers' answers (any step an employer took on an introduction) since the mentor last opened the overview. */
  unseenAnswers: number;
  firstUnseenAnswerAt: Date | null;
  /**
   * The last contact with the person that the portal knows of: the latest of the profile's last change
   * (created or edited by the mentor, closed or reopened), the last proposal the mentor made for them,
   * and the last follow-up contact recorded after a placement. An employer's answer is no contact with the person.
   */
  lastContactAt: Date;
}

/** What the mentee list's "next step" needs to know about each of these mentees of the project. */
export async function listMenteeActivity(db: Db, projectId: number, ids: readonly string[]): Promise<MenteeActivity[]> {
  if (ids.length === 0) return [];
  const answers = (m: string) =>
    db
      .selectFrom('introduction_events as ev')
      .innerJoin('introductions as i', 'i.id', 'ev.introduction_id')
      .whereRef('i.mentee_id', '=', sql.ref(`${m}.id`))
      .where('ev.actor_role', '=', 'employer')
      .where(sql<boolean>`(${sql.ref(`${m}.overview_seen_at`)} IS NULL OR ev.at > ${sql.ref(`${m}.overview_seen_at`)})`);
  const rows = await db
    .selectFrom('mentees as m')
    .select([
      'm.id',
      answers('m')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .as('unseenAnswers'),
      answers('m')
        .select((eb) => eb.fn.min('ev.at').as('at'))
        .as('firstUnseenAnswerAt'),
      sql<Date>`greatest(
        m.updated_at,
        (SELECT max(i.created_at) FROM introductions i WHERE i.mentee_id = m.id),
        (SELECT max(f.contact_date)::timestamptz FROM follow_ups f JOIN placements p ON p.id = f.placement_id WHERE p.mentee_id = m.id)
      )`.as('lastContactAt'),
    ])
    .where('m.project_id', '=', projectId)
    .where('m.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unseenAnswers: Number(r.unseenAnswers ?? 0),
    firstUnseenAnswerAt: r.firstUnseenAnswerAt ? new Date(r.firstUnseenAnswerAt) : null,
    lastContactAt: new Date(r.lastContactAt),
  }));
}

export interface MenteePlacement {
  id: string;
  menteeId: string;
  employerName: string;
  vacancyTitle: string | null;
  kind: 'job' | 'apprenticeship';
  startDate: string;
  endedOn: string | null;
  /** Follow-up contact dates, oldest first. */
  contactDates: string[];
}

/** Placements of these mentees of the project (running ones only unless `all`), oldest start first. */
export function listMenteePlacements(
  db: Db,
  projectId: number,
  menteeIds: readonly string[],
  { all = false }: { all?: boolean } = {},
): Promise<MenteePlacement[]> {
  if (menteeIds.length === 0) return Promise.resolve([]);
  let query = placementsInContext(db)
    // Never null here: only placements of the mentees asked for are read.
    .select([sql<string>`p.mentee_id`.as('menteeId'), contactDates])
    .where('p.project_id', '=', projectId)
    .where('p.mentee_id', 'in', menteeIds);
  if (!all) query = query.where('p.ended_on', 'is', null);
  return query.orderBy('p.start_date').orderBy('p.id').execute();
}

/**
 * The mentor opens the overview: marks it seen, and returns this mentee's introductions that an employer answered
 * since it was last seen (they are marked "new" this once). One statement: its select reads the mentee's row as it
 * was before the update (the overview's page asked two queries for this).
 */
export async function markOverviewSeen(db: Db, projectId: number, menteeId: string): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    WITH seen AS (UPDATE mentees SET overview_seen_at = now() WHERE id = ${menteeId} AND project_id = ${projectId})
    SELECT DISTINCT i.id FROM introduction_events ev
    JOIN introductions i ON i.id = ev.introduction_id
    JOIN mentees m ON m.id = i.mentee_id
    WHERE m.id = ${menteeId} AND m.project_id = ${projectId} AND ev.actor_role = 'employer'
      AND (m.overview_seen_at IS NULL OR ev.at > m.overview_seen_at)`.execute(db);
  return new Set(rows.map((r) => r.id));
}
