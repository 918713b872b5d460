import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { countAuditEntries, listAuditEntries, type AuditFilter } from '../audit/queries.ts';
import { AUDIT_ACTIONS } from '../audit/service.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { pageQuery } from '../http/typed-routes.ts';
import { pagination, paging } from './http.ts';
import { ACTOR_ROLES, AUDIT_FIELDS, AuditQuery } from './schemas.ts';

type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>[number];

function entryView(row: AuditRow) {
  return {
    id: String(row.id),
    at: row.at,
    actor: { id: row.actor_id, email: row.actor_email, role: row.actor_role },
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id },
    detail: row.detail,
  };
}

/** What the filter form shows: what was typed, as typed (a repeated or missing parameter shows empty). */
const TypedValues = pageQuery(
  Object.fromEntries(AUDIT_FIELDS.map((name) => [name, z.string()])) as Record<(typeof AUDIT_FIELDS)[number], z.ZodString>,
);

/** The audit log, newest first, 50 a page, filtered by day range, action, actor role and subject. */
export default async function adminAuditRoutes(app: FastifyInstance) {
  app.get('/admin/audit', async (request, reply) => {
    const typed = TypedValues.parse(request.query);
    const values = Object.fromEntries(AUDIT_FIELDS.map((name) => [name, typed[name] ?? '']));
    const parsed = AuditQuery.safeParse(request.query);
    const page = {
      title: request.t('administration.audit.title'),
      values,
      options: { actions: [...AUDIT_ACTIONS], actorRoles: ACTOR_ROLES },
    };
    // A filter that cannot be read is a bad request (400, not a refused form), shown on the filter form with its messages.
    if (!parsed.success) {
      const errors = translatedFields(request, fieldErrors(parsed.error));
      if (wantsJson(request)) return sendError(request, reply, 400, 'validation', request.t('errors.validation'), errors);
      return reply.page(
        'admin/audit',
        { ...page, errors, hasErrors: true, errorList: errorSummary(errors, AUDIT_FIELDS), entries: [] },
        400,
      );
    }
    const q = parsed.data;
    const filter: AuditFilter = { from: q.from, to: q.to, action: q.action, actorRole: q.actorRole, subjectId: q.subject };
    const [rows, total] = await Promise.all([listAuditEntries(app.db, filter, paging(q.page)), countAuditEntries(app.db, filter)]);
    const entries = rows.map(entryView);
    const pages = pagination(
      '/admin/audit',
      { from: q.from, to: q.to, action: q.action, actorRole: q.actorRole, subject: q.subject },
      q.page,
      total,
    );
    if (wantsJson(request)) return { entries, total, page: q.page, perPage: pages.perPage };
    return reply.page('admin/audit', {
      ...page,
      errors: {},
      entries: entries.map((e) => ({ ...e, detailText: JSON.stringify(e.detail) })),
      pages,
      filtered: Object.values(filter).some(Boolean),
    });
  });
}
