import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noticeFrom } from '../http/notices.ts';
import { invalid, sendRefusal, type FieldMessages, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { deleteEmployerAccount, deletionPreview } from './account.ts';
import { DELETE_ACCOUNT_FIELDS, DeleteAccountInput } from './schemas.ts';

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
    // A wrong password: the page again with the message at the field (422); too many: 429; gone meanwhile: 404.
    if (!outcome.ok) return sendRefusal(request, reply, outcome, (refused) => renderDelete(app, request, reply, refused));
    const { organisationDeleted } = outcome.value;
    await reply.endSession();
    if (wantsJson(request)) return { deleted: true, organisationDeleted };
    return reply.redirect(`/account/deleted${organisationDeleted ? '?organisation=1' : ''}`, 303);
  });

  app.get('/account/deleted', async (request, reply) => {
    const organisation = noticeFrom(request, ['1'], 'organisation') !== undefined;
    return reply.page('lifecycle/account-deleted', { title: request.t('lifecycle.account.deletedTitle'), organisation });
  });
}
