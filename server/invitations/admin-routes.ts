import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { requireRole } from '../plugins/auth.ts';
import { listProjects } from '../projects/queries.ts';
import { INVITABLE_ROLES, INVITE_FIELDS, InvitationId, InviteInput } from './schemas.ts';
import { createInvitation, emailTakenError, invitationList, revokeInvitation } from './service.ts';

interface PageState {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  created?: { email: string; link: string; expiresAt: Date };
}

/** The invitations page: the invite form (with errors and values kept), the new link once, the list. */
async function renderPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
  const errors = Object.fromEntries(Object.entries(state.errors ?? {}).map(([field, key]) => [field, request.t(key)]));
  const hasErrors = Object.keys(errors).length > 0;
  if (wantsJson(request) && hasErrors) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const [invitations, projects] = await Promise.all([invitationList(app), listProjects(app.db)]);
  const done = (request.query as Record<string, unknown>).done;
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
      revoked: done === 'revoked',
    },
    hasErrors ? 422 : state.created ? 201 : 200,
  );
}

export default async function adminInvitationRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireRole('admin'));

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
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const taken = errors.email ? undefined : await emailTakenError(app, values.email);
      return renderPage(app, request, reply, { values, errors: taken ? { ...errors, email: taken } : errors });
    }
    const created = await createInvitation(app, request.account!.id, parsed.data);
    if (!created.ok) return renderPage(app, request, reply, { values, errors: created.errors });
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

  app.post('/admin/invitations/:id/revoke', async (request, reply) => {
    const params = InvitationId.safeParse(request.params);
    const outcome = params.success ? await revokeInvitation(app, params.data.id) : 'not_found';
    if (outcome === 'not_found') return sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
    if (outcome === 'not_open') return sendError(request, reply, 409, 'conflict', request.t('invitations.errors.notOpen'));
    if (wantsJson(request)) return { id: params.data!.id, status: 'expired' };
    return reply.redirect('/admin/invitations?done=revoked', 303);
  });
}
