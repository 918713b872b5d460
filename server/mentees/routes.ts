import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AGE_BANDS,
  GENDERS,
  GERMAN_LEVELS,
  KINDS,
  MENTEE_QUALIFICATIONS,
  SCHOOLING,
  SEARCHER_GERMAN_LEVELS,
  WORK_PERMITS,
  WORKING_TIMES,
} from '../domain.ts';
import { keptValues } from '../http/form-values.ts';
import { errorSummary, fieldErrors, sendError, translatedFields, wantsJson } from '../http/respond.ts';
import { LOCALES, type Locale } from '../i18n/index.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { requireMentor } from '../plugins/auth.ts';
import { referenceLists } from '../reference-data.ts';
import { findProjectMentee } from './queries.ts';
import { MENTEE_FIELDS, MenteeId, MenteeInput, MenteeListQuery } from './schemas.ts';
import { createMentee, menteeFormValues, setMenteeStatus, updateMentee, type FieldErrors } from './service.ts';
import { menteeList } from './list.ts';
import { menteeOverview } from './overview.ts';

const OPTIONS = {
  genders: GENDERS,
  ageBands: AGE_BANDS,
  germanLevels: GERMAN_LEVELS,
  schooling: SCHOOLING,
  qualifications: MENTEE_QUALIFICATIONS,
  kinds: KINDS,
  workingTimes: WORKING_TIMES,
  workPermits: WORK_PERMITS,
  germanCourseLevels: SEARCHER_GERMAN_LEVELS,
  locales: LOCALES,
};

const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));

/** "Title (code)" in the mentor's language, as the occupation lists offer it. */
async function occupationLabeller(app: FastifyInstance, locale: Locale) {
  const { occupations } = await referenceLists(app.db);
  const byCode = new Map(occupations.map((o) => [o.code, occupationName(o, locale)]));
  return {
    label: (code: string) => `${byCode.get(code) ?? code} (${code})`,
    title: (code: string) => byCode.get(code) ?? code,
    occupations,
  };
}

async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  page: {
    id?: string;
    code?: string;
    status?: string;
    consentAt?: Date | null;
    values: Record<string, unknown>;
    errors?: FieldErrors;
  },
) {
  const errors = translatedFields(request, page.errors);
  if (wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  const { townNames, occupationLabels } = await referenceLists(app.db);
  const hasErrors = Object.keys(errors).length > 0;
  // Always offer three rows for desired occupations and experience.
  const rows = (value: unknown) => {
    const list = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
    return [...list, '', '', ''].slice(0, Math.max(3, list.length));
  };
  const experienceYears = rows(page.values.experienceYears);
  return reply.page(
    'mentees/form',
    {
      title: page.id ? request.t('menteePage.editTitle', { code: page.code }) : request.t('mentee.newTitle'),
      hasErrors,
      errorList: errorSummary(errors, MENTEE_FIELDS),
      errors,
      values: page.values,
      desiredRows: rows(page.values.desiredOccupations).map((value, i) => ({ value, i })),
      experienceRows: rows(page.values.experienceOccupation).map((value, i) => ({ value, years: experienceYears[i] ?? '', i })),
      id: page.id,
      code: page.code,
      status: page.status,
      consentAt: page.consentAt,
      options: OPTIONS,
      occupations: occupationLabels[request.locale],
      places: townNames,
    },
    hasErrors ? 422 : 200,
  );
}

const SAVED = new Set(['created', 'updated', 'closed', 'reopened']);
const savedNotice = (request: FastifyRequest) => {
  const saved = (request.query as Record<string, unknown>).saved;
  return typeof saved === 'string' && SAVED.has(saved) ? saved : undefined;
};

export default async function menteeRoutes(app: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled.
  app.addHook('preHandler', requireMentor);

  app.get('/mentor/mentees', async (request, reply) => {
    const filter = MenteeListQuery.parse(request.query);
    const [{ rows, matchCounts }, { title }] = await Promise.all([
      menteeList(app, request.account!.projectId!, filter),
      occupationLabeller(app, request.locale),
    ]);
    if (wantsJson(request)) return { mentees: rows, csrfToken: request.csrfToken() };
    return reply.page('mentees/list', {
      title: request.t('mentee.listTitle'),
      mentees: rows.map((m) => ({ ...m, desiredTitles: m.desiredOccupations.map(title) })),
      filter,
      // The disclosure of the filters stays open while one narrows the list (no status means active).
      filtersOpen: filter.status !== 'active' || filter.germanLevel !== undefined || filter.kind !== undefined,
      filtered: filter.code !== undefined || filter.status !== 'active' || filter.germanLevel !== undefined || filter.kind !== undefined,
      countsAvailable: matchCounts,
      erased: (request.query as Record<string, unknown>).erased === '1',
      options: { statuses: ['active', 'placed', 'closed'], germanLevels: GERMAN_LEVELS, kinds: KINDS },
    });
  });

  app.get('/mentor/mentees/new', async (request, reply) =>
    renderForm(app, request, reply, {
      values: {
        gender: 'unspecified',
        germanLevel: 'A2',
        travelKm: '25',
        workingTime: 'either',
        workPermit: 'yes',
        locale: 'de',
      },
    }),
  );

  app.post('/mentor/mentees', async (request, reply) => {
    const parsed = MenteeInput.safeParse(request.body);
    if (!parsed.success) return renderForm(app, request, reply, { values: keptValues(request.body), errors: fieldErrors(parsed.error) });
    const created = await createMentee(app, { id: request.account!.id, projectId: request.account!.projectId! }, parsed.data);
    if (!created.ok) return renderForm(app, request, reply, { values: keptValues(request.body), errors: created.errors });
    if (wantsJson(request))
      return reply.code(201).send({ id: created.value.id, code: created.value.code, url: `/mentor/mentees/${created.value.id}` });
    // Straight to the new profile's matches: reading them is the next step (issue 13); that page says the profile is saved.
    return reply.redirect(`/mentor/mentees/${created.value.id}/matches?saved=created`, 303);
  });

  /** The profile's overview: what the mentor needs for the next step, each detail one link away. */
  app.get('/mentor/mentees/:id', async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    const mentee = params.success ? await findProjectMentee(app.db, request.account!.projectId!, params.data.id) : undefined;
    if (!mentee) return notFound(request, reply);
    if (wantsJson(request)) return { mentee, csrfToken: request.csrfToken() };
    const [overview, { title }] = await Promise.all([
      menteeOverview(app, request.account!.projectId!, mentee),
      occupationLabeller(app, request.locale),
    ]);
    return reply.page('mentees/overview', {
      title: request.t('menteePage.overviewTitle', { code: mentee.code }),
      saved: savedNotice(request),
      mentee,
      desiredTitles: mentee.desiredOccupations.map(title),
      experience: mentee.experience.map((e) => ({ title: title(e.occupation), years: e.years })),
      overview,
    });
  });

  app.get('/mentor/mentees/:id/edit', async (request, reply) => {
    const params = MenteeId.safeParse(request.params);
    const mentee = params.success ? await findProjectMentee(app.db, request.account!.projectId!, params.data.id) : undefined;
    if (!mentee) return notFound(request, reply);
    const { label } = await occupationLabeller(app, request.locale);
    return renderForm(app, request, reply, {
      id: mentee.id,
      code: mentee.code,
      status: mentee.status,
      consentAt: mentee.consentAt,
      values: menteeFormValues(mentee, label),
    });
  });

  // The edit page posts to /edit; the profile's own address takes the same body (JSON clients and forms of older pages).
  for (const path of ['/mentor/mentees/:id/edit', '/mentor/mentees/:id']) {
    app.post(path, async (request, reply) => {
      const params = MenteeId.safeParse(request.params);
      const existing = params.success ? await findProjectMentee(app.db, request.account!.projectId!, params.data.id) : undefined;
      if (!existing) return notFound(request, reply);
      const page = {
        id: existing.id,
        code: existing.code,
        status: existing.status,
        consentAt: existing.consentAt,
        values: keptValues(request.body),
      };
      const parsed = MenteeInput.safeParse(request.body);
      if (!parsed.success) return renderForm(app, request, reply, { ...page, errors: fieldErrors(parsed.error) });
      const updated = await updateMentee(app, request.account!.projectId!, existing.id, parsed.data, request.account!.id);
      if (!updated) return notFound(request, reply);
      if (!updated.ok) return renderForm(app, request, reply, { ...page, errors: updated.errors });
      if (wantsJson(request)) return { id: existing.id, code: existing.code };
      return reply.redirect(`/mentor/mentees/${existing.id}?saved=updated`, 303);
    });
  }

  for (const [action, status, saved] of [
    ['close', 'closed', 'closed'],
    ['reopen', 'active', 'reopened'],
  ] as const) {
    app.post(`/mentor/mentees/:id/${action}`, async (request, reply) => {
      const params = MenteeId.safeParse(request.params);
      const changed =
        params.success && (await setMenteeStatus(app, request.account!.projectId!, params.data.id, status, request.account!.id));
      if (!changed) return notFound(request, reply);
      if (wantsJson(request)) return { id: params.data!.id, status };
      return reply.redirect(`/mentor/mentees/${params.data!.id}?saved=${saved}`, 303);
    });
  }
}
