import { sql } from 'kysely';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { createPlacement } from '../helpers/placements.ts';
import {
  choices,
  createThroughForm,
  errorSummaryLinks,
  fieldError,
  inputValues,
  LAGER,
  listedCodes,
  mainOf,
  menteeForm,
  menteeRow,
  mentorOf,
  pageTitle,
  projectIdOf,
  selectOf,
  submitEdit,
  tagsNamed,
  textareaValue,
} from './support.ts';

/*
 * Issue 13, the mentor's mentee pages: the overview a profile opens on (facts, matches, shortlist,
 * proposals, placement and next check-in, data and privacy apart), the edit page of its own, the
 * list's code search, filters and next step by urgency, required fields marked before the first
 * submit, and another project's mentee answering 404 on every one of them.
 */

const app = useTestApp();
let projectId: number;
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let employer: { agent: Agent };
let vacancyTitle: string;
let vacancyId: string;

beforeAll(async () => {
  projectId = await projectIdOf(app, 'aul-dresden');
  mentor = await mentorOf(app, projectId);
  const created = await createEmployer(app, { organisation: `Logistik ${unique()}` });
  employer = { agent: await loginAs(app, created.email) };
  vacancyTitle = `Lagerhelfer ${unique('ov')}`;
  vacancyId = await postVacancy(employer.agent, { title: vacancyTitle });
  await flushOutbox(app);
});

async function propose(menteeId: string, vacancy: string): Promise<string> {
  const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${menteeId}`)).text);
  const created = await mentor.agent
    .post(`/mentor/mentees/${menteeId}/introductions`)
    .set('accept', 'application/json')
    .set('x-csrf-token', token)
    .send({ vacancyId: vacancy });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function employerAnswers(introductionId: string): Promise<void> {
  const page = await employer.agent.get(`/employer/introductions/${introductionId}`);
  expect(page.status).toBe(200);
  const answered = await employer.agent
    .post(`/employer/introductions/${introductionId}/answer`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), answer: 'interested' }));
  expect(answered.status).toBe(303);
}

/** The text of a section of the overview, tags removed. */
function section(html: string, id: string): string {
  const match = new RegExp(`<section[^>]*id="${id}"[\\s\\S]*?</section>`).exec(html);
  if (!match) throw new Error(`No section ${id}`);
  return match[0]
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the overview a profile opens on', () => {
  it('shows the facts, the top matches, the shortlist, the proposals and a new answer once', async () => {
    const id = await createThroughForm(mentor.agent, { desiredOccupations: [LAGER, '', ''] });
    const { code } = await menteeRow(app, id);
    const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${id}`)).text);
    const shortlisted = await mentor.agent
      .post(`/mentor/mentees/${id}/shortlist`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ vacancyId });
    expect(shortlisted.status).toBe(201);
    const introductionId = await propose(id, vacancyId);
    await employerAnswers(introductionId);

    const page = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toBe(`Profil ${code} – Jobbrücke Sachsen`);
    // No form fields of the profile: editing is its own page.
    expect(tagsNamed(page.text, 'select', 'schooling')).toEqual([]);
    expect(page.text).toContain(`href="/mentor/mentees/${id}/edit"`);

    const facts = section(page.text, 'facts');
    for (const fact of [
      `Kennung ${code}`,
      'Status Aktiv',
      'Einwilligung Erteilt am',
      'Gesucht wird Arbeit',
      'Wunschberufe Fachkraft für Lagerlogistik',
      'Deutschkenntnisse B1',
      'Weitere Sprachen Arabisch, Englisch',
      'Wohnort Dresden, fährt bis 25 km',
      'Arbeitszeit Vollzeit',
      'Schulbildung Mittlere Schule',
      'Berufsabschluss Ausländischer Abschluss, nicht anerkannt',
      'Berufserfahrung Fachkraft für Lagerlogistik: 2 Jahre',
      'Arbeitserlaubnis Ja',
    ]) {
      expect(facts).toContain(fact);
    }

    const matches = section(page.text, 'matches');
    expect(matches).toMatch(/Die besten [1-3] von \d+ passenden Stellen/);
    expect(page.text).toContain(`href="/mentor/mentees/${id}/matches"`);
    expect(section(page.text, 'shortlist')).toContain(vacancyTitle);

    const proposals = section(page.text, 'proposals');
    expect(proposals).toContain(vacancyTitle);
    expect(proposals).toContain('Interesse seit');
    expect(proposals).toContain('Neue Antwort');
    expect(page.text).toContain(`href="/mentor/introductions/${introductionId}"`);
    expect(section(page.text, 'next')).toContain('Ein Arbeitgeber hat geantwortet');

    // Seen once, the answer is no longer news.
    const again = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(section(again.text, 'proposals')).not.toContain('Neue Antwort');
    expect(mainOf(again.text)).not.toContain('Ein Arbeitgeber hat geantwortet');
    expect(section(again.text, 'placements')).toContain('Noch keine Vermittlung.');
  });

  it('names the new matches among the next steps as they were before opening it, once: opening it makes them seen', async () => {
    // Counted and made seen in one statement (server/new-matches takeNewVacancyIds), no longer a count before the mark.
    const id = await createThroughForm(mentor.agent);
    await app.db.insertInto('mentee_new_matches').values({ mentee_id: id, vacancy_id: vacancyId }).execute();
    const first = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`<a href="/mentor/mentees/${id}/matches">1 neue passende Stelle</a>`);
    const again = await mentor.agent.get(`/mentor/mentees/${id}`);
    expect(again.status).toBe(200);
    expect(again.text).not.toContain('neue passende Stelle');
  });

  it('keeps export and erasure apart under "Daten und Datenschutz", erasure styled as a warning', async () => {
    const id = await createThroughForm(mentor.agent);
    const main = mainOf((await mentor.agent.get(`/mentor/mentees/${id}`)).text);
    const privacy = main.indexOf('id="privacy"');
    expect(privacy).toBeGreaterThan(main.indexOf('id="placements"'));
    expect(section(main, 'privacy')).toMatch(/^Daten und Datenschutz /);
    const exportLink = main.indexOf(`href="/mentor/mentees/${id}/export"`);
    expect(exportLink).toBeGreaterThan(privacy);
    expect(main).toContain(`<a class="button button--warning" href="/mentor/mentees/${id}/erase">Profil löschen</a>`);
    expect(main.indexOf(`/mentor/mentees/${id}/erase"`)).toBeGreaterThan(privacy);
    // Staff pages speak German and English (a colleague of the project who chose English: the choice stays with the session).
    const colleague = await mentorOf(app, projectId);
    const english = mainOf((await colleague.agent.get(`/mentor/mentees/${id}?lang=en`)).text);
    expect(section(english, 'privacy')).toMatch(/^Data and privacy /);
    expect(english).toContain(`<a class="button button--warning" href="/mentor/mentees/${id}/erase">`);
    expect((await colleague.agent.get(`/mentor/mentees/${id}/edit`)).text).toContain(
      '<legend class="legend">Work permit (required)</legend>',
    );
    // The actions at the top are the everyday ones only.
    const nav = /<nav class="actions"[\s\S]*?<\/nav>/.exec(main)![0];
    expect(nav).not.toContain('/export');
    expect(nav).not.toContain('/erase');
  });

  it('shows a placement with its next check-in and how urgent it is', async () => {
    const placed = await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(todayInBerlin(), -40) });
    const page = await mentor.agent.get(`/mentor/mentees/${placed.menteeId}`);
    expect(page.status).toBe(200);
    const placements = section(page.text, 'placements');
    expect(placements).toContain(placed.employerName);
    expect(placements).toContain('Läuft');
    expect(placements).toMatch(/Nächster Kontakt: Nach 2 Wochen, fällig am .+ – Überfällig/);
    expect(page.text).toContain(`href="/mentor/placements/${placed.placementId}"`);
    expect(section(page.text, 'next')).toMatch(/Nachbetreuung überfällig \(seit .+\)/);
    expect(section(page.text, 'facts')).toContain('Status Vermittelt');
  });
});

describe('the edit page', () => {
  it('marks required fields before the first submit, on the new form and the edit page, with no kind ticked for a new profile', async () => {
    const fresh = await mentor.agent.get('/mentor/mentees/new');
    expect(choices(fresh.text, 'desiredKinds').checked).toEqual([]);
    const id = await createThroughForm(mentor.agent);
    const edit = await mentor.agent.get(`/mentor/mentees/${id}/edit`);
    for (const html of [fresh.text, edit.text]) {
      for (const caption of ['Deutschkenntnisse', 'Schulbildung', 'Berufsabschluss', 'Wohnort']) {
        expect(html).toMatch(new RegExp(`<label class="label" for="[a-zA-Z]+">${caption} \\(Pflichtfeld\\)</label>`));
      }
      for (const caption of ['Gesucht wird', 'Wunschberufe', 'Arbeitszeit', 'Arbeitserlaubnis']) {
        expect(html).toContain(`<legend class="legend">${caption} (Pflichtfeld)</legend>`);
      }
      expect(tagsNamed(html, 'select', 'schooling')[0]).toContain('aria-required="true"');
      // Optional fields carry no mark.
      expect(html).toContain('<label class="label" for="notes">Notizen (nur für Sie)</label>');
      expect(html).toContain('<label class="label" for="otherLanguages">Weitere Sprachen</label>');
      expect(html).toContain('<label class="label" for="ageBand">Altersgruppe</label>');
    }
  });

  it('rejects bad input with the message at the field, keeps what was typed, writes nothing; good input lands and returns to the overview', async () => {
    const id = await createThroughForm(mentor.agent);
    const before = await menteeRow(app, id);
    const refused = await submitEdit(mentor.agent, id, { schooling: '', travelKm: 'weit', notes: 'Neue Notiz ohne Kontakt' });
    expect(refused.status).toBe(422);
    expect(pageTitle(refused.text)).toBe(`Fehler: Profil ${before.code} bearbeiten – Jobbrücke Sachsen`);
    expect(errorSummaryLinks(refused.text).map((l) => l.href)).toEqual(['#schooling', '#travelKm']);
    expect(fieldError(refused.text, 'schooling')).toBe('Wählen Sie die Schulbildung');
    expect(fieldError(refused.text, 'travelKm')).toBe('Geben Sie die Entfernung als ganze Zahl von 0 bis 150 ein');
    expect(inputValues(refused.text, 'travelKm')).toEqual(['weit']);
    expect(textareaValue(refused.text, 'notes')).toBe('Neue Notiz ohne Kontakt');
    expect(selectOf(refused.text, 'qualification').selected).toEqual(['foreign_unrecognised']);
    expect(refused.text).toContain(`action="/mentor/mentees/${id}/edit"`);
    expect(await menteeRow(app, id)).toEqual(before);

    const saved = await submitEdit(mentor.agent, id, { schooling: 'higher', travelKm: '40' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/mentor/mentees/${id}?saved=updated`);
    expect(await menteeRow(app, id)).toMatchObject({ schooling: 'higher', travel_km: 40, version: before.version + 1 });
    const overview = await mentor.agent.get(String(saved.headers.location));
    expect(overview.text).toContain('Ihre Änderungen sind gespeichert.');
    expect(section(overview.text, 'facts')).toContain('Schulbildung Abitur oder höher');
  });
});

describe('the list of my mentees', () => {
  it('finds a profile by all or part of its code, however typed, and filters by kind', async () => {
    const own = await mentorOf(app, projectId);
    const job = await createThroughForm(own.agent, { desiredKinds: ['job'] });
    const apprenticeship = await createThroughForm(own.agent, { desiredKinds: ['apprenticeship'] });
    const jobCode = (await menteeRow(app, job)).code;
    const apprenticeshipCode = (await menteeRow(app, apprenticeship)).code;
    const codes = async (query: string) => {
      const response = await own.agent.get(`/mentor/mentees${query}`);
      expect(response.status).toBe(200);
      return listedCodes(response.text);
    };
    expect(await codes(`?code=${jobCode}`)).toEqual([jobCode]);
    expect(await codes(`?code=${encodeURIComponent(` ${jobCode.slice(3).toLowerCase()} `)}`)).toEqual([jobCode]);
    expect(await codes(`?code=${encodeURIComponent(`mt ${jobCode.slice(3, 7)}`)}`)).toContain(jobCode);
    expect(await codes(`?code=${encodeURIComponent('%_%')}`)).toEqual([]);
    expect(await codes(`?code=${apprenticeshipCode}&kind=job`)).toEqual([]);
    expect(await codes(`?code=${apprenticeshipCode}&kind=apprenticeship`)).toEqual([apprenticeshipCode]);
    const page = await own.agent.get(`/mentor/mentees?code=${jobCode}`);
    expect(inputValues(page.text, 'code')).toEqual([jobCode]);
    expect(page.text).toContain('<form class="search-form" method="get" action="/mentor/mentees"');
    // The filters fold away unless one narrows the list.
    expect(page.text).toContain('<details class="search-filters">');
    expect((await own.agent.get('/mentor/mentees?kind=job')).text).toContain('<details class="search-filters" open>');
  });

  it('puts the most urgent next step first: an employer answered, a check-in overdue, then due, then no contact for 30 days', async () => {
    const today = todayInBerlin();
    const quiet = await createThroughForm(mentor.agent);
    const silent = await createThroughForm(mentor.agent);
    await app.db
      .updateTable('mentees')
      .set({ updated_at: sql`(${addDays(today, -45)} || ' 12:00 Europe/Berlin')::timestamptz` })
      .where('id', '=', silent)
      .execute();
    const due = await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(today, -10) });
    const overdue = await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(today, -40) });
    const answered = await createThroughForm(mentor.agent);
    await employerAnswers(await propose(answered, vacancyId));
    // A new match as server/new-matches records one when a vacancy is published after the profile.
    const fresh = await createThroughForm(mentor.agent);
    await app.db.insertInto('mentee_new_matches').values({ mentee_id: fresh, vacancy_id: vacancyId }).execute();

    const codeOf = async (id: string) => (await menteeRow(app, id)).code;
    const expected = [
      await codeOf(answered),
      overdue.menteeCode,
      due.menteeCode,
      await codeOf(fresh),
      await codeOf(silent),
      await codeOf(quiet),
    ];
    const mine = new Set(expected);
    const list = await mentor.agent.get('/mentor/mentees?status=');
    expect(list.status).toBe(200);
    expect(listedCodes(list.text).filter((c) => mine.has(c))).toEqual(expected);
    const rows = list.text.split('<tr>').slice(1);
    const rowOf = (code: string) => (rows.find((row) => row.includes(`>${code}</a>`)) ?? '').replace(/<[^<>]*>/g, ' ');
    expect(rowOf(await codeOf(answered))).toContain('Ein Arbeitgeber hat geantwortet');
    expect(rowOf(overdue.menteeCode)).toMatch(/Nachbetreuung überfällig/);
    expect(rowOf(due.menteeCode)).toMatch(/Nachbetreuung fällig am/);
    expect(rowOf(await codeOf(fresh))).toContain('1 neue passende Stelle');
    expect(list.text).toContain(`<a href="/mentor/mentees/${fresh}/matches">1 neue passende Stelle</a>`);
    expect(rowOf(await codeOf(silent))).toMatch(/Seit 45 Tagen kein Kontakt/);
    expect(rowOf(await codeOf(quiet))).toContain('Nichts offen');

    const json = await mentor.agent.get('/mentor/mentees?status=').set('accept', 'application/json');
    const steps = new Map((json.body.mentees as { code: string; steps: { reason: string }[] }[]).map((m) => [m.code, m.steps]));
    expect(steps.get(await codeOf(answered))?.[0]?.reason).toBe('employerAnswered');
    expect(steps.get(await codeOf(silent))).toEqual([{ reason: 'noContact', days: 45 }]);

    // Opening the overview is seeing the answer: the step goes.
    await mentor.agent.get(`/mentor/mentees/${answered}`);
    const after = await mentor.agent.get('/mentor/mentees?status=');
    expect(listedCodes(after.text).filter((c) => mine.has(c))[0]).toBe(overdue.menteeCode);
  });
});

describe("another project's mentee", () => {
  it('answers 404 on the overview and the edit page, and is not found by its code', async () => {
    const id = await createThroughForm(mentor.agent);
    const { code } = await menteeRow(app, id);
    const theirs = await mentorOf(app, await projectIdOf(app, 'aul-leipzig'));
    expect((await theirs.agent.get(`/mentor/mentees/${id}`)).status).toBe(404);
    expect((await theirs.agent.get(`/mentor/mentees/${id}/edit`)).status).toBe(404);
    const token = csrfFrom((await theirs.agent.get('/mentor/mentees')).text);
    const post = await theirs.agent
      .post(`/mentor/mentees/${id}/edit`)
      .type('form')
      .send(encodeForm({ _csrf: token, ...menteeForm({ notes: 'fremd' }) }));
    expect(post.status).toBe(404);
    expect((await menteeRow(app, id)).notes).not.toBe('fremd');
    expect(listedCodes((await theirs.agent.get(`/mentor/mentees?status=&code=${code}`)).text)).toEqual([]);
  });
});
