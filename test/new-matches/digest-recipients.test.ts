import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_MATCH_DIGEST_JOB } from '../../server/new-matches/digest.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { buildTestApp, discardEarlierMail, flushMail, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, createTestMentee, loginAs, mentorOf, postVacancy } from '../helpers/factories.ts';
import { SmtpSink } from '../mail/support.ts';
import { projectIdOf } from '../mentees/support.ts';
import { flushNewMatches, newMatchesOf } from './support.ts';

/*
 * Who the daily e-mail of new matches goes to: only an enabled mentor of the mentee's own project
 * (accounts/queries.ts enabledMentorOf, the rule the check-in digest sends by too). A mentor who was
 * disabled, or who moved to another project, hears nothing of the mentees she once kept, though their
 * new matches are there.
 */

/** Fruit and vegetable growers: an occupation no other test posts, so this file's vacancy counts for these mentees only. */
const GROWER = '12112';
const today = todayInBerlin();

let sink: SmtpSink;
let app: FastifyInstance;
const mentors: Record<'stays' | 'disabled' | 'moved', { accountId: string; email: string }> = {} as never;
const mentees: Record<'stays' | 'disabled' | 'moved', { id: string; code: string }> = {} as never;

const digestsTo = (email: string) => sink.to(email).filter((mail) => mail.subject.startsWith('Neue passende Stellen'));

beforeAll(async () => {
  sink = await SmtpSink.start();
  app = await buildTestApp({ config: { smtpUrl: sink.url } });
  await discardEarlierMail(app);
  const [dresden, leipzig] = await Promise.all([projectIdOf(app, 'aul-dresden'), projectIdOf(app, 'aul-leipzig')]);
  for (const key of ['stays', 'disabled', 'moved'] as const) {
    mentors[key] = await mentorOf(app, dresden);
    mentees[key] = await createTestMentee(app, { accountId: mentors[key].accountId, projectId: dresden }, { desiredOccupations: [GROWER] });
  }
  await flushOutbox(app);
  await app.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', mentors.disabled.accountId).execute();
  await app.db.updateTable('accounts').set({ project_id: leipzig }).where('id', '=', mentors.moved.accountId).execute();

  const employer = await loginAs(app, (await createEmployer(app)).email);
  await postVacancy(employer, {
    occupation: GROWER,
    title: `Gemüsegärtner ${unique('v')} (m/w/d)`,
    town: 'Dresden',
    germanLevel: 'A2',
  });
  await flushOutbox(app);
  await flushNewMatches(app);
});

afterAll(async () => {
  await app?.close();
  await sink?.close();
});

describe('the daily e-mail of new matches goes to an enabled mentor of the mentee’s project only', () => {
  it('finds the new match for all three mentees', async () => {
    for (const mentee of Object.values(mentees)) expect(await newMatchesOf(app, mentee.id)).toHaveLength(1);
  });

  it('mails the mentor who stayed, and neither the disabled one nor the one now in another project', async () => {
    await app.db.deleteFrom('daily_job_runs').where('job', '=', NEW_MATCH_DIGEST_JOB).where('day', '=', today).execute();
    expect(await app.jobs.runNow(NEW_MATCH_DIGEST_JOB, today)).toBe(true);
    await flushMail(app);

    const toStays = digestsTo(mentors.stays.email);
    expect(toStays).toHaveLength(1);
    expect(toStays[0]!.text).toContain(`- ${mentees.stays.code}: 1 neuer Treffer`);
    for (const other of [mentees.disabled, mentees.moved]) expect(toStays[0]!.text).not.toContain(other.code);
    expect(digestsTo(mentors.disabled.email)).toEqual([]);
    expect(digestsTo(mentors.moved.email)).toEqual([]);
  });
});
