import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import type { Role } from '../db/database.ts';
import { invalid, ok, type Invalid, type RateLimited, type Result } from '../http/refusal.ts';
import { tooManyGuesses } from './locked.ts';
import { claimAttempt } from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import * as queries from './queries.ts';
import { auditLock, type LoggedInAccount, type RateLimits } from './service.ts';
import {
  enrolmentQrCode,
  groupedSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpStep,
  type SecretBox,
} from './two-factor-secrets.ts';

/** Mentors, coordinators and admins reach mentees' data: they must use two factors where it is required. */
export const STAFF_ROLES: ReadonlySet<Role> = new Set(['mentor', 'coordinator', 'admin']);

export interface TwoFactorContext {
  limits: RateLimits;
  box: SecretBox;
}

/** A code step's refusals (server/http/refusal.ts): a wrong code or password at its field, or too many guesses. */
export type CodeResult<T = undefined> = Result<T, Invalid | RateLimited>;

const wrongCode = () => invalid({ code: 'twoFactor.errors.wrongCode' });

/** What the settings page shows: the state, and while enrolling the QR code and the secret to type. */
export async function twoFactorPage(app: FastifyInstance, box: SecretBox, account: { id: string; email: string }) {
  const stored = await queries.pendingSecret(app.db, account.id, box.seal(newTotpSecret()));
  if (stored.enabled) return { enabled: true, unusedCodes: await queries.unusedRecoveryCodes(app.db, account.id) };
  let secret = box.open(stored.secret);
  if (!secret) {
    // Sealed under an earlier session secret: start the enrolment again.
    await queries.deleteTwoFactor(app.db, account.id);
    secret = box.open((await queries.pendingSecret(app.db, account.id, box.seal(newTotpSecret()))).secret)!;
  }
  return { enabled: false, qrCode: await enrolmentQrCode(secret, account.email), secretText: groupedSecret(secret) };
}

/** The first code from the app switches two-factor on and returns the recovery codes, to be shown once. */
export async function confirmEnrolment(
  app: FastifyInstance,
  box: SecretBox,
  actor: LoggedInAccount,
  code: string,
): Promise<Result<{ recoveryCodes: string[] }, Invalid>> {
  const row = await queries.findTwoFactor(app.db, actor.id);
  const secret = row && !row.enabled_at ? box.open(row.secret) : null;
  const step = secret ? await totpStep(secret, code, null) : null;
  if (step === null) return wrongCode();
  const recoveryCodes = newRecoveryCodes();
  const enabled = await app.db.transaction().execute(async (trx) => {
    if (!(await queries.enableTwoFactor(trx, actor.id))) return false;
    await queries.acceptTimeStep(trx, actor.id, step);
    await queries.replaceRecoveryCodes(trx, actor.id, recoveryCodes.map(hashRecoveryCode));
    await audit(trx, actor, 'two_factor.enabled', { type: 'account', id: actor.id });
    return true;
  });
  if (!enabled) return wrongCode();
  return ok({ recoveryCodes });
}

/**
 * Checks a second-step code (six digits from the app, or a recovery code, which
 * is then used up), counted like a password guess.
 */
export async function checkCode(
  app: FastifyInstance,
  ctx: TwoFactorContext,
  attempt: { ip: string; device: string | null; account: LoggedInAccount; code: string; password?: string },
): Promise<CodeResult> {
  const { account, code } = attempt;
  const claim = await claimAttempt(app.db, ctx.limits, { ip: attempt.ip, scope: '2fa', subject: account.id, device: attempt.device });
  if (!claim) return tooManyGuesses(ctx.limits.windowSeconds);
  const passwordOk = attempt.password === undefined || (await passwordMatches(app, account.id, attempt.password));
  const kind = passwordOk ? await secondFactorKind(app, ctx.box, account.id, code) : null;
  if (!passwordOk || !kind) {
    const { lockedNow } = await claim.failed();
    if (lockedNow) await auditLock(app, account.id, 'code');
    return passwordOk ? wrongCode() : invalid({ password: 'twoFactor.errors.wrongPassword' });
  }
  await claim.succeeded();
  if (kind === 'recovery')
    await audit(
      app.db,
      account,
      'two_factor.recovery_used',
      { type: 'account', id: account.id },
      { left: await queries.unusedRecoveryCodes(app.db, account.id) },
    );
  return ok(undefined);
}

async function passwordMatches(app: FastifyInstance, accountId: string, password: string): Promise<boolean> {
  const row = await queries.findAccountById(app.db, accountId);
  return row !== undefined && (await verifyPassword(row.password_hash, password));
}

async function secondFactorKind(
  app: FastifyInstance,
  box: SecretBox,
  accountId: string,
  code: string,
): Promise<'totp' | 'recovery' | null> {
  if (/^\d{6}$/.test(code)) {
    const row = await queries.findTwoFactor(app.db, accountId);
    const secret = row?.enabled_at ? box.open(row.secret) : null;
    if (!row || !secret) return null;
    const step = await totpStep(secret, code, row.last_used_step === null ? null : Number(row.last_used_step));
    // The update only wins for a later step: the same code sent twice at once works once.
    return step !== null && (await queries.acceptTimeStep(app.db, accountId, step)) ? 'totp' : null;
  }
  return (await queries.useRecoveryCode(app.db, accountId, hashRecoveryCode(code))) ? 'recovery' : null;
}

/** Turns two-factor off after the password and a code; the next enrolment starts with a new secret. */
export async function disableTwoFactor(
  app: FastifyInstance,
  ctx: TwoFactorContext,
  attempt: { ip: string; device: string | null; account: LoggedInAccount; code: string; password: string },
): Promise<CodeResult> {
  const checked = await checkCode(app, ctx, attempt);
  if (!checked.ok) return checked;
  await app.db.transaction().execute(async (trx) => {
    await queries.deleteTwoFactor(trx, attempt.account.id);
    await audit(trx, attempt.account, 'two_factor.disabled', { type: 'account', id: attempt.account.id });
  });
  return ok(undefined);
}

/** New recovery codes after the password and a code; the old ones stop working. */
export async function regenerateRecoveryCodes(
  app: FastifyInstance,
  ctx: TwoFactorContext,
  attempt: { ip: string; device: string | null; account: LoggedInAccount; code: string; password: string },
): Promise<CodeResult<{ recoveryCodes: string[] }>> {
  const checked = await checkCode(app, ctx, attempt);
  if (!checked.ok) return checked;
  const recoveryCodes = newRecoveryCodes();
  await app.db.transaction().execute(async (trx) => {
    await queries.replaceRecoveryCodes(trx, attempt.account.id, recoveryCodes.map(hashRecoveryCode));
    await audit(trx, attempt.account, 'recovery_codes.regenerated', { type: 'account', id: attempt.account.id });
  });
  return ok({ recoveryCodes });
}
