import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCache, weighAnswer } from '../../search/query-cache.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { searchWord } from './support.ts';

describe('the cache of public search answers', () => {
  it('keeps the most recently used answers, forgets old ones and drops everything on clear', () => {
    let now = 0;
    const cache = new QueryCache<string>({ maxEntries: 2, ttlMs: 1_000, maxStaleMs: 5_000, now: () => now });
    cache.set('a', 'A', cache.generation);
    cache.set('b', 'B', cache.generation);
    now = 10;
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C', cache.generation);
    expect(cache.get('b')).toBeUndefined(); // the least recently used went
    now = 2_000;
    expect(cache.get('a')).toBeUndefined(); // no longer fresh
    const before = cache.generation;
    cache.clear();
    cache.set('late', 'computed before the change', before);
    expect(cache.get('late')).toBeUndefined(); // an answer from before a change is not stored
    expect(cache.size).toBe(0);
  });

  it('keeps answers within its byte budget, whatever their count: the least recently used go first, one too large is not kept', () => {
    // Answers of very different sizes, as the shared text answers are (0 to 1,000 documents each).
    const answer = (documents: number) => Array.from({ length: documents }, (_, i) => ({ id: String(i), title: 'Lagerhelfer (m/w/d)' }));
    const budget = weighAnswer('big', answer(100)) * 2 + 10;
    const cache = new QueryCache<unknown>({ maxEntries: 500, maxBytes: budget });
    cache.set('big', answer(100), cache.generation);
    cache.set('small', answer(1), cache.generation);
    cache.get('big'); // big is now the most recent
    cache.set('big2', answer(100), cache.generation);
    // By count (500) all three would stay; by bytes the least recently used, small, went.
    expect(cache.get('small')).toBeUndefined();
    expect(cache.get('big')).toHaveLength(100);
    expect(cache.get('big2')).toHaveLength(100);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(cache.bytes).toBe(weighAnswer('big', answer(100)) + weighAnswer('big2', answer(100)));

    // Larger than the whole budget: served by fetch, but kept nowhere, and nothing else pushed out for it.
    cache.set('huge', answer(1_000), cache.generation);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.bytes).toBe(0);
  });

  it('shares one computation between concurrent identical misses', async () => {
    const cache = new QueryCache<string>({ maxEntries: 10, ttlMs: 1_000 });
    let loads = 0;
    let finish!: (value: string) => void;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const answers = Promise.all([cache.fetch('q', load), cache.fetch('q', load), cache.fetch('q', load)]);
    finish('answer');
    expect(await answers).toEqual(['answer', 'answer', 'answer']);
    expect(loads).toBe(1);
    expect(await cache.fetch('q', load)).toBe('answer');
    expect(loads).toBe(1);
  });

  it('serves a stale answer while refreshing it, and forgets it after the longest allowed age', async () => {
    let now = 0;
    const cache = new QueryCache<string>({ maxEntries: 10, ttlMs: 1_000, maxStaleMs: 5_000, now: () => now });
    await cache.fetch('q', async () => 'old');
    now = 2_000;
    let refreshed!: () => void;
    const refresh = new Promise<void>((resolve) => (refreshed = resolve));
    const stale = await cache.fetch('q', async () => {
      refreshed();
      return 'new';
    });
    expect(stale).toBe('old'); // nobody waits for the refresh
    await refresh;
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.get('q')).toBe('new');

    now = 0;
    const expired = new QueryCache<string>({ maxEntries: 10, ttlMs: 1_000, maxStaleMs: 5_000, now: () => now });
    await expired.fetch('q', async () => 'old');
    now = 6_000;
    expect(await expired.fetch('q', async () => 'fresh')).toBe('fresh'); // too old to serve even once
  });

  it('does not keep an answer computed across an index change, and a failed load reaches only its waiters', async () => {
    const cache = new QueryCache<string>({ maxEntries: 10, ttlMs: 1_000 });
    let finish!: (value: string) => void;
    const pending = cache.fetch('q', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear();
    const after = cache.fetch('q', async () => 'after the change');
    finish('before the change');
    expect(await pending).toBe('before the change');
    expect(await after).toBe('after the change');
    expect(cache.get('q')).toBe('after the change');

    await expect(cache.fetch('broken', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.fetch('broken', async () => 'recovered')).toBe('recovered');
  });

  describe('in the app', () => {
    let app: FastifyInstance;
    const word = searchWord();
    let first: string;

    beforeAll(async () => {
      // The periodic look at the index is left to the test (noticeIndexChanges), so nothing races it.
      app = await buildTestApp({ cacheCheckMs: 3_600_000 });
      const employer = await createEmployer(app);
      const agent = await loginAs(app, employer.email);
      first = await postVacancy(agent, { title: `Lagerhelfer ${word} (m/w/d)` });
      await flushOutbox(app);
    });
    afterAll(async () => {
      await app?.close();
    });

    const ids = async () =>
      (await request(app.server).get('/api/v1/vacancies').query({ q: word })).body.hits.map((h: { id: string }) => h.id);

    it('answers a repeated question without Meilisearch, and sees a change made elsewhere once the index says it changed', async () => {
      await app.searchEngine.noticeIndexChanges(); // what the index looks like now
      expect(await ids()).toEqual([first]);
      // Another instance (here: a direct write) removes the document; this instance has not been told.
      const task = await app.searchEngine.admin.index(VACANCY_INDEX).deleteDocument(first).waitTask();
      expect(task.status).toBe('succeeded');
      expect(await ids()).toEqual([first]); // from the cache: Meilisearch was not asked
      // The periodic look sees the index's updatedAt moved on and drops the cache.
      await app.searchEngine.noticeIndexChanges();
      expect(await ids()).toEqual([]);
    });

    it('drops its answers as soon as this instance pushes a change', async () => {
      const employer = await createEmployer(app);
      const agent = await loginAs(app, employer.email);
      expect(await ids()).toEqual([]);
      const second = await postVacancy(agent, { title: `Fachkraft Lager ${word} (m/w/d)` });
      await flushOutbox(app);
      expect(await ids()).toEqual([second]); // at once, no waiting
    });
  });
});
