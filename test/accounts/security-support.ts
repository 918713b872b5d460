import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { csrfFrom, encodeForm } from '../helpers/app.ts';

/** What the portal put in the outbox for an address (the tests read mail from the table), oldest first. */
export function mailsTo(app: FastifyInstance, address: string) {
  return app.db.selectFrom('mail_outbox').select(['kind', 'subject', 'body_text']).where('recipient', '=', address).orderBy('id').execute();
}

/** The token of the first link to `path` in a mail text. */
export function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${path.replace(/[/?]/g, '\\$&')}\\?token=([\\w-]{43})`).exec(text);
  if (!match) throw new Error(`No ${path} link in: ${text}`);
  return match[1]!;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Sends a form from a page: GET the page for its token, POST the values. */
export async function submitFrom(agent: Agent, pagePath: string, action: string, values: Record<string, string | undefined> = {}) {
  const page = await agent.get(pagePath);
  if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
  return agent
    .post(action)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...values }));
}

/** The audit rows of one action about one subject. */
export function auditRows(app: FastifyInstance, action: string, subjectId: string) {
  return app.db
    .selectFrom('audit_log')
    .select(['actor_id', 'actor_role', 'detail'])
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .execute();
}

/** The <main> of a page, tags dropped and whitespace folded: what a person reads. */
export function mainText(html: string): string {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  const main = start >= 0 && end > start ? html.slice(html.indexOf('>', start) + 1, end) : html;
  return main
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
