import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayInBerlin } from '../time/berlin.ts';
import { sendRefusal, type Invalid, type RefusedForm } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { csvFilename, figuresCsv } from './csv.ts';
import { figuresPage } from './page.ts';
import { figuresForm, figuresQueryString, periodDays, requestedFigures, type FiguresForm } from './service.ts';

/** The programme office (coordinators) and admins; everyone else is sent to log in or refused, as on other protected pages. */
async function requireProgrammeOffice(request: FastifyRequest, reply: FastifyReply) {
  if (request.account?.role === 'admin') return;
  return requireRole('coordinator')(request, reply);
}

/** request.t reads the request's locale from `this`: bind it before handing it on. */
const translator = (request: FastifyRequest) => (key: string, vars?: Record<string, unknown>) => request.t(key, vars);

/**
 * A refused query: the figures form again (422, the messages at the fields, the values as typed), JSON for
 * JSON clients. The CSV link answers the same: a browser that followed it sees the form it can correct.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, form: FiguresForm, refusal: Invalid) {
  return sendRefusal(request, reply, refusal, (refused: RefusedForm) =>
    reply.page('figures/index', figuresPage(translator(request), request.locale, todayInBerlin(), { ...form, refused }), refused.status),
  );
}

type Requested = Extract<Awaited<ReturnType<typeof requestedFigures>>, { ok: true }>['value'] & FiguresForm;

/** A figures handler: the query read once for page, JSON and CSV, refused the same way; `answer` shows the figures. */
function figuresHandler(app: FastifyInstance, answer: (request: FastifyRequest, reply: FastifyReply, requested: Requested) => unknown) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = await figuresForm(app, request.query, todayInBerlin());
    const read = await requestedFigures(app, form);
    if (!read.ok) return refuse(request, reply, form, read);
    return answer(request, reply, { ...form, ...read.value });
  };
}

/**
 * The programme's figures for whole months and a project (or all): a page with charts and tables,
 * the same as JSON, and as CSV. Aggregates only, and only as published by disclosure.ts (rounded,
 * small numbers hidden): nothing here names a mentee, a code or an employer, nor sends a raw count.
 */
export default async function figuresRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireProgrammeOffice);

  app.get(
    '/coordinator/figures',
    figuresHandler(app, (request, reply, { figures, query, project, choices }) => {
      const projectName = project?.name ?? request.t('figures.allProjects');
      if (wantsJson(request)) {
        return {
          period: { from: query.from, to: query.to, ...periodDays(query) },
          project: { id: query.project, name: projectName },
          figures,
          csv: `/coordinator/figures.csv?${figuresQueryString(query)}`,
        };
      }
      const values = { from: query.from, to: query.to, project: String(query.project) };
      return reply.page(
        'figures/index',
        figuresPage(translator(request), request.locale, todayInBerlin(), { values, choices, result: { figures, projectName } }),
      );
    }),
  );

  app.get(
    '/coordinator/figures.csv',
    figuresHandler(app, (_request, reply, { figures, query, project }) => {
      const csv = figuresCsv(figures, { ...periodDays(query), projectName: project?.name ?? null });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvFilename(query.from, query.to, query.project)}"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    }),
  );
}
