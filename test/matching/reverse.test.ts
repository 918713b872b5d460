import type { FastifyInstance } from 'fastify';
import { MeilisearchApiError } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from '../../search/client.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { ensurePublicSearchKey } from '../../search/setup.ts';
import { setMenteeStatus } from '../../server/mentees/service.ts';
import { useTestApp, buildTestApp, flushOutbox, masterClient } from '../helpers/app.ts';
import { loginAs } from '../helpers/factories.ts';
import { searchWord } from '../search/support.ts';
import {
  CRITERIA_ORDER,
  createTestMentee,
  criterion,
  employerOf,
  mentorOf,
  publishVacancy,
  twoProjects,
  type CriterionJson,
  type MatchJson,
} from './support.ts';
import { testServices } from '../helpers/services.ts';

/** Vacancy → my mentees, from the private mentees index, explained the same way as the forward direction. */
const app = useTestApp();
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let other: Awaited<ReturnType<typeof mentorOf>>;
const word = searchWord();
const vacancy = {} as Record<'dresden' | 'germanB2' | 'licence' | 'apprenticeshipPartTime' | 'draft', string>;
const mentee = {} as Record<
  'cook' | 'cleaner' | 'weakGerman' | 'farAway' | 'noLicence' | 'closed' | 'theirs' | 'partTime',
  { id: string; code: string }
>;

interface CandidateJson {
  mentee: { id: string; code: string; homeTown: string; germanLevel: string; travelKm: number; url: string };
  distanceKm: number;
  score: number;
  criteria: CriterionJson[];
}
interface CandidatesBody {
  vacancy: { id: string };
  candidates: CandidateJson[];
  stretch: CandidateJson[];
}

const candidatesOf = async (agent: typeof mentor.agent, id: string): Promise<CandidatesBody> => {
  const response = await agent.get(`/mentor/vacancies/${id}/candidates`).set('Accept', 'application/json');
  expect(response.status).toBe(200);
  return response.body as CandidatesBody;
};
const menteeIds = (list: CandidateJson[]) => list.map((c) => c.mentee.id);

beforeAll(async () => {
  const [mine, theirs] = await twoProjects(app);
  mentor = await mentorOf(app, mine);
  other = await mentorOf(app, theirs);
  const { employerId } = await employerOf(app);
  const job = (overrides: Record<string, string>) =>
    publishVacancy(app, employerId, {
      occupation: '29302',
      title: `Koch ${word}`,
      town: 'Dresden',
      germanLevel: 'A2',
      workingTime: 'full',
      ...overrides,
    });
  vacancy.dresden = await job({});
  vacancy.germanB2 = await job({ germanLevel: 'B2' });
  vacancy.licence = await job({ drivingLicence: 'on' });
  vacancy.apprenticeshipPartTime = await job({ kind: 'apprenticeship', durationMonths: '36', partTimeTraining: 'on', germanLevel: 'A2' });
  vacancy.draft = await publishVacancy(app, employerId, { occupation: '29302', title: `Koch Entwurf ${word}` }, false);

  const make = (of: typeof mentor, overrides: Record<string, unknown>) =>
    createTestMentee(app, of, { germanLevel: 'B1', homeTown: 'Dresden', travelKm: '25', drivingLicence: 'on', ...overrides });
  mentee.cook = await make(mentor, { desiredOccupations: ['29302'] });
  mentee.cleaner = await make(mentor, {
    desiredOccupations: ['54101'],
    homeTown: 'Radebeul',
    experience: [{ occupation: '29302', years: 2 }],
  });
  mentee.weakGerman = await make(mentor, { desiredOccupations: ['29302'], germanLevel: 'A2' });
  mentee.farAway = await make(mentor, { desiredOccupations: ['29302'], homeTown: 'Leipzig', travelKm: '30' });
  mentee.noLicence = await make(mentor, { desiredOccupations: ['29302'], drivingLicence: '' });
  mentee.closed = await make(mentor, { desiredOccupations: ['29302'] });
  mentee.partTime = await make(mentor, { desiredOccupations: ['29302'], desiredKinds: ['apprenticeship'], workingTime: 'part' });
  mentee.theirs = await make(other, { desiredOccupations: ['29302'] });
  await setMenteeStatus(app, mine, mentee.closed.id, 'closed');
  await flushOutbox(app);
});

describe('GET /mentor/vacancies/:id/candidates', () => {
  it('finds my mentee whose desired occupation the vacancy is, with the same criteria as the forward direction', async () => {
    const body = await candidatesOf(mentor.agent, vacancy.dresden);
    expect(Object.keys(body).sort()).toEqual(['candidates', 'stretch', 'vacancy']);
    expect(body.vacancy.id).toBe(vacancy.dresden);
    const cook = body.candidates.find((c) => c.mentee.id === mentee.cook.id)!;
    expect(cook).toBeDefined();
    expect(cook.mentee).toMatchObject({ code: mentee.cook.code, homeTown: 'Dresden', url: `/mentor/mentees/${mentee.cook.id}` });
    expect(cook.score).toBe(0.95);
    expect(cook.criteria.map((c) => c.name)).toEqual(CRITERIA_ORDER);
    expect(criterion(cook, 'occupation')).toMatchObject({ status: 'met', values: { kind: 'desired', code: '29302' } });

    const forward = await mentor.agent.get(`/mentor/mentees/${mentee.cook.id}/matches`).set('Accept', 'application/json');
    const same = (forward.body.matches as MatchJson[]).find((m) => m.vacancy.id === vacancy.dresden)!;
    expect(same).toBeDefined();
    expect(cook.criteria).toEqual(same.criteria);
    expect(cook.score).toBe(same.score);
  });

  it('ranks by relevance: a desired occupation above experience in it', async () => {
    const body = await candidatesOf(mentor.agent, vacancy.dresden);
    const cook = body.candidates.find((c) => c.mentee.id === mentee.cook.id)!;
    const cleaner = body.candidates.find((c) => c.mentee.id === mentee.cleaner.id)!;
    expect(criterion(cleaner, 'occupation')).toMatchObject({ status: 'met', values: { kind: 'experience', years: 2 } });
    expect(cook.score).toBeGreaterThan(cleaner.score);
    expect(menteeIds(body.candidates).indexOf(mentee.cook.id)).toBeLessThan(menteeIds(body.candidates).indexOf(mentee.cleaner.id));
  });

  it('lists only active mentees of my project who can reach the vacancy', async () => {
    const mineListed = await candidatesOf(mentor.agent, vacancy.dresden);
    const listed = [...menteeIds(mineListed.candidates), ...menteeIds(mineListed.stretch)];
    expect(listed).not.toContain(mentee.theirs.id);
    expect(listed).not.toContain(mentee.closed.id);
    expect(listed).not.toContain(mentee.farAway.id);
    const projectOf = await app.db.selectFrom('mentees').select(['id', 'project_id', 'status']).where('id', 'in', listed).execute();
    expect(projectOf.every((m) => m.project_id === mentor.projectId && m.status === 'active')).toBe(true);

    const theirsListed = await candidatesOf(other.agent, vacancy.dresden);
    const theirIds = [...menteeIds(theirsListed.candidates), ...menteeIds(theirsListed.stretch)];
    expect(theirIds).toContain(mentee.theirs.id);
    expect(theirIds).not.toContain(mentee.cook.id);
  });

  it("never shows another project's mentee, even when the index wrongly files it under my project", async () => {
    // A stale or corrupt document: their mentee under my project id. My project's tenant token lets it
    // through (the index says it is mine); the profiles come from PostgreSQL, scoped to my project.
    const index = app.searchEngine.admin.index(MENTEE_INDEX);
    const original = await index.getDocument(mentee.theirs.id);
    await index.updateDocuments([{ id: mentee.theirs.id, projectId: mentor.projectId }]).waitTask();
    try {
      const viaToken = await (await app.searchEngine.menteeSearch(mentor.projectId))!
        .index(MENTEE_INDEX)
        .search(mentee.theirs.code, { limit: 1_000 });
      expect(viaToken.hits.map((h) => h.id)).toContain(mentee.theirs.id);
      const body = await candidatesOf(mentor.agent, vacancy.dresden);
      expect([...menteeIds(body.candidates), ...menteeIds(body.stretch)]).not.toContain(mentee.theirs.id);
      expect(menteeIds(body.candidates)).toContain(mentee.cook.id);
    } finally {
      await index.addDocuments([original]).waitTask();
    }
    // Back under their project, their mentor finds them again.
    expect(menteeIds((await candidatesOf(other.agent, vacancy.dresden)).candidates)).toContain(mentee.theirs.id);
  });

  it('puts a mentee one German level below the requirement into the stretch list, marked', async () => {
    const body = await candidatesOf(mentor.agent, vacancy.germanB2);
    expect(menteeIds(body.candidates)).not.toContain(mentee.cook.id);
    const cook = body.stretch.find((c) => c.mentee.id === mentee.cook.id)!;
    expect(cook).toBeDefined();
    expect(criterion(cook, 'german')).toMatchObject({ status: 'stretched', values: { mentee: 'B1', required: 'B2' } });
    // Two levels below is not a stretch.
    expect([...menteeIds(body.candidates), ...menteeIds(body.stretch)]).not.toContain(mentee.weakGerman.id);
  });

  it('keeps the hard constraints: driving licence, kind and working time', async () => {
    const licence = await candidatesOf(mentor.agent, vacancy.licence);
    expect(menteeIds(licence.candidates)).toContain(mentee.cook.id);
    expect([...menteeIds(licence.candidates), ...menteeIds(licence.stretch)]).not.toContain(mentee.noLicence.id);

    const apprenticeship = await candidatesOf(mentor.agent, vacancy.apprenticeshipPartTime);
    const partTime = apprenticeship.candidates.find((c) => c.mentee.id === mentee.partTime.id)!;
    expect(partTime).toBeDefined();
    expect(criterion(partTime, 'workingTime')).toMatchObject({
      status: 'met',
      values: { mentee: 'part', vacancy: 'full', partTimeTraining: true },
    });
    // The others look for jobs only.
    expect([...menteeIds(apprenticeship.candidates), ...menteeIds(apprenticeship.stretch)]).not.toContain(mentee.cook.id);
  });

  it('renders the page with mentee codes linked to their profiles and the criteria', async () => {
    const page = await mentor.agent.get(`/mentor/vacancies/${vacancy.dresden}/candidates?lang=de`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<a href="/mentor/mentees/${mentee.cook.id}">${mentee.cook.code}</a>`);
    expect(page.text).not.toContain(mentee.theirs.code);
    expect(page.text).toMatch(/<strong class="status status--met">Erfüllt:<\/strong> Wunschberuf: Köchin \/ Koch/);
    expect(page.text).toContain('Passung 0,95');
  });

  it('answers 404 for a draft, an unknown or a malformed vacancy id', async () => {
    for (const id of [vacancy.draft, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const response = await mentor.agent.get(`/mentor/vacancies/${id}/candidates`).set('Accept', 'application/json');
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });
});

describe('the private mentees index', () => {
  it('cannot be searched with the public search key', async () => {
    // The document is there (the master key reads it), so a refusal is not an empty index.
    expect(await masterClient().index(MENTEE_INDEX).getDocument(mentee.cook.id)).toMatchObject({ code: mentee.cook.code });
    const publicClient = createMeiliClient(testServices().meiliUrl, await ensurePublicSearchKey(masterClient()));
    const error = await publicClient
      .index(MENTEE_INDEX)
      .search(mentee.cook.code)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(MeilisearchApiError);
    expect((error as MeilisearchApiError).response.status).toBe(403);
    const multi = await publicClient.multiSearch({ queries: [{ indexUid: MENTEE_INDEX, q: '' }] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((multi as MeilisearchApiError).response.status).toBe(403);
  });
});

describe('when Meilisearch cannot be reached', () => {
  let down: FastifyInstance;
  beforeAll(async () => {
    down = await buildTestApp({ services: { meiliUrl: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await down?.close();
  });

  it('answers 503 with a friendly message, page and JSON', async () => {
    // No stored list to fall back on (a fresh one is served while search is down: stored-lists.test.ts).
    await down.db.deleteFrom('mentee_match_lists').where('mentee_id', '=', mentee.cook.id).execute();
    const agent = await loginAs(down, mentor.email);
    const json = await agent.get(`/mentor/mentees/${mentee.cook.id}/matches`).set('Accept', 'application/json');
    expect(json.status).toBe(503);
    expect(json.body.error).toMatchObject({ code: 'unavailable' });
    const page = await agent.get(`/mentor/mentees/${mentee.cook.id}/matches?lang=de`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('Die Suche nach passenden Stellen ist gerade nicht erreichbar');
    expect((await agent.get(`/mentor/vacancies/${vacancy.dresden}/candidates`).set('Accept', 'application/json')).status).toBe(503);
    // Another project's mentee is still a 404, not a 503: the boundary is checked first.
    const otherAgent = await loginAs(down, other.email);
    expect((await otherAgent.get(`/mentor/mentees/${mentee.cook.id}/matches`).set('Accept', 'application/json')).status).toBe(404);
  });
});
