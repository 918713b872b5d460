import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toHit } from '../../search/vacancy-search.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { notFound, sendRefusal } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { IdParams, pageQuery, typedRoutes } from '../http/typed-routes.ts';
import { takeMatchPageMarks } from '../new-matches/queries.ts';
import { requireMentor } from '../plugins/auth.ts';
import { VacancyId } from '../vacancies/schemas.ts';
import { presenter } from './present.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import { candidatesPage, candidateView, matchesUrl, matchView, menteeMatchesPage, pageCount, pageWindow } from './views.ts';
import { menteeMatchWindow, occupationLookup, vacancyCandidates, wholeMatchList } from './service.ts';

/** `?page=` the page of the list (views.ts: PAGE_MATCHES matches and PAGE_STRETCH near misses each); `?saved=` the notice of the page the mentor came from. */
const MatchesQuery = pageQuery({ page: z.coerce.number().int().min(1).max(10_000) });

/** Explained matching for mentors, both directions; page or JSON from one handler each (docs/design.md §8). */
export default async function matchRoutes(parent: FastifyInstance) {
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for a mentor).
  parent.addHook('onRequest', requireMentor);
  const app = typedRoutes(parent);

  app.get('/mentor/mentees/:id/matches', { schema: { params: IdParams, querystring: MatchesQuery } }, async (request, reply) => {
    const { id } = request.params;
    const mentee = await findProjectMentee(app.db, request.mentor.projectId, id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    // JSON clients get the whole list (docs/design.md §8); a page reads only the cards it shows.
    if (wantsJson(request)) {
      const outcome = await wholeMatchList(app, mentee);
      if (!outcome.ok) return sendRefusal(request, reply, outcome);
      const p = presenter(request, await occupationLookup(app));
      return { matches: outcome.value.matches.map((m) => matchView(p, m)), stretch: outcome.value.stretch.map((m) => matchView(p, m)) };
    }
    const page = request.query.page ?? 1;
    const outcome = await menteeMatchWindow(app, mentee, pageWindow(page));
    // A profile just saved lands here; while the search is away its overview says so, and that the profile is saved.
    if (!outcome.ok && outcome.kind === 'unavailable' && noticeFrom(request, ['created']))
      return reply.redirect(withNotice(`/mentor/mentees/${id}`, 'created'), 303);
    if (!outcome.ok) return sendRefusal(request, reply, outcome);
    // A page past the end (the list got shorter since the link was made) is the last page.
    const pages = pageCount(outcome.value);
    if (page > pages) return reply.redirect(matchesUrl(id, pages), 303);
    // Opening the list is what makes new matches seen (server/new-matches); they stay marked for this visit. Taken only
    // now, when the page is sure to show: a list that could not be made leaves them new.
    const marks = await takeMatchPageMarks(app.db, mentee.id);
    return reply.page(
      'matches/mentee',
      menteeMatchesPage(request, presenter(request, await occupationLookup(app)), mentee, outcome.value, marks, page),
    );
  });

  // A malformed vacancy id is no vacancy: the same 404 message as an unknown one.
  const vacancyPage = { schema: { params: VacancyId }, config: { notFoundKey: 'errors.vacancyNotFound' } };
  app.get('/mentor/vacancies/:id/candidates', vacancyPage, async (request, reply) => {
    const outcome = await vacancyCandidates(app, request.mentor.projectId, request.params.id);
    if (!outcome.ok) return sendRefusal(request, reply, outcome);
    const p = presenter(request, await occupationLookup(app));
    const { vacancy, list } = outcome.value;
    if (wantsJson(request)) {
      return {
        vacancy: toHit(vacancy),
        candidates: list.matches.map((c) => candidateView(p, c)),
        stretch: list.stretch.map((c) => candidateView(p, c)),
      };
    }
    return reply.page('matches/candidates', candidatesPage(request, p, vacancy, list));
  });
}
