import type { FastifyInstance } from 'fastify';
import { FINAL_STATUSES, type IntroductionStatus } from '../introductions/transitions.ts';
import { latestIntroductions, shortlistedIds } from './queries.ts';

/** What the mentor has done with each vacancy for one mentee: shortlisted it, proposed it (the latest introduction). */
export interface VacancyMarks {
  shortlisted: ReadonlySet<string>;
  introductions: ReadonlyMap<string, { id: string; status: string }>;
}

export async function vacancyMarks(app: FastifyInstance, menteeId: string): Promise<VacancyMarks> {
  const [shortlisted, introductions] = await Promise.all([shortlistedIds(app.db, menteeId), latestIntroductions(app.db, menteeId)]);
  return { shortlisted, introductions };
}

/** After a decline or a withdrawal the same vacancy may be proposed again; while one is open or placed, not. */
const ENDED: readonly string[] = FINAL_STATUSES.filter((s: IntroductionStatus) => s !== 'placed');

/**
 * The buttons and states of one vacancy's card on the match list and on the shortlist, one rule for both:
 * shortlist or un-shortlist it (a form that comes back to `returnTo`, the card's own anchor), propose it
 * (a link to the proposal page that comes back there too), or the proposal's status when there is one.
 */
export function cardActions(menteeId: string, vacancyId: string, marks: VacancyMarks, returnTo: string, menteeActive: boolean) {
  const base = `/mentor/mentees/${menteeId}`;
  const introduction = marks.introductions.get(vacancyId);
  const proposable = menteeActive && (!introduction || ENDED.includes(introduction.status));
  const query = new URLSearchParams({ vacancy: vacancyId, returnTo });
  return {
    returnTo,
    shortlisted: marks.shortlisted.has(vacancyId),
    addAction: `${base}/shortlist`,
    removeAction: `${base}/shortlist/${vacancyId}/remove`,
    proposal: introduction ? { status: introduction.status, url: `/mentor/introductions/${introduction.id}` } : null,
    proposeUrl: proposable ? `${base}/introductions/new?${query.toString()}` : null,
  };
}
