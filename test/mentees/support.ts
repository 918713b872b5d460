import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { expect } from 'vitest';
import { csrfFrom, encodeForm } from '../helpers/app.ts';

/** The id of a project that the reference data always holds. */
export async function projectIdOf(app: FastifyInstance, slug: string): Promise<number> {
  return (await app.db.selectFrom('projects').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

export { mentorOf, mentorWithoutProject } from '../helpers/factories.ts';

export const LAGER = 'Fachkraft für Lagerlogistik (51312)';
export const VERKAUF = 'Verkäuferin / Verkäufer (62102)';

/** A complete, valid profile as the browser sends the form (unchecked boxes are left out). */
export function menteeForm(overrides: Record<string, string | string[] | undefined> = {}): Record<string, string | string[] | undefined> {
  return {
    gender: 'f',
    ageBand: '25to34',
    germanLevel: 'B1',
    otherLanguages: 'Arabisch, Englisch',
    schooling: 'secondary',
    qualification: 'foreign_unrecognised',
    experienceOccupation: [LAGER, '', ''],
    experienceYears: ['2', '', ''],
    desiredOccupations: [LAGER, VERKAUF, ''],
    desiredKinds: ['job'],
    workingTime: 'full',
    homeTown: 'Dresden',
    travelKm: '25',
    drivingLicence: 'on',
    workPermit: 'yes',
    consent: 'on',
    locale: 'de',
    notes: 'Kurs 2019-2021, 3 Kinder',
    ...overrides,
  };
}

/** Opens the new-profile form and sends it back filled in. */
export async function submitNewMentee(agent: Agent, overrides: Record<string, string | string[] | undefined> = {}) {
  const form = await agent.get('/mentor/mentees/new');
  expect(form.status).toBe(200);
  return agent
    .post('/mentor/mentees')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), ...menteeForm(overrides) }));
}

/** Where saving a new profile leads: its matches, with the notice that it is saved (issue 13). */
const MENTEE_URL = /^\/mentor\/mentees\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/matches\?saved=created$/;

/** Creates a profile through the form; returns its id. */
export async function createThroughForm(agent: Agent, overrides: Record<string, string | string[] | undefined> = {}): Promise<string> {
  const response = await submitNewMentee(agent, overrides);
  expect(response.status, response.text.slice(0, 2000)).toBe(303);
  const match = MENTEE_URL.exec(String(response.headers.location));
  expect(match, String(response.headers.location)).not.toBeNull();
  return match![1]!;
}

/** Sends the profile's own edit page's form back with changes, to the address the form names. */
export async function submitEdit(agent: Agent, id: string, overrides: Record<string, string | string[] | undefined> = {}) {
  const page = await agent.get(`/mentor/mentees/${id}/edit`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(`<form method="post" action="/mentor/mentees/${id}/edit" novalidate>`);
  return agent
    .post(`/mentor/mentees/${id}/edit`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...menteeForm(overrides) }));
}

/** A CSRF token for this agent's session, taken from a page it may see. */
export async function tokenFor(agent: Agent, path = '/'): Promise<string> {
  return csrfFrom((await agent.get(path)).text);
}

export function menteeRow(app: FastifyInstance, id: string) {
  return app.db.selectFrom('mentees').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function countMenteesOf(app: FastifyInstance, accountId: string): Promise<number> {
  const row = await app.db
    .selectFrom('mentees')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('mentor_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- reading the HTML a browser gets -----------------------------------------------------------

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};
export const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => ENTITIES[entity]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function pageTitle(html: string): string {
  return decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
}

/** The page's main content, without the layout around it. */
export function mainOf(html: string): string {
  return /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
}

/** The form controls' names inside the main content (inputs, selects, textareas), hidden ones left out. */
export function controlNames(html: string): Set<string> {
  const names = new Set<string>();
  for (const tag of mainOf(html).match(/<(?:input|select|textarea)\b[^>]*>/g) ?? []) {
    if (/\stype="hidden"/.test(tag)) continue;
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (name) names.add(name);
  }
  return names;
}

/** The opening tags <tag …> whose attribute `name` has this value. */
export function tagsNamed(html: string, tag: string, name: string): string[] {
  return html.match(new RegExp(`<${tag}\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>`, 'g')) ?? [];
}

export function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

/** The values of every <input name=…> of this name, in page order. */
export function inputValues(html: string, name: string): string[] {
  return tagsNamed(html, 'input', name).map((tag) => attribute(tag, 'value') ?? '');
}

/** Radio buttons or checkboxes of one name: their values, and which are checked. */
export function choices(html: string, name: string) {
  const tags = tagsNamed(html, 'input', name);
  return {
    values: tags.map((tag) => attribute(tag, 'value')),
    checked: tags.filter((tag) => /\schecked(?=[\s>])/.test(tag)).map((tag) => attribute(tag, 'value')),
    types: [...new Set(tags.map((tag) => attribute(tag, 'type')))],
  };
}

/** A <select>'s option values and the selected one. */
export function selectOf(html: string, name: string) {
  const match = new RegExp(`<select\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!match) throw new Error(`No select named ${name}`);
  const options = match[1]!.match(/<option\b[^>]*>/g) ?? [];
  return {
    values: options.map((tag) => attribute(tag, 'value') ?? ''),
    selected: options.filter((tag) => /\sselected(?=[\s>])/.test(tag)).map((tag) => attribute(tag, 'value') ?? ''),
  };
}

export function textareaValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<textarea\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match ? decode(match[1]!) : undefined;
}

/** The options of a <datalist>. */
export function datalist(html: string, id: string): string[] {
  const match = new RegExp(`<datalist id="${escapeRegExp(id)}">([\\s\\S]*?)</datalist>`).exec(html);
  if (!match) throw new Error(`No datalist ${id}`);
  return (match[1]!.match(/<option\b[^>]*>/g) ?? []).map((tag) => attribute(tag, 'value') ?? '');
}

/** The GOV.UK error summary: each link's target and text. */
export function errorSummaryLinks(html: string): { href: string; text: string }[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: decode(m[1]!), text: decode(m[2]!) }));
}

/** The message shown at a field (its `<name>-error` element), without the hidden "Fehler:" prefix. */
export function fieldError(html: string, name: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${escapeRegExp(name)}-error">([\\s\\S]*?)</p>`).exec(html);
  return match ? decode(match[1]!.replace(/<span class="visually-hidden">[^<]*<\/span>/, '')).trim() : undefined;
}

/** The profile codes linked from the list page. */
export function listedCodes(html: string): string[] {
  return [...mainOf(html).matchAll(/<a href="\/mentor\/mentees\/[0-9a-f-]{36}">(MT-[A-Z0-9]{5})<\/a>/g)].map((m) => m[1]!);
}
