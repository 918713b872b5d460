import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCache } from '../../search/query-cache.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { searchWord } from './support.ts';

describe('the cache of public search answers', () => {
  it('keeps the most recently used answers, forgets old ones and drops everything on clear', () => {
    const cache = new QueryCache<string>(2, 1_000);
    cache.set('a', 'A', cache.generation, 0);
    cache.set('b', 'B', cache.generation, 0);
    expect(cache.get('a', 10)).toBe('A'); // a is now the most recent
    cache.set('c', 'C', cache.generation, 10);
    expect(cache.get('b', 10)).toBeUndefined(); // the least recently used went
    expect(cache.get('a', 2_000)).toBeUndefined(); // too old
    const before = cache.generation;
    cache.clear();
    cache.set('late', 'computed before the change', before, 20);
    expect(cache.get('late', 20)).toBeUndefined(); // an answer from before a change is not stored
    expect(cache.size).toBe(0);
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

    const ids = async () => (await request(app.server).get('/api/v1/vacancies').query({ q: word })).body.hits.map((h: { id: string }) => h.id);

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
