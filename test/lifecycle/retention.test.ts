import { beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { RETENTION_JOB, runRetention } from '../../server/lifecycle/retention.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from '../matching/support.ts';
import { addShareLink, erasedCount, menteeDocument } from './support.ts';

function monthsAgo(months: number): Date {
  const at = new Date();
  at.setUTCMonth(at.getUTCMonth() - months);
  return at;
}

describe('the daily retention job deletes profiles closed longer than RETENTION_MONTHS ago', () => {
  const app = useTestApp();
  let projectId: number;
  let expired: { id: string; code: string };
  let recent: { id: string; code: string };
  let active: { id: string; code: string };
  const closedLongAgo = monthsAgo(25);

  beforeAll(async () => {
    [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const employer = await employerOf(app);
    const vacancyId = await publishVacancy(app, employer.employerId, { title: `Lager ${unique('v')}` });
    [expired, recent, active] = [
      await createTestMentee(app, mentor, { gender: 'm', qualification: 'recognised' }),
      await createTestMentee(app, mentor),
      await createTestMentee(app, mentor),
    ];
    await app.db.insertInto('shortlist_items').values({ mentee_id: expired.id, vacancy_id: vacancyId }).execute();
    await addShareLink(app, expired.id);
    await flushOutbox(app);
    // Closed behind the app's back (no outbox row), so the expired profile's document is still in the index.
    await app.db.updateTable('mentees').set({ status: 'closed', closed_at: closedLongAgo }).where('id', '=', expired.id).execute();
    await app.db
      .updateTable('mentees')
      .set({ status: 'closed', closed_at: monthsAgo(23) })
      .where('id', '=', recent.id)
      .execute();
  });
  it('deletes the expired profile with its shortlist and share links, and writes the anonymous row', async () => {
    expect(await menteeDocument(expired.id)).toMatchObject({ code: expired.code });
    const before = await erasedCount(app, 'retention');

    expect(await app.jobs.runNow(RETENTION_JOB)).toBe(true);

    expect(await app.db.selectFrom('mentees').select('id').where('id', '=', expired.id).execute()).toEqual([]);
    expect(await app.db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', expired.id).execute()).toEqual([]);
    expect(await app.db.selectFrom('share_links').select('id').where('mentee_id', '=', expired.id).execute()).toEqual([]);
    // At least this one (the database is shared: another file's long-closed profile would go too).
    expect(await erasedCount(app, 'retention')).toBeGreaterThanOrEqual(before + 1);
    const rows = await app.db
      .selectFrom('erased_mentees')
      .select(['project_id', 'gender', 'qualification', 'accompanied_from'])
      .where('reason', '=', 'retention')
      .where('accompanied_to', '=', todayInBerlin(closedLongAgo))
      .where('erased_at', '>', new Date(Date.now() - 60_000))
      .execute();
    expect(rows).toContainEqual({ project_id: projectId, gender: 'm', qualification: 'recognised', accompanied_from: todayInBerlin() });
  });

  it('removes its index document once the outbox is flushed', async () => {
    await flushOutbox(app);
    expect(await menteeDocument(expired.id)).toBeNull();
    expect(await menteeDocument(active.id)).toMatchObject({ code: active.code });
  });

  it('keeps a profile closed 23 months ago and an active one', async () => {
    const kept = await app.db
      .selectFrom('mentees')
      .select(['id', 'status'])
      .where('id', 'in', [recent.id, active.id])
      .orderBy('status')
      .execute();
    expect(kept).toEqual([
      { id: active.id, status: 'active' },
      { id: recent.id, status: 'closed' },
    ]);
  });

  it('does nothing more when run again the same day', async () => {
    const before = await erasedCount(app, 'retention');
    expect(await app.jobs.runNow(RETENTION_JOB)).toBe(false);
    // Even the work itself, run again for the day, finds nothing left.
    expect(await runRetention(app, todayInBerlin(), 24)).toBe(0);
    expect(await erasedCount(app, 'retention')).toBe(before);
    expect(await app.db.selectFrom('mentees').select('id').where('id', 'in', [recent.id, active.id]).execute()).toHaveLength(2);
  });
});
