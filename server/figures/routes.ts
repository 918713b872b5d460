import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayInBerlin } from '../time/berlin.ts';
import { sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { requireRole } from '../plugins/auth.ts';
import { csvFilename, figuresCsv } from './csv.ts';
import { figuresPage } from './page.ts';
import { figuresQueryString, loadFigures, periodDays, readFiguresRequest, type FiguresRequest } from './service.ts';

/** The programme office (coordinators) and admins; everyone else is sent to log in or refused, as on other protected pages. */
async function requireProgrammeOffice(request: FastifyRequest, reply: FastifyReply) {
  if (request.account?.role === 'admin') return;
  return requireRole('coordinator')(request, reply);
}

/** request.t reads the request's locale from `this`: bind it before handing it on. */
const translator = (request: FastifyRequest) => (key: string, vars?: Record<string, unknown>) => request.t(key, vars);

type Invalid = Extract<FiguresRequest, { ok: false }>;

function invalid(request: FastifyRequest, reply: FastifyReply, read: Invalid) {
  const fields = translatedFields(request, read.errors);
  if (wantsJson(request) || request.url.startsWith('/coordinator/figures.csv')) {
    return sendError(request, reply, 422, 'validation', request.t('errors.validation'), fields);
  }
  return reply.page('figures/index', figuresPage(translator(request), request.locale, todayInBerlin(), read), 422);
}

/**
 * The programme's figures for whole months and a project (or all): a page with charts and tables,
 * the same as JSON, and as CSV. Aggregates only, and only as published by disclosure.ts (rounded,
 * small numbers hidden): nothing here names a mentee, a code or an employer, nor sends a raw count.
 */
export default async function figuresRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireProgrammeOffice);

  app.get('/coordinator/figures', async (request, reply) => {
    const read = await readFiguresRequest(app, request.query, todayInBerlin());
    if (!read.ok) return invalid(request, reply, read);
    const figures = await loadFigures(app, read.query);
    const { from, to, project } = read.query;
    const projectName = read.project?.name ?? request.t('figures.allProjects');
    if (wantsJson(request)) {
      return {
        period: { from, to, ...periodDays(read.query) },
        project: { id: project, name: projectName },
        figures,
        csv: `/coordinator/figures.csv?${figuresQueryString(read.query)}`,
      };
    }
    const values = { from, to, project: String(project) };
    return reply.page(
      'figures/index',
      figuresPage(translator(request), request.locale, todayInBerlin(), {
        values,
        choices: read.choices,
        result: { figures, projectName },
      }),
    );
  });

  app.get('/coordinator/figures.csv', async (request, reply) => {
    const read = await readFiguresRequest(app, request.query, todayInBerlin());
    if (!read.ok) return invalid(request, reply, read);
    const figures = await loadFigures(app, read.query);
    const { from, to, project } = read.query;
    const csv = figuresCsv(figures, { ...periodDays(read.query), projectName: read.project?.name ?? null });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFilename(from, to, project)}"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });
}
