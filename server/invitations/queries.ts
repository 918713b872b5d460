import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { InvitableRole } from './schemas.ts';

export async function insertInvitation(
  db: Db,
  values: { tokenHash: string; email: string; role: InvitableRole; projectId: number | null; invitedBy: string; expiresAt: Date },
): Promise<{ id: string; expires_at: Date }> {
  return db
    .insertInto('invitations')
    .values({
      token_hash: values.tokenHash,
      email: values.email,
      role: values.role,
      project_id: values.projectId,
      invited_by: values.invitedBy,
      expires_at: values.expiresAt,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The newest invitations first, with their project's name. */
export function listInvitations(db: Db, limit = 200) {
  return db
    .selectFrom('invitations')
    .leftJoin('projects', 'projects.id', 'invitations.project_id')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.expires_at',
      'invitations.used_at',
      'invitations.created_at',
      'projects.slug as project_slug',
      'projects.name as project_name',
    ])
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id')
    .limit(limit)
    .execute();
}

/** An invitation that can still be used: not used and not expired (revoking sets the expiry to now). */
export function findOpenInvitation(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .leftJoin('projects', 'projects.id', 'invitations.project_id')
    .select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.project_id', 'projects.name as project_name'])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.used_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/**
 * Marks an open invitation used and returns it; of two requests racing with
 * the same token only one gets a row back.
 */
export function claimInvitation(db: Db, tokenHash: string) {
  return db
    .updateTable('invitations')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['id', 'email', 'role', 'project_id'])
    .executeTakeFirst();
}

export function findInvitationById(db: Db, id: string) {
  return db.selectFrom('invitations').select(['id', 'used_at', 'expires_at']).where('id', '=', id).executeTakeFirst();
}

/** Ends an open invitation now; returns whether there was one to end. */
export async function expireInvitation(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ expires_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
