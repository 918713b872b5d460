import type { FastifyInstance } from 'fastify';
import { countHit, findAccountByEmail, insertAccount } from '../accounts/queries.ts';
import { hashToken, newToken, tokenIn } from '../accounts/one-time-token.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { newPasswordError } from '../accounts/password-rules.ts';
import type { RateLimits } from '../accounts/service.ts';
import {
  conflict,
  gone,
  invalid,
  notFound,
  ok,
  parseForm,
  withFieldChecks,
  type Conflict,
  type Gone,
  type Invalid,
  type Result,
} from '../http/refusal.ts';
import { findProjectBySlug } from '../projects/queries.ts';
import * as queries from './queries.ts';
import { AcceptInput, type InviteInput } from './schemas.ts';

export const INVITATION_DAYS = 7;

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

  // Only the hash is stored (one-time-token.ts): a leaked table does not leak usable links.
  const { token, hash } = newToken();
  const row = await queries.insertInvitation(app.db, {
    tokenHash: hash,
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

/**
 * The one answer (410, `invitation_not_valid`) for a link that is unknown, malformed, used, revoked or expired,
 * so links cannot be probed for which of these they are.
 */
export const invitationNotValid = () => gone('invitations.notValid.message', 'invitation_not_valid');

/** The open invitation behind a link (the route's params), with its token, or `invitationNotValid`. */
export async function openInvitation(app: FastifyInstance, params: unknown) {
  const token = tokenIn(params);
  const invitation = token ? await queries.findOpenInvitation(app.db, hashToken(token)) : undefined;
  return invitation && token ? ok({ token, invitation }) : invitationNotValid();
}

/**
 * The accept form through its schema and the one password rule (long enough, not guessable, not built on
 * the invited address or the name), every problem at once.
 */
export function readAcceptForm(body: unknown, invitedEmail: string): Promise<Result<AcceptInput, Invalid>> {
  const given = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return withFieldChecks(parseForm(AcceptInput, body), {
    password: () => newPasswordError(given.password, [invitedEmail, given.displayName]),
  });
}

class EmailTaken extends Error {}

/**
 * Creates the account and uses up the invitation in one transaction: both happen or neither. Someone who
 * registered the address after the invitation was sent makes it a conflict (`email_taken`), the invitation unused.
 */
export async function acceptInvitation(
  app: FastifyInstance,
  token: string,
  input: AcceptInput,
): Promise<Result<{ accountId: string; role: string }, Gone | Conflict>> {
  const passwordHash = await hashPassword(input.password);
  return app.db
    .transaction()
    .execute(async (trx) => {
      const invitation = await queries.claimInvitation(trx, hashToken(token));
      if (!invitation) return invitationNotValid();
      const accountId = await insertAccount(trx, {
        email: invitation.email,
        passwordHash,
        role: invitation.role,
        employerId: null,
        projectId: invitation.project_id,
        displayName: input.displayName ?? null,
      });
      // Thrown, not returned: the claim above must roll back.
      if (!accountId) throw new EmailTaken();
      return ok({ accountId, role: invitation.role });
    })
    .catch((error: unknown) => {
      if (error instanceof EmailTaken) return conflict('invitations.errors.accountExists', 'email_taken');
      throw error;
    });
}

/** Attempts to accept an invitation per client address; true when this one is still allowed. */
export async function allowAcceptAttempt(app: FastifyInstance, limits: RateLimits, ip: string): Promise<boolean> {
  return (await countHit(app.db, `invite:ip:${ip}`, limits.windowSeconds)) <= limits.registerPerIp;
}
