import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { listProjects } from '../projects/queries.ts';
import { conflict, doneNotice, notFound, pagination, paging } from './http.ts';
import { countStaffAccounts, listStaffAccounts, type AccountFilter } from './queries.ts';
import { ACCOUNT_STATUSES, ADMIN_ROLES, AccountId, AccountListQuery } from './schemas.ts';
import { accountView, changeAccountStatus } from './service.ts';

/** Mentors', coordinators' and admins' accounts: who, which project, active or disabled. Invitations stay in server/invitations. */
export default async function adminAccountRoutes(app: FastifyInstance) {
  app.get('/admin/accounts', async (request, reply) => {
    const query = AccountListQuery.parse(request.query);
    const projects = await listProjects(app.db);
    const project = projects.find((p) => p.slug === query.project);
    // An unknown project slug matches nobody rather than everybody.
    const filter: AccountFilter = { role: query.role, status: query.status, projectId: query.project ? (project?.id ?? -1) : undefined };
    const [rows, total] = await Promise.all([listStaffAccounts(app.db, filter, paging(query.page)), countStaffAccounts(app.db, filter)]);
    const accounts = rows.map((row) => accountView(row, request.account!.id));
    const pages = pagination('/admin/accounts', { role: query.role, project: query.project, status: query.status }, query.page, total);
    if (wantsJson(request)) return { accounts, total, page: query.page, perPage: pages.perPage, csrfToken: request.csrfToken() };
    return reply.page('admin/accounts', {
      title: request.t('administration.accounts.title'),
      accounts,
      filter: query,
      options: { roles: ADMIN_ROLES, statuses: ACCOUNT_STATUSES, projects: projects.map((p) => ({ slug: p.slug, name: p.name })) },
      pages,
      done: doneNotice(request, ['disabled', 'enabled']),
    });
  });

  for (const [action, disable] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/admin/accounts/:id/${action}`, async (request, reply) => {
      const params = AccountId.safeParse(request.params);
      if (!params.success) return notFound(request, reply);
      const changed = await changeAccountStatus(app, request.account!, params.data.id, disable);
      if (!changed.ok) {
        if (changed.reason === 'not_found') return notFound(request, reply);
        if (changed.reason === 'self') return conflict(request, reply, 'administration.accounts.errors.self');
        return conflict(
          request,
          reply,
          disable ? 'administration.accounts.errors.alreadyDisabled' : 'administration.accounts.errors.alreadyActive',
        );
      }
      if (wantsJson(request)) return { id: params.data.id, ...changed.value };
      return reply.redirect(`/admin/accounts?done=${disable ? 'disabled' : 'enabled'}`, 303);
    });
  }
}
