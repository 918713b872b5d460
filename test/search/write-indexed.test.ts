import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { writeIndexed } from '../../server/indexing/write.ts';
import { useTestApp } from '../helpers/app.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { createVacancy } from '../../server/vacancies/service.ts';
import { createEmployer, vacancyForm } from '../helpers/factories.ts';

async function queued(app: FastifyInstance, vacancyId: string): Promise<{ outbox: number; matchChecks: number }> {
  const outbox = await app.db.selectFrom('search_outbox').select('id').where('document_id', '=', vacancyId).execute();
  const checks = await app.db.selectFrom('new_match_checks').select('vacancy_id').where('vacancy_id', '=', vacancyId).execute();
  return { outbox: outbox.length, matchChecks: checks.length };
}

async function clearQueues(app: FastifyInstance, vacancyId: string): Promise<void> {
  await app.db.deleteFrom('search_outbox').where('document_id', '=', vacancyId).execute();
  await app.db.deleteFrom('new_match_checks').where('vacancy_id', '=', vacancyId).execute();
}

describe('writeIndexed: the one after-commit helper', () => {
  const app = useTestApp();
  async function publishedVacancy(): Promise<string> {
    const { employerId } = await createEmployer(app);
    const created = await createVacancy(app, employerId, VacancyInput.parse(vacancyForm()), 'publish');
    if (!created.ok) throw new Error(`createVacancy failed: ${JSON.stringify(created.errors)}`);
    const id = created.value;
    await clearQueues(app, id);
    return id;
  }

  it('queues the outbox row and the new-match check of a vacancy in the writing transaction', async () => {
    const id = await publishedVacancy();
    const result = await writeIndexed(app, async (trx, reindex) => {
      await trx.updateTable('vacancies').set({ title: 'Koch (m/w/d)' }).where('id', '=', id).execute();
      await reindex(VACANCY_INDEX, [id]);
      return 'written';
    });
    expect(result).toBe('written');
    expect(await queued(app, id)).toEqual({ outbox: 1, matchChecks: 1 });
  });

  it('queues nothing when the transaction rolls back', async () => {
    const id = await publishedVacancy();
    await expect(
      writeIndexed(app, async (trx, reindex) => {
        await trx.updateTable('vacancies').set({ title: 'Bäcker (m/w/d)' }).where('id', '=', id).execute();
        await reindex(VACANCY_INDEX, [id]);
        throw new Error('refused after the write');
      }),
    ).rejects.toThrow('refused after the write');
    expect(await queued(app, id)).toEqual({ outbox: 0, matchChecks: 0 });
    const row = await app.db.selectFrom('vacancies').select('title').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.title).not.toBe('Bäcker (m/w/d)');
  });
});
