import type { FastifyInstance } from 'fastify';
import { fieldErrors, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { LoginInput, safeNext } from './schemas.ts';
import { authenticate, type RateLimits } from './service.ts';
import { renderForm, tooMany } from './form-page.ts';
import { homeFor } from './home.ts';

export default async function accountRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;

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
