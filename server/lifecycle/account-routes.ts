import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { deleteEmployerAccount, deletionPreview } from './account.ts';
import { DELETE_ACCOUNT_FIELDS, DeleteAccountInput } from './schemas.ts';

const WAIT_MINUTES = 15;

async function renderDelete(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, errorKeys: Record<string, string> = {}) {
  const errors = Object.fromEntries(Object.entries(errorKeys).map(([field, key]) => [field, request.t(key)]));
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const preview = await deletionPreview(app, request.account!.employerId!);
  return reply.page(
    'lifecycle/delete-account',
    { title: request.t('lifecycle.account.title'), preview, errors, hasErrors, errorList: errorSummary(errors, DELETE_ACCOUNT_FIELDS) },
    hasErrors ? 422 : 200,
  );
}

/** An employer deletes their account (and, with the last account, the organisation), confirmed by the password. */
export default async function accountDeletionRoutes(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    // The route's pattern, not the raw URL: /%65mployer/… reaches the same route and must meet the same check.
    if (request.routeOptions.url?.startsWith('/employer/')) return requireRole('employer')(request, reply);
  });

  app.get('/employer/account/delete', async (request, reply) => {
    if (wantsJson(request)) return { ...(await deletionPreview(app, request.account!.employerId!)), csrfToken: request.csrfToken() };
    return renderDelete(app, request, reply);
  });

  app.post('/employer/account/delete', async (request, reply) => {
    const parsed = DeleteAccountInput.safeParse(request.body ?? {});
    if (!parsed.success) return renderDelete(app, request, reply, fieldErrors(parsed.error));
    const outcome = await deleteEmployerAccount(app, request.account!.id, parsed.data.password);
    if (!outcome.ok && outcome.reason === 'rate_limited') {
      reply.header('retry-after', String(WAIT_MINUTES * 60));
      return sendError(request, reply, 429, 'rate_limited', request.t('lifecycle.account.errors.tooMany', { minutes: WAIT_MINUTES }));
    }
    if (!outcome.ok && outcome.reason === 'wrong_password')
      return renderDelete(app, request, reply, { password: 'lifecycle.account.errors.passwordWrong' });
    if (!outcome.ok) return sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
    await reply.endSession();
    if (wantsJson(request)) return { deleted: true, organisationDeleted: outcome.organisationDeleted };
    return reply.redirect(`/account/deleted${outcome.organisationDeleted ? '?organisation=1' : ''}`, 303);
  });

  app.get('/account/deleted', async (request, reply) => {
    const organisation = (request.query as Record<string, unknown>).organisation === '1';
    return reply.page('lifecycle/account-deleted', { title: request.t('lifecycle.account.deletedTitle'), organisation });
  });
}
