import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';
import { BERLIN_SQL } from '../time/berlin.ts';

/** What an erasure needs of a profile, locked for the rest of the transaction. */
export interface ErasableMentee {
  id: string;
  code: string;
}

/** A mentee of this project, locked; undefined when it is another project's or already gone. */
export function lockProjectMentee(trx: Transaction<Database>, projectId: number, id: string): Promise<ErasableMentee | undefined> {
  return trx
    .selectFrom('mentees')
    .select(['id', 'code'])
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .forUpdate()
    .executeTakeFirst();
}

/** The next batch of profiles closed before `cutoff`, locked; rows another instance holds are skipped. */
export function lockExpiredMentees(trx: Transaction<Database>, cutoff: Date, limit: number): Promise<ErasableMentee[]> {
  return trx
    .selectFrom('mentees')
    .select(['id', 'code'])
    .where('status', '=', 'closed')
    .where('closed_at', '<', cutoff)
    .orderBy('closed_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** The moment a Berlin calendar day, `months` months before `day`, begins. */
export async function berlinDayStartMonthsBefore(db: Db, day: string, months: number): Promise<Date> {
  const { rows } = await sql<{ cutoff: Date }>`
    SELECT ((${day}::date - make_interval(months => ${months}))::timestamp AT TIME ZONE ${BERLIN_SQL}) AS cutoff`.execute(db);
  return rows[0]!.cutoff;
}

/**
 * The anonymous rows the figures keep: project, gender, qualification and the Berlin days
 * the accompaniment began and ended (the day of erasure for a profile that was still open).
 */
export async function insertErasedRows(trx: Transaction<Database>, ids: readonly string[], reason: 'retention' | 'request'): Promise<void> {
  await sql`
    INSERT INTO erased_mentees (project_id, gender, qualification, accompanied_from, accompanied_to, reason)
    SELECT project_id, gender, qualification,
           (created_at AT TIME ZONE ${BERLIN_SQL})::date,
           (coalesce(closed_at, now()) AT TIME ZONE ${BERLIN_SQL})::date,
           ${reason}
    FROM mentees WHERE id = ANY(${[...ids]}::uuid[])`.execute(trx);
}

/**
 * The audit log keeps that a profile was viewed, when and by whom, but no longer which
 * profile: the subject becomes 'erased' and the pseudonym leaves the detail.
 */
export async function anonymiseAuditRows(trx: Transaction<Database>, mentees: readonly ErasableMentee[]): Promise<void> {
  const ids = mentees.map((m) => m.id);
  const codes = mentees.map((m) => m.code);
  await sql`
    UPDATE audit_log
    SET subject_id = CASE WHEN subject_type = 'mentee' AND subject_id = ANY(${ids}::text[]) THEN 'erased' ELSE subject_id END,
        detail = CASE WHEN detail->>'code' = ANY(${codes}::text[]) THEN detail - 'code' ELSE detail END
                 - CASE WHEN detail->>'menteeId' = ANY(${ids}::text[]) THEN 'menteeId' ELSE '' END
    WHERE (subject_type = 'mentee' AND subject_id = ANY(${ids}::text[]))
       OR detail->>'code' = ANY(${codes}::text[])
       OR detail->>'menteeId' = ANY(${ids}::text[])`.execute(trx);
}

/** Notices name a mentee by the pseudonym only; after an erasure not even that stays in the mail outbox (one scan per batch). */
export async function redactMail(trx: Transaction<Database>, codes: readonly string[], placeholder: string): Promise<void> {
  if (codes.length === 0) return;
  const pattern = codes.map((code) => code.replace(/[^A-Za-z0-9]/g, (c) => `\\${c}`)).join('|');
  await sql`
    UPDATE mail_outbox
    SET subject = regexp_replace(subject, ${pattern}, ${placeholder}, 'g'), body_text = regexp_replace(body_text, ${pattern}, ${placeholder}, 'g')
    WHERE subject ~ ${pattern} OR body_text ~ ${pattern}`.execute(trx);
}

/** Deletes the profiles: shortlist items, share links and introductions (with their history) go with them; placements stay, without the link. */
/** Empties the free-text notes on the placements and follow-up contacts of these mentees. */
export async function clearPlacementNotes(trx: Transaction<Database>, menteeIds: readonly string[]): Promise<void> {
  if (menteeIds.length === 0) return;
  const placements = trx.selectFrom('placements').select('id').where('mentee_id', 'in', menteeIds);
  await trx.updateTable('follow_ups').set({ note: '' }).where('placement_id', 'in', placements).execute();
  await trx.updateTable('placements').set({ end_note: null }).where('mentee_id', 'in', menteeIds).execute();
}

export async function deleteMentees(trx: Transaction<Database>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await trx
    .deleteFrom('mentees')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// The export: everything stored about one profile.

export function menteeForExport(db: Db, projectId: number, id: string) {
  return db
    .selectFrom('mentees as m')
    .innerJoin('projects as p', 'p.id', 'm.project_id')
    .selectAll('m')
    .select('p.name as project_name')
    .where('m.id', '=', id)
    .where('m.project_id', '=', projectId)
    .executeTakeFirst();
}

export function shortlistForExport(db: Db, menteeId: string) {
  return db
    .selectFrom('shortlist_items as s')
    .innerJoin('vacancies as v', 'v.id', 's.vacancy_id')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select(['s.vacancy_id', 's.added_at', 'v.title', 'v.kind', 'v.town', 'v.status', 'e.name as employer_name'])
    .where('s.mentee_id', '=', menteeId)
    .orderBy('s.added_at')
    .execute();
}

/** Share links without their token hashes. */
export function shareLinksForExport(db: Db, menteeId: string) {
  return db
    .selectFrom('share_links')
    .select(['id', 'locale', 'created_at', 'expires_at', 'revoked_at'])
    .where('mentee_id', '=', menteeId)
    .orderBy('created_at')
    .execute();
}

export function introductionsForExport(db: Db, menteeId: string) {
  return db
    .selectFrom('introductions as i')
    .innerJoin('vacancies as v', 'v.id', 'i.vacancy_id')
    .innerJoin('employers as e', 'e.id', 'i.employer_id')
    .select([
      'i.id',
      'i.vacancy_id',
      'v.title as vacancy_title',
      'v.kind as vacancy_kind',
      'e.name as employer_name',
      'i.status',
      'i.message',
      'i.interview_at',
      'i.trial_on',
      'i.decline_reason',
      'i.employer_seen_at',
      'i.created_at',
      'i.status_changed_at',
    ])
    .where('i.mentee_id', '=', menteeId)
    .orderBy('i.created_at')
    .execute();
}

export function introductionEventsForExport(db: Db, introductionIds: readonly string[]) {
  if (introductionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('introduction_events')
    .select(['introduction_id', 'from_status', 'to_status', 'actor_role', 'detail', 'at'])
    .where('introduction_id', 'in', [...introductionIds])
    .orderBy('id')
    .execute();
}

export function placementsForExport(db: Db, menteeId: string) {
  return db
    .selectFrom('placements as p')
    .leftJoin('employers as e', 'e.id', 'p.employer_id')
    .select([
      'p.id',
      'p.introduction_id',
      'e.name as employer_name',
      'p.kind',
      'p.start_date',
      'p.socially_insured',
      'p.qualification_adequate',
      'p.ended_on',
      'p.end_reason',
      'p.end_note',
      'p.created_at',
    ])
    .where('p.mentee_id', '=', menteeId)
    .orderBy('p.start_date')
    .execute();
}

export function followUpsForExport(db: Db, placementIds: readonly string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('follow_ups')
    .select(['placement_id', 'contact_date', 'concerns', 'dropout_risk', 'note', 'created_at'])
    .where('placement_id', 'in', [...placementIds])
    .orderBy('contact_date')
    .orderBy('created_at')
    .execute();
}

/** Who looked at or handled the profile (the audit log), with the employer's name where an employer viewed it. */
export function auditForExport(db: Db, menteeId: string) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('employers as e', (join) => join.on(sql<boolean>`e.id::text = a.detail->>'employerId'`))
    .select(['a.at', 'a.action', 'a.actor_role', 'e.name as employer_name'])
    .where('a.subject_type', '=', 'mentee')
    .where('a.subject_id', '=', menteeId)
    .orderBy('a.id')
    .execute();
}

// Employers deleting their account.

export function findEmployerAccount(db: Db, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'password_hash', 'employer_id'])
    .where('id', '=', accountId)
    .where('role', '=', 'employer')
    .executeTakeFirst();
}

/** Locks the organisation, so two of its last accounts deleting at once cannot both leave it behind. */
export async function lockEmployer(trx: Transaction<Database>, employerId: string): Promise<boolean> {
  return (await trx.selectFrom('employers').select('id').where('id', '=', employerId).forUpdate().executeTakeFirst()) !== undefined;
}

export async function countEmployerAccounts(db: Db, employerId: string): Promise<number> {
  return countRows(db.selectFrom('accounts').where('employer_id', '=', employerId));
}

export async function employerVacancyIds(db: Db, employerId: string): Promise<string[]> {
  return (await db.selectFrom('vacancies').select('id').where('employer_id', '=', employerId).execute()).map((r) => r.id);
}

/**
 * Deletes the organisation. Its accounts (and their sessions), vacancies (with shortlist items),
 * and introductions go with it by cascade; placements stay with employer_id set to null.
 */
export async function deleteEmployer(trx: Transaction<Database>, employerId: string): Promise<void> {
  await trx.deleteFrom('employers').where('id', '=', employerId).execute();
}

/** Deletes one account; its sessions go with it; what it did elsewhere keeps the row with the actor set to null. */
export async function deleteAccount(trx: Transaction<Database>, accountId: string): Promise<void> {
  await trx.deleteFrom('accounts').where('id', '=', accountId).execute();
}

/** E-mails to an address whose account is gone: not sent any more, and not kept. */
export async function deleteMailTo(trx: Transaction<Database>, email: string): Promise<void> {
  await trx.deleteFrom('mail_outbox').where('recipient', '=', email).execute();
}
