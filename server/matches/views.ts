import type { FastifyRequest } from 'fastify';
import type { Criterion } from '../../search/match-explain.ts';
import type { Candidate, CandidateList, Match } from '../../search/matching.ts';
import type { VacancyDocument } from '../../search/vacancy-index.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { cardActions, type VacancyMarks } from '../shortlists/card-actions.ts';
import type { PresentedCriterion, Presenter } from './present.ts';
import type { ListWindow } from './queries.ts';
import type { MatchWindow } from './stored-lists.ts';
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

/** A card's criteria as lines with their status's label (each line one object: a page has about 120 of them). */
const criteriaLines = (p: Presenter, criteria: Criterion[]) =>
  criteria.map((c) => {
    const line: PresentedCriterion & { statusLabel?: string } = p.criterion(c);
    line.statusLabel = p.statusLabel(c.status);
    return line;
  });

/** The match page's address: page 1 is the plain one (where a new profile and the overview lead). */
export const matchesUrl = (menteeId: string, page: number) => `/mentor/mentees/${menteeId}/matches${page > 1 ? `?page=${page}` : ''}`;

function matchCard(p: Presenter, match: Match, stretch: boolean, actions: ReturnType<typeof cardActions>, isNew: boolean) {
  const v = match.vacancy;
  return {
    ...actions,
    isNew,
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

/**
 * Cards a page shows: ten matches and five near misses, page by page (page 1 the best of each). A mentor reads the
 * top of the list, fifteen explained cards are already a long page on a phone, and every card costs the page its
 * rendering (issue 13: p99 at 10 clients).
 */
export const PAGE_MATCHES = 10;
export const PAGE_STRETCH = 5;

/** Which cards page `page` (from 1) shows. */
export const pageWindow = (page: number): ListWindow => ({
  matches: { offset: (page - 1) * PAGE_MATCHES, size: PAGE_MATCHES },
  stretch: { offset: (page - 1) * PAGE_STRETCH, size: PAGE_STRETCH },
});

/** How many pages a list fills (at least one, which then says that nothing matches). */
export const pageCount = (w: Pick<MatchWindow, 'matchCount' | 'stretchCount'>) =>
  Math.max(1, Math.ceil(w.matchCount / PAGE_MATCHES), Math.ceil(w.stretchCount / PAGE_STRETCH));

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
  window: MatchWindow,
  /** With `fresh`, the vacancies marked "new" on this visit (server/new-matches `takeMatchPageMarks`). */
  marks: VacancyMarks & { fresh: ReadonlySet<string> },
  page: number,
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
  const pages = pageCount(window);
  const url = (n: number) => matchesUrl(mentee.id, n);
  const here = url(page);
  let newCount = 0;
  const cards = (matches: Match[], stretch: boolean) =>
    matches.map((m) => {
      const id = m.vacancy.id;
      const isNew = marks.fresh.has(id);
      if (isNew) newCount += 1;
      return matchCard(p, m, stretch, cardActions(cardMentee, id, marks, `${here}#match-${id}`), isNew);
    });
  // A section whose cards all were on earlier pages (the other one goes on) leads back to its first page.
  const earlier = (section: 'matches' | 'stretch', count: number) =>
    count > 0 ? { label: t(`matchPages.${section}Earlier`, { count }), url: `${url(1)}#${section}` } : null;
  const saved = noticeFrom(request, Object.keys(SAVED_NOTICES));
  // The close matches, then the stretch ones ("matches" and "stretch" name their headings, intros and anchors).
  const section = (id: 'matches' | 'stretch', count: number, matches: Match[]) => ({
    id,
    heading: t(`matching.${id}Heading`, { count }),
    intro: t(`matching.${id}Intro`),
    empty: t(id === 'matches' ? 'matching.noMatches' : 'matching.noStretch'),
    cards: cards(matches, id === 'stretch'),
    more: matches.length === 0 ? earlier(id, count) : null,
  });
  const sections = [section('matches', window.matchCount, window.matches), section('stretch', window.stretchCount, window.stretch)];
  return {
    title: t('matching.title', { code: mentee.code }),
    mentee: { id: mentee.id, code: mentee.code, url: `/mentor/mentees/${mentee.id}`, facts, closed: !active },
    notice: saved && t(SAVED_NOTICES[saved]!),
    shortlist: {
      url: `/mentor/mentees/${mentee.id}/shortlist`,
      count: marks.shortlisted.size,
      shareAction: `/mentor/mentees/${mentee.id}/share-links`,
    },
    sections,
    // How many cards are marked "new" (server/new-matches), set while the cards were made instead of copying each.
    newCount,
    // views/partials/pagination.hbs
    pages:
      pages > 1
        ? {
            label: t('matchPages.label'),
            page,
            pages,
            previous: page > 1 ? `${url(page - 1)}#matches` : null,
            next: page < pages ? `${url(page + 1)}#matches` : null,
          }
        : null,
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
