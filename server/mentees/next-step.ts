import { checkInSchedule, daysBetween, nextCheckIn } from '../follow-ups/schedule.ts';
import { todayInBerlin } from '../time/berlin.ts';
import type { MenteeActivity, MenteePlacement } from './queries.ts';
import type { MenteeProfile } from './types.ts';

/**
 * What a mentor should do next for each mentee on her list, most urgent first. Pure: the caller
 * brings the facts (server/mentees/queries.ts: listMenteeActivity, listMenteePlacements; the new
 * matches' counts) and today's Berlin date.
 *
 * Urgency, one rank per reason:
 * 1. an employer answered a proposal since the mentor last opened the overview (someone waits for her);
 * 2. a follow-up check-in after a placement is overdue, 3. or due (the rules of follow-ups/schedule.ts);
 * 4. new matching vacancies were published for an active mentee;
 * 5. no contact for 30 days with an active mentee (what counts as contact: MenteeActivity.lastContactAt).
 */
export type NextStep =
  | { reason: 'employerAnswered'; count: number; since: Date }
  | { reason: 'checkInOverdue' | 'checkInDue'; dueDate: string; placementId: string }
  | { reason: 'newMatches'; count: number }
  | { reason: 'noContact'; days: number };

export const NO_CONTACT_DAYS = 30;

const RANK: Record<NextStep['reason'], number> = { employerAnswered: 0, checkInOverdue: 1, checkInDue: 2, newMatches: 3, noContact: 4 };

/** The steps of one mentee, most urgent first; empty when nothing is waiting. */
export function nextSteps(
  mentee: Pick<MenteeProfile, 'status'>,
  facts: { activity?: MenteeActivity; placements: readonly MenteePlacement[]; newMatches: number },
  today: string,
): NextStep[] {
  if (mentee.status === 'closed') return [];
  const steps: NextStep[] = [];
  const { activity } = facts;
  if (activity && activity.unseenAnswers > 0 && activity.firstUnseenAnswerAt)
    steps.push({ reason: 'employerAnswered', count: activity.unseenAnswers, since: activity.firstUnseenAnswerAt });
  // Of several running placements (someone who changed jobs), the check-in due first.
  const checkIns = facts.placements
    .filter((p) => p.endedOn === null)
    .map((p) => ({ placementId: p.id, next: nextCheckIn(checkInSchedule(p.startDate, p.contactDates, today)) }))
    .filter((c) => c.next !== null && c.next.state !== 'upcoming')
    .sort((a, b) => (a.next!.dueDate < b.next!.dueDate ? -1 : a.next!.dueDate > b.next!.dueDate ? 1 : 0));
  const first = checkIns[0];
  if (first)
    steps.push({
      reason: first.next!.state === 'overdue' ? 'checkInOverdue' : 'checkInDue',
      dueDate: first.next!.dueDate,
      placementId: first.placementId,
    });
  if (mentee.status === 'active' && facts.newMatches > 0) steps.push({ reason: 'newMatches', count: facts.newMatches });
  if (mentee.status === 'active' && activity) {
    const days = daysBetween(todayInBerlin(activity.lastContactAt), today);
    if (days >= NO_CONTACT_DAYS) steps.push({ reason: 'noContact', days });
  }
  return steps.sort((a, b) => RANK[a.reason] - RANK[b.reason]);
}

/** Within one reason, who waited longest comes first (the oldest answer or due date, the longest silence, the most matches). */
function weight(step: NextStep): number {
  switch (step.reason) {
    case 'employerAnswered':
      return step.since.getTime();
    case 'checkInOverdue':
    case 'checkInDue':
      return Date.parse(step.dueDate);
    case 'newMatches':
      return -step.count;
    case 'noContact':
      return -step.days;
  }
}

/**
 * Orders list rows by their most urgent step; rows without a step keep their order after the others
 * (Array.prototype.sort is stable).
 */
export function byUrgency<T extends { steps: readonly NextStep[] }>(a: T, b: T): number {
  const x = a.steps[0];
  const y = b.steps[0];
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1);
  return RANK[x.reason] - RANK[y.reason] || weight(x) - weight(y);
}
