import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import type { Role } from '../../server/db/database.ts';
import { csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { loginAs, PASSWORD } from '../helpers/factories.ts';

export { createAdmin, elementText, inputTag, mainOf, pageTitle } from '../helpers/admin.ts';

/** A staff account made by hand (the invitation flow has its own tests), logged in. */
export async function staffAccount(app: FastifyInstance, role: Exclude<Role, 'employer'>, projectId: number | null = null) {
  const email = `${unique(role)}@example.org`;
  const accountId = await insertAccount(app.db, { email, passwordHash: await hashPassword(PASSWORD), role, employerId: null, projectId });
  if (!accountId) throw new Error(`Could not create the ${role}`);
  return { email, accountId, agent: await loginAs(app, email) };
}

/** Sends a form from an admin page: GET the page for its token, POST the values. */
export async function submitFrom(
  agent: Agent,
  pagePath: string,
  action: string,
  values: Record<string, string | string[] | undefined> = {},
) {
  const page = await agent.get(pagePath);
  if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
  return agent
    .post(action)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...values }));
}

/** The audit rows about one subject, oldest first. */
export function auditRowsFor(app: FastifyInstance, subjectId: string) {
  return app.db.selectFrom('audit_log').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();
}

export async function projectIdOf(app: FastifyInstance, slug: string): Promise<number> {
  return (await app.db.selectFrom('projects').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** Removes projects a test made, so the shared database holds only the shipped ones for other test files. */
export async function removeProjects(app: FastifyInstance, ids: number[]): Promise<void> {
  if (ids.length > 0) await app.db.deleteFrom('projects').where('id', 'in', ids).execute();
}
