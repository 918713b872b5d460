import type { FastifyInstance } from 'fastify';
import { todayInBerlin } from '../time/berlin.ts';
import { countMatches } from '../matches/service.ts';
import { unseenMatchCounts } from '../new-matches/queries.ts';
import { byUrgency, nextSteps, type NextStep } from './next-step.ts';
import { listMenteeActivity, listMenteePlacements, listProjectMentees, type MenteeListFilter, type MenteePlacement } from './queries.ts';
import type { MenteeProfile } from './types.ts';

export type MenteeListRow = Omit<MenteeProfile, 'notes'> & { matchCount: number | null; steps: NextStep[] };

/**
 * The mentor's list: the project's mentees that pass the filter, each with its match count and
 * next steps, most urgent first. `matchCounts` is false when search is down (the list still shows).
 */
export async function menteeList(
  app: FastifyInstance,
  projectId: number,
  filter: MenteeListFilter,
): Promise<{ rows: MenteeListRow[]; matchCounts: boolean }> {
  const mentees = await listProjectMentees(app.db, projectId, filter);
  const ids = mentees.map((m) => m.id);
  const today = todayInBerlin();
  const [counts, activity, placements, newMatches] = await Promise.all([
    mentees.length === 0 ? new Map<string, number>() : countMatches(app, mentees),
    listMenteeActivity(app.db, projectId, ids),
    listMenteePlacements(app.db, projectId, ids),
    unseenMatchCounts(app.db, ids, today),
  ]);
  const activityOf = new Map(activity.map((a) => [a.id, a]));
  const placementsOf = new Map<string, MenteePlacement[]>();
  for (const p of placements) placementsOf.set(p.menteeId, [...(placementsOf.get(p.menteeId) ?? []), p]);
  const rows = mentees.map(({ notes: _notes, ...m }) => ({
    ...m,
    matchCount: counts?.get(m.id) ?? null,
    steps: nextSteps(
      m,
      { activity: activityOf.get(m.id), placements: placementsOf.get(m.id) ?? [], newMatches: newMatches.get(m.id) ?? 0 },
      today,
    ),
  }));
  return { rows: rows.sort(byUrgency), matchCounts: counts !== null };
}
