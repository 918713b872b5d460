import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { expect } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { findPlace } from '../../server/places/queries.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { changeStatus, createVacancy } from '../../server/vacancies/service.ts';
import { unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD, vacancyForm } from '../helpers/factories.ts';

export { createTestMentee } from '../helpers/factories.ts';
import { haversineKm } from '../search/support.ts';

/** Two different mentoring projects from the reference list. */
export async function twoProjects(app: FastifyInstance): Promise<[number, number]> {
  const rows = await app.db.selectFrom('projects').select('id').orderBy('id').limit(2).execute();
  if (rows.length < 2) throw new Error('The reference data holds fewer than two projects');
  return [rows[0]!.id, rows[1]!.id];
}

/** A mentor account of a project, logged in. */
export async function mentorOf(
  app: FastifyInstance,
  projectId: number,
): Promise<{ agent: Agent; accountId: string; projectId: number; email: string }> {
  const email = `${unique('mentor')}@example.org`;
  const accountId = await insertAccount(app.db, {
    email,
    passwordHash: await hashPassword(PASSWORD),
    role: 'mentor',
    employerId: null,
    projectId,
  });
  if (!accountId) throw new Error('Could not create the mentor');
  return { agent: await loginAs(app, email), accountId, projectId, email };
}

/** An employer organisation made through registration; returns its id and a logged-in agent. */
export async function employerOf(app: FastifyInstance): Promise<{ employerId: string; agent: Agent }> {
  const employer = await createEmployer(app);
  const row = await app.db.selectFrom('accounts').select('employer_id').where('id', '=', employer.accountId).executeTakeFirstOrThrow();
  return { employerId: row.employer_id!, agent: await loginAs(app, employer.email) };
}

/** A vacancy made through the employer's service (the form's rules), published unless told otherwise. */
export async function publishVacancy(
  app: FastifyInstance,
  employerId: string,
  overrides: Record<string, string | string[]>,
  publish = true,
): Promise<string> {
  const input = VacancyInput.parse(vacancyForm(overrides));
  const created = await createVacancy(app, employerId, input);
  if (!created.ok) throw new Error(`Could not create the vacancy: ${JSON.stringify(created.errors)}`);
  if (publish) {
    const published = await changeStatus(app, employerId, created.value, 'publish');
    if (!published?.ok) throw new Error(`Could not publish the vacancy: ${JSON.stringify(published)}`);
  }
  return created.value;
}

/** Distance between two towns of the gazetteer, computed here independently of the app. */
export async function kmBetweenTowns(app: FastifyInstance, from: string, to: string): Promise<number> {
  const [a, b] = await Promise.all([findPlace(app.db, from), findPlace(app.db, to)]);
  expect(a, from).toBeDefined();
  expect(b, to).toBeDefined();
  return haversineKm(a!, b!);
}

export const GERMAN_RANK: Record<string, number> = { none: 0, A1: 1, A2: 2, B1: 3, B2: 4, C1: 5, C2: 6 };

export interface CriterionJson {
  name: string;
  status: 'met' | 'stretched' | 'not_needed' | 'unmet';
  detail: string;
  values: Record<string, unknown>;
}
export interface MatchJson {
  vacancy: {
    id: string;
    distanceKm: number;
    location: { lat: number; lng: number };
    kind: string;
    germanLevel: string;
    workingTime: string;
  } & Record<string, unknown>;
  score: number;
  criteria: CriterionJson[];
}

export const CRITERIA_ORDER = ['occupation', 'kind', 'distance', 'german', 'workingTime', 'drivingLicence', 'qualification', 'workPermit'];

export function criterion(match: { criteria: CriterionJson[] }, name: string): CriterionJson {
  const found = match.criteria.find((c) => c.name === name);
  if (!found) throw new Error(`No criterion ${name}`);
  return found;
}
