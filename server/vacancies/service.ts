import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import { enqueueIndexing } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { SearchUnavailableError, searchVacancyIndex, toHit, type VacancySearch, type VacancySearchResult } from '../../search/vacancy-search.ts';
import type { VacanciesTable } from '../db/database.ts';
import { todayInBerlin } from '../http/form-values.ts';
import { findOccupation } from '../occupations/queries.ts';
import { findPlace } from '../places/queries.ts';
import * as queries from './queries.ts';
import { DEFAULT_RADIUS_KM, vacancyReferences, type SearchQuery, type VacancyInput, type VacancyReferences } from './schemas.ts';

export type FieldErrors = Record<string, string>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Resolves the town of a search; an unknown town is the searcher's error, named by field. */
export async function toVacancySearch(app: FastifyInstance, query: SearchQuery): Promise<Outcome<VacancySearch>> {
  let origin: VacancySearch['origin'];
  if (query.town) {
    const place = await findPlace(app.db, query.town);
    if (!place) return { ok: false, errors: { town: 'search.errors.town' } };
    origin = { lat: place.lat, lng: place.lng };
  }
  return {
    ok: true,
    value: {
      q: query.q,
      kind: query.kind,
      occupation: query.occupation,
      origin,
      radiusKm: origin ? (query.radiusKm ?? DEFAULT_RADIUS_KM) : undefined,
      germanLevel: query.germanLevel,
      workingTime: query.workingTime,
      sort: query.sort,
      page: query.page,
      perPage: query.perPage,
      today: todayInBerlin(),
    },
  };
}

/** Meilisearch ranks; when it cannot be reached, PostgreSQL answers the same question (degraded). */
export async function searchVacancies(app: FastifyInstance, search: VacancySearch): Promise<VacancySearchResult> {
  const client = app.searchEngine.public();
  if (client && app.searchEngine.available()) {
    try {
      return await app.searchEngine.cache.fetch(JSON.stringify(search), () => searchVacancyIndex(client, search));
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      app.searchEngine.markDown();
      app.log.warn({ err: error }, 'search unavailable; answering from PostgreSQL');
    }
  }
  const { hits, facets, total } = await queries.searchPublishedFallback(app.db, search);
  return {
    total,
    page: search.page,
    perPage: search.perPage,
    facets,
    degraded: true,
    hits: hits.map((row) =>
      toHit(
        {
          id: row.id,
          title: row.title,
          kind: row.kind,
          occupationCode: row.occupation_code,
          occupationTitle: row.occupation_title,
          employerName: row.employer_name,
          town: row.town,
          postcode: row.postcode,
          _geo: { lat: row.lat, lng: row.lng },
          germanLevel: row.german_level,
          workingTime: row.working_time,
          startDate: row.start_date,
          publishedAt: (row.published_at ?? new Date(0)).toISOString(),
          summary: row.summary,
        } as Parameters<typeof toHit>[0],
        search.origin,
      ),
    ),
  };
}

/** Looks up the occupation and town that are given; names the fields that could not be resolved. */
async function lookUpReferences(app: FastifyInstance, input: VacancyReferences) {
  const [occupation, place] = await Promise.all([
    input.occupation === undefined ? undefined : findOccupation(app.db, input.occupation),
    input.town === undefined ? undefined : findPlace(app.db, input.town),
  ]);
  const errors: FieldErrors = {};
  if (input.occupation !== undefined && !occupation) errors.occupation = 'vacancy.errors.occupationUnknown';
  if (input.town !== undefined && !place) errors.town = 'vacancy.errors.townUnknown';
  const postcode = input.postcode ?? place?.postcode ?? null;
  if (input.postcode !== undefined && place && !postcode) errors.postcode = 'vacancy.errors.postcodeNeeded';
  if (input.expiresAt && input.expiresAt < todayInBerlin()) errors.expiresAt = 'vacancy.errors.expiresPast';
  return { occupation, place, postcode, errors };
}

/** Every problem of a post that failed to parse: the parse errors, and the lookups of the fields that did parse. */
export async function invalidVacancyErrors(app: FastifyInstance, body: unknown, parseErrors: FieldErrors): Promise<FieldErrors> {
  const { errors } = await lookUpReferences(app, vacancyReferences(body));
  return { ...errors, ...parseErrors };
}

/** Looks up occupation and town; returns the columns to store, or the fields that could not be resolved. */
async function resolveVacancy(app: FastifyInstance, input: VacancyInput): Promise<Outcome<Omit<Insertable<VacanciesTable>, 'employer_id'>>> {
  const { occupation, place, postcode, errors } = await lookUpReferences(app, input);
  if (!occupation || !place || !postcode || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: input.kind,
      occupation_code: occupation.code,
      title: input.title,
      description: input.description,
      summary: input.summary,
      place_id: place.id,
      town: place.name,
      postcode,
      lat: place.lat,
      lng: place.lng,
      working_time: input.workingTime,
      part_time_training: input.partTimeTraining,
      start_date: input.startDate,
      duration_months: input.kind === 'apprenticeship' ? input.durationMonths : null,
      german_level: input.germanLevel,
      qualification: input.qualification,
      driving_licence: input.drivingLicence,
      shift_work: input.shiftWork,
      support: input.support,
      expires_at: input.expiresAt,
    },
  };
}

export async function createVacancy(app: FastifyInstance, employerId: string, input: VacancyInput): Promise<Outcome<string>> {
  const resolved = await resolveVacancy(app, input);
  if (!resolved.ok) return resolved;
  const id = await app.db.transaction().execute(async (trx) => {
    const newId = await queries.insertVacancy(trx, { ...resolved.value, employer_id: employerId });
    await enqueueIndexing(trx, VACANCY_INDEX, [newId]);
    return newId;
  });
  app.searchEngine.worker.kick();
  return { ok: true, value: id };
}

/** Saves changes to an employer's own vacancy; null when it is not theirs. */
export async function updateVacancy(app: FastifyInstance, employerId: string, id: string, input: VacancyInput): Promise<Outcome<string> | null> {
  const resolved = await resolveVacancy(app, input);
  if (!resolved.ok) {
    return (await queries.findOwnVacancy(app.db, employerId, id)) ? resolved : null;
  }
  const updated = await app.db.transaction().execute(async (trx) => {
    if (!(await queries.updateOwnVacancy(trx, employerId, id, resolved.value))) return false;
    await enqueueIndexing(trx, VACANCY_INDEX, [id]);
    return true;
  });
  if (!updated) return null;
  app.searchEngine.worker.kick();
  return { ok: true, value: id };
}

export type StatusChange = 'publish' | 'close';

/** Publishes or closes an own vacancy. Null: not theirs. An error key: the change is not allowed now. */
export async function changeStatus(app: FastifyInstance, employerId: string, id: string, change: StatusChange): Promise<{ ok: true } | { ok: false; error: string } | null> {
  const result = await app.db.transaction().execute(async (trx) => {
    const vacancy = await queries.findOwnVacancy(trx, employerId, id);
    if (!vacancy) return null;
    if (change === 'publish') {
      if (vacancy.status === 'published') return { ok: false as const, error: 'vacancy.errors.alreadyPublished' };
      if (vacancy.expires_at && vacancy.expires_at < todayInBerlin()) return { ok: false as const, error: 'vacancy.errors.expiredCannotPublish' };
      await queries.updateOwnVacancy(trx, employerId, id, { status: 'published', published_at: new Date(), closed_at: null });
    } else {
      if (vacancy.status === 'closed') return { ok: false as const, error: 'vacancy.errors.alreadyClosed' };
      await queries.updateOwnVacancy(trx, employerId, id, { status: 'closed', closed_at: new Date() });
    }
    await enqueueIndexing(trx, VACANCY_INDEX, [id]);
    return { ok: true as const };
  });
  if (result?.ok) app.searchEngine.worker.kick();
  return result;
}

type OwnVacancyRow = NonNullable<Awaited<ReturnType<typeof queries.findOwnVacancy>>>;

/** A stored vacancy in the shape of the form and the JSON (same field names). */
export function vacancyView(row: OwnVacancyRow) {
  return {
    id: row.id,
    status: row.status,
    kind: row.kind,
    occupation: row.occupation_code,
    occupationTitle: row.occupation_title_de,
    title: row.title,
    description: row.description,
    summary: row.summary,
    town: row.town,
    postcode: row.postcode,
    workingTime: row.working_time,
    partTimeTraining: row.part_time_training,
    startDate: row.start_date,
    durationMonths: row.duration_months,
    germanLevel: row.german_level,
    qualification: row.qualification,
    drivingLicence: row.driving_licence,
    shiftWork: row.shift_work,
    support: row.support,
    expiresAt: row.expires_at,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}

/** The form's values for an existing vacancy (strings, as the form shows them). */
export function formValues(view: ReturnType<typeof vacancyView>): Record<string, unknown> {
  return {
    ...view,
    occupation: `${view.occupationTitle} (${view.occupation})`,
    partTimeTraining: view.partTimeTraining ? 'on' : '',
    drivingLicence: view.drivingLicence ? 'on' : '',
    shiftWork: view.shiftWork ? 'on' : '',
    durationMonths: view.durationMonths === null ? '' : String(view.durationMonths),
    startDate: view.startDate ?? '',
    expiresAt: view.expiresAt ?? '',
  };
}

export { queries as vacancyQueries };
