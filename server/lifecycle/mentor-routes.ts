import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import { MenteeId } from '../mentees/schemas.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { requireMentor } from '../plugins/auth.ts';
import { eraseOnRequest } from './erasure.ts';
import { exportFileName, exportMentee } from './export.ts';
import { ERASE_FIELDS, EraseInput } from './schemas.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
const mentorOf = (request: FastifyRequest) => ({ id: request.account!.id, projectId: request.account!.projectId! });

/** The profile named in the URL when it belongs to the mentor's project; another project's does not exist. */
async function projectMentee(app: FastifyInstance, request: FastifyRequest): Promise<MenteeProfile | undefined> {
  const params = MenteeId.safeParse(request.params);
  return params.success ? findProjectMentee(app.db, request.account!.projectId!, params.data.id) : undefined;
}

function renderErase(
  request: FastifyRequest,
  reply: FastifyReply,
  mentee: MenteeProfile,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) {
  const errors = Object.fromEntries(
    Object.entries(form.errors ?? {}).map(([field, key]) => [field, request.t(key, { code: mentee.code })]),
  );
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  return reply.page(
    'lifecycle/erase',
    {
      title: request.t('lifecycle.erase.title', { code: mentee.code }),
      id: mentee.id,
      code: mentee.code,
      values: form.values ?? {},
      errors,
      hasErrors,
      errorList: errorSummary(errors, ERASE_FIELDS),
    },
    hasErrors ? 422 : 200,
  );
}

/** A mentor exports or erases a profile of their project when the person asks for it. */
export default async function mentorLifecycleRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMentor);

  app.get('/mentor/mentees/:id/export', async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    const data = params.success ? await exportMentee(app, mentorOf(request), params.data.id) : undefined;
    if (!data) return notFound(request, reply);
    return reply
      .header('content-disposition', `attachment; filename="${exportFileName(String(data.mentee.code))}"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/mentor/mentees/:id/erase', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    if (wantsJson(request)) return { id: mentee.id, code: mentee.code, csrfToken: request.csrfToken() };
    return renderErase(request, reply, mentee);
  });

  app.post('/mentor/mentees/:id/erase', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    const parsed = EraseInput(mentee.code).safeParse(request.body ?? {});
    if (!parsed.success)
      return renderErase(request, reply, mentee, { values: keptValues(request.body), errors: fieldErrors(parsed.error) });
    // Erased by a second request meanwhile: nothing left to erase.
    if (!(await eraseOnRequest(app, mentorOf(request), mentee.id))) return notFound(request, reply);
    if (wantsJson(request)) return { erased: true };
    return reply.redirect('/mentor/mentees?erased=1', 303);
  });
}
