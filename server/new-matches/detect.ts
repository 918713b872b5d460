import type { Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import { candidatesFor } from '../../search/matching.ts';
import { toDocument, type VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import type { Database } from '../db/database.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { activeProjectsSince, findMatchableVacancies, findRelatedActiveMentees, insertNewMatches } from './queries.ts';

/** The project's tenant-token client for the private mentees index (null while search is not set up). */
export type MenteeSearchFor = (projectId: number) => Promise<Meilisearch | null>;

/**
 * Finds the active mentees the given vacancies are new matches for and records them; returns
 * how many pairs were new. The direction is vacancy → mentees (`candidatesFor`, the reverse of
 * the match list: the same hard constraints and the same `classify`), one search per vacancy
 * and project with active mentees, so the cost grows with the published vacancies and the
 * projects, never with mentees × all vacancies.
 *
 * What counts, in step with the mentee list's match count (`matchCounts`): a match, not a
 * stretch, whose occupation is the mentee's desired one, in its 4-digit field, or one she worked
 * in (text-only relatedness is the match list's extra and is not looked for here). Only mentees
 * whose profile existed when the vacancy was published: to a newer profile it is no news, it was
 * on her first match list. A vacancy that is not visible (draft, closed, expired, a pending or
 * suspended employer's) finds nobody.
 */
export async function detectNewMatches(
  db: Kysely<Database>,
  menteeSearch: MenteeSearchFor,
  vacancyIds: readonly string[],
): Promise<number> {
  const rows = await findMatchableVacancies(db, vacancyIds, todayInBerlin());
  if (rows.length === 0) return 0;
  const projects = await activeProjectsSince(db);
  let found = 0;
  for (const row of rows) found += await detectFor(db, menteeSearch, row, projects);
  return found;
}

async function detectFor(
  db: Kysely<Database>,
  menteeSearch: MenteeSearchFor,
  row: VacancyRowForIndex,
  projects: readonly { projectId: number; since: Date }[],
): Promise<number> {
  const publishedAt = row.published_at;
  if (!publishedAt) return 0;
  const vacancy = toDocument(row);
  const lists = await Promise.all(
    projects
      .filter((p) => p.since <= publishedAt)
      .map(async ({ projectId }) => {
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
      .map((c) => ({ menteeId: c.mentee.id, vacancyId: row.id })),
  );
  return insertNewMatches(db, pairs);
}
