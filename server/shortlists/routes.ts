import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { isLocale, LOCALES } from '../i18n/index.ts';
import { findProjectMentee } from '../mentees/queries.ts';
import { MenteeId } from '../mentees/schemas.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { returnTarget } from '../matches/return-to.ts';
import { requireRole } from '../plugins/auth.ts';
import {
  BrowseQuery,
  DEFAULT_LINK_DAYS,
  MENTOR_CONTACT_FIELDS,
  MentorContactInput,
  SHARE_LINK_FIELDS,
  ShareLinkId,
  ShareLinkInput,
  ShortlistAdd,
  ShortlistItemParams,
} from './schemas.ts';
import { shareLinkQrCode } from './qr-code.ts';
import { cardActions, vacancyMarks } from './card-actions.ts';
import * as service from './service.ts';
import sharedRoutes from './shared-routes.ts';
import { mentorContactShown, mentorContactValues, saveMentorContact } from './shared-service.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));

/** The mentee named in the URL when they belong to the mentor's project; another project's mentee does not exist. */
async function projectMentee(app: FastifyInstance, request: FastifyRequest): Promise<MenteeProfile | undefined> {
  const params = MenteeId.safeParse({ id: (request.params as Record<string, unknown>).id });
  const projectId = request.account?.projectId;
  if (!params.success || projectId === null || projectId === undefined) return undefined;
  return findProjectMentee(app.db, projectId, params.data.id);
}

/** `?lang=` chosen on the page itself wins over the language a page would otherwise take. */
const languageAsked = (request: FastifyRequest) => isLocale((request.query as Record<string, unknown> | undefined)?.lang);

const shortlistPath = (menteeId: string) => `/mentor/mentees/${menteeId}/shortlist`;

/**
 * Back to the mentee's page the form was on (a `returnTo` field, else the Referer; matches/return-to.ts), else to
 * the shortlist. The shortlist says what happened; the other pages show it on the card the anchor leads to.
 */
function backTo(app: FastifyInstance, request: FastifyRequest, mentee: MenteeProfile, notice: 'added' | 'removed'): string {
  const body = request.body as Record<string, unknown> | undefined;
  const target = returnTarget(app.publicUrl, mentee.id, [body?.returnTo, request.headers.referer]);
  if (!target || target.page === '/shortlist') return `${shortlistPath(mentee.id)}?saved=${notice}`;
  return target.href;
}

const SAVED_NOTICES = new Set(['added', 'removed', 'revoked', 'proposed']);

interface ShortlistPageState {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  newLink?: { url: string; expiresAt: Date; locale: string; qrCode: Awaited<ReturnType<typeof shareLinkQrCode>> };
}

async function renderShortlist(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  mentee: MenteeProfile,
  state: ShortlistPageState = {},
) {
  const errors = Object.fromEntries(Object.entries(state.errors ?? {}).map(([field, key]) => [field, request.t(key)]));
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const [overview, contact, marks] = await Promise.all([
    service.shortlistOverview(app, mentee, request.locale),
    mentorContactShown(app, request.account!.id),
    vacancyMarks(app, mentee.id),
  ]);
  const active = mentee.status === 'active';
  const consent = mentee.consent && mentee.consentAt !== null;
  const items = overview.items.map((item) => ({
    ...item,
    ...cardActions(
      { id: mentee.id, active: active && item.advertised, consent },
      item.id,
      marks,
      `${shortlistPath(mentee.id)}#item-${item.id}`,
    ),
  }));
  const saved = (request.query as Record<string, unknown>).saved;
  return reply.page(
    'shortlists/shortlist',
    {
      title: request.t('shortlists.title', { code: mentee.code }),
      mentee: { id: mentee.id, code: mentee.code, closed: mentee.status === 'closed' },
      ...overview,
      items,
      activeLinks: overview.shareLinks.filter((link) => link.state === 'active'),
      pastLinks: overview.shareLinks.filter((link) => link.state !== 'active'),
      newLink: state.newLink,
      contact,
      saved: typeof saved === 'string' && SAVED_NOTICES.has(saved) ? saved : undefined,
      values: { days: String(DEFAULT_LINK_DAYS), locale: service.localeOf(mentee.locale), ...state.values },
      options: { locales: LOCALES },
      hasErrors,
      errors,
      errorList: errorSummary(errors, SHARE_LINK_FIELDS),
    },
    hasErrors ? 422 : 200,
  );
}

function renderContact(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values: Record<string, unknown>; errors?: Record<string, string>; saved?: boolean },
) {
  const errors = Object.fromEntries(Object.entries(state.errors ?? {}).map(([field, key]) => [field, request.t(key)]));
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  return reply.page(
    'shortlists/mentor-contact',
    {
      title: request.t('mentorContact.title'),
      values: state.values,
      saved: state.saved,
      hasErrors,
      errors,
      errorList: errorSummary(errors, MENTOR_CONTACT_FIELDS),
    },
    hasErrors ? 422 : 200,
  );
}

async function mentorRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireRole('mentor'));

  app.get('/mentor/mentees/:id/shortlist', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    if (wantsJson(request)) {
      const overview = await service.shortlistOverview(app, mentee, request.locale);
      return { mentee: { id: mentee.id, code: mentee.code }, ...overview, csrfToken: request.csrfToken() };
    }
    return renderShortlist(app, request, reply, mentee);
  });

  app.post('/mentor/mentees/:id/shortlist', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    const body = ShortlistAdd.safeParse(request.body);
    const outcome = body.success ? await service.addToShortlist(app, mentee, body.data.vacancyId) : 'not_found';
    if (outcome === 'not_found') return sendError(request, reply, 404, 'not_found', request.t('errors.vacancyNotFound'));
    if (wantsJson(request))
      return reply
        .code(outcome === 'added' ? 201 : 200)
        .send({ menteeId: mentee.id, vacancyId: body.data!.vacancyId, added: outcome === 'added' });
    return reply.redirect(backTo(app, request, mentee, 'added'), 303);
  });

  app.post('/mentor/mentees/:id/shortlist/:vacancyId/remove', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    const params = ShortlistItemParams.safeParse(request.params);
    if (!mentee || !params.success) return notFound(request, reply);
    const removed = await service.removeFromShortlist(app, mentee, params.data.vacancyId);
    if (wantsJson(request)) return { menteeId: mentee.id, vacancyId: params.data.vacancyId, removed };
    return reply.redirect(backTo(app, request, mentee, 'removed'), 303);
  });

  app.post('/mentor/mentees/:id/share-links', async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    if (mentee.status === 'closed') return sendError(request, reply, 409, 'conflict', request.t('shortlists.errors.closed'));
    const input = ShareLinkInput.safeParse(request.body);
    if (!input.success)
      return renderShortlist(app, request, reply, mentee, { values: keptValues(request.body), errors: fieldErrors(input.error) });
    const link = await service.createShareLink(app, mentee, input.data);
    const url = `${app.publicUrl}${link.path}`;
    // The token is in this answer and nowhere else: no cache may keep it.
    reply.header('cache-control', 'no-store');
    if (wantsJson(request))
      return reply.code(201).send({ id: link.id, url, locale: link.locale, expiresAt: link.expiresAt, state: 'active' });
    return renderShortlist(app, request, reply, mentee, {
      newLink: { url, expiresAt: link.expiresAt, locale: link.locale, qrCode: await shareLinkQrCode(url) },
    });
  });

  /** What mentees see of the mentor on every share link: a first name and a work phone and/or e-mail. */
  app.get('/mentor/contact', async (request, reply) => {
    const values = await mentorContactValues(app, request.account!.id);
    if (wantsJson(request)) return { ...values, csrfToken: request.csrfToken() };
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return renderContact(request, reply, { values, saved });
  });

  app.post('/mentor/contact', async (request, reply) => {
    const input = MentorContactInput.safeParse(request.body);
    if (!input.success) return renderContact(request, reply, { values: keptValues(request.body), errors: fieldErrors(input.error) });
    await saveMentorContact(app, request.account!.id, input.data);
    if (wantsJson(request)) return input.data;
    return reply.redirect('/mentor/contact?saved=1', 303);
  });

  app.post('/mentor/share-links/:linkId/revoke', async (request, reply) => {
    const params = ShareLinkId.safeParse(request.params);
    const projectId = request.account?.projectId;
    const menteeId = params.success && projectId ? await service.revokeShareLink(app, projectId, params.data.linkId) : undefined;
    if (!menteeId) return notFound(request, reply);
    if (wantsJson(request)) return { id: params.data!.linkId, state: 'revoked' };
    return reply.redirect(`${shortlistPath(menteeId)}?saved=revoked`, 303);
  });

  // The mentee reads along: the page speaks all six languages, though it sits under /mentor.
  app.get('/mentor/mentees/:id/browse', { config: { menteeFacing: true } }, async (request, reply) => {
    const mentee = await projectMentee(app, request);
    if (!mentee) return notFound(request, reply);
    const query = BrowseQuery.parse(request.query);
    // The mentee reads along: the page speaks their language.
    if (!languageAsked(request)) request.locale = service.localeOf(mentee.locale);
    const result = await service.browseApprenticeships(app, mentee, query, request.locale);
    if (wantsJson(request)) return { mentee: { id: mentee.id, code: mentee.code, locale: request.locale }, ...result };
    return reply.page('shortlists/browse', {
      title: request.t('shortlists.browse.title'),
      mentee: { id: mentee.id, code: mentee.code, travelKm: mentee.travelKm, homeTown: mentee.homeTown, germanLevel: mentee.germanLevel },
      query,
      result,
      returnTo: request.url,
    });
  });
}

export default async function shortlistRoutes(app: FastifyInstance) {
  await app.register(sharedRoutes);
  await app.register(mentorRoutes);
}
