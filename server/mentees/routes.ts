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
import { noticeFrom, withNotice } from '../http/notices.ts';
import { invalid, notFound, sendRefusal, type RefusedForm, type Refusal } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { IdParams, typedRoutes } from '../http/typed-routes.ts';
import { LOCALES, type Locale } from '../i18n/index.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { requireMentor } from '../plugins/auth.ts';
import { referenceLists } from '../reference-data.ts';
import { findProjectMentee } from './queries.ts';
import { MENTEE_FIELDS, MenteeInput, MenteeListQuery } from './schemas.ts';
import { createMentee, menteeFormValues, setMenteeStatus, updateMentee } from './service.ts';
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

/** Occupation titles by code and language, made once per loaded occupation list (each page made its own). */
const titlesByList = new WeakMap<object, Map<Locale, Map<string, string>>>();

function occupationTitles(occupations: Awaited<ReturnType<typeof referenceLists>>['occupations'], locale: Locale): Map<string, string> {
  let byLocale = titlesByList.get(occupations);
  if (!byLocale) titlesByList.set(occupations, (byLocale = new Map()));
  let byCode = byLocale.get(locale);
  if (!byCode) byLocale.set(locale, (byCode = new Map(occupations.map((o) => [o.code, occupationName(o, locale)]))));
  return byCode;
}

/** "Title (code)" in the mentor's language, as the occupation lists offer it. */
async function occupationLabeller(app: FastifyInstance, locale: Locale) {
  const { occupations } = await referenceLists(app.db);
  const byCode = occupationTitles(occupations, locale);
  return {
    label: (code: string) => `${byCode.get(code) ?? code} (${code})`,
    title: (code: string) => byCode.get(code) ?? code,
    occupations,
  };
}

interface FormPage {
  id?: string;
  code?: string;
  status?: string;
  consentAt?: Date | null;
  values: Record<string, unknown>;
  refused?: RefusedForm;
}

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, page: FormPage) {
  const errors = page.refused?.errors ?? {};
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
    page.refused?.status ?? 200,
  );
}

const SAVED = ['created', 'updated', 'closed', 'reopened'] as const;

export default async function menteeRoutes(parent: FastifyInstance) {
  // Every route of this plugin is the role's own: the hook guards them all, however the path is spelled,
  // at onRequest so that it answers before a route schema reads the path or anyone's body is read.
  parent.addHook('onRequest', requireMentor);
  const app = typedRoutes(parent);
  const withId = { schema: { params: IdParams } };
  /** The profile named in the URL when it belongs to the mentor's project; another project's does not exist. */
  const projectMentee = (request: FastifyRequest, id: string) => findProjectMentee(app.db, request.mentor.projectId, id);
  /** A refused profile form: the same form again with what was typed, or JSON with the field messages. */
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: Refusal, page: Omit<FormPage, 'refused'>) =>
    sendRefusal(request, reply, refusal, (refused) => renderForm(app, request, reply, { ...page, refused }));

  app.get('/mentor/mentees', async (request, reply) => {
    const filter = MenteeListQuery.parse(request.query);
    const [{ rows, matchCounts }, { title }] = await Promise.all([
      menteeList(app, request.mentor.projectId, filter),
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
      erased: noticeFrom(request, ['1'], 'erased') !== undefined,
      options: { statuses: ['active', 'placed', 'closed'], germanLevels: GERMAN_LEVELS, kinds: KINDS },
    });
  });

  app.get('/mentor/mentees/new', async (request, reply) =>
    renderForm(app, request, reply, {
      values: {
        gender: 'unspecified',
        travelKm: '25',
        workingTime: 'either',
        workPermit: 'unknown',
        locale: 'de',
      },
    }),
  );

  app.post('/mentor/mentees', async (request, reply) => {
    const page = { values: keptValues(request.body) };
    const parsed = MenteeInput.safeParse(request.body);
    if (!parsed.success) return refuse(request, reply, invalid(fieldErrors(parsed.error)), page);
    const created = await createMentee(app, request.mentor, parsed.data);
    if (!created.ok) return refuse(request, reply, created, page);
    if (wantsJson(request))
      return reply.code(201).send({ id: created.value.id, code: created.value.code, url: `/mentor/mentees/${created.value.id}` });
    // Straight to the new profile's matches: reading them is the next step (issue 13); that page says the profile is saved.
    return reply.redirect(withNotice(`/mentor/mentees/${created.value.id}/matches`, 'created'), 303);
  });

  /** The profile's overview: what the mentor needs for the next step, each detail one link away. */
  app.get('/mentor/mentees/:id', withId, async (request, reply) => {
    const mentee = await projectMentee(request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { mentee, csrfToken: request.csrfToken() };
    const [overview, { title }] = await Promise.all([
      menteeOverview(app, request.mentor.projectId, mentee),
      occupationLabeller(app, request.locale),
    ]);
    return reply.page('mentees/overview', {
      title: request.t('menteePage.overviewTitle', { code: mentee.code }),
      saved: noticeFrom(request, SAVED),
      mentee,
      desiredTitles: mentee.desiredOccupations.map(title),
      experience: mentee.experience.map((e) => ({ title: title(e.occupation), years: e.years })),
      overview,
    });
  });

  app.get('/mentor/mentees/:id/edit', withId, async (request, reply) => {
    const mentee = await projectMentee(request, request.params.id);
    if (!mentee) return sendRefusal(request, reply, notFound());
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
    app.post(path, withId, async (request, reply) => {
      const existing = await projectMentee(request, request.params.id);
      if (!existing) return sendRefusal(request, reply, notFound());
      const page = {
        id: existing.id,
        code: existing.code,
        status: existing.status,
        consentAt: existing.consentAt,
        values: keptValues(request.body),
      };
      const parsed = MenteeInput.safeParse(request.body);
      if (!parsed.success) return refuse(request, reply, invalid(fieldErrors(parsed.error)), page);
      const updated = await updateMentee(app, request.mentor.projectId, existing.id, parsed.data, request.mentor.id);
      if (!updated.ok) return refuse(request, reply, updated, page);
      if (wantsJson(request)) return { id: existing.id, code: existing.code };
      return reply.redirect(withNotice(`/mentor/mentees/${existing.id}`, 'updated'), 303);
    });
  }

  for (const [action, status, saved] of [
    ['close', 'closed', 'closed'],
    ['reopen', 'active', 'reopened'],
  ] as const) {
    app.post(`/mentor/mentees/:id/${action}`, withId, async (request, reply) => {
      const { id } = request.params;
      if (!(await setMenteeStatus(app, request.mentor.projectId, id, status, request.mentor.id)))
        return sendRefusal(request, reply, notFound());
      if (wantsJson(request)) return { id, status };
      return reply.redirect(withNotice(`/mentor/mentees/${id}`, saved), 303);
    });
  }
}
