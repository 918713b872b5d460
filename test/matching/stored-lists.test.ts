import type { Meilisearch } from 'meilisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchVacancies, type MatchList } from '../../search/matching.ts';
import { MatchListWorker } from '../../server/matches/list-worker.ts';
import {
  beginMatchList,
  findFreshMatchList,
  invalidateListsHolding,
  invalidateListsOf,
  staleMatchListCount,
  storeMatchList,
} from '../../server/matches/queries.ts';
import { occupationLookup } from '../../server/matches/service.ts';
import { findProjectMentee } from '../../server/mentees/queries.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import { setMenteeStatus, updateMentee } from '../../server/mentees/service.ts';
import { addDays } from '../../server/time/calendar.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { changeStatus, updateVacancy } from '../../server/vacancies/service.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { vacancyForm } from '../helpers/factories.ts';
import { flushNewMatches } from '../new-matches/support.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

/*
 * Match lists kept in PostgreSQL (issues 13 and 16): a visit stores the list, later visits read it without
 * Meilisearch, and every change that concerns it (a vacancy on it changed or closed, a new vacancy fitting
 * it, the profile, the day) has it computed again.
 */

/** An occupation no other test publishes in Freiberg (installation mechanics), so the lists hold only this file's vacancies. */
const OCCUPATION = '34212';
const TOWN = 'Freiberg';
const today = todayInBerlin();

describe('stored match lists', () => {
  // Search comes back only when a test sets it up again (not at the next health check).
  const app = useTestApp({ searchHealthIntervalMs: 3_600_000 });
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let employerId: string;
  let menteeId: string;
  let first: string;

  const vacancy = (overrides: Record<string, string> = {}) => ({
    occupation: OCCUPATION,
    town: TOWN,
    title: `Anlagenmechaniker ${unique('a')}`,
    ...overrides,
  });
  const page = async (id = menteeId) => {
    const response = await mentor.agent.get(`/mentor/mentees/${id}/matches`).set('accept', 'application/json');
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    return response.body as { matches: { vacancy: { id: string; title: string } }[]; stretch: { vacancy: { id: string } }[] };
  };
  const ids = (list: { vacancy: { id: string } }[]) => list.map((m) => m.vacancy.id);
  const row = (id = menteeId) => app.db.selectFrom('mentee_match_lists').selectAll().where('mentee_id', '=', id).executeTakeFirst();

  /** Counts the match page's requests to Meilisearch (the mentor client is the one it searches with). */
  const countingSearches = async <T>(work: () => Promise<T>): Promise<{ result: T; searches: number }> => {
    const client = app.searchEngine.mentor()!;
    const real = client.multiSearch.bind(client);
    let searches = 0;
    client.multiSearch = ((...args: Parameters<Meilisearch['multiSearch']>) => {
      searches += 1;
      return real(...args);
    }) as Meilisearch['multiSearch'];
    try {
      return { result: await work(), searches };
    } finally {
      client.multiSearch = real;
    }
  };

  beforeAll(async () => {
    const [projectId] = await twoProjects(app);
    mentor = await mentorOf(app, projectId);
    employerId = (await employerOf(app)).employerId;
    menteeId = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN, travelKm: '5' })).id;
    first = await publishVacancy(app, employerId, vacancy());
    await flushOutbox(app);
    await flushNewMatches(app);
  });

  it('stores the list a visit computed, equal to a live computation, and serves the next visit from PostgreSQL', async () => {
    const { result: visited, searches: computing } = await countingSearches(() => page());
    expect(ids(visited.matches)).toEqual([first]);
    expect(computing).toBeGreaterThan(0);

    const mentee = (await findProjectMentee(app.db, mentor.projectId, menteeId))!;
    const stored = await row();
    expect(stored).toMatchObject({ profile_version: mentee.version, computed_on: today, vacancy_ids: [first] });
    expect(stored!.computed_generation).toBe(stored!.generation);
    const live = await matchVacancies(app.searchEngine.mentor()!, mentee, await occupationLookup(app), today);
    const kept = await findFreshMatchList(app.db, menteeId, mentee.version, today);
    expect(kept).toStrictEqual(JSON.parse(JSON.stringify(live)));
    expect(kept).toEqual(live);
    expect(stored).toMatchObject({ match_count: live.matches.length, stretch_count: live.stretch.length });

    const { result: again, searches } = await countingSearches(() => page());
    expect(searches).toBe(0);
    expect(again).toEqual(visited);
  });

  it('serves a fresh stored list while search is down; a mentee without one gets the "unavailable" page', async () => {
    const other = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN, travelKm: '5' })).id;
    app.searchEngine.markDown();
    try {
      expect(ids((await page()).matches)).toEqual([first]);
      const refused = await mentor.agent.get(`/mentor/mentees/${other}/matches`).set('accept', 'application/json');
      expect(refused.status).toBe(503);
    } finally {
      await app.searchEngine.setUp();
    }
    expect(app.searchEngine.available()).toBe(true);
  });

  it('shows an edited vacancy as it is now, and a closed one no more, once the outbox pushed the change', async () => {
    const title = `Anlagenmechanikerin SHK ${unique('t')}`;
    const edited = await updateVacancy(app, employerId, first, VacancyInput.parse(vacancyForm(vacancy({ title }))));
    expect(edited.ok).toBe(true);
    await flushOutbox(app);
    expect((await page()).matches.map((m) => m.vacancy.title)).toEqual([title]);

    expect((await changeStatus(app, employerId, first, 'close')).ok).toBe(true);
    await flushOutbox(app);
    const after = await page();
    expect([...ids(after.matches), ...ids(after.stretch)]).not.toContain(first);
  });

  it('holds a newly published match and stretch once the outbox and the new-match worker ran', async () => {
    expect((await row())!.computed_generation).toBe((await row())!.generation); // stored fresh by the last visit
    const match = await publishVacancy(app, employerId, vacancy());
    // One German level above the mentee's B1: a stretch.
    const stretch = await publishVacancy(app, employerId, vacancy({ germanLevel: 'B2' }));
    await flushOutbox(app);
    await flushNewMatches(app);
    const list = await page();
    expect(ids(list.matches)).toContain(match);
    expect(ids(list.stretch)).toContain(stretch);
  });

  it('computes the list again on the next day and for an edited profile', async () => {
    const before = await page();
    expect(before.matches.length).toBeGreaterThan(0);
    // Yesterday's list, however fresh otherwise, is not today's: an emptied list computed yesterday is not shown.
    await app.db
      .updateTable('mentee_match_lists')
      .set({ computed_on: addDays(today, -1), match_count: 0, stretch_count: 0 })
      .where('mentee_id', '=', menteeId)
      .execute();
    await app.db.deleteFrom('match_list_cards').where('mentee_id', '=', menteeId).execute();
    expect(await page()).toEqual(before);
    expect((await row())!.computed_on).toBe(today);

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
      homeTown: TOWN,
      travelKm: '5',
      workingTime: 'full',
      workPermit: 'yes',
      consent: 'on',
      locale: 'de',
      notes: '',
    });
    expect((await updateMentee(app, mentor.projectId, menteeId, input)).ok).toBe(true);
    const after = await page();
    for (const id of ids(before.matches)) expect(ids(after.matches)).not.toContain(id);
    expect((await row())!.profile_version).toBe(mentee.version + 1);
  });

  it('lets the worker fill the lists of active mentees, and not of closed ones', async () => {
    const closed = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN })).id;
    const active = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN })).id;
    expect(await setMenteeStatus(app, mentor.projectId, closed, 'closed')).toBe(true);
    const staleBefore = await staleMatchListCount(app.db);
    // Two lists a round: without the status rule the two newest profiles without a list, these, would be taken.
    const worker = new MatchListWorker(app, { batchSize: 2 });
    expect(await worker.drainOnce()).toBe(2);
    const mentee = (await findProjectMentee(app.db, mentor.projectId, active))!;
    expect(await findFreshMatchList(app.db, active, mentee.version, today)).toBeDefined();
    expect(await row(closed)).toBeUndefined();
    expect(await staleMatchListCount(app.db)).toBe(staleBefore - 2);
  });

  it('lets the worker wait while the outbox holds changes no push has tried, but not for a change in back-off', async () => {
    const waiting = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN })).id;
    await flushOutbox(app);
    await app.db.transaction().execute((trx) => enqueueIndexing(trx, VACANCY_INDEX, [first]));
    // One list a round: the newest profile without a list, this one, is the first due.
    const worker = new MatchListWorker(app, { batchSize: 1 });
    expect(await worker.drainOnce()).toBe(0);
    expect(await row(waiting)).toBeUndefined();
    // A push failed and the row waits for its retry: one document Meilisearch refuses must not hold the lists back.
    await app.db.updateTable('search_outbox').set({ attempts: 1 }).execute();
    expect(await worker.drainOnce()).toBe(1);
    const mentee = (await findProjectMentee(app.db, mentor.projectId, waiting))!;
    expect(await findFreshMatchList(app.db, waiting, mentee.version, today)).toBeDefined();
    await app.db.updateTable('search_outbox').set({ attempts: 0 }).execute();
    await flushOutbox(app);
  });

  it('stores a list as not fresh when it was invalidated while being computed (the race rule)', async () => {
    const mentee = (await findProjectMentee(app.db, mentor.projectId, menteeId))!;
    const list: MatchList = { matches: [], stretch: [] };
    const computed = (begun: Awaited<ReturnType<typeof beginMatchList>>, vacancyIds: string[] = []) => ({
      menteeId,
      profileVersion: mentee.version,
      computedOn: today,
      ...begun,
      vacancyIds,
      ...list,
    });

    // Undisturbed: fresh.
    await storeMatchList(app.db, computed(await beginMatchList(app.db, menteeId)));
    expect(await findFreshMatchList(app.db, menteeId, mentee.version, today)).toEqual(list);

    // The mentee's list invalidated between the read of its generation and the store: not fresh.
    let begun = await beginMatchList(app.db, menteeId);
    expect(await invalidateListsOf(app.db, [menteeId])).toBe(1);
    await storeMatchList(app.db, computed(begun));
    expect(await findFreshMatchList(app.db, menteeId, mentee.version, today)).toBeUndefined();

    // A vacancy the stored row did not hold yet changed meanwhile: the invalidation missed the row, the store sees it.
    const vacancyId = await publishVacancy(app, employerId, vacancy(), false);
    begun = await beginMatchList(app.db, menteeId);
    expect(await invalidateListsHolding(app.db, [vacancyId])).toBe(0);
    await storeMatchList(app.db, computed(begun, [vacancyId]));
    expect(await findFreshMatchList(app.db, menteeId, mentee.version, today)).toBeUndefined();

    // A computation begun after that change is fresh; an older one stored late does not overwrite it.
    const older = await beginMatchList(app.db, menteeId);
    const newer = await beginMatchList(app.db, menteeId);
    await storeMatchList(app.db, computed(newer, [vacancyId]));
    await storeMatchList(app.db, { ...computed(older), stretch: [{} as never] });
    expect(await findFreshMatchList(app.db, menteeId, mentee.version, today)).toEqual(list);
  });
});
