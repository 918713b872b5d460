import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { expect } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { agentFor, csrfFrom, encodeForm, unique } from './app.ts';
import { loginAs, PASSWORD } from './factories.ts';

/** An admin account (admins are never invited or registered: made by hand, as here). */
export async function createAdmin(app: FastifyInstance): Promise<{ email: string; accountId: string }> {
  const email = `${unique('admin')}@example.org`;
  const accountId = await insertAccount(app.db, { email, passwordHash: await hashPassword(PASSWORD), role: 'admin', employerId: null });
  if (!accountId) throw new Error('Could not create the admin');
  return { email, accountId };
}

export async function loginAsAdmin(app: FastifyInstance): Promise<Agent> {
  return loginAs(app, (await createAdmin(app)).email);
}

let addressCounter = 0;
/**
 * A fresh client address for a visitor. The app under test trusts X-Forwarded-For,
 * so each test has its own per-address rate-limit count.
 */
export function freshAddress(): string {
  addressCounter += 1;
  return `10.${process.pid % 250}.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/** A browser-like visitor with cookies and its own client address. */
export function visitor(app: FastifyInstance, address = freshAddress()): Agent {
  return agentFor(app).set('x-forwarded-for', address);
}

/** Invites through the admin's form; returns the one-time link's path as the page shows it. */
export async function inviteThroughForm(admin: Agent, values: { email?: string; role?: string; project?: string } = {}) {
  const email = values.email ?? `${unique('invitee')}@example.org`;
  const page = await admin.get('/admin/invitations');
  const response = await admin
    .post('/admin/invitations')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), email, role: values.role ?? 'mentor', project: values.project ?? 'aul-dresden' }));
  expect(response.status, response.text.slice(0, 300)).toBe(201);
  const match = /value="https?:\/\/[^"/]+(\/invitations\/([A-Za-z0-9_-]{43}))"/.exec(response.text);
  if (!match) throw new Error('The page shows no invitation link');
  return { email, path: match[1]!, token: match[2]!, page: response };
}

/** A random token of the right shape that no invitation has. */
export function unknownToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The text of the element with this id, tags stripped. */
export function elementText(html: string, id: string): string {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match
    ? match[2]!
        .replace(/<[^<>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
}

/** The opening <input> tag of a field. */
export function inputTag(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html);
  if (!match) throw new Error(`No input named ${name}`);
  return match[0];
}

export function pageTitle(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
}

/** The page's main content, without the layout around it. */
export function mainOf(html: string): string {
  return /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
}
