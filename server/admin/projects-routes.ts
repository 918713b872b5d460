import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { keptValues } from '../http/form-values.ts';
import { noticeFrom, withNotice } from '../http/notices.ts';
import { invalid, notFound, sendRefusal, type RefusedForm, type Refusal } from '../http/refusal.ts';
import { errorSummary, fieldErrors, wantsJson } from '../http/respond.ts';
import { typedRoutes } from '../http/typed-routes.ts';
import { DONE } from './http.ts';
import { findProject, listProjectsWithMentors } from './queries.ts';
import { PROJECT_FIELDS, ProjectId, ProjectInput } from './schemas.ts';
import { createProject, editProject, projectFormValues, projectView, unknownTownsError } from './service.ts';

interface FormPage {
  project?: { id: number; slug: string; name: string };
  values: Record<string, unknown>;
  refused?: RefusedForm;
}

function renderForm(request: FastifyRequest, reply: FastifyReply, page: FormPage) {
  const errors = page.refused?.errors ?? {};
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
      hasErrors: Object.keys(errors).length > 0,
      errorList: errorSummary(errors, PROJECT_FIELDS),
      saved: noticeFrom(request, ['created', 'updated', 'unchanged'], DONE),
    },
    page.refused?.status ?? 200,
  );
}

/** The schema's messages and, when the towns themselves were readable, which of them we do not know. */
async function allErrors(app: FastifyInstance, error: z.ZodError, body: unknown): Promise<Refusal> {
  const errors = fieldErrors(error);
  const towns = errors.towns ? undefined : await unknownTownsError(app, body);
  return invalid(towns ? { ...errors, towns } : errors);
}

/** The mentoring projects: list, create, edit. The public /mentoring page reads the same rows. */
export default async function adminProjectRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent);

  /** A refused form: the same page again with what was typed (JSON clients get the field messages). */
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: Refusal, page: Omit<FormPage, 'refused'>) =>
    sendRefusal(request, reply, refusal, (refused) => renderForm(request, reply, { ...page, refused }));

  app.get('/admin/projects', async (request, reply) => {
    const projects = (await listProjectsWithMentors(app.db)).map(projectView);
    if (wantsJson(request)) return { projects, csrfToken: request.csrfToken() };
    return reply.page('admin/projects', { title: request.t('administration.projects.title'), projects });
  });

  app.get('/admin/projects/new', async (request, reply) => renderForm(request, reply, { values: {} }));

  app.post('/admin/projects/new', async (request, reply) => {
    const page = { values: keptValues(request.body) };
    const parsed = ProjectInput.safeParse(request.body);
    if (!parsed.success) return refuse(request, reply, await allErrors(app, parsed.error, request.body), page);
    const created = await createProject(app, request.admin, parsed.data);
    if (!created.ok) return refuse(request, reply, created, page);
    const { id, slug } = created.value;
    if (wantsJson(request)) return reply.code(201).send({ id, slug, url: `/admin/projects/${id}` });
    return reply.redirect(withNotice(`/admin/projects/${id}`, 'created', DONE), 303);
  });

  app.get('/admin/projects/:id', { schema: { params: ProjectId } }, async (request, reply) => {
    const row = await findProject(app.db, request.params.id);
    if (!row) return sendRefusal(request, reply, notFound());
    if (wantsJson(request)) return { project: projectView(row), csrfToken: request.csrfToken() };
    return renderForm(request, reply, { project: row, values: projectFormValues(row) });
  });

  app.post('/admin/projects/:id', { schema: { params: ProjectId } }, async (request, reply) => {
    const row = await findProject(app.db, request.params.id);
    if (!row) return sendRefusal(request, reply, notFound());
    const page = { project: row, values: keptValues(request.body) };
    const parsed = ProjectInput.safeParse(request.body);
    if (!parsed.success) return refuse(request, reply, await allErrors(app, parsed.error, request.body), page);
    const saved = await editProject(app, request.admin, row.id, parsed.data);
    if (!saved.ok) return refuse(request, reply, saved, page);
    if (wantsJson(request)) return { project: projectView((await findProject(app.db, row.id))!), changed: saved.value.changed };
    return reply.redirect(withNotice(`/admin/projects/${row.id}`, saved.value.changed.length > 0 ? 'updated' : 'unchanged', DONE), 303);
  });
}
