import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { referenceLists } from '../reference-data.ts';
import { LOGIN_FIELDS, LoginInput, REGISTER_FIELDS, RegisterInput, safeNext } from './schemas.ts';
import { allowRegistration, authenticate, registerEmployer, unknownTownError, type RateLimits } from './service.ts';
import { homeFor } from './home.ts';


async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  form: 'register' | 'login',
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  status?: number,
) {
  const messages = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, request.t(v)]));
  const hasErrors = Object.keys(messages).length > 0;
  const code = status ?? (hasErrors ? 422 : 200);
  if (wantsJson(request) && hasErrors) return sendError(request, reply, code, code === 401 ? 'invalid_credentials' : 'validation', request.t('errors.validation'), messages);
  const places = form === 'register' ? (await referenceLists(app.db)).townNames : [];
  return reply.page(`accounts/${form}`, {
    title: request.t(`accounts.${form}Title`),
    values,
    errors: messages,
    hasErrors,
    errorList: errorSummary(messages, form === 'register' ? REGISTER_FIELDS : LOGIN_FIELDS),
    places,
  }, code);
}

function tooMany(request: FastifyRequest, reply: FastifyReply, windowSeconds: number) {
  reply.header('retry-after', String(windowSeconds));
  return sendError(request, reply, 429, 'rate_limited', request.t('accounts.rateLimited', { minutes: Math.ceil(windowSeconds / 60) }));
}

export default async function accountRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;

  app.get('/register', async (request, reply) => renderForm(app, request, reply, 'register', {}));

  app.post('/register', async (request, reply) => {
    if (!(await allowRegistration(app, limits, request.ip))) return tooMany(request, reply, limits.windowSeconds);
    const values = keptValues(request.body);
    const parsed = RegisterInput.safeParse(request.body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const town = errors.town ? undefined : await unknownTownError(app, values.town);
      return renderForm(app, request, reply, 'register', values, town ? { ...errors, town } : errors);
    }
    const result = await registerEmployer(app, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, 'register', values, result.errors);
    await reply.startSession(result.accountId);
    if (wantsJson(request)) return reply.code(201).send({ accountId: result.accountId, csrfToken: request.csrfToken() });
    return reply.redirect('/employer/vacancies?saved=welcome', 303);
  });

  app.get('/login', async (request, reply) => renderForm(app, request, reply, 'login', { next: safeNext((request.query as Record<string, unknown>).next) }));

  app.post('/login', async (request, reply) => {
    const values = keptValues(request.body);
    const parsed = LoginInput.safeParse(request.body);
    if (!parsed.success) return renderForm(app, request, reply, 'login', values, fieldErrors(parsed.error));
    const result = await authenticate(app, limits, request.ip, parsed.data.email, parsed.data.password);
    if (!result.ok && result.reason === 'rate_limited') return tooMany(request, reply, limits.windowSeconds);
    if (!result.ok) return renderForm(app, request, reply, 'login', values, { email: 'accounts.errors.invalidLogin' }, 401);
    await reply.startSession(result.accountId);
    if (wantsJson(request)) return { role: result.role, csrfToken: request.csrfToken() };
    return reply.redirect(safeNext(parsed.data.next) ?? homeFor(result.role), 303);
  });

  app.post('/logout', async (request, reply) => {
    await reply.endSession();
    if (wantsJson(request)) return { loggedOut: true };
    return reply.redirect('/?loggedOut=1', 303);
  });
}
