import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { conflict, doneNotice, notFound, pagination, paging } from './http.ts';
import { countEmployers, listEmployers } from './queries.ts';
import { EMPLOYER_STATUSES, EmployerId, EmployerListQuery } from './schemas.ts';
import { changeEmployerStatus, employerView } from './service.ts';

/**
 * Employer organisations: approve or suspend. A suspended organisation's
 * vacancies leave search and cannot be proposed; its accounts cannot log in.
 */
export default async function adminEmployerRoutes(app: FastifyInstance) {
  app.get('/admin/employers', async (request, reply) => {
    const query = EmployerListQuery.parse(request.query);
    const filter = { status: query.status, q: query.q };
    const [rows, total] = await Promise.all([listEmployers(app.db, filter, paging(query.page)), countEmployers(app.db, filter)]);
    const employers = rows.map(employerView);
    const pages = pagination('/admin/employers', filter, query.page, total);
    if (wantsJson(request)) return { employers, total, page: query.page, perPage: pages.perPage, csrfToken: request.csrfToken() };
    return reply.page('admin/employers', {
      title: request.t('administration.employers.title'),
      employers,
      filter: query,
      options: { statuses: EMPLOYER_STATUSES },
      pages,
      done: doneNotice(request, ['approved', 'suspended']),
    });
  });

  for (const [action, target] of [
    ['approve', 'approved'],
    ['suspend', 'suspended'],
  ] as const) {
    app.post(`/admin/employers/:id/${action}`, async (request, reply) => {
      const params = EmployerId.safeParse(request.params);
      if (!params.success) return notFound(request, reply);
      const changed = await changeEmployerStatus(app, request.account!, params.data.id, target);
      if (!changed.ok) {
        if (changed.reason === 'not_found') return notFound(request, reply);
        return conflict(request, reply, `administration.employers.errors.already.${target}`);
      }
      if (wantsJson(request)) return { id: params.data.id, ...changed.value };
      // Approving from the start page's queue goes back to the queue.
      const fromStart = (request.body as Record<string, unknown> | undefined)?.from === 'start' && target === 'approved';
      return reply.redirect(fromStart ? '/admin?done=approved' : `/admin/employers?done=${target}`, 303);
    });
  }
}
