import type { FastifyInstance } from 'fastify';
import { writeIndexed } from '../indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { audit, type AuditActor } from '../audit/service.ts';
import { conflict, invalid, notFound, ok, type FieldMessages, type Message, type Result } from '../http/refusal.ts';
import { findPlace } from '../places/queries.ts';
import { notifyEmployerApproved } from './approval-notices.ts';
import * as queries from './queries.ts';
import { ProjectInput, type EmployerStatus } from './schemas.ts';

export type FieldErrors = FieldMessages;

// Projects

const GERMAN_LETTERS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** "Arbeitsmarktmentoren Görlitz" -> "arbeitsmarktmentoren-goerlitz": lower case, ASCII, dashes. */
export function slugFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN_LETTERS[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // One dash per run of other characters, so each end has at most one dash to drop (and no regex scans a run twice).
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-/, '')
    .slice(0, 60)
    .replace(/-$/, '');
  return slug || 'projekt';
}

async function lookUpTowns(app: FastifyInstance, towns: string[]) {
  const places = await Promise.all(towns.map((town) => findPlace(app.db, town)));
  const unknown = towns.filter((_, i) => !places[i]);
  const error: Message | undefined =
    unknown.length > 0 ? { key: 'administration.errors.townsUnknown', vars: { towns: unknown.join(', ') } } : undefined;
  return { places, error };
}

/** The unknown-towns message for a form that failed elsewhere, so every problem shows at once. */
export async function unknownTownsError(app: FastifyInstance, body: unknown): Promise<Message | undefined> {
  const towns = ProjectInput.shape.towns.safeParse((body as Record<string, unknown> | undefined)?.towns);
  return towns.success ? (await lookUpTowns(app, towns.data)).error : undefined;
}

/** Towns must be in the gazetteer (the mentoring page finds projects through them); stored as the gazetteer spells them. */
async function resolveProject(app: FastifyInstance, input: ProjectInput): Promise<Result<queries.ProjectValues>> {
  const { places, error } = await lookUpTowns(app, input.towns);
  if (error) return invalid({ towns: error });
  const towns = [...new Map(places.map((p) => [p!.name.toLowerCase(), p!.name])).values()];
  const districts = [...new Map(input.districts.map((d) => [d.toLowerCase(), d])).values()];
  return {
    ok: true,
    value: {
      name: input.name,
      carrier: input.carrier,
      districts,
      towns,
      contact_email: input.contactEmail,
      contact_phone: input.contactPhone,
      contact_url: input.contactUrl,
    },
  };
}

/** A new project with a slug made from its name (numbered when taken). */
export async function createProject(
  app: FastifyInstance,
  actor: AuditActor,
  input: ProjectInput,
): Promise<Result<{ id: number; slug: string }>> {
  const resolved = await resolveProject(app, input);
  if (!resolved.ok) return resolved;
  const base = slugFor(input.name);
  const created = await app.db.transaction().execute(async (trx) => {
    for (let n = 1; n <= 100; n += 1) {
      const slug = n === 1 ? base : `${base}-${n}`;
      const id = await queries.insertProject(trx, slug, resolved.value);
      if (id !== null) {
        await audit(trx, actor, 'project.created', { type: 'project', id: String(id) }, { slug, name: resolved.value.name });
        return { id, slug };
      }
    }
    throw new Error(`No free slug for ${base}`);
  });
  return { ok: true, value: created };
}

type ProjectRow = NonNullable<Awaited<ReturnType<typeof queries.findProject>>>;

/** Saves an admin's changes; the audit row names each changed field with its old and new value. */
export async function editProject(
  app: FastifyInstance,
  actor: AuditActor,
  id: number,
  input: ProjectInput,
): Promise<Result<{ changed: string[] }>> {
  if (!(await queries.findProject(app.db, id))) return notFound();
  const resolved = await resolveProject(app, input);
  if (!resolved.ok) return resolved;
  return app.db.transaction().execute(async (trx) => {
    const current = await queries.lockProject(trx, id);
    if (!current) return notFound();
    const changes = changedFields(current, resolved.value);
    const changed = Object.keys(changes);
    // An unchanged form is no edit: the row stays as it was (and keeps following projects.json if it did).
    if (changed.length === 0) return ok({ changed });
    await queries.updateProject(trx, id, resolved.value);
    await audit(trx, actor, 'project.updated', { type: 'project', id: String(id) }, { slug: current.slug, changes });
    return { ok: true, value: { changed } };
  });
}

function changedFields(current: ProjectRow, next: queries.ProjectValues): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof queries.ProjectValues)[]) {
    if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) changes[key] = { from: current[key], to: next[key] };
  }
  return changes;
}

export function projectView(row: ProjectRow & { mentors?: string | number | null }) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    carrier: row.carrier,
    districts: row.districts,
    towns: row.towns,
    contact: { email: row.contact_email, phone: row.contact_phone, url: row.contact_url },
    /** When an admin last changed it; null while it follows projects.json. */
    updatedAt: row.updated_at,
    ...(row.mentors === undefined ? {} : { mentors: Number(row.mentors ?? 0) }),
  };
}

/** The form's values for a stored project (lists one per line). */
export function projectFormValues(row: ProjectRow): Record<string, string> {
  return {
    name: row.name,
    carrier: row.carrier,
    districts: row.districts.join('\n'),
    towns: row.towns.join('\n'),
    contactEmail: row.contact_email ?? '',
    contactPhone: row.contact_phone ?? '',
    contactUrl: row.contact_url ?? '',
  };
}

// Accounts

export function accountView(a: Awaited<ReturnType<typeof queries.listStaffAccounts>>[number], selfId: string) {
  return {
    id: a.id,
    email: a.email,
    displayName: a.display_name,
    role: a.role,
    project: a.project_slug ? { slug: a.project_slug, name: a.project_name } : null,
    status: a.disabled_at ? ('disabled' as const) : ('active' as const),
    disabledAt: a.disabled_at,
    lastLoginAt: a.last_login_at,
    createdAt: a.created_at,
    self: a.id === selfId,
  };
}

/**
 * Disables or enables a mentor's, coordinator's or admin's account. Disabling
 * ends its sessions in the same transaction, so its next request is anonymous.
 */
export async function changeAccountStatus(
  app: FastifyInstance,
  actor: AuditActor & { id: string },
  id: string,
  disable: boolean,
): Promise<Result<{ status: 'active' | 'disabled'; sessionsEnded: number }>> {
  if (id === actor.id) return conflict('administration.accounts.errors.self');
  return app.db.transaction().execute(async (trx) => {
    const account = await queries.lockStaffAccount(trx, id);
    if (!account) return notFound();
    if (disable === (account.disabled_at !== null))
      return conflict(disable ? 'administration.accounts.errors.alreadyDisabled' : 'administration.accounts.errors.alreadyActive');
    await queries.setAccountDisabledAt(trx, id, disable ? new Date() : null);
    const sessionsEnded = disable ? await queries.deleteSessionsOf(trx, [id]) : 0;
    const detail = { email: account.email, role: account.role, ...(disable ? { sessionsEnded } : {}) };
    await audit(trx, actor, disable ? 'account.disabled' : 'account.enabled', { type: 'account', id }, detail);
    return { ok: true, value: { status: disable ? 'disabled' : 'active', sessionsEnded } } as const;
  });
}

// Employer organisations

export function employerView(e: Awaited<ReturnType<typeof queries.listEmployers>>[number]) {
  return {
    id: e.id,
    name: e.name,
    town: e.town,
    status: e.status,
    statusChangedAt: e.status_changed_at,
    createdAt: e.created_at,
    publishedVacancies: Number(e.published ?? 0),
  };
}

export interface EmployerChangeResult {
  status: EmployerStatus;
  vacanciesQueued: number;
  accountsDisabled: number;
  accountsEnabled: number;
}

/**
 * Approves or suspends an employer organisation. Every vacancy of it goes to
 * the index outbox in the same transaction (the index holds only approved
 * employers' vacancies, so the worker removes or restores them). Approving
 * tells the organisation's accounts by e-mail (mail outbox, same transaction). Suspending
 * also disables the organisation's accounts and ends their sessions; they are
 * marked with the suspension's moment, so approving again enables exactly those.
 */
export async function changeEmployerStatus(
  app: FastifyInstance,
  actor: AuditActor,
  id: string,
  target: 'approved' | 'suspended',
): Promise<Result<EmployerChangeResult>> {
  const result = await writeIndexed(app, async (trx, reindex): Promise<Result<EmployerChangeResult>> => {
    const employer = await queries.lockEmployer(trx, id);
    if (!employer) return notFound();
    if (employer.status === target) return conflict(`administration.employers.errors.already.${target}`);
    const at = new Date();
    await queries.setEmployerStatus(trx, id, target, at);
    const vacancyIds = await queries.employerVacancyIds(trx, id);
    await reindex(VACANCY_INDEX, vacancyIds);
    let accountsDisabled = 0;
    let accountsEnabled = 0;
    let sessionsEnded = 0;
    if (target === 'suspended') {
      const disabled = await queries.disableEmployerAccounts(trx, id, at);
      accountsDisabled = disabled.length;
      sessionsEnded = await queries.deleteSessionsOf(trx, disabled);
    } else if (employer.status === 'suspended' && employer.status_changed_at) {
      accountsEnabled = await queries.enableEmployerAccounts(trx, id, employer.status_changed_at);
    }
    // The organisation learns that its vacancies are public now (its accounts are active again by here).
    if (target === 'approved') await notifyEmployerApproved(trx, id, app.publicUrl);
    await audit(
      trx,
      actor,
      target === 'suspended' ? 'employer.suspended' : 'employer.approved',
      { type: 'employer', id },
      {
        name: employer.name,
        from: employer.status,
        to: target,
        vacancies: vacancyIds.length,
        accountsDisabled,
        accountsEnabled,
        sessionsEnded,
      },
    );
    return { ok: true, value: { status: target, vacanciesQueued: vacancyIds.length, accountsDisabled, accountsEnabled } } as const;
  });
  if (result.ok) app.mail.worker.kick();
  return result;
}
