import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailWorker } from '../../server/mail/worker.ts';
import { DEFAULT_FROM } from '../../server/plugins/mail.ts';
import { buildTestApp, discardEarlierMail, flushMail } from '../helpers/app.ts';
import { closedPort, mailAddress, silentServer, SmtpSink, type Refusal } from './support.ts';

async function outboxRow(app: FastifyInstance, id: string) {
  return app.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function databaseNow(app: FastifyInstance): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(app.db);
  return rows[0]!.now;
}

/** Enqueues in a transaction of its own, as a user's action would. */
function enqueue(app: FastifyInstance, to: string, subject = 'Neue Vorstellung', text = 'Hallo,\nes gibt eine neue Vorstellung.') {
  return app.db.transaction().execute((trx) => app.mail.enqueue(trx, { to, subject, text, kind: 'introduction_new' }));
}

describe('e-mail over SMTP', () => {
  let sink: SmtpSink;
  let app: FastifyInstance;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await buildTestApp({ config: { smtpUrl: sink.url } });
    await discardEarlierMail(app);
  });
  afterEach(() => {
    sink.refuse = 'none';
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it('delivers an enqueued message with its recipient, subject and body', async () => {
    const to = mailAddress();
    const subject = 'Neue Vorstellung: Pflegefachkraft (m/w/d) in Görlitz';
    const text = 'Guten Tag,\n\nIhre Mentorin schlägt Ihnen eine Person für „Pflegefachkraft“ vor.\nViele Grüße\nJobbrücke Sachsen';
    const id = await enqueue(app, to, subject, text);

    await flushMail(app);

    const received = sink.to(to);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([to]);
    expect(received[0]!.headers.get('to')).toBe(to);
    expect(received[0]!.subject).toBe(subject);
    expect(received[0]!.text).toBe(text);
    expect(received[0]!.from).toContain('no-reply@jobbruecke.example');
    expect(received[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    const row = await outboxRow(app, id);
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeNull();

    await flushMail(app);
    expect(sink.to(to)).toHaveLength(1);
  });

  it('sends nothing for an action that rolled back', async () => {
    const to = mailAddress();
    await expect(
      app.db.transaction().execute(async (trx) => {
        await app.mail.enqueue(trx, { to, subject: 'Nie verschickt', text: 'x', kind: 'introduction_new' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await flushMail(app);
    expect(sink.to(to)).toHaveLength(0);
    expect(await app.db.selectFrom('mail_outbox').select('id').where('recipient', '=', to).execute()).toHaveLength(0);
  });

  it('refuses a message with an invalid address, so the action rolls back instead of losing it silently', async () => {
    await expect(enqueue(app, 'not an address')).rejects.toThrow(/valid recipient/);
  });

  it('folds a subject onto one line and shortens it, so text users typed can neither add headers nor fail the action', async () => {
    const injected = await enqueue(app, mailAddress(), 'Zwei\r\nBcc: jemand@example.org');
    expect((await outboxRow(app, injected)).subject).toBe('Zwei Bcc: jemand@example.org');
    const long = await enqueue(app, mailAddress(), `Antwort von ${'Firma '.repeat(60)}`);
    const subject = (await outboxRow(app, long)).subject;
    expect(subject.length).toBe(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it.each<Refusal>(['rcpt', 'data'])(
    'keeps the message while the server refuses it (at %s) and delivers it once after it recovers',
    async (refusal) => {
      sink.refuse = refusal;
      const to = mailAddress();
      const id = await enqueue(app, to);
      const before = await databaseNow(app);

      await expect(flushMail(app)).resolves.toBeUndefined();

      let row = await outboxRow(app, id);
      expect(row.sent_at).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(refusal === 'rcpt' ? /EENVELOPE.*450/s : /EMESSAGE.*451/s);
      expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before.getTime() + 25_000);
      expect(sink.to(to)).toHaveLength(0);

      // Not due yet: a drain leaves it alone.
      await flushMail(app);
      expect((await outboxRow(app, id)).attempts).toBe(1);

      // A second failure waits longer (exponential back-off).
      await app.db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      await flushMail(app);
      row = await outboxRow(app, id);
      expect(row.attempts).toBe(2);
      expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual((await databaseNow(app)).getTime() + 55_000);

      sink.refuse = 'none';
      await app.db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      await flushMail(app);
      await flushMail(app);

      expect(sink.to(to)).toHaveLength(1);
      row = await outboxRow(app, id);
      expect(row.sent_at).not.toBeNull();
      expect(row.attempts).toBe(3);
      expect(row.last_error).toBeNull();
    },
  );

  it('gives up after the last attempt and keeps the message with its error', async () => {
    sink.refuse = 'rcpt';
    const worker = new MailWorker(app.db, app.log, { smtpUrl: sink.url, from: DEFAULT_FROM, maxAttempts: 3, baseBackoffSeconds: 0 });
    const to = mailAddress();
    const id = await enqueue(app, to);
    for (let i = 0; i < 5; i += 1) await worker.drainOnce();
    await worker.stop();

    const row = await outboxRow(app, id);
    expect(row.attempts).toBe(3);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toMatch(/450/);
    expect(sink.to(to)).toHaveLength(0);
  });

  it('sends each message once when two workers drain at the same time', async () => {
    const workers = [0, 1].map(() => new MailWorker(app.db, app.log, { smtpUrl: sink.url, from: DEFAULT_FROM, batchSize: 3 }));
    const recipients = Array.from({ length: 24 }, () => mailAddress('twice'));
    await app.db.transaction().execute(async (trx) => {
      for (const to of recipients)
        await app.mail.enqueue(trx, { to, subject: `Für ${to}`, text: 'Einmal, bitte.', kind: 'checkin_digest' });
    });

    const handled = [0, 0];
    for (let round = 0; round < 100; round += 1) {
      const counts = await Promise.all(workers.map((w) => w.drainOnce()));
      counts.forEach((n, i) => (handled[i]! += n));
      if (counts.every((n) => n === 0)) break;
    }
    await Promise.all(workers.map((w) => w.stop()));

    for (const to of recipients) expect(sink.to(to), to).toHaveLength(1);
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    const rows = await app.db.selectFrom('mail_outbox').select(['sent_at', 'attempts']).where('recipient', 'in', recipients).execute();
    expect(rows).toHaveLength(recipients.length);
    expect(rows.every((r) => r.sent_at !== null && r.attempts === 1)).toBe(true);
  });
});

describe('e-mail when the SMTP server is unreachable or hung', () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app?.close();
  });

  it('a closed port does not make the drain throw; the message waits for a retry', async () => {
    app = await buildTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${await closedPort()}` } });
    const id = await enqueue(app, mailAddress());

    await expect(app.mail.worker.drainOnce()).resolves.toBeGreaterThan(0);

    const row = await outboxRow(app, id);
    expect(row.sent_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
  });

  it('a server that never answers costs the worker one short timeout, not a hang', async () => {
    const hung = await silentServer();
    try {
      app = await buildTestApp({ config: { smtpUrl: hung.url } });
      const worker = new MailWorker(app.db, app.log, {
        smtpUrl: hung.url,
        from: DEFAULT_FROM,
        timeouts: { connectionMs: 500, greetingMs: 500, socketMs: 500, sendMs: 2_000 },
      });
      const id = await enqueue(app, mailAddress());

      const started = Date.now();
      await expect(worker.drainOnce()).resolves.toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      await worker.stop();

      const row = await outboxRow(app, id);
      expect(row.sent_at).toBeNull();
      expect(row.last_error).toMatch(/ETIMEDOUT|timeout/i);
    } finally {
      await hung.close();
    }
  });

  it('closing the app does not wait for a hung server; the cut-off message is due again at once', async () => {
    const hung = await silentServer();
    try {
      app = await buildTestApp({ config: { smtpUrl: hung.url }, runMailWorker: true });
      const id = await enqueue(app, mailAddress());
      app.mail.worker.kick();
      // The running drain has claimed the message once the row shows the attempt.
      for (let i = 0; i < 200 && (await outboxRow(app, id)).attempts === 0; i += 1) await new Promise((r) => setTimeout(r, 10));

      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2_000);

      app = await buildTestApp();
      const row = await outboxRow(app, id);
      expect(row.sent_at).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/EABORT|stopping/);
      expect(row.next_attempt_at.getTime()).toBeLessThanOrEqual((await databaseNow(app)).getTime());
    } finally {
      await hung.close();
    }
  });
});
