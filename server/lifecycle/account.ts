import type { FastifyInstance } from 'fastify';
import { writeIndexed } from '../indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import { clearHits, countHit, currentHits } from '../accounts/queries.ts';
import { audit } from '../audit/service.ts';
import { invalid, notFound, ok, rateLimited, type Invalid, type NotFound, type RateLimited, type Result } from '../http/refusal.ts';
import * as queries from './queries.ts';

/** Wrong passwords per account before the form waits (a stolen session must not guess on and on). */
const MAX_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;

export type DeleteAccountResult = Result<{ organisationDeleted: boolean; vacancies: number }, Invalid | RateLimited | NotFound>;

/** Five wrong passwords: the form waits for the window (429, Retry-After), its message naming the minutes. */
const tooManyTries = () => rateLimited(WINDOW_SECONDS, { key: 'lifecycle.account.errors.tooMany', vars: { minutes: WINDOW_SECONDS / 60 } });

/**
 * An employer deletes their own account, confirmed by the password. The last account of
 * an organisation takes the organisation with it: its vacancies (enqueued for the index
 * first, so their documents go too), shortlist items and introductions go by cascade;
 * placements stay for the figures with employer_id set to null. Other accounts of the
 * organisation keep it. Sessions go with the account (cascade); rows the account wrote
 * elsewhere (audit log, introduction history, invitations) keep their row with the actor
 * set to null. E-mails to the address and its login counter are removed too.
 */
export async function deleteEmployerAccount(app: FastifyInstance, accountId: string, password: string): Promise<DeleteAccountResult> {
  const failuresKey = `account-delete:${accountId}`;
  if ((await currentHits(app.db, failuresKey, WINDOW_SECONDS)) >= MAX_FAILURES) return tooManyTries();
  const account = await queries.findEmployerAccount(app.db, accountId);
  if (!account?.employer_id) return notFound();
  if (!(await verifyPassword(account.password_hash, password))) {
    await countHit(app.db, failuresKey, WINDOW_SECONDS);
    return invalid({ password: 'lifecycle.account.errors.passwordWrong' });
  }
  const employerId = account.employer_id;

  const outcome = await writeIndexed(app, async (trx, reindex) => {
    // Another account of the organisation may have deleted it (and so this account) meanwhile.
    if (!(await queries.lockEmployer(trx, employerId))) return null;
    const organisationDeleted = (await queries.countEmployerAccounts(trx, employerId)) <= 1;
    const vacancyIds = organisationDeleted ? await queries.employerVacancyIds(trx, employerId) : [];
    await audit(
      trx,
      { id: accountId, role: 'employer' },
      'employer.deleted',
      { type: 'employer', id: employerId },
      { accountId, organisationDeleted, vacancies: vacancyIds.length },
    );
    if (organisationDeleted) {
      await reindex(VACANCY_INDEX, vacancyIds);
      await queries.deleteEmployer(trx, employerId);
    } else {
      await queries.deleteAccount(trx, accountId);
    }
    await queries.deleteMailTo(trx, account.email);
    await clearHits(trx, `login:account:${account.email.toLowerCase()}`);
    await clearHits(trx, failuresKey);
    return ok({ organisationDeleted, vacancies: vacancyIds.length });
  });
  return outcome ?? notFound();
}

/** What the confirmation page tells: whether the organisation goes too, and how many vacancies with it. */
export async function deletionPreview(
  app: FastifyInstance,
  employerId: string,
): Promise<{ organisationDeleted: boolean; vacancies: number }> {
  const [accounts, vacancies] = await Promise.all([
    queries.countEmployerAccounts(app.db, employerId),
    queries.employerVacancyIds(app.db, employerId),
  ]);
  const organisationDeleted = accounts <= 1;
  return { organisationDeleted, vacancies: organisationDeleted ? vacancies.length : 0 };
}
