import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  kind: string;
}

/** Hands one message on; rejects when it was not accepted. */
export interface MailSender {
  readonly kind: 'smtp' | 'log';
  send(mail: OutgoingMail, signal: AbortSignal): Promise<void>;
  close(): void;
}

export interface SmtpTimeouts {
  /** TCP (and DNS) connection set-up. */
  connectionMs: number;
  /** From connecting to the server's greeting. */
  greetingMs: number;
  /** Silence on an open connection. */
  socketMs: number;
  /** The whole send, whatever the server does. */
  sendMs: number;
}

// Nodemailer's own defaults are minutes long; a hung server would hold the worker that long.
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 5_000, greetingMs: 5_000, socketMs: 10_000, sendMs: 20_000 };

/** Sends over SMTP as configured by SMTP_URL (smtp:// or smtps://, credentials and options in the URL). */
export function smtpSender(url: string, from: string, timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS): MailSender {
  const transport = createTransport(
    {
      url,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      dnsTimeout: timeouts.connectionMs,
      socketCloseTimeout: 1_000,
    },
    { from },
  );
  return {
    kind: 'smtp',
    async send(mail, signal) {
      await transport.sendMail({
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body_text,
        // Notifications: out-of-office replies should not answer them (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeouts.sendMs)]),
      });
    },
    close: () => transport.close(),
  };
}

/** Without SMTP_URL: the message goes to the log (and stays in the outbox for the development mailbox). */
export function logSender(log: FastifyBaseLogger): MailSender {
  return {
    kind: 'log',
    async send(mail) {
      log.info(
        { mail: { id: mail.id, kind: mail.kind, to: mail.recipient, subject: mail.subject, text: mail.body_text } },
        `e-mail to ${mail.recipient}: ${mail.subject} (not sent: SMTP_URL is not set)`,
      );
    },
    close: () => undefined,
  };
}

/** Whether the failure is about this one message (the server answered) rather than the connection. */
export function isMessageLevelFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EENVELOPE' || code === 'EMESSAGE';
}

export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 1000);
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' ? `${code}: ${error.message}` : error.message).slice(0, 1000);
}
