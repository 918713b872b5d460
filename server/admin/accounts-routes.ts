import type { FastifyInstance } from 'fastify';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { sendRefusal } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { typedRoutes } from '../http/typed-routes.ts';
import { listProjects } from '../projects/queries.ts';
import { DONE, pagination, paging } from './http.ts';
import { countStaffAccounts, listStaffAccounts, type AccountFilter } from './queries.ts';
import { ACCOUNT_STATUSES, ADMIN_ROLES, AccountId, AccountListQuery } from './schemas.ts';
import { accountView, changeAccountStatus } from './service.ts';

/** Mentors', coordinators' and admins' accounts: who, which project, active or disabled. Invitations stay in server/invitations. */
export default async function adminAccountRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent);
  app.get('/admin/accounts', async (request, reply) => {
    const query = AccountListQuery.parse(request.query);
    const projects = await listProjects(app.db);
    const project = projects.find((p) => p.slug === query.project);
    // An unknown project slug matches nobody rather than everybody.
    const filter: AccountFilter = { role: query.role, status: query.status, projectId: query.project ? (project?.id ?? -1) : undefined };
    const [rows, total] = await Promise.all([listStaffAccounts(app.db, filter, paging(query.page)), countStaffAccounts(app.db, filter)]);
    const accounts = rows.map((row) => accountView(row, request.admin.id));
    const pages = pagination('/admin/accounts', { role: query.role, project: query.project, status: query.status }, query.page, total);
    if (wantsJson(request)) return { accounts, total, page: query.page, perPage: pages.perPage, csrfToken: request.csrfToken() };
    return reply.page('admin/accounts', {
      title: request.t('administration.accounts.title'),
      accounts,
      filter: query,
      options: { roles: ADMIN_ROLES, statuses: ACCOUNT_STATUSES, projects: projects.map((p) => ({ slug: p.slug, name: p.name })) },
      pages,
      done: noticeFrom(request, ['disabled', 'enabled'], DONE),
    });
  });

  for (const [action, disable] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/admin/accounts/:id/${action}`, { schema: { params: AccountId } }, async (request, reply) => {
      const { id } = request.params;
      const changed = await changeAccountStatus(app, request.admin, id, disable);
      if (!changed.ok) return sendRefusal(request, reply, changed);
      if (wantsJson(request)) return { id, ...changed.value };
      return reply.redirect(withNotice('/admin/accounts', disable ? 'disabled' : 'enabled', DONE), 303);
    });
  }
}
