import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_JOB } from '../../server/follow-ups/digest.ts';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, flushMail } from '../helpers/app.ts';
import { createPlacement, type CreatedPlacement } from '../helpers/placements.ts';
import { mentorOf, projectIdOf } from '../mentees/support.ts';

/*
 * The daily check-in digest ('checkin-digest', 07:00 Berlin): one e-mail per mentor with
 * due or overdue check-ins, through the mail outbox, once a day. What was "sent" is read
 * from mail_outbox (tests run without SMTP_URL).
 */

const PUBLIC_URL = 'https://jobbruecke.example';
const today = todayInBerlin();
const NOTES = 'Geheimnisvolle Notiz Zitronenfalter';

const app = useTestApp({ config: { publicUrl: `${PUBLIC_URL}/` } });
let mentorA: { accountId: string; email: string };
let mentorB: { accountId: string; email: string };
let disabled: { accountId: string; email: string };
const p: Record<string, CreatedPlacement> = {};

beforeAll(async () => {
  const projectId = await projectIdOf(app, 'aul-dresden');
  [mentorA, mentorB, disabled] = await Promise.all([mentorOf(app, projectId), mentorOf(app, projectId), mentorOf(app, projectId)]);
  await app.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', disabled.accountId).execute();
  const placed = (mentorId: string, startDate: string, extra: Partial<Parameters<typeof createPlacement>[1]> = {}) =>
    createPlacement(app, { projectId, mentorId, startDate, notes: NOTES, ...extra });

  p.aOverdue = await placed(mentorA.accountId, addDays(today, -20));
  p.aDue = await placed(mentorA.accountId, addDays(today, -10));
  p.aUpcoming = await placed(mentorA.accountId, addDays(today, -3));
  p.aEnded = await placed(mentorA.accountId, addDays(today, -30), { endedOn: addDays(today, -1) });
  // A's mentee, but B made the introduction: B follows it up.
  p.bIntroduced = await placed(mentorA.accountId, addDays(today, -25), { introductionMentorId: mentorB.accountId });
  // The introducing mentor's account is gone: the mentee's mentor (B) follows it up.
  p.bMentee = await placed(mentorB.accountId, addDays(today, -12), { introductionMentorId: null });
  p.disabled = await placed(disabled.accountId, addDays(today, -20));

  // Another test run may have claimed today already (a kept database): this file wants the first run of the day.
  await app.db.deleteFrom('daily_job_runs').where('job', '=', DIGEST_JOB).where('day', '=', today).execute();
});

const digestsTo = (email: string) =>
  app.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('recipient', '=', email)
    .where('kind', '=', 'checkin_digest')
    .orderBy('created_at')
    .execute();

describe('the check-in digest', () => {
  it('sends each mentor one e-mail listing codes, employers, dates and links, and nothing else about the mentee', async () => {
    expect(await app.jobs.runNow(DIGEST_JOB)).toBe(true);

    const [toA, toB, toDisabled] = await Promise.all([digestsTo(mentorA.email), digestsTo(mentorB.email), digestsTo(disabled.email)]);
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(toDisabled).toHaveLength(0);

    const a = toA[0]!;
    expect(a.subject).toBe('Nachbetreuung: 2 Kontakte fällig');
    expect(a.body_text).toContain('Guten Tag,');
    const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
    expect(a.body_text).toContain(
      `- ${p.aOverdue!.menteeCode} bei ${p.aOverdue!.employerName}: Nach 2 Wochen, fällig am ${germanDate(addDays(today, -6))} (Überfällig)`,
    );
    expect(a.body_text).toContain(
      `- ${p.aDue!.menteeCode} bei ${p.aDue!.employerName}: Nach 2 Wochen, fällig am ${germanDate(addDays(today, 4))} (Fällig)`,
    );
    expect(a.body_text).toContain(`  ${PUBLIC_URL}/mentor/placements/${p.aOverdue!.placementId}\n`);
    expect(a.body_text).toContain(`  ${PUBLIC_URL}/mentor/placements/${p.aDue!.placementId}\n`);
    expect(a.body_text).toContain(`${PUBLIC_URL}/mentor/follow-ups`);
    // Overdue first.
    expect(a.body_text.indexOf(p.aOverdue!.menteeCode)).toBeLessThan(a.body_text.indexOf(p.aDue!.menteeCode));
    for (const other of [p.aUpcoming, p.aEnded, p.bIntroduced, p.bMentee, p.disabled]) {
      expect(a.body_text).not.toContain(other!.menteeCode);
      expect(a.body_text).not.toContain(other!.placementId);
    }

    const b = toB[0]!;
    for (const mine of [p.bIntroduced, p.bMentee]) {
      expect(b.body_text).toContain(mine!.menteeCode);
      expect(b.body_text).toContain(`${PUBLIC_URL}/mentor/placements/${mine!.placementId}`);
    }
    expect(b.body_text).not.toContain(p.aOverdue!.menteeCode);

    // Pseudonym codes only: no notes, no ids, no home town, no vacancy, no other profile field.
    for (const mail of [a, b]) {
      expect(mail.body_text).not.toContain(NOTES);
      expect(mail.body_text).not.toContain('Dresden');
      expect(mail.body_text).not.toContain('Lagerlogistik');
      expect(mail.body_text).not.toContain('Arabisch');
      expect(mail.body_text).not.toContain('B1');
      for (const placement of Object.values(p)) expect(mail.body_text).not.toContain(placement.menteeId);
    }
  });

  it('sends nothing more when it runs again the same day', async () => {
    expect(await app.jobs.runNow(DIGEST_JOB)).toBe(false);
    expect(await digestsTo(mentorA.email)).toHaveLength(1);
    expect(await digestsTo(mentorB.email)).toHaveLength(1);
  });

  it('goes out through the mail outbox', async () => {
    await flushMail(app);
    const [a] = await digestsTo(mentorA.email);
    expect(a!.sent_at).not.toBeNull();
  });

  it('runs for the day it is given, and a contact takes the check-in off the list', async () => {
    // A week later; A's overdue placement had a contact today.
    const later = addDays(today, 7);
    await app.db.deleteFrom('daily_job_runs').where('job', '=', DIGEST_JOB).where('day', '=', later).execute();
    await app.db
      .insertInto('follow_ups')
      .values({ placement_id: p.aOverdue!.placementId, contact_date: today, concerns: [], dropout_risk: false })
      .execute();
    expect(await app.jobs.runNow(DIGEST_JOB, later)).toBe(true);
    const toA = await digestsTo(mentorA.email);
    expect(toA).toHaveLength(2);
    const second = toA[1]!.body_text;
    // The contact made the 2-week check-in; the 1-month one is what is due next.
    expect(second).not.toMatch(new RegExp(`${p.aOverdue!.menteeCode} bei [^:\n]+: Nach 2 Wochen`));
    expect(second).toMatch(new RegExp(`${p.aOverdue!.menteeCode} bei [^:\n]+: Nach 1 Monat`));
    expect(second).toContain(p.aDue!.menteeCode);
    expect(second).toContain(p.aUpcoming!.menteeCode); // its 2-week check-in is due by then
  });
});
