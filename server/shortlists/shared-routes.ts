import type { FastifyReply, FastifyRequest, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, sendRefusal } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { typedRoutes, UUID } from '../http/typed-routes.ts';
import { ShareToken } from './schemas.ts';
import { openShareLink, sharedList, sharedVacancy, type OpenShareLink } from './shared-service.ts';

/** The vacancy id is checked in the handler, once the link works, so that its answer speaks the link's language. */
const SharedVacancyParams = ShareToken.extend({ vacancyId: z.string() });

/**
 * The pages a share link opens, without logging in: /s/<token> (the list) and /s/<token>/v/<vacancy id>
 * (one vacancy of it). The token is the only key, so: no cache keeps the page, no Referer carries the
 * token to another site, no search engine lists it, and every link that does not work answers the same
 * page, so tokens cannot be probed. Within a working link, every vacancy that is not on its list (another
 * mentee's, closed, made up) answers that same page in the link's language, so vacancy ids cannot be probed either.
 */
export default async function sharedRoutes(parent: FastifyInstance) {
  // A malformed token is a link that does not work: the same 404 page as an unknown one.
  const app = typedRoutes(parent, 'shortlists.shared.invalid');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
  });

  /** Every link or vacancy that does not work answers this one 404 (in the link's language once the link works). */
  const invalid = (request: FastifyRequest, reply: FastifyReply) => sendRefusal(request, reply, notFound('shortlists.shared.invalid'));

  /** The link's language, unless the mentee chose another on the page (`?lang=`), which then stays on every page of the link. */
  function speakLinkLanguage(request: FastifyRequest, link: OpenShareLink) {
    if (!request.localeAsked) request.locale = link.locale;
    return request.localeAsked ? request.locale : undefined;
  }

  app.get('/s/:token', { schema: { params: ShareToken } }, async (request, reply) => {
    const { token } = request.params;
    const link = await openShareLink(app, token);
    if (!link) return invalid(request, reply);
    const asked = speakLinkLanguage(request, link);
    const page = await sharedList(app, link, token, request.locale, asked);
    if (wantsJson(request)) return { locale: request.locale, ...page };
    return reply.page('shortlists/shared', { title: request.t('shortlists.shared.title'), ...page });
  });

  app.get('/s/:token/v/:vacancyId', { schema: { params: SharedVacancyParams } }, async (request, reply) => {
    const { token, vacancyId } = request.params;
    const link = await openShareLink(app, token);
    if (!link) return invalid(request, reply);
    // From here the link works: a vacancy that is not on its list (or no id at all) is told so in the link's language.
    const asked = speakLinkLanguage(request, link);
    const page = UUID.test(vacancyId) ? await sharedVacancy(app, link, token, vacancyId, request.locale, asked) : null;
    if (!page) return invalid(request, reply);
    if (wantsJson(request)) return { locale: request.locale, ...page };
    return reply.page('shortlists/shared-vacancy', { title: page.vacancy.title, ...page });
  });
}
