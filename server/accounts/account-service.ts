import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import { invalid, ok, type Invalid, type RateLimited, type Result } from '../http/refusal.ts';
import type { Locale } from '../i18n/index.ts';
import type { SessionAccount } from '../plugins/auth.ts';
import { hashSessionId } from '../plugins/auth.ts';
import { tooManyGuesses } from './locked.ts';
import { clearHits, countHit, currentHits } from './queries.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { newPasswordError } from './password-rules.ts';
import type { ChangeInput } from './password-schemas.ts';
import { enqueueSecurityMail } from './security-mail.ts';
import * as queries from './security-queries.ts';

/** Wrong current passwords per account per window before the form refuses for a while (a stolen session cannot guess on). */
export const CHANGE_FAILURES_PER_ACCOUNT = 5;

export async function accountOverview(app: FastifyInstance, account: SessionAccount, sessionId: string) {
  return {
    email: account.email,
    role: account.role,
    organisation: account.employerName,
    otherSessions: await queries.otherSessionCount(app.db, account.id, hashSessionId(sessionId)),
  };
}

const wrongCurrent = () => invalid({ currentPassword: 'account.errors.currentPasswordWrong' });

/**
 * Changes the password of the account behind the session: the current one
 * first, then the rule for new ones. Every other session of the account ends
 * (whoever else was in is out); this one stays. Audited, and the address gets a notice.
 */
export async function changePassword(
  app: FastifyInstance,
  session: { account: SessionAccount; sessionId: string; locale: Locale; windowSeconds: number },
  input: ChangeInput,
): Promise<Result<{ sessionsEnded: number }, Invalid | RateLimited>> {
  const failuresKey = `password-change:account:${session.account.id}`;
  const row = await queries.findAccountForPassword(app.db, session.account.id);
  if (!row) return wrongCurrent();
  // Checked before the password, so once locked even the right one waits for the window to pass.
  if ((await currentHits(app.db, failuresKey, session.windowSeconds)) >= CHANGE_FAILURES_PER_ACCOUNT)
    return tooManyGuesses(session.windowSeconds);
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    await countHit(app.db, failuresKey, session.windowSeconds);
    return wrongCurrent();
  }
  const problem = newPasswordError(input.password, [row.email, row.employer_name]);
  if (problem) return invalid({ password: problem });
  await clearHits(app.db, failuresKey);
  const passwordHash = await hashPassword(input.password);
  const sessionsEnded = await app.db.transaction().execute(async (trx) => {
    await queries.updatePasswordHash(trx, row.id, passwordHash);
    const ended = await queries.endSessionsOf(trx, row.id, hashSessionId(session.sessionId));
    await audit(trx, { id: row.id, role: row.role }, 'password.changed', { type: 'account', id: row.id }, { otherSessionsEnded: ended });
    await enqueueSecurityMail(app, trx, 'password_changed', { to: row.email, locale: session.locale });
    return ended;
  });
  app.mail.worker.kick();
  return ok({ sessionsEnded });
}

/** "Log out everywhere": every session of the account ends, this one included. */
export async function endAllSessions(app: FastifyInstance, account: SessionAccount): Promise<number> {
  return app.db.transaction().execute(async (trx) => {
    const ended = await queries.endSessionsOf(trx, account.id);
    await audit(
      trx,
      { id: account.id, role: account.role },
      'sessions.ended_everywhere',
      { type: 'account', id: account.id },
      { sessionsEnded: ended },
    );
    return ended;
  });
}
