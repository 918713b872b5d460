import type { FastifyInstance } from 'fastify';
import { checkInSchedule, nextCheckIn, placementStatus } from '../follow-ups/schedule.ts';
import { placementPath } from '../follow-ups/service.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { listMenteeIntroductions } from '../introductions/queries.ts';
import { menteeMatchWindow } from '../matches/service.ts';
import type { ListWindow } from '../matches/queries.ts';
import { listShortlist } from '../shortlists/queries.ts';
import { takeNewVacancyIds } from '../new-matches/queries.ts';
import { nextSteps, type NextStep } from './next-step.ts';
import * as queries from './queries.ts';
import type { MenteeProfile } from './types.ts';

/** How many matches the overview names before "see all": enough to judge the list, short on a phone. */
export const OVERVIEW_MATCHES = 3;
/** The overview's window of the match list: the first matches, no near misses. */
export const OVERVIEW_WINDOW: ListWindow = { matches: { offset: 0, size: OVERVIEW_MATCHES }, stretch: { offset: 0, size: 0 } };

export interface MenteeOverview {
  steps: NextStep[];
  matches: {
    state: 'closed' | 'unavailable' | 'listed';
    top: {
      id: string;
      title: string;
      url: string;
      employer: string;
      town: string;
      distanceKm: number | null;
      kind: string;
      isNew: boolean;
    }[];
    total: number;
  };
  shortlist: { id: string; title: string; employer: string; town: string; advertised: boolean }[];
  proposals: {
    id: string;
    url: string;
    vacancyTitle: string;
    employer: string;
    status: string;
    createdAt: Date;
    statusChangedAt: Date;
    newAnswer: boolean;
  }[];
  placements: {
    id: string;
    url: string;
    employer: string;
    vacancyTitle: string | null;
    kind: string;
    startDate: string;
    endedOn: string | null;
    status: string;
    next: { key: string; dueDate: string; state: string } | null;
  }[];
}

/**
 * Everything the mentor's overview of one mentee shows, gathered in parallel. Opening it counts as having seen the
 * employers' answers (they are marked "new" this once) and the new matches: both marks are set after reading.
 */
export async function menteeOverview(app: FastifyInstance, projectId: number, mentee: MenteeProfile): Promise<MenteeOverview> {
  const today = todayInBerlin();
  const [activity, placements, introductions, shortlist, matches] = await Promise.all([
    queries.listMenteeActivity(app.db, projectId, [mentee.id]),
    queries.listMenteePlacements(app.db, projectId, [mentee.id], { all: true }),
    listMenteeIntroductions(app.db, projectId, mentee.id),
    listShortlist(app.db, mentee.id, today),
    // Only the first matches are read (PostgreSQL cuts them from the stored list), not the whole list.
    mentee.status === 'closed' ? null : menteeMatchWindow(app, mentee, OVERVIEW_WINDOW),
  ]);
  // The employers' answers and the new matches (server/new-matches) are each read as they were and made seen in one
  // statement, after the reads above (the activity counts the answers as unseen).
  const [answered, newMatches] = await Promise.all([
    queries.markOverviewSeen(app.db, projectId, mentee.id),
    takeNewVacancyIds(app.db, mentee.id, today),
  ]);
  const fresh = newMatches.ids;
  const running = placements.filter((p) => p.endedOn === null);
  // The mentee list's count (unseenMatchCounts) counts an active mentee's only.
  const unseenMatches = mentee.status === 'active' ? newMatches.unseen : 0;
  return {
    steps: nextSteps(mentee, { activity: activity[0], placements: running, newMatches: unseenMatches }, today),
    matches:
      matches === null
        ? { state: 'closed', top: [], total: 0 }
        : !matches.ok
          ? { state: 'unavailable', top: [], total: 0 }
          : {
              state: 'listed',
              total: matches.value.matchCount,
              top: matches.value.matches.map(({ vacancy: v }) => ({
                id: v.id,
                title: v.title,
                url: v.url,
                employer: v.employer.name,
                town: v.town,
                distanceKm: v.distanceKm,
                kind: v.kind,
                isNew: fresh.has(v.id),
              })),
            },
    shortlist: shortlist.map((s) => ({ id: s.id, title: s.title, employer: s.employer_name, town: s.town, advertised: s.advertised })),
    proposals: introductions.map((i) => ({
      id: i.id,
      url: `/mentor/introductions/${i.id}`,
      vacancyTitle: i.vacancy_title,
      employer: i.employer_name,
      status: i.status,
      createdAt: i.created_at,
      statusChangedAt: i.status_changed_at,
      newAnswer: answered.has(i.id),
    })),
    placements: placements.map((p) => {
      const status = placementStatus(p, today);
      const next = status === 'ended' ? null : nextCheckIn(checkInSchedule(p.startDate, p.contactDates, today));
      return {
        id: p.id,
        url: placementPath(p.id),
        employer: p.employerName,
        vacancyTitle: p.vacancyTitle,
        kind: p.kind,
        startDate: p.startDate,
        endedOn: p.endedOn,
        status,
        next: next && { key: next.key, dueDate: next.dueDate, state: next.state },
      };
    }),
  };
}
