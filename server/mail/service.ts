import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { insertMail } from './queries.ts';

/** The kinds sent today; `kind` accepts any snake_case name so a new notification needs no change here. */
export type MailKind = 'introduction_new' | 'introduction_answer' | 'checkin_digest' | (string & {});

/**
 * Subjects carry text users typed (a vacancy title, an organisation's name): folded onto one line
 * (a line break in a header would let that text add headers of its own) and shortened to fit,
 * so a long or odd title never makes the user's action fail.
 */
const SUBJECT_MAX = 200;
const foldSubject = (value: string) => {
  // Whitespace and the other control characters (below U+0020, and DEL) become single spaces.
  const line = [...value]
    .map((c) => (c <= ' ' || c === '\u007f' ? ' ' : c))
    .join('')
    .replace(/ +/g, ' ')
    .trim();
  return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1)}…` : line;
};

export const MailMessage = z.object({
  to: z.email('Cannot enqueue an e-mail without a valid recipient address').max(254),
  subject: z.string().transform(foldSubject).pipe(z.string().min(1, 'An e-mail needs a subject')),
  text: z.string().min(1, 'An e-mail needs a body').max(100_000),
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'An e-mail kind is a snake_case name'),
});
export type MailMessage = z.input<typeof MailMessage> & { kind: MailKind };

/**
 * Puts a message in the outbox. Call it with the transaction of the action that
 * causes the e-mail: the message is sent only if that action commits, and sending
 * (or failing to) happens later in the worker, never in the request. Throws on an
 * invalid message (a programming error, so the action rolls back). Returns the row id.
 */
export async function enqueueMail(db: Db, message: MailMessage): Promise<string> {
  const valid = MailMessage.parse(message);
  return insertMail(db, { recipient: valid.to, subject: valid.subject, bodyText: valid.text, kind: valid.kind });
}
