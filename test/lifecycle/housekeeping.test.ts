import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../server/lifecycle/housekeeping.ts';
import { useTestApp, unique } from '../helpers/app.ts';

describe('daily housekeeping', () => {
  const app = useTestApp();
  it('deletes old login counters and old e-mails, and keeps recent ones; the privacy page names the periods', async () => {
    const [oldKey, newKey] = [unique('ip:old'), unique('ip:new')];
    await app.db
      .insertInto('rate_limits')
      .values([
        { key: oldKey, window_start: new Date(Date.now() - 2 * 86_400_000), hits: 3 },
        { key: newKey, window_start: new Date(), hits: 1 },
      ])
      .execute();
    const [oldMail, newMail] = [`${unique('old')}@example.org`, `${unique('new')}@example.org`];
    for (const to of [oldMail, newMail]) {
      await app.mail.enqueue(app.db, { to, subject: 'Hinweis', text: 'Text', kind: 'test' });
    }
    await sql`UPDATE mail_outbox SET sent_at = now() WHERE recipient IN (${oldMail}, ${newMail})`.execute(app.db);
    await sql`UPDATE mail_outbox SET created_at = now() - interval '91 days' WHERE recipient = ${oldMail}`.execute(app.db);

    const deleted = await runHousekeeping(app.db);
    expect(deleted.rateLimits).toBeGreaterThanOrEqual(1);
    const keys = (await app.db.selectFrom('rate_limits').select('key').where('key', 'in', [oldKey, newKey]).execute()).map((r) => r.key);
    expect(keys).toEqual([newKey]);
    const mails = (await app.db.selectFrom('mail_outbox').select('recipient').where('recipient', 'in', [oldMail, newMail]).execute()).map(
      (r) => r.recipient,
    );
    expect(mails).toEqual([newMail]);

    const privacy = await app.inject({ url: '/privacy' });
    expect(privacy.body).toContain('nach einem Tag');
    expect(privacy.body).toContain('90 Tage nach dem Versand');
  });
});
