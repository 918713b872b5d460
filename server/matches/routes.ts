import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toHit } from '../../search/vacancy-search.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { sendRefusal } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { IdParams, pageQuery, typedRoutes } from '../http/typed-routes.ts';
import { withNewMarks } from '../new-matches/marks.ts';
import { takeNewVacancyIds } from '../new-matches/queries.ts';
import { requireMentor } from '../plugins/auth.ts';
import { VacancyId } from '../vacancies/schemas.ts';
import { vacancyMarks } from '../shortlists/card-actions.ts';
import { presenter } from './present.ts';
import { candidatesPage, candidateView, matchView, menteeMatchesPage } from './views.ts';
import { menteeMatches, occupationLookup, vacancyCandidates } from './service.ts';

/** `?all=1` shows the whole list; `?saved=` the notice of the page the mentor came from. */
const MatchesQuery = pageQuery({ all: z.literal('1') });

/** Explained matching for mentors, both directions; page or JSON from one handler each (docs/design.md §8). */
export default async function matchRoutes(parent: FastifyInstance) {
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for a mentor).
  parent.addHook('onRequest', requireMentor);
  const app = typedRoutes(parent);

  app.get('/mentor/mentees/:id/matches', { schema: { params: IdParams, querystring: MatchesQuery } }, async (request, reply) => {
    const { id } = request.params;
    const outcome = await menteeMatches(app, request.mentor.projectId, id);
    // A profile just saved lands here; while the search is away its overview says so, and that the profile is saved.
    if (!outcome.ok && outcome.kind === 'unavailable' && noticeFrom(request, ['created']) && !wantsJson(request))
      return reply.redirect(withNotice(`/mentor/mentees/${id}`, 'created'), 303);
    if (!outcome.ok) return sendRefusal(request, reply, outcome);
    const p = presenter(request, await occupationLookup(app));
    const { mentee, list } = outcome.value;
    if (wantsJson(request)) return { matches: list.matches.map((m) => matchView(p, m)), stretch: list.stretch.map((m) => matchView(p, m)) };
    const showAll = request.query.all === '1';
    const page = menteeMatchesPage(request, p, mentee, list, await vacancyMarks(app, mentee.id), showAll);
    // Opening the list is what makes new matches seen (server/new-matches); they stay marked for this visit.
    return reply.page('matches/mentee', withNewMarks(page, await takeNewVacancyIds(app.db, mentee.id)));
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
