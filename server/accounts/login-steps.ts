import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceCookies } from './device-cookie.ts';
import { homeFor } from './home.ts';
import * as queries from './queries.ts';
import { safeNext } from './schemas.ts';
import type { LoggedInAccount } from './service.ts';
import { STAFF_ROLES } from './two-factor-service.ts';

/**
 * Between a correct password and the second factor the browser holds a
 * challenge: a random id (its hash in Postgres) good for a few minutes and one
 * login. It is not a session: it opens nothing but the code form.
 */
export const CHALLENGE_COOKIE = 'jb_login_step';
const CHALLENGE_MINUTES = 5;

export interface LoginSteps {
  devices: DeviceCookies;
  secureCookies: boolean;
  requireTwoFactorForStaff: boolean;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

export async function startChallenge(
  app: FastifyInstance,
  reply: FastifyReply,
  steps: LoginSteps,
  accountId: string,
  next: string | undefined,
): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  await queries.insertLoginChallenge(app.db, {
    idHash: hashOf(id),
    accountId,
    next: next ?? null,
    expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
  });
  reply.setCookie(CHALLENGE_COOKIE, id, {
    path: '/login',
    httpOnly: true,
    sameSite: 'lax',
    secure: steps.secureCookies,
    maxAge: CHALLENGE_MINUTES * 60,
  });
}

/** The login waiting for this browser's second factor, if any. */
export async function findChallenge(app: FastifyInstance, request: FastifyRequest) {
  const id = request.cookies[CHALLENGE_COOKIE];
  if (typeof id !== 'string' || id.length > 100) return undefined;
  const row = await queries.findLoginChallenge(app.db, hashOf(id));
  return row && { idHash: hashOf(id), next: row.next ?? undefined, account: { id: row.account_id, email: row.email, role: row.role } };
}

/** Ends the challenge; false when another request ended it first (so one challenge makes one session). */
export async function endChallenge(app: FastifyInstance, reply: FastifyReply, idHash: string): Promise<boolean> {
  reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
  return queries.deleteLoginChallenge(app.db, idHash);
}

/**
 * Both factors are done: the session starts, this browser becomes a known device
 * for the account, and the answer says where to go (enrolment first for staff who
 * must use two factors and have not set it up).
 */
export async function finishLogin(
  app: FastifyInstance,
  reply: FastifyReply,
  steps: LoginSteps,
  account: LoggedInAccount,
  next: unknown,
): Promise<string> {
  await queries.recordLogin(app.db, account.id);
  await reply.startSession(account.id);
  steps.devices.issue(reply, account.email);
  if (steps.requireTwoFactorForStaff && STAFF_ROLES.has(account.role) && !(await queries.twoFactorEnabled(app.db, account.id)))
    return '/account/two-factor';
  return safeNext(next) ?? homeFor(account.role);
}
