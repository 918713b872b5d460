import { MeilisearchApiError } from 'meilisearch';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, csrfFrom, encodeForm, flushOutbox } from '../helpers/app.ts';
import { createPlacement, type CreatedPlacement } from '../helpers/placements.ts';
import {
  choices,
  errorSummaryLinks,
  fieldError,
  inputValues,
  mainOf,
  menteeRow,
  mentorOf,
  pageTitle,
  projectIdOf,
  textareaValue,
} from '../mentees/support.ts';

/*
 * A placement's page (server/follow-ups/*, views/follow-ups/placement.hbs) against the
 * real PostgreSQL and Meilisearch: what it shows, recording contacts, ending the
 * placement, refusals at the field, the JSON face, and the project boundary.
 */

const app = useTestApp();
let projectId: number;
let mentor: { agent: Agent; accountId: string };
const today = todayInBerlin();

beforeAll(async () => {
  projectId = await projectIdOf(app, 'aul-dresden');
  mentor = await mentorOf(app, projectId);
});

const placed = (startDate: string, extra: Partial<Parameters<typeof createPlacement>[1]> = {}) =>
  createPlacement(app, { projectId, mentorId: mentor.accountId, startDate, ...extra });
const pageOf = (p: CreatedPlacement) => `/mentor/placements/${p.placementId}`;
const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const text = (html: string) =>
  mainOf(html)
    .replace(/<[^<>]+>/g, ' ')
    .replace(/\s+/g, ' ');

async function postForm(
  agent: Agent,
  p: CreatedPlacement,
  action: 'follow-ups' | 'end',
  values: Record<string, string | string[] | undefined>,
) {
  const page = await agent.get(pageOf(p));
  return agent
    .post(`${pageOf(p)}/${action}`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...values }));
}

async function indexedStatus(id: string): Promise<unknown> {
  try {
    return ((await app.searchEngine.admin.index('mentees').getDocument(id)) as Record<string, unknown>).status;
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'document_not_found') return undefined;
    throw error;
  }
}

describe('the placement page', () => {
  it('shows the placement, its check-ins with their states, and both forms', async () => {
    // Started about four weeks ago: the 2-week check-in is overdue, the 1-month one due in about three days.
    const start = addDays(addMonths(today, -1), 3);
    const p = await placed(start, {
      kind: 'apprenticeship',
      sociallyInsured: true,
      qualificationAdequate: true,
      vacancyTitle: 'Ausbildung Lager (m/w/d)',
    });
    const page = await mentor.agent.get(pageOf(p));
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toMatch(new RegExp(`^Vermittlung ${p.menteeCode} – `));
    const main = mainOf(page.text);
    expect(main).toContain(`<a href="/mentor/mentees/${p.menteeId}">${p.menteeCode}</a>`);
    const shown = text(page.text);
    expect(shown).toContain(p.employerName);
    expect(shown).toContain('Ausbildung Lager (m/w/d)');
    expect(shown).toContain('Ausbildung');
    expect(shown).toMatch(/Sozialversicherungspflichtig Ja/);
    expect(shown).toMatch(/Qualifikationsgerecht Ja/);
    expect(shown).toMatch(/Stand Läuft/);
    const states = [...main.matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);
    expect(states).toEqual(['overdue', 'due', 'upcoming', 'upcoming']);
    expect(shown).toContain('Noch keine Kontakte eingetragen.');
    expect(inputValues(page.text, 'date')).toEqual([today]);
    expect(inputValues(page.text, 'endedOn')).toEqual([today]);
    expect(choices(page.text, 'concerns').values).toEqual(['language', 'workplace', 'school', 'childcare', 'housing', 'other']);
    expect(choices(page.text, 'reason').values).toEqual(['dropped_out', 'dismissed', 'changed_job', 'moved_away', 'other']);
  });

  it('calls a placement running for six months sustained', async () => {
    const p = await placed(addMonths(today, -6));
    const page = await mentor.agent.get(pageOf(p));
    expect(text(page.text)).toMatch(/Stand Nachhaltig/);
    const json = await mentor.agent.get(pageOf(p)).set('Accept', 'application/json');
    expect(json.body.placement.status).toBe('sustained');
  });

  it('answers JSON with the schedule and contacts', async () => {
    const start = addDays(today, -20);
    const p = await placed(start);
    const json = await mentor.agent.get(pageOf(p)).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.placement).toMatchObject({
      id: p.placementId,
      menteeCode: p.menteeCode,
      employerName: p.employerName,
      startDate: start,
      status: 'active',
      endedOn: null,
    });
    expect(json.body.schedule.map((c: { key: string }) => c.key)).toEqual(['2w', '1m', '3m', '6m']);
    expect(json.body.schedule[0]).toMatchObject({ key: '2w', dueDate: addDays(start, 14), state: 'overdue', next: true });
    expect(json.body.contacts).toEqual([]);
    expect(typeof json.body.csrfToken).toBe('string');
  });
});

describe('recording a contact', () => {
  it('saves it, shows it newest first, and marks the check-in done', async () => {
    const start = addDays(today, -25);
    const p = await placed(start);
    const first = await postForm(mentor.agent, p, 'follow-ups', {
      date: addDays(start, 13),
      concerns: ['language', 'childcare'],
      note: 'Kita-Platz ab Mai gesucht.',
    });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`${pageOf(p)}?saved=contact`);
    const second = await postForm(mentor.agent, p, 'follow-ups', { date: today, dropoutRisk: 'on', note: 'Streit mit dem Vorarbeiter.' });
    expect(second.status).toBe(303);

    const page = await mentor.agent.get(`${pageOf(p)}?saved=contact`);
    const shown = text(page.text);
    expect(shown).toContain('Der Kontakt ist gespeichert.');
    expect(shown.indexOf('Streit mit dem Vorarbeiter.')).toBeLessThan(shown.indexOf('Kita-Platz ab Mai gesucht.'));
    expect(shown).toContain('Sprache');
    expect(shown).toContain('Kinderbetreuung');
    expect(shown).toContain('Abbruchgefahr');
    // The first contact made the 2-week check-in, the second (at most a week before it is due) the 1-month one.
    expect(shown).toContain(`Nach 2 Wochen ${germanDate(addDays(start, 14))} erledigt am ${germanDate(addDays(start, 13))}`);
    expect(shown).toContain(`Nach 1 Monat ${germanDate(addMonths(start, 1))} erledigt am ${germanDate(today)}`);
    const states = [...mainOf(page.text).matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);
    expect(states).toEqual(['upcoming', 'upcoming']);

    const rows = await app.db
      .selectFrom('follow_ups')
      .selectAll()
      .where('placement_id', '=', p.placementId)
      .orderBy('contact_date')
      .execute();
    expect(rows.map((r) => [r.contact_date, r.concerns, r.dropout_risk, r.created_by])).toEqual([
      [addDays(start, 13), ['language', 'childcare'], false, mentor.accountId],
      [today, [], true, mentor.accountId],
    ]);
  });

  it('answers 201 with the id for JSON', async () => {
    const p = await placed(addDays(today, -3));
    const token = csrfFrom((await mentor.agent.get(pageOf(p))).text);
    const response = await mentor.agent
      .post(`${pageOf(p)}/follow-ups`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ date: today, concerns: ['housing'], dropoutRisk: true, note: '' });
    expect(response.status).toBe(201);
    const row = await app.db.selectFrom('follow_ups').selectAll().where('id', '=', response.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ placement_id: p.placementId, contact_date: today, concerns: ['housing'], dropout_risk: true });
  });

  it.each([
    ['a date in the future', { date: addDays(today, 1) }, 'date', 'Das Datum des Kontakts darf nicht in der Zukunft liegen'],
    [
      'a date before the start',
      { date: addDays(today, -11) },
      'date',
      'Das Datum des Kontakts darf nicht vor dem Beginn der Stelle liegen',
    ],
    [
      'a date that is no date',
      { date: '2026-02-30' },
      'date',
      'Geben Sie das Datum des Kontakts als Jahr-Monat-Tag ein, zum Beispiel 2026-03-15',
    ],
    ['an unknown concern', { concerns: ['language', 'money'] }, 'concerns', 'Wählen Sie die Themen aus der Liste'],
    [
      'an e-mail address in the note',
      { note: 'Sie ist erreichbar unter anna.k@example.org' },
      'note',
      'Entfernen Sie E-Mail-Adressen und Telefonnummern aus der Notiz',
    ],
    [
      'a phone number in the note',
      { note: 'Rückruf unter 0351 4567890' },
      'note',
      'Entfernen Sie E-Mail-Adressen und Telefonnummern aus der Notiz',
    ],
    ['a note that is too long', { note: 'a'.repeat(1001) }, 'note', 'Die Notiz darf höchstens 1000 Zeichen lang sein'],
  ])('refuses %s with 422, the message at the field, and the values kept', async (_name, override, field, message) => {
    const p = await placed(addDays(today, -10));
    const values = { date: today, concerns: ['workplace'], dropoutRisk: 'on', note: 'Alles gut.', ...override };
    const response = await postForm(mentor.agent, p, 'follow-ups', values);
    expect(response.status).toBe(422);
    expect(pageTitle(response.text)).toMatch(/^Fehler: Vermittlung /);
    expect(errorSummaryLinks(response.text)).toEqual([{ href: `#${field}`, text: message }]);
    expect(fieldError(response.text, field)).toBe(message);
    expect(inputValues(response.text, 'date')).toEqual([values.date]);
    expect(choices(response.text, 'concerns').checked).toEqual(values.concerns.filter((c) => c !== 'money'));
    expect(choices(response.text, 'dropoutRisk').checked).toEqual(['on']);
    expect(textareaValue(response.text, 'note')).toBe(values.note);
    // The end form keeps its own defaults and shows no error.
    expect(inputValues(response.text, 'endedOn')).toEqual([today]);
    expect(fieldError(response.text, 'endNote')).toBeUndefined();
    expect(await app.db.selectFrom('follow_ups').select('id').where('placement_id', '=', p.placementId).execute()).toEqual([]);
  });

  it('answers 422 with the fields for JSON', async () => {
    const p = await placed(addDays(today, -10));
    const token = csrfFrom((await mentor.agent.get(pageOf(p))).text);
    const response = await mentor.agent
      .post(`${pageOf(p)}/follow-ups`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ date: addDays(today, 2), concerns: 'nonsense' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.fields).toEqual({
      date: 'Das Datum des Kontakts darf nicht in der Zukunft liegen',
      concerns: 'Wählen Sie die Themen aus der Liste',
    });
  });
});

describe('ending a placement', () => {
  it('records the end, puts the mentee back to active, and the index says so', async () => {
    const p = await placed(addDays(today, -40));
    await flushOutbox(app);
    expect(await indexedStatus(p.menteeId)).toBe('placed');

    const response = await postForm(mentor.agent, p, 'end', {
      endedOn: addDays(today, -2),
      reason: 'dropped_out',
      note: 'Zu weiter Arbeitsweg.',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${pageOf(p)}?saved=ended`);

    const row = await app.db.selectFrom('placements').selectAll().where('id', '=', p.placementId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ended_on: addDays(today, -2), end_reason: 'dropped_out', end_note: 'Zu weiter Arbeitsweg.' });
    expect((await menteeRow(app, p.menteeId)).status).toBe('active');
    await flushOutbox(app);
    expect(await indexedStatus(p.menteeId)).toBe('active');

    const page = await mentor.agent.get(`${pageOf(p)}?saved=ended`);
    const shown = text(page.text);
    expect(shown).toContain('Die Vermittlung ist als beendet eingetragen.');
    expect(shown).toMatch(/Stand Beendet/);
    expect(shown).toContain('Abgebrochen');
    expect(shown).toContain('Zu weiter Arbeitsweg.');
    expect(page.text).not.toContain(`action="${pageOf(p)}/end"`);
    expect(page.text).not.toContain(`action="${pageOf(p)}/follow-ups"`);
  });

  it('answers 409 the second time, and to a contact after the end', async () => {
    const p = await placed(addDays(today, -40));
    const token = csrfFrom((await mentor.agent.get(pageOf(p))).text);
    const end = () =>
      mentor.agent
        .post(`${pageOf(p)}/end`)
        .set('Accept', 'application/json')
        .set('x-csrf-token', token)
        .send({ endedOn: today, reason: 'changed_job' });
    const first = await end();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: p.placementId, endedOn: today, reason: 'changed_job' });
    const second = await end();
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('placement_ended');
    const contact = await mentor.agent
      .post(`${pageOf(p)}/follow-ups`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ date: today });
    expect(contact.status).toBe(409);
    const row = await app.db.selectFrom('placements').select(['end_reason']).where('id', '=', p.placementId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('changed_job');
  });

  it('leaves a mentee placed who has another running placement', async () => {
    const p = await placed(addDays(today, -100));
    const other = await placed(addDays(today, -10));
    // The same mentee placed again (changed jobs): point the second placement at the first mentee.
    await app.db.updateTable('placements').set({ mentee_id: p.menteeId }).where('id', '=', other.placementId).execute();
    const response = await postForm(mentor.agent, p, 'end', { endedOn: addDays(today, -11), reason: 'changed_job' });
    expect(response.status).toBe(303);
    expect((await menteeRow(app, p.menteeId)).status).toBe('placed');
  });

  it('refuses a bad end with 422 at the end form, keeping what was typed', async () => {
    const p = await placed(addDays(today, -10));
    const response = await postForm(mentor.agent, p, 'end', { endedOn: addDays(today, -12), note: 'Ruft an: +49 351 1234567' });
    expect(response.status).toBe(422);
    expect(errorSummaryLinks(response.text)).toEqual([
      { href: '#endedOn', text: 'Das Ende darf nicht vor dem Beginn der Stelle liegen' },
      { href: '#reason', text: 'Wählen Sie den Grund für das Ende' },
      { href: '#endNote', text: 'Entfernen Sie E-Mail-Adressen und Telefonnummern aus der Notiz' },
    ]);
    expect(fieldError(response.text, 'endedOn')).toBe('Das Ende darf nicht vor dem Beginn der Stelle liegen');
    expect(fieldError(response.text, 'reason')).toBe('Wählen Sie den Grund für das Ende');
    expect(fieldError(response.text, 'endNote')).toBe('Entfernen Sie E-Mail-Adressen und Telefonnummern aus der Notiz');
    expect(fieldError(response.text, 'note')).toBeUndefined();
    expect(inputValues(response.text, 'endedOn')).toEqual([addDays(today, -12)]);
    expect(response.text).toContain('>Ruft an: +49 351 1234567</textarea>');
    expect(inputValues(response.text, 'date')).toEqual([today]);
    const row = await app.db.selectFrom('placements').select('ended_on').where('id', '=', p.placementId).executeTakeFirstOrThrow();
    expect(row.ended_on).toBeNull();
    expect((await menteeRow(app, p.menteeId)).status).toBe('placed');
  });
});

describe('the project boundary', () => {
  it("answers 404 to another project's mentor for every placement route", async () => {
    const p = await placed(addDays(today, -20));
    const stranger = await mentorOf(app, await projectIdOf(app, 'aul-leipzig'));
    const token = csrfFrom((await stranger.agent.get('/mentor/follow-ups')).text);
    expect((await stranger.agent.get(pageOf(p))).status).toBe(404);
    expect((await stranger.agent.get(pageOf(p)).set('Accept', 'application/json')).status).toBe(404);
    const contact = await stranger.agent
      .post(`${pageOf(p)}/follow-ups`)
      .type('form')
      .send(encodeForm({ _csrf: token, date: today }));
    expect(contact.status).toBe(404);
    const end = await stranger.agent
      .post(`${pageOf(p)}/end`)
      .type('form')
      .send(encodeForm({ _csrf: token, endedOn: today, reason: 'other' }));
    expect(end.status).toBe(404);
    expect(await app.db.selectFrom('follow_ups').select('id').where('placement_id', '=', p.placementId).execute()).toEqual([]);
    expect(
      (await app.db.selectFrom('placements').select('ended_on').where('id', '=', p.placementId).executeTakeFirstOrThrow()).ended_on,
    ).toBeNull();
  });

  it('answers 404 to an id that is no placement, and sends others to log in', async () => {
    expect((await mentor.agent.get('/mentor/placements/not-a-uuid')).status).toBe(404);
    expect((await mentor.agent.get('/mentor/placements/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const p = await placed(addDays(today, -20));
    const anonymous = await app.inject({ method: 'GET', url: pageOf(p) });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });
});
