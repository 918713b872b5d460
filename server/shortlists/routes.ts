import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { conflict, invalid, notFound, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { IdParams, typedRoutes } from '../http/typed-routes.ts';
import { LOCALES } from '../i18n/index.ts';
import { findProjectMentee } from '../mentees/queries.ts';
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

/**
 * The mentee named in the URL when they belong to the mentor's project; another project's mentee does not exist
 * (nor does any for a mentor without a project: these routes are guarded by role, so such a mentor keeps /mentor/contact).
 */
async function projectMentee(app: FastifyInstance, request: FastifyRequest, id: string): Promise<MenteeProfile | undefined> {
  const { projectId } = request.signedIn;
  return projectId === null ? undefined : findProjectMentee(app.db, projectId, id);
}

const shortlistPath = (menteeId: string) => `/mentor/mentees/${menteeId}/shortlist`;

/**
 * Back to the mentee's page the form was on (a `returnTo` field, else the Referer; matches/return-to.ts), else to
 * the shortlist. The shortlist says what happened; the other pages show it on the card the anchor leads to.
 */
function backTo(app: FastifyInstance, request: FastifyRequest, mentee: MenteeProfile, notice: 'added' | 'removed'): string {
  const body = request.body as Record<string, unknown> | undefined;
  const target = returnTarget(app.publicUrl, mentee.id, [body?.returnTo, request.headers.referer]);
  if (!target || target.page === '/shortlist') return withNotice(shortlistPath(mentee.id), notice);
  return target.href;
}

const SAVED_NOTICES = ['added', 'removed', 'revoked', 'proposed'] as const;

interface ShortlistPageState {
  values?: Record<string, unknown>;
  refused?: RefusedForm;
  newLink?: { url: string; expiresAt: Date; locale: string; qrCode: Awaited<ReturnType<typeof shareLinkQrCode>> };
}

async function renderShortlist(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  mentee: MenteeProfile,
  state: ShortlistPageState = {},
) {
  const errors = state.refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const [overview, contact, marks] = await Promise.all([
    service.shortlistOverview(app, mentee, request.locale),
    mentorContactShown(app, request.signedIn.id),
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
      saved: noticeFrom(request, SAVED_NOTICES),
      values: { days: String(DEFAULT_LINK_DAYS), locale: service.localeOf(mentee.locale), ...state.values },
      options: { locales: LOCALES },
      hasErrors,
      errors,
      errorList: errorSummary(errors, SHARE_LINK_FIELDS),
    },
    state.refused?.status ?? 200,
  );
}

function renderContact(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values: Record<string, unknown>; refused?: RefusedForm; saved?: boolean },
) {
  const errors = state.refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
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
    state.refused?.status ?? 200,
  );
}

/** The item of a shortlist: the mentee and the vacancy. */
const ShortlistItem = IdParams.extend({ vacancyId: ShortlistItemParams.shape.vacancyId });

async function mentorRoutes(parent: FastifyInstance) {
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for a mentor) and before any body.
  parent.addHook('onRequest', requireRole('mentor'));
  const app = typedRoutes(parent);
  const withId = { schema: { params: IdParams } };

  app.get('/mentor/mentees/:id/shortlist', withId, async (request, reply) => {
    const mentee = await projectMentee(app, request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) {
      const overview = await service.shortlistOverview(app, mentee, request.locale);
      return { mentee: { id: mentee.id, code: mentee.code }, ...overview, csrfToken: request.csrfToken() };
    }
    return renderShortlist(app, request, reply, mentee);
  });

  app.post('/mentor/mentees/:id/shortlist', withId, async (request, reply) => {
    const mentee = await projectMentee(app, request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    const body = ShortlistAdd.safeParse(request.body);
    // A malformed vacancy id is no vacancy: the same 404 as an unknown or unpublished one.
    const outcome = body.success ? await service.addToShortlist(app, mentee, body.data.vacancyId) : notFound('errors.vacancyNotFound');
    if (!outcome.ok) return sendRefusal(request, reply, outcome);
    const { added } = outcome.value;
    if (wantsJson(request)) return reply.code(added ? 201 : 200).send({ menteeId: mentee.id, vacancyId: body.data!.vacancyId, added });
    return reply.redirect(backTo(app, request, mentee, 'added'), 303);
  });

  app.post('/mentor/mentees/:id/shortlist/:vacancyId/remove', { schema: { params: ShortlistItem } }, async (request, reply) => {
    const { id, vacancyId } = request.params;
    const mentee = await projectMentee(app, request, id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    const removed = await service.removeFromShortlist(app, mentee, vacancyId);
    if (wantsJson(request)) return { menteeId: mentee.id, vacancyId, removed };
    return reply.redirect(backTo(app, request, mentee, 'removed'), 303);
  });

  app.post('/mentor/mentees/:id/share-links', withId, async (request, reply) => {
    const mentee = await projectMentee(app, request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    if (mentee.status === 'closed') return sendRefusal(request, reply, conflict('shortlists.errors.closed'));
    const input = ShareLinkInput.safeParse(request.body);
    if (!input.success)
      return sendRefusal(request, reply, invalid(fieldErrors(input.error)), (refused) =>
        renderShortlist(app, request, reply, mentee, { values: keptValues(request.body), refused }),
      );
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
    const values = await mentorContactValues(app, request.signedIn.id);
    if (wantsJson(request)) return { ...values, csrfToken: request.csrfToken() };
    return renderContact(request, reply, { values, saved: noticeFrom(request, ['1']) !== undefined });
  });

  app.post('/mentor/contact', async (request, reply) => {
    const input = MentorContactInput.safeParse(request.body);
    if (!input.success)
      return sendRefusal(request, reply, invalid(fieldErrors(input.error)), (refused) =>
        renderContact(request, reply, { values: keptValues(request.body), refused }),
      );
    await saveMentorContact(app, request.signedIn.id, input.data);
    if (wantsJson(request)) return input.data;
    return reply.redirect(withNotice('/mentor/contact', '1'), 303);
  });

  app.post('/mentor/share-links/:linkId/revoke', { schema: { params: ShareLinkId } }, async (request, reply) => {
    const { linkId } = request.params;
    const { projectId } = request.signedIn;
    const menteeId = projectId === null ? undefined : await service.revokeShareLink(app, projectId, linkId);
    if (!menteeId) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { id: linkId, state: 'revoked' };
    return reply.redirect(withNotice(shortlistPath(menteeId), 'revoked'), 303);
  });

  // The mentee reads along: the page speaks all six languages, though it sits under /mentor.
  app.get('/mentor/mentees/:id/browse', { ...withId, config: { menteeFacing: true } }, async (request, reply) => {
    const mentee = await projectMentee(app, request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    const query = BrowseQuery.parse(request.query);
    // The mentee reads along: the page speaks their language, unless a language was chosen on the page (`?lang=`).
    if (!request.localeAsked) request.locale = service.localeOf(mentee.locale);
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
