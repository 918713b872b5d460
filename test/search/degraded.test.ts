import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { startEmbeddedMeilisearch, type EmbeddedMeiliHandle } from '../../server/embedded/meilisearch.ts';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { DRESDEN, haversineKm, searchWord, sorted, waitFor } from './support.ts';

/**
 * Meilisearch goes away (killed hard) and comes back. This file runs its own
 * Meilisearch so killing it cannot disturb other test files.
 */
let handle: EmbeddedMeiliHandle;
let dataDir: string;
let app: FastifyInstance;
let agent: Agent;
const word = searchWord();
const v = {} as Record<'dresdenJob' | 'pirnaAppr' | 'freibergAppr' | 'leipzigJob', string>;
let lateId: string;

const api = (query: Record<string, string>) => request(app.server).get('/api/v1/vacancies').query(query);
const idsOf = (body: { hits: { id: string }[] }) => sorted(body.hits.map((h) => h.id));
let before: { ids: string[]; radius: string[]; kind: string[]; level: string[] };

beforeAll(async () => {
  // The outbox is shared through the database: push what other files left to the shared
  // Meilisearch first, so this file's private one does not swallow it.
  const shared = await buildTestApp();
  await flushOutbox(shared);
  await shared.close();

  dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-degraded-'));
  const key = randomBytes(16).toString('hex');
  handle = await startEmbeddedMeilisearch({ dataDir, masterKey: key });
  app = await buildTestApp({ services: { meiliUrl: handle.url, meiliMasterKey: key }, searchHealthIntervalMs: 200 });
  const employer = await createEmployer(app, { organisation: `Logistik ${word}` });
  agent = await loginAs(app, employer.email);
  v.dresdenJob = await postVacancy(agent, {
    title: `Lagerhelfer Dresden ${word}`,
    town: 'Dresden',
    kind: 'job',
    germanLevel: 'A2',
    workingTime: 'full',
  });
  v.pirnaAppr = await postVacancy(agent, {
    title: `Ausbildung Lager Pirna ${word}`,
    town: 'Pirna',
    kind: 'apprenticeship',
    germanLevel: 'A1',
    workingTime: 'full',
    durationMonths: '36',
  });
  v.freibergAppr = await postVacancy(agent, {
    title: `Ausbildung Lager Freiberg ${word}`,
    town: 'Freiberg',
    kind: 'apprenticeship',
    germanLevel: 'B1',
    workingTime: 'part',
    durationMonths: '36',
  });
  v.leipzigJob = await postVacancy(agent, {
    title: `Lager Leipzig ${word}`,
    town: 'Leipzig',
    kind: 'job',
    germanLevel: 'C1',
    workingTime: 'part',
  });
  await postVacancy(agent, { title: `Entwurf ${word}` }, false);
  await flushOutbox(app);

  // The same questions while Meilisearch is up, to compare with the fallback.
  const all = await api({ q: word, perPage: '100' });
  expect(all.body.degraded).toBe(false);
  before = {
    ids: idsOf(all.body),
    radius: idsOf((await api({ q: word, town: 'Dresden', radiusKm: '25', perPage: '100' })).body),
    kind: idsOf((await api({ q: word, kind: 'apprenticeship', perPage: '100' })).body),
    level: idsOf((await api({ q: word, germanLevel: 'A2', perPage: '100' })).body),
  };
  expect(before.ids).toEqual(sorted(Object.values(v)));

  await handle.kill();
  // Until the app notices (its next health check), a question it has just answered may come from
  // its cache: still a correct answer. What follows is about search once the app knows it is down.
  expect(await waitFor(() => !app.searchEngine.available(), 5_000)).toBe(true);
});

afterAll(async () => {
  await app?.close();
  await handle?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('with Meilisearch killed', () => {
  it('the API answers from PostgreSQL with the same vacancies, marked degraded', async () => {
    const res = await api({ q: word, perPage: '100' });
    expect(res.status).toBe(200);
    expect(res.body.degraded).toBe(true);
    expect(Object.keys(res.body).sort()).toEqual(['degraded', 'facets', 'hits', 'page', 'perPage', 'total']);
    expect(res.body.total).toBe(4);
    expect(idsOf(res.body)).toEqual(before.ids);
    expect(res.body.facets).toEqual({
      kind: { job: 2, apprenticeship: 2 },
      germanLevel: { A1: 1, A2: 1, B1: 1, C1: 1 },
      workingTime: { full: 2, part: 2 },
    });
    const hit = res.body.hits.find((h: { id: string }) => h.id === v.pirnaAppr);
    expect(hit).toMatchObject({
      title: `Ausbildung Lager Pirna ${word}`,
      kind: 'apprenticeship',
      occupation: { code: '51312', title: 'Fachkraft für Lagerlogistik' },
      employer: { name: `Logistik ${word}` },
      town: 'Pirna',
      postcode: '01796',
      distanceKm: null,
      germanLevel: 'A1',
      workingTime: 'full',
      startDate: '2027-01-15',
      url: `/vacancies/${v.pirnaAppr}`,
    });
    expect(Object.keys(hit).sort()).toEqual(
      [
        'distanceKm',
        'employer',
        'germanLevel',
        'id',
        'kind',
        'location',
        'occupation',
        'pay',
        'postcode',
        'publishedAt',
        'startDate',
        'title',
        'town',
        'url',
        'weeklyHours',
        'workingTime',
      ].sort(),
    );
    expect(app.searchEngine.available()).toBe(false);
  });

  it('finds by German word forms and occupation names (German full-text configuration)', async () => {
    // "Lagers" stems to "lag" like "Lager"; the occupation's title is searched too.
    const inflected = await api({ q: `Lagers ${word}`, perPage: '100' });
    expect(inflected.body.degraded).toBe(true);
    expect(idsOf(inflected.body)).toEqual(before.ids);
    const occupation = await api({ q: `Lagerlogistik ${word}`, perPage: '100' });
    expect(idsOf(occupation.body)).toEqual(before.ids);
    const none = await api({ q: `Pflege ${word}` });
    expect(none.body.total).toBe(0);
  });

  it('respects town and radius, kind and German level', async () => {
    const radius = await api({ q: word, town: 'Dresden', radiusKm: '25', perPage: '100' });
    expect(radius.body.degraded).toBe(true);
    expect(idsOf(radius.body)).toEqual(before.radius);
    expect(idsOf(radius.body)).toEqual(sorted([v.dresdenJob, v.pirnaAppr]));
    for (const hit of radius.body.hits) {
      expect(hit.distanceKm).toBeLessThanOrEqual(25);
      expect(haversineKm(DRESDEN, hit.location)).toBeLessThanOrEqual(25);
    }
    const postcode = await api({ q: word, town: '01067', radiusKm: '25', perPage: '100' });
    expect(idsOf(postcode.body)).toEqual(before.radius);

    const kind = await api({ q: word, kind: 'apprenticeship', perPage: '100' });
    expect(idsOf(kind.body)).toEqual(before.kind);
    expect(idsOf(kind.body)).toEqual(sorted([v.pirnaAppr, v.freibergAppr]));

    const level = await api({ q: word, germanLevel: 'A2', perPage: '100' });
    expect(idsOf(level.body)).toEqual(before.level);
    expect(idsOf(level.body)).toEqual(sorted([v.dresdenJob, v.pirnaAppr]));

    const part = await api({ q: word, workingTime: 'part', perPage: '100' });
    expect(idsOf(part.body)).toEqual(sorted([v.freibergAppr, v.leipzigJob]));

    const combined = await api({ q: word, town: 'Dresden', radiusKm: '50', kind: 'apprenticeship', germanLevel: 'B1', perPage: '100' });
    expect(idsOf(combined.body)).toEqual(sorted([v.pirnaAppr, v.freibergAppr]));
  });

  it('pages the fallback like the index', async () => {
    const pages = await Promise.all(['1', '2', '3'].map((page) => api({ q: word, perPage: '2', page })));
    expect(pages.map((p) => p.body.hits.length)).toEqual([2, 2, 0]);
    expect(pages.every((p) => p.body.total === 4 && p.body.perPage === 2 && p.body.degraded === true)).toBe(true);
    expect(sorted(pages.flatMap((p) => p.body.hits.map((h: { id: string }) => h.id)))).toEqual(before.ids);
  });

  it('hostile text stays text in the fallback too', async () => {
    for (const q of [`${word} & !x`, `${word}:* | ${word}`, `${word}' OR '1'='1`, `\\ ${word}`, `${word}" OR kind = "job`]) {
      const res = await api({ q, kind: 'apprenticeship', perPage: '100' });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toBe(true);
      expect(res.body.hits.every((h: { kind: string }) => h.kind === 'apprenticeship')).toBe(true);
    }
  });

  it('the results page says the search is limited', async () => {
    const res = await request(app.server).get('/vacancies').query({ q: word, town: 'Dresden' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Die Suche läuft gerade eingeschränkt');
    expect(res.text).toContain('2 Stellen gefunden, 1 bis 2 werden gezeigt');
    expect(res.text.split('<li class="card">')).toHaveLength(3);
  });

  it('/readyz says search down, still 200', async () => {
    expect(await waitFor(() => !app.searchEngine.available(), 5_000)).toBe(true);
    const res = await request(app.server).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ db: 'ok', search: 'down', outboxPending: expect.any(Number) });
    expect(res.body.status).not.toBe('ok');
  });

  it('writes keep working and the outbox keeps them', async () => {
    lateId = await postVacancy(agent, {
      title: `Spaet Dresden ${word}`,
      town: 'Dresden',
      kind: 'apprenticeship',
      germanLevel: 'A1',
      durationMonths: '24',
    });
    const row = await app.db.selectFrom('vacancies').select(['status']).where('id', '=', lateId).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');

    await expect(app.searchEngine.worker.drainOnce()).rejects.toThrow();
    const pending = await app.db.selectFrom('search_outbox').select(['attempts', 'last_error']).where('document_id', '=', lateId).execute();
    expect(pending.length).toBeGreaterThanOrEqual(1);
    expect(pending.every((r) => r.attempts >= 1)).toBe(true);
    expect(pending[0]!.last_error).toEqual(expect.any(String));

    // Postgres answers with it at once.
    const res = await api({ q: word, perPage: '100' });
    expect(res.body.degraded).toBe(true);
    expect(idsOf(res.body)).toContain(lateId);
    const ready = await request(app.server).get('/readyz');
    expect(ready.body.outboxPending).toBeGreaterThanOrEqual(1);
  });
});

describe('when Meilisearch is back', () => {
  it('search recovers, the outbox catches up and the new vacancy is found from the index', async () => {
    await handle.restart();
    expect(await waitFor(() => app.searchEngine.available(), 15_000)).toBe(true);
    await app.searchEngine.worker.retryNow();
    await flushOutbox(app);
    expect(await app.db.selectFrom('search_outbox').select('id').where('document_id', '=', lateId).execute()).toEqual([]);

    const doc = await app.searchEngine.admin.index(VACANCY_INDEX).getDocument(lateId);
    expect(doc).toMatchObject({ id: lateId, title: `Spaet Dresden ${word}` });

    const res = await api({ q: word, perPage: '100' });
    expect(res.status).toBe(200);
    expect(res.body.degraded).toBe(false);
    expect(idsOf(res.body)).toEqual(sorted([...before.ids, lateId]));

    const ready = await request(app.server).get('/readyz');
    expect(ready.body).toMatchObject({ status: 'ok', db: 'ok', search: 'ok' });

    const page = await request(app.server).get('/vacancies').query({ q: word });
    expect(page.text).not.toContain('Die Suche läuft gerade eingeschränkt');
  });
});
