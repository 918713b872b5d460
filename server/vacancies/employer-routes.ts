import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole } from '../plugins/auth.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { invalid, notFound, sendRefusal, type RefusedForm, type Refusal } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { typedRoutes } from '../http/typed-routes.ts';
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
} from './service.ts';

interface FormPage {
  id?: string;
  status?: string;
  saved?: string;
  values: Record<string, unknown>;
  refused?: RefusedForm;
}

/** The vacancy form, new or existing, with errors translated and values kept. */
async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, page: FormPage) {
  const errors = page.refused?.errors ?? {};
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
    page.refused?.status ?? 200,
  );
}

/** The confirmations to show after a redirect (?saved=…); unknown values show nothing. */
const SAVED_NOTICES = ['welcome', 'created', 'updated', 'published', 'closed'] as const;

export default async function employerVacancyRoutes(parent: FastifyInstance) {
  // At onRequest: before a route schema reads the path (a malformed id is a 404 only for an employer) and before any body.
  parent.addHook('onRequest', requireRole('employer'));
  const app = typedRoutes(parent);
  const withId = { schema: { params: VacancyId } };

  /** A refused vacancy form: the same form again with what was typed, or JSON with the field messages. */
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: Refusal, page: Omit<FormPage, 'refused'>) =>
    sendRefusal(request, reply, refusal, (refused) => renderForm(app, request, reply, { ...page, refused }));
  /** The schema's messages, and the occupation, town and postcode checked against the reference data. */
  const unreadable = async (body: unknown, error: Parameters<typeof fieldErrors>[0]) =>
    invalid(await invalidVacancyErrors(app, body, fieldErrors(error)));

  // While the organisation waits for approval the page says what happens next, and each published vacancy says it is not public yet.
  app.get('/employer/vacancies', async (request, reply) => {
    const { employerId } = request.employer;
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
      saved: noticeFrom(request, SAVED_NOTICES),
    });
  });

  app.get('/employer/vacancies/new', async (request, reply) =>
    renderForm(app, request, reply, {
      values: { kind: 'job', workingTime: 'full', germanLevel: 'B1', qualification: 'none', applyViaMentor: 'on' },
    }),
  );

  app.post('/employer/vacancies', async (request, reply) => {
    const page = { values: keptValues(request.body) };
    const parsed = VacancyInput.safeParse(request.body);
    if (!parsed.success) return refuse(request, reply, await unreadable(request.body, parsed.error), page);
    const action = saveAction(request.body);
    const created = await createVacancy(app, request.employer.employerId, parsed.data, action);
    if (!created.ok) return refuse(request, reply, created, page);
    if (wantsJson(request)) return reply.code(201).send({ id: created.value, url: `/employer/vacancies/${created.value}` });
    return reply.redirect(withNotice(`/employer/vacancies/${created.value}`, action === 'publish' ? 'published' : 'created'), 303);
  });

  app.get('/employer/vacancies/:id', withId, async (request, reply) => {
    const { employerId } = request.employer;
    const row = await vacancyQueries.findOwnVacancy(app.db, employerId, request.params.id);
    if (!row) return sendRefusal(request, reply, notFound());
    const view = vacancyView(row);
    if (wantsJson(request)) return { vacancy: view, csrfToken: request.csrfToken() };
    let saved: string | undefined = noticeFrom(request, SAVED_NOTICES);
    // "In search in a few seconds" is not true while the organisation waits for approval.
    if (saved === 'published' && (await vacancyQueries.findEmployerStatus(app.db, employerId)) === 'pending') saved = 'publishedPending';
    return renderForm(app, request, reply, { id: view.id, status: view.status, values: formValues(view), saved });
  });

  app.post('/employer/vacancies/:id', withId, async (request, reply) => {
    const { employerId } = request.employer;
    const existing = await vacancyQueries.findOwnVacancy(app.db, employerId, request.params.id);
    if (!existing) return sendRefusal(request, reply, notFound());
    const page = { id: existing.id, status: existing.status, values: keptValues(request.body) };
    const parsed = VacancyInput.safeParse(request.body);
    if (!parsed.success) return refuse(request, reply, await unreadable(request.body, parsed.error), page);
    const action = saveAction(request.body);
    const updated = await updateVacancy(app, employerId, existing.id, parsed.data, action);
    if (!updated.ok) return refuse(request, reply, updated, page);
    if (wantsJson(request)) return { id: updated.value };
    // Publishing a draft says where it now is; saving a vacancy that was already public says the change is live.
    const saved = action === 'publish' && existing.status !== 'published' ? 'published' : 'updated';
    return reply.redirect(withNotice(`/employer/vacancies/${updated.value}`, saved), 303);
  });

  for (const change of ['publish', 'close'] as const) {
    app.post(`/employer/vacancies/:id/${change}`, withId, async (request, reply) => {
      const { id } = request.params;
      const result = await changeStatus(app, request.employer.employerId, id, change);
      if (!result.ok) return sendRefusal(request, reply, result);
      if (wantsJson(request)) return { id, status: change === 'publish' ? 'published' : 'closed' };
      return reply.redirect(withNotice(`/employer/vacancies/${id}`, change === 'publish' ? 'published' : 'closed'), 303);
    });
  }
}
