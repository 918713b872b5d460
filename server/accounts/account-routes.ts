import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { notFound, sendRefusal } from '../http/refusal.ts';
import { fieldErrors, wantsJson, type FieldMessages } from '../http/respond.ts';
import { DIGEST_NOTICES, DigestSettingInput, digestNotice, digestSetting, saveDigestSetting } from '../new-matches/settings.ts';
import { requireLogin } from '../plugins/auth.ts';
import { accountOverview, changePassword, endAllSessions } from './account-service.ts';
import { CHANGE_FIELDS, ChangeInput } from './password-schemas.ts';
import { securityPage } from './security-pages.ts';
import type { RateLimits } from './service.ts';

/** "My account" for every role: change the password, log out everywhere (and, from the 2FA work, two-factor settings). */
export default async function accountPageRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;
  app.addHook('preHandler', requireLogin);

  async function render(request: FastifyRequest, reply: FastifyReply, errors: FieldMessages = {}) {
    const overview = await accountOverview(app, request.signedIn, request.sessionId!);
    // A mentor's daily e-mail of new matches (server/new-matches): on or off, and whether it was just saved.
    const setting = await digestSetting(app.db, request.signedIn);
    const newMatchDigest = setting && { ...setting, saved: noticeFrom(request, DIGEST_NOTICES) };
    const fields = [...CHANGE_FIELDS, 'newMatchDigest'];
    return securityPage(request, reply, 'account', { title: 'account.title', fields, errors, data: { overview, newMatchDigest } });
  }

  app.get('/account', async (request, reply) => {
    if (!wantsJson(request)) return render(request, reply);
    return { ...(await accountOverview(app, request.signedIn, request.sessionId!)), csrfToken: request.csrfToken() };
  });

  app.post('/account/password', async (request, reply) => {
    const parsed = ChangeInput.safeParse(request.body);
    if (!parsed.success) return render(request, reply, fieldErrors(parsed.error));
    const result = await changePassword(
      app,
      { account: request.signedIn, sessionId: request.sessionId!, locale: request.locale, windowSeconds: limits.windowSeconds },
      parsed.data,
    );
    // A wrong password shows at its field; too many lock the form for the window (429).
    if (!result.ok) return result.kind === 'invalid' ? render(request, reply, result.errors) : sendRefusal(request, reply, result);
    if (wantsJson(request)) return { changed: true, otherSessionsEnded: result.value.sessionsEnded };
    return reply.redirect('/account?notice=password-changed', 303);
  });

  app.post('/account/new-match-digest', async (request, reply) => {
    if (request.signedIn.role !== 'mentor') return sendRefusal(request, reply, notFound());
    const parsed = DigestSettingInput.safeParse(request.body ?? {});
    if (!parsed.success) return render(request, reply, { newMatchDigest: 'newMatches.setting.invalid' });
    await saveDigestSetting(app.db, request.signedIn.id, parsed.data.newMatchDigest);
    if (wantsJson(request)) return { newMatchDigest: parsed.data.newMatchDigest };
    return reply.redirect(withNotice('/account#new-match-digest', digestNotice(parsed.data.newMatchDigest)), 303);
  });

  app.post('/account/sessions/end', async (request, reply) => {
    const ended = await endAllSessions(app, request.signedIn);
    await reply.endSession();
    if (wantsJson(request)) return { loggedOut: true, sessionsEnded: ended };
    return reply.redirect('/login?notice=logged-out-everywhere', 303);
  });
}
