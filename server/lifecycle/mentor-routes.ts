import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { keptValues } from '../http/form-values.ts';
import { invalid, notFound, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { IdParams, typedRoutes } from '../http/typed-routes.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { requireMentor } from '../plugins/auth.ts';
import { eraseOnRequest } from './erasure.ts';
import { exportFileName, exportMentee } from './export.ts';
import { ERASE_FIELDS, EraseInput } from './schemas.ts';

/** The erase form's messages name the profile's code ("type ABC-123 to confirm"). */
function eraseRefusal(error: z.ZodError, code: string) {
  return invalid(Object.fromEntries(Object.entries(fieldErrors(error)).map(([field, key]) => [field, { key, vars: { code } }])));
}

function renderErase(
  request: FastifyRequest,
  reply: FastifyReply,
  mentee: MenteeProfile,
  form: { values?: Record<string, unknown>; refused?: RefusedForm } = {},
) {
  const errors = form.refused?.errors ?? {};
  return reply.page(
    'lifecycle/erase',
    {
      title: request.t('lifecycle.erase.title', { code: mentee.code }),
      id: mentee.id,
      code: mentee.code,
      values: form.values ?? {},
      errors,
      hasErrors: Object.keys(errors).length > 0,
      errorList: errorSummary(errors, ERASE_FIELDS),
    },
    form.refused?.status ?? 200,
  );
}

/** A mentor exports or erases a profile of their project when the person asks for it. */
export default async function mentorLifecycleRoutes(parent: FastifyInstance) {
  // At onRequest: before the route schema reads the path (a malformed id is a 404 only for a mentor) and before any body.
  parent.addHook('onRequest', requireMentor);
  const app = typedRoutes(parent);
  const withId = { schema: { params: IdParams } };
  /** The profile named in the URL when it belongs to the mentor's project; another project's does not exist. */
  const projectMentee = (request: FastifyRequest, id: string) => findProjectMentee(app.db, request.mentor.projectId, id);

  app.get('/mentor/mentees/:id/export', withId, async (request, reply) => {
    const data = await exportMentee(app, request.mentor, request.params.id);
    if (!data) return sendRefusal(request, reply, notFound());
    return reply
      .header('content-disposition', `attachment; filename="${exportFileName(String(data.mentee.code))}"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/mentor/mentees/:id/erase', withId, async (request, reply) => {
    const mentee = await projectMentee(request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { id: mentee.id, code: mentee.code, csrfToken: request.csrfToken() };
    return renderErase(request, reply, mentee);
  });

  app.post('/mentor/mentees/:id/erase', withId, async (request, reply) => {
    const mentee = await projectMentee(request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    const parsed = EraseInput(mentee.code).safeParse(request.body ?? {});
    if (!parsed.success)
      return sendRefusal(request, reply, eraseRefusal(parsed.error, mentee.code), (refused) =>
        renderErase(request, reply, mentee, { values: keptValues(request.body), refused }),
      );
    // Erased by a second request meanwhile: nothing left to erase.
    if (!(await eraseOnRequest(app, request.mentor, mentee.id))) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { erased: true };
    return reply.redirect('/mentor/mentees?erased=1', 303);
  });
}
