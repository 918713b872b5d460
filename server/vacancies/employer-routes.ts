import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole } from '../plugins/auth.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { GERMAN_LEVELS, KINDS, QUALIFICATIONS, SUPPORT_OPTIONS, WORKING_TIMES } from '../domain.ts';
import { referenceLists } from '../reference-data.ts';
import { VACANCY_FIELDS, VacancyId, VacancyInput } from './schemas.ts';
import { PAY_KINDS, PAY_UNITS, SCHOOL_LEVELS, CONTRACTS } from './pay.ts';
import {
  changeStatus,
  createVacancy,
  formValues,
  invalidVacancyErrors,
  saveAction,
  updateVacancy,
  vacancyQueries,
  vacancyView,
  type FieldErrors,
} from './service.ts';

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));

/** The vacancy form, new or existing, with errors translated and values kept. */
async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  page: { id?: string; status?: string; saved?: string; values: Record<string, unknown>; errors?: FieldErrors },
) {
  const errors = translatedFields(request, page.errors);
  if (wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const { occupationLabels, townNames } = await referenceLists(app.db);
  const hasErrors = Object.keys(errors).length > 0;
  return reply.page(
    'employer/vacancy-form',
    {
      title: request.t(page.id ? 'vacancy.editTitle' : 'vacancy.newTitle'),
      hasErrors,
      errorList: errorSummary(errors, VACANCY_FIELDS),
      errors,
      values: page.values,
      id: page.id,
      status: page.status,
      saved: page.saved,
      // After publishing, the notice names the public page's address, to copy into an e-mail or a post.
      publicLink: page.id && page.saved?.startsWith('published') ? `${app.publicUrl}/vacancies/${page.id}` : undefined,
      options: {
        kinds: KINDS,
        germanLevels: GERMAN_LEVELS,
        workingTimes: WORKING_TIMES,
        qualifications: QUALIFICATIONS,
        support: SUPPORT_OPTIONS,
        payKinds: PAY_KINDS,
        payUnits: PAY_UNITS,
        schoolLevels: SCHOOL_LEVELS,
        contracts: CONTRACTS,
        trainingYears: [1, 2, 3, 4],
      },
      occupations: occupationLabels[request.locale],
      places: townNames,
    },
    hasErrors ? 422 : 200,
  );
}

const SAVED_NOTICES = new Set(['welcome', 'created', 'updated', 'published', 'closed']);

/** The confirmation to show after a redirect (?saved=…); unknown values show nothing. */
function savedNotice(request: FastifyRequest): string | undefined {
  const saved = (request.query as Record<string, unknown>).saved;
  return typeof saved === 'string' && SAVED_NOTICES.has(saved) ? saved : undefined;
}

export default async function employerVacancyRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireRole('employer'));

  // While the organisation waits for approval the page says what happens next, and each published vacancy says it is not public yet.
  app.get('/employer/vacancies', async (request, reply) => {
    const employerId = request.account!.employerId!;
    const [rows, employerStatus] = await Promise.all([
      vacancyQueries.listOwnVacancies(app.db, employerId),
      vacancyQueries.findEmployerStatus(app.db, employerId),
    ]);
    const pending = employerStatus === 'pending';
    const vacancies = rows.map((v) => ({
      id: v.id,
      title: v.title,
      kind: v.kind,
      status: v.status,
      town: v.town,
      occupationTitle: v.occupation_title_de,
      updatedAt: v.updated_at,
      expiresAt: v.expires_at,
      awaitingApproval: pending && v.status === 'published',
    }));
    if (wantsJson(request)) return { employer: { status: employerStatus }, vacancies, csrfToken: request.csrfToken() };
    return reply.page('employer/vacancies', {
      title: request.t('employer.vacanciesTitle'),
      vacancies,
      pending,
      saved: savedNotice(request),
    });
  });

  app.get('/employer/vacancies/new', async (request, reply) =>
    renderForm(app, request, reply, {
      values: { kind: 'job', workingTime: 'full', germanLevel: 'B1', qualification: 'none', applyViaMentor: 'on' },
    }),
  );

  app.post('/employer/vacancies', async (request, reply) => {
    const parsed = VacancyInput.safeParse(request.body);
    if (!parsed.success)
      return renderForm(app, request, reply, {
        values: keptValues(request.body),
        errors: await invalidVacancyErrors(app, request.body, fieldErrors(parsed.error)),
      });
    const action = saveAction(request.body);
    const created = await createVacancy(app, request.account!.employerId!, parsed.data, action);
    if (!created.ok) return renderForm(app, request, reply, { values: keptValues(request.body), errors: created.errors });
    if (wantsJson(request)) return reply.code(201).send({ id: created.value, url: `/employer/vacancies/${created.value}` });
    return reply.redirect(`/employer/vacancies/${created.value}?saved=${action === 'publish' ? 'published' : 'created'}`, 303);
  });

  app.get('/employer/vacancies/:id', async (request, reply) => {
    const params = VacancyId.safeParse(request.params);
    const row = params.success ? await vacancyQueries.findOwnVacancy(app.db, request.account!.employerId!, params.data.id) : undefined;
    if (!row) return notFound(request, reply);
    const view = vacancyView(row);
    if (wantsJson(request)) return { vacancy: view, csrfToken: request.csrfToken() };
    let saved = savedNotice(request);
    // "In search in a few seconds" is not true while the organisation waits for approval.
    if (saved === 'published' && (await vacancyQueries.findEmployerStatus(app.db, request.account!.employerId!)) === 'pending')
      saved = 'publishedPending';
    return renderForm(app, request, reply, { id: view.id, status: view.status, values: formValues(view), saved });
  });

  app.post('/employer/vacancies/:id', async (request, reply) => {
    const params = VacancyId.safeParse(request.params);
    if (!params.success) return notFound(request, reply);
    const existing = await vacancyQueries.findOwnVacancy(app.db, request.account!.employerId!, params.data.id);
    if (!existing) return notFound(request, reply);
    const parsed = VacancyInput.safeParse(request.body);
    const page = { id: existing.id, status: existing.status, values: keptValues(request.body) };
    if (!parsed.success)
      return renderForm(app, request, reply, { ...page, errors: await invalidVacancyErrors(app, request.body, fieldErrors(parsed.error)) });
    const action = saveAction(request.body);
    const updated = await updateVacancy(app, request.account!.employerId!, params.data.id, parsed.data, action);
    if (!updated) return notFound(request, reply);
    if (!updated.ok) return renderForm(app, request, reply, { ...page, errors: updated.errors });
    if (wantsJson(request)) return { id: updated.value };
    // Publishing a draft says where it now is; saving a vacancy that was already public says the change is live.
    const saved = action === 'publish' && existing.status !== 'published' ? 'published' : 'updated';
    return reply.redirect(`/employer/vacancies/${updated.value}?saved=${saved}`, 303);
  });

  for (const change of ['publish', 'close'] as const) {
    app.post(`/employer/vacancies/:id/${change}`, async (request, reply) => {
      const params = VacancyId.safeParse(request.params);
      const result = params.success ? await changeStatus(app, request.account!.employerId!, params.data.id, change) : null;
      if (!result) return notFound(request, reply);
      if (!result.ok) return sendError(request, reply, 409, 'conflict', request.t(result.error));
      if (wantsJson(request)) return { id: params.data!.id, status: change === 'publish' ? 'published' : 'closed' };
      return reply.redirect(`/employer/vacancies/${params.data!.id}?saved=${change === 'publish' ? 'published' : 'closed'}`, 303);
    });
  }
}
