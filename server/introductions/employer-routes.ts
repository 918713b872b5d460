import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { keptValues } from '../http/form-values.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { ownedObject } from '../http/owned.ts';
import { parseForm, refusedSummary, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { IdParams, UUID, typedRoutes } from '../http/typed-routes.ts';
import { requireRole } from '../plugins/auth.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { referenceLists } from '../reference-data.ts';
import { findEmployerIntroduction, introductionContact, listEmployerIntroductions, listEvents } from './queries.ts';
import { ANSWER_FIELDS, AnswerInput } from './schemas.ts';
import { answer, fillVacancy, openCard, type Employer } from './service.ts';
import { DECLINE_REASONS } from './transitions.ts';
import { cardLines, contactCard, employerEventJson, employerIntroductionJson, employerSteps, historyLines } from './views.ts';

const employerOf = (request: FastifyRequest): Employer => ({ accountId: request.employer.id, employerId: request.employer.employerId });
/** The card the "vacancy filled" form came from, to go back to (the form may also stand elsewhere). */
const FillInput = z.object({ introductionId: z.string().regex(UUID).optional().catch(undefined) });

/** The employer's side: the inbox, the anonymised card (each view audited), the answers, marking a vacancy filled. */
export default async function employerIntroductionRoutes(parent: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled,
  // at onRequest so that nobody else's body is ever read (the ownership hooks below run after it).
  parent.addHook('onRequest', requireRole('employer'));
  const app = typedRoutes(parent);
  const ownIntroduction = ownedObject((request, id) => findEmployerIntroduction(app.db, request.employer.employerId, id));

  app.get('/employer/introductions', async (request, reply) => {
    const rows = await listEmployerIntroductions(app.db, request.employer.employerId);
    const items = rows.map((r) => ({
      ...employerIntroductionJson(r),
      isNew: r.employer_seen_at === null,
      url: `/employer/introductions/${r.id}`,
    }));
    if (wantsJson(request)) return { introductions: items.map(({ message: _m, ...i }) => i) };
    return reply.page('introductions/inbox', {
      title: request.t('introduction.inboxTitle'),
      items,
      newCount: items.filter((i) => i.isNew).length,
      saved: noticeFrom(request, ['declined']),
    });
  });

  async function cardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { values: Record<string, unknown>; refused: RefusedForm },
  ) {
    const opened = await openCard(app, employerOf(request), id);
    if (!opened.ok) return sendRefusal(request, reply, opened);
    const { row, card } = opened.value;
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
    const errorList = refusedSummary(form?.refused, ANSWER_FIELDS);
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
        errors: form?.refused.errors ?? {},
        hasErrors: errorList.length > 0,
        errorList,
        saved: noticeFrom(request, ['answered', 'filled']),
      },
      form?.refused.status ?? 200,
    );
  }

  app.get('/employer/introductions/:id', { schema: { params: IdParams } }, async (request, reply) =>
    cardPage(request, reply, request.params.id),
  );

  app.post(
    '/employer/introductions/:id/answer',
    { schema: { params: IdParams }, onRequest: ownIntroduction.onRequest },
    async (request, reply) => {
      const { id } = request.params;
      const values = keptValues(request.body);
      const input = parseForm(AnswerInput, request.body);
      const result = input.ok ? await answer(app, employerOf(request), id, input.value) : input;
      if (!result.ok) return sendRefusal(request, reply, result, (refused) => cardPage(request, reply, id, { values, refused }));
      if (wantsJson(request)) return { id, status: result.value };
      // A declined introduction has no card any more (the consent covered the proposal): back to the inbox, which says so.
      if (result.value === 'declined') return reply.redirect(withNotice('/employer/introductions', 'declined'), 303);
      return reply.redirect(withNotice(`/employer/introductions/${id}`, 'answered'), 303);
    },
  );

  app.post('/employer/vacancies/:id/fill', { schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    const filled = await fillVacancy(app, employerOf(request), id);
    if (!filled.ok) return sendRefusal(request, reply, filled);
    if (wantsJson(request)) return { id, status: 'closed', filled: true };
    const back = FillInput.safeParse(request.body).data?.introductionId;
    return reply.redirect(back ? withNotice(`/employer/introductions/${back}`, 'filled') : `/employer/vacancies/${id}`, 303);
  });
}
