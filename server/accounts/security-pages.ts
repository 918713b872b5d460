import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RefusalPages, RefusedForm } from '../http/refusal.ts';
import { errorSummary, sendError, translatedFields, wantsJson, type FieldMessages } from '../http/respond.ts';
import type { LinkArea } from './one-time-token.ts';

/**
 * The pages of password reset, password change and registration confirmation:
 * a form with its errors translated (422 with the GOV.UK summary; JSON clients
 * get the field messages). They may hold a one-time token or a password form,
 * so no cache keeps them. A form refused through sendRefusal passes `refused`
 * (messages translated, its status); `errors` are message keys.
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
    refused?: RefusedForm;
    values?: Record<string, unknown>;
    data?: Record<string, unknown>;
  },
  status?: number,
) {
  const errors = page.refused?.errors ?? translatedFields(request, page.errors);
  const hasErrors = Object.keys(errors).length > 0;
  const code = page.refused?.status ?? status ?? (hasErrors ? 422 : 200);
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
 * The page of a link that is not valid (the `linkNotValid` refusal), with the next step: ask for a new
 * reset link, or register again.
 */
export function linkNotValidPage(request: FastifyRequest, reply: FastifyReply, area: LinkArea): RefusalPages['gone'] {
  return ({ status, message }) =>
    reply.page(
      'accounts/link-not-valid',
      { title: request.t(`${area}.notValid.title`), message, area, forgot: area === 'passwordReset' },
      status,
    );
}
