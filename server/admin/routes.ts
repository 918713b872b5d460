import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import adminAccountRoutes from './accounts-routes.ts';
import adminAuditRoutes from './audit-routes.ts';
import adminEmployerRoutes from './employers-routes.ts';
import adminProjectRoutes from './projects-routes.ts';
import { noticeFrom } from '../http/notices.ts';
import { DONE } from './http.ts';
import { countPendingEmployers, listPendingEmployers } from './queries.ts';

/** Organisations the start page lists for approval; the rest are on the employers page (filter "pending"). */
const QUEUE_SIZE = 20;

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
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for an admin) and before any body.
  app.addHook('onRequest', requireRole('admin'));

  // The start page leads with the approval queue: new organisations are not public until an admin approves them.
  app.get('/admin', async (request, reply) => {
    const [pendingEmployers, rows] = await Promise.all([countPendingEmployers(app.db), listPendingEmployers(app.db, QUEUE_SIZE)]);
    const queue = rows.map((e) => ({ id: e.id, name: e.name, town: e.town, createdAt: e.created_at }));
    if (wantsJson(request)) return { areas: AREAS, pendingEmployers, queue, csrfToken: request.csrfToken() };
    return reply.page('admin/index', {
      title: request.t('administration.home.title'),
      areas: AREAS,
      pendingEmployers,
      queue,
      moreWaiting: pendingEmployers > queue.length,
      done: noticeFrom(request, ['approved'], DONE),
    });
  });

  await app.register(adminProjectRoutes);
  await app.register(adminAccountRoutes);
  await app.register(adminEmployerRoutes);
  await app.register(adminAuditRoutes);
}
