import type { FastifyReply, FastifyRequest, FastifyInstance } from 'fastify';
import { sendError, wantsJson } from '../http/respond.ts';
import { SharedVacancyId, ShareToken } from './schemas.ts';
import { openShareLink, sharedList, sharedVacancy, type OpenShareLink } from './shared-service.ts';

/**
 * The pages a share link opens, without logging in: /s/<token> (the list) and /s/<token>/v/<vacancy id>
 * (one vacancy of it). The token is the only key, so: no cache keeps the page, no Referer carries the
 * token to another site, no search engine lists it, and every link that does not work answers the same
 * page, so tokens cannot be probed. Within a working link, every vacancy that is not on its list (another
 * mentee's, closed, made up) answers that same page in the link's language, so vacancy ids cannot be probed either.
 */
export default async function sharedRoutes(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
  });

  const invalid = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(request, reply, 404, 'not_found', request.t('shortlists.shared.invalid'));

  /** The link's language, unless the mentee chose another on the page (`?lang=`), which then stays on every page of the link. */
  function speakLinkLanguage(request: FastifyRequest, link: OpenShareLink) {
    if (!request.localeAsked) request.locale = link.locale;
    return request.localeAsked ? request.locale : undefined;
  }

  app.get('/s/:token', async (request, reply) => {
    const params = ShareToken.safeParse(request.params);
    const link = params.success ? await openShareLink(app, params.data.token) : null;
    if (!link) return invalid(request, reply);
    const asked = speakLinkLanguage(request, link);
    const page = await sharedList(app, link, params.data!.token, request.locale, asked);
    if (wantsJson(request)) return { locale: request.locale, ...page };
    return reply.page('shortlists/shared', { title: request.t('shortlists.shared.title'), ...page });
  });

  app.get('/s/:token/v/:vacancyId', async (request, reply) => {
    const params = ShareToken.safeParse(request.params);
    const link = params.success ? await openShareLink(app, params.data.token) : null;
    if (!link) return invalid(request, reply);
    // From here the link works: a vacancy that is not on its list (or no id at all) is told so in the link's language.
    const asked = speakLinkLanguage(request, link);
    const vacancy = SharedVacancyId.safeParse(request.params);
    const page = vacancy.success ? await sharedVacancy(app, link, params.data!.token, vacancy.data.vacancyId, request.locale, asked) : null;
    if (!page) return invalid(request, reply);
    if (wantsJson(request)) return { locale: request.locale, ...page };
    return reply.page('shortlists/shared-vacancy', { title: page.vacancy.title, ...page });
  });
}
