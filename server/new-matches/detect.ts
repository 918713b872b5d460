import type { Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import { candidatesFor } from '../../search/matching.ts';
import { toDocument } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import type { Database } from '../db/database.ts';
import { todayInBerlin } from '../http/form-values.ts';
import { findMatchableVacancy } from '../matches/queries.ts';
import { findRelatedActiveMentees, insertNewMatches, projectsToMatch } from './queries.ts';

/** The project's tenant-token client for the private mentees index (null while search is not set up). */
export type MenteeSearchFor = (projectId: number) => Promise<Meilisearch | null>;

/**
 * Finds the active mentees a vacancy is a new match for and records them; returns how many
 * pairs were new. The direction is vacancy → mentees (`candidatesFor`, the reverse of the match
 * list, same hard constraints and the same `classify`), one search per project with active
 * mentees, so the cost grows with the projects, not with the vacancies.
 *
 * What counts, in step with the mentee list's match count (`matchCounts`): a match, not a
 * stretch, whose occupation is the mentee's desired one, in its 4-digit field, or one she worked
 * in (text-only relatedness is the match list's extra and is not looked for here). Only mentees
 * whose profile existed when the vacancy was published: to a newer profile it is no news, it was
 * on her first match list. A vacancy that is not visible (draft, closed, expired, a pending or
 * suspended employer's) finds nobody.
 */
export async function detectNewMatches(db: Kysely<Database>, menteeSearch: MenteeSearchFor, vacancyId: string): Promise<number> {
  const row = await findMatchableVacancy(db, vacancyId, todayInBerlin());
  if (!row?.published_at) return 0;
  const publishedAt = row.published_at;
  const vacancy = toDocument(row);
  const projects = await projectsToMatch(db, publishedAt);
  const lists = await Promise.all(
    projects.map(async (projectId) => {
      const client = await menteeSearch(projectId);
      if (!client) throw new SearchUnavailableError('Search has not been set up yet');
      return candidatesFor(client, vacancy, projectId, (ids) =>
        findRelatedActiveMentees(db, projectId, ids, vacancy.occupationCode, publishedAt),
      );
    }),
  );
  const pairs = lists.flatMap((list) =>
    list.matches
      .filter((c) => c.criteria.find((criterion) => criterion.name === 'occupation')?.status === 'met')
      .map((c) => ({ menteeId: c.mentee.id, vacancyId })),
  );
  return insertNewMatches(db, pairs);
}
