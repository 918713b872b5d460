import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { ownedObject } from '../http/owned.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { MenteeId } from '../mentees/schemas.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import { returnTarget } from '../matches/return-to.ts';
import { requireMentor } from '../plugins/auth.ts';
import { findProjectIntroduction, findProposableVacancy, listEvents, listProjectIntroductions } from './queries.ts';
import { IntroductionId, OUTCOME_FIELDS, OutcomeInput, PROPOSAL_FIELDS, ProposalInput } from './schemas.ts';
import { propose, recordOutcome, withdraw, type Mentor, type Refusal } from './service.ts';
import { canTake } from './transitions.ts';
import { eventJson, historyLines, introductionJson, pipelineColumns } from './views.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
/** The proposal page's back link, by the page the mentor came from (matches/return-to.ts). */
const BACK_LINKS: Record<string, string> = {
  '': 'shortlists.backToMentee',
  '/matches': 'introduction.backToMatches',
  '/shortlist': 'introduction.backToShortlist',
  '/browse': 'introduction.backToBrowse',
};
const mentorOf = (request: FastifyRequest): Mentor => ({ id: request.account!.id, projectId: request.account!.projectId! });

/** The mentor's side of brokering: propose, follow the introduction, withdraw, record the outcome, the board. */
export default async function mentorIntroductionRoutes(app: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled,
  // at onRequest so that nobody else's body is ever read (the ownership hooks below run after it).
  app.addHook('onRequest', requireMentor);
  const ownMentee = ownedObject((request, id) => findProjectMentee(app.db, request.account!.projectId!, id));
  const ownIntroduction = ownedObject((request, id) => findProjectIntroduction(app.db, request.account!.projectId!, id));

  /** The proposal form for one vacancy; a refusal (no consent, already proposed) shows on it with its status. */
  async function proposalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    menteeId: string,
    values: Record<string, unknown>,
    refusal?: Refusal,
  ) {
    const mentee = await findProjectMentee(app.db, request.account!.projectId!, menteeId);
    if (!mentee) return notFound(request, reply);
    const fields = refusal?.kind === 'fields' ? translatedFields(request, refusal.errors) : {};
    const problem = refusal?.kind === 'conflict' ? request.t(refusal.message) : undefined;
    if (wantsJson(request) && refusal) {
      return refusal.kind === 'conflict'
        ? sendError(request, reply, 409, 'conflict', problem!)
        : sendError(request, reply, 422, 'validation', request.t('errors.validation'), fields);
    }
    const vacancyId = typeof values.vacancyId === 'string' ? values.vacancyId : '';
    const vacancy = IntroductionId.safeParse({ id: vacancyId }).success
      ? await findProposableVacancy(app.db, vacancyId, todayInBerlin())
      : undefined;
    const errorList = [...(problem ? [{ field: 'consent-status', message: problem }] : []), ...errorSummary(fields, PROPOSAL_FIELDS)];
    // Where the mentor came from (match list card or shortlist entry): the form carries it, the back link leads there.
    const back = returnTarget(app.publicUrl, mentee.id, [values.returnTo]);
    return reply.page(
      'introductions/propose',
      {
        title: request.t('introduction.proposeTitle', { code: mentee.code }),
        hasErrors: errorList.length > 0,
        errorList,
        errors: fields,
        problem,
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
      refusal ? (refusal.kind === 'conflict' ? 409 : 422) : 200,
    );
  }

  app.get('/mentor/mentees/:id/introductions/new', async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const query = request.query as Record<string, unknown>;
    // `?vacancy=` from the match list and the shortlist; `?vacancyId=` from older links.
    return proposalPage(request, reply, params.data.id, { vacancyId: query.vacancy ?? query.vacancyId ?? '', returnTo: query.returnTo });
  });

  app.post('/mentor/mentees/:id/introductions', { onRequest: ownMentee.onRequest }, async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const values = keptValues(request.body);
    const parsed = ProposalInput.safeParse(request.body);
    if (!parsed.success) return proposalPage(request, reply, params.data.id, values, { kind: 'fields', errors: fieldErrors(parsed.error) });
    const result = await propose(app, mentorOf(request), params.data.id, parsed.data);
    if (!result.ok)
      return result.kind === 'not_found' ? notFound(request, reply) : proposalPage(request, reply, params.data.id, values, result);
    if (wantsJson(request))
      return reply.code(201).send({ id: result.value, status: 'proposed', url: `/mentor/introductions/${result.value}` });
    const back = returnTarget(app.publicUrl, params.data.id, [values.returnTo]);
    return reply.redirect(back ? back.withNotice('proposed') : `/mentor/introductions/${result.value}?saved=proposed`, 303);
  });

  /** The introduction with its history; the forms that fit its status; a refusal shown at the top. */
  async function detailPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { values: Record<string, unknown>; errors?: Record<string, string>; problem?: string; status?: number },
  ) {
    const row = await findProjectIntroduction(app.db, request.account!.projectId!, id);
    if (!row) return notFound(request, reply);
    const events = await listEvents(app.db, row.id);
    if (wantsJson(request)) return { introduction: introductionJson(row), history: events.map(eventJson), csrfToken: request.csrfToken() };
    const errors = translatedFields(request, form?.errors ?? {});
    const errorList = [
      ...(form?.problem ? [{ field: 'status', message: request.t(form.problem) }] : []),
      ...errorSummary(errors, OUTCOME_FIELDS),
    ];
    const saved = (request.query as Record<string, unknown>).saved;
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
        errors,
        hasErrors: errorList.length > 0,
        errorList,
        saved: typeof saved === 'string' && ['proposed', 'withdrawn', 'placed'].includes(saved) ? saved : undefined,
      },
      form?.status ?? 200,
    );
  }

  app.get('/mentor/introductions/:id', async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    return params.success ? detailPage(request, reply, params.data.id) : notFound(request, reply);
  });

  app.post('/mentor/introductions/:id/withdraw', { onRequest: ownIntroduction.onRequest }, async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const result = await withdraw(app, mentorOf(request), params.data.id);
    if (!result.ok) {
      if (result.kind !== 'conflict') return notFound(request, reply);
      if (wantsJson(request)) return sendError(request, reply, 409, 'conflict', request.t(result.message));
      return detailPage(request, reply, params.data.id, { values: {}, problem: result.message, status: 409 });
    }
    if (wantsJson(request)) return { id: params.data.id, status: result.value };
    return reply.redirect(`/mentor/introductions/${params.data.id}?saved=withdrawn`, 303);
  });

  app.post('/mentor/introductions/:id/outcome', { onRequest: ownIntroduction.onRequest }, async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const values = keptValues(request.body);
    const parsed = OutcomeInput.safeParse(request.body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (wantsJson(request))
        return sendError(request, reply, 422, 'validation', request.t('errors.validation'), translatedFields(request, errors));
      return detailPage(request, reply, params.data.id, { values, errors, status: 422 });
    }
    const result = await recordOutcome(app, mentorOf(request), params.data.id, parsed.data);
    if (!result.ok) {
      if (result.kind !== 'conflict') return notFound(request, reply);
      if (wantsJson(request)) return sendError(request, reply, 409, 'conflict', request.t(result.message));
      return detailPage(request, reply, params.data.id, { values, problem: result.message, status: 409 });
    }
    if (wantsJson(request))
      return reply
        .code(201)
        .send({ id: params.data.id, status: 'placed', placementId: result.value, url: `/mentor/placements/${result.value}` });
    return reply.redirect(`/mentor/introductions/${params.data.id}?saved=placed`, 303);
  });

  app.get('/mentor/pipeline', async (request, reply) => {
    const columns = pipelineColumns(await listProjectIntroductions(app.db, request.account!.projectId!));
    if (wantsJson(request)) return { columns: columns.map(({ status, count, items }) => ({ status, count, introductions: items })) };
    return reply.page('introductions/pipeline', {
      title: request.t('introduction.pipelineTitle'),
      columns,
      total: columns.reduce((n, c) => n + c.count, 0),
    });
  });
}
