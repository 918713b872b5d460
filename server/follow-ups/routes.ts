import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { ownedObject } from '../http/owned.ts';
import { notFound, parseForm, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, wantsJson } from '../http/respond.ts';
import { IdParams, typedRoutes } from '../http/typed-routes.ts';
import { requireMentor } from '../plugins/auth.ts';
import { DIGEST_HOUR, DIGEST_JOB, sendCheckinDigests } from './digest.ts';
import { findProjectPlacement } from './queries.ts';
import { CONCERNS, END_FIELDS, END_REASONS, EndInput, FOLLOW_UP_FIELDS, FollowUpInput, NOTE_MAX } from './schemas.ts';
import {
  endPlacement,
  followUpDashboard,
  placementEnded,
  placementOverview,
  placementPath,
  recordContact,
  type PlacementOverview,
} from './service.ts';

/** Which form failed, and how. Both forms have a `note`; the end form's is shown with the id `endNote`. */
interface FormState {
  form?: 'followUp' | 'end';
  values?: Record<string, unknown>;
  refused?: RefusedForm;
}

const SAVED = ['contact', 'ended'] as const;

async function renderPlacement(request: FastifyRequest, reply: FastifyReply, overview: PlacementOverview, state: FormState = {}) {
  const errors = state.refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const today = todayInBerlin();
  const followUp = state.form === 'followUp' ? { values: state.values ?? {}, errors } : { values: { date: today }, errors: {} };
  const endErrors =
    state.form === 'end'
      ? Object.fromEntries(Object.entries(errors).map(([field, message]) => [field === 'note' ? 'endNote' : field, message]))
      : {};
  const end = state.form === 'end' ? { values: state.values ?? {}, errors: endErrors } : { values: { endedOn: today }, errors: {} };
  const code = overview.placement.menteeCode ?? request.t('followUps.menteeErased');
  return reply.page(
    'follow-ups/placement',
    {
      title: request.t('followUps.placement.title', { code }),
      code,
      ...overview,
      followUp,
      end,
      hasErrors,
      errorList:
        state.form === 'end'
          ? errorSummary(
              endErrors,
              END_FIELDS.map((f) => (f === 'note' ? 'endNote' : f)),
            )
          : errorSummary(errors, FOLLOW_UP_FIELDS),
      saved: noticeFrom(request, SAVED),
      options: { concerns: CONCERNS, reasons: END_REASONS },
      noteMax: NOTE_MAX,
    },
    state.refused?.status ?? 200,
  );
}

export default async function followUpRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent);
  // The digest's links start with the same address as every other link the portal hands out.
  app.jobs.register(DIGEST_JOB, DIGEST_HOUR, async (day) => {
    await sendCheckinDigests(app, day, app.publicUrl);
  });

  // At onRequest, so that no body is read for anyone else; then the placement named in the URL, when it
  // belongs to the mentor's project (another project's does not exist), before its form is read.
  parent.addHook('onRequest', requireMentor);
  const ownPlacement = ownedObject((request, id) => findProjectPlacement(app.db, request.mentor.projectId, id));

  /** A refused form re-renders the placement page with that form's values and messages. */
  const refuseForm =
    (request: FastifyRequest, reply: FastifyReply, placementId: string, form: 'followUp' | 'end') => async (refused: RefusedForm) => {
      const overview = await placementOverview(app, request.mentor.projectId, placementId, todayInBerlin());
      if (!overview) return sendRefusal(request, reply, notFound());
      return renderPlacement(request, reply, overview, { form, values: keptValues(request.body), refused });
    };

  app.get('/mentor/follow-ups', async (request, reply) => {
    const dashboard = await followUpDashboard(app, request.mentor.projectId, todayInBerlin());
    if (wantsJson(request)) return dashboard;
    return reply.page('follow-ups/dashboard', { title: request.t('followUps.dashboard.title'), ...dashboard });
  });

  app.get('/mentor/placements/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const overview = await placementOverview(app, request.mentor.projectId, request.params.id, todayInBerlin());
    if (!overview) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { ...overview, csrfToken: request.csrfToken() };
    return renderPlacement(request, reply, overview);
  });

  app.post('/mentor/placements/:id/follow-ups', { onRequest: ownPlacement.onRequest }, async (request, reply) => {
    const placement = ownPlacement.found(request);
    if (placement.endedOn) return sendRefusal(request, reply, placementEnded);
    const input = parseForm(FollowUpInput({ startDate: placement.startDate, today: todayInBerlin() }), request.body);
    if (!input.ok) return sendRefusal(request, reply, input, refuseForm(request, reply, placement.id, 'followUp'));
    const id = await recordContact(app, placement.id, request.mentor.id, input.value);
    if (wantsJson(request)) return reply.code(201).send({ id });
    return reply.redirect(withNotice(placementPath(placement.id), 'contact'), 303);
  });

  app.post('/mentor/placements/:id/end', { onRequest: ownPlacement.onRequest }, async (request, reply) => {
    const placement = ownPlacement.found(request);
    if (placement.endedOn) return sendRefusal(request, reply, placementEnded);
    const input = parseForm(EndInput({ startDate: placement.startDate, today: todayInBerlin() }), request.body);
    if (!input.ok) return sendRefusal(request, reply, input, refuseForm(request, reply, placement.id, 'end'));
    // Two ends at the same moment: the second finds nothing left to end.
    const result = await endPlacement(app, request.mentor.projectId, placement, input.value);
    if (!result.ok) return sendRefusal(request, reply, result);
    if (wantsJson(request)) return { id: placement.id, endedOn: input.value.endedOn, reason: input.value.reason };
    return reply.redirect(withNotice(placementPath(placement.id), 'ended'), 303);
  });
}
