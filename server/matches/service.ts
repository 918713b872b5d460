import type { FastifyInstance } from 'fastify';
import type { Meilisearch } from 'meilisearch';
import { candidatesFor, matchCounts, type CandidateList, type MatchList, type OccupationLookup } from '../../search/matching.ts';
import { toDocument, type VacancyDocument } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import { notFound, ok, unavailable, type NotFound, type Result, type Unavailable } from '../http/refusal.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { referenceLists } from '../reference-data.ts';
import * as queries from './queries.ts';
import type { ListWindow } from './queries.ts';
import { computeMatchList, freshMatchList, freshMatchWindow, listWindow, type MatchWindow } from './stored-lists.ts';

/** A match list's refusals: no such mentee or vacancy here (404), or the search engine is away (503). */
export type MatchResult<T> = Result<T, NotFound | Unavailable>;

/** The search engine away, in the words the match pages show. */
const searchAway = () => unavailable('matching.unavailable');

const lookups = new WeakMap<object, OccupationLookup>();

/** Occupation names by code, built once per loaded occupation list. */
export async function occupationLookup(app: FastifyInstance): Promise<OccupationLookup> {
  const lists = await referenceLists(app.db);
  let lookup = lookups.get(lists);
  if (!lookup) {
    lookup = new Map(lists.occupations.map((o) => [o.code, { title_de: o.title_de, title_en: o.title_en, synonyms: o.synonyms }]));
    lookups.set(lists, lookup);
  }
  return lookup;
}

/**
 * Runs a search; Meilisearch being down (or found down by this call) is an outcome, not an error.
 * The client is the mentor-search key's (the vacancies index only) unless the caller passes a
 * project's mentee-search client (its tenant token sees that project's mentees only).
 */
async function searching<T>(
  app: FastifyInstance,
  run: (client: Meilisearch) => Promise<T>,
  client = app.searchEngine.mentor(),
): Promise<Result<T, Unavailable>> {
  if (!client || !app.searchEngine.available()) return searchAway();
  try {
    return ok(await run(client));
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    app.searchEngine.markDown();
    app.log.warn({ err: error }, 'matching unavailable: search is down');
    return searchAway();
  }
}

/**
 * A mentee of the mentor's project with their explained matches: the stored list while it is fresh, else
 * computed now (and stored for the next visit).
 */
export async function menteeMatches(
  app: FastifyInstance,
  projectId: number,
  menteeId: string,
): Promise<MatchResult<{ mentee: MenteeProfile; list: MatchList }>> {
  const mentee = await findProjectMentee(app.db, projectId, menteeId);
  if (!mentee) return notFound();
  const list = await wholeMatchList(app, mentee);
  return list.ok ? ok({ mentee, list: list.value }) : list;
}

/** The whole list of a mentee already read and checked (`findProjectMentee`): the JSON answer of the match page. */
export async function wholeMatchList(app: FastifyInstance, mentee: MenteeProfile): Promise<MatchResult<MatchList>> {
  const today = todayInBerlin();
  // A fresh stored list (stored-lists.ts) needs no search, so it is served while Meilisearch is down too.
  const stored = await freshMatchList(app, mentee, today);
  return stored ? ok(stored) : computedNow(app, mentee, today);
}

/** The mentee's list computed at Meilisearch now (and stored: stored-lists.ts), when no fresh one is stored. */
async function computedNow(app: FastifyInstance, mentee: MenteeProfile, today: string): Promise<MatchResult<MatchList>> {
  const occupations = await occupationLookup(app);
  return searching(app, (client) => computeMatchList(app, client, mentee, occupations, today));
}

/**
 * The cards one page shows of a mentee's list (the match page, the overview's first matches), for a mentee already
 * read and checked (`findProjectMentee`): cut from the fresh stored list in PostgreSQL, else from the list computed now.
 */
export async function menteeMatchWindow(
  app: FastifyInstance,
  mentee: MenteeProfile,
  window: ListWindow,
): Promise<MatchResult<MatchWindow>> {
  const today = todayInBerlin();
  const stored = await freshMatchWindow(app, mentee, today, window);
  if (stored) return ok(stored);
  const result = await computedNow(app, mentee, today);
  return result.ok ? ok(listWindow(result.value, window)) : result;
}

/** A published vacancy with the mentor's project's mentees who fit it. */
export async function vacancyCandidates(
  app: FastifyInstance,
  projectId: number,
  vacancyId: string,
): Promise<MatchResult<{ vacancy: VacancyDocument; list: CandidateList }>> {
  const row = await queries.findMatchableVacancy(app.db, vacancyId, todayInBerlin());
  // The candidates page names what was not found: the vacancy (a malformed id answers the same, see routes.ts).
  if (!row) return notFound('errors.vacancyNotFound');
  const vacancy = toDocument(row);
  const result = await searching(
    app,
    (client) => candidatesFor(client, vacancy, projectId, (ids) => queries.findActiveProjectMentees(app.db, projectId, ids)),
    await app.searchEngine.menteeSearch(projectId),
  );
  return result.ok ? ok({ vacancy, list: result.value }) : result;
}

/** Match counts for a list of mentees (the mentee list); null when search is down, so the list still shows. */
export async function countMatches(app: FastifyInstance, mentees: readonly MenteeProfile[]): Promise<Map<string, number> | null> {
  const occupations = await occupationLookup(app);
  const result = await searching(app, (client) =>
    matchCounts(
      client,
      mentees.filter((m) => m.status === 'active'),
      occupations,
      todayInBerlin(),
    ),
  );
  return result.ok ? result.value : null;
}
