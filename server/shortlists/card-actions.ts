import type { FastifyInstance } from 'fastify';
import { FINAL_STATUSES, type IntroductionStatus } from '../introductions/transitions.ts';
import { vacancyMarksOf } from './queries.ts';

/** What the mentor has done with each vacancy for one mentee: shortlisted it, proposed it (the latest introduction). */
export interface VacancyMarks {
  shortlisted: ReadonlySet<string>;
  introductions: ReadonlyMap<string, { id: string; status: string }>;
}

export async function vacancyMarks(app: FastifyInstance, menteeId: string): Promise<VacancyMarks> {
  return vacancyMarksOf(app.db, menteeId);
}

/** After a decline or a withdrawal the same vacancy may be proposed again; while one is open or placed, not. */
const ENDED: readonly string[] = FINAL_STATUSES.filter((s: IntroductionStatus) => s !== 'placed');

/** What of the mentee decides which proposal a card offers. */
export interface CardMentee {
  id: string;
  /** Only an active mentee is proposed (and the vacancy must still be advertised: the caller folds that in). */
  active: boolean;
  /** Recorded consent: without it a proposal is refused, so the card leads to the page that says why instead. */
  consent: boolean;
}

/**
 * The buttons and states of one vacancy's card on the match list and on the shortlist, one rule for both:
 * shortlist or un-shortlist it (a form that comes back to `returnTo`, the card's own anchor), propose it, or
 * the proposal's status when there is one. With consent, proposing is the card's own form (one click; an
 * optional message folded away in it) that posts to the introductions route and comes back to `returnTo`;
 * without consent it is a link to the proposal page, which explains what is missing.
 */
export function cardActions(mentee: CardMentee, vacancyId: string, marks: VacancyMarks, returnTo: string) {
  const base = `/mentor/mentees/${mentee.id}`;
  const introduction = marks.introductions.get(vacancyId);
  const proposable = mentee.active && (!introduction || ENDED.includes(introduction.status));
  return {
    returnTo,
    shortlisted: marks.shortlisted.has(vacancyId),
    addAction: `${base}/shortlist`,
    removeAction: `${base}/shortlist/${vacancyId}/remove`,
    proposal: introduction ? { status: introduction.status, url: `/mentor/introductions/${introduction.id}` } : null,
    proposeAction: proposable && mentee.consent ? `${base}/introductions` : null,
    // Built only for the cards that show it (a match page has fifteen cards).
    proposeUrl:
      proposable && !mentee.consent
        ? `${base}/introductions/new?${new URLSearchParams({ vacancy: vacancyId, returnTo }).toString()}`
        : null,
  };
}
