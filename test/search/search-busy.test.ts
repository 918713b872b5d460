import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchBusyError } from '../../search/limiter.ts';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { createTestMentee, mentorOf, twoProjects } from '../matching/support.ts';

/**
 * More searches at once than Meilisearch should take: the limiter's slots are all held here (as
 * ten slow searches would hold them), so the next search waits its second in line and the
 * portal answers a clear "try again in a moment" (503, Retry-After) instead of a failed search,
 * without taking search for down.
 */
describe('searches beyond what Meilisearch takes at once', () => {
  // Its own app: this file holds the limiter's slots and changes its wait, which the next file must not inherit.
  const app = useTestApp({ own: true });
  let release: () => void = () => undefined;
  beforeAll(async () => {
    // A busy suite makes single searches slow: only the part that holds every slot should see "busy".
    app.searchEngine.limiter.options.queueTimeoutMs = 30_000;
  });
  afterAll(async () => {
    release();
  });

  /** Holds every slot of the limiter until release() is called. */
  function holdAllSlots(): void {
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (let i = 0; i < app.searchEngine.limiter.options.concurrency; i += 1) void app.searchEngine.limiter.run(() => held);
  }

  it('the match page and the public search answer 503 with Retry-After and a translated page, then work again', async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    // Two mentees: a match list once made is kept (stored in PostgreSQL), so the busy request asks for one not seen yet.
    const { id: seen } = await createTestMentee(app, mentor);
    const { id: menteeId } = await createTestMentee(app, mentor);
    await flushOutbox(app);
    const first = await mentor.agent.get(`/mentor/mentees/${seen}/matches`);
    expect(first.status, first.text.slice(0, 500)).toBe(200);

    holdAllSlots();
    app.searchEngine.limiter.options.queueTimeoutMs = 300;
    const refusedBefore = app.searchEngine.limiter.refused;
    const matches = await mentor.agent.get(`/mentor/mentees/${menteeId}/matches`).set('accept', 'text/html');
    expect(matches.status).toBe(503);
    expect(matches.headers['retry-after']).toBe('2');
    expect(matches.text).toContain('Bitte versuchen Sie es gleich noch einmal');

    // Words no earlier search asked for, so no cached answer serves them.
    const english = await request(app.server).get('/vacancies?q=Lagerhelferin').set('accept-language', 'en');
    expect(english.status).toBe(503);
    expect(english.headers['retry-after']).toBe('2');
    expect(english.text).toContain('Please try again in a moment');

    const api = await request(app.server).get('/api/v1/vacancies?q=Kochlehre');
    expect(api.status).toBe(503);
    expect(api.body.error.code).toBe('busy');
    // The match page's search, the page's search (with no filter chosen its only count, the part-time total, waits for
    // the search's answer, search/vacancy-search.ts, so none is asked), the API's search.
    expect(app.searchEngine.limiter.refused - refusedBefore).toBe(3);
    // Busy is not down: search stays available and nothing fell back to PostgreSQL.
    expect(app.searchEngine.available()).toBe(true);

    release();
    app.searchEngine.limiter.options.queueTimeoutMs = 30_000;
    expect((await mentor.agent.get(`/mentor/mentees/${menteeId}/matches`)).status).toBe(200);
    const after = await request(app.server).get('/api/v1/vacancies?q=Kochlehre');
    expect(after.status).toBe(200);
    expect(after.body.degraded).toBe(false);
  }, 60_000);

  it('searches wait their turn: with one slot, the second runs after the first', async () => {
    const { SearchLimiter } = await import('../../search/limiter.ts');
    const limiter = new SearchLimiter({ concurrency: 1, queueTimeoutMs: 5_000 });
    const order: string[] = [];
    let finishFirst: () => void = () => undefined;
    const first = limiter.run(
      () =>
        new Promise<void>((resolve) => {
          order.push('first starts');
          finishFirst = () => {
            order.push('first ends');
            resolve();
          };
        }),
    );
    const second = limiter.run(async () => {
      order.push('second starts');
    });
    expect(limiter.load()).toEqual({ active: 1, waiting: 1 });
    await new Promise((resolve) => setImmediate(resolve)); // the first has started
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
    expect(limiter.load()).toEqual({ active: 0, waiting: 0 });

    const busy = new SearchLimiter({ concurrency: 1, queueTimeoutMs: 10 });
    let unblock: () => void = () => undefined;
    const blocking = busy.run(() => new Promise<void>((resolve) => (unblock = resolve)));
    await expect(busy.run(async () => 'never')).rejects.toBeInstanceOf(SearchBusyError);
    unblock();
    await blocking;
    expect(busy.load()).toEqual({ active: 0, waiting: 0 });
  });
});
