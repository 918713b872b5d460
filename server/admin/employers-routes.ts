import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { sendRefusal } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { typedRoutes } from '../http/typed-routes.ts';
import { DONE, pagination, paging } from './http.ts';
import { countEmployers, listEmployers } from './queries.ts';
import { EMPLOYER_STATUSES, EmployerId, EmployerListQuery } from './schemas.ts';
import { changeEmployerStatus, employerView } from './service.ts';

/** Which page the approval was posted from (the start page's queue goes back there). */
const ChangeFrom = z.object({ from: z.string().optional() });

/**
 * Employer organisations: approve or suspend. A suspended organisation's
 * vacancies leave search and cannot be proposed; its accounts cannot log in.
 */
export default async function adminEmployerRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent);
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
      done: noticeFrom(request, ['approved', 'suspended'], DONE),
    });
  });

  for (const [action, target] of [
    ['approve', 'approved'],
    ['suspend', 'suspended'],
  ] as const) {
    app.post(`/admin/employers/:id/${action}`, { schema: { params: EmployerId } }, async (request, reply) => {
      const { id } = request.params;
      const changed = await changeEmployerStatus(app, request.admin, id, target);
      if (!changed.ok) return sendRefusal(request, reply, changed);
      if (wantsJson(request)) return { id, ...changed.value };
      // Approving from the start page's queue goes back to the queue.
      const fromStart = ChangeFrom.safeParse(request.body).data?.from === 'start' && target === 'approved';
      return reply.redirect(withNotice(fromStart ? '/admin' : '/admin/employers', target, DONE), 303);
    });
  }
}
