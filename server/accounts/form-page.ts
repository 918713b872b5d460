import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSummary, sendError, translatedFields, wantsJson, type FieldMessages } from '../http/respond.ts';
import { sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { referenceLists } from '../reference-data.ts';
import { tooManyGuesses } from './locked.ts';
import { LOGIN_FIELDS, REGISTER_FIELDS } from './schemas.ts';

/**
 * The login and registration forms; a refused one (through sendRefusal, or the login's wrong password, 401)
 * shows its messages next to the fields. JSON clients get the field messages.
 */
export async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  form: 'register' | 'login',
  values: Record<string, unknown>,
  refused?: RefusedForm,
) {
  const messages = refused?.errors ?? {};
  const hasErrors = Object.keys(messages).length > 0;
  const code = refused?.status ?? 200;
  if (wantsJson(request) && hasErrors)
    return sendError(request, reply, code, code === 401 ? 'invalid_credentials' : 'validation', request.t('errors.validation'), messages);
  const places = form === 'register' ? (await referenceLists(app.db)).townNames : [];
  return reply.page(
    `accounts/${form}`,
    {
      title: request.t(`accounts.${form}Title`),
      values,
      errors: messages,
      hasErrors,
      errorList: errorSummary(messages, form === 'register' ? REGISTER_FIELDS : LOGIN_FIELDS),
      places,
    },
    code,
  );
}

/** A step locked after too many tries, for a route that has no service result to hand on (server/accounts/locked.ts). */
export function tooMany(request: FastifyRequest, reply: FastifyReply, windowSeconds: number) {
  return sendRefusal(request, reply, tooManyGuesses(windowSeconds));
}

/**
 * A two-factor form (the login's second step, the settings page), its error keys
 * translated: 422 for errors unless a status is given, JSON errors for JSON clients.
 */
export async function renderStepForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: {
    template: string;
    title: string;
    fields: readonly string[];
    data?: Record<string, unknown>;
    values?: Record<string, unknown>;
    /** Message keys (with values) per field, as schemas and services give them. */
    errors?: FieldMessages;
    status?: number;
  },
) {
  const messages = translatedFields(request, page.errors);
  const hasErrors = Object.keys(messages).length > 0;
  const code = page.status ?? (hasErrors ? 422 : 200);
  if (wantsJson(request) && hasErrors)
    return sendError(request, reply, code, code === 401 ? 'invalid_code' : 'validation', request.t('errors.validation'), messages);
  return reply.page(
    page.template,
    {
      ...page.data,
      title: request.t(page.title),
      values: page.values ?? {},
      errors: messages,
      hasErrors,
      errorList: errorSummary(messages, page.fields),
    },
    code,
  );
}
