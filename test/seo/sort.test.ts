import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { searchWord } from '../search/support.ts';

const TERMS = { weeklyHours: '40', contract: 'permanent', applyViaMentor: 'on', payKind: 'amount', payUnit: 'month' };

const app = useTestApp();
let fallback: FastifyInstance;
const word = searchWord();
/** Published in this order: Dresden (2,000 €), Leipzig (3,500 €), Chemnitz (2,800 €), each with the word in its title. */
const v = {} as Record<'dresden' | 'leipzig' | 'chemnitz', string>;

beforeAll(async () => {
  const employer = await loginAs(app, (await createEmployer(app)).email);
  v.dresden = await postVacancy(employer, { ...TERMS, title: `Lager ${word} Dresden`, town: 'Dresden', payMin: '2000' });
  v.leipzig = await postVacancy(employer, { ...TERMS, title: `Lager ${word} Leipzig`, town: 'Leipzig', payMin: '3500' });
  v.chemnitz = await postVacancy(employer, { ...TERMS, title: `Lager ${word} Chemnitz`, town: 'Chemnitz', payMin: '2800' });
  // Distinct publication times, whatever the clock's resolution.
  for (const [i, id] of [v.dresden, v.leipzig, v.chemnitz].entries()) {
    await app.db
      .updateTable('vacancies')
      .set({ published_at: new Date(Date.UTC(2026, 11, 1 + i, 9)), version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .execute();
    await app.db.insertInto('search_outbox').values({ index_name: 'vacancies', document_id: id }).execute();
  }
  await flushOutbox(app);
  // The same database with Meilisearch unreachable: the PostgreSQL fallback answers.
  fallback = await buildTestApp({ services: { meiliUrl: 'http://127.0.0.1:9' }, searchStartWaitMs: 1_000 });
});

afterAll(async () => {
  await fallback?.close();
});

const ids = (body: { hits: { id: string }[] }) => body.hits.map((h) => h.id);

describe.each([
  ['Meilisearch', () => app, false],
  ['the PostgreSQL fallback', () => fallback, true],
] as const)('sorting the API in %s', (_name, appOf, degraded) => {
  const api = (query: Record<string, string>) =>
    request(appOf().server)
      .get('/api/v1/vacancies')
      .query({ q: word, ...query });

  it('orders by newest and nearest, and by relevance by default', async () => {
    const newest = await api({ sort: 'newest' });
    expect(newest.status).toBe(200);
    expect(newest.body.degraded).toBe(degraded);
    expect(ids(newest.body)).toEqual([v.chemnitz, v.leipzig, v.dresden]);
    expect(ids((await api({ sort: 'nearest', town: 'Leipzig', radiusKm: '200' })).body)).toEqual([v.leipzig, v.chemnitz, v.dresden]);
    expect(ids((await api({ sort: 'nearest', town: 'Dresden', radiusKm: '200' })).body)).toEqual([v.dresden, v.chemnitz, v.leipzig]);
    expect(new Set(ids((await api({})).body))).toEqual(new Set(Object.values(v)));
  });

  it('orders by the highest monthly pay', async () => {
    expect(ids((await api({ sort: 'pay' })).body)).toEqual([v.leipzig, v.chemnitz, v.dresden]);
  });

  it('asks for a town to sort by distance, and refuses an unknown order', async () => {
    const nearest = await api({ sort: 'nearest' });
    expect(nearest.status).toBe(400);
    expect(nearest.body.error.fields).toEqual({ town: 'Geben Sie einen Ort ein, um nach Entfernung zu sortieren.' });
    const unknown = await api({ sort: 'cheapest' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ sort: 'Wählen Sie eine Sortierung aus der Liste.' });
  });
});

describe('the results page', () => {
  it('sorts as chosen, keeps the choice, and shows each published date', async () => {
    const page = await request(app.server).get('/vacancies').query({ q: word, sort: 'newest' });
    expect(page.status).toBe(200);
    const titles = [...page.text.matchAll(/<a href="\/vacancies\/[0-9a-f-]{36}\?back[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual([`Lager ${word} Chemnitz`, `Lager ${word} Leipzig`, `Lager ${word} Dresden`]);
    expect(page.text).toContain('<option value="newest" selected>Neueste zuerst</option>');
    expect(page.text).toContain('Veröffentlicht am 02.12.2026');
    const english = await request(app.server).get('/vacancies').query({ q: word, sort: 'newest', lang: 'en' });
    expect(english.text).toContain('Published 3 Dec 2026');
  });

  it('sorts by pay when chosen', async () => {
    const page = await request(app.server).get('/vacancies').query({ q: word, sort: 'pay' });
    const titles = [...page.text.matchAll(/<a href="\/vacancies\/[0-9a-f-]{36}\?back[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual([`Lager ${word} Leipzig`, `Lager ${word} Chemnitz`, `Lager ${word} Dresden`]);
    expect(page.text).toContain('<option value="pay" selected>Höchste Bezahlung</option>');
  });

  it('names the missing town next to its field when sorting by distance without one', async () => {
    const page = await request(app.server).get('/vacancies').query({ q: word, sort: 'nearest' });
    expect(page.status).toBe(422);
    expect(page.text).toMatch(/<p class="error-message" id="town-error">.*Geben Sie einen Ort ein, um nach Entfernung zu sortieren\.<\/p>/);
    expect(page.text).toContain('href="#town"');
  });
});
