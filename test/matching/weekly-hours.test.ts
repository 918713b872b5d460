import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { searchWord } from '../search/support.ts';
import { createTestMentee, criterion, employerOf, mentorOf, publishVacancy, twoProjects, type MatchJson } from './support.ts';

/*
 * Issue 12: where a mentee's wishes touch the hours (she looks for part-time),
 * the working-time explanation says how many hours a week the vacancy means.
 * An explanation only: no new constraint.
 */

const app = useTestApp();
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let partTimeJob: string;
let partTimeMentee: { id: string };
let fullTimeMentee: { id: string };
const word = searchWord();

beforeAll(async () => {
  const [mine] = await twoProjects(app);
  mentor = await mentorOf(app, mine);
  const { employerId } = await employerOf(app);
  partTimeJob = await publishVacancy(app, employerId, {
    occupation: '29302',
    title: `Koch ${word}`,
    town: 'Dresden',
    germanLevel: 'A2',
    workingTime: 'either',
    weeklyHours: '25',
  });
  partTimeMentee = await createTestMentee(app, mentor, { desiredOccupations: ['29302'], workingTime: 'part', germanLevel: 'B1' });
  fullTimeMentee = await createTestMentee(app, mentor, { desiredOccupations: ['29302'], workingTime: 'full', germanLevel: 'B1' });
  await flushOutbox(app);
});

const matchFor = async (menteeId: string) => {
  const response = await mentor.agent.get(`/mentor/mentees/${menteeId}/matches?lang=de`).set('Accept', 'application/json');
  expect(response.status).toBe(200);
  return (response.body.matches as MatchJson[]).find((m) => m.vacancy.id === partTimeJob)!;
};

describe('weekly hours in the working-time explanation', () => {
  it('a part-time seeker reads the weekly hours', async () => {
    const match = await matchFor(partTimeMentee.id);
    expect(match).toBeDefined();
    const workingTime = criterion(match, 'workingTime');
    expect(workingTime.values).toMatchObject({ weeklyHours: 25 });
    expect(workingTime.detail).toBe('Die Stelle ist in Voll- oder Teilzeit möglich (sucht Teilzeit) (25 Stunden pro Woche)');
  });

  it('a full-time seeker does not (the hours do not touch her wish), and the match is the same', async () => {
    const match = await matchFor(fullTimeMentee.id);
    expect(match).toBeDefined();
    expect(criterion(match, 'workingTime').detail).toBe('Die Stelle ist in Voll- oder Teilzeit möglich (sucht Vollzeit)');
  });
});
