import type { VacancyRowForIndex } from '../../search/vacancy-index.ts';
import type { Db } from '../db/database.ts';
import { toProfile } from '../mentees/queries.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { selectVacancyRowsForIndex } from '../vacancies/queries.ts';

/** A vacancy that can be matched: published by an approved employer and not expired (the same rows the index holds). */
export async function findMatchableVacancy(db: Db, id: string, today: string): Promise<VacancyRowForIndex | undefined> {
  const [row] = await selectVacancyRowsForIndex(db, { ids: [id] });
  return row && (row.expires_at === null || row.expires_at >= today) ? row : undefined;
}

/** Active mentees of a project among the given ids (what the index found, checked against the source of truth). */
export async function findActiveProjectMentees(db: Db, projectId: number, ids: readonly string[]): Promise<MenteeProfile[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('mentees')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .where('id', 'in', ids)
    .execute();
  return rows.map(toProfile);
}
