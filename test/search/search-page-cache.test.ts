import request from 'supertest';
import { Meilisearch } from 'meilisearch';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { COUNT_POSTS, facetLinks, searchWord, totalOf, watchSearches } from './support.ts';

/**
 * The search page reuses the answer the API cached for the same search, and caches its facet counts apart
 * (by the search without page and order): a repeated, paged or re-sorted page sends Meilisearch no search
 * it already answered, and the counts still equal the results their links lead to. Searches are counted
 * by watching the client's multiSearch (it still reaches the real Meilisearch).
 */
// The periodic look at the index is left to the test (noticeIndexChanges), so no cache drop races it.
const app = useTestApp({ cacheCheckMs: 3_600_000 });
const word = searchWord();
const page = (query: Record<string, string>) => request(app.server).get('/vacancies').query(query);

/** Counts the searches (queries of each multi-search) the app sends Meilisearch from now on. */
function countSearches() {
  const sent = watchSearches();
  return Object.assign(() => sent().length, { sent });
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeAll(async () => {
  const employer = await createEmployer(app, { organisation: `Cache ${word}` });
  const agent = await loginAs(app, employer.email);
  for (const [i, post] of COUNT_POSTS.entries()) await postVacancy(agent, { title: `Kasse ${word} ${i}`, ...post });
  await flushOutbox(app);
  await app.searchEngine.noticeIndexChanges(); // what the index looks like now
});

describe('the search page cache', () => {
  it('answers a repeated page without a new Meilisearch search, with counts equal to the results', async () => {
    const searches = countSearches();
    const first = await page({ q: word });
    expect(first.status).toBe(200);
    expect(totalOf(first.text)).toBe(4);
    const sentFirst = searches();
    expect(sentFirst).toBeGreaterThan(0);

    const again = await page({ q: word });
    expect(again.status).toBe(200);
    expect(searches()).toBe(sentFirst);
    expect(again.text).toContain(`Kasse ${word} 0`);
    const links = facetLinks(again.text);
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) {
      const target = await request(app.server).get(link.href);
      expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
    }
  });

  it('reuses the answer the API cached for the same search: the page only asks for its counts', async () => {
    const api = await request(app.server).get('/api/v1/vacancies').query({ q: word, kind: 'job', germanLevel: 'B1' });
    expect(api.status).toBe(200);
    expect(api.body.total).toBe(3);
    const searches = countSearches();
    const html = await page({ q: word, kind: 'job', germanLevel: 'B1' });
    expect(html.status).toBe(200);
    expect(totalOf(html.text)).toBe(3);
    // The counts only: the search without its kind filter and without its German filter (working time reads the page's own
    // facets, and so does part time: no result is in part-time training; test/search/refinement-counts.test.ts).
    expect(searches.sent().map((query) => query.hitsPerPage)).toEqual([0, 0]);
    expect(searches()).toBe(2);
  });

  it('asks for the counts beside a new search, not after it', async () => {
    // Both multi-searches leave before either answers: a new search on the page waits for the slower, not for both.
    const original = Meilisearch.prototype.multiSearch;
    const events: string[] = [];
    vi.spyOn(Meilisearch.prototype, 'multiSearch').mockImplementation(async function (this: Meilisearch, ...args) {
      events.push('sent');
      try {
        return await original.apply(this, args);
      } finally {
        events.push('answered');
      }
    } as Meilisearch['multiSearch']);
    const html = await page({ q: word, town: 'Dresden', radiusKm: '10', kind: 'job' });
    expect(html.status).toBe(200);
    expect(totalOf(html.text)).toBe(2);
    expect(events).toEqual(['sent', 'sent', 'answered', 'answered']);
  });

  it('reads the part-time count of a part-time search from the search itself', async () => {
    // A combination no earlier test or link asked for, so its counts are not cached yet.
    const query = { q: word, workingTime: 'part', germanLevel: 'C1' };
    const api = await request(app.server).get('/api/v1/vacancies').query(query);
    expect(api.body.total).toBe(3); // part, either, and the apprenticeship with part-time training
    const searches = countSearches();
    const html = await page(query);
    expect(html.status).toBe(200);
    // The search without its German filter and without its working-time filter; no third search for the part-time total.
    expect(searches.sent().map((sent) => sent.filter)).toHaveLength(2);
    for (const link of facetLinks(html.text)) {
      const target = await request(app.server).get(link.href);
      expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
    }
  });

  it('keeps the counts of a search when paging or re-sorting it: only the new order is searched', async () => {
    await page({ q: word, germanLevel: 'A2' });
    const searches = countSearches();
    const sorted = await page({ q: word, germanLevel: 'A2', sort: 'newest' });
    expect(sorted.status).toBe(200);
    expect(searches()).toBe(1);
    for (const link of facetLinks(sorted.text)) {
      const target = await request(app.server).get(link.href);
      expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
    }
  });
});
