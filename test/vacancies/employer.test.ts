import { MeilisearchApiError } from 'meilisearch';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { useTestApp, agentFor, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy, vacancyForm } from '../helpers/factories.ts';

/*
 * The employer's vacancy pages (server/vacancies/employer-routes.ts) against
 * the real PostgreSQL and Meilisearch: the form, its errors, the draft →
 * published → closed life cycle as Postgres, the index and the public API see
 * it, and that one employer can never reach another's vacancies.
 */

const app = useTestApp();

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
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => ENTITIES[entity]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The opening tags <tag …> whose attribute `name` has this value. */
function tagsNamed(html: string, tag: string, name: string): string[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>`, 'g');
  return html.match(pattern) ?? [];
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

function hasFlag(tag: string, flag: string): boolean {
  return new RegExp(`\\s${flag}(?=[\\s>])`).test(tag);
}

/** The one <input name=…> (text, date, hidden…) on the page. */
function inputNamed(html: string, name: string): string {
  const found = tagsNamed(html, 'input', name);
  expect(found, `exactly one input named ${name}`).toHaveLength(1);
  return found[0]!;
}

function inputValue(html: string, name: string): string | undefined {
  return attribute(inputNamed(html, name), 'value');
}

/** Radio buttons or checkboxes of one name: their values and which are checked. */
function choices(html: string, name: string, type: 'radio' | 'checkbox') {
  const found = tagsNamed(html, 'input', name);
  for (const tag of found) expect(attribute(tag, 'type')).toBe(type);
  return {
    values: found.map((tag) => attribute(tag, 'value')),
    checked: found.filter((tag) => hasFlag(tag, 'checked')).map((tag) => attribute(tag, 'value')),
  };
}

function textareaValue(html: string, name: string): string {
  const match = new RegExp(`<textarea\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  expect(match, `a textarea named ${name}`).not.toBeNull();
  return decode(match![1]!);
}

function selectOptions(html: string, name: string) {
  const match = new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  expect(match, `a select named ${name}`).not.toBeNull();
  const options = match![1]!.match(/<option\b[^>]*>/g) ?? [];
  return {
    values: options.map((tag) => attribute(tag, 'value')),
    selected: options.filter((tag) => hasFlag(tag, 'selected')).map((tag) => attribute(tag, 'value')),
  };
}

/** The element with this id (its opening tag). */
function elementWithId(html: string, id: string): string | undefined {
  return new RegExp(`<[a-z]+\\b[^>]*\\sid="${escapeRegExp(id)}"[^>]*>`).exec(html)?.[0];
}

function textOf(fragment: string): string {
  return decode(fragment.replace(/<[^<>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The message next to a field (id "<field>-error"), without the hidden "Fehler:" prefix. */
function fieldError(html: string, field: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${field}-error">([\\s\\S]*?)</p>`).exec(html);
  return match ? textOf(match[1]!).replace(/^Fehler:\s*/, '') : undefined;
}

function errorSummaryLinks(html: string): { href: string; text: string }[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1]!, text: textOf(m[2]!) }));
}

function pageTitle(html: string): string {
  return textOf(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

// --- data --------------------------------------------------------------------------------------

/** A word no other test uses, letters only (Meilisearch may split letters from digits). */
function uniqueWord(prefix: string): string {
  return prefix + unique('').replace(/\d/g, (d) => 'bcdfghjklm'[Number(d)]!);
}

async function employerIdOf(accountId: string): Promise<string> {
  const row = await app.db.selectFrom('accounts').select('employer_id').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.employer_id!;
}

async function newEmployer(organisation = `Firma ${unique()}`) {
  const { email, accountId } = await createEmployer(app, { organisation });
  return { organisation, employerId: await employerIdOf(accountId), agent: await loginAs(app, email) };
}

async function countVacancies(employerId: string): Promise<number> {
  const row = await app.db
    .selectFrom('vacancies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('employer_id', '=', employerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function vacancyRow(id: string) {
  return app.db.selectFrom('vacancies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The document in the 'vacancies' index, or null when there is none. */
async function indexedDocument(id: string): Promise<Record<string, unknown> | null> {
  try {
    return await app.searchEngine.admin.index('vacancies').getDocument(id);
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'document_not_found') return null;
    throw error;
  }
}

/** The ids the public API finds for a word, from Meilisearch (not the Postgres fallback). */
async function apiSearchIds(agent: Agent, q: string): Promise<string[]> {
  const response = await agent.get('/api/v1/vacancies').query({ q, perPage: '100' });
  expect(response.status).toBe(200);
  expect(response.body.degraded).toBe(false);
  return (response.body.hits as { id: string }[]).map((hit) => hit.id);
}

async function csrfOf(agent: Agent, path = '/employer/vacancies/new'): Promise<string> {
  const page = await agent.get(path);
  expect(page.status).toBe(200);
  return csrfFrom(page.text);
}

async function jsonCsrfOf(agent: Agent): Promise<string> {
  const list = await agent.get('/employer/vacancies').set('Accept', 'application/json');
  expect(list.status).toBe(200);
  expect(typeof list.body.csrfToken).toBe('string');
  return list.body.csrfToken as string;
}

function postForm(agent: Agent, path: string, csrf: string, values: Record<string, string | string[]>) {
  return agent
    .post(path)
    .type('form')
    .send(encodeForm({ _csrf: csrf, ...values }));
}

// --- the form ----------------------------------------------------------------------------------

describe('GET /employer/vacancies/new', () => {
  let html: string;

  beforeAll(async () => {
    const { agent } = await newEmployer();
    const response = await agent.get('/employer/vacancies/new');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    html = response.text;
  });

  it('is titled for a new vacancy, without errors, and posts to the list with a CSRF token', () => {
    expect(pageTitle(html)).toMatch(/^Neue Stelle anlegen/);
    expect(html).not.toContain('error-summary');
    const form = /<form method="post" action="\/employer\/vacancies"[\s\S]*?<\/form>/.exec(html)?.[0];
    expect(form).toBeDefined();
    const csrf = inputNamed(form!, '_csrf');
    expect(attribute(csrf, 'type')).toBe('hidden');
    expect(attribute(csrf, 'value')).toMatch(/^[\w-]{20,}$/);
    expect(html).toContain('Als Entwurf speichern');
  });

  it('offers kind and working time as radios, with sensible defaults checked', () => {
    expect(choices(html, 'kind', 'radio')).toEqual({ values: ['job', 'apprenticeship'], checked: ['job'] });
    expect(choices(html, 'workingTime', 'radio')).toEqual({ values: ['full', 'part', 'either'], checked: ['full'] });
    expect(html).toMatch(/<legend class="legend">Art der Stelle<\/legend>/);
    expect(html).toMatch(/<legend class="legend">Arbeitszeit<\/legend>/);
  });

  it('offers the occupation as a text field with a datalist of "Title (code)"', () => {
    const occupation = inputNamed(html, 'occupation');
    expect(attribute(occupation, 'list')).toBe('occupation-list');
    const datalist = /<datalist id="occupation-list">([\s\S]*?)<\/datalist>/.exec(html)?.[1] ?? '';
    const options = [...datalist.matchAll(/<option value="([^"]*)">/g)].map((m) => decode(m[1]!));
    expect(options.length).toBeGreaterThan(10);
    expect(options.some((o) => o.endsWith('(51312)'))).toBe(true);
    for (const option of options) expect(option).toMatch(/ \(\d{5}\)$/);
  });

  it('has every text, date and number field of docs/design.md §8, each with its label', () => {
    const fields: [string, string, string][] = [
      ['occupation', 'text', 'Beruf'],
      ['title', 'text', 'Titel der Stelle'],
      ['town', 'text', 'Ort'],
      ['postcode', 'text', 'Postleitzahl'],
      ['startDate', 'date', 'Beginn'],
      ['durationMonths', 'text', 'Dauer der Ausbildung in Monaten'],
      ['expiresAt', 'date', 'Anzeige läuft ab am'],
    ];
    for (const [name, type, label] of fields) {
      const input = inputNamed(html, name);
      expect(attribute(input, 'type'), name).toBe(type);
      expect(attribute(input, 'id'), name).toBe(name);
      expect(html, name).toContain(`<label class="label" for="${name}">${label}</label>`);
    }
    expect(attribute(inputNamed(html, 'town'), 'list')).toBe('vacancy-towns');
    expect(html).toMatch(/<datalist id="vacancy-towns">[\s\S]*<option value="Dresden">/);
    for (const [name, label] of [
      ['summary', 'Kurzbeschreibung in einfacher Sprache'],
      ['description', 'Beschreibung'],
    ] as const) {
      expect(textareaValue(html, name)).toBe('');
      expect(html).toContain(`<label class="label" for="${name}">${label}</label>`);
    }
  });

  it('offers German level and qualification as selects with every allowed value', () => {
    expect(selectOptions(html, 'germanLevel')).toEqual({ values: ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'], selected: ['B1'] });
    expect(selectOptions(html, 'qualification')).toEqual({ values: ['none', 'vocational', 'academic'], selected: ['none'] });
  });

  it('offers the yes/no questions and the support list as checkboxes, none ticked', () => {
    for (const name of ['partTimeTraining', 'drivingLicence', 'shiftWork']) {
      expect(choices(html, name, 'checkbox'), name).toEqual({ values: ['on'], checked: [] });
    }
    expect(choices(html, 'support', 'checkbox')).toEqual({
      values: ['language_course', 'workplace_mentor', 'family_hours', 'recognition_help', 'accommodation', 'trains_without_qualification'],
      checked: [],
    });
    expect(html).toContain('<label class="checkbox__label" for="support-language_course">Deutschkurs im Betrieb</label>');
  });
});

// --- bad input ---------------------------------------------------------------------------------

const MESSAGES = {
  occupationUnknown: 'Diesen Beruf kennen wir nicht. Wählen Sie einen Beruf aus der Liste',
  title: 'Geben Sie einen Titel mit mindestens 3 Zeichen ein',
  summary: 'Geben Sie eine Kurzbeschreibung mit mindestens 10 Zeichen ein',
  townUnknown: 'Diesen Ort kennen wir nicht. Wählen Sie einen Ort aus der Liste',
  postcode: 'Geben Sie eine Postleitzahl mit fünf Ziffern ein, zum Beispiel 01067',
  startDate: 'Geben Sie ein gültiges Datum für den Beginn ein',
  durationMonths: 'Geben Sie die Dauer der Ausbildung in Monaten ein, zwischen 6 und 48',
  expiresPast: 'Das Ablaufdatum darf nicht in der Vergangenheit liegen',
};

describe('POST /employer/vacancies with bad input', () => {
  const description = `Lager & Versand "Nord" <sofort> – wir suchen ${unique()} für unser Team in Sachsen.`;
  const badForm = vacancyForm({
    kind: 'apprenticeship',
    occupation: 'Astronaut',
    title: '',
    summary: 'ab',
    description,
    town: 'Atlantis',
    postcode: '12ab',
    workingTime: 'part',
    partTimeTraining: 'on',
    startDate: '2027-02-30',
    durationMonths: '',
    germanLevel: 'B2',
    qualification: 'vocational',
    drivingLicence: 'on',
    support: ['language_course', 'accommodation'],
    expiresAt: '2020-01-01',
  });
  let employer: Awaited<ReturnType<typeof newEmployer>>;
  let html: string;
  let before: number;

  beforeAll(async () => {
    employer = await newEmployer();
    before = await countVacancies(employer.employerId);
    const response = await postForm(employer.agent, '/employer/vacancies', await csrfOf(employer.agent), badForm);
    expect(response.status).toBe(422);
    html = response.text;
  });

  it('answers 422 with a title that starts with "Fehler:" and writes nothing', async () => {
    expect(pageTitle(html)).toMatch(/^Fehler: Neue Stelle anlegen/);
    expect(await countVacancies(employer.employerId)).toBe(before);
  });

  it('lists every failing field in the error summary, in form order, linking to the field', () => {
    expect(html).toContain('Es gibt ein Problem');
    expect(errorSummaryLinks(html)).toEqual([
      { href: '#occupation', text: MESSAGES.occupationUnknown },
      { href: '#title', text: MESSAGES.title },
      { href: '#summary', text: MESSAGES.summary },
      { href: '#town', text: MESSAGES.townUnknown },
      { href: '#postcode', text: MESSAGES.postcode },
      { href: '#startDate', text: MESSAGES.startDate },
      { href: '#durationMonths', text: MESSAGES.durationMonths },
      { href: '#expiresAt', text: MESSAGES.expiresPast },
    ]);
    for (const { href } of errorSummaryLinks(html)) expect(elementWithId(html, href.slice(1)), href).toBeDefined();
  });

  it('shows each message next to its field, tied to the input by aria-describedby', () => {
    const expected: Record<string, string> = {
      occupation: MESSAGES.occupationUnknown,
      title: MESSAGES.title,
      summary: MESSAGES.summary,
      town: MESSAGES.townUnknown,
      postcode: MESSAGES.postcode,
      startDate: MESSAGES.startDate,
      durationMonths: MESSAGES.durationMonths,
      expiresAt: MESSAGES.expiresPast,
    };
    for (const [field, message] of Object.entries(expected)) {
      expect(fieldError(html, field), field).toBe(message);
      const control = elementWithId(html, field)!;
      expect(attribute(control, 'aria-describedby')?.split(' '), field).toContain(`${field}-error`);
      expect(attribute(control, 'aria-invalid'), field).toBe('true');
    }
    for (const field of ['kind', 'description', 'workingTime', 'germanLevel', 'qualification', 'support']) {
      expect(fieldError(html, field), field).toBeUndefined();
    }
  });

  it('keeps every value typed, chosen and ticked', () => {
    expect(inputValue(html, 'occupation')).toBe('Astronaut');
    expect(inputValue(html, 'title')).toBe('');
    expect(textareaValue(html, 'summary')).toBe('ab');
    expect(textareaValue(html, 'description')).toBe(description);
    expect(inputValue(html, 'town')).toBe('Atlantis');
    expect(inputValue(html, 'postcode')).toBe('12ab');
    expect(inputValue(html, 'startDate')).toBe('2027-02-30');
    expect(inputValue(html, 'durationMonths')).toBe('');
    expect(inputValue(html, 'expiresAt')).toBe('2020-01-01');
    expect(choices(html, 'kind', 'radio').checked).toEqual(['apprenticeship']);
    expect(choices(html, 'workingTime', 'radio').checked).toEqual(['part']);
    expect(choices(html, 'partTimeTraining', 'checkbox').checked).toEqual(['on']);
    expect(choices(html, 'drivingLicence', 'checkbox').checked).toEqual(['on']);
    expect(choices(html, 'shiftWork', 'checkbox').checked).toEqual([]);
    expect(choices(html, 'support', 'checkbox').checked).toEqual(['language_course', 'accommodation']);
    expect(selectOptions(html, 'germanLevel').selected).toEqual(['B2']);
    expect(selectOptions(html, 'qualification').selected).toEqual(['vocational']);
  });

  it('escapes what was typed instead of letting it into the markup', () => {
    expect(html).not.toContain('<sofort>');
    expect(html).toContain('&lt;sofort&gt;');
  });

  it('keeps a single ticked support option (sent as one value, not a list)', async () => {
    const response = await postForm(
      employer.agent,
      '/employer/vacancies',
      await csrfOf(employer.agent),
      vacancyForm({ title: 'x', support: ['family_hours'] }),
    );
    expect(response.status).toBe(422);
    expect(errorSummaryLinks(response.text)).toEqual([{ href: '#title', text: MESSAGES.title }]);
    expect(choices(response.text, 'support', 'checkbox').checked).toEqual(['family_hours']);
    expect(await countVacancies(employer.employerId)).toBe(before);
  });

  it('names a blank occupation and town with their own messages', async () => {
    const response = await postForm(
      employer.agent,
      '/employer/vacancies',
      await csrfOf(employer.agent),
      vacancyForm({ occupation: ' ', town: '' }),
    );
    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'occupation')).toBe('Wählen Sie einen Beruf aus der Liste');
    expect(fieldError(response.text, 'town')).toBe('Geben Sie den Ort der Stelle ein');
  });

  it('refuses a post without the CSRF token and writes nothing', async () => {
    const response = await employer.agent.post('/employer/vacancies').type('form').send(encodeForm(vacancyForm()));
    expect(response.status).toBe(403);
    expect(await countVacancies(employer.employerId)).toBe(before);
  });

  it('answers JSON clients with 422 and the messages by field', async () => {
    const token = await jsonCsrfOf(employer.agent);
    const response = await employer.agent
      .post('/employer/vacancies')
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ ...vacancyForm(), title: '', occupation: 'Astronaut', drivingLicence: true, support: ['language_course'] });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({
      error: {
        code: 'validation',
        message: 'Bitte prüfen Sie Ihre Eingaben.',
        fields: { title: MESSAGES.title, occupation: MESSAGES.occupationUnknown },
      },
    });
    expect(await countVacancies(employer.employerId)).toBe(before);
  });

  it('answers JSON clients with a field error for a support option not on the list', async () => {
    const response = await employer.agent
      .post('/employer/vacancies')
      .set('Accept', 'application/json')
      .set('x-csrf-token', await jsonCsrfOf(employer.agent))
      .send({ ...vacancyForm(), support: ['free_lunch'] });
    expect(response.status).toBe(422);
    expect(response.body.error.fields).toEqual({ support: 'Wählen Sie nur Unterstützung aus der Liste' });
    expect(await countVacancies(employer.employerId)).toBe(before);
  });
});

// --- the life cycle ----------------------------------------------------------------------------

describe('a vacancy from draft to published to closed', () => {
  const firstWord = uniqueWord('zebra');
  const secondWord = uniqueWord('quokka');
  let employer: Awaited<ReturnType<typeof newEmployer>>;
  let id: string;

  beforeAll(async () => {
    employer = await newEmployer();
  });

  it('creates a draft with the resolved occupation and place, and redirects to it', async () => {
    const before = await countVacancies(employer.employerId);
    const response = await postForm(
      employer.agent,
      '/employer/vacancies',
      await csrfOf(employer.agent),
      vacancyForm({
        title: `  Lagerhelfer ${firstWord} (m/w/d) `,
        drivingLicence: 'on',
        support: ['language_course', 'workplace_mentor'],
        durationMonths: '24',
      }),
    );
    expect(response.status).toBe(303);
    const match = /^\/employer\/vacancies\/([0-9a-f-]{36})\?saved=created$/.exec(response.headers.location as string);
    expect(match, response.headers.location as string).not.toBeNull();
    id = match![1]!;
    expect(await countVacancies(employer.employerId)).toBe(before + 1);

    const row = await vacancyRow(id);
    expect(row).toMatchObject({
      employer_id: employer.employerId,
      status: 'draft',
      kind: 'job',
      occupation_code: '51312',
      title: `Lagerhelfer ${firstWord} (m/w/d)`,
      town: 'Dresden',
      postcode: '01067',
      working_time: 'full',
      part_time_training: false,
      start_date: '2027-01-15',
      duration_months: null,
      german_level: 'A2',
      qualification: 'none',
      driving_licence: true,
      shift_work: false,
      support: ['language_course', 'workplace_mentor'],
      expires_at: null,
      published_at: null,
      closed_at: null,
    });
    expect(row.lat).toBeCloseTo(51.05, 1);
    expect(row.lng).toBeCloseTo(13.74, 1);
    expect(row.place_id).toEqual(expect.any(Number));
  });

  it('shows the saved draft on its page, with the values stored', async () => {
    const page = await employer.agent.get(`/employer/vacancies/${id}?saved=created`);
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toMatch(/^Stelle bearbeiten/);
    expect(page.text).toContain('Die Stelle ist als Entwurf gespeichert.');
    expect(page.text).toContain('<span class="status status--draft">Entwurf</span>');
    expect(page.text).toMatch(new RegExp(`<form method="post" action="/employer/vacancies/${id}"`));
    expect(inputValue(page.text, 'title')).toBe(`Lagerhelfer ${firstWord} (m/w/d)`);
    expect(inputValue(page.text, 'occupation')).toMatch(/\(51312\)$/);
    expect(inputValue(page.text, 'postcode')).toBe('01067');
    expect(inputValue(page.text, 'startDate')).toBe('2027-01-15');
    expect(choices(page.text, 'drivingLicence', 'checkbox').checked).toEqual(['on']);
    expect(choices(page.text, 'support', 'checkbox').checked).toEqual(['language_course', 'workplace_mentor']);
    expect(selectOptions(page.text, 'germanLevel').selected).toEqual(['A2']);
  });

  it('keeps the draft out of the index and the public API', async () => {
    await flushOutbox(app);
    expect(await indexedDocument(id)).toBeNull();
    expect(await apiSearchIds(employer.agent, firstWord)).not.toContain(id);
    expect((await employer.agent.get(`/api/v1/vacancies/${id}`)).status).toBe(404);
    expect((await employer.agent.get(`/vacancies/${id}`)).status).toBe(404);
  });

  it('publishes: status and published_at in Postgres, then the document in the index and the API', async () => {
    const versionBefore = (await vacancyRow(id)).version;
    const response = await postForm(
      employer.agent,
      `/employer/vacancies/${id}/publish`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      {},
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/employer/vacancies/${id}?saved=published`);

    const row = await vacancyRow(id);
    expect(row.status).toBe('published');
    expect(row.published_at).toBeInstanceOf(Date);
    expect(Math.abs(row.published_at!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.version).toBe(versionBefore + 1);

    await flushOutbox(app);
    expect(await indexedDocument(id)).toMatchObject({
      id,
      title: `Lagerhelfer ${firstWord} (m/w/d)`,
      kind: 'job',
      occupationCode: '51312',
      employerName: employer.organisation,
      town: 'Dresden',
      postcode: '01067',
      support: ['language_course', 'workplace_mentor'],
      version: row.version,
    });
    expect(await apiSearchIds(employer.agent, firstWord)).toEqual([id]);
    const one = await employer.agent.get(`/api/v1/vacancies/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id,
      title: `Lagerhelfer ${firstWord} (m/w/d)`,
      employer: { name: employer.organisation },
      occupation: { code: '51312' },
    });
    const publicPage = await employer.agent.get(`/vacancies/${id}`);
    expect(publicPage.status).toBe(200);
    expect(publicPage.text).toContain(firstWord);
  });

  it('refuses to publish twice with 409, as a page and as JSON', async () => {
    const versionBefore = (await vacancyRow(id)).version;
    const page = await postForm(
      employer.agent,
      `/employer/vacancies/${id}/publish`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      {},
    );
    expect(page.status).toBe(409);
    expect(page.text).toContain('Diese Stelle ist schon veröffentlicht');
    const json = await employer.agent
      .post(`/employer/vacancies/${id}/publish`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', await jsonCsrfOf(employer.agent))
      .send({});
    expect(json.status).toBe(409);
    expect(json.body.error).toMatchObject({ code: 'conflict', message: 'Diese Stelle ist schon veröffentlicht' });
    expect((await vacancyRow(id)).version).toBe(versionBefore);
  });

  it('edits: the new title in Postgres with a higher version, then in the index and the API', async () => {
    const before = await vacancyRow(id);
    const response = await postForm(
      employer.agent,
      `/employer/vacancies/${id}`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      vacancyForm({ title: `Staplerfahrer ${secondWord}`, drivingLicence: 'on', support: ['language_course', 'workplace_mentor'] }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/employer/vacancies/${id}?saved=updated`);

    const row = await vacancyRow(id);
    expect(row.title).toBe(`Staplerfahrer ${secondWord}`);
    expect(row.version).toBe(before.version + 1);
    expect(row.status).toBe('published');
    expect(row.published_at).toEqual(before.published_at);

    await flushOutbox(app);
    expect(await indexedDocument(id)).toMatchObject({ id, title: `Staplerfahrer ${secondWord}`, version: row.version });
    expect(await apiSearchIds(employer.agent, secondWord)).toEqual([id]);
    expect(await apiSearchIds(employer.agent, firstWord)).not.toContain(id);
  });

  it('keeps the stored vacancy when an edit is invalid, and shows the errors on the edit page', async () => {
    const before = await vacancyRow(id);
    const response = await postForm(
      employer.agent,
      `/employer/vacancies/${id}`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      vacancyForm({ title: 'ab', town: 'Atlantis' }),
    );
    expect(response.status).toBe(422);
    expect(pageTitle(response.text)).toMatch(/^Fehler: Stelle bearbeiten/);
    expect(errorSummaryLinks(response.text).map((link) => link.href)).toEqual(['#title', '#town']);
    expect(inputValue(response.text, 'title')).toBe('ab');
    expect(response.text).toMatch(new RegExp(`<form method="post" action="/employer/vacancies/${id}"`));
    const after = await vacancyRow(id);
    expect(after.title).toBe(before.title);
    expect(after.version).toBe(before.version);
  });

  it('closes: gone from the index, the API and the public page', async () => {
    const response = await postForm(
      employer.agent,
      `/employer/vacancies/${id}/close`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      {},
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/employer/vacancies/${id}?saved=closed`);
    const row = await vacancyRow(id);
    expect(row.status).toBe('closed');
    expect(row.closed_at).toBeInstanceOf(Date);

    await flushOutbox(app);
    expect(await indexedDocument(id)).toBeNull();
    expect(await apiSearchIds(employer.agent, secondWord)).not.toContain(id);
    expect((await employer.agent.get(`/api/v1/vacancies/${id}`)).status).toBe(404);
    const publicPage = await employer.agent.get(`/vacancies/${id}`);
    expect(publicPage.status).toBe(410);
    expect(publicPage.text).not.toContain(secondWord);

    const closeAgain = await postForm(
      employer.agent,
      `/employer/vacancies/${id}/close`,
      await csrfOf(employer.agent, `/employer/vacancies/${id}`),
      {},
    );
    expect(closeAgain.status).toBe(409);
    expect(closeAgain.text).toContain('Diese Stelle ist schon geschlossen');
  });

  it('creates an apprenticeship through JSON, with its duration and real booleans', async () => {
    const response = await employer.agent
      .post('/employer/vacancies')
      .set('Accept', 'application/json')
      .set('x-csrf-token', await jsonCsrfOf(employer.agent))
      .send({
        ...vacancyForm({ kind: 'apprenticeship' }),
        durationMonths: 36,
        shiftWork: true,
        partTimeTraining: false,
        support: [],
        postcode: '01069',
      });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), url: `/employer/vacancies/${response.body.id}` });
    expect(await vacancyRow(response.body.id as string)).toMatchObject({
      employer_id: employer.employerId,
      status: 'draft',
      kind: 'apprenticeship',
      duration_months: 36,
      shift_work: true,
      part_time_training: false,
      driving_licence: false,
      support: [],
      town: 'Dresden',
      postcode: '01069',
    });
    const view = await employer.agent.get(`/employer/vacancies/${response.body.id}`).set('Accept', 'application/json');
    expect(view.status).toBe(200);
    expect(view.body.vacancy).toMatchObject({
      id: response.body.id,
      kind: 'apprenticeship',
      occupation: '51312',
      durationMonths: 36,
      shiftWork: true,
      status: 'draft',
    });
  });
});

// --- ownership ---------------------------------------------------------------------------------

describe("another employer's vacancies", () => {
  let owner: Awaited<ReturnType<typeof newEmployer>>;
  let intruder: Awaited<ReturnType<typeof newEmployer>>;
  let draftId: string;
  let publishedId: string;
  const title = `Kommissionierer ${uniqueWord('wombat')}`;

  beforeAll(async () => {
    owner = await newEmployer();
    intruder = await newEmployer();
    draftId = await postVacancy(owner.agent, { title }, false);
    publishedId = await postVacancy(owner.agent, { title: `${title} veröffentlicht` }, true);
  });

  it('are not found (404, not 403) on the edit page, as HTML and JSON', async () => {
    for (const id of [draftId, publishedId]) {
      const page = await intruder.agent.get(`/employer/vacancies/${id}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(title);
      const json = await intruder.agent.get(`/employer/vacancies/${id}`).set('Accept', 'application/json');
      expect(json.status).toBe(404);
      expect(json.body.error.code).toBe('not_found');
    }
    expect((await owner.agent.get(`/employer/vacancies/${draftId}`)).status).toBe(200);
  });

  it('cannot be edited, and the row stays as it was', async () => {
    const before = await vacancyRow(draftId);
    const csrf = await csrfOf(intruder.agent);
    const valid = await postForm(intruder.agent, `/employer/vacancies/${draftId}`, csrf, vacancyForm({ title: 'Übernommen' }));
    expect(valid.status).toBe(404);
    const invalid = await postForm(intruder.agent, `/employer/vacancies/${draftId}`, csrf, vacancyForm({ title: '' }));
    expect(invalid.status).toBe(404);
    expect(await vacancyRow(draftId)).toEqual(before);
  });

  it('cannot be published or closed', async () => {
    const csrf = await csrfOf(intruder.agent);
    expect((await postForm(intruder.agent, `/employer/vacancies/${draftId}/publish`, csrf, {})).status).toBe(404);
    expect((await postForm(intruder.agent, `/employer/vacancies/${publishedId}/close`, csrf, {})).status).toBe(404);
    expect((await postForm(intruder.agent, `/employer/vacancies/${draftId}/close`, csrf, {})).status).toBe(404);
    expect((await vacancyRow(draftId)).status).toBe('draft');
    expect((await vacancyRow(publishedId)).status).toBe('published');
  });

  it("are not in the other employer's list, only in the owner's", async () => {
    const intruderList = await intruder.agent.get('/employer/vacancies').set('Accept', 'application/json');
    expect(intruderList.status).toBe(200);
    const intruderIds = (intruderList.body.vacancies as { id: string }[]).map((v) => v.id);
    expect(intruderIds).not.toContain(draftId);
    expect(intruderIds).not.toContain(publishedId);
    const intruderPage = await intruder.agent.get('/employer/vacancies');
    expect(intruderPage.status).toBe(200);
    expect(intruderPage.text).not.toContain(title);
    expect(intruderPage.text).toContain('Sie haben noch keine Stellen angelegt.');

    const ownerList = await owner.agent.get('/employer/vacancies').set('Accept', 'application/json');
    expect((ownerList.body.vacancies as { id: string }[]).map((v) => v.id).sort()).toEqual([draftId, publishedId].sort());
    const ownerPage = await owner.agent.get('/employer/vacancies');
    expect(ownerPage.text).toContain(`href="/employer/vacancies/${draftId}"`);
    expect(ownerPage.text).toContain(title);
  });

  it('answers a malformed or unknown id with 404, never 500', async () => {
    const csrf = await csrfOf(intruder.agent);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', `${draftId}x`, "1' OR '1'='1"]) {
      const path = `/employer/vacancies/${encodeURIComponent(id)}`;
      expect((await owner.agent.get(path)).status, `GET ${id}`).toBe(404);
      expect((await owner.agent.get(path).set('Accept', 'application/json')).body.error?.code, `GET ${id} JSON`).toBe('not_found');
      expect((await postForm(intruder.agent, path, csrf, vacancyForm())).status, `POST ${id}`).toBe(404);
      expect((await postForm(intruder.agent, `${path}/publish`, csrf, {})).status, `publish ${id}`).toBe(404);
      expect((await postForm(intruder.agent, `${path}/close`, csrf, {})).status, `close ${id}`).toBe(404);
    }
  });
});

// --- who may use the pages ---------------------------------------------------------------------

describe('accounts that are not employers', () => {
  it('a mentor gets 403 on the employer pages', async () => {
    const email = `${unique('mentor')}@example.org`;
    const password = 'mentor-password-2026';
    const accountId = await insertAccount(app.db, { email, passwordHash: await hashPassword(password), role: 'mentor', employerId: null });
    expect(accountId).not.toBeNull();
    const mentor = await loginAs(app, email, password);

    const page = await mentor.get('/employer/vacancies');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Mit Ihrem Konto können Sie diese Seite nicht öffnen.');
    expect((await mentor.get('/employer/vacancies/new')).status).toBe(403);
    const json = await mentor.get('/employer/vacancies').set('Accept', 'application/json');
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('forbidden');

    const csrf = csrfFrom((await mentor.get('/vacancies')).text);
    const post = await postForm(mentor, '/employer/vacancies', csrf, vacancyForm({ title: `Mentor ${unique()}` }));
    expect(post.status).toBe(403);
    expect(post.text).toContain('Mit Ihrem Konto können Sie diese Seite nicht öffnen.');
  });

  it('a visitor without a session is sent to log in (JSON: 401)', async () => {
    const visitor = agentFor(app);
    const page = await visitor.get('/employer/vacancies/new');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/employer/vacancies/new')}`);
    const json = await visitor.get('/employer/vacancies').set('Accept', 'application/json');
    expect(json.status).toBe(401);
    expect(json.body.error.code).toBe('unauthenticated');
  });
});
