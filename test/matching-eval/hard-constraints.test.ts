import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../server/domain.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { occupationLookup } from '../../server/matches/service.ts';
import type { MenteeProfile } from '../../server/mentees/types.ts';
import { matchVacancies, type Match, type MatchList } from '../../search/matching.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { createMeiliClient } from '../../search/client.ts';
import { ensureKeys } from '../../search/setup.ts';
import { useTestApp, flushOutbox, masterClient, unique } from '../helpers/app.ts';
import { testServices } from '../helpers/services.ts';
import {
  brokenConstraints,
  courseReaches,
  loadProfiles,
  loadVacancies,
  placeOf,
  qualificationStretch,
  rank,
  type EvalProfile,
  type EvalVacancy,
} from './fixture.ts';
import { createEvalEmployer, createEvalMentees, createEvalMentor, insertVacanciesInBulk, type Mentor } from './load.ts';

/**
 * The labelled set as a test: every profile's matches, over the whole fixed
 * vacancy set, checked against the hard constraints computed here from the
 * fixture itself (not from the engine's own classification).
 */
describe('matching over the evaluation set', () => {
  const app = useTestApp();
  const profiles = loadProfiles();
  const vacancies = loadVacancies();
  const fixtureById = new Map<string, EvalVacancy>();
  const mentees = new Map<string, MenteeProfile>();
  const results = new Map<string, MatchList>();

  let employerId: string | undefined;
  let mentor: Mentor | undefined;

  beforeAll(async () => {
    employerId = await createEvalEmployer(app, `${unique('eval-employer')}@example.org`, `Matching-Evaluation ${unique()}`);
    mentor = await createEvalMentor(app, `${unique('eval-mentor')}@example.org`);
    const ids = await insertVacanciesInBulk(app, employerId, vacancies);
    for (const v of vacancies) fixtureById.set(ids.get(v.key)!, v);
    for (const [key, mentee] of await createEvalMentees(app, mentor, profiles)) mentees.set(key, mentee);
    await flushOutbox(app);
    // The mentor's key, which the match page searches with, without the page's 2 s request limit: this file checks
    // what matching finds, and on the shared two-core machine (load 15-28) one multi-search over the whole set took
    // longer and failed the file (issue 14).
    const { mentorSearch } = await ensureKeys(masterClient());
    const client = createMeiliClient(testServices().meiliUrl, mentorSearch, 60_000);
    const occupations = await occupationLookup(app);
    for (const profile of profiles) {
      results.set(profile.key, await matchVacancies(client, mentees.get(profile.key)!, occupations, todayInBerlin()));
    }
  }, 120_000);

  // The test database is shared with the files that run after this one: take the set out of the database and the index again.
  afterAll(async () => {
    if (app && employerId && mentor) {
      await app.db.transaction().execute(async (trx) => {
        const vacanciesGone = await trx.deleteFrom('vacancies').where('employer_id', '=', employerId!).returning('id').execute();
        await enqueueIndexing(
          trx,
          VACANCY_INDEX,
          vacanciesGone.map((r) => r.id),
        );
        const menteesGone = await trx.deleteFrom('mentees').where('mentor_id', '=', mentor!.id).returning('id').execute();
        await enqueueIndexing(
          trx,
          MENTEE_INDEX,
          menteesGone.map((r) => r.id),
        );
      });
      await flushOutbox(app);
    }
  });

  /** The fixture's own vacancies among the results (the shared test database holds other tests' vacancies too). */
  const ours = (list: readonly Match[]) =>
    list.flatMap((m) => (fixtureById.has(m.vacancy.id) ? [{ match: m, v: fixtureById.get(m.vacancy.id)! }] : []));

  function violations(profile: EvalProfile, match: Match, v: EvalVacancy, stretch: boolean): string[] {
    const mentee = mentees.get(profile.key)!;
    const km = distanceKm(mentee.location, match.vacancy.location);
    const found: string[] = [];
    if (v.status !== 'published') found.push(`status ${v.status}`);
    // The index's coordinates are the town's.
    if (distanceKm(match.vacancy.location, placeOf(v.town)) > 0.01) found.push('coordinates differ from the town');
    const broken = brokenConstraints(mentee, mentee.location, v, match.vacancy.location).filter((c) => c !== 'distance' && c !== 'german');
    found.push(...broken);
    // A German course that ends in time closes the German gap; a qualification the person lacks is a stretch of its own (issue 15).
    const germanAbove = courseReaches(profile, v) ? 0 : rank(v.germanLevel) - rank(mentee.germanLevel);
    const farther = km > mentee.travelKm;
    const qualification = qualificationStretch(mentee, v);
    if (!stretch) {
      if (farther) found.push(`distance ${km.toFixed(1)} km > ${mentee.travelKm} km`);
      if (germanAbove > 0) found.push(`German ${v.germanLevel} > ${mentee.germanLevel}`);
      if (qualification) found.push(`qualification ${v.qualification} (${v.occupation}) for ${mentee.qualification}`);
    } else {
      const germanStretched = germanAbove === 1;
      const distanceStretched = farther && km <= mentee.travelKm * 1.5;
      const softBroken = Number(germanAbove > 0) + Number(farther) + Number(qualification);
      if (softBroken !== 1) found.push(`${softBroken} soft constraints broken`);
      else if (!qualification && !germanStretched && !distanceStretched)
        found.push(`stretched too far (German ${v.germanLevel} for ${mentee.germanLevel}, ${km.toFixed(1)} km for ${mentee.travelKm} km)`);
    }
    return found.map((problem) => `${profile.key} ${v.key} ${stretch ? 'stretch' : 'match'}: ${problem}`);
  }

  it('no non-stretch match breaks a hard constraint, for any profile', () => {
    const problems = profiles.flatMap((p) => ours(results.get(p.key)!.matches).flatMap(({ match, v }) => violations(p, match, v, false)));
    expect(problems).toEqual([]);
  });

  it('every stretch match breaks exactly one soft constraint, and only by one step', () => {
    const problems = profiles.flatMap((p) => ours(results.get(p.key)!.stretch).flatMap(({ match, v }) => violations(p, match, v, true)));
    expect(problems).toEqual([]);
  });

  it('the checks above had work to do: many matches, both kinds of stretch, and the traps stayed out', () => {
    const matched = profiles.flatMap((p) => ours(results.get(p.key)!.matches));
    const stretched = profiles.flatMap((p) => ours(results.get(p.key)!.stretch).map(({ match, v }) => ({ p, match, v })));
    expect(matched.length).toBeGreaterThan(200);
    expect(stretched.some(({ p, v }) => rank(v.germanLevel) > rank(mentees.get(p.key)!.germanLevel))).toBe(true);
    expect(
      stretched.some(({ p, match }) => distanceKm(mentees.get(p.key)!.location, match.vacancy.location) > mentees.get(p.key)!.travelKm),
    ).toBe(true);
    // Every vacancy a judge found relevant passes the hard constraints; most of them must be matched. One in the stretch list
    // is there for the qualification alone (issue 15: lacking it, or a regulated job without recognition), and its line says so.
    const judged = profiles.flatMap((p) => p.judgements.filter((j) => j.grade === 2).map((j) => ({ p, key: j.vacancy })));
    const matchedKeys = new Set(profiles.flatMap((p) => ours(results.get(p.key)!.matches).map(({ v }) => `${p.key}:${v.key}`)));
    const unexplained = stretched.filter(({ p, match, v }) => {
      if (!judged.some((j) => j.p.key === p.key && j.key === v.key)) return false;
      const line = match.criteria.find((c) => c.name === 'qualification')!;
      return !(line.status === 'stretched' && /_missing$|^regulated_/.test(String(line.detail.reason)));
    });
    expect(unexplained.map(({ p, v }) => `${p.key}:${v.key}`)).toEqual([]);
    expect(judged.filter(({ p, key }) => matchedKeys.has(`${p.key}:${key}`)).length / judged.length).toBeGreaterThan(0.8);
    // Drafts and closed vacancies of a wanted occupation are in the set; none may surface.
    const unpublished = [...matched, ...stretched].filter(({ v }) => v.status !== 'published');
    expect(unpublished).toEqual([]);
  });
});
