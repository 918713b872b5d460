import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toHit } from '../../search/vacancy-search.ts';
import { sendError, wantsJson } from '../http/respond.ts';
import { MenteeId } from '../mentees/schemas.ts';
import { withNewMarks } from '../new-matches/marks.ts';
import { takeNewVacancyIds } from '../new-matches/queries.ts';
import { requireMentor } from '../plugins/auth.ts';
import { VacancyId } from '../vacancies/schemas.ts';
import { vacancyMarks } from '../shortlists/card-actions.ts';
import { presenter } from './present.ts';
import { candidatesPage, candidateView, matchView, menteeMatchesPage } from './views.ts';
import { menteeMatches, occupationLookup, vacancyCandidates } from './service.ts';

function refuse(request: FastifyRequest, reply: FastifyReply, reason: 'not_found' | 'unavailable', notFoundKey: string) {
  if (reason === 'not_found') return sendError(request, reply, 404, 'not_found', request.t(notFoundKey));
  reply.header('retry-after', '5');
  return sendError(request, reply, 503, 'unavailable', request.t('matching.unavailable'));
}

/** Explained matching for mentors, both directions; page or JSON from one handler each (docs/design.md §8). */
export default async function matchRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMentor);

  app.get('/mentor/mentees/:id/matches', async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    if (!params.success) return refuse(request, reply, 'not_found', 'errors.notFound');
    const outcome = await menteeMatches(app, request.account!.projectId!, params.data.id);
    const saved = (request.query as Record<string, unknown>).saved;
    // A profile just saved lands here; while the search is away its overview says so, and that the profile is saved.
    if (!outcome.ok && outcome.reason === 'unavailable' && saved === 'created' && !wantsJson(request))
      return reply.redirect(`/mentor/mentees/${params.data.id}?saved=created`, 303);
    if (!outcome.ok) return refuse(request, reply, outcome.reason, 'errors.notFound');
    const p = presenter(request, await occupationLookup(app));
    const { mentee, list } = outcome.value;
    if (wantsJson(request)) return { matches: list.matches.map((m) => matchView(p, m)), stretch: list.stretch.map((m) => matchView(p, m)) };
    const showAll = (request.query as Record<string, unknown>).all === '1';
    const page = menteeMatchesPage(request, p, mentee, list, await vacancyMarks(app, mentee.id), showAll);
    // Opening the list is what makes new matches seen (server/new-matches); they stay marked for this visit.
    return reply.page('matches/mentee', withNewMarks(page, await takeNewVacancyIds(app.db, mentee.id)));
  });

  app.get('/mentor/vacancies/:id/candidates', async (request, reply) => {
    const params = VacancyId.safeParse(request.params);
    if (!params.success) return refuse(request, reply, 'not_found', 'errors.vacancyNotFound');
    const outcome = await vacancyCandidates(app, request.account!.projectId!, params.data.id);
    if (!outcome.ok) return refuse(request, reply, outcome.reason, 'errors.vacancyNotFound');
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
