import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { translate } from '../i18n/index.ts';
import { employerRecipients } from '../introductions/queries.ts';
import { enqueueMail } from '../mail/service.ts';
import { berlinFormat } from '../time/berlin.ts';
import { activeAdminEmails, findEmployerForNotice } from './queries.ts';

/** The German text of a notice (the programme office and employers read German; the keys live in the locale files). */
const de = (key: string, vars?: Record<string, unknown>) => translate('de', key, vars);

/** The two notices by their mail kind, with the keys of their German subject and text. */
const NOTICES = {
  employer_pending: { subject: 'administration.mail.pendingSubject', text: 'administration.mail.pendingText' },
  employer_approved: { subject: 'administration.mail.approvedSubject', text: 'administration.mail.approvedText' },
} as const;

/** Queues the notice to each address; returns how many. */
async function queueNotice(
  trx: Transaction<Database>,
  recipients: readonly string[],
  kind: keyof typeof NOTICES,
  vars: Record<string, unknown>,
): Promise<number> {
  const subject = de(NOTICES[kind].subject, vars);
  const text = de(NOTICES[kind].text, vars);
  for (const to of recipients) await enqueueMail(trx, { to, kind, subject, text });
  return recipients.length;
}

const NOTICE_DAY = berlinFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' });
const berlinDay = (at: Date) => NOTICE_DAY.format(at);

/**
 * A new organisation registered and waits for approval: every active admin
 * gets a notice with its name, town and the way to the approval queue. Call it
 * inside the registration's transaction, after the account row is in, so the
 * notice exists only if the registration commits (the mail outbox sends it
 * later; `app.mail.worker.kick()` after the commit sends it at once).
 * `publicUrl` (`app.publicUrl`) makes the link absolute.
 * Returns how many notices were queued.
 */
export async function notifyAdminsOfNewEmployer(trx: Transaction<Database>, employerId: string, publicUrl: string): Promise<number> {
  const employer = await findEmployerForNotice(trx, employerId);
  if (!employer) throw new Error(`No employer ${employerId} to announce`);
  const vars = { name: employer.name, town: employer.town, date: berlinDay(employer.created_at), url: `${publicUrl}/admin` };
  return queueNotice(trx, await activeAdminEmails(trx), 'employer_pending', vars);
}

/**
 * The organisation was approved: its active accounts get a notice that its
 * published vacancies are now public. Call it inside the approval's
 * transaction, after its accounts were enabled again.
 */
export async function notifyEmployerApproved(trx: Transaction<Database>, employerId: string, publicUrl: string): Promise<number> {
  const employer = await findEmployerForNotice(trx, employerId);
  if (!employer) return 0;
  const vars = { name: employer.name, url: `${publicUrl}/employer/vacancies` };
  return queueNotice(trx, await employerRecipients(trx, employerId), 'employer_approved', vars);
}
