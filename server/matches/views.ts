import type { FastifyRequest } from 'fastify';
import type { Criterion } from '../../search/match-explain.ts';
import type { Candidate, CandidateList, Match, MatchList } from '../../search/matching.ts';
import type { VacancyDocument } from '../../search/vacancy-index.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { cardActions, type VacancyMarks } from '../shortlists/card-actions.ts';
import type { Presenter } from './present.ts';
import { noticeFrom } from '../http/notices.ts';

/** JSON: `{ vacancy: <hit>, score, criteria: [{ name, status, detail, values }] }` (docs/design.md §8). */
export function matchView(p: Presenter, match: Match) {
  return { vacancy: match.vacancy, score: match.score, criteria: match.criteria.map(p.criterion) };
}

export function candidateView(p: Presenter, candidate: Candidate) {
  const m = candidate.mentee;
  return {
    mentee: {
      id: m.id,
      code: m.code,
      homeTown: m.homeTown,
      germanLevel: m.germanLevel,
      travelKm: m.travelKm,
      url: `/mentor/mentees/${m.id}`,
    },
    distanceKm: candidate.distanceKm,
    score: candidate.score,
    criteria: candidate.criteria.map(p.criterion),
  };
}

const criteriaLines = (p: Presenter, criteria: Criterion[]) =>
  criteria.map((c) => ({ ...p.criterion(c), statusLabel: p.statusLabel(c.status) }));

/** Where a card's forms and its proposal come back to: the card itself, on the list as it was shown. */
const cardAnchor = (menteeId: string, vacancyId: string, showAll: boolean) =>
  `/mentor/mentees/${menteeId}/matches${showAll ? '?all=1' : ''}#match-${vacancyId}`;

function matchCard(p: Presenter, match: Match, stretch: boolean, actions: ReturnType<typeof cardActions>) {
  const v = match.vacancy;
  return {
    ...actions,
    id: v.id,
    title: v.title,
    url: v.url,
    employer: v.employer.name,
    town: v.town,
    kind: v.kind,
    occupation: p.occupation(v.occupation.code),
    distance: p.number(v.distanceKm ?? 0),
    score: p.number(match.score, 2),
    stretch,
    criteria: criteriaLines(p, match.criteria),
  };
}

/** How many cards the page shows before "show all": enough to choose from, quick to read on a phone. */
export const PAGE_MATCHES = 20;
export const PAGE_STRETCH = 10;

/** Notices the match list shows after coming back to it (`?saved=`). */
const SAVED_NOTICES: Record<string, string> = {
  proposed: 'introduction.saved.proposed',
  // A new profile lands here (server/mentees/routes.ts): the matches are the next step.
  created: 'mentee.saved.createdMatches',
};

export function menteeMatchesPage(
  request: FastifyRequest,
  p: Presenter,
  mentee: MenteeProfile,
  list: MatchList,
  marks: VacancyMarks,
  showAll = false,
) {
  const t = request.t.bind(request);
  const active = mentee.status === 'active';
  const cardMentee = { id: mentee.id, active, consent: mentee.consent && mentee.consentAt !== null };
  const facts = [
    { term: t('matching.facts.germanLevel'), value: p.germanLevel(mentee.germanLevel) },
    { term: t('matching.facts.home'), value: t('matching.facts.homeValue', { town: mentee.homeTown, km: p.number(mentee.travelKm) }) },
    { term: t('matching.facts.desiredOccupations'), value: mentee.desiredOccupations.map(p.occupation).join(', ') },
    { term: t('matching.facts.desiredKinds'), value: mentee.desiredKinds.map((k) => t(`values.kind.${k}`)).join(', ') },
    { term: t('matching.facts.workingTime'), value: t(`matching.values.workingTime.${mentee.workingTime}`) },
    { term: t('matching.facts.drivingLicence'), value: t(mentee.drivingLicence ? 'common.yes' : 'common.no') },
    { term: t('matching.facts.qualification'), value: t(`matching.values.qualification.${mentee.qualification}`) },
    { term: t('matching.facts.workPermit'), value: t(`matching.values.workPermit.${mentee.workPermit}`) },
  ];
  const shown = (matches: Match[], limit: number, stretch: boolean) => {
    const cards = (showAll ? matches : matches.slice(0, limit)).map((m) =>
      matchCard(p, m, stretch, cardActions(cardMentee, m.vacancy.id, marks, cardAnchor(mentee.id, m.vacancy.id, showAll))),
    );
    const hidden = matches.length - cards.length;
    return {
      cards,
      more:
        hidden > 0
          ? {
              label: t('matching.showAll', { count: matches.length }),
              url: `/mentor/mentees/${mentee.id}/matches?all=1#${stretch ? 'stretch' : 'matches'}`,
            }
          : null,
    };
  };
  const saved = noticeFrom(request, Object.keys(SAVED_NOTICES));
  return {
    title: t('matching.title', { code: mentee.code }),
    mentee: { id: mentee.id, code: mentee.code, url: `/mentor/mentees/${mentee.id}`, facts, closed: !active },
    notice: saved && t(SAVED_NOTICES[saved]!),
    shortlist: {
      url: `/mentor/mentees/${mentee.id}/shortlist`,
      count: marks.shortlisted.size,
      shareAction: `/mentor/mentees/${mentee.id}/share-links`,
    },
    sections: [
      {
        id: 'matches',
        heading: t('matching.matchesHeading', { count: list.matches.length }),
        intro: t('matching.matchesIntro'),
        empty: t('matching.noMatches'),
        ...shown(list.matches, PAGE_MATCHES, false),
      },
      {
        id: 'stretch',
        heading: t('matching.stretchHeading', { count: list.stretch.length }),
        intro: t('matching.stretchIntro'),
        empty: t('matching.noStretch'),
        ...shown(list.stretch, PAGE_STRETCH, true),
      },
    ],
  };
}

function candidateCard(p: Presenter, candidate: Candidate, stretch: boolean) {
  const m = candidate.mentee;
  return {
    id: m.id,
    code: m.code,
    url: `/mentor/mentees/${m.id}`,
    matchesUrl: `/mentor/mentees/${m.id}/matches`,
    homeTown: m.homeTown,
    distance: p.number(candidate.distanceKm),
    score: p.number(candidate.score, 2),
    stretch,
    criteria: criteriaLines(p, candidate.criteria),
  };
}

export function candidatesPage(request: FastifyRequest, p: Presenter, vacancy: VacancyDocument, list: CandidateList) {
  return {
    title: request.t('matching.candidates.title', { title: vacancy.title }),
    vacancy: {
      id: vacancy.id,
      title: vacancy.title,
      url: `/vacancies/${vacancy.id}`,
      employer: vacancy.employerName,
      town: vacancy.town,
      kind: vacancy.kind,
      occupation: p.occupation(vacancy.occupationCode),
      germanLevel: p.germanLevel(vacancy.germanLevel),
    },
    sections: [
      {
        id: 'candidates',
        heading: request.t('matching.candidates.heading', { count: list.matches.length }),
        intro: request.t('matching.candidates.intro'),
        empty: request.t('matching.candidates.none'),
        cards: list.matches.map((c) => candidateCard(p, c, false)),
      },
      {
        id: 'stretch',
        heading: request.t('matching.stretchHeading', { count: list.stretch.length }),
        intro: request.t('matching.candidates.stretchIntro'),
        empty: request.t('matching.candidates.noStretch'),
        cards: list.stretch.map((c) => candidateCard(p, c, true)),
      },
    ],
  };
}
