import type { FastifyReply, FastifyRequest, FastifyInstance } from 'fastify';
import { sendError, wantsJson } from '../http/respond.ts';
import { SharedVacancyParams, ShareToken } from './schemas.ts';
import { openShareLink, sharedList, sharedVacancy, type OpenShareLink } from './shared-service.ts';

/**
 * The pages a share link opens, without logging in: /s/<token> (the list) and /s/<token>/v/<vacancy id>
 * (one vacancy of it). The token is the only key, so: no cache keeps the page, no Referer carries the
 * token to another site, no search engine lists it, and every link or vacancy that does not work
 * answers the same page, so neither tokens nor vacancy ids can be probed.
 */
export default async function sharedRoutes(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
  });

  const invalid = (request: FastifyRequest, reply: FastifyReply) => sendError(request, reply, 404, 'not_found', request.t('shortlists.shared.invalid'));

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
    const params = SharedVacancyParams.safeParse(request.params);
    const link = params.success ? await openShareLink(app, params.data.token) : null;
    if (!link) return invalid(request, reply);
    const asked = speakLinkLanguage(request, link);
    const page = await sharedVacancy(app, link, params.data!.token, params.data!.vacancyId, request.locale, asked);
    if (!page) return invalid(request, reply);
    if (wantsJson(request)) return { locale: request.locale, ...page };
    return reply.page('shortlists/shared-vacancy', { title: page.vacancy.title, ...page });
  });
}
