import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import { createMentee } from '../../server/mentees/service.ts';
import { csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { loginAs, PASSWORD } from '../helpers/factories.ts';

/** Two different mentoring projects from the reference list. */
export async function twoProjects(app: FastifyInstance): Promise<[number, number]> {
  const rows = await app.db.selectFrom('projects').select('id').orderBy('id').limit(2).execute();
  if (rows.length < 2) throw new Error('The reference data holds fewer than two projects');
  return [rows[0]!.id, rows[1]!.id];
}

/** A mentor account of a project, logged in. */
export async function mentorOf(app: FastifyInstance, projectId: number): Promise<{ agent: Agent; accountId: string }> {
  const email = `${unique('mentor')}@example.org`;
  const accountId = await insertAccount(app.db, { email, passwordHash: await hashPassword(PASSWORD), role: 'mentor', employerId: null, projectId });
  if (!accountId) throw new Error('Could not create the mentor');
  return { agent: await loginAs(app, email), accountId };
}

/** A mentee profile created through the service, as the mentor's form would. */
export async function createTestMentee(app: FastifyInstance, mentor: { accountId: string; projectId: number }, overrides: Record<string, unknown> = {}) {
  const input = MenteeInput.parse({
    gender: 'f',
    ageBand: '25to34',
    germanLevel: 'B1',
    otherLanguages: 'Arabisch',
    schooling: 'secondary',
    qualification: 'none',
    experience: [],
    desiredOccupations: ['11522'],
    desiredKinds: ['apprenticeship'],
    homeTown: 'Dresden',
    travelKm: '20',
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

/** A fresh CSRF token for a logged-in agent, read from a page it can open. */
export async function csrfOf(agent: Agent): Promise<string> {
  return csrfFrom((await agent.get('/vacancies')).text);
}

export function postForm(agent: Agent, path: string, values: Record<string, string | undefined>) {
  return agent.post(path).type('form').send(encodeForm(values));
}
