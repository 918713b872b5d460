import type { FastifyInstance } from 'fastify';
import type { Meilisearch } from 'meilisearch';
import {
  candidatesFor,
  matchCounts,
  matchVacancies,
  type CandidateList,
  type MatchList,
  type OccupationLookup,
} from '../../search/matching.ts';
import { toDocument, type VacancyDocument } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { referenceLists } from '../reference-data.ts';
import * as queries from './queries.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'unavailable' };

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
): Promise<Outcome<T>> {
  if (!client || !app.searchEngine.available()) return { ok: false, reason: 'unavailable' };
  try {
    return { ok: true, value: await run(client) };
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    app.searchEngine.markDown();
    app.log.warn({ err: error }, 'matching unavailable: search is down');
    return { ok: false, reason: 'unavailable' };
  }
}

/** A mentee of the mentor's project with their explained matches. */
export async function menteeMatches(
  app: FastifyInstance,
  projectId: number,
  menteeId: string,
): Promise<Outcome<{ mentee: MenteeProfile; list: MatchList }>> {
  const mentee = await findProjectMentee(app.db, projectId, menteeId);
  if (!mentee) return { ok: false, reason: 'not_found' };
  const occupations = await occupationLookup(app);
  const today = todayInBerlin();
  // A mentor goes back and forth between a mentee's matches and a proposal: the list stays until the
  // profile (its version), the day or the vacancies index changes.
  const key = `${mentee.id}:${mentee.version}:${today}`;
  const result = await searching(app, (client) =>
    app.searchEngine.matchCache.fetch(key, () => matchVacancies(client, mentee, occupations, today, app.searchEngine.matchTextCache)),
  );
  return result.ok ? { ok: true, value: { mentee, list: result.value } } : result;
}

/** A published vacancy with the mentor's project's mentees who fit it. */
export async function vacancyCandidates(
  app: FastifyInstance,
  projectId: number,
  vacancyId: string,
): Promise<Outcome<{ vacancy: VacancyDocument; list: CandidateList }>> {
  const row = await queries.findMatchableVacancy(app.db, vacancyId, todayInBerlin());
  if (!row) return { ok: false, reason: 'not_found' };
  const vacancy = toDocument(row);
  const result = await searching(
    app,
    (client) => candidatesFor(client, vacancy, projectId, (ids) => queries.findActiveProjectMentees(app.db, projectId, ids)),
    await app.searchEngine.menteeSearch(projectId),
  );
  return result.ok ? { ok: true, value: { vacancy, list: result.value } } : result;
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
