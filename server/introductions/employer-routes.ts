import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { ownedObject } from '../http/owned.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { referenceLists } from '../reference-data.ts';
import { findEmployerIntroduction, introductionContact, listEmployerIntroductions, listEvents } from './queries.ts';
import { ANSWER_FIELDS, AnswerInput, IntroductionId } from './schemas.ts';
import { answer, fillVacancy, openCard, type Employer } from './service.ts';
import { DECLINE_REASONS } from './transitions.ts';
import { cardLines, contactCard, employerEventJson, employerIntroductionJson, employerSteps, historyLines } from './views.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
const employerOf = (request: FastifyRequest): Employer => ({ accountId: request.account!.id, employerId: request.account!.employerId! });

/** The employer's side: the inbox, the anonymised card (each view audited), the answers, marking a vacancy filled. */
export default async function employerIntroductionRoutes(app: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled,
  // at onRequest so that nobody else's body is ever read (the ownership hooks below run after it).
  app.addHook('onRequest', requireRole('employer'));
  const ownIntroduction = ownedObject((request, id) => findEmployerIntroduction(app.db, request.account!.employerId!, id));

  app.get('/employer/introductions', async (request, reply) => {
    const rows = await listEmployerIntroductions(app.db, request.account!.employerId!);
    const items = rows.map((r) => ({
      ...employerIntroductionJson(r),
      isNew: r.employer_seen_at === null,
      url: `/employer/introductions/${r.id}`,
    }));
    if (wantsJson(request)) return { introductions: items.map(({ message: _m, ...i }) => i) };
    const saved = (request.query as Record<string, unknown>).saved === 'declined' ? 'declined' : undefined;
    return reply.page('introductions/inbox', {
      title: request.t('introduction.inboxTitle'),
      items,
      newCount: items.filter((i) => i.isNew).length,
      saved,
    });
  });

  async function cardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { values: Record<string, unknown>; errors?: Record<string, string>; problem?: string; status: number },
  ) {
    const opened = await openCard(app, employerOf(request), id);
    if (!opened) return notFound(request, reply);
    const { row, card } = opened;
    const events = await listEvents(app.db, row.id);
    const contact = contactCard(request, await introductionContact(app.db, row.project_id, row.mentor_id));
    if (wantsJson(request))
      return {
        introduction: employerIntroductionJson(row),
        card,
        contact,
        history: events.map(employerEventJson),
        csrfToken: request.csrfToken(),
      };
    const { occupations } = await referenceLists(app.db);
    const titles = new Map(occupations.map((o) => [o.code, occupationName(o, request.locale)]));
    const errors = translatedFields(request, form?.errors);
    const errorList = [
      ...(form?.problem ? [{ field: 'status', message: request.t(form.problem) }] : []),
      ...errorSummary(errors, ANSWER_FIELDS),
    ];
    const saved = (request.query as Record<string, unknown>).saved;
    return reply.page(
      'introductions/employer-detail',
      {
        title: request.t('introduction.cardTitle', { code: card.code }),
        introduction: employerIntroductionJson(row),
        code: card.code,
        card: cardLines(request, card, (code) => titles.get(code) ?? code),
        contact,
        history: historyLines(request, events, false),
        answers: employerSteps(row.status),
        reasons: DECLINE_REASONS,
        canFill: row.status === 'placed' && row.vacancy_filled_at === null,
        values: form?.values ?? {},
        errors,
        hasErrors: errorList.length > 0,
        errorList,
        saved: typeof saved === 'string' && ['answered', 'filled'].includes(saved) ? saved : undefined,
      },
      form?.status ?? 200,
    );
  }

  app.get('/employer/introductions/:id', async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    return params.success ? cardPage(request, reply, params.data.id) : notFound(request, reply);
  });

  app.post('/employer/introductions/:id/answer', { onRequest: ownIntroduction.onRequest }, async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const values = keptValues(request.body);
    const parsed = AnswerInput.safeParse(request.body);
    const result = parsed.success
      ? await answer(app, employerOf(request), params.data.id, parsed.data)
      : ({ ok: false, kind: 'fields', errors: fieldErrors(parsed.error) } as const);
    if (result.ok) {
      if (wantsJson(request)) return { id: params.data.id, status: result.value };
      // A declined introduction has no card any more (the consent covered the proposal): back to the inbox, which says so.
      if (result.value === 'declined') return reply.redirect('/employer/introductions?saved=declined', 303);
      return reply.redirect(`/employer/introductions/${params.data.id}?saved=answered`, 303);
    }
    if (result.kind === 'not_found') return notFound(request, reply);
    if (wantsJson(request)) {
      if (result.kind === 'conflict') return sendError(request, reply, 409, 'conflict', request.t(result.message));
      return sendError(request, reply, 422, 'validation', request.t('errors.validation'), translatedFields(request, result.errors));
    }
    return result.kind === 'conflict'
      ? cardPage(request, reply, params.data.id, { values, problem: result.message, status: 409 })
      : cardPage(request, reply, params.data.id, { values, errors: result.errors, status: 422 });
  });

  app.post('/employer/vacancies/:id/fill', async (request, reply) => {
    const params = IntroductionId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const back = (request.body as Record<string, unknown> | undefined)?.introductionId;
    const filled = await fillVacancy(app, employerOf(request), params.data.id);
    if (filled === 'not_found') return notFound(request, reply);
    if (filled === 'already') return sendError(request, reply, 409, 'conflict', request.t('introduction.errors.alreadyFilled'));
    if (wantsJson(request)) return { id: params.data.id, status: 'closed', filled: true };
    const target =
      typeof back === 'string' && IntroductionId.safeParse({ id: back }).success
        ? `/employer/introductions/${back}?saved=filled`
        : `/employer/vacancies/${params.data.id}`;
    return reply.redirect(target, 303);
  });
}
