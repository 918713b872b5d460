import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shownKm } from '../domain.ts';
import { errorSummary, sendError, wantsJson } from '../http/respond.ts';
import { pageQuery, typedRoutes } from '../http/typed-routes.ts';
import { findPlace } from '../places/queries.ts';
import { referenceLists } from '../reference-data.ts';
import { pageHead } from '../seo/head.ts';
import { listProjects, projectsByDistance, projectsServingTown } from './queries.ts';

/** A blank town means "show every project"; anything that is not a town we know is a field error. */
const MentoringQuery = z.object({
  town: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().max(100, 'mentoring.errors.townUnknown').optional()),
});

/** When no project lists the town: the nearest one, and those only a little farther (Leipzig has two). */
const NEAREST_SLACK_KM = 10;
const NEAREST_MAX = 3;

type ProjectRow = Awaited<ReturnType<typeof listProjects>>[number];

function projectView(project: ProjectRow, distanceKm: number | null) {
  return {
    slug: project.slug,
    name: project.name,
    carrier: project.carrier,
    districts: project.districts,
    towns: project.towns,
    contact: { email: project.contact_email, phone: project.contact_phone, url: project.contact_url },
    distanceKm: distanceKm === null ? null : shownKm(distanceKm),
  };
}
type ProjectView = ReturnType<typeof projectView>;

interface Finding {
  town: string | null;
  served: boolean;
  projects: ProjectView[];
}

/** The projects serving the town or, when none lists it, the nearest ones by distance. */
async function findProjects(app: FastifyInstance, place: { name: string; lat: number; lng: number }): Promise<Finding> {
  const serving = new Set((await projectsServingTown(app.db, place.name)).map((p) => p.id));
  const byDistance = await projectsByDistance(app.db, place);
  if (serving.size > 0) {
    const projects = byDistance.filter((p) => serving.has(p.id)).map((p) => projectView(p, p.distance_km));
    return { town: place.name, served: true, projects };
  }
  const nearest = byDistance[0]?.distance_km;
  const projects = byDistance
    .filter((p) => nearest !== undefined && nearest !== null && p.distance_km !== null && p.distance_km <= nearest + NEAREST_SLACK_KM)
    .slice(0, NEAREST_MAX)
    .map((p) => projectView(p, p.distance_km));
  return { town: place.name, served: false, projects };
}

async function render(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  finding: Finding,
  values: Record<string, unknown>,
  errorKey?: string,
) {
  const errors: Record<string, string> = errorKey ? { town: request.t(errorKey) } : {};
  if (wantsJson(request)) {
    if (errorKey) return sendError(request, reply, 400, 'validation', request.t('errors.validation'), errors);
    return { town: finding.town, served: finding.served, projects: finding.projects.map(({ towns: _towns, ...project }) => project) };
  }
  return reply.page('projects/mentoring', await pageData(app, request, finding, values, errors), errorKey ? 400 : 200);
}

async function pageData(
  app: FastifyInstance,
  request: FastifyRequest,
  finding: Finding,
  values: Record<string, unknown>,
  errors: Record<string, string>,
) {
  const { townNames } = await referenceLists(app.db);
  return {
    title: request.t('mentoring.title'),
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    errorList: errorSummary(errors, ['town']),
    places: townNames,
    ...finding,
    head: pageHead(request, app.publicUrl, { title: request.t('mentoring.title'), description: request.t('seo.description.mentoring') }),
  };
}

/** The town as typed, to keep in the field (a repeated parameter shows empty). */
const TypedTown = pageQuery({ town: z.string() });

export default async function projectRoutes(parent: FastifyInstance) {
  const app = typedRoutes(parent);
  app.get('/mentoring', { schema: { querystring: TypedTown } }, async (request, reply) => {
    const values = { town: request.query.town ?? '' };
    const parsed = MentoringQuery.safeParse(request.query);
    const everyProject = async (): Promise<Finding> => ({
      town: null,
      served: false,
      projects: (await listProjects(app.db)).map((p) => projectView(p, null)),
    });
    if (!parsed.success) return render(app, request, reply, await everyProject(), values, 'mentoring.errors.townUnknown');
    if (!parsed.data.town) return render(app, request, reply, await everyProject(), values);
    const place = await findPlace(app.db, parsed.data.town);
    if (!place) return render(app, request, reply, await everyProject(), values, 'mentoring.errors.townUnknown');
    return render(app, request, reply, await findProjects(app, place), values);
  });
}
