import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPlace } from '../../server/places/queries.ts';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { closeVacancy, haversineKm, searchWord } from '../search/support.ts';
import { createTestMentee, mentorOf, postForm, twoProjects } from './support.ts';

/*
 * Browsing apprenticeships together (GET /mentor/mentees/:id/browse) against
 * the real Meilisearch: only apprenticeships within the mentee's travel
 * distance and German level, in the mentee's language, each with the form
 * that puts it on the shortlist.
 */

const app = useTestApp();
let mentor: { agent: Agent; accountId: string; projectId: number };
const word = searchWord();
const ids: Record<string, string> = {};
let towns: Record<string, { lat: number; lng: number }>;

const GERMAN_LEVELS = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'];

beforeAll(async () => {
  const [projectId] = await twoProjects(app);
  mentor = { ...(await mentorOf(app, projectId)), projectId };
  const employer = await loginAs(app, (await createEmployer(app)).email);

  towns = {};
  for (const name of ['Dresden', 'Pirna', 'Meißen']) {
    const place = await findPlace(app.db, name);
    if (!place) throw new Error(`The gazetteer has no ${name}`);
    towns[name] = { lat: place.lat, lng: place.lng };
  }
  // The cases below rely on these distances from Dresden (the mentee travels up to 20 km).
  expect(haversineKm(towns.Dresden!, towns.Pirna!)).toBeLessThan(19);
  expect(haversineKm(towns.Dresden!, towns['Meißen']!)).toBeGreaterThan(21);

  const post = (name: string, overrides: Record<string, string>, publish = true) =>
    postVacancy(
      employer,
      {
        kind: 'apprenticeship',
        occupation: '11522',
        durationMonths: '36',
        title: `Ausbildung Tierpflege ${name} ${word}`,
        summary: `Sie pflegen Tiere (${name}). Sie füttern sie und machen die Ställe sauber.`,
        town: 'Dresden',
        germanLevel: 'A2',
        ...overrides,
      },
      publish,
    ).then((id) => (ids[name] = id));
  await post('inDresden', {});
  await post('inPirna', { town: 'Pirna', germanLevel: 'B1', startDate: '2027-08-01' });
  await post('noGerman', { germanLevel: 'none' });
  await post('inMeissen', { town: 'Meißen', germanLevel: 'A1' });
  await post('inLeipzig', { town: 'Leipzig', germanLevel: 'A1' });
  await post('tooHard', { germanLevel: 'B2' });
  await post('aJob', { kind: 'job', durationMonths: '', germanLevel: 'A1' });
  await post('draft', {}, false);
  await post('closed', {});
  await closeVacancy(employer, ids.closed!);
  await flushOutbox(app);
});

const hitIds = (body: { hits: { id: string }[] }) => body.hits.map((h) => h.id).sort();
const idsOf = (...names: string[]) => names.map((n) => ids[n]!).sort();

describe('browsing apprenticeships together', () => {
  it('lists only apprenticeships within the travel distance and German level', async () => {
    const mentee = await createTestMentee(app, mentor, { germanLevel: 'B1', travelKm: '20', homeTown: 'Dresden', locale: 'en' });
    const json = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).query({ q: word }).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.degraded).toBe(false);
    expect(hitIds(json.body)).toEqual(idsOf('inDresden', 'inPirna', 'noGerman'));
    expect(json.body.total).toBe(3);
  });

  it('keeps every hard filter without a search word too', async () => {
    const mentee = await createTestMentee(app, mentor, { germanLevel: 'A2', travelKm: '20', homeTown: 'Dresden' });
    const json = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.hits.length).toBeGreaterThan(0);
    for (const hit of json.body.hits) {
      expect(hit.kind).toBe('apprenticeship');
      expect(GERMAN_LEVELS.indexOf(hit.germanLevel)).toBeLessThanOrEqual(GERMAN_LEVELS.indexOf('A2'));
      expect(haversineKm(towns.Dresden!, hit.location)).toBeLessThanOrEqual(20.5);
    }
    // Without a word the suite's other apprenticeships near Dresden share the list: read every page, not only the first.
    const seen = new Set<string>();
    for (let page = 1; page <= 50; page += 1) {
      const next = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).query({ page }).set('Accept', 'application/json');
      for (const hit of next.body.hits as { id: string; kind: string; location: { lat: number; lng: number } }[]) {
        expect(hit.kind).toBe('apprenticeship');
        expect(haversineKm(towns.Dresden!, hit.location)).toBeLessThanOrEqual(20.5);
        seen.add(hit.id);
      }
      if (next.body.hits.length === 0 || seen.size >= next.body.total) break;
    }
    expect(seen).toContain(ids.inDresden);
    expect(seen).not.toContain(ids.inPirna);
  });

  it('shows a mentee without German only the vacancies that need none', async () => {
    const mentee = await createTestMentee(app, mentor, { germanLevel: 'none', travelKm: '20', homeTown: 'Dresden', locale: 'de' });
    const json = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).query({ q: word }).set('Accept', 'application/json');
    expect(hitIds(json.body)).toEqual(idsOf('noGerman'));
    const page = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).query({ q: word });
    expect(page.text).toContain('1 Ausbildungsplatz gefunden');
  });

  it('speaks the mentee’s language: page language, occupation names, summaries', async () => {
    const mentee = await createTestMentee(app, mentor, { germanLevel: 'B1', travelKm: '20', homeTown: 'Dresden', locale: 'en' });
    const page = await mentor.agent.get(`/mentor/mentees/${mentee.id}/browse`).query({ q: word });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en"');
    expect(page.text).toContain('Apprenticeships for you');
    expect(page.text).toContain('3 apprenticeships found');
    expect(page.text).toContain('Animal keeper');
    expect(page.text).not.toContain('Tierpflegerin / Tierpfleger');
    // The employer's summary stays German, marked so, with its own direction in a right-to-left page.
    expect(page.text).toContain('<div class="simple-summary"><p lang="de" dir="auto">Sie pflegen Tiere (inPirna).');
    expect(page.text).toMatch(/<bdi lang="de">Pirna<\/bdi> · 1[5-9] km away/);
    expect(page.text).toContain('Start: 1 Aug 2027');
    for (const name of ['inDresden', 'inPirna', 'noGerman']) expect(page.text).toContain(`name="vacancyId" value="${ids[name]}"`);
    for (const name of ['inMeissen', 'inLeipzig', 'tooHard', 'aJob', 'draft', 'closed']) expect(page.text).not.toContain(ids[name]);

    const german = await createTestMentee(app, mentor, { germanLevel: 'B1', travelKm: '20', homeTown: 'Dresden', locale: 'de' });
    const inGerman = await mentor.agent.get(`/mentor/mentees/${german.id}/browse`).query({ q: word });
    expect(inGerman.text).toContain('<html lang="de"');
    expect(inGerman.text).toContain('Tierpflegerin / Tierpfleger');
    expect(inGerman.text).not.toContain('Animal keeper');
  });

  it('puts a vacancy on the shortlist from the page and comes back to it', async () => {
    const mentee = await createTestMentee(app, mentor, { germanLevel: 'B1', travelKm: '20', homeTown: 'Dresden', locale: 'en' });
    const path = `/mentor/mentees/${mentee.id}/browse?q=${word}`;
    const page = await mentor.agent.get(path);
    const form = new RegExp(
      `<form method="post" action="/mentor/mentees/${mentee.id}/shortlist">[\\s\\S]*?name="_csrf" value="([^"]+)"[\\s\\S]*?name="vacancyId" value="${ids.inPirna}"[\\s\\S]*?name="returnTo" value="([^"]+)"`,
    ).exec(page.text);
    expect(form).not.toBeNull();
    expect(page.text).toContain('Add to shortlist');

    const added = await postForm(mentor.agent, `/mentor/mentees/${mentee.id}/shortlist`, {
      _csrf: form![1]!,
      vacancyId: ids.inPirna!,
      returnTo: form![2]!.replaceAll('&#x3D;', '='),
    });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(path);
    const rows = await app.db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', mentee.id).execute();
    expect(rows.map((r) => r.vacancy_id)).toEqual([ids.inPirna]);

    const after = await mentor.agent.get(path);
    expect(after.text).toContain('On the shortlist');
    expect(after.text).not.toContain(`name="vacancyId" value="${ids.inPirna}"`);
    expect(after.text).toContain(`name="vacancyId" value="${ids.inDresden}"`);
  });
});
