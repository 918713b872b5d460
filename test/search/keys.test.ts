import type { FastifyInstance } from 'fastify';
import { MeilisearchApiError } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createMeiliClient } from '../../search/client.ts';
import { ensureKeys } from '../../search/setup.ts';
import { buildTestApp, masterClient, unique } from '../helpers/app.ts';

/** The status of a Meilisearch call that is expected to be refused. */
async function refusal(call: Promise<unknown>): Promise<number> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(MeilisearchApiError);
  return (error as MeilisearchApiError).response.status;
}

describe('Meilisearch keys are limited by index and action', () => {
  let app: FastifyInstance;
  const foreign = `foreign_${unique()}`;

  beforeAll(async () => {
    app = await buildTestApp();
    await masterClient().createIndex(foreign, { primaryKey: 'id' }).waitTask();
  });
  afterAll(async () => {
    await masterClient().deleteIndex(foreign).waitTask().catch(() => undefined);
    await app?.close();
  });

  it('the app works with keys of its own, never with the master key', async () => {
    const keys = await ensureKeys(masterClient());
    const master = inject('meiliMasterKey');
    expect(new Set([keys.publicSearch, keys.mentorSearch, keys.indexer, master]).size).toBe(4);
    expect(app.searchEngine.admin.config.apiKey).toBe(keys.indexer);
    expect(app.searchEngine.public()?.config.apiKey).toBe(keys.publicSearch);
    expect(app.searchEngine.mentor()?.config.apiKey).toBe(keys.mentorSearch);
  });

  it('the public key searches vacancies and nothing else: not the mentees index, no writes', async () => {
    const { publicSearch } = await ensureKeys(masterClient());
    const client = createMeiliClient(inject('meiliUrl'), publicSearch);
    await expect(client.index('vacancies').search('', { limit: 1 })).resolves.toBeDefined();
    expect(await refusal(client.index('mentees').search(''))).toBe(403);
    expect(await refusal(client.index('mentees').getDocuments({ limit: 1 }))).toBe(403);
    expect(await refusal(client.index('vacancies').addDocuments([{ id: 'x' }]))).toBe(403);
  });

  it('the mentor key searches both portal indexes but cannot write or read others', async () => {
    const { mentorSearch } = await ensureKeys(masterClient());
    const client = createMeiliClient(inject('meiliUrl'), mentorSearch);
    await expect(client.index('mentees').search('', { limit: 1 })).resolves.toBeDefined();
    expect(await refusal(client.index('mentees').addDocuments([{ id: 'x' }]))).toBe(403);
    expect(await refusal(client.index(foreign).search(''))).toBe(403);
  });

  it('the indexer key cannot manage keys or touch an index outside the portal', async () => {
    const { indexer } = await ensureKeys(masterClient());
    const client = createMeiliClient(inject('meiliUrl'), indexer);
    expect(await refusal(client.getKeys())).toBe(403);
    expect(await refusal(client.index(foreign).addDocuments([{ id: 1 }]))).toBe(403);
  });
});
