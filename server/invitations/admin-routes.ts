import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keptValues } from '../http/form-values.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { invalid, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { typedRoutes } from '../http/typed-routes.ts';
import { requireRole } from '../plugins/auth.ts';
import { listProjects } from '../projects/queries.ts';
import { INVITABLE_ROLES, INVITE_FIELDS, InvitationId, InviteInput } from './schemas.ts';
import { createInvitation, emailTakenError, invitationList, revokeInvitation } from './service.ts';

interface PageState {
  values?: Record<string, unknown>;
  refused?: RefusedForm;
  created?: { email: string; link: string; expiresAt: Date };
}

/** The invitations page: the invite form (with errors and values kept), the new link once, the list. */
async function renderPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
  const errors = state.refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const [invitations, projects] = await Promise.all([invitationList(app), listProjects(app.db)]);
  // The page may show a one-time link: it must not linger in caches.
  reply.header('cache-control', 'no-store');
  return reply.page(
    'admin/invitations',
    {
      title: request.t('admin.invitations.title'),
      hasErrors,
      errors,
      errorList: errorSummary(errors, INVITE_FIELDS),
      values: state.values ?? { role: 'mentor' },
      roles: INVITABLE_ROLES,
      projects: projects.map((p) => ({ slug: p.slug, name: p.name })),
      invitations,
      created: state.created,
      revoked: noticeFrom(request, ['revoked'], 'done') !== undefined,
    },
    state.refused?.status ?? (state.created ? 201 : 200),
  );
}

export default async function adminInvitationRoutes(parent: FastifyInstance) {
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for an admin) and before any body.
  parent.addHook('onRequest', requireRole('admin'));
  const app = typedRoutes(parent);

  app.get('/admin/invitations', async (request, reply) => {
    if (!wantsJson(request)) return renderPage(app, request, reply);
    const projects = await listProjects(app.db);
    return {
      invitations: await invitationList(app),
      projects: projects.map((p) => ({ slug: p.slug, name: p.name })),
      csrfToken: request.csrfToken(),
    };
  });

  app.post('/admin/invitations', async (request, reply) => {
    const values = keptValues(request.body);
    const parsed = InviteInput.safeParse(request.body);
    const refuse = (refused: RefusedForm) => renderPage(app, request, reply, { values, refused });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const taken = errors.email ? undefined : await emailTakenError(app, values.email);
      return sendRefusal(request, reply, invalid(taken ? { ...errors, email: taken } : errors), refuse);
    }
    const result = await createInvitation(app, request.admin.id, parsed.data);
    if (!result.ok) return sendRefusal(request, reply, result, refuse);
    const created = result.value;
    const path = `/invitations/${created.token}`;
    // From PUBLIC_URL, never the Host header: a forged Host would hand out a link to someone else's site.
    const link = `${app.publicUrl}${path}`;
    if (wantsJson(request)) {
      const { email, role, project } = parsed.data;
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: created.id, email, role, project: project ?? null, expiresAt: created.expiresAt, path, link });
    }
    return renderPage(app, request, reply, { created: { email: parsed.data.email, link, expiresAt: created.expiresAt } });
  });

  app.post('/admin/invitations/:id/revoke', { schema: { params: InvitationId } }, async (request, reply) => {
    const { id } = request.params;
    const revoked = await revokeInvitation(app, id);
    // A conflict here has no form to show it on: the error page (or JSON) says the invitation is no longer open.
    if (!revoked.ok) return sendRefusal(request, reply, revoked);
    if (wantsJson(request)) return { id, status: revoked.value };
    return reply.redirect(withNotice('/admin/invitations', 'revoked', 'done'), 303);
  });
}
