import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { enqueueMail, type MailMessage } from '../mail/service.ts';
import { MailWorker } from '../mail/worker.ts';

export interface MailService {
  /** Puts a message in the outbox within db or the caller's transaction; returns its id. Never talks to SMTP. */
  enqueue(db: Db, message: MailMessage): Promise<string>;
  worker: MailWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailService;
  }
}

export const DEFAULT_FROM = 'Jobbrücke Sachsen <no-reply@jobbruecke.example>';

export interface MailOptions {
  /** SMTP_URL; without it messages are written to the log and kept for the development mailbox. */
  smtpUrl?: string;
  from?: string;
  /** Run the sending worker in this process (default true). */
  runWorker?: boolean;
}

export default fp<MailOptions>(
  async (app, opts) => {
    const worker = new MailWorker(app.db, app.log, { smtpUrl: opts.smtpUrl, from: opts.from ?? DEFAULT_FROM });
    app.decorate('mail', { enqueue: enqueueMail, worker } satisfies MailService);

    app.addHook('onReady', async () => {
      if (!opts.smtpUrl) app.log.info('SMTP_URL is not set: e-mails are written to the log instead of being sent');
      if (opts.runWorker !== false) worker.start();
    });
    app.addHook('onClose', async () => {
      await worker.stop();
    });
  },
  { name: 'mail', dependencies: ['database'] },
);
