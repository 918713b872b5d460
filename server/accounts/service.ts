import type { FastifyInstance } from 'fastify';
import { notifyAdminsOfNewEmployer } from '../admin/approval-notices.ts';
import { findPlace } from '../places/queries.ts';
import * as queries from './queries.ts';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import type { RegisterInput } from './schemas.ts';

export interface RateLimits {
  /** Login attempts per client address per window. */
  loginPerIp: number;
  /** Failed logins per account per window. */
  loginPerAccount: number;
  /** Registrations per client address per window. */
  registerPerIp: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { loginPerIp: 30, loginPerAccount: 5, registerPerIp: 10, windowSeconds: 15 * 60 };

export type RegisterOutcome = { ok: true; accountId: string } | { ok: false; errors: Record<string, string> };

/** Creates the employer organisation and its first account in one transaction. */
export async function registerEmployer(app: FastifyInstance, input: RegisterInput): Promise<RegisterOutcome> {
  const place = await findPlace(app.db, input.town);
  if (!place) return { ok: false, errors: { town: 'accounts.errors.townUnknown' } };
  const passwordHash = await hashPassword(input.password);
  const accountId = await app.db.transaction().execute(async (trx) => {
    const employerId = await queries.insertEmployer(trx, { name: input.organisation, town: place.name, placeId: place.id });
    const id = await queries.insertAccount(trx, { email: input.email, passwordHash, role: 'employer', employerId });
    if (!id) throw new EmailTaken();
    await notifyAdminsOfNewEmployer(trx, employerId, app.publicUrl);
    return id;
  }).catch((error: unknown) => {
    if (error instanceof EmailTaken) return null;
    throw error;
  });
  if (!accountId) return { ok: false, errors: { email: 'accounts.errors.emailTaken' } };
  return { ok: true, accountId };
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

export type LoginOutcome = { ok: true; accountId: string; role: string } | { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Checks the password, counting attempts per address and failures per account;
 * the answer never says whether the e-mail address exists.
 */
export async function authenticate(app: FastifyInstance, limits: RateLimits, ip: string, email: string, password: string): Promise<LoginOutcome> {
  const accountKey = `login:account:${email.toLowerCase()}`;
  const ipHits = await queries.countHit(app.db, `login:ip:${ip}`, limits.windowSeconds);
  const accountFailures = await queries.currentHits(app.db, accountKey, limits.windowSeconds);
  if (ipHits > limits.loginPerIp || accountFailures >= limits.loginPerAccount) return { ok: false, reason: 'rate_limited' };

  const account = await queries.findAccountByEmail(app.db, email);
  const valid = account && !account.disabled_at ? await verifyPassword(account.password_hash, password) : await verifyAgainstNothing(password);
  if (!account || !valid) {
    await queries.countHit(app.db, accountKey, limits.windowSeconds);
    return { ok: false, reason: 'invalid' };
  }
  await queries.clearHits(app.db, accountKey);
  await queries.recordLogin(app.db, account.id);
  return { ok: true, accountId: account.id, role: account.role };
}

/** Registrations per address; true when this one is still allowed. */
export async function allowRegistration(app: FastifyInstance, limits: RateLimits, ip: string): Promise<boolean> {
  return (await queries.countHit(app.db, `register:ip:${ip}`, limits.windowSeconds)) <= limits.registerPerIp;
}
