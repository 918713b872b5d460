import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import type { Locale } from '../i18n/index.ts';
import { findAccountByEmail } from './queries.ts';
import { hashPassword } from './passwords.ts';
import { newPasswordError } from './password-rules.ts';
import { hashToken, newToken } from './one-time-token.ts';
import { enqueueSecurityMail } from './security-mail.ts';
import * as queries from './security-queries.ts';

/** A reset link works once, for an hour. */
export const RESET_MINUTES = 60;

/**
 * Sends a reset link when the address belongs to an active account, and does
 * nothing otherwise: the caller answers the same either way, so the form tells
 * no one whether an address has an account.
 */
export async function requestPasswordReset(app: FastifyInstance, email: string, context: { ip: string; locale: Locale }): Promise<void> {
  const account = await findAccountByEmail(app.db, email);
  if (!account || account.disabled_at) return;
  const { token, hash } = newToken();
  await app.db.transaction().execute(async (trx) => {
    await queries.insertPasswordReset(trx, {
      accountId: account.id,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000),
    });
    await enqueueSecurityMail(app, trx, 'password_reset', { to: account.email, locale: context.locale, token, hours: RESET_MINUTES / 60 });
    await audit(trx, { id: null, role: 'anonymous' }, 'password.reset_requested', { type: 'account', id: account.id }, { ip: context.ip });
  });
  app.mail.worker.kick();
}

/** The account a reset link is for, or undefined when the link is unknown, used or expired alike. */
export function openPasswordReset(app: FastifyInstance, token: string) {
  return queries.findOpenPasswordReset(app.db, hashToken(token));
}

export type ResetOutcome =
  { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'fields'; errors: Record<string, string> };

/**
 * Sets the new password and uses the link up, in one transaction with ending
 * every session of the account (whoever had it is out), expiring its other
 * links, the audit record and a notice to the address.
 */
export async function resetPassword(app: FastifyInstance, token: string, password: string, locale: Locale): Promise<ResetOutcome> {
  const open = await openPasswordReset(app, token);
  if (!open) return { ok: false, reason: 'invalid' };
  const problem = newPasswordError(password, [open.email]);
  if (problem) return { ok: false, reason: 'fields', errors: { password: problem } };
  const passwordHash = await hashPassword(password);
  const done = await app.db.transaction().execute(async (trx) => {
    const accountId = await queries.claimPasswordReset(trx, hashToken(token));
    if (accountId !== open.account_id) return false;
    await queries.updatePasswordHash(trx, accountId, passwordHash);
    const sessionsEnded = await queries.endSessionsOf(trx, accountId);
    await queries.expirePasswordResetsOf(trx, accountId);
    await audit(trx, { id: accountId, role: open.role }, 'password.reset', { type: 'account', id: accountId }, { sessionsEnded });
    await enqueueSecurityMail(app, trx, 'password_changed', { to: open.email, locale });
    return true;
  });
  if (!done) return { ok: false, reason: 'invalid' };
  app.mail.worker.kick();
  return { ok: true };
}
