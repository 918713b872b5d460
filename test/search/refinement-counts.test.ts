import request from 'supertest';
import { Meilisearch } from 'meilisearch';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { COUNT_POSTS, facetLinks, searchWord, totalOf, watchSearches } from './support.ts';

/**
 * What the search page's refinement counts ask Meilisearch (issue 16, the page's first pass): each count search
 * asks only the facet it is read for, and the part-time total is read from the search itself when its answer
 * shows it (no result in part-time training, or none full time) instead of costing a search of its own. Every
 * count still equals the total its link leads to. Searches are counted on the client's multiSearch (the real
 * Meilisearch answers).
 */
// The periodic look at the index is left alone, so no cache drop races a test.
const app = useTestApp({ cacheCheckMs: 3_600_000 });
const word = searchWord();
const page = (query: Record<string, string>) => request(app.server).get('/vacancies').query(query);

/** Every facet link of a page leads to as many results as it says. */
async function expectLinksToHoldTheirCounts(html: string, atLeast = 3) {
  const links = facetLinks(html);
  expect(links.length).toBeGreaterThanOrEqual(atLeast);
  for (const link of links) {
    const target = await request(app.server).get(link.href);
    expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
  }
  return links;
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeAll(async () => {
  const employer = await createEmployer(app, { organisation: `Zählung ${word}` });
  const agent = await loginAs(app, employer.email);
  const posts: Record<string, string>[] = [
    ...COUNT_POSTS,
    { town: 'Leipzig', kind: 'apprenticeship', germanLevel: 'B1', workingTime: 'full', durationMonths: '36' },
    { town: 'Chemnitz', kind: 'apprenticeship', germanLevel: 'C1', workingTime: 'part', partTimeTraining: 'on', durationMonths: '36' },
  ];
  for (const [i, post] of posts.entries()) await postVacancy(agent, { title: `Werk ${word} ${i}`, ...post });
  await flushOutbox(app);
  await app.searchEngine.noticeIndexChanges(); // what the index looks like now
});

describe('the refinement counts of the search page', () => {
  it('read the part-time total from a cached search without part-time training: one count search, one facet', async () => {
    const query = { q: word, kind: 'job' };
    const api = await request(app.server).get('/api/v1/vacancies').query(query);
    expect(api.body.total).toBe(3);
    const sent = watchSearches();
    const html = await page(query);
    expect(html.status).toBe(200);
    expect(totalOf(html.text)).toBe(3);
    // Only the search without its kind filter, asking the kind facet alone; no search for the part-time total.
    expect(sent().map((s) => ({ facets: s.facets, hitsPerPage: s.hitsPerPage }))).toEqual([{ facets: ['kind'], hitsPerPage: 0 }]);
    const links = await expectLinksToHoldTheirCounts(html.text);
    // Part time: the part-time job and the one for either.
    expect(links.find((l) => new URL(l.href, 'http://x').searchParams.get('workingTime') === 'part')?.count).toBe(2);
  });

  it('read it too when no result is full time, though one is in part-time training', async () => {
    const query = { q: word, kind: 'apprenticeship', germanLevel: 'C1', town: 'Chemnitz', radiusKm: '10' };
    await request(app.server).get('/api/v1/vacancies').query(query);
    const sent = watchSearches();
    const html = await page(query);
    expect(totalOf(html.text)).toBe(1);
    expect(sent().filter((s) => s.facets === undefined)).toEqual([]);
    const links = await expectLinksToHoldTheirCounts(html.text, 2);
    expect(links.find((l) => new URL(l.href, 'http://x').searchParams.get('workingTime') === 'part')?.count).toBe(1);
  });

  it('still ask for the part-time total when a full-time result is in part-time training', async () => {
    const query = { q: word, germanLevel: 'A2' };
    await request(app.server).get('/api/v1/vacancies').query(query);
    const sent = watchSearches();
    const html = await page(query);
    expect(totalOf(html.text)).toBe(3); // none, A2 part time, the A2 apprenticeship in part-time training
    expect(sent().map((s) => s.facets ?? null)).toEqual([['germanLevel'], null]);
    const links = await expectLinksToHoldTheirCounts(html.text);
    // Part time: the part-time job and the full-time apprenticeship in part-time training.
    expect(links.find((l) => new URL(l.href, 'http://x').searchParams.get('workingTime') === 'part')?.count).toBe(2);
  });

  it('ask for the part-time total beside a search not answered yet, and count right', async () => {
    const query = { q: word, kind: 'job', germanLevel: 'B1', workingTime: 'full' };
    const sent = watchSearches();
    const html = await page(query);
    expect(totalOf(html.text)).toBe(2); // full and either
    // The search, then the counts beside it: without kind, German and working time, each its own facet, and part time.
    expect(sent().map((s) => s.facets ?? null)).toEqual([
      ['kind', 'germanLevel', 'workingTime', 'partTimeTraining'],
      ['kind'],
      ['germanLevel'],
      ['workingTime'],
      null,
    ]);
    await expectLinksToHoldTheirCounts(html.text);
  });

  it('spare the part-time search of a search not answered yet when its answer shows the total', async () => {
    const sent = watchSearches();
    // A search no earlier test or link asked (a town), so neither it nor its counts are cached.
    const html = await page({ q: word, kind: 'job', germanLevel: 'C1', town: 'Dresden', radiusKm: '50' });
    expect(totalOf(html.text)).toBe(3);
    // The search, and beside it the searches without kind and without German; its answer has no part-time training.
    expect(sent().map((s) => s.facets ?? null)).toEqual([
      ['kind', 'germanLevel', 'workingTime', 'partTimeTraining'],
      ['kind'],
      ['germanLevel'],
    ]);
    await expectLinksToHoldTheirCounts(html.text);
  });

  it('ask for the part-time total once the answer of a new search shows a full-time result in part-time training', async () => {
    const original = Meilisearch.prototype.multiSearch;
    const events: string[] = [];
    vi.spyOn(Meilisearch.prototype, 'multiSearch').mockImplementation(async function (this: Meilisearch, ...args) {
      const name = JSON.stringify(args[0].queries.map((s) => s.facets ?? null));
      events.push(`sent ${name}`);
      try {
        return await original.apply(this, args);
      } finally {
        events.push(`answered ${name}`);
      }
    } as Meilisearch['multiSearch']);
    const html = await page({ q: word, germanLevel: 'B1', town: 'Leipzig', radiusKm: '25' });
    expect(totalOf(html.text)).toBe(2);
    const main = JSON.stringify([['kind', 'germanLevel', 'workingTime', 'partTimeTraining']]);
    // The part-time search leaves after the search answered, never before.
    expect(events.indexOf('sent [null]')).toBeGreaterThan(events.indexOf(`answered ${main}`));
    expect(events.filter((e) => e.startsWith('sent')).sort()).toEqual([`sent ${main}`, 'sent [["germanLevel"]]', 'sent [null]'].sort());
    const links = await expectLinksToHoldTheirCounts(html.text);
    // Part time: the full-time apprenticeship in part-time training.
    expect(links.find((l) => new URL(l.href, 'http://x').searchParams.get('workingTime') === 'part')?.count).toBe(1);
  });

  it('keep the part-time training count out of the API answer', async () => {
    const api = await request(app.server).get('/api/v1/vacancies').query({ q: word });
    expect(api.status).toBe(200);
    expect(Object.keys(api.body).sort()).toEqual(['degraded', 'facets', 'hits', 'page', 'perPage', 'total']);
    expect(api.body.facets).toEqual({
      kind: { job: 3, apprenticeship: 3 },
      germanLevel: { none: 1, A2: 2, B1: 2, C1: 1 },
      workingTime: { full: 3, part: 2, either: 1 },
    });
  });
});
