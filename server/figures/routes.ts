import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayInBerlin } from '../time/berlin.ts';
import { sendRefusal, type Invalid, type RefusedForm } from '../http/refusal.ts';
import { wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { csvFilename, figuresCsv } from './csv.ts';
import { figuresPage } from './page.ts';
import { figuresForm, figuresQueryString, loadFigures, periodDays, readFiguresRequest, type FiguresForm } from './service.ts';

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

/**
 * The programme's figures for whole months and a project (or all): a page with charts and tables,
 * the same as JSON, and as CSV. Aggregates only, and only as published by disclosure.ts (rounded,
 * small numbers hidden): nothing here names a mentee, a code or an employer, nor sends a raw count.
 */
export default async function figuresRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireProgrammeOffice);

  app.get('/coordinator/figures', async (request, reply) => {
    const form = await figuresForm(app, request.query, todayInBerlin());
    const read = readFiguresRequest(form);
    if (!read.ok) return refuse(request, reply, form, read);
    const figures = await loadFigures(app, read.value.query);
    const { from, to, project } = read.value.query;
    const projectName = read.value.project?.name ?? request.t('figures.allProjects');
    if (wantsJson(request)) {
      return {
        period: { from, to, ...periodDays(read.value.query) },
        project: { id: project, name: projectName },
        figures,
        csv: `/coordinator/figures.csv?${figuresQueryString(read.value.query)}`,
      };
    }
    const values = { from, to, project: String(project) };
    return reply.page(
      'figures/index',
      figuresPage(translator(request), request.locale, todayInBerlin(), {
        values,
        choices: form.choices,
        result: { figures, projectName },
      }),
    );
  });

  app.get('/coordinator/figures.csv', async (request, reply) => {
    const form = await figuresForm(app, request.query, todayInBerlin());
    const read = readFiguresRequest(form);
    if (!read.ok) return refuse(request, reply, form, read);
    const figures = await loadFigures(app, read.value.query);
    const { from, to, project } = read.value.query;
    const csv = figuresCsv(figures, { ...periodDays(read.value.query), projectName: read.value.project?.name ?? null });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFilename(from, to, project)}"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });
}
