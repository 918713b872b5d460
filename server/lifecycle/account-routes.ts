import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noticeFrom } from '../http/notices.ts';
import { invalid, notFound, sendRefusal, type FieldMessages, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { deleteEmployerAccount, deletionPreview } from './account.ts';
import { DELETE_ACCOUNT_FIELDS, DeleteAccountInput } from './schemas.ts';

const WAIT_MINUTES = 15;

async function renderDelete(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, refused?: RefusedForm) {
  const errors = refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const preview = await deletionPreview(app, request.employer.employerId);
  return reply.page(
    'lifecycle/delete-account',
    { title: request.t('lifecycle.account.title'), preview, errors, hasErrors, errorList: errorSummary(errors, DELETE_ACCOUNT_FIELDS) },
    refused?.status ?? 200,
  );
}

/** The confirmation refused (no or a wrong password): the same page with the message at the field, or JSON. */
function refuseDelete(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, errors: FieldMessages) {
  return sendRefusal(request, reply, invalid(errors), (refused) => renderDelete(app, request, reply, refused));
}

/** An employer deletes their account (and, with the last account, the organisation), confirmed by the password. */
export default async function accountDeletionRoutes(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    // The route's pattern, not the raw URL: /%65mployer/… reaches the same route and must meet the same check.
    if (request.routeOptions.url?.startsWith('/employer/')) return requireRole('employer')(request, reply);
  });

  app.get('/employer/account/delete', async (request, reply) => {
    if (wantsJson(request)) return { ...(await deletionPreview(app, request.employer.employerId)), csrfToken: request.csrfToken() };
    return renderDelete(app, request, reply);
  });

  app.post('/employer/account/delete', async (request, reply) => {
    const parsed = DeleteAccountInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuseDelete(app, request, reply, fieldErrors(parsed.error));
    const outcome = await deleteEmployerAccount(app, request.employer.id, parsed.data.password);
    if (!outcome.ok && outcome.reason === 'rate_limited') {
      reply.header('retry-after', String(WAIT_MINUTES * 60));
      return sendError(request, reply, 429, 'rate_limited', request.t('lifecycle.account.errors.tooMany', { minutes: WAIT_MINUTES }));
    }
    if (!outcome.ok && outcome.reason === 'wrong_password')
      return refuseDelete(app, request, reply, { password: 'lifecycle.account.errors.passwordWrong' });
    if (!outcome.ok) return sendRefusal(request, reply, notFound());
    await reply.endSession();
    if (wantsJson(request)) return { deleted: true, organisationDeleted: outcome.organisationDeleted };
    return reply.redirect(`/account/deleted${outcome.organisationDeleted ? '?organisation=1' : ''}`, 303);
  });

  app.get('/account/deleted', async (request, reply) => {
    const organisation = noticeFrom(request, ['1'], 'organisation') !== undefined;
    return reply.page('lifecycle/account-deleted', { title: request.t('lifecycle.account.deletedTitle'), organisation });
  });
}
