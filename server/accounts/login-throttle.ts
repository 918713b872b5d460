import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import * as queries from './queries.ts';
import type { RateLimits } from './service.ts';

/**
 * Counting for every guess at a secret (a password, a two-factor code). An
 * attempt is counted BEFORE the secret is checked, atomically in Postgres, so
 * ten parallel guesses against a limit of five get five checks and five refusals.
 *
 * - Per address: only failures count (a success takes its count back), so an
 *   office behind one address is not locked out by its own logins.
 * - Per account: guesses from browsers that never logged in to it. Five of them
 *   lock the account for unknown browsers for the window.
 * - Per device: a browser with a device cookie for this account (device-cookie.ts)
 *   is counted on its own, so the owner keeps logging in while the account is
 *   locked for everyone else; a device that fails too often counts as unknown.
 */
export interface AttemptClaim {
  /** The secret was right: the address's count is taken back and this counter starts again. */
  succeeded(): Promise<void>;
  /** The secret was wrong; true when this failure is the one that locks the account for unknown browsers. */
  failed(): Promise<{ lockedNow: boolean }>;
}

export interface Attempt {
  ip: string;
  /** 'login' for passwords, '2fa' for second-step codes: separate counters. */
  scope: 'login' | '2fa';
  /** The account as the counter knows it: the e-mail address (lower case) for passwords, the id for codes. */
  subject: string;
  /** This browser's device nonce for the account, when its cookie is valid. */
  device: string | null;
}

/** Claims one attempt; null when a limit is reached (then nothing may be checked). */
export async function claimAttempt(db: Kysely<Database>, limits: RateLimits, attempt: Attempt): Promise<AttemptClaim | null> {
  const window = limits.windowSeconds;
  const ipKey = `login:ip:${attempt.ip}`;
  if ((await queries.countHit(db, ipKey, window)) > limits.loginPerIp) return null;

  const deviceKey = attempt.device ? `${attempt.scope}:device:${attempt.device}` : null;
  const trusted = deviceKey !== null && (await queries.currentHits(db, deviceKey, window)) < limits.loginPerAccount;
  const key = trusted ? deviceKey : `${attempt.scope}:account:${attempt.subject}`;
  const count = await queries.countHit(db, key, window);
  if (count > limits.loginPerAccount) {
    // Refused before any check: not a failure of this address.
    await queries.uncountHit(db, ipKey);
    return null;
  }
  return {
    async succeeded() {
      await queries.uncountHit(db, ipKey);
      // A device's success leaves the unknown browsers' count alone: the owner logging
      // in must not hand an attacker a fresh set of guesses.
      await queries.clearHits(db, key);
    },
    async failed() {
      return { lockedNow: !trusted && count === limits.loginPerAccount };
    },
  };
}
