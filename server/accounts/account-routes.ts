import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldErrors, wantsJson } from '../http/respond.ts';
import { requireLogin } from '../plugins/auth.ts';
import { accountOverview, changePassword, endAllSessions } from './account-service.ts';
import { tooMany } from './form-page.ts';
import { CHANGE_FIELDS, ChangeInput } from './password-schemas.ts';
import { securityPage } from './security-pages.ts';
import type { RateLimits } from './service.ts';

/** "My account" for every role: change the password, log out everywhere (and, from the 2FA work, two-factor settings). */
export default async function accountPageRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;
  app.addHook('preHandler', requireLogin);

  async function render(request: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}) {
    const overview = await accountOverview(app, request.account!, request.sessionId!);
    return securityPage(request, reply, 'account', { title: 'account.title', fields: CHANGE_FIELDS, errors, data: { overview } });
  }

  app.get('/account', async (request, reply) => {
    if (!wantsJson(request)) return render(request, reply);
    return { ...(await accountOverview(app, request.account!, request.sessionId!)), csrfToken: request.csrfToken() };
  });

  app.post('/account/password', async (request, reply) => {
    const parsed = ChangeInput.safeParse(request.body);
    if (!parsed.success) return render(request, reply, fieldErrors(parsed.error));
    const result = await changePassword(
      app,
      { account: request.account!, sessionId: request.sessionId!, locale: request.locale, windowSeconds: limits.windowSeconds },
      parsed.data,
    );
    if (!result.ok && result.reason === 'rate_limited') return tooMany(request, reply, limits.windowSeconds);
    if (!result.ok) return render(request, reply, result.errors);
    if (wantsJson(request)) return { changed: true, otherSessionsEnded: result.sessionsEnded };
    return reply.redirect('/account?notice=password-changed', 303);
  });

  app.post('/account/sessions/end', async (request, reply) => {
    const ended = await endAllSessions(app, request.account!);
    await reply.endSession();
    if (wantsJson(request)) return { loggedOut: true, sessionsEnded: ended };
    return reply.redirect('/login?notice=logged-out-everywhere', 303);
  });
}
