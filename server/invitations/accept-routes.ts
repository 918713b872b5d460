import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../accounts/service.ts';
import { tooMany } from '../accounts/form-page.ts';
import { homeFor } from '../accounts/home.ts';
import { keptValues } from '../http/form-values.ts';
import { refusedSummary, sendRefusal, type RefusalPages, type RefusedForm } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { ACCEPT_FIELDS } from './schemas.ts';
import { acceptInvitation, allowAcceptAttempt, openInvitation, readAcceptForm } from './service.ts';

type Invitation = Extract<Awaited<ReturnType<typeof openInvitation>>, { ok: true }>['value']['invitation'];

/** The page of a link that is not valid (`invitationNotValid`): the same for every reason, with the next step. */
function notValidPage(request: FastifyRequest, reply: FastifyReply): RefusalPages['gone'] {
  return ({ status }) => reply.page('invitations/not-valid', { title: request.t('invitations.notValid.title') }, status);
}

/** The accept form (its refusal's messages next to the fields, values kept), or the invitation as JSON. */
function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  invitation: Invitation,
  values: Record<string, unknown> = {},
  refused?: RefusedForm,
) {
  reply.header('cache-control', 'no-store');
  if (wantsJson(request)) {
    return { email: invitation.email, role: invitation.role, project: invitation.project_name, csrfToken: request.csrfToken() };
  }
  const errors = refused?.errors ?? {};
  return reply.page(
    'invitations/accept',
    {
      title: request.t('invitations.accept.title'),
      token,
      invitation: { email: invitation.email, role: invitation.role, projectName: invitation.project_name },
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      errorList: refusedSummary(refused, ACCEPT_FIELDS),
    },
    refused?.status ?? 200,
  );
}

/**
 * The link in an invitation. Its token is read by the service, not by a route schema: a malformed token
 * answers the same 410 as an unknown, used or expired one, where a schema would answer 404.
 */
export default async function acceptInvitationRoutes(app: FastifyInstance, opts: { rateLimits?: RateLimits }) {
  const limits = opts.rateLimits ?? DEFAULT_RATE_LIMITS;

  app.get('/invitations/:token', async (request, reply) => {
    const found = await openInvitation(app, request.params);
    if (!found.ok) return sendRefusal(request, reply, found, { gone: notValidPage(request, reply) });
    return renderForm(request, reply, found.value.token, found.value.invitation);
  });

  app.post('/invitations/:token', async (request, reply) => {
    if (!(await allowAcceptAttempt(app, limits, request.ip))) return tooMany(request, reply, limits.windowSeconds);
    const gone = notValidPage(request, reply);
    const found = await openInvitation(app, request.params);
    if (!found.ok) return sendRefusal(request, reply, found, { gone });
    const { token, invitation } = found.value;
    const input = await readAcceptForm(request.body, invitation.email);
    const form = (refused: RefusedForm) => renderForm(request, reply, token, invitation, keptValues(request.body), refused);
    if (!input.ok) return sendRefusal(request, reply, input, form);
    // A taken address has no form to show it on: the error page (or JSON, `email_taken`) says so.
    const result = await acceptInvitation(app, token, input.value);
    if (!result.ok) return sendRefusal(request, reply, result, { gone });
    await reply.startSession(result.value.accountId);
    if (wantsJson(request)) return reply.code(201).send({ ...result.value, csrfToken: request.csrfToken() });
    return reply.redirect(homeFor(result.value.role), 303);
  });
}
