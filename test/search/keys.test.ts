import type { FastifyInstance } from 'fastify';
import { MeilisearchApiError } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from '../../search/client.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import {
  DEFAULT_KEY_NAMES,
  deleteDefaultKeys,
  ensureKeys,
  INDEXER_KEY_NAME,
  MENTEE_TOKEN_KEY_NAME,
  MENTOR_SEARCH_KEY_NAME,
  PUBLIC_SEARCH_KEY_NAME,
} from '../../search/setup.ts';
import { ProjectMenteeSearch, TOKEN_LIFETIME_MS } from '../../search/tenant-tokens.ts';
import { buildTestApp, flushOutbox, masterClient, unique } from '../helpers/app.ts';
import { createTestMentee, mentorOf, twoProjects } from '../matching/support.ts';
import { testServices } from '../helpers/services.ts';

/** The status of a Meilisearch call that is expected to be refused. */
async function refusal(call: Promise<unknown>): Promise<number> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
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
    await masterClient()
      .deleteIndex(foreign)
      .waitTask()
      .catch(() => undefined);
    await app?.close();
  });

  it('the app works with keys of its own, never with the master key', async () => {
    const keys = await ensureKeys(masterClient());
    const master = testServices().meiliMasterKey;
    expect(new Set([keys.publicSearch, keys.mentorSearch, keys.menteeTokens.key, keys.indexer, master]).size).toBe(5);
    expect(app.searchEngine.admin.config.apiKey).toBe(keys.indexer);
    expect(app.searchEngine.public()?.config.apiKey).toBe(keys.publicSearch);
    expect(app.searchEngine.mentor()?.config.apiKey).toBe(keys.mentorSearch);
  });

  it('the public key searches vacancies and nothing else: not the mentees index, no writes', async () => {
    const { publicSearch } = await ensureKeys(masterClient());
    const client = createMeiliClient(testServices().meiliUrl, publicSearch);
    await expect(client.index('vacancies').search('', { limit: 1 })).resolves.toBeDefined();
    expect(await refusal(client.index('mentees').search(''))).toBe(403);
    expect(await refusal(client.index('mentees').getDocuments({ limit: 1 }))).toBe(403);
    expect(await refusal(client.index('vacancies').addDocuments([{ id: 'x' }]))).toBe(403);
  });

  it("the mentor key searches vacancies only: mentees only through a project's tenant token", async () => {
    const { mentorSearch } = await ensureKeys(masterClient());
    const client = createMeiliClient(testServices().meiliUrl, mentorSearch);
    await expect(client.index('vacancies').search('', { limit: 1 })).resolves.toBeDefined();
    expect(await refusal(client.index('mentees').search('', { limit: 1 }))).toBe(403);
    expect(await refusal(client.index('vacancies').addDocuments([{ id: 'x' }]))).toBe(403);
    expect(await refusal(client.index(foreign).search(''))).toBe(403);
  });

  it('the indexer key cannot manage keys or touch an index outside the portal', async () => {
    const { indexer } = await ensureKeys(masterClient());
    const client = createMeiliClient(testServices().meiliUrl, indexer);
    expect(await refusal(client.getKeys())).toBe(403);
    expect(await refusal(client.index(foreign).addDocuments([{ id: 1 }]))).toBe(403);
  });
});

describe("Meilisearch's default keys", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const keyNames = async () => (await masterClient().getKeys({ limit: 1000 })).results.map((k) => k.name);

  it("are gone once the app has started (the default search key could read every project's mentees)", async () => {
    const names = await keyNames();
    for (const name of DEFAULT_KEY_NAMES) expect(names).not.toContain(name);
    expect(names).toEqual(
      expect.arrayContaining([PUBLIC_SEARCH_KEY_NAME, MENTOR_SEARCH_KEY_NAME, MENTEE_TOKEN_KEY_NAME, INDEXER_KEY_NAME]),
    );
  });

  it('are deleted by instances starting at once, which end with one key per name and the same keys', async () => {
    // A default key as a fresh Meilisearch has it: it can search every index.
    const planted = await masterClient().createKey({
      name: 'Default Search API Key',
      description: 'as Meilisearch creates it',
      actions: ['search'],
      indexes: ['*'],
      expiresAt: null,
    });
    const before = await ensureKeys(masterClient());
    const instances = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const deleted = await deleteDefaultKeys(masterClient());
        return { deleted, keys: await ensureKeys(masterClient()) };
      }),
    );
    // Each instance found it or found it already gone; none failed on the other's deletion.
    expect(instances.some((i) => i.deleted.includes('Default Search API Key'))).toBe(true);
    for (const { keys } of instances) expect(keys).toEqual(before);
    const names = await keyNames();
    expect(names).not.toContain('Default Search API Key');
    for (const name of [PUBLIC_SEARCH_KEY_NAME, MENTOR_SEARCH_KEY_NAME, MENTEE_TOKEN_KEY_NAME, INDEXER_KEY_NAME]) {
      expect(
        names.filter((n) => n === name),
        name,
      ).toHaveLength(1);
    }
    expect(await refusal(createMeiliClient(testServices().meiliUrl, planted.key).index(MENTEE_INDEX).search(''))).toBe(403);
    // The app's own keys still work.
    await expect(
      createMeiliClient(testServices().meiliUrl, before.publicSearch).index('vacancies').search('', { limit: 1 }),
    ).resolves.toBeDefined();
  });
});

describe("mentee searches run on a tenant token of the mentor's project", () => {
  let app: FastifyInstance;
  let projectA: number;
  let projectB: number;
  let ours: { id: string; code: string };
  let theirs: { id: string; code: string };

  beforeAll(async () => {
    app = await buildTestApp();
    [projectA, projectB] = await twoProjects(app);
    ours = await createTestMentee(app, await mentorOf(app, projectA));
    theirs = await createTestMentee(app, await mentorOf(app, projectB));
    await flushOutbox(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const ids = (hits: readonly Record<string, unknown>[]) => hits.map((h) => String(h.id));

  it("sees only the project's documents, whatever the query asks", async () => {
    // Both documents are in the index (the indexer reads them), so an empty answer is the token's doing.
    expect(await app.searchEngine.admin.index(MENTEE_INDEX).getDocument(ours.id)).toMatchObject({ projectId: projectA });
    expect(await app.searchEngine.admin.index(MENTEE_INDEX).getDocument(theirs.id)).toMatchObject({ projectId: projectB });

    const client = (await app.searchEngine.menteeSearch(projectA))!;
    const unfiltered = await client.index(MENTEE_INDEX).search('', { limit: 5_000, attributesToRetrieve: ['id', 'projectId'] });
    expect(ids(unfiltered.hits)).toContain(ours.id);
    expect(ids(unfiltered.hits)).not.toContain(theirs.id);
    expect(unfiltered.hits.every((h) => h.projectId === projectA)).toBe(true);

    expect((await client.index(MENTEE_INDEX).search('', { filter: `projectId = ${projectB}` })).hits).toEqual([]);
    // Their code as the query: other codes of project A may come close, theirs never.
    const byCode = await client.index(MENTEE_INDEX).search(theirs.code, { limit: 1_000 });
    expect(ids(byCode.hits)).not.toContain(theirs.id);
    expect(byCode.hits.every((h) => h.projectId === projectA)).toBe(true);
    expect(
      (
        await client.index(MENTEE_INDEX).search('', { filter: `projectId = ${projectB} OR projectId = ${projectA}`, limit: 5_000 })
      ).hits.every((h) => h.projectId === projectA),
    ).toBe(true);
    const multi = await client.multiSearch({ queries: [{ indexUid: MENTEE_INDEX, q: theirs.code }] });
    expect(ids(multi.results[0]!.hits)).not.toContain(theirs.id);

    const other = (await app.searchEngine.menteeSearch(projectB))!;
    expect(ids((await other.index(MENTEE_INDEX).search(theirs.code, { limit: 1_000 })).hits)).toContain(theirs.id);
  });

  it('can search the mentees index and do nothing else', async () => {
    const client = (await app.searchEngine.menteeSearch(projectA))!;
    expect(await refusal(client.index('vacancies').search('', { limit: 1 }))).toBe(403);
    expect(await refusal(client.index(MENTEE_INDEX).getDocument(ours.id))).toBe(403);
    expect(await refusal(client.index(MENTEE_INDEX).getDocuments({ limit: 1 }))).toBe(403);
    expect(await refusal(client.index(MENTEE_INDEX).addDocuments([{ id: 'x', projectId: projectA }]))).toBe(403);
  });

  it('signs one short-lived token per project and keeps it until shortly before it ends', async () => {
    const keys = await ensureKeys(masterClient());
    const first = (await app.searchEngine.menteeSearch(projectA))!;
    expect(await app.searchEngine.menteeSearch(projectA)).toBe(first);
    expect(await app.searchEngine.menteeSearch(projectB)).not.toBe(first);
    const claims = JSON.parse(Buffer.from(first.config.apiKey!.split('.')[1]!, 'base64url').toString()) as {
      apiKeyUid: string;
      exp: number;
      searchRules: unknown;
    };
    expect(claims.apiKeyUid).toBe(keys.menteeTokens.uid);
    expect(claims.searchRules).toEqual({ [MENTEE_INDEX]: { filter: `projectId = "${projectA}"` } });
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + TOKEN_LIFETIME_MS);

    let now = Date.now();
    const tokens = new ProjectMenteeSearch(testServices().meiliUrl, keys.menteeTokens, 2_000, () => now);
    const signed = await tokens.client(projectA);
    now += 7 * 60_000;
    expect(await tokens.client(projectA)).toBe(signed);
    now += 2 * 60_000; // one minute left: renewed
    const renewed = await tokens.client(projectA);
    expect(renewed).not.toBe(signed);
    await expect(renewed.index(MENTEE_INDEX).search('', { limit: 1 })).resolves.toBeDefined();
  });

  it('a token past its expiry is refused by Meilisearch', async () => {
    const keys = await ensureKeys(masterClient());
    const signedLongAgo = new ProjectMenteeSearch(
      testServices().meiliUrl,
      keys.menteeTokens,
      2_000,
      () => Date.now() - TOKEN_LIFETIME_MS - 60_000,
    );
    const client = await signedLongAgo.client(projectA);
    expect(await refusal(client.index(MENTEE_INDEX).search(''))).toBe(403);
  });
});
