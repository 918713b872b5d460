import { beforeAll, describe, expect, it } from 'vitest';
import { updateMentee } from '../../server/mentees/service.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import { findProjectMentee } from '../../server/mentees/queries.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

/** The match list is kept per mentee, but never outlives a change to the vacancies or to the profile. */
describe('the cache of match lists', () => {
  const app = useTestApp();
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let employerId: string;
  let menteeId: string;

  const matchIds = async () => {
    const response = await mentor.agent.get(`/mentor/mentees/${menteeId}/matches`).set('accept', 'application/json');
    expect(response.status).toBe(200);
    return (response.body.matches as { vacancy: { id: string } }[]).map((m) => m.vacancy.id);
  };

  beforeAll(async () => {
    const [projectId] = await twoProjects(app);
    mentor = await mentorOf(app, projectId);
    employerId = (await employerOf(app)).employerId;
    // An occupation no other test publishes in Freiberg, so the list holds only this test's vacancies.
    menteeId = (await createTestMentee(app, mentor, { desiredOccupations: ['34212'], homeTown: 'Freiberg', travelKm: '5' })).id;
    await publishVacancy(app, employerId, { occupation: '34212', town: 'Freiberg', title: `Anlagenmechaniker ${unique('a')}` });
    await flushOutbox(app);
    // The cache's check of the index version (every 500 ms) would otherwise see this flush later and drop what the test caches.
    await app.searchEngine.noticeIndexChanges();
  });
  it('answers a repeated visit from the cache and shows a newly published vacancy as soon as it is indexed', async () => {
    const first = await matchIds();
    expect(first).toHaveLength(1);
    expect(app.searchEngine.matchCache.size).toBeGreaterThan(0);
    expect(await matchIds()).toEqual(first);

    const second = await publishVacancy(app, employerId, {
      occupation: '34212',
      town: 'Freiberg',
      title: `Anlagenmechanikerin ${unique('b')}`,
    });
    await flushOutbox(app);
    expect(await matchIds()).toContain(second);
  });

  it('follows a change to the profile at once', async () => {
    const before = await matchIds();
    expect(before).toHaveLength(2);
    const mentee = (await findProjectMentee(app.db, mentor.projectId, menteeId))!;
    const input = MenteeInput.parse({
      gender: mentee.gender,
      ageBand: mentee.ageBand,
      germanLevel: mentee.germanLevel,
      otherLanguages: '',
      schooling: mentee.schooling,
      qualification: mentee.qualification,
      experience: [],
      desiredOccupations: ['62102'],
      desiredKinds: ['job'],
      homeTown: 'Freiberg',
      travelKm: '5',
      workingTime: 'full',
      workPermit: 'yes',
      consent: 'on',
      locale: 'de',
      notes: '',
    });
    expect((await updateMentee(app, mentor.projectId, menteeId, input)).ok).toBe(true);
    const after = await matchIds();
    for (const id of before) expect(after).not.toContain(id); // the list follows the new wish, not the cached one
  });
});
