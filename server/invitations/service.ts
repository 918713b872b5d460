import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { countHit, findAccountByEmail, insertAccount } from '../accounts/queries.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { RateLimits } from '../accounts/service.ts';
import { conflict, invalid, notFound, ok, type Result } from '../http/refusal.ts';
import { findProjectBySlug } from '../projects/queries.ts';
import * as queries from './queries.ts';
import type { AcceptInput, InviteInput } from './schemas.ts';

export const INVITATION_DAYS = 7;

/** Only the hash is stored: a leaked table does not leak usable links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type InvitationStatus = 'open' | 'used' | 'expired';

export function invitationStatus(row: { used_at: Date | null; expires_at: Date }, now = new Date()): InvitationStatus {
  if (row.used_at) return 'used';
  return row.expires_at.getTime() > now.getTime() ? 'open' : 'expired';
}

/** Creates an invitation and returns its token, which exists only in this answer. */
export async function createInvitation(
  app: FastifyInstance,
  invitedBy: string,
  input: InviteInput,
): Promise<Result<{ id: string; token: string; expiresAt: Date }>> {
  const errors: Record<string, string> = {};
  if (await findAccountByEmail(app.db, input.email)) errors.email = 'invitations.errors.emailTaken';
  const project = input.project ? await findProjectBySlug(app.db, input.project) : undefined;
  if (input.project && !project) errors.project = 'invitations.errors.projectUnknown';
  if (Object.keys(errors).length > 0) return invalid(errors);

  const token = randomBytes(32).toString('base64url');
  const row = await queries.insertInvitation(app.db, {
    tokenHash: hashToken(token),
    email: input.email,
    role: input.role,
    projectId: project?.id ?? null,
    invitedBy,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  });
  return ok({ id: row.id, token, expiresAt: row.expires_at });
}

/**
 * The taken-address message for a form that failed validation elsewhere, so the
 * admin sees every problem at once.
 */
export async function emailTakenError(app: FastifyInstance, email: unknown): Promise<string | undefined> {
  if (typeof email !== 'string' || email.trim() === '' || email.length > 254) return undefined;
  return (await findAccountByEmail(app.db, email.trim())) ? 'invitations.errors.emailTaken' : undefined;
}

export async function invitationList(app: FastifyInstance) {
  const now = new Date();
  return (await queries.listInvitations(app.db)).map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    project: row.project_slug ? { slug: row.project_slug, name: row.project_name } : null,
    status: invitationStatus(row, now),
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    createdAt: row.created_at,
  }));
}

/** Ends an open invitation now (it shows as expired); a used or expired one is a conflict. */
export async function revokeInvitation(app: FastifyInstance, id: string): Promise<Result<'expired'>> {
  if (await queries.expireInvitation(app.db, id)) return ok('expired');
  return (await queries.findInvitationById(app.db, id)) ? conflict('invitations.errors.notOpen') : notFound();
}

/** The invitation behind a link, or undefined when the link is unknown, used, revoked or expired alike. */
export function openInvitation(app: FastifyInstance, token: string) {
  return queries.findOpenInvitation(app.db, hashToken(token));
}

export type AcceptOutcome = { ok: true; accountId: string; role: string } | { ok: false; reason: 'invalid' | 'email_taken' };

class EmailTaken extends Error {}

/** Creates the account and uses up the invitation in one transaction: both happen or neither. */
export async function acceptInvitation(app: FastifyInstance, token: string, input: AcceptInput): Promise<AcceptOutcome> {
  const passwordHash = await hashPassword(input.password);
  return app.db
    .transaction()
    .execute(async (trx): Promise<AcceptOutcome> => {
      const invitation = await queries.claimInvitation(trx, hashToken(token));
      if (!invitation) return { ok: false, reason: 'invalid' };
      const accountId = await insertAccount(trx, {
        email: invitation.email,
        passwordHash,
        role: invitation.role,
        employerId: null,
        projectId: invitation.project_id,
        displayName: input.displayName ?? null,
      });
      // Someone registered the address after the invitation was sent: keep the invitation unused.
      if (!accountId) throw new EmailTaken();
      return { ok: true, accountId, role: invitation.role };
    })
    .catch((error: unknown): AcceptOutcome => {
      if (error instanceof EmailTaken) return { ok: false, reason: 'email_taken' };
      throw error;
    });
}

/** Attempts to accept an invitation per client address; true when this one is still allowed. */
export async function allowAcceptAttempt(app: FastifyInstance, limits: RateLimits, ip: string): Promise<boolean> {
  return (await countHit(app.db, `invite:ip:${ip}`, limits.windowSeconds)) <= limits.registerPerIp;
}
