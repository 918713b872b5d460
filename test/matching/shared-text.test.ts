import type { Meilisearch } from 'meilisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchVacancies, type MatchList, type TextHit } from '../../search/matching.ts';
import { QueryCache } from '../../search/query-cache.ts';
import { occupationLookup } from '../../server/matches/service.ts';
import { findProjectMentee } from '../../server/mentees/queries.ts';
import type { MenteeProfile } from '../../server/mentees/types.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { flushOutbox, unique, useTestApp } from '../helpers/app.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

/**
 * The text tier's shared answers (search/matching.ts, sharedTextQuery): mentees who desire the same
 * occupation share one text query, and each still gets exactly the list their own query gives.
 * Vacancies of other occupations whose titles name the desired one (found by text only) are placed
 * to pass or break each part of the mentees' filters: kind, working time, licence, German, distance.
 */
const app = useTestApp();
const DESIRED = '24302'; // Verfahrensmechaniker/in für Beschichtungstechnik: no other test publishes it
const mentees: MenteeProfile[] = [];
const textOnly: string[] = [];

/** The mentor search client, counting the text queries it sends to Meilisearch. */
function countingClient(): { client: Meilisearch; textQueries: () => number } {
  const real = app.searchEngine.mentor()!;
  let sent = 0;
  const client = {
    multiSearch: (body: { queries: { q?: string }[] }) => {
      sent += body.queries.filter((q) => q.q).length;
      return real.multiSearch(body as never);
    },
  } as unknown as Meilisearch;
  return { client, textQueries: () => sent };
}

beforeAll(async () => {
  const [projectId] = await twoProjects(app);
  const mentor = await mentorOf(app, projectId);
  const { employerId } = await employerOf(app);
  const title = (what: string) => `Verfahrensmechaniker Beschichtungstechnik ${what} ${unique('t')}`;
  for (const [town, overrides] of [
    ['Chemnitz', { occupation: '22201', germanLevel: 'A2', workingTime: 'full' }],
    ['Chemnitz', { occupation: '22201', germanLevel: 'B2', workingTime: 'part' }],
    ['Zwickau', { occupation: '23411', germanLevel: 'none', workingTime: 'either', drivingLicence: 'on' }],
    ['Freiberg', { occupation: '22201', germanLevel: 'A1', workingTime: 'full' }],
    ['Dresden', { occupation: '24132', kind: 'apprenticeship', durationMonths: '36', germanLevel: 'B1', workingTime: 'full' }],
    ['Plauen', { occupation: '23411', germanLevel: 'A1', workingTime: 'full' }],
  ] as const) {
    textOnly.push(await publishVacancy(app, employerId, { town, title: title(town), ...overrides }));
  }
  for (const overrides of [
    { homeTown: 'Chemnitz', travelKm: '25', germanLevel: 'B1', workingTime: 'full', desiredKinds: ['job'] },
    {
      homeTown: 'Zwickau',
      travelKm: '50',
      germanLevel: 'A2',
      workingTime: 'part',
      drivingLicence: 'on',
      desiredKinds: ['job', 'apprenticeship'],
    },
    { homeTown: 'Dresden', travelKm: '10', germanLevel: 'C1', workingTime: 'either', desiredKinds: ['apprenticeship'] },
    { homeTown: 'Chemnitz', travelKm: '40', germanLevel: 'A1', workingTime: 'either', desiredKinds: ['job'] },
  ]) {
    const { id } = await createTestMentee(app, mentor, { desiredOccupations: [DESIRED], ...overrides });
    mentees.push((await findProjectMentee(app.db, projectId, id))!);
  }
  await flushOutbox(app);
});

describe('shared text answers of the match lists', () => {
  it("give each mentee exactly the list of the mentee's own text queries, with one text query for all of them", async () => {
    const occupations = await occupationLookup(app);
    const today = todayInBerlin();
    const own = countingClient();
    const shared = countingClient();
    const cache = new QueryCache<readonly TextHit[]>();
    const lists: MatchList[] = [];
    for (const mentee of mentees) {
      const expected = await matchVacancies(own.client, mentee, occupations, today);
      expect(await matchVacancies(shared.client, mentee, occupations, today, cache)).toEqual(expected);
      lists.push(expected);
    }
    expect(own.textQueries()).toBe(mentees.length);
    expect(shared.textQueries()).toBe(1);
    // The comparison is not empty: the text-only vacancies are in the lists, each where its filters put it.
    const found = (list: MatchList) => [...list.matches, ...list.stretch].map((m) => m.vacancy.id).filter((id) => textOnly.includes(id));
    expect(found(lists[0]!).sort()).toEqual([textOnly[0], textOnly[3]].sort()); // Chemnitz A2, Freiberg a little farther; not part-time
    expect(found(lists[1]!)).toEqual([textOnly[2]]); // the one asking for a licence, for the part-timer with a licence
    expect(found(lists[2]!)).toEqual([textOnly[4]]); // the apprenticeship in Dresden only
    expect(found(lists[3]!).sort()).toEqual([textOnly[0], textOnly[3]].sort()); // A2 one level above A1 (a stretch), not B2
  });

  it('come with one query per code tier and scope, not one per distance band', async () => {
    const real = app.searchEngine.mentor()!;
    let codeQueries = 0;
    const client = {
      multiSearch: (body: { queries: { q?: string }[] }) => {
        codeQueries += body.queries.filter((q) => !q.q).length;
        return real.multiSearch(body as never);
      },
    } as unknown as Meilisearch;
    // Zwickau, 50 km (75 km for a stretch): five and six distance bands; the desired occupation and its field: two tiers.
    await matchVacancies(client, mentees[1]!, await occupationLookup(app), todayInBerlin());
    expect(codeQueries).toBe(2 * 2);
  });

  it('are what the match page uses', async () => {
    const mentor = await mentorOf(app, mentees[0]!.projectId);
    // Neither a stored list nor shared answers from earlier tests: the page computes the list now.
    await app.db.deleteFrom('mentee_match_lists').where('mentee_id', '=', mentees[0]!.id).execute();
    app.searchEngine.matchTextCache.clear();
    const response = await mentor.agent.get(`/mentor/mentees/${mentees[0]!.id}/matches`).set('accept', 'application/json');
    expect(response.status).toBe(200);
    expect(app.searchEngine.matchTextCache.size).toBeGreaterThan(0);
  });
});
