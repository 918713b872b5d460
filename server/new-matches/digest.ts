import type { FastifyInstance } from 'fastify';
import { translate, translatePlural } from '../i18n/index.ts';
import { databaseNow, listUndigested, markDigested, type DigestRow } from './queries.ts';

export const NEW_MATCH_DIGEST_JOB = 'new-match-digest';
/** 07:00 Berlin, with the check-in digest: waiting when the working day starts. */
export const NEW_MATCH_DIGEST_HOUR = 7;

/** Mentors write German; like the check-in digest, this one is in German whatever language a page was last shown in. */
const t = (key: string, vars?: Record<string, unknown>) => translate('de', `newMatches.digest.${key}`, vars);
const tn = (key: string, count: number, vars?: Record<string, unknown>) => translatePlural('de', `newMatches.digest.${key}`, count, vars);

/** The match list of a mentee, where the new ones are marked. */
export const matchListPath = (menteeId: string) => `/mentor/mentees/${encodeURIComponent(menteeId)}/matches`;

/**
 * Mentees named one by one; the rest are counted and left to the mentee list. A mentor has
 * some 40 to 60 people; a caseload of thousands (a coordinator's test account, the bench) would
 * otherwise outgrow an e-mail (the outbox refuses bodies over 100,000 characters).
 */
export const DIGEST_MAX_MENTEES = 50;

/** One mentor's mail: per mentee the pseudonym code, how many new matches and a link to her match list; nothing else. */
export function newMatchDigestText(items: readonly Pick<DigestRow, 'menteeId' | 'menteeCode' | 'count'>[], publicUrl: string) {
  const named = items.slice(0, DIGEST_MAX_MENTEES);
  const rest = items.length - named.length;
  return {
    subject: tn('subject', items.length),
    text: [
      t('greeting'),
      '',
      t('intro'),
      '',
      ...named.flatMap((item) => [
        `- ${tn('line', item.count, { code: item.menteeCode })}`,
        `  ${publicUrl}${matchListPath(item.menteeId)}`,
      ]),
      ...(rest > 0 ? [tn('more', rest)] : []),
      '',
      t('list', { url: `${publicUrl}/mentor/mentees` }),
      '',
      t('footer', { url: `${publicUrl}/account#new-match-digest` }),
    ].join('\n'),
  };
}

/**
 * Enqueues one e-mail per mentor whose mentees have new matches she has neither seen nor been
 * mailed, and marks them mailed, in one transaction (all or nothing; the job may run again
 * after a failure). A mentor who switched the digest off gets nothing, and her mentees' matches
 * stay unmailed: switched back on, the next digest names what is still unseen. Returns how many
 * mails were enqueued.
 */
export async function sendNewMatchDigests(app: FastifyInstance, day: string, publicUrl: string): Promise<number> {
  const sent = await app.db.transaction().execute(async (trx) => {
    // Found after this moment: tomorrow's news (listed and marked by the same cut-off).
    const upTo = await databaseNow(trx);
    const rows = await listUndigested(trx, day, upTo);
    const byMentor = new Map<string, { email: string; items: DigestRow[] }>();
    for (const row of rows) {
      const entry = byMentor.get(row.mentorId) ?? { email: row.mentorEmail, items: [] };
      entry.items.push(row);
      byMentor.set(row.mentorId, entry);
    }
    for (const { email, items } of byMentor.values()) {
      const { subject, text } = newMatchDigestText(items, publicUrl);
      await app.mail.enqueue(trx, { to: email, subject, text, kind: 'new_match_digest' });
    }
    await markDigested(
      trx,
      rows.map((r) => r.menteeId),
      upTo,
    );
    return byMentor.size;
  });
  if (sent > 0) app.mail.worker.kick();
  return sent;
}
