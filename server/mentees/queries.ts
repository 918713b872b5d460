import { sql, type Kysely, type Selectable, type Transaction, type Insertable, type Updateable } from 'kysely';
import type { Database, MenteesTable } from '../db/database.ts';
import type { MenteeProfile } from './types.ts';

type Db = Kysely<Database> | Transaction<Database>;

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
    .set({ ...values, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface MenteeListFilter {
  status?: 'active' | 'placed' | 'closed';
  germanLevel?: string;
  kind?: 'job' | 'apprenticeship';
}

export async function listProjectMentees(db: Db, projectId: number, filter: MenteeListFilter): Promise<MenteeProfile[]> {
  let query = db.selectFrom('mentees').selectAll().where('project_id', '=', projectId);
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
export async function selectMenteesForIndex(db: Db, where: { ids?: readonly string[] } = {}): Promise<MenteeProfile[]> {
  let query = db.selectFrom('mentees').selectAll();
  if (where.ids) {
    if (where.ids.length === 0) return [];
    query = query.where('id', 'in', where.ids);
  }
  return (await query.orderBy('id').execute()).map(toProfile);
}

/** Only id and version of every mentee the index should hold: all but closed profiles (the index consistency check). */
export function selectMenteeVersionsForIndex(db: Db): Promise<{ id: string; version: number }[]> {
  return db.selectFrom('mentees').select(['id', 'version']).where('status', '<>', 'closed').orderBy('id').execute();
}
