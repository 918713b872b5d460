import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, errorSummary, sendError, translatedFields, wantsJson, type FieldMessages } from '../http/respond.ts';

/**
 * The pages of password reset, password change and registration confirmation:
 * a form with its errors translated (422 with the GOV.UK summary; JSON clients
 * get the field messages). They may hold a one-time token or a password form,
 * so no cache keeps them.
 */
export function securityPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  page: {
    title: string;
    fields?: readonly string[];
    /** Message keys (with values) per field, as schemas and services give them. */
    errors?: FieldMessages;
    values?: Record<string, unknown>;
    data?: Record<string, unknown>;
  },
  status?: number,
) {
  const errors = translatedFields(request, page.errors);
  const hasErrors = Object.keys(errors).length > 0;
  const code = status ?? (hasErrors ? 422 : 200);
  if (wantsJson(request) && hasErrors) return sendError(request, reply, code, 'validation', request.t('errors.validation'), errors);
  reply.header('cache-control', 'no-store');
  return reply.page(
    `accounts/${template}`,
    {
      title: request.t(page.title),
      values: page.values ?? {},
      errors,
      hasErrors,
      errorList: errorSummary(errors, page.fields ?? []),
      ...page.data,
    },
    code,
  );
}

/**
 * One answer (410) for a link that is unknown, used or expired, so links cannot
 * be probed for which of these they are.
 */
export function linkNotValid(request: FastifyRequest, reply: FastifyReply, area: 'passwordReset' | 'registration') {
  const message = request.t(`${area}.notValid.message`);
  reply.header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.code(410).type('application/json; charset=utf-8').send(errorBody('link_not_valid', message));
  return reply.page(
    'accounts/link-not-valid',
    { title: request.t(`${area}.notValid.title`), message, area, forgot: area === 'passwordReset' },
    410,
  );
}
