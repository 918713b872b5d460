import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { keptValues } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { ownedObject } from '../http/owned.ts';
import { notFound, parseForm, refusedSummary, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { IdParams, pageQuery, typedRoutes, UUID } from '../http/typed-routes.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import { returnTarget } from '../matches/return-to.ts';
import { requireMentor } from '../plugins/auth.ts';
import { findProjectIntroduction, findProposableVacancy, listEvents, listProjectIntroductions } from './queries.ts';
import { OUTCOME_FIELDS, OutcomeInput, PROPOSAL_FIELDS, ProposalInput } from './schemas.ts';
import { propose, recordOutcome, withdraw } from './service.ts';
import { canTake } from './transitions.ts';
import { eventJson, historyLines, introductionJson, pipelineColumns } from './views.ts';

/** The proposal page's back link, by the page the mentor came from (matches/return-to.ts). */
const BACK_LINKS: Record<string, string> = {
  '': 'shortlists.backToMentee',
  '/matches': 'introduction.backToMatches',
  '/shortlist': 'introduction.backToShortlist',
  '/browse': 'introduction.backToBrowse',
};
const SAVED = ['proposed', 'withdrawn', 'placed'] as const;
/** `?vacancy=` from the match list and the shortlist; `?vacancyId=` from older links; `returnTo`, the page to go back to. */
const ProposalQuery = pageQuery({ vacancy: z.string(), vacancyId: z.string(), returnTo: z.string() });

/** The mentor's side of brokering: propose, follow the introduction, withdraw, record the outcome, the board. */
export default async function mentorIntroductionRoutes(parent: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled,
  // at onRequest so that nobody else's body is ever read (the ownership hooks below run after it).
  parent.addHook('onRequest', requireMentor);
  const app = typedRoutes(parent);
  const ownMentee = ownedObject((request, id) => findProjectMentee(app.db, request.mentor.projectId, id));
  const ownIntroduction = ownedObject((request, id) => findProjectIntroduction(app.db, request.mentor.projectId, id));

  /** The proposal form for one vacancy; a refusal (no consent, already proposed) shows on it with its status. */
  async function proposalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    menteeId: string,
    values: Record<string, unknown>,
    refused?: RefusedForm,
  ) {
    const mentee = await findProjectMentee(app.db, request.mentor.projectId, menteeId);
    if (!mentee) return sendRefusal(request, reply, notFound());
    const vacancyId = typeof values.vacancyId === 'string' ? values.vacancyId : '';
    const vacancy = UUID.test(vacancyId) ? await findProposableVacancy(app.db, vacancyId, todayInBerlin()) : undefined;
    const errorList = refusedSummary(refused, PROPOSAL_FIELDS, 'consent-status');
    // Where the mentor came from (match list card or shortlist entry): the form carries it, the back link leads there.
    const back = returnTarget(app.publicUrl, mentee.id, [values.returnTo]);
    return reply.page(
      'introductions/propose',
      {
        title: request.t('introduction.proposeTitle', { code: mentee.code }),
        hasErrors: errorList.length > 0,
        errorList,
        errors: refused?.errors ?? {},
        problem: refused?.problem,
        values,
        returnTo: back?.href,
        back: {
          url: back?.href ?? `/mentor/mentees/${mentee.id}/matches`,
          key: BACK_LINKS[back?.page ?? '/matches'] ?? BACK_LINKS['/matches'],
        },
        mentee: {
          id: mentee.id,
          code: mentee.code,
          consent: mentee.consent,
          consentAt: mentee.consentAt,
          active: mentee.status === 'active',
        },
        vacancy,
      },
      refused?.status ?? 200,
    );
  }

  app.get('/mentor/mentees/:id/introductions/new', { schema: { params: IdParams, querystring: ProposalQuery } }, async (request, reply) => {
    const { vacancy, vacancyId, returnTo } = request.query;
    return proposalPage(request, reply, request.params.id, { vacancyId: vacancy ?? vacancyId ?? '', returnTo });
  });

  app.post(
    '/mentor/mentees/:id/introductions',
    { schema: { params: IdParams }, onRequest: ownMentee.onRequest },
    async (request, reply) => {
      const { id } = request.params;
      const values = keptValues(request.body);
      const input = parseForm(ProposalInput, request.body);
      const result = input.ok ? await propose(app, request.mentor, id, input.value) : input;
      if (!result.ok) return sendRefusal(request, reply, result, (form) => proposalPage(request, reply, id, values, form));
      if (wantsJson(request))
        return reply.code(201).send({ id: result.value, status: 'proposed', url: `/mentor/introductions/${result.value}` });
      const back = returnTarget(app.publicUrl, id, [values.returnTo]);
      return reply.redirect(back ? back.withNotice('proposed') : withNotice(`/mentor/introductions/${result.value}`, 'proposed'), 303);
    },
  );

  /** The introduction with its history; the forms that fit its status; a refusal shown at the top. */
  async function detailPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { values: Record<string, unknown>; refused: RefusedForm },
  ) {
    const row = await findProjectIntroduction(app.db, request.mentor.projectId, id);
    if (!row) return sendRefusal(request, reply, notFound());
    const events = await listEvents(app.db, row.id);
    if (wantsJson(request)) return { introduction: introductionJson(row), history: events.map(eventJson), csrfToken: request.csrfToken() };
    const errorList = refusedSummary(form?.refused, OUTCOME_FIELDS);
    return reply.page(
      'introductions/mentor-detail',
      {
        title: request.t('introduction.detailTitle', { code: row.mentee_code, title: row.vacancy_title }),
        introduction: introductionJson(row),
        menteeUrl: `/mentor/mentees/${row.mentee_id}`,
        history: historyLines(request, events, true),
        canWithdraw: canTake(row.status, 'withdraw'),
        canPlace: canTake(row.status, 'place'),
        values: form?.values ?? { outcome: row.vacancy_kind, sociallyInsured: 'on' },
        errors: form?.refused.errors ?? {},
        hasErrors: errorList.length > 0,
        errorList,
        saved: noticeFrom(request, SAVED),
      },
      form?.refused.status ?? 200,
    );
  }

  app.get('/mentor/introductions/:id', { schema: { params: IdParams } }, async (request, reply) =>
    detailPage(request, reply, request.params.id),
  );

  app.post(
    '/mentor/introductions/:id/withdraw',
    { schema: { params: IdParams }, onRequest: ownIntroduction.onRequest },
    async (request, reply) => {
      const { id } = request.params;
      const result = await withdraw(app, request.mentor, id);
      if (!result.ok) return sendRefusal(request, reply, result, (refused) => detailPage(request, reply, id, { values: {}, refused }));
      if (wantsJson(request)) return { id, status: result.value };
      return reply.redirect(withNotice(`/mentor/introductions/${id}`, 'withdrawn'), 303);
    },
  );

  app.post(
    '/mentor/introductions/:id/outcome',
    { schema: { params: IdParams }, onRequest: ownIntroduction.onRequest },
    async (request, reply) => {
      const { id } = request.params;
      const values = keptValues(request.body);
      const input = parseForm(OutcomeInput, request.body);
      const result = input.ok ? await recordOutcome(app, request.mentor, id, input.value) : input;
      if (!result.ok) return sendRefusal(request, reply, result, (refused) => detailPage(request, reply, id, { values, refused }));
      if (wantsJson(request))
        return reply.code(201).send({ id, status: 'placed', placementId: result.value, url: `/mentor/placements/${result.value}` });
      return reply.redirect(withNotice(`/mentor/introductions/${id}`, 'placed'), 303);
    },
  );

  app.get('/mentor/pipeline', async (request, reply) => {
    const columns = pipelineColumns(await listProjectIntroductions(app.db, request.mentor.projectId));
    if (wantsJson(request)) return { columns: columns.map(({ status, count, items }) => ({ status, count, introductions: items })) };
    return reply.page('introductions/pipeline', {
      title: request.t('introduction.pipelineTitle'),
      columns,
      total: columns.reduce((n, c) => n + c.count, 0),
    });
  });
}
