import type { Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import { candidatesFor } from '../../search/matching.ts';
import { toDocument, type VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { SearchUnavailableError } from '../../search/vacancy-search.ts';
import type { Database } from '../db/database.ts';
import { menteesGotNewVacancies } from '../matches/stored-lists.ts';
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
 *
 * The same search tells the stored match lists (server/matches/stored-lists.ts) which mentees the vacancy fits,
 * match or stretch: their lists are invalidated before this returns. The caller runs it only once the vacancy's
 * change is searchable (worker.ts), so a list computed after the invalidation holds the vacancy.
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
  // Every project with an active mentee, whatever the age of the profiles: the vacancy may now fit a list that
  // did not hold it (an edit), and that list is computed again even where it is no news.
  const lists = await Promise.all(
    projects.map(async ({ projectId }) => {
      const client = await menteeSearch(projectId);
      if (!client) throw new SearchUnavailableError('Search has not been set up yet');
      return candidatesFor(client, vacancy, projectId, (ids) => findRelatedActiveMentees(db, projectId, ids, vacancy.occupationCode));
    }),
  );
  // Matches and stretches: the stored match list holds both (server/matches/stored-lists.ts).
  await menteesGotNewVacancies(
    db,
    lists.flatMap((list) => [...list.matches, ...list.stretch].map((c) => c.mentee.id)),
  );
  const pairs = lists.flatMap((list) =>
    list.matches
      .filter((c) => c.mentee.createdAt <= publishedAt)
      .filter((c) => c.criteria.find((criterion) => criterion.name === 'occupation')?.status === 'met')
      .map((c) => ({ menteeId: c.mentee.id, vacancyId: row.id })),
  );
  return insertNewMatches(db, pairs);
}
