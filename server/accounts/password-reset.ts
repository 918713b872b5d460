import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import { invalid, ok, type Gone, type Invalid, type Result } from '../http/refusal.ts';
import type { Locale } from '../i18n/index.ts';
import { findAccountByEmail } from './queries.ts';
import { hashPassword } from './passwords.ts';
import { newPasswordError } from './password-rules.ts';
import { hashToken, linkNotValid, newToken, tokenIn } from './one-time-token.ts';
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

/**
 * The account a reset link is for (and the link's token), or the one `linkNotValid` refusal when the link is
 * malformed, unknown, used or expired alike. `input` is the query string (GET) or the form (POST).
 */
export async function openPasswordReset(app: FastifyInstance, input: unknown) {
  const token = tokenIn(input);
  const open = token ? await queries.findOpenPasswordReset(app.db, hashToken(token)) : undefined;
  return open && token ? ok({ ...open, token }) : linkNotValid('passwordReset');
}

/**
 * Sets the new password and uses the link up, in one transaction with ending
 * every session of the account (whoever had it is out), expiring its other
 * links, the audit record and a notice to the address. A guessable password
 * is refused at its field; the link stays usable.
 */
export async function resetPassword(
  app: FastifyInstance,
  input: { token: string; password: string },
  locale: Locale,
): Promise<Result<true, Invalid | Gone>> {
  const open = await openPasswordReset(app, input);
  if (!open.ok) return open;
  const problem = newPasswordError(input.password, [open.value.email]);
  if (problem) return invalid({ password: problem });
  const { account_id: accountId, email, role } = open.value;
  const passwordHash = await hashPassword(input.password);
  const done = await app.db.transaction().execute(async (trx) => {
    if ((await queries.claimPasswordReset(trx, hashToken(input.token))) !== accountId) return false;
    await queries.updatePasswordHash(trx, accountId, passwordHash);
    const sessionsEnded = await queries.endSessionsOf(trx, accountId);
    await queries.expirePasswordResetsOf(trx, accountId);
    await audit(trx, { id: accountId, role }, 'password.reset', { type: 'account', id: accountId }, { sessionsEnded });
    await enqueueSecurityMail(app, trx, 'password_changed', { to: email, locale });
    return true;
  });
  // Another request used the link between the look-up and the claim.
  if (!done) return linkNotValid('passwordReset');
  app.mail.worker.kick();
  return ok(true);
}
