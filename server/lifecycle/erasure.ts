import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { audit } from '../audit/service.ts';
import type { Database } from '../db/database.ts';
import { translate } from '../i18n/index.ts';
import { writeIndexed, type Reindex } from '../indexing/write.ts';
import * as queries from './queries.ts';

export type ErasureReason = 'retention' | 'request';

/** Who erases: a mentor on request, or the system (the retention job). */
export interface Eraser {
  actorId: string | null;
  actorRole: 'mentor' | 'system';
}

/**
 * Erases locked profiles inside the caller's transaction (`writeIndexed`, whose `reindex` it is handed). What stays is anonymous:
 * one erased_mentees row each (for the figures), placements and their follow-up
 * contacts without the link to the person (the foreign key sets it to null) and without
 * their free-text notes, audit
 * rows without the profile's id or pseudonym, and e-mails with the pseudonym blanked.
 * Shortlist items, share links and introductions (with their history) go by cascade.
 * The outbox row makes the worker delete the index document: it removes every id whose
 * row no longer exists (search/outbox.ts, `apply`).
 */
export async function eraseLocked(
  trx: Transaction<Database>,
  reindex: Reindex,
  mentees: readonly queries.ErasableMentee[],
  reason: ErasureReason,
  by: Eraser,
): Promise<number> {
  if (mentees.length === 0) return 0;
  const ids = mentees.map((m) => m.id);
  await queries.insertErasedRows(trx, ids, reason);
  await queries.anonymiseAuditRows(trx, mentees);
  await queries.redactMail(
    trx,
    mentees.map((m) => m.code),
    translate('de', 'lifecycle.erase.mailPlaceholder'),
  );
  // Free text the mentor wrote about the person goes too; the dates, concerns and flags stay for the figures.
  await queries.clearPlacementNotes(trx, ids);
  const erased = await queries.deleteMentees(trx, ids);
  await reindex(MENTEE_INDEX, ids);
  await audit(trx, { id: by.actorId, role: by.actorRole }, 'mentee.erased', { type: 'mentee', id: 'erased' }, { reason, count: erased });
  return erased;
}

/** A mentor erases a profile of their project on the person's request; false when it is not theirs (or already gone). */
export async function eraseOnRequest(app: FastifyInstance, mentor: { id: string; projectId: number }, menteeId: string): Promise<boolean> {
  const erased = await writeIndexed(app, async (trx, reindex) => {
    const mentee = await queries.lockProjectMentee(trx, mentor.projectId, menteeId);
    if (!mentee) return 0;
    return eraseLocked(trx, reindex, [mentee], 'request', { actorId: mentor.id, actorRole: 'mentor' });
  });
  return erased > 0;
}
