import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import { writeIndexed } from '../indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { type VacancySearch, type VacancySearchResult } from '../../search/vacancy-search.ts';
import type { VacanciesTable } from '../db/database.ts';
import { conflict, invalid, notFound, ok, type Conflict, type Invalid, type NotFound, type Result } from '../http/refusal.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { findOccupation } from '../occupations/queries.ts';
import { findPlace } from '../places/queries.ts';
import { resolveTown } from '../places/resolve.ts';
import { payView, type PayView } from './pay.ts';
import * as queries from './queries.ts';
import {
  DEFAULT_RADIUS_KM,
  trainingYears,
  vacancyReferences,
  type SearchQuery,
  type VacancyInput,
  type VacancyReferences,
} from './schemas.ts';

export type FieldErrors = Record<string, string>;
/** Input refused field by field (the shared Result, server/http/refusal.ts); `.errors` stays readable to callers. */
type Checked<T> = Result<T, Invalid>;

/** Resolves the town of a search; an unknown town is the searcher's error, named by field. */
export async function toVacancySearch(app: FastifyInstance, query: SearchQuery): Promise<Checked<VacancySearch>> {
  let origin: VacancySearch['origin'];
  if (query.town) {
    // Names in any spelling and any postcode, from memory (server/places/resolve.ts); the page offers "did you mean".
    const { place } = resolveTown(query.town);
    if (!place) return invalid({ town: 'search.errors.town' });
    origin = { lat: place.lat, lng: place.lng };
  }
  return ok({
    q: query.q,
    kind: query.kind,
    occupation: query.occupation,
    origin,
    radiusKm: origin ? (query.radiusKm ?? DEFAULT_RADIUS_KM) : undefined,
    germanLevel: query.germanLevel,
    workingTime: query.workingTime,
    minPayMonthly: query.minPayMonthly,
    sort: query.sort,
    page: query.page,
    perPage: query.perPage,
    today: todayInBerlin(),
  });
}

/** Meilisearch ranks; when it cannot be reached, PostgreSQL answers the same question (degraded). search/engine.ts decides. */
export function searchVacancies(app: FastifyInstance, search: VacancySearch): Promise<VacancySearchResult> {
  return app.searchEngine.searchVacancies(search);
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
async function resolveVacancy(
  app: FastifyInstance,
  input: VacancyInput,
): Promise<Checked<Omit<Insertable<VacanciesTable>, 'employer_id'>>> {
  const { occupation, place, postcode, errors } = await lookUpReferences(app, input);
  if (!occupation || !place || !postcode || Object.keys(errors).length > 0) return invalid(errors);
  const apprenticeship = input.kind === 'apprenticeship';
  return ok({
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
    ...payColumns(input),
    ...applyColumns(input),
    school_town: apprenticeship ? input.schoolTown || null : null,
    school_level: apprenticeship ? input.schoolLevel : null,
    entry_qualification: apprenticeship && input.entryQualification,
    keep_on: apprenticeship && input.keepOn,
    weekly_hours: input.weeklyHours,
    permanent: apprenticeship ? false : input.contract === 'permanent',
    start_asap: input.startAsap,
    accessible_workplace: input.accessibleWorkplace,
  });
}

/** The pay columns the chosen kind of pay uses; the others are cleared, so a changed choice leaves nothing stale. */
function payColumns(input: VacancyInput) {
  const kind = input.payKind!; // the schema requires it
  if (kind === 'training') {
    const pays = [input.trainingPay1, input.trainingPay2, input.trainingPay3, input.trainingPay4].slice(
      0,
      trainingYears(input.durationMonths),
    );
    return {
      pay_kind: kind,
      pay_min_cents: null,
      pay_max_cents: null,
      pay_unit: null,
      pay_agreement: null,
      pay_group: null,
      training_pay_cents: pays as number[],
    };
  }
  return {
    pay_kind: kind,
    pay_min_cents: input.payMin,
    pay_max_cents: kind === 'range' ? input.payMax : null,
    pay_unit: input.payMin === null ? null : input.payUnit,
    pay_agreement: kind === 'agreement' ? input.payAgreement : null,
    pay_group: kind === 'agreement' ? input.payGroup : null,
    training_pay_cents: null,
  };
}

/** The ways to apply; direct contact details are kept only when applying directly is offered. */
function applyColumns(input: VacancyInput) {
  const direct = input.applyDirect;
  return {
    apply_via_mentor: input.applyViaMentor,
    apply_direct: direct,
    contact_name: (direct && input.contactName) || null,
    contact_email: (direct && input.contactEmail.toLowerCase()) || null,
    contact_phone: (direct && input.contactPhone) || null,
    application_url: (direct && input.applicationUrl) || null,
  };
}

/**
 * What the form's button asked for: 'publish' saves what is on the screen and
 * publishes it in the same transaction (so an edit is never lost to a separate
 * publish form); 'draft' saves without changing the status (a published
 * vacancy stays published).
 */
export type SaveAction = 'draft' | 'publish';

export function saveAction(body: unknown): SaveAction {
  return body && typeof body === 'object' && (body as Record<string, unknown>).action === 'publish' ? 'publish' : 'draft';
}

/** Status columns for publishing now: published_at keeps the first publication day of a vacancy already published. */
const publishing = (current?: { status: string; published_at: Date | null }) =>
  current?.status === 'published' ? {} : { status: 'published' as const, published_at: new Date(), closed_at: null };

export async function createVacancy(
  app: FastifyInstance,
  employerId: string,
  input: VacancyInput,
  action: SaveAction = 'draft',
): Promise<Checked<string>> {
  const resolved = await resolveVacancy(app, input);
  if (!resolved.ok) return resolved;
  const id = await writeIndexed(app, async (trx, reindex) => {
    const newId = await queries.insertVacancy(trx, {
      ...resolved.value,
      ...(action === 'publish' ? publishing() : {}),
      employer_id: employerId,
    });
    await reindex(VACANCY_INDEX, [newId]);
    return newId;
  });
  return ok(id);
}

/** Saves changes to an employer's own vacancy; not found when it is not theirs. */
export async function updateVacancy(
  app: FastifyInstance,
  employerId: string,
  id: string,
  input: VacancyInput,
  action: SaveAction = 'draft',
): Promise<Result<string, Invalid | NotFound>> {
  const resolved = await resolveVacancy(app, input);
  if (!resolved.ok) {
    return (await queries.findOwnVacancy(app.db, employerId, id)) ? resolved : notFound();
  }
  const updated = await writeIndexed(app, async (trx, reindex) => {
    const current = await queries.findOwnVacancy(trx, employerId, id);
    if (!current) return false;
    const status = action === 'publish' ? publishing(current) : {};
    if (!(await queries.updateOwnVacancy(trx, employerId, id, { ...resolved.value, ...status }))) return false;
    await reindex(VACANCY_INDEX, [id]);
    return true;
  });
  if (!updated) return notFound();
  return ok(id);
}

export type StatusChange = 'publish' | 'close';

/** Publishes or closes an own vacancy. Not found: not theirs. A conflict: the change is not allowed now. */
export async function changeStatus(
  app: FastifyInstance,
  employerId: string,
  id: string,
  change: StatusChange,
): Promise<Result<undefined, NotFound | Conflict>> {
  return writeIndexed(app, async (trx, reindex): Promise<Result<undefined, NotFound | Conflict>> => {
    const vacancy = await queries.findOwnVacancy(trx, employerId, id);
    if (!vacancy) return notFound();
    if (change === 'publish') {
      if (vacancy.status === 'published') return conflict('vacancy.errors.alreadyPublished');
      if (vacancy.expires_at && vacancy.expires_at < todayInBerlin()) return conflict('vacancy.errors.expiredCannotPublish');
      await queries.updateOwnVacancy(trx, employerId, id, { status: 'published', published_at: new Date(), closed_at: null });
    } else {
      if (vacancy.status === 'closed') return conflict('vacancy.errors.alreadyClosed');
      await queries.updateOwnVacancy(trx, employerId, id, { status: 'closed', closed_at: new Date() });
    }
    await reindex(VACANCY_INDEX, [id]);
    return ok(undefined);
  });
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
    pay: payView(row),
    apply: applyView(row),
    weeklyHours: row.weekly_hours,
    contract: row.permanent === null ? null : row.permanent ? ('permanent' as const) : ('fixedTerm' as const),
    startAsap: row.start_asap,
    accessibleWorkplace: row.accessible_workplace,
    apprenticeship: apprenticeshipView(row),
  };
}

type ApplyColumns = Pick<
  OwnVacancyRow,
  'apply_via_mentor' | 'apply_direct' | 'contact_name' | 'contact_email' | 'contact_phone' | 'application_url'
>;

/** How to apply, as the API and the page say it. */
export function applyView(row: ApplyColumns) {
  return {
    viaMentor: row.apply_via_mentor,
    direct: row.apply_direct
      ? { contactName: row.contact_name, email: row.contact_email, phone: row.contact_phone, url: row.application_url }
      : null,
  };
}

type ApprenticeshipColumns = Pick<OwnVacancyRow, 'kind' | 'school_town' | 'school_level' | 'entry_qualification' | 'keep_on'>;

/** The apprenticeship facts; null for a job. */
export function apprenticeshipView(row: ApprenticeshipColumns) {
  if (row.kind !== 'apprenticeship') return null;
  return { schoolTown: row.school_town, schoolLevel: row.school_level, entryQualification: row.entry_qualification, keepOn: row.keep_on };
}

/** Cents as the form shows euros: 2400 · 13,50 (German decimal comma). */
const euroText = (cents: number | null | undefined) =>
  cents === null || cents === undefined ? '' : cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',');

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
    ...payFormValues(view.pay),
    applyViaMentor: view.apply.viaMentor ? 'on' : '',
    applyDirect: view.apply.direct ? 'on' : '',
    contactName: view.apply.direct?.contactName ?? '',
    contactEmail: view.apply.direct?.email ?? '',
    contactPhone: view.apply.direct?.phone ?? '',
    applicationUrl: view.apply.direct?.url ?? '',
    schoolTown: view.apprenticeship?.schoolTown ?? '',
    schoolLevel: view.apprenticeship?.schoolLevel ?? '',
    entryQualification: view.apprenticeship?.entryQualification ? 'on' : '',
    keepOn: view.apprenticeship?.keepOn ? 'on' : '',
    weeklyHours: view.weeklyHours === null ? '' : String(view.weeklyHours).replace('.', ','),
    contract: view.kind === 'job' ? (view.contract ?? '') : '',
    startAsap: view.startAsap ? 'on' : '',
    accessibleWorkplace: view.accessibleWorkplace ? 'on' : '',
  };
}

function payFormValues(pay: PayView | null): Record<string, string> {
  if (!pay) return { payKind: '' };
  const cents = (euros: number | null | undefined) => euroText(euros === null || euros === undefined ? null : Math.round(euros * 100));
  return {
    payKind: pay.kind,
    payMin: cents(pay.min),
    payMax: cents(pay.max),
    payUnit: pay.unit ?? '',
    payAgreement: pay.agreement?.name ?? '',
    payGroup: pay.agreement?.group ?? '',
    ...Object.fromEntries(pay.trainingPay.map((euros, i) => [`trainingPay${i + 1}`, cents(euros)])),
  };
}

export { queries as vacancyQueries };
