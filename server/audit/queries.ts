import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { countRows } from '../db/count.ts';
import { BERLIN_SQL } from '../time/berlin.ts';

export interface AuditEntry {
  actorId: string | null;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

/** One row of the audit log; written inside the transaction of the action it records. */
export async function insertAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      actor_role: entry.actorRole,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

export interface AuditFilter {
  /** First and last Berlin day (YYYY-MM-DD), both included. */
  from?: string | null;
  to?: string | null;
  action?: string;
  actorRole?: string;
  subjectId?: string;
}

function filtered(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_log as l');
  if (filter.from) query = query.where('l.at', '>=', sql<Date>`(${filter.from}::date)::timestamp AT TIME ZONE ${BERLIN_SQL}`);
  if (filter.to) query = query.where('l.at', '<', sql<Date>`(${filter.to}::date + 1)::timestamp AT TIME ZONE ${BERLIN_SQL}`);
  if (filter.action) query = query.where('l.action', '=', filter.action);
  if (filter.actorRole) query = query.where('l.actor_role', '=', filter.actorRole);
  if (filter.subjectId) query = query.where('l.subject_id', '=', filter.subjectId);
  return query;
}

/** A page of the log, newest first, with the actor's e-mail address while the account exists. */
export function listAuditEntries(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .leftJoin('accounts as a', 'a.id', 'l.actor_id')
    .select([
      'l.id',
      'l.at',
      'l.actor_id',
      'l.actor_role',
      'l.action',
      'l.subject_type',
      'l.subject_id',
      'l.detail',
      'a.email as actor_email',
    ])
    .orderBy('l.at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countAuditEntries(db: Db, filter: AuditFilter): Promise<number> {
  return countRows(filtered(db, filter));
}
