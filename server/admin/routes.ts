import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import adminAccountRoutes from './accounts-routes.ts';
import adminAuditRoutes from './audit-routes.ts';
import adminEmployerRoutes from './employers-routes.ts';
import adminProjectRoutes from './projects-routes.ts';
import { countPendingEmployers } from './queries.ts';

const AREAS = [
  { name: 'projects', href: '/admin/projects' },
  { name: 'accounts', href: '/admin/accounts' },
  { name: 'invitations', href: '/admin/invitations' },
  { name: 'employers', href: '/admin/employers' },
  { name: 'audit', href: '/admin/audit' },
] as const;

/**
 * The administration: projects, accounts, employer organisations and the
 * audit log, for admins only (the hook covers every route registered below).
 */
export default async function adminRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireRole('admin'));

  app.get('/admin', async (request, reply) => {
    const pendingEmployers = await countPendingEmployers(app.db);
    if (wantsJson(request)) return { areas: AREAS, pendingEmployers };
    return reply.page('admin/index', { title: request.t('administration.home.title'), areas: AREAS, pendingEmployers });
  });

  await app.register(adminProjectRoutes);
  await app.register(adminAccountRoutes);
  await app.register(adminEmployerRoutes);
  await app.register(adminAuditRoutes);
}
