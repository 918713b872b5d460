import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailWorker } from '../../server/mail/worker.ts';
import { DEFAULT_FROM } from '../../server/plugins/mail.ts';
import { buildTestApp, flushMail } from '../helpers/app.ts';
import { loginAsAdmin } from '../helpers/admin.ts';
import { capturingLogger, mailAddress } from './support.ts';

describe('e-mail without SMTP_URL in development', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ config: { env: 'development' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('marks the message sent and shows it, escaped, on /dev/mailbox', async () => {
    expect(app.mail.worker.mode).toBe('log');
    const to = mailAddress('dev');
    const subject = `Antwort auf Ihre Vorstellung <b>${to}</b>`;
    const id = await app.db
      .transaction()
      .execute((trx) =>
        app.mail.enqueue(trx, { to, subject, text: 'Der Betrieb möchte ein Gespräch.\nZweite Zeile', kind: 'introduction_answer' }),
      );

    await flushMail(app);

    const row = await app.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);

    // Notices name recipients and pseudonyms: only an admin reads the mailbox, even in development.
    expect((await request(app.server).get('/dev/mailbox').set('Accept', 'application/json')).status).toBe(401);
    const admin = await loginAsAdmin(app);
    const page = await admin.get('/dev/mailbox');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('<h1>Postausgang</h1>');
    expect(page.text).toContain(`Antwort auf Ihre Vorstellung &lt;b&gt;${to}&lt;/b&gt;`);
    expect(page.text).not.toContain(`<b>${to}</b>`);
    expect(page.text).toContain(`An ${to}`);
    expect(page.text).toContain('Der Betrieb möchte ein Gespräch.<br>Zweite Zeile');
    expect(page.text).toContain('Verschickt');

    const json = await admin.get('/dev/mailbox').set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.mode).toBe('log');
    expect(json.body.messages[0]).toMatchObject({ id, to, subject, kind: 'introduction_answer', status: 'sent', attempts: 1 });

    const english = await admin.get('/dev/mailbox?lang=en');
    expect(english.text).toContain('<h1>Outbox</h1>');
    expect(english.text).toContain(`To ${to}`);
  });

  it('writes subject, recipient and body to the log at info level', async () => {
    const { log, lines } = capturingLogger();
    const worker = new MailWorker(app.db, log, { from: DEFAULT_FROM });
    const to = mailAddress('log');
    await app.mail.enqueue(app.db, { to, subject: 'Ihre Übersicht der Woche', text: 'Drei Nachfragen stehen an.', kind: 'checkin_digest' });

    while ((await worker.drainOnce()) > 0) {
      // drain everything due
    }
    await worker.stop();

    const entry = lines.find((l) => l.level === 'info' && JSON.stringify(l).includes(to));
    expect(entry).toBeDefined();
    expect(entry!.obj).toMatchObject({
      mail: { to, subject: 'Ihre Übersicht der Woche', text: 'Drei Nachfragen stehen an.', kind: 'checkin_digest' },
    });
  });
});

describe('the development mailbox elsewhere', () => {
  it.each(['test', 'production'] as const)('does not exist in %s', async (env) => {
    const app = await buildTestApp({ config: { env } });
    try {
      const page = await request(app.server).get('/dev/mailbox');
      expect(page.status).toBe(404);
      expect(page.text).not.toContain('Postausgang');
    } finally {
      await app.close();
    }
  });
});
