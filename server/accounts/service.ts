import type { FastifyInstance } from 'fastify';
import { notifyAdminsOfNewEmployer } from '../admin/approval-notices.ts';
import { findPlace } from '../places/queries.ts';
import type { Role } from '../db/database.ts';
import { audit } from '../audit/service.ts';
import { invalid, ok, type Invalid, type RateLimited, type Result } from '../http/refusal.ts';
import { tooManyGuesses } from './locked.ts';
import { claimAttempt } from './login-throttle.ts';
import * as queries from './queries.ts';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import type { RegisterInput } from './schemas.ts';

export interface RateLimits {
  /** Failed logins (passwords and codes) per client address per window. */
  loginPerIp: number;
  /** Failed logins per account from unknown browsers per window (and per known browser, separately). */
  loginPerAccount: number;
  /** Registrations per client address per window. */
  registerPerIp: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { loginPerIp: 30, loginPerAccount: 5, registerPerIp: 10, windowSeconds: 15 * 60 };

/** A sign-up: from the form, or a confirmed registration request whose password was hashed when it was made. */
export type EmployerSignUp = RegisterInput | (Omit<RegisterInput, 'password'> & { passwordHash: string });

/**
 * Creates the employer organisation and its first account in one transaction.
 * The registration page calls it only once the address is confirmed
 * (registration-service.ts); tests call it directly for a ready account.
 */
/** The new account's id, or the fields refused (an unknown town, an address already taken). */
export async function registerEmployer(app: FastifyInstance, input: EmployerSignUp): Promise<Result<string, Invalid>> {
  const place = await findPlace(app.db, input.town);
  if (!place) return invalid({ town: 'accounts.errors.townUnknown' });
  const passwordHash = 'passwordHash' in input ? input.passwordHash : await hashPassword(input.password);
  const accountId = await app.db
    .transaction()
    .execute(async (trx) => {
      const employerId = await queries.insertEmployer(trx, { name: input.organisation, town: place.name, placeId: place.id });
      const id = await queries.insertAccount(trx, { email: input.email, passwordHash, role: 'employer', employerId });
      if (!id) throw new EmailTaken();
      await notifyAdminsOfNewEmployer(trx, employerId, app.publicUrl);
      return id;
    })
    .catch((error: unknown) => {
      if (error instanceof EmailTaken) return null;
      throw error;
    });
  if (!accountId) return invalid({ email: 'accounts.errors.emailTaken' });
  return ok(accountId);
}

class EmailTaken extends Error {}

/**
 * The unknown-town message for a form that failed validation elsewhere, so the
 * user sees every problem at once instead of fixing one round after another.
 */
export async function unknownTownError(app: FastifyInstance, town: unknown): Promise<string | undefined> {
  if (typeof town !== 'string' || town.trim() === '' || town.length > 100) return undefined;
  return (await findPlace(app.db, town)) ? undefined : 'accounts.errors.townUnknown';
}

export interface LoggedInAccount {
  id: string;
  email: string;
  role: Role;
}

export interface PasswordAttempt {
  ip: string;
  email: string;
  password: string;
  /** This browser's device nonce for the e-mail address (device-cookie.ts), or null. */
  device: string | null;
}

/**
 * Checks the password after counting the attempt (login-throttle.ts); the answer
 * never says whether the e-mail address exists. The login is not complete yet:
 * the caller asks for the second factor when `twoFactor` is true.
 */
export async function authenticate(
  app: FastifyInstance,
  limits: RateLimits,
  attempt: PasswordAttempt,
): Promise<Result<{ account: LoggedInAccount; twoFactor: boolean }, Invalid | RateLimited>> {
  const email = attempt.email.toLowerCase();
  const claim = await claimAttempt(app.db, limits, { ip: attempt.ip, scope: 'login', subject: email, device: attempt.device });
  if (!claim) return tooManyGuesses(limits.windowSeconds);

  const account = await queries.findAccountByEmail(app.db, email);
  const valid =
    account && !account.disabled_at
      ? await verifyPassword(account.password_hash, attempt.password)
      : await verifyAgainstNothing(attempt.password);
  if (!account || !valid) {
    const { lockedNow } = await claim.failed();
    if (lockedNow && account) await auditLock(app, account.id, 'password');
    // One message for an unknown address and a wrong password: the answer never says which.
    return invalid({ email: 'accounts.errors.invalidLogin' });
  }
  await claim.succeeded();
  return ok({
    account: { id: account.id, email: account.email, role: account.role },
    twoFactor: await queries.twoFactorEnabled(app.db, account.id),
  });
}

/** The moment an account locks for unknown browsers, for the audit log (who guessed is not known). */
export function auditLock(app: FastifyInstance, accountId: string, step: 'password' | 'code'): Promise<void> {
  return audit(app.db, { id: null, role: 'anonymous' }, 'login.locked', { type: 'account', id: accountId }, { step });
}

/** Registrations per address; true when this one is still allowed. */
export async function allowRegistration(app: FastifyInstance, limits: RateLimits, ip: string): Promise<boolean> {
  return (await queries.countHit(app.db, `register:ip:${ip}`, limits.windowSeconds)) <= limits.registerPerIp;
}
