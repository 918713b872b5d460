import type { FastifyInstance } from 'fastify';
import { translate } from '../i18n/index.ts';
import { listRunningPlacementsWithMentor } from './queries.ts';
import { dueCheckIns, type DueCheckIn } from './service.ts';

export const DIGEST_JOB = 'checkin-digest';
/** 07:00 Berlin: the list is waiting when the working day starts. */
export const DIGEST_HOUR = 7;

/** Mentors write German; the digest is in German whatever language the page was last shown in. */
const t = (key: string, vars?: Record<string, unknown>) => translate('de', `followUps.digest.${key}`, vars);

const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** One mentor's mail: pseudonym code, employer, check-in, due date, state and link per placement; nothing else about the mentee. */
export function digestText(items: readonly DueCheckIn[], publicUrl: string): { subject: string; text: string } {
  const overdue = items.filter((i) => i.state === 'overdue').length;
  const lines = items.map((item) =>
    [
      `- ${t('line', {
        code: item.menteeCode ?? t('erased'),
        employer: item.employerName,
        checkIn: translate('de', `followUps.checkIns.${item.checkIn}`),
        date: germanDate(item.dueDate),
        state: translate('de', `followUps.states.${item.state}`),
      })}`,
      `  ${publicUrl}${item.url}`,
    ].join('\n'),
  );
  return {
    subject: t(items.length === 1 ? 'subjectOne' : 'subject', { n: items.length }),
    text: [
      t('greeting'),
      '',
      t(overdue > 0 ? 'introOverdue' : 'intro', { n: items.length, overdue }),
      '',
      ...lines,
      '',
      t('dashboard', { url: `${publicUrl}/mentor/follow-ups` }),
      '',
      t('footer'),
    ].join('\n'),
  };
}

/**
 * Enqueues one e-mail per mentor with due or overdue check-ins on `day`, all in one
 * transaction: either every mentor's mail is in the outbox or none is.
 */
export async function sendCheckinDigests(app: FastifyInstance, day: string, publicUrl: string): Promise<number> {
  const due = dueCheckIns(await listRunningPlacementsWithMentor(app.db, day), day);
  const byMentor = new Map<string, { email: string; items: DueCheckIn[] }>();
  for (const { row, ...item } of due) {
    const entry = byMentor.get(row.mentorId) ?? { email: row.mentorEmail, items: [] };
    entry.items.push(item);
    byMentor.set(row.mentorId, entry);
  }
  if (byMentor.size === 0) return 0;
  await app.db.transaction().execute(async (trx) => {
    for (const { email, items } of byMentor.values()) {
      const { subject, text } = digestText(items, publicUrl);
      await app.mail.enqueue(trx, { to: email, subject, text, kind: 'checkin_digest' });
    }
  });
  app.mail.worker.kick();
  return byMentor.size;
}
