import type { Db } from '../db/database.ts';
import { insertAudit } from './queries.ts';

/** Who did it: an account (null once it is gone) and the role it acted in. */
export interface AuditActor {
  id: string | null;
  role: string;
}

/** What was acted on: a kind of object and its id. */
export interface AuditSubject {
  type: string;
  id: string;
}

/** The actions the portal records, for the audit page's list; the log itself takes any action name. */
export const AUDIT_ACTIONS = [
  'profile_card.viewed',
  'project.created',
  'project.updated',
  'account.disabled',
  'account.enabled',
  'employer.approved',
  'employer.suspended',
  'mentee.exported',
  'mentee.erased',
  'employer.deleted',
  'password.changed',
  'password.reset_requested',
  'password.reset',
  'sessions.ended_everywhere',
  'session.idle_timeout',
  'registration.confirmed',
  'login.locked',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_used',
  'recovery_codes.regenerated',
] as const;

/** Records an action in the audit log, in the caller's transaction (so it is written exactly when the action is). */
export function audit(
  trx: Db,
  actor: AuditActor,
  action: string,
  subject: AuditSubject,
  detail: Record<string, unknown> = {},
): Promise<void> {
  return insertAudit(trx, { actorId: actor.id, actorRole: actor.role, action, subjectType: subject.type, subjectId: subject.id, detail });
}
