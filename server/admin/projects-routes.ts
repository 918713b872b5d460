import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { keptValues } from '../http/form-values.ts';
import { errorSummary, fieldErrors, sendError, wantsJson } from '../http/respond.ts';
import { doneNotice, notFound, translated } from './http.ts';
import { findProject, listProjectsWithMentors } from './queries.ts';
import { PROJECT_FIELDS, ProjectId, ProjectInput } from './schemas.ts';
import { createProject, editProject, projectFormValues, projectView, unknownTownsError, type FieldErrors } from './service.ts';

interface FormPage {
  project?: { id: number; slug: string; name: string };
  values: Record<string, unknown>;
  errors?: FieldErrors;
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, page: FormPage) {
  const errors = translated(request, page.errors);
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors && wantsJson(request)) return sendError(request, reply, 422, 'validation', request.t('errors.validation'), errors);
  return reply.page(
    'admin/project-form',
    {
      title: page.project
        ? request.t('administration.projects.editTitle', { name: page.project.name })
        : request.t('administration.projects.newTitle'),
      project: page.project,
      action: page.project ? `/admin/projects/${page.project.id}` : '/admin/projects/new',
      values: page.values,
      errors,
      hasErrors,
      errorList: errorSummary(errors, PROJECT_FIELDS),
      saved: doneNotice(request, ['created', 'updated', 'unchanged']),
    },
    hasErrors ? 422 : 200,
  );
}

/** The schema's messages and, when the towns themselves were readable, which of them we do not know. */
async function allErrors(app: FastifyInstance, error: z.ZodError, body: unknown): Promise<FieldErrors> {
  const errors: FieldErrors = fieldErrors(error);
  const towns = errors.towns ? undefined : await unknownTownsError(app, body);
  return towns ? { ...errors, towns } : errors;
}

const projectParam = async (app: FastifyInstance, request: FastifyRequest) => {
  const params = ProjectId.safeParse(request.params);
  return params.success ? findProject(app.db, params.data.id) : undefined;
};

/** The mentoring projects: list, create, edit. The public /mentoring page reads the same rows. */
export default async function adminProjectRoutes(app: FastifyInstance) {
  app.get('/admin/projects', async (request, reply) => {
    const projects = (await listProjectsWithMentors(app.db)).map(projectView);
    if (wantsJson(request)) return { projects, csrfToken: request.csrfToken() };
    return reply.page('admin/projects', { title: request.t('administration.projects.title'), projects });
  });

  app.get('/admin/projects/new', async (request, reply) => renderForm(request, reply, { values: {} }));

  app.post('/admin/projects/new', async (request, reply) => {
    const values = keptValues(request.body);
    const parsed = ProjectInput.safeParse(request.body);
    if (!parsed.success) return renderForm(request, reply, { values, errors: await allErrors(app, parsed.error, request.body) });
    const created = await createProject(app, request.account!, parsed.data);
    if (!created.ok) return renderForm(request, reply, { values, errors: created.errors });
    const { id, slug } = created.value;
    if (wantsJson(request)) return reply.code(201).send({ id, slug, url: `/admin/projects/${id}` });
    return reply.redirect(`/admin/projects/${id}?done=created`, 303);
  });

  app.get('/admin/projects/:id', async (request, reply) => {
    const row = await projectParam(app, request);
    if (!row) return notFound(request, reply);
    if (wantsJson(request)) return { project: projectView(row), csrfToken: request.csrfToken() };
    return renderForm(request, reply, { project: row, values: projectFormValues(row) });
  });

  app.post('/admin/projects/:id', async (request, reply) => {
    const row = await projectParam(app, request);
    if (!row) return notFound(request, reply);
    const page = { project: row, values: keptValues(request.body) };
    const parsed = ProjectInput.safeParse(request.body);
    if (!parsed.success) return renderForm(request, reply, { ...page, errors: await allErrors(app, parsed.error, request.body) });
    const saved = await editProject(app, request.account!, row.id, parsed.data);
    if (!saved) return notFound(request, reply);
    if (!saved.ok) return renderForm(request, reply, { ...page, errors: saved.errors });
    if (wantsJson(request)) return { project: projectView((await findProject(app.db, row.id))!), changed: saved.value.changed };
    return reply.redirect(`/admin/projects/${row.id}?done=${saved.value.changed.length > 0 ? 'updated' : 'unchanged'}`, 303);
  });
}
