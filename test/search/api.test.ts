import request from 'supertest';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVacancyFilter, type VacancySearch } from '../../search/vacancy-search.ts';
import { filter, quote } from '../../search/filters.ts';
import { DISTANCE_BAND_LIMITS_KM } from '../../search/near.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, flushOutbox, masterClient } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { DRESDEN, closeVacancy, haversineKm, searchWord, sorted } from './support.ts';

const HIT_KEYS = [
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
].sort();

const app = useTestApp();
let agent: Agent;
const word = searchWord();
const scratchIndex = `filtertest_${word}`;

/** My published vacancies by name. */
const v = {} as Record<'dresdenJob' | 'dresdenAppr' | 'pirnaAppr' | 'meissenJob' | 'freibergAppr' | 'leipzigJob', string>;
let draftId: string;
let closedId: string;

const api = (query: Record<string, string>) => request(app.server).get('/api/v1/vacancies').query(query);
const idsOf = (body: { hits: { id: string }[] }) => sorted(body.hits.map((h) => h.id));
const mine = (ids: Iterable<string>) => sorted([...ids].filter((id) => Object.values(v).includes(id)));

beforeAll(async () => {
  const employer = await createEmployer(app, { organisation: `Pflegedienst ${word}` });
  agent = await loginAs(app, employer.email);
  v.dresdenJob = await postVacancy(agent, {
    title: `Lagerhelfer Dresden ${word}`,
    town: 'Dresden',
    kind: 'job',
    occupation: '51312',
    germanLevel: 'A2',
    workingTime: 'full',
  });
  v.dresdenAppr = await postVacancy(agent, {
    title: `Pflege Ausbildung Dresden ${word}`,
    town: 'Dresden',
    kind: 'apprenticeship',
    occupation: '81302',
    germanLevel: 'B1',
    workingTime: 'part',
    durationMonths: '36',
  });
  v.pirnaAppr = await postVacancy(agent, {
    title: `Pflege Ausbildung Pirna ${word}`,
    town: 'Pirna',
    kind: 'apprenticeship',
    occupation: '81302',
    germanLevel: 'none',
    workingTime: 'full',
    partTimeTraining: 'on',
    durationMonths: '36',
  });
  v.meissenJob = await postVacancy(agent, {
    title: `Pflegehelfer Meissen ${word}`,
    town: 'Meissen',
    kind: 'job',
    occupation: '81301',
    germanLevel: 'B2',
    workingTime: 'either',
  });
  v.freibergAppr = await postVacancy(agent, {
    title: `Pflege Ausbildung Freiberg ${word}`,
    town: 'Freiberg',
    kind: 'apprenticeship',
    occupation: '81302',
    germanLevel: 'A1',
    workingTime: 'full',
    durationMonths: '36',
  });
  v.leipzigJob = await postVacancy(agent, {
    title: `Lager Leipzig ${word}`,
    town: 'Leipzig',
    kind: 'job',
    occupation: '51312',
    germanLevel: 'C1',
    workingTime: 'part',
  });
  draftId = await postVacancy(agent, { title: `Entwurf Dresden ${word}` }, false);
  closedId = await postVacancy(agent, { title: `Geschlossen Dresden ${word}` });
  await closeVacancy(agent, closedId);
  await flushOutbox(app);
});

afterAll(async () => {
  await masterClient()
    .deleteIndex(scratchIndex)
    .waitTask()
    .catch(() => undefined);
});

describe('GET /api/v1/vacancies', () => {
  it('answers in the shape of docs/design.md §8, with only published vacancies', async () => {
    const res = await api({ q: word, perPage: '100' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['degraded', 'facets', 'hits', 'page', 'perPage', 'total']);
    expect(res.body).toMatchObject({ total: 6, page: 1, perPage: 100, degraded: false });
    expect(Object.keys(res.body.facets).sort()).toEqual(['germanLevel', 'kind', 'workingTime']);
    expect(idsOf(res.body)).toEqual(sorted(Object.values(v)));
    expect(idsOf(res.body)).not.toContain(draftId);
    expect(idsOf(res.body)).not.toContain(closedId);
    for (const hit of res.body.hits) {
      expect(Object.keys(hit).sort()).toEqual(HIT_KEYS);
      expect(hit).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: expect.stringContaining(word),
        kind: expect.stringMatching(/^(job|apprenticeship)$/),
        occupation: { code: expect.stringMatching(/^\d{5}$/), title: expect.any(String) },
        employer: { name: `Pflegedienst ${word}` },
        town: expect.any(String),
        postcode: expect.stringMatching(/^\d{5}$/),
        location: { lat: expect.any(Number), lng: expect.any(Number) },
        distanceKm: null,
        germanLevel: expect.stringMatching(/^(none|A1|A2|B1|B2|C1|C2)$/),
        workingTime: expect.stringMatching(/^(full|part|either)$/),
        startDate: '2027-01-15',
        url: `/vacancies/${hit.id}`,
      });
      expect(Object.keys(hit.occupation).sort()).toEqual(['code', 'title']);
      expect(Object.keys(hit.employer)).toEqual(['name']);
      expect(Number.isNaN(Date.parse(hit.publishedAt))).toBe(false);
    }
    const pirna = res.body.hits.find((h: { id: string }) => h.id === v.pirnaAppr);
    expect(pirna).toMatchObject({
      kind: 'apprenticeship',
      town: 'Pirna',
      postcode: '01796',
      germanLevel: 'none',
      workingTime: 'full',
      occupation: { code: '81302', title: 'Pflegefachfrau / Pflegefachmann' },
    });
  });

  it('counts the facets of the whole result', async () => {
    const res = await api({ q: word, perPage: '1' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.hits).toHaveLength(1);
    expect(res.body.facets).toEqual({
      kind: { job: 3, apprenticeship: 3 },
      germanLevel: { none: 1, A1: 1, A2: 1, B1: 1, B2: 1, C1: 1 },
      workingTime: { full: 3, part: 2, either: 1 },
    });
    const jobs = await api({ q: word, kind: 'job' });
    expect(jobs.body.facets.kind).toEqual({ job: 3 });
    expect(jobs.body.facets.workingTime).toEqual({ full: 1, part: 1, either: 1 });
  });

  it('keeps to the radius around a town and gives each hit its distance', async () => {
    const res = await api({ q: word, town: 'Dresden', radiusKm: '25', perPage: '100' });
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual(sorted([v.dresdenJob, v.dresdenAppr, v.pirnaAppr, v.meissenJob]));
    expect(idsOf(res.body)).not.toContain(v.freibergAppr);
    expect(idsOf(res.body)).not.toContain(v.leipzigJob);
    for (const hit of res.body.hits) {
      expect(hit.distanceKm).toEqual(expect.any(Number));
      expect(hit.distanceKm).toBeLessThanOrEqual(25);
      const own = haversineKm(DRESDEN, hit.location);
      expect(own).toBeLessThanOrEqual(25);
      expect(Math.abs(hit.distanceKm - own)).toBeLessThanOrEqual(0.06);
    }
    const pirna = res.body.hits.find((h: { id: string }) => h.id === v.pirnaAppr);
    expect(pirna.distanceKm).toBeGreaterThan(15);
    expect(pirna.distanceKm).toBeLessThan(20);
    // without a text query, the nearest come first: distance band after band (search/near.ts), newest first inside one
    const near = await api({ town: 'Dresden', radiusKm: '25', perPage: '100' });
    const bands = near.body.hits.map((h: { location: { lat: number; lng: number } }) =>
      DISTANCE_BAND_LIMITS_KM.findIndex((limit) => haversineKm(DRESDEN, h.location) <= limit + 0.001),
    );
    expect(bands).toEqual([...bands].sort((a, b) => a - b));
    expect(near.body.hits.every((h: { distanceKm: number }) => h.distanceKm <= 25)).toBe(true);
  });

  it('widens and narrows with the radius', async () => {
    const wide = await api({ q: word, town: 'Dresden', radiusKm: '50', perPage: '100' });
    expect(idsOf(wide.body)).toEqual(sorted([v.dresdenJob, v.dresdenAppr, v.pirnaAppr, v.meissenJob, v.freibergAppr]));
    const inTown = await api({ q: word, town: 'Dresden', radiusKm: '0', perPage: '100' });
    expect(idsOf(inTown.body)).toEqual(sorted([v.dresdenJob, v.dresdenAppr]));
    expect(inTown.body.hits.every((h: { distanceKm: number }) => h.distanceKm === 0)).toBe(true);
    const narrow = await api({ q: word, town: 'Dresden', radiusKm: '20', perPage: '100' });
    expect(idsOf(narrow.body)).toEqual(sorted([v.dresdenJob, v.dresdenAppr, v.pirnaAppr]));
  });

  it('accepts a postcode as the town', async () => {
    const byName = await api({ q: word, town: 'Dresden', radiusKm: '25', perPage: '100' });
    const byPostcode = await api({ q: word, town: '01067', radiusKm: '25', perPage: '100' });
    expect(byPostcode.status).toBe(200);
    expect(idsOf(byPostcode.body)).toEqual(idsOf(byName.body));
    expect(byPostcode.body.hits.every((h: { distanceKm: number }) => h.distanceKm <= 25)).toBe(true);
  });

  it('filters by kind', async () => {
    const res = await api({ q: word, kind: 'apprenticeship' });
    expect(res.status).toBe(200);
    expect(res.body.hits.every((h: { kind: string }) => h.kind === 'apprenticeship')).toBe(true);
    expect(idsOf(res.body)).toEqual(sorted([v.dresdenAppr, v.pirnaAppr, v.freibergAppr]));
    const jobs = await api({ q: word, kind: 'job' });
    expect(idsOf(jobs.body)).toEqual(sorted([v.dresdenJob, v.meissenJob, v.leipzigJob]));
  });

  it('filters by the searcher’s German level: only vacancies requiring at most that', async () => {
    const res = await api({ q: word, germanLevel: 'A2' });
    expect(res.status).toBe(200);
    expect(res.body.hits.every((h: { germanLevel: string }) => ['none', 'A1', 'A2'].includes(h.germanLevel))).toBe(true);
    expect(idsOf(res.body)).toEqual(sorted([v.dresdenJob, v.pirnaAppr, v.freibergAppr]));
    const a1 = await api({ q: word, germanLevel: 'A1' });
    expect(idsOf(a1.body)).toEqual(sorted([v.pirnaAppr, v.freibergAppr]));
    const c2 = await api({ q: word, germanLevel: 'C2' });
    expect(c2.body.total).toBe(6);
  });

  it('filters by working time: part finds part-time, either and part-time training', async () => {
    const part = await api({ q: word, workingTime: 'part' });
    expect(part.status).toBe(200);
    expect(idsOf(part.body)).toEqual(sorted([v.dresdenAppr, v.pirnaAppr, v.meissenJob, v.leipzigJob]));
    for (const hit of part.body.hits) {
      expect(['part', 'either'].includes(hit.workingTime) || hit.id === v.pirnaAppr).toBe(true);
    }
    const full = await api({ q: word, workingTime: 'full' });
    expect(idsOf(full.body)).toEqual(sorted([v.dresdenJob, v.pirnaAppr, v.meissenJob, v.freibergAppr]));
  });

  it('combines filters', async () => {
    const res = await api({ q: word, town: 'Dresden', radiusKm: '25', kind: 'apprenticeship', germanLevel: 'A2' });
    expect(idsOf(res.body)).toEqual([v.pirnaAppr]);
    expect(res.body.total).toBe(1);
  });

  it('pages through the results', async () => {
    const page2 = await api({ q: word, perPage: '2', page: '2' });
    expect(page2.status).toBe(200);
    expect(page2.body).toMatchObject({ total: 6, page: 2, perPage: 2 });
    expect(page2.body.hits).toHaveLength(2);
    const pages = await Promise.all(['1', '2', '3', '4'].map((page) => api({ q: word, perPage: '2', page })));
    const all = pages.flatMap((p) => p.body.hits.map((h: { id: string }) => h.id));
    expect(all).toHaveLength(6);
    expect(sorted(new Set(all))).toEqual(sorted(Object.values(v)));
    expect(pages[1]!.body.hits.map((h: { id: string }) => h.id)).toEqual(page2.body.hits.map((h: { id: string }) => h.id));
    expect(pages[3]!.body.hits).toEqual([]);
    expect(pages[3]!.body.total).toBe(6);
  });

  it('answers the issue’s example: Pflege apprenticeships within 25 km of Dresden', async () => {
    const found = new Set<string>();
    for (let page = 1; ; page += 1) {
      const res = await api({ q: 'Pflege', town: 'Dresden', radiusKm: '25', kind: 'apprenticeship', perPage: '100', page: String(page) });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toBe(false);
      for (const hit of res.body.hits) {
        expect(hit.kind).toBe('apprenticeship');
        expect(hit.distanceKm).toBeLessThanOrEqual(25);
        expect(haversineKm(DRESDEN, hit.location)).toBeLessThanOrEqual(25);
        found.add(hit.id);
      }
      if (page * 100 >= res.body.total) break;
    }
    expect(mine(found)).toEqual(sorted([v.dresdenAppr, v.pirnaAppr]));
  });

  describe('bad values: 400 with the parameter named', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['radiusKm above 200', { town: 'Dresden', radiusKm: '500' }, 'radiusKm'],
      ['radiusKm below 0', { town: 'Dresden', radiusKm: '-1' }, 'radiusKm'],
      ['radiusKm not a number', { town: 'Dresden', radiusKm: 'abc' }, 'radiusKm'],
      ['radiusKm Infinity', { town: 'Dresden', radiusKm: 'Infinity' }, 'radiusKm'],
      ['radiusKm NaN', { town: 'Dresden', radiusKm: 'NaN' }, 'radiusKm'],
      ['kind unknown', { kind: 'boss' }, 'kind'],
      ['germanLevel unknown', { germanLevel: 'Z9' }, 'germanLevel'],
      ['germanLevel none (not a searcher level)', { germanLevel: 'none' }, 'germanLevel'],
      ['workingTime unknown', { workingTime: 'either' }, 'workingTime'],
      ['perPage 0', { perPage: '0' }, 'perPage'],
      ['perPage 101', { perPage: '101' }, 'perPage'],
      ['perPage not whole', { perPage: '2.5' }, 'perPage'],
      ['page -1', { page: '-1' }, 'page'],
      ['page 0', { page: '0' }, 'page'],
      ['page abc', { page: 'abc' }, 'page'],
      ['occupation not a code', { occupation: 'abc' }, 'occupation'],
      ['q too long', { q: 'x'.repeat(201) }, 'q'],
      ['radiusKm without town', { radiusKm: '25' }, 'town'],
      ['unknown town', { town: 'Atlantis' }, 'town'],
    ];
    it.each(cases)('%s', async (_name, query, field) => {
      const res = await api(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.error.code).toBe('invalid_query');
      expect(res.body.error.message).toContain(field);
      expect(Object.keys(res.body.error.fields)).toContain(field);
      expect(res.body.error.fields[field]).toEqual(expect.any(String));
      expect(res.body.error.fields[field]).not.toMatch(/^search\.errors\./); // translated, not the key
    });
  });

  describe('hostile input never breaks or widens a filter', () => {
    const hostile = [
      'Dresden" OR kind = "job',
      '\\',
      'a" AND germanLevelRank >= 0 AND "',
      '"',
      '\\"',
      "Dresden' OR '1'='1",
      ') OR (kind = job',
      '_geoRadius(0, 0, 99999999)',
    ];

    it.each(hostile)('town %j is an unknown town (400), never a 500', async (value) => {
      const res = await api({ q: word, town: value });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['town']);
      const page = await request(app.server).get('/vacancies').query({ q: word, town: value });
      expect(page.status).toBe(422);
      expect(page.text).toContain('id="town-error"');
    });

    it.each(hostile)('q %j is text: the filters still hold', async (value) => {
      for (const q of [value, `${word} ${value}`, `${value} ${word}`]) {
        const res = await api({ q, kind: 'apprenticeship', germanLevel: 'A1', perPage: '100' });
        expect(res.status).toBe(200);
        expect(res.body.degraded).toBe(false);
        for (const hit of res.body.hits) {
          expect(hit.kind).toBe('apprenticeship');
          expect(['none', 'A1']).toContain(hit.germanLevel);
        }
        expect(mine(idsOf(res.body)).every((id) => [v.pirnaAppr, v.freibergAppr].includes(id))).toBe(true);
        const nearby = await api({ q, town: 'Dresden', radiusKm: '10', perPage: '100' });
        expect(nearby.status).toBe(200);
        expect(nearby.body.hits.every((h: { distanceKm: number }) => h.distanceKm <= 10)).toBe(true);
        expect(mine(idsOf(nearby.body)).every((id) => [v.dresdenJob, v.dresdenAppr].includes(id))).toBe(true);
      }
      const page = await request(app.server).get('/vacancies').query({ q: value, kind: 'apprenticeship' });
      expect(page.status).toBe(200);
    });

    it.each([...hostile, '51312" OR occupationCode = "81302', '5131', '513120', '51312 OR 81302'])(
      'occupation %j is rejected',
      async (value) => {
        const res = await api({ q: word, occupation: value });
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.error.fields)).toEqual(['occupation']);
      },
    );

    it.each(['q', 'town', 'kind', 'germanLevel', 'workingTime', 'radiusKm', 'occupation', 'page', 'perPage'])(
      '%s given twice is a 400, never a 500',
      async (field) => {
        const res = await request(app.server).get(`/api/v1/vacancies?town=Dresden&${field}=1&${field}=2`);
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.error.fields)).toContain(field);
        expect(res.body.error.fields[field]).not.toMatch(/Invalid input/);
        const page = await request(app.server).get(`/vacancies?town=Dresden&${field}=1&${field}=2`);
        expect(page.status).toBe(422);
      },
    );

    it('the results page escapes what the searcher typed', async () => {
      const res = await request(app.server)
        .get('/vacancies')
        .query({ q: `<script>alert(1)</script>${word}` });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it.each([
      ['kind', 'job" OR kind = "apprenticeship'],
      ['germanLevel', 'A1" OR germanLevelRank >= "0'],
      ['workingTime', 'part" OR workingTime = "full'],
      ['radiusKm', '25) OR (kind = "job"'],
      ['perPage', '10; DROP TABLE vacancies'],
    ])('%s with filter syntax is rejected', async (field, value) => {
      const query: Record<string, string> = { q: word, [field]: value };
      if (field === 'radiusKm') query.town = 'Dresden';
      const res = await api(query);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    });

    it.each(['51312', ' 51312 ', 'Fachkraft für Lagerlogistik (51312)', '81302" OR kind = "job (51312)'])(
      'occupation %j filters exactly by the code 51312',
      async (value) => {
        const res = await api({ q: word, occupation: value });
        expect(res.status).toBe(200);
        expect(idsOf(res.body)).toEqual(sorted([v.dresdenJob, v.leipzigJob]));
        expect(res.body.hits.every((h: { occupation: { code: string } }) => h.occupation.code === '51312')).toBe(true);
      },
    );
  });
});

describe('search/filters.ts', () => {
  const base: VacancySearch = { q: '', page: 1, perPage: 20, today: todayInBerlin() };

  it('quote() escapes backslashes and quotes', () => {
    expect(quote('plain')).toBe('"plain"');
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
    expect(quote('\\"')).toBe('"\\\\\\""');
    expect(quote('a" OR kind = "job')).toBe('"a\\" OR kind = \\"job"');
  });

  it('buildVacancyFilter keeps every outside value inside its quotes', () => {
    const built = buildVacancyFilter({
      ...base,
      occupation: '51312" OR occupationCode = "81302',
      kind: 'job" OR kind = "apprenticeship' as 'job',
    });
    expect(built).toContain('(occupationCode = "51312\\" OR occupationCode = \\"81302")');
    expect(built).toContain('(kind = "job\\" OR kind = \\"apprenticeship")');
    const full = buildVacancyFilter({
      ...base,
      kind: 'apprenticeship',
      origin: DRESDEN,
      radiusKm: 25,
      germanLevel: 'A2',
      workingTime: 'part',
    });
    expect(full).toContain('(kind = "apprenticeship")');
    expect(full).toMatch(/\(placeId IN \[\d+(, \d+)*\]\)/); // the towns within 25 km (search/near.ts)
    expect(full).toContain('(germanLevelRank <= 2)');
    expect(full).toContain('((workingTime IN ["part", "either"] OR partTimeTraining = true))');
    expect(() => filter.lte('germanLevelRank', Number.NaN)).toThrow(TypeError);
  });

  it('a quoted value round-trips through Meilisearch and matches only itself', async () => {
    const admin = masterClient(); // a scratch index outside the portal's indexes
    await admin.createIndex(scratchIndex, { primaryKey: 'id' }).waitTask();
    const settings = await admin
      .index(scratchIndex)
      .updateSettings({ filterableAttributes: ['label'] })
      .waitTask();
    expect(settings.status).toBe('succeeded');
    const labels = ['say "hi"', 'back\\slash', 'a" OR label = "b', 'b', 'a', '\\', '"', 'trailing\\', '\\"'];
    const added = await admin
      .index(scratchIndex)
      .addDocuments(labels.map((label, i) => ({ id: i, label })))
      .waitTask();
    expect(added.status).toBe('succeeded');
    for (const [i, label] of labels.entries()) {
      const result = await admin.index(scratchIndex).search('', { filter: filter.eq('label', label) });
      expect(result.hits.map((h) => h.id)).toEqual([i]);
    }
    const several = await admin.index(scratchIndex).search('', { filter: filter.in('label', ['a" OR label = "b', '\\']), sort: undefined });
    expect(several.hits.map((h) => h.id).sort()).toEqual([2, 5]);
  });

  it('a hostile value in the vacancy filter succeeds and matches nothing extra', async () => {
    const index = app.searchEngine.admin.index(VACANCY_INDEX);
    const honest = await index.search(word, { filter: buildVacancyFilter({ ...base, q: word, occupation: '51312' }) });
    expect(honest.hits.map((h) => h.id).sort()).toEqual(sorted([v.dresdenJob, v.leipzigJob]));
    for (const occupation of [
      '51312" OR occupationCode = "81302',
      '51312\\',
      '51312" OR germanLevelRank >= 0 OR "',
      '\\" OR kind = \\"job',
    ]) {
      const result = await index.search(word, { filter: buildVacancyFilter({ ...base, q: word, occupation }) });
      expect(result.hits).toEqual([]);
      expect(result.estimatedTotalHits).toBe(0);
    }
    const widened = await index.search(word, {
      filter: buildVacancyFilter({ ...base, q: word, kind: 'apprenticeship" OR kind = "job' as 'job' }),
    });
    expect(widened.hits).toEqual([]);
  });
});

describe('GET /api/v1/vacancies/:id', () => {
  it('answers a published vacancy', async () => {
    const res = await request(app.server).get(`/api/v1/vacancies/${v.meissenJob}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: v.meissenJob,
      title: `Pflegehelfer Meissen ${word}`,
      kind: 'job',
      town: 'Meissen',
      germanLevel: 'B2',
      workingTime: 'either',
      occupation: { code: '81301' },
      employer: { name: `Pflegedienst ${word}` },
      url: `/vacancies/${v.meissenJob}`,
    });
  });

  it.each([
    ['a draft', () => draftId],
    ['a closed one', () => closedId],
    ['an unknown id', () => '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', () => 'not-a-uuid'],
    ['an id with filter syntax', () => `${v.meissenJob}" OR "1"="1`],
  ])('404 for %s', async (_name, id) => {
    const res = await request(app.server).get(`/api/v1/vacancies/${encodeURIComponent(id())}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error.code).toBe('not_found');
  });

  it('the public page of a draft is a 404 too', async () => {
    expect((await request(app.server).get(`/vacancies/${draftId}`)).status).toBe(404);
    expect((await request(app.server).get(`/vacancies/${v.dresdenJob}`)).status).toBe(200);
  });
});

describe('look-ups', () => {
  it('occupations: lager finds Fachkraft für Lagerlogistik (51312)', async () => {
    const res = await request(app.server).get('/api/v1/occupations').query({ q: 'lager' });
    expect(res.status).toBe(200);
    expect(res.body.occupations).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: '51312', title: 'Fachkraft für Lagerlogistik' })]),
    );
  });

  it('places: dres finds Dresden with postcode 01067', async () => {
    const res = await request(app.server).get('/api/v1/places').query({ q: 'dres' });
    expect(res.status).toBe(200);
    expect(res.body.places).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Dresden', postcode: '01067' })]));
    const dresden = res.body.places.find((p: { name: string }) => p.name === 'Dresden');
    expect(haversineKm(DRESDEN, dresden.location)).toBeLessThan(1);
  });

  it.each(['/api/v1/occupations', '/api/v1/places'])('%s rejects a q longer than 100 characters', async (path) => {
    const ok = await request(app.server)
      .get(path)
      .query({ q: 'x'.repeat(100) });
    expect(ok.status).toBe(200);
    const res = await request(app.server)
      .get(path)
      .query({ q: 'x'.repeat(101) });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['q']);
  });

  it('look-ups treat LIKE wildcards literally', async () => {
    const res = await request(app.server).get('/api/v1/places').query({ q: '%' });
    expect(res.status).toBe(200);
    expect(res.body.places).toEqual([]);
  });
});

describe('health', () => {
  it('/healthz is 200', async () => {
    const res = await request(app.server).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz reports database, search and the outbox', async () => {
    const res = await request(app.server).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok', search: 'ok', outboxPending: expect.any(Number) });
    expect(res.body.outboxPending).toBeGreaterThanOrEqual(0);
  });
});

describe('the results page', () => {
  const cards = (html: string) => html.split('<li class="card">').slice(1);

  it('shows the count and one card per hit with its distance', async () => {
    const res = await request(app.server).get('/vacancies').query({ q: word, town: 'Dresden' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('4 Stellen gefunden, 1 bis 4 werden gezeigt');
    const shown = cards(res.text);
    expect(shown).toHaveLength(4);
    for (const card of shown) expect(card).toMatch(/(?<!\d)\d+ km entfernt/);
    const pirna = shown.find((c) => c.includes(`Pflege Ausbildung Pirna ${word}`));
    expect(pirna).toContain('17 km entfernt');
    expect(pirna).toContain(`href="/vacancies/${v.pirnaAppr}?back&#x3D;`); // the link carries the search back (issue 13)
    const meissen = shown.find((c) => c.includes(`Pflegehelfer Meissen ${word}`));
    expect(meissen).toContain('22 km entfernt');
    expect(shown.find((c) => c.includes(`Lagerhelfer Dresden ${word}`))).toContain('0 km entfernt');
    expect(res.text).not.toContain(`Pflege Ausbildung Freiberg ${word}`);
    expect(res.text).not.toContain('Die Suche läuft gerade eingeschränkt');
  });

  it('says so when nothing is found', async () => {
    const res = await request(app.server)
      .get('/vacancies')
      .query({ q: `${word}x${word}`, town: 'Leipzig', radiusKm: '0' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Keine Stellen gefunden');
    expect(cards(res.text)).toHaveLength(0);
  });

  it('shows a bad radius next to the field, with status 422 and the input kept', async () => {
    const res = await request(app.server).get('/vacancies').query({ q: word, town: 'Dresden', radiusKm: '500' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Es gibt ein Problem');
    expect(res.text).toContain('href="#radiusKm"');
    expect(res.text).toMatch(/<p class="error-message" id="radiusKm-error">[\s\S]*?Der Umkreis muss zwischen 0 und 200 km liegen<\/p>/);
    expect(res.text).toMatch(/<select class="select" id="radiusKm"[^>]*aria-describedby="radiusKm-error"[^>]*aria-invalid="true"/);
    expect(res.text).toContain(`value="${word}"`);
    expect(res.text).toContain('value="Dresden"');
    expect(cards(res.text)).toHaveLength(0);
  });
});
