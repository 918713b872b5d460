import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { ownedObject } from '../http/owned.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { requireMentor } from '../plugins/auth.ts';
import { DIGEST_HOUR, DIGEST_JOB, sendCheckinDigests } from './digest.ts';
import { findProjectPlacement } from './queries.ts';
import { CONCERNS, END_FIELDS, END_REASONS, EndInput, FOLLOW_UP_FIELDS, FollowUpInput, NOTE_MAX, PlacementId } from './schemas.ts';
import { endPlacement, followUpDashboard, placementOverview, placementPath, recordContact, type PlacementOverview } from './service.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));

/** Which form failed, and how. Both forms have a `note`; the end form's is shown with the id `endNote`. */
interface FormState {
  form?: 'followUp' | 'end';
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
}

const SAVED = new Set(['contact', 'ended']);

async function renderPlacement(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  overview: PlacementOverview,
  state: FormState = {},
) {
  const errors = translatedFields(request, state.errors);
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const today = todayInBerlin();
  const followUp = state.form === 'followUp' ? { values: state.values ?? {}, errors } : { values: { date: today }, errors: {} };
  const endErrors =
    state.form === 'end'
      ? Object.fromEntries(Object.entries(errors).map(([field, message]) => [field === 'note' ? 'endNote' : field, message]))
      : {};
  const end = state.form === 'end' ? { values: state.values ?? {}, errors: endErrors } : { values: { endedOn: today }, errors: {} };
  const saved = (request.query as Record<string, unknown>).saved;
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
      saved: typeof saved === 'string' && SAVED.has(saved) ? saved : undefined,
      options: { concerns: CONCERNS, reasons: END_REASONS },
      noteMax: NOTE_MAX,
    },
    hasErrors ? 422 : 200,
  );
}

export default async function followUpRoutes(app: FastifyInstance) {
  // The digest's links start with the same address as every other link the portal hands out.
  app.jobs.register(DIGEST_JOB, DIGEST_HOUR, async (day) => {
    await sendCheckinDigests(app, day, app.publicUrl);
  });

  // At onRequest, so that no body is read for anyone else; then the placement named in the URL, when it
  // belongs to the mentor's project (another project's does not exist), before its form is read.
  app.addHook('onRequest', requireMentor);
  const ownPlacement = ownedObject((request, id) => findProjectPlacement(app.db, request.account!.projectId!, id));

  app.get('/mentor/follow-ups', async (request, reply) => {
    const dashboard = await followUpDashboard(app, request.account!.projectId!, todayInBerlin());
    if (wantsJson(request)) return dashboard;
    return reply.page('follow-ups/dashboard', { title: request.t('followUps.dashboard.title'), ...dashboard });
  });

  app.get('/mentor/placements/:id', async (request, reply) => {
    const params = PlacementId.safeParse(request.params);
    const overview = params.success
      ? await placementOverview(app, request.account!.projectId!, params.data.id, todayInBerlin())
      : undefined;
    if (!overview) return notFound(request, reply);
    if (wantsJson(request)) return { ...overview, csrfToken: request.csrfToken() };
    return renderPlacement(app, request, reply, overview);
  });

  app.post('/mentor/placements/:id/follow-ups', { onRequest: ownPlacement.onRequest }, async (request, reply) => {
    const placement = ownPlacement.found(request);
    if (placement.endedOn) return sendError(request, reply, 409, 'placement_ended', request.t('followUps.errors.ended'));
    const parsed = FollowUpInput({ startDate: placement.startDate, today: todayInBerlin() }).safeParse(request.body);
    if (!parsed.success) {
      const overview = (await placementOverview(app, request.account!.projectId!, placement.id, todayInBerlin()))!;
      return renderPlacement(app, request, reply, overview, {
        form: 'followUp',
        values: keptValues(request.body),
        errors: fieldErrors(parsed.error),
      });
    }
    const id = await recordContact(app, placement.id, request.account!.id, parsed.data);
    if (wantsJson(request)) return reply.code(201).send({ id });
    return reply.redirect(`${placementPath(placement.id)}?saved=contact`, 303);
  });

  app.post('/mentor/placements/:id/end', { onRequest: ownPlacement.onRequest }, async (request, reply) => {
    const placement = ownPlacement.found(request);
    if (placement.endedOn) return sendError(request, reply, 409, 'placement_ended', request.t('followUps.errors.ended'));
    const parsed = EndInput({ startDate: placement.startDate, today: todayInBerlin() }).safeParse(request.body);
    if (!parsed.success) {
      const overview = (await placementOverview(app, request.account!.projectId!, placement.id, todayInBerlin()))!;
      return renderPlacement(app, request, reply, overview, {
        form: 'end',
        values: keptValues(request.body),
        errors: fieldErrors(parsed.error),
      });
    }
    // Two ends at the same moment: the second finds nothing left to end.
    if (!(await endPlacement(app, request.account!.projectId!, placement, parsed.data))) {
      return sendError(request, reply, 409, 'placement_ended', request.t('followUps.errors.ended'));
    }
    if (wantsJson(request)) return { id: placement.id, endedOn: parsed.data.endedOn, reason: parsed.data.reason };
    return reply.redirect(`${placementPath(placement.id)}?saved=ended`, 303);
  });
}
