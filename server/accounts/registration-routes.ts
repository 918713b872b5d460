import type { FastifyInstance } from 'fastify';
import { fieldErrors, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { RegisterInput } from './schemas.ts';
import { allowRegistration, registerEmployer, unknownTownError, type RateLimits } from './service.ts';
import { renderForm, tooMany } from './form-page.ts';

/** Employers sign up here; mentors, coordinators and admins are invited. */
export default async function registrationRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
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
}
