import { randomInt } from 'node:crypto';
import { MeilisearchApiError } from 'meilisearch';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, csrfFrom, encodeForm, flushOutbox } from '../helpers/app.ts';
import {
  choices,
  controlNames,
  countMenteesOf,
  createThroughForm,
  datalist,
  errorSummaryLinks,
  fieldError,
  inputValues,
  LAGER,
  listedCodes,
  mainOf,
  menteeRow,
  mentorOf,
  pageTitle,
  projectIdOf,
  selectOf,
  submitEdit,
  submitNewMentee,
  tagsNamed,
  textareaValue,
  tokenFor,
  VERKAUF,
} from './support.ts';

/*
 * The mentor's mentee profiles (server/mentees/*, views/mentees/*) against the
 * real PostgreSQL and Meilisearch: the pseudonymous form and what it refuses,
 * the profile row, the recorded consent, the private `mentees` index, the JSON
 * face of the same routes, and the list's filters. The project boundary is in
 * boundary.test.ts.
 */

const app = useTestApp();
let projectId: number;
let mentor: { agent: Agent; accountId: string };

beforeAll(async () => {
  projectId = await projectIdOf(app, 'aul-dresden');
  mentor = await mentorOf(app, projectId);
});

const menteeIndex = () => app.searchEngine.admin.index('mentees');

/** A word no other test writes, made of letters only (digits could look like a phone number to the notes check). */
function marker(): string {
  return `Notiz${Array.from({ length: 12 }, () => 'abcdefghijklmnopqrstuvwxyz'[randomInt(26)]).join('')}`;
}

async function indexed(id: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await menteeIndex().getDocument(id)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'document_not_found') return undefined;
    throw error;
  }
}

describe('the new-profile form', () => {
  it('asks for every profile field and nothing that identifies the person', async () => {
    const page = await mentor.agent.get('/mentor/mentees/new');
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toMatch(/^Neues Mentee-Profil – /);
    const html = page.text;

    expect(controlNames(html)).toEqual(
      new Set([
        'gender',
        'ageBand',
        'germanLevel',
        'germanCourseLevel',
        'germanCourseEnd',
        'otherLanguages',
        'schooling',
        'qualification',
        'academic',
        'experienceOccupation',
        'experienceYears',
        'desiredOccupations',
        'desiredKinds',
        'workingTime',
        'homeTown',
        'travelKm',
        'drivingLicence',
        'workPermit',
        'consent',
        'locale',
        'notes',
      ]),
    );
    for (const name of controlNames(html)) {
      expect(name).not.toMatch(/name|mail|phone|tel|birth|geburt|address|adress|street|stra(ss|ß)e|postcode|plz|national|staat/i);
    }
    expect(mainOf(html)).not.toMatch(/type="(email|tel|date)"/);

    expect(choices(html, 'gender')).toEqual({ values: ['f', 'm', 'd', 'unspecified'], checked: ['unspecified'], types: ['radio'] });
    expect(selectOf(html, 'ageBand')).toEqual({ values: ['', 'u25', '25to34', '35to44', '45plus'], selected: [] });
    expect(selectOf(html, 'germanLevel')).toEqual({ values: ['', 'none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'], selected: [] });
    expect(selectOf(html, 'schooling')).toEqual({ values: ['', 'none', 'primary', 'secondary', 'higher'], selected: [] });
    expect(selectOf(html, 'qualification')).toEqual({
      values: ['', 'none', 'foreign_unrecognised', 'recognition_pending', 'recognised'],
      selected: [],
    });
    expect(choices(html, 'academic').types).toEqual(['checkbox']);
    // Nothing sought is assumed: the mentor ticks work, an apprenticeship or both.
    expect(choices(html, 'desiredKinds')).toEqual({ values: ['job', 'apprenticeship'], checked: [], types: ['checkbox'] });
    expect(choices(html, 'workingTime')).toEqual({ values: ['full', 'part', 'either'], checked: ['either'], types: ['radio'] });
    expect(choices(html, 'drivingLicence').types).toEqual(['checkbox']);
    expect(choices(html, 'workPermit')).toEqual({
      values: ['yes', 'pending', 'temporary_protection', 'unknown'],
      checked: ['unknown'],
      types: ['radio'],
    });
    expect(choices(html, 'consent')).toEqual({ values: ['on'], checked: [], types: ['checkbox'] });
    expect(choices(html, 'locale')).toEqual({ values: ['de', 'en', 'uk', 'ru', 'ar', 'fa'], checked: ['de'], types: ['radio'] });
    expect(textareaValue(html, 'notes')).toBe('');
    expect(inputValues(html, 'travelKm')).toEqual(['25']);
    expect(inputValues(html, 'homeTown')).toEqual(['']);

    // Three rows of experience and three desired occupations, offered from the occupation list.
    expect(inputValues(html, 'experienceOccupation')).toEqual(['', '', '']);
    expect(inputValues(html, 'experienceYears')).toEqual(['', '', '']);
    expect(inputValues(html, 'desiredOccupations')).toEqual(['', '', '']);
    for (const tag of [...tagsNamed(html, 'input', 'experienceOccupation'), ...tagsNamed(html, 'input', 'desiredOccupations')]) {
      expect(tag).toContain('list="occupation-list"');
    }
    const occupations = datalist(html, 'occupation-list');
    expect(occupations).toContain(LAGER);
    expect(occupations).toContain(VERKAUF);
    for (const option of occupations) expect(option).toMatch(/^\S.* \(\d{5}\)$/);
    expect(datalist(html, 'mentee-towns')).toContain('Dresden');

    // Every field has its German label.
    for (const caption of [
      'Geschlecht',
      'Altersgruppe',
      'Deutschkenntnisse',
      'Weitere Sprachen',
      'Schulbildung',
      'Berufsabschluss',
      'Berufserfahrung',
      'Wunschberuf 1',
      'Wunschberuf 3',
      'Gesucht wird',
      'Arbeitszeit',
      'Wohnort',
      'Arbeitserlaubnis',
      'Notizen (nur für Sie)',
    ]) {
      expect(html).toContain(caption);
    }
  });
});

describe('what the form refuses', () => {
  const messages = {
    ageBand: 'Wählen Sie eine Altersgruppe aus der Liste oder „Keine Angabe“',
    schooling: 'Wählen Sie die Schulbildung',
    qualification: 'Wählen Sie den Stand des Berufsabschlusses',
    desiredOccupations: 'Wählen Sie mindestens einen Wunschberuf aus der Liste',
    travelKm: 'Geben Sie die Entfernung als ganze Zahl von 0 bis 150 ein',
    homeTown: 'Diesen Ort kennen wir nicht. Wählen Sie einen Ort aus der Liste',
    experience: 'Geben Sie die Jahre als Zahl zwischen 0 und 50 ein',
    notes: 'Entfernen Sie E-Mail-Adressen und Telefonnummern aus den Notizen',
  } as const;

  /** Sends the form with these changes and checks the GOV.UK error page; writes nothing. Returns the page. */
  async function refused(overrides: Record<string, string | string[] | undefined>, errors: Partial<Record<keyof typeof messages, string>>) {
    const before = await countMenteesOf(app, mentor.accountId);
    const response = await submitNewMentee(mentor.agent, overrides);
    expect(response.status, response.text.slice(0, 500)).toBe(422);
    const html = response.text;
    expect(pageTitle(html)).toMatch(/^Fehler: Neues Mentee-Profil – /);
    expect(html).toContain('Es gibt ein Problem');
    expect(errorSummaryLinks(html)).toEqual(Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text })));
    for (const [field, text] of Object.entries(errors)) {
      expect(fieldError(html, field)).toBe(text);
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*${field}-error`));
    }
    expect(await countMenteesOf(app, mentor.accountId)).toBe(before);
    return html;
  }

  it('needs schooling and qualification, a listed age band if one is given, and keeps what was typed', async () => {
    const html = await refused(
      { ageBand: 'u18', schooling: '', qualification: '', germanLevel: 'B2', notes: 'Kurs 2019-2021, 3 Kinder' },
      { ageBand: messages.ageBand, schooling: messages.schooling, qualification: messages.qualification },
    );
    expect(selectOf(html, 'germanLevel').selected).toEqual(['B2']);
    expect(choices(html, 'gender').checked).toEqual(['f']);
    expect(inputValues(html, 'otherLanguages')).toEqual(['Arabisch, Englisch']);
    expect(inputValues(html, 'desiredOccupations')).toEqual([LAGER, VERKAUF, '']);
    expect(inputValues(html, 'experienceOccupation')).toEqual([LAGER, '', '']);
    expect(inputValues(html, 'experienceYears')).toEqual(['2', '', '']);
    expect(choices(html, 'desiredKinds').checked).toEqual(['job']);
    expect(choices(html, 'workingTime').checked).toEqual(['full']);
    expect(choices(html, 'drivingLicence').checked).toEqual(['on']);
    expect(choices(html, 'consent').checked).toEqual(['on']);
    expect(inputValues(html, 'homeTown')).toEqual(['Dresden']);
    expect(textareaValue(html, 'notes')).toBe('Kurs 2019-2021, 3 Kinder');

    for (const field of ['schooling', 'qualification'] as const) {
      const one = await refused({ [field]: '' }, { [field]: messages[field] });
      expect(selectOf(one, field).selected).toEqual([]);
    }
  });

  it('lets the age band be left open: nothing reads it (issue 13); the overview and the edit page say "Keine Angabe"', async () => {
    const response = await submitNewMentee(mentor.agent, { ageBand: '' });
    expect(response.status).toBe(303);
    const id = /^\/mentor\/mentees\/([0-9a-f-]{36})\/matches\?saved=created$/.exec(String(response.headers.location))![1]!;
    expect((await menteeRow(app, id)).age_band).toBeNull();
    const overview = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(overview.text).toContain('<dt>Altersgruppe</dt><dd>Keine Angabe</dd>');
    const edit = await mentor.agent.get(`/mentor/mentees/${id}/edit`);
    expect(selectOf(edit.text, 'ageBand').selected).toEqual([]);
    expect(edit.text).toContain('<option value="">Keine Angabe</option>');
    // Saving the edit page unchanged keeps it open; choosing a band records it.
    expect((await submitEdit(mentor.agent, id, { ageBand: '' })).status).toBe(303);
    expect((await menteeRow(app, id)).age_band).toBeNull();
    expect((await submitEdit(mentor.agent, id, { ageBand: '45plus' })).status).toBe(303);
    expect((await menteeRow(app, id)).age_band).toBe('45plus');
  });

  it('needs at least one desired occupation from the list', async () => {
    await refused({ desiredOccupations: ['', '', ''] }, { desiredOccupations: messages.desiredOccupations });
    await refused({ desiredOccupations: undefined }, { desiredOccupations: messages.desiredOccupations });
    const typed = await refused({ desiredOccupations: ['Astronautin', '', ''] }, { desiredOccupations: messages.desiredOccupations });
    expect(inputValues(typed, 'desiredOccupations')).toEqual(['Astronautin', '', '']);
    // The right shape, but a code the occupation list does not have (checked against the database).
    const unknownCode = await refused(
      { desiredOccupations: [LAGER, 'Raumfahrt (99999)', ''] },
      { desiredOccupations: messages.desiredOccupations },
    );
    expect(inputValues(unknownCode, 'desiredOccupations')).toEqual([LAGER, 'Raumfahrt (99999)', '']);
  });

  it('needs a travel distance from 0 to 150 km as a whole number', async () => {
    for (const travelKm of ['500', 'abc', '-1', '12.5', '']) {
      const html = await refused({ travelKm }, { travelKm: messages.travelKm });
      expect(inputValues(html, 'travelKm')).toEqual([travelKm]);
    }
  });

  it('needs a home town the place list knows', async () => {
    const html = await refused({ homeTown: 'Nirgendwohausen' }, { homeTown: messages.homeTown });
    expect(inputValues(html, 'homeTown')).toEqual(['Nirgendwohausen']);
  });

  it('refuses more than 50 years of experience, or an experience without a known occupation', async () => {
    const html = await refused({ experienceYears: ['99', '', ''] }, { experience: messages.experience });
    expect(inputValues(html, 'experienceYears')).toEqual(['99', '', '']);
    expect(inputValues(html, 'experienceOccupation')).toEqual([LAGER, '', '']);
    await refused(
      { experienceOccupation: ['Zauberer', '', ''], experienceYears: ['3', '', ''] },
      { experience: 'Wählen Sie für jede Erfahrung einen Beruf aus der Liste' },
    );
  });

  it('refuses notes with an e-mail address or a phone number, and keeps them for editing', async () => {
    for (const notes of [
      'schreibt an a.b@example.org',
      'Tel. 0351 1234567',
      'erreichbar unter +49 351 123456',
      'Handy 0176/12345678',
      'ab 01.09.2025, Tel. 0351 1234567',
    ]) {
      const html = await refused({ notes }, { notes: messages.notes });
      expect(textareaValue(html, 'notes')).toBe(notes);
    }
  });

  it('accepts notes with years, dates and counts', async () => {
    for (const notes of [
      'Kurs 2019-2021, 3 Kinder',
      'Deutschkurs ab 01.09.2025, Prüfung am 12.03.2026',
      'Seit 2015 in Sachsen, 2 Jahre im Lager, 1.500 € zuletzt',
    ]) {
      const id = await createThroughForm(mentor.agent, { notes });
      expect((await menteeRow(app, id)).notes).toBe(notes);
    }
  });
});

describe('creating a profile', () => {
  it('stores the profile pseudonymously in the mentor’s project and shows it', async () => {
    const before = Date.now();
    const response = await submitNewMentee(mentor.agent);
    expect(response.status).toBe(303);
    const id = /^\/mentor\/mentees\/([0-9a-f-]{36})\/matches\?saved=created$/.exec(String(response.headers.location))?.[1];
    expect(id).toBeDefined();

    const row = await menteeRow(app, id!);
    expect(row.code).toMatch(/^MT-[2-9A-HJ-KMNP-Z]{5}$/);
    expect(row).toMatchObject({
      project_id: projectId,
      mentor_id: mentor.accountId,
      status: 'active',
      gender: 'f',
      age_band: '25to34',
      german_level: 'B1',
      other_languages: ['Arabisch', 'Englisch'],
      schooling: 'secondary',
      qualification: 'foreign_unrecognised',
      academic: false,
      experience: [{ occupation: '51312', years: 2 }],
      desired_occupations: ['51312', '62102'],
      desired_kinds: ['job'],
      home_town: 'Dresden',
      travel_km: 25,
      working_time: 'full',
      driving_licence: true,
      work_permit: 'yes',
      consent: true,
      locale: 'de',
      notes: 'Kurs 2019-2021, 3 Kinder',
    });
    expect(row.consent_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.consent_at!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // Saving leads to the new profile's matches, the next step (issue 13), saying the profile is saved.
    const matches = await mentor.agent.get(String(response.headers.location));
    expect(matches.status).toBe(200);
    expect(pageTitle(matches.text)).toBe(`Passende Stellen für ${row.code} – Jobbrücke Sachsen`);
    expect(matches.text).toContain('Das Profil ist angelegt.');
    // The profile's overview shows it; the form is the edit page's.
    const page = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toBe(`Profil ${row.code} – Jobbrücke Sachsen`);
    expect(page.text).toContain('Erteilt am');
    expect(controlNames(page.text)).toEqual(new Set());
    for (const link of ['matches', 'shortlist', 'browse', 'edit']) expect(page.text).toContain(`href="/mentor/mentees/${id}/${link}"`);

    const edit = await mentor.agent.get(`/mentor/mentees/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(pageTitle(edit.text)).toBe(`Profil ${row.code} bearbeiten – Jobbrücke Sachsen`);
    expect(edit.text).toContain('Einwilligung erteilt am');
    expect(inputValues(edit.text, 'desiredOccupations')).toEqual([LAGER, VERKAUF, '']);
    expect(inputValues(edit.text, 'experienceOccupation')).toEqual([LAGER, '', '']);
    expect(inputValues(edit.text, 'experienceYears')).toEqual(['2', '', '']);
    expect(selectOf(edit.text, 'ageBand').selected).toEqual(['25to34']);
    expect(textareaValue(edit.text, 'notes')).toBe('Kurs 2019-2021, 3 Kinder');
  });

  it('gives each profile 128 random bits as its id (not a v4 UUID) and a readable code', async () => {
    const token = await tokenFor(mentor.agent, '/mentor/mentees/new');
    const created: { id: string; code: string }[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await mentor.agent
        .post('/mentor/mentees')
        .set('accept', 'application/json')
        .set('x-csrf-token', token)
        .send({ ...jsonProfile(), notes: `Profil ${i}` });
      expect(response.status).toBe(201);
      created.push(response.body);
    }
    const ids = created.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // A v4 UUID fixes the version nibble to 4 (and the variant bits); random bits leave it to chance: 12 times 4 is a 1 in 2^48 event.
    expect(ids.some((id) => id[14] !== '4')).toBe(true);
    for (const { code } of created) expect(code).toMatch(/^MT-[2-9A-HJ-KMNP-Z]{5}$/);
    expect(new Set(created.map((c) => c.code)).size).toBe(created.length);
  });

  it('saves changes to the profile', async () => {
    const id = await createThroughForm(mentor.agent);
    const before = await menteeRow(app, id);
    const response = await submitEdit(mentor.agent, id, {
      germanLevel: 'A2',
      desiredOccupations: [VERKAUF, '', ''],
      experienceOccupation: [LAGER, VERKAUF, ''],
      experienceYears: ['3', '1.5', ''],
      desiredKinds: ['job', 'apprenticeship'],
      homeTown: 'Radebeul',
      travelKm: '40',
      drivingLicence: undefined,
      locale: 'en',
      notes: 'Neuer Stand',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/mentor/mentees/${id}?saved=updated`);
    const page = await mentor.agent.get(String(response.headers.location));
    expect(page.text).toContain('Ihre Änderungen sind gespeichert.');
    const after = await menteeRow(app, id);
    expect(after).toMatchObject({
      code: before.code,
      project_id: projectId,
      german_level: 'A2',
      desired_occupations: ['62102'],
      experience: [
        { occupation: '51312', years: 3 },
        { occupation: '62102', years: 1.5 },
      ],
      desired_kinds: ['job', 'apprenticeship'],
      home_town: 'Radebeul',
      travel_km: 40,
      driving_licence: false,
      locale: 'en',
      notes: 'Neuer Stand',
      version: before.version + 1,
    });

    // A refused change writes nothing.
    const refused = await submitEdit(mentor.agent, id, { notes: 'ruft an: 0351 1234567' });
    expect(refused.status).toBe(422);
    expect(pageTitle(refused.text)).toBe(`Fehler: Profil ${before.code} bearbeiten – Jobbrücke Sachsen`);
    expect(fieldError(refused.text, 'notes')).toBe('Entfernen Sie E-Mail-Adressen und Telefonnummern aus den Notizen');
    expect(await menteeRow(app, id)).toEqual(after);
  });
});

describe('consent', () => {
  it('records the date consent was given, keeps it while it stands, clears it when withdrawn, and dates it anew', async () => {
    const id = await createThroughForm(mentor.agent, { consent: undefined });
    expect(await menteeRow(app, id)).toMatchObject({ consent: false, consent_at: null });
    expect((await mentor.agent.get(`/mentor/mentees/${id}/edit`)).text).not.toContain('Einwilligung erteilt am');
    expect((await mentor.agent.get(`/mentor/mentees/${id}`)).text).toContain('Nicht erteilt');

    expect((await submitEdit(mentor.agent, id, { consent: 'on' })).status).toBe(303);
    const given = await menteeRow(app, id);
    expect(given.consent).toBe(true);
    expect(given.consent_at).toBeInstanceOf(Date);
    const page = await mentor.agent.get(`/mentor/mentees/${id}/edit`);
    expect(page.text).toContain('Einwilligung erteilt am');
    expect(choices(page.text, 'consent').checked).toEqual(['on']);
    expect((await mentor.agent.get(`/mentor/mentees/${id}`)).text).toContain('Erteilt am');

    expect((await submitEdit(mentor.agent, id, { consent: 'on', notes: 'noch einmal gespeichert' })).status).toBe(303);
    const kept = await menteeRow(app, id);
    expect(kept.notes).toBe('noch einmal gespeichert');
    expect(kept.consent_at).toEqual(given.consent_at);

    expect((await submitEdit(mentor.agent, id, { consent: undefined })).status).toBe(303);
    expect(await menteeRow(app, id)).toMatchObject({ consent: false, consent_at: null });
    expect((await mentor.agent.get(`/mentor/mentees/${id}/edit`)).text).not.toContain('Einwilligung erteilt am');

    expect((await submitEdit(mentor.agent, id, { consent: 'on' })).status).toBe(303);
    const again = await menteeRow(app, id);
    expect(again.consent).toBe(true);
    expect(again.consent_at!.getTime()).toBeGreaterThan(given.consent_at!.getTime());
  });

  it('dates consent given at creation', async () => {
    const id = await createThroughForm(mentor.agent, { consent: 'on' });
    expect((await menteeRow(app, id)).consent_at).toBeInstanceOf(Date);
  });
});

describe('the private mentees index', () => {
  it('holds an open profile without its notes, drops it when closed and takes it back when reopened', async () => {
    const notes = `Kurs 2019-2021, ${marker()}`;
    const id = await createThroughForm(mentor.agent, { notes, desiredKinds: ['job', 'apprenticeship'] });
    const row = await menteeRow(app, id);
    expect(await indexed(id)).toBeUndefined(); // the outbox worker is off: nothing reaches the index until it drains

    await flushOutbox(app);
    const document = await indexed(id);
    expect(document).toMatchObject({
      id,
      code: row.code,
      projectId,
      status: 'active',
      germanLevel: 'B1',
      desiredOccupations: ['51312', '62102'],
      experienceOccupations: ['51312'],
      desiredKinds: ['job', 'apprenticeship'],
      homeTown: 'Dresden',
      travelKm: 25,
      consent: true,
      version: row.version,
    });
    expect(document).not.toHaveProperty('notes');
    expect(JSON.stringify(document)).not.toContain(notes.slice(-12));

    const page = await mentor.agent.get(`/mentor/mentees/${id}`);
    const closed = await mentor.agent
      .post(`/mentor/mentees/${id}/close`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(closed.status).toBe(303);
    expect(closed.headers.location).toBe(`/mentor/mentees/${id}?saved=closed`);
    expect((await menteeRow(app, id)).status).toBe('closed');
    const closedPage = await mentor.agent.get(String(closed.headers.location));
    expect(closedPage.text).toContain('Das Profil ist geschlossen.');
    expect(closedPage.text).toContain(`action="/mentor/mentees/${id}/reopen"`);
    expect(closedPage.text).not.toContain(`action="/mentor/mentees/${id}/close"`);
    await flushOutbox(app);
    expect(await indexed(id)).toBeUndefined();

    const reopened = await mentor.agent
      .post(`/mentor/mentees/${id}/reopen`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(closedPage.text) }));
    expect(reopened.status).toBe(303);
    expect(reopened.headers.location).toBe(`/mentor/mentees/${id}?saved=reopened`);
    expect((await menteeRow(app, id)).status).toBe('active');
    expect((await mentor.agent.get(String(reopened.headers.location))).text).toContain('Das Profil ist wieder offen.');
    await flushOutbox(app);
    expect(await indexed(id)).toMatchObject({ id, status: 'active', code: row.code });
  });

  it('follows changes to the profile', async () => {
    const id = await createThroughForm(mentor.agent);
    await flushOutbox(app);
    expect((await submitEdit(mentor.agent, id, { germanLevel: 'C1', travelKm: '60', consent: undefined })).status).toBe(303);
    await flushOutbox(app);
    const row = await menteeRow(app, id);
    expect(await indexed(id)).toMatchObject({ germanLevel: 'C1', travelKm: 60, consent: false, version: row.version });
  });
});

/** The profile as a JSON client sends it (docs/design.md §8). */
function jsonProfile(overrides: Record<string, unknown> = {}) {
  return {
    gender: 'm',
    ageBand: 'u25',
    germanLevel: 'A2',
    otherLanguages: ['Arabisch'],
    schooling: 'primary',
    qualification: 'none',
    academic: false,
    experience: [{ occupation: '51312', years: 2 }],
    desiredOccupations: ['51312'],
    desiredKinds: ['job', 'apprenticeship'],
    homeTown: 'Freital',
    travelKm: 30,
    workingTime: 'either',
    drivingLicence: false,
    workPermit: 'pending',
    consent: true,
    locale: 'en',
    notes: '',
    ...overrides,
  };
}

describe('the JSON face of the same routes', () => {
  it('creates a profile and answers with its id, code and address', async () => {
    const list = await mentor.agent.get('/mentor/mentees').set('accept', 'application/json');
    expect(list.status).toBe(200);
    const token = list.body.csrfToken as string;
    const response = await mentor.agent
      .post('/mentor/mentees')
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(jsonProfile());
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { id, code, url } = response.body as { id: string; code: string; url: string };
    expect(code).toMatch(/^MT-[2-9A-HJ-KMNP-Z]{5}$/);
    expect(url).toBe(`/mentor/mentees/${id}`);
    expect(await menteeRow(app, id)).toMatchObject({
      code,
      project_id: projectId,
      experience: [{ occupation: '51312', years: 2 }],
      desired_occupations: ['51312'],
      desired_kinds: ['job', 'apprenticeship'],
      home_town: 'Freital',
      travel_km: 30,
      consent: true,
      locale: 'en',
      work_permit: 'pending',
    });
    expect((await menteeRow(app, id)).consent_at).toBeInstanceOf(Date);

    const shown = await mentor.agent.get(url).set('accept', 'application/json');
    expect(shown.status).toBe(200);
    expect(shown.body.mentee).toMatchObject({
      id,
      code,
      projectId,
      status: 'active',
      germanLevel: 'A2',
      otherLanguages: ['Arabisch'],
      experience: [{ occupation: '51312', years: 2 }],
      desiredOccupations: ['51312'],
      desiredKinds: ['job', 'apprenticeship'],
      homeTown: 'Freital',
      travelKm: 30,
      consent: true,
      locale: 'en',
    });
    expect(typeof shown.body.mentee.consentAt).toBe('string');

    const changed = await mentor.agent
      .post(url)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(jsonProfile({ travelKm: 45 }));
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ id, code });
    expect((await menteeRow(app, id)).travel_km).toBe(45);
  });

  it('answers 422 with a message per field, and writes nothing', async () => {
    const token = (await mentor.agent.get('/mentor/mentees').set('accept', 'application/json')).body.csrfToken as string;
    const before = await countMenteesOf(app, mentor.accountId);
    const response = await mentor.agent
      .post('/mentor/mentees')
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(jsonProfile({ ageBand: 'u18', travelKm: 500, desiredOccupations: [], notes: 'Mail: a.b@example.org' }));
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.fields).toEqual({
      ageBand: 'Wählen Sie eine Altersgruppe aus der Liste oder „Keine Angabe“',
      travelKm: 'Geben Sie die Entfernung als ganze Zahl von 0 bis 150 ein',
      desiredOccupations: 'Wählen Sie mindestens einen Wunschberuf aus der Liste',
      notes: 'Entfernen Sie E-Mail-Adressen und Telefonnummern aus den Notizen',
    });

    const unknown = await mentor.agent
      .post('/mentor/mentees')
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(jsonProfile({ homeTown: 'Nirgendwohausen', desiredOccupations: ['99999'], experience: [{ occupation: '51312', years: 99 }] }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual({ experience: 'Geben Sie die Jahre als Zahl zwischen 0 und 50 ein' });

    const references = await mentor.agent
      .post('/mentor/mentees')
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(jsonProfile({ homeTown: 'Nirgendwohausen', desiredOccupations: ['99999'] }));
    expect(references.status).toBe(422);
    expect(references.body.error.fields).toEqual({
      homeTown: 'Diesen Ort kennen wir nicht. Wählen Sie einen Ort aus der Liste',
      desiredOccupations: 'Wählen Sie mindestens einen Wunschberuf aus der Liste',
    });
    expect(await countMenteesOf(app, mentor.accountId)).toBe(before);
  });

  it('refuses a change without the CSRF token', async () => {
    const before = await countMenteesOf(app, mentor.accountId);
    const response = await mentor.agent.post('/mentor/mentees').set('accept', 'application/json').send(jsonProfile());
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf');
    expect(await countMenteesOf(app, mentor.accountId)).toBe(before);
  });
});

describe('the list of my mentees', () => {
  it('shows active profiles by default and filters by status, German level and what is sought', async () => {
    const own = await mentorOf(app, projectId);
    const jobB1 = await createThroughForm(own.agent, { germanLevel: 'B1', desiredKinds: ['job'] });
    const apprenticeshipA2 = await createThroughForm(own.agent, { germanLevel: 'A2', desiredKinds: ['apprenticeship'] });
    const bothB1Closed = await createThroughForm(own.agent, { germanLevel: 'B1', desiredKinds: ['job', 'apprenticeship'] });
    const page = await own.agent.get(`/mentor/mentees/${bothB1Closed}`);
    expect(
      (
        await own.agent
          .post(`/mentor/mentees/${bothB1Closed}/close`)
          .type('form')
          .send(encodeForm({ _csrf: csrfFrom(page.text) }))
      ).status,
    ).toBe(303);

    const codeOf = async (id: string) => (await menteeRow(app, id)).code;
    const codes = {
      jobB1: await codeOf(jobB1),
      apprenticeshipA2: await codeOf(apprenticeshipA2),
      bothB1Closed: await codeOf(bothB1Closed),
    };
    const mine = new Set(Object.values(codes));
    const shown = async (query: string) => {
      const response = await own.agent.get(`/mentor/mentees${query}`);
      expect(response.status).toBe(200);
      return listedCodes(response.text)
        .filter((code) => mine.has(code))
        .sort();
    };
    const sorted = (...list: string[]) => [...list].sort();

    const list = await own.agent.get('/mentor/mentees');
    expect(pageTitle(list.text)).toBe('Meine Mentees – Jobbrücke Sachsen');
    expect(selectOf(list.text, 'status').selected).toEqual(['active']);
    expect(list.text).toContain('Fachkraft für Lagerlogistik, Verkäuferin / Verkäufer');
    expect(await shown('')).toEqual(sorted(codes.jobB1, codes.apprenticeshipA2));
    expect(await shown('?status=closed')).toEqual([codes.bothB1Closed]);
    expect(await shown('?status=')).toEqual(sorted(codes.jobB1, codes.apprenticeshipA2, codes.bothB1Closed));
    expect(await shown('?status=nonsense')).toEqual(sorted(codes.jobB1, codes.apprenticeshipA2));
    expect(await shown('?germanLevel=B1')).toEqual([codes.jobB1]);
    expect(await shown('?germanLevel=A2')).toEqual([codes.apprenticeshipA2]);
    expect(await shown('?status=&germanLevel=B1')).toEqual(sorted(codes.jobB1, codes.bothB1Closed));
    expect(await shown('?kind=job')).toEqual([codes.jobB1]);
    expect(await shown('?kind=apprenticeship')).toEqual([codes.apprenticeshipA2]);
    expect(await shown('?status=&kind=job')).toEqual(sorted(codes.jobB1, codes.bothB1Closed));
    expect(await shown('?status=closed&kind=apprenticeship&germanLevel=B1')).toEqual([codes.bothB1Closed]);
    expect(await shown('?status=closed&germanLevel=A2')).toEqual([]);

    const json = await own.agent.get('/mentor/mentees?kind=job&status=').set('accept', 'application/json');
    expect(json.status).toBe(200);
    const rows = (json.body.mentees as { id: string; code: string; notes?: string }[]).filter((m) => mine.has(m.code));
    expect(rows.map((m) => m.code).sort()).toEqual(sorted(codes.jobB1, codes.bothB1Closed));
    for (const row of rows) expect(row).not.toHaveProperty('notes');
  });
});
