import { sql, type Transaction } from 'kysely';
import type { Database, ProjectsTable, Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';
import type { EmployerStatus } from './schemas.ts';

export interface Paging {
  limit: number;
  offset: number;
}

// Projects

const projectColumns = [
  'p.id',
  'p.slug',
  'p.name',
  'p.carrier',
  'p.districts',
  'p.towns',
  'p.contact_email',
  'p.contact_phone',
  'p.contact_url',
  'p.updated_at',
] as const;

/** What an admin sets on a project (the slug is made once, on create). */
export type ProjectValues = Pick<
  ProjectsTable,
  'name' | 'carrier' | 'districts' | 'towns' | 'contact_email' | 'contact_phone' | 'contact_url'
>;

/** Every project with how many active mentor accounts it has. */
export function listProjectsWithMentors(db: Db) {
  return db
    .selectFrom('projects as p')
    .select(projectColumns)
    .select((eb) =>
      eb
        .selectFrom('accounts as a')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.project_id', '=', 'p.id')
        .where('a.role', '=', 'mentor')
        .where('a.disabled_at', 'is', null)
        .as('mentors'),
    )
    .orderBy('p.name')
    .execute();
}

export function findProject(db: Db, id: number) {
  return db.selectFrom('projects as p').select(projectColumns).where('p.id', '=', id).executeTakeFirst();
}

export function lockProject(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('projects as p').select(projectColumns).where('p.id', '=', id).forUpdate().executeTakeFirst();
}

/** Inserts a project made by an admin (updated_at set: the reference data sync leaves it alone); null when the slug is taken. */
export async function insertProject(trx: Transaction<Database>, slug: string, values: ProjectValues): Promise<number | null> {
  const row = await trx
    .insertInto('projects')
    .values({ ...values, slug, updated_at: sql`now()` })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function updateProject(trx: Transaction<Database>, id: number, values: ProjectValues): Promise<void> {
  await trx
    .updateTable('projects')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// Accounts (mentors, coordinators, admins; employers' accounts follow their organisation's status)

export interface AccountFilter {
  role?: 'mentor' | 'coordinator' | 'admin';
  projectId?: number;
  status?: 'active' | 'disabled';
}

function staffAccounts(db: Db, filter: AccountFilter) {
  let query = db.selectFrom('accounts as a').where('a.role', '!=', 'employer');
  if (filter.role) query = query.where('a.role', '=', filter.role);
  if (filter.projectId !== undefined) query = query.where('a.project_id', '=', filter.projectId);
  if (filter.status === 'active') query = query.where('a.disabled_at', 'is', null);
  if (filter.status === 'disabled') query = query.where('a.disabled_at', 'is not', null);
  return query;
}

export function listStaffAccounts(db: Db, filter: AccountFilter, paging: Paging) {
  return staffAccounts(db, filter)
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .select([
      'a.id',
      'a.email',
      'a.display_name',
      'a.role',
      'a.created_at',
      'a.last_login_at',
      'a.disabled_at',
      'p.slug as project_slug',
      'p.name as project_name',
    ])
    .orderBy('a.role')
    .orderBy(sql`lower(a.email)`)
    .orderBy('a.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

export async function countStaffAccounts(db: Db, filter: AccountFilter): Promise<number> {
  return countRows(staffAccounts(db, filter));
}

/** A staff account, locked for a status change; employers' accounts are not found here. */
export function lockStaffAccount(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'email', 'role', 'project_id', 'disabled_at'])
    .where('id', '=', id)
    .where('role', '!=', 'employer')
    .forUpdate()
    .executeTakeFirst();
}

export async function setAccountDisabledAt(trx: Transaction<Database>, id: string, at: Date | null): Promise<void> {
  await trx.updateTable('accounts').set({ disabled_at: at }).where('id', '=', id).execute();
}

/** Ends every session of these accounts; returns how many ended. */
export async function deleteSessionsOf(trx: Transaction<Database>, accountIds: readonly string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const result = await trx.deleteFrom('sessions').where('account_id', 'in', accountIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Employer organisations

export interface EmployerFilter {
  status?: EmployerStatus;
  q?: string;
}

function employers(db: Db, filter: EmployerFilter) {
  let query = db.selectFrom('employers as e');
  if (filter.status) query = query.where('e.status', '=', filter.status);
  if (filter.q) query = query.where(sql<boolean>`strpos(lower(e.name), ${filter.q.toLowerCase()}) > 0`);
  return query;
}

export function listEmployers(db: Db, filter: EmployerFilter, paging: Paging) {
  return employers(db, filter)
    .select(['e.id', 'e.name', 'e.town', 'e.status', 'e.status_changed_at', 'e.created_at'])
    .select((eb) =>
      eb
        .selectFrom('vacancies as v')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('v.employer_id', '=', 'e.id')
        .where('v.status', '=', 'published')
        .as('published'),
    )
    .orderBy(sql`lower(e.name)`)
    .orderBy('e.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

export async function countEmployers(db: Db, filter: EmployerFilter): Promise<number> {
  return countRows(employers(db, filter));
}

export function lockEmployer(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('employers')
    .select(['id', 'name', 'status', 'status_changed_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setEmployerStatus(trx: Transaction<Database>, id: string, status: EmployerStatus, at: Date): Promise<void> {
  await trx.updateTable('employers').set({ status, status_changed_at: at }).where('id', '=', id).execute();
}

/** Every vacancy of the employer, whatever its status: the outbox worker decides what the index keeps. */
export async function employerVacancyIds(trx: Transaction<Database>, employerId: string): Promise<string[]> {
  const rows = await trx.selectFrom('vacancies').select('id').where('employer_id', '=', employerId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Disables the employer's active accounts, marked with the suspension's moment; returns their ids. */
export async function disableEmployerAccounts(trx: Transaction<Database>, employerId: string, at: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('accounts')
    .set({ disabled_at: at })
    .where('employer_id', '=', employerId)
    .where('disabled_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Enables again the accounts a suspension (at that moment) disabled; returns how many. */
export async function enableEmployerAccounts(trx: Transaction<Database>, employerId: string, suspendedAt: Date): Promise<number> {
  const result = await trx
    .updateTable('accounts')
    .set({ disabled_at: null })
    .where('employer_id', '=', employerId)
    .where('disabled_at', '=', suspendedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The approval queue: organisations waiting for approval, newest first (the one
 * the admin's notice just named is on top; the employers page lists them all).
 */
export function listPendingEmployers(db: Db, limit: number) {
  return db
    .selectFrom('employers')
    .select(['id', 'name', 'town', 'created_at'])
    .where('status', '=', 'pending')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** What the notices about an organisation name: its name, town and when it registered. */
export function findEmployerForNotice(db: Db, id: string) {
  return db.selectFrom('employers').select(['id', 'name', 'town', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** The addresses of the active admin accounts (new organisations to approve). */
export async function activeAdminEmails(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('email')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

/** How many employer organisations wait for approval (the start page says so). */
export async function countPendingEmployers(db: Db): Promise<number> {
  return countRows(db.selectFrom('employers').where('status', '=', 'pending'));
}
