import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { registerEmployer } from '../../server/accounts/service.ts';
import { agentFor, csrfFrom, encodeForm, unique } from './app.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import { createMentee } from '../../server/mentees/service.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { changeStatus, createVacancy } from '../../server/vacancies/service.ts';

export const PASSWORD = 'correct-horse-battery';

/**
 * An employer account created through the service, as registration would, then
 * approved by the programme office so its vacancies are public (`approved: false`
 * leaves it waiting for approval, as registration does).
 */
export async function createEmployer(app: FastifyInstance, overrides: { organisation?: string; town?: string; approved?: boolean } = {}) {
  const email = `${unique('employer')}@example.org`;
  const result = await registerEmployer(app, {
    organisation: overrides.organisation ?? `Firma ${unique()}`,
    email,
    password: PASSWORD,
    town: overrides.town ?? 'Dresden',
  });
  if (!result.ok) throw new Error(`Could not create employer: ${JSON.stringify(result.errors)}`);
  const { employer_id: employerId } = await app.db
    .selectFrom('accounts')
    .select('employer_id')
    .where('id', '=', result.value)
    .executeTakeFirstOrThrow();
  if (overrides.approved !== false) await approveEmployer(app, employerId!);
  return { email, accountId: result.value, employerId: employerId! };
}

/** What an admin's approval does to the row (tests of the approval itself go through /admin). */
export async function approveEmployer(app: FastifyInstance, employerId: string): Promise<void> {
  await app.db.updateTable('employers').set({ status: 'approved', status_changed_at: new Date() }).where('id', '=', employerId).execute();
}

/** An employer organisation made through registration (approved); returns its id and a logged-in agent. */
export async function employerOf(app: FastifyInstance): Promise<{ employerId: string; agent: Agent }> {
  const employer = await createEmployer(app);
  return { employerId: employer.employerId, agent: await loginAs(app, employer.email) };
}

/** Two different mentoring projects from the reference list. */
export async function twoProjects(app: FastifyInstance): Promise<[number, number]> {
  const rows = await app.db.selectFrom('projects').select('id').orderBy('id').limit(2).execute();
  if (rows.length < 2) throw new Error('The reference data holds fewer than two projects');
  return [rows[0]!.id, rows[1]!.id];
}

/** A mentor account of a project, made by hand (mentors are invited; the invitation flow has its own tests), logged in. */
export async function mentorOf(app: FastifyInstance, projectId: number) {
  return { ...(await mentorAccount(app, projectId)), projectId };
}

/** A mentor account without a project (an edge case the mentee pages must refuse), logged in. */
export async function mentorWithoutProject(app: FastifyInstance) {
  return { ...(await mentorAccount(app, null)), projectId: null };
}

async function mentorAccount(app: FastifyInstance, projectId: number | null): Promise<{ agent: Agent; accountId: string; email: string }> {
  const email = `${unique('mentor')}@example.org`;
  const accountId = await insertAccount(app.db, {
    email,
    passwordHash: await hashPassword(PASSWORD),
    role: 'mentor',
    employerId: null,
    projectId,
  });
  if (!accountId) throw new Error('Could not create the mentor');
  return { agent: await loginAs(app, email), accountId, email };
}

/** Logs in through the login form and returns the agent with its session cookie. */
export async function loginAs(app: FastifyInstance, email: string, password = PASSWORD): Promise<Agent> {
  const agent = agentFor(app);
  const page = await agent.get('/login');
  const response = await agent
    .post('/login')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), email, password }));
  if (response.status !== 303) throw new Error(`Login failed with ${response.status}`);
  return agent;
}

/** Pay, how to apply and terms a valid form needs (issue 12), for a job or, with `kind: 'apprenticeship'`, an apprenticeship. */
function termsFor(kind: string | string[] | undefined): Record<string, string> {
  const common = { applyViaMentor: 'on', weeklyHours: '40' };
  if (kind === 'apprenticeship') {
    return {
      ...common,
      payKind: 'training',
      trainingPay1: '1000',
      trainingPay2: '1080',
      trainingPay3: '1160',
      trainingPay4: '1240',
      schoolLevel: 'any',
    };
  }
  return { ...common, payKind: 'range', payMin: '2400', payMax: '2800', payUnit: 'month', contract: 'permanent' };
}

export function vacancyForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    ...termsFor(overrides.kind),
    kind: 'job',
    occupation: '51312',
    title: 'Fachkraft für Lagerlogistik (m/w/d)',
    summary: 'Sie arbeiten im Lager. Sie packen und prüfen Waren.',
    description: 'Wir suchen Verstärkung für unser Lager in Dresden. Sie nehmen Waren an, lagern sie ein und bereiten Sendungen vor.',
    town: 'Dresden',
    postcode: '',
    workingTime: 'full',
    startDate: '2027-01-15',
    durationMonths: '',
    germanLevel: 'A2',
    qualification: 'none',
    support: ['language_course'],
    expiresAt: '',
    ...overrides,
  };
}

/** Creates a vacancy through the employer's form; returns its id. */
export async function postVacancy(agent: Agent, overrides: Record<string, string | string[]> = {}, publish = true): Promise<string> {
  const form = await agent.get('/employer/vacancies/new');
  const created = await agent
    .post('/employer/vacancies')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), ...vacancyForm(overrides) }));
  if (created.status !== 303)
    throw new Error(
      `Creating the vacancy failed with ${created.status}: ${[...created.text.matchAll(/<\/span>([^<]*)<\/p>/g)].map((m) => m[1]).join(' | ')}`,
    );
  const id = /\/employer\/vacancies\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
  if (publish) {
    const page = await agent.get(`/employer/vacancies/${id}`);
    const published = await agent
      .post(`/employer/vacancies/${id}/publish`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    if (published.status !== 303) throw new Error(`Publishing failed with ${published.status}`);
  }
  return id;
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
    if (!published.ok) throw new Error(`Could not publish the vacancy: ${JSON.stringify(published)}`);
  }
  return created.value;
}

/** A mentee profile created through the service, as the mentor's form would. */
export async function createTestMentee(
  app: FastifyInstance,
  mentor: { accountId: string; projectId: number },
  overrides: Record<string, unknown> = {},
) {
  const input = MenteeInput.parse({
    gender: 'f',
    ageBand: '25to34',
    germanLevel: 'B1',
    otherLanguages: 'Arabisch',
    schooling: 'secondary',
    qualification: 'none',
    experience: [],
    desiredOccupations: ['29302'],
    desiredKinds: ['job'],
    homeTown: 'Dresden',
    travelKm: '25',
    workingTime: 'full',
    workPermit: 'yes',
    consent: 'on',
    locale: 'de',
    notes: '',
    ...overrides,
  });
  const created = await createMentee(app, { id: mentor.accountId, projectId: mentor.projectId }, input);
  if (!created.ok) throw new Error(`Could not create the mentee: ${JSON.stringify(created.errors)}`);
  return created.value;
}
