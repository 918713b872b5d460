import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countAuditEntries, listAuditEntries, type AuditFilter } from '../audit/queries.ts';
import { AUDIT_ACTIONS } from '../audit/service.ts';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { pagination, paging, translated } from './http.ts';
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

/** What the filter form shows: what was typed, as typed. */
function typedValues(request: FastifyRequest): Record<string, string> {
  const query = request.query as Record<string, unknown>;
  return Object.fromEntries(AUDIT_FIELDS.map((name) => [name, typeof query[name] === 'string' ? (query[name] as string) : '']));
}

/** The audit log, newest first, 50 a page, filtered by day range, action, actor role and subject. */
export default async function adminAuditRoutes(app: FastifyInstance) {
  app.get('/admin/audit', async (request, reply) => {
    const values = typedValues(request);
    const parsed = AuditQuery.safeParse(request.query);
    const page = {
      title: request.t('administration.audit.title'),
      values,
      options: { actions: [...AUDIT_ACTIONS], actorRoles: ACTOR_ROLES },
    };
    if (!parsed.success) {
      const errors = translated(request, fieldErrors(parsed.error));
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
