import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../accounts/service.ts';
import { errorBody, errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { ACCEPT_FIELDS, AcceptInput, InvitationToken } from './schemas.ts';
import { acceptInvitation, allowAcceptAttempt, openInvitation } from './service.ts';
import { homeFor } from '../accounts/home.ts';
import { newPasswordError } from '../accounts/password-rules.ts';

type Invitation = NonNullable<Awaited<ReturnType<typeof openInvitation>>>;

/**
 * One answer for a link that is unknown, used, revoked or expired, so links
 * cannot be probed for which of these they are.
 */
function linkNotValid(request: FastifyRequest, reply: FastifyReply) {
  const message = request.t('invitations.notValid.message');
  if (wantsJson(request)) return reply.code(410).type('application/json; charset=utf-8').send(errorBody('invitation_not_valid', message));
  return reply.page('invitations/not-valid', { title: request.t('invitations.notValid.title') }, 410);
}

/**
 * The open invitation the link names. The token is read here, not by a route schema: a malformed token
 * answers the same 410 as an unknown, used or expired one, where a schema would answer 404.
 */
async function findInvitation(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<{ token: string; invitation: Invitation } | undefined> {
  const params = InvitationToken.safeParse(request.params);
  if (!params.success) return undefined;
  const invitation = await openInvitation(app, params.data.token);
  return invitation && { token: params.data.token, invitation };
}

function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  invitation: Invitation,
  values: Record<string, unknown> = {},
  errorKeys: Record<string, string> = {},
) {
  const errors = translatedFields(request, errorKeys);
  const hasErrors = Object.keys(errors).length > 0;
  if (wantsJson(request) && hasErrors) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  reply.header('cache-control', 'no-store');
  if (wantsJson(request)) {
    return { email: invitation.email, role: invitation.role, project: invitation.project_name, csrfToken: request.csrfToken() };
  }
  return reply.page(
    'invitations/accept',
    {
      title: request.t('invitations.accept.title'),
      token,
      invitation: { email: invitation.email, role: invitation.role, projectName: invitation.project_name },
      values,
      errors,
      hasErrors,
      errorList: errorSummary(errors, ACCEPT_FIELDS),
    },
    hasErrors ? 422 : 200,
  );
}

export default async function acceptInvitationRoutes(app: FastifyInstance, opts: { rateLimits?: RateLimits }) {
  const limits = opts.rateLimits ?? DEFAULT_RATE_LIMITS;

  app.get('/invitations/:token', async (request, reply) => {
    const found = await findInvitation(app, request);
    if (!found) return linkNotValid(request, reply);
    return renderForm(request, reply, found.token, found.invitation);
  });

  app.post('/invitations/:token', async (request, reply) => {
    if (!(await allowAcceptAttempt(app, limits, request.ip))) {
      reply.header('retry-after', String(limits.windowSeconds));
      return sendError(
        request,
        reply,
        429,
        'rate_limited',
        request.t('accounts.rateLimited', { minutes: Math.ceil(limits.windowSeconds / 60) }),
      );
    }
    const found = await findInvitation(app, request);
    if (!found) return linkNotValid(request, reply);
    const parsed = AcceptInput.safeParse(request.body);
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    // The one password rule (long enough, not guessable, not built on the address or name), with the other problems at once.
    const body = request.body as Record<string, unknown> | undefined;
    const weak = errors.password ? undefined : newPasswordError(body?.password, [found.invitation.email, body?.displayName]);
    if (weak) errors.password = weak;
    if (!parsed.success || weak) return renderForm(request, reply, found.token, found.invitation, keptValues(request.body), errors);
    const result = await acceptInvitation(app, found.token, parsed.data);
    if (!result.ok && result.reason === 'invalid') return linkNotValid(request, reply);
    if (!result.ok) return sendError(request, reply, 409, 'email_taken', request.t('invitations.errors.accountExists'));
    await reply.startSession(result.accountId);
    if (wantsJson(request)) return reply.code(201).send({ accountId: result.accountId, role: result.role, csrfToken: request.csrfToken() });
    return reply.redirect(homeFor(result.role), 303);
  });
}
