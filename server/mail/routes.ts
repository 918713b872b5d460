import type { FastifyInstance } from 'fastify';
import { requireRole } from '../plugins/auth.ts';
import { wantsJson } from '../http/respond.ts';
import { berlinFormat } from '../time/berlin.ts';
import { listRecentMail, type MailRow } from './queries.ts';

const SHOWN = 50;

type MailStatus = 'sent' | 'pending' | 'failed';
// The status colours the stylesheet already has.
const STATUS_CLASS: Record<MailStatus, string> = { sent: 'met', pending: 'stretched', failed: 'unmet' };

function mailView(row: MailRow, maxAttempts: number) {
  const status: MailStatus = row.sent_at ? 'sent' : row.attempts >= maxAttempts ? 'failed' : 'pending';
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    text: row.body_text,
    kind: row.kind,
    status,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.sent_at ? null : row.next_attempt_at,
    lastError: row.last_error,
  };
}

/**
 * GET /dev/mailbox: the newest e-mails in the outbox (sent, pending or given up), so a
 * developer without an SMTP server sees what would have gone out. Registered by
 * app.ts in development only; everywhere else the path does not exist (404).
 */
export default async function mailboxRoutes(app: FastifyInstance) {
  // Notices name recipients and pseudonyms: even in development only an admin reads them.
  app.get('/dev/mailbox', { preHandler: requireRole('admin') }, async (request, reply) => {
    const messages = (await listRecentMail(app.db, SHOWN)).map((row) => mailView(row, app.mail.worker.maxAttempts));
    if (wantsJson(request)) return { mode: app.mail.worker.mode, messages };
    const when = berlinFormat(request.locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeStyle: 'medium' });
    return reply.page('mail/mailbox', {
      title: request.t('mail.mailbox.title'),
      mode: app.mail.worker.mode,
      messages: messages.map((m) => ({
        ...m,
        created: when.format(m.createdAt),
        statusClass: STATUS_CLASS[m.status],
        lines: m.text.split(/\r?\n/),
      })),
    });
  });
}
