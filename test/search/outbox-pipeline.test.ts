import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import type { Task } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForSuccess } from '../../search/tasks.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { updateVacancy } from '../../server/vacancies/service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy, vacancyForm } from '../helpers/factories.ts';
import { searchWord, waitFor } from './support.ts';

/** Meilisearch's document tasks on the vacancies index after `afterUid`, oldest first. */
async function vacancyTasksAfter(app: FastifyInstance, afterUid: number): Promise<Task[]> {
  const { results } = await app.searchEngine.admin.tasks.getTasks({ indexUids: [VACANCY_INDEX], types: ['documentAdditionOrUpdate'] });
  return results.filter((t) => t.uid > afterUid).sort((a, b) => a.uid - b.uid);
}

const found = async (app: FastifyInstance, word: string, id: string) => {
  const res = await request(app.server).get('/api/v1/vacancies').query({ q: word });
  return res.body.degraded === false && res.body.hits.some((h: { id: string }) => h.id === id);
};

// Issue 16: an employer's edit that follows another was sent only after the earlier push was confirmed, its match
// lists invalidated and its outbox rows deleted (most of the portal's time above Meilisearch's own, and its p99).
describe('the outbox worker sends an edit committed while it waits for the previous confirmation', () => {
  let app: FastifyInstance;
  const scratch = `vacancies_h6block_${Date.now()}`;
  beforeAll(async () => {
    app = await buildTestApp({ runOutboxWorker: true, runMatchListWorker: false });
  });
  afterAll(async () => {
    await app?.searchEngine.admin
      .deleteIndex(scratch)
      .then((t) => waitForSuccess(app.searchEngine.admin, t.taskUid, 60_000, 'dropping the scratch index'))
      .catch(() => undefined);
    await app?.close();
  });

  it('the second edit reaches Meilisearch before the first is confirmed, and both become searchable', async () => {
    const employer = await createEmployer(app);
    const agent = await loginAs(app, employer.email);
    const [wordA, wordB] = [searchWord(), searchWord()];
    const a = await postVacancy(agent, { title: `Lagerhelfer ${wordA}` });
    const b = await postVacancy(agent, { title: `Koch ${wordB}` });
    expect(await waitFor(async () => (await found(app, wordA, a)) && (await found(app, wordB, b)), 15_000, 20)).toBe(true);

    // Meilisearch's one indexing thread is kept busy by a bulk import into a scratch index, so the first edit's
    // task waits in the queue (a real database never answers that slowly on purpose; here it makes the race certain).
    const filler = Array.from({ length: 20_000 }, (_, i) => ({
      id: `f${i}`,
      text: `Lagerhelfer Koch Pflege Verkauf Fahrer Reinigung Mechatroniker Kita Ausbildung ${i} ${(i * 7919) % 100_003}`,
    }));
    const blocker = await app.searchEngine.admin.index(scratch).addDocuments(filler, { primaryKey: 'id' });

    const [newA, newB] = [searchWord(), searchWord()];
    const edit = async (id: string, title: string) => {
      const result = await updateVacancy(app, employer.employerId, id, VacancyInput.parse(vacancyForm({ title })));
      expect(result.ok).toBe(true);
    };
    await edit(a, `Lagerhelfer ${newA}`); // commits and kicks the worker, as the page does
    expect(await waitFor(async () => (await vacancyTasksAfter(app, blocker.taskUid)).length === 1, 10_000, 10)).toBe(true);
    const [first] = await vacancyTasksAfter(app, blocker.taskUid);
    expect(first!.status, 'the bulk import finished before the first edit was confirmed: the race did not happen').toBe('enqueued');

    await edit(b, `Koch ${newB}`);
    expect(await waitFor(async () => (await found(app, newA, a)) && (await found(app, newB, b)), 60_000, 20)).toBe(true);
    // Meilisearch's own record: the second edit's task was enqueued before the first finished (before the fix it was
    // sent only after the worker had seen the first succeed, invalidated its match lists and deleted its outbox rows).
    const [taskA, taskB] = await vacancyTasksAfter(app, blocker.taskUid);
    expect(Date.parse(taskB!.enqueuedAt)).toBeLessThan(Date.parse(taskA!.finishedAt!));
    expect(
      await waitFor(
        async () => (await app.db.selectFrom('search_outbox').select('id').where('document_id', 'in', [a, b]).execute()).length === 0,
        10_000,
      ),
    ).toBe(true);
  }, 180_000);
});
