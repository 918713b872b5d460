import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { csrfFrom, encodeForm } from '../helpers/app.ts';
import { createTestMentee as createMenteeWith } from '../helpers/factories.ts';

export { mentorOf, twoProjects } from '../matching/support.ts';

/** A mentee profile created through the service; by default one who wants an apprenticeship (11522) near Dresden. */
export function createTestMentee(
  app: FastifyInstance,
  mentor: { accountId: string; projectId: number },
  overrides: Record<string, unknown> = {},
) {
  return createMenteeWith(app, mentor, { desiredOccupations: ['11522'], desiredKinds: ['apprenticeship'], travelKm: '20', ...overrides });
}

/** A fresh CSRF token for a logged-in agent, read from a page it can open. */
export async function csrfOf(agent: Agent): Promise<string> {
  return csrfFrom((await agent.get('/vacancies')).text);
}

export function postForm(agent: Agent, path: string, values: Record<string, string | undefined>) {
  return agent.post(path).type('form').send(encodeForm(values));
}
