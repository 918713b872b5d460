import type { FastifyInstance } from 'fastify';
import { MeilisearchApiError } from 'meilisearch';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from '../../search/client.ts';
import { reindexVacancies } from '../../search/reindex.ts';
import { ensurePublicSearchKey } from '../../search/setup.ts';
import { VACANCY_INDEX, type VacancyDocument } from '../../search/vacancy-index.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { changeStatus, createVacancy, updateVacancy } from '../../server/vacancies/service.ts';
import { buildTestApp, flushOutbox, masterClient } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy, vacancyForm } from '../helpers/factories.ts';
import { searchWord, sorted, waitFor } from './support.ts';
import { testServices } from '../helpers/services.ts';

async function employerIdOf(app: FastifyInstance, email: string): Promise<string> {
  const row = await app.db.selectFrom('accounts').select('employer_id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.employer_id!;
}

function input(title: string, overrides: Record<string, string | string[]> = {}) {
  return VacancyInput.parse(vacancyForm({ title, ...overrides }));
}

async function create(app: FastifyInstance, employerId: string, title: string): Promise<string> {
  const created = await createVacancy(app, employerId, input(title));
  if (!created.ok) throw new Error(`createVacancy failed: ${JSON.stringify(created.errors)}`);
  return created.value;
}

async function change(app: FastifyInstance, employerId: string, id: string, to: 'publish' | 'close'): Promise<void> {
  const result = await changeStatus(app, employerId, id, to);
  if (!result.ok) throw new Error(`changeStatus ${to} failed: ${JSON.stringify(result)}`);
}

/** The index's documents for these ids (id and version). */
async function indexedVersions(app: FastifyInstance, ids: readonly string[]): Promise<Map<string, number>> {
  const { results } = await app.searchEngine.admin
    .index<VacancyDocument>(VACANCY_INDEX)
    .getDocuments({ ids: [...ids], limit: 1000, fields: ['id', 'version'] });
  return new Map(results.map((d) => [d.id, d.version]));
}

/** Postgres's published rows among these ids (id and version): what the index must hold. */
async function publishedVersions(app: FastifyInstance, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await app.db
    .selectFrom('vacancies')
    .select(['id', 'version'])
    .where('id', 'in', [...ids])
    .where('status', '=', 'published')
    .execute();
  return new Map(rows.map((r) => [r.id, r.version]));
}

async function pendingFor(app: FastifyInstance, ids: readonly string[]): Promise<number> {
  const rows = await app.db
    .selectFrom('search_outbox')
    .select('id')
    .where('document_id', 'in', [...ids])
    .execute();
  return rows.length;
}

const sameMap = (a: Map<string, number>, b: Map<string, number>) =>
  a.size === b.size && [...a].every(([id, version]) => b.get(id) === version);

describe('the outbox worker, end to end', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // Only the outbox's own workers: the match-list worker would compute every list of the suite's database meanwhile.
    app = await buildTestApp({ runOutboxWorker: true, runMatchListWorker: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  // Without any flush, the running worker makes it searchable. How fast is the bench's row (write-to-searchable,
  // p99 ≤ 2 s); a clock here only measured how busy the machine was (it failed at 2.3 s under load).
  it('a vacancy published through the pages is found by the real worker without any flush', async () => {
    const word = searchWord();
    const employer = await createEmployer(app);
    const agent = await loginAs(app, employer.email);
    const id = await postVacancy(agent, { title: `Lagerhelfer ${word}` });
    const published = Date.now();
    let seen: string[] = [];
    const found = await waitFor(
      async () => {
        const res = await request(app.server).get('/api/v1/vacancies').query({ q: word });
        seen = res.body.hits.map((h: { id: string }) => h.id);
        return res.body.degraded === false && seen.includes(id);
      },
      15_000,
      20,
    );
    expect(found, `not searchable after ${Date.now() - published} ms`).toBe(true);
    expect(seen).toEqual([id]);
    // The publish's own outbox row may still be on its way; it drains too.
    expect(await waitFor(async () => (await pendingFor(app, [id])) === 0, 5_000)).toBe(true);
  });
});

describe('two app instances with workers on one database', () => {
  let apps: FastifyInstance[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  it('converge the index to exactly the published set, at the rows’ versions, and empty the outbox', async () => {
    apps = [
      await buildTestApp({ runOutboxWorker: true, runMatchListWorker: false }),
      await buildTestApp({ runOutboxWorker: true, runMatchListWorker: false }),
    ];
    const [first, second] = apps as [FastifyInstance, FastifyInstance];
    const word = searchWord();
    const employer = await createEmployer(first);
    const employerId = await employerIdOf(first, employer.email);
    const on = (i: number) => (i % 2 === 0 ? first : second);
    const other = (i: number) => (i % 2 === 0 ? second : first);

    // 60 vacancies, each changed on alternating instances, all at once.
    const ids = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const id = await create(on(i), employerId, `Lager ${i} ${word}`);
        if (i % 3 === 0) return id; // stays a draft
        await change(other(i), employerId, id, 'publish');
        if (i % 5 === 0) {
          const updated = await updateVacancy(on(i), employerId, id, input(`Lager ${i} neu ${word}`));
          if (!updated?.ok) throw new Error('update failed');
        }
        if (i % 7 === 0) await change(on(i), employerId, id, 'close');
        if (i % 11 === 0) {
          const updated = await updateVacancy(other(i), employerId, id, input(`Lager ${i} wieder ${word}`));
          if (!updated?.ok) throw new Error('update failed');
        }
        return id;
      }),
    );
    expect(new Set(ids).size).toBe(60);

    const expected = await publishedVersions(first, ids);
    expect(expected.size).toBe(34); // 20 drafts (i % 3 == 0), 6 closed (7, 14, 28, 35, 49, 56)
    expect([...expected.values()].some((version) => version > 2)).toBe(true);

    const converged = await waitFor(
      async () => (await pendingFor(first, ids)) === 0 && sameMap(await indexedVersions(first, ids), expected),
      30_000,
      100,
    );
    expect(converged).toBe(true);

    const indexed = await indexedVersions(first, ids);
    expect(sorted(indexed.keys())).toEqual(sorted(expected.keys()));
    for (const [id, version] of expected) expect(indexed.get(id)).toBe(version);
    expect(await pendingFor(first, ids)).toBe(0);

    const titles = await first.searchEngine.admin
      .index<VacancyDocument>(VACANCY_INDEX)
      .getDocuments({ ids: [...expected.keys()], limit: 100, fields: ['id', 'title'] });
    const rows = await first.db
      .selectFrom('vacancies')
      .select(['id', 'title'])
      .where('id', 'in', [...expected.keys()])
      .execute();
    expect(new Map(titles.results.map((d) => [d.id, d.title]))).toEqual(new Map(rows.map((r) => [r.id, r.title])));

    const res = await request(second.server).get('/api/v1/vacancies').query({ q: word, perPage: '100' });
    expect(res.body.total).toBe(expected.size);
  });
});

describe('reindex', () => {
  let app: FastifyInstance;
  const word = searchWord();
  const otherIndex = `other_${word}`;
  let employerId: string;
  let published: string[] = [];
  let closed: string[] = [];
  let drafts: string[] = [];

  beforeAll(async () => {
    app = await buildTestApp();
    const employer = await createEmployer(app);
    employerId = await employerIdOf(app, employer.email);
    const ids: string[] = [];
    for (let i = 0; i < 14; i += 1) ids.push(await create(app, employerId, `Lager Reindex ${i} ${word}`));
    published = ids.slice(0, 10);
    closed = ids.slice(10, 12);
    drafts = ids.slice(12);
    for (const id of [...published, ...closed]) await change(app, employerId, id, 'publish');
    for (const id of closed) await change(app, employerId, id, 'close');
    await flushOutbox(app);
  });

  afterAll(async () => {
    await masterClient()
      .deleteIndex(otherIndex)
      .waitTask()
      .catch(() => undefined);
    await app?.close();
  });

  it('keeps every published vacancy searchable while it rebuilds, and repairs drift', async () => {
    const index = app.searchEngine.admin.index<VacancyDocument>(VACANCY_INDEX);
    expect(sorted((await indexedVersions(app, [...published, ...closed, ...drafts])).keys())).toEqual(sorted(published));

    // Drift the index from Postgres: a published vacancy missing, a closed and a draft one present.
    const sample = await index.getDocument(published[0]!);
    const drift = await index
      .addDocuments(
        [closed[0]!, drafts[0]!].map((id) => ({ ...sample, id })),
        { primaryKey: 'id' },
      )
      .waitTask();
    expect(drift.status).toBe('succeeded');
    expect((await index.deleteDocument(published[1]!).waitTask()).status).toBe('succeeded');
    expect(sorted((await indexedVersions(app, [...published, ...closed, ...drafts])).keys())).not.toEqual(sorted(published));

    let done = false;
    const reindex = reindexVacancies(app.db, app.searchEngine.admin, app.searchEngine.sources).finally(() => {
      done = true;
    });
    // A change while the rebuild runs waits in the outbox and is applied after the swap.
    const closedDuring = published.pop()!;
    closed.push(closedDuring);
    await change(app, employerId, closedDuring, 'close');

    const totals: number[] = [];
    while (!done) {
      const res = await request(app.server).get('/api/v1/vacancies').query({ q: word, perPage: '100' });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toBe(false);
      totals.push(res.body.total);
      const direct = await index.search(word, { limit: 0 });
      totals.push(direct.estimatedTotalHits ?? 0);
    }
    const { documents } = await reindex;
    expect(documents).toBeGreaterThanOrEqual(published.length);
    expect(totals.length).toBeGreaterThanOrEqual(4);
    expect(totals.filter((n) => n === 0)).toEqual([]);

    // The rebuild itself repaired the drift (the outbox holds nothing for those rows).
    const rebuilt = await indexedVersions(app, [...published, closed[0]!, drafts[0]!]);
    expect(sorted(rebuilt.keys())).toEqual(sorted(published));

    await flushOutbox(app);
    const all = [...published, ...closed, ...drafts];
    const indexed = await indexedVersions(app, all);
    const expected = await publishedVersions(app, all);
    expect(sorted(expected.keys())).toEqual(sorted(published));
    expect(sorted(indexed.keys())).toEqual(sorted(published));
    for (const [id, version] of expected) expect(indexed.get(id)).toBe(version);

    const res = await request(app.server).get('/api/v1/vacancies').query({ q: word, perPage: '100' });
    expect(sorted(res.body.hits.map((h: { id: string }) => h.id))).toEqual(sorted(published));

    // The rebuild index is gone; the live one kept its settings.
    const { results: indexes } = await app.searchEngine.admin.getIndexes({ limit: 1000 });
    expect(indexes.filter((i) => i.uid.startsWith(`${VACANCY_INDEX}_rebuild_`))).toEqual([]);
    const settings = await index.getSettings();
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['kind', 'germanLevelRank', 'placeId']));
    expect(settings.filterableAttributes).not.toContain('_geo'); // search/near.ts: no geo index to rewrite on each update
  });

  it('the public search key still works after the swap and can do nothing else', async () => {
    const admin = masterClient(); // sets up a foreign index the public key must not read
    const key = await ensurePublicSearchKey(admin);
    expect(await ensurePublicSearchKey(admin)).toBe(key);
    const client = createMeiliClient(testServices().meiliUrl, key);

    const found = await client.index(VACANCY_INDEX).search(word, { limit: 100 });
    expect(sorted(found.hits.map((h) => h.id as string))).toEqual(sorted(published));

    const write = await client
      .index(VACANCY_INDEX)
      .addDocuments([{ id: '00000000-0000-4000-8000-000000000001', title: word }])
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(write).toBeInstanceOf(MeilisearchApiError);
    expect((write as MeilisearchApiError).response.status).toBe(403);

    const removal = await client
      .index(VACANCY_INDEX)
      .deleteDocument(published[0]!)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((removal as MeilisearchApiError).response.status).toBe(403);
    const keys = await client.getKeys().then(
      () => null,
      (error: unknown) => error,
    );
    expect((keys as MeilisearchApiError).response.status).toBe(403);

    expect((await admin.createIndex(otherIndex, { primaryKey: 'id' }).waitTask()).status).toBe('succeeded');
    expect(
      (
        await admin
          .index(otherIndex)
          .addDocuments([{ id: 1, secret: word }])
          .waitTask()
      ).status,
    ).toBe('succeeded');
    expect((await admin.index(otherIndex).search(word)).hits).toHaveLength(1);
    const read = await client
      .index(otherIndex)
      .search(word)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(read).toBeInstanceOf(MeilisearchApiError);
    expect((read as MeilisearchApiError).response.status).toBe(403);
    const fetchDoc = await client
      .index(otherIndex)
      .getDocument(1)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((fetchDoc as MeilisearchApiError).response.status).toBe(403);

    // Nothing got into the live index through the public key.
    expect(await indexedVersions(app, ['00000000-0000-4000-8000-000000000001'])).toEqual(new Map());
  });
});
