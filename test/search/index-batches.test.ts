import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkIndexes } from '../../search/check-index.ts';
import { reindexVacancies } from '../../search/reindex.ts';
import { waitForTask } from '../../search/tasks.ts';
import { VACANCY_INDEX, type VacancyDocument } from '../../search/vacancy-index.ts';
import { buildTestApp, masterClient } from '../helpers/app.ts';
import { employerOf, publishVacancy } from '../matching/support.ts';
import { searchWord, sorted } from './support.ts';

/** What the index must hold, written here independently of the app's queries. */
async function indexedRows(app: FastifyInstance): Promise<Map<string, number>> {
  const { rows } = await sql<{ id: string; version: number }>`
    SELECT v.id, v.version FROM vacancies v JOIN employers e ON e.id = v.employer_id
    WHERE v.status = 'published' AND e.status = 'approved'`.execute(app.db);
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** Every document of the live index (id and version), read in Meilisearch's own pages. */
async function liveDocuments(app: FastifyInstance): Promise<Map<string, number>> {
  const docs = new Map<string, number>();
  for (let offset = 0; ; offset += 1000) {
    const { results } = await app.searchEngine.admin
      .index<VacancyDocument>(VACANCY_INDEX)
      .getDocuments({ fields: ['id', 'version'], limit: 1000, offset });
    for (const d of results) docs.set(d.id, d.version);
    if (results.length < 1000) return docs;
  }
}

describe('index builds and checks read PostgreSQL in keyset pages', () => {
  let app: FastifyInstance;
  const word = searchWord();
  let published: string[] = [];
  beforeAll(async () => {
    app = await buildTestApp();
    const { employerId } = await employerOf(app);
    // Published ones with unpublished ones between them, so pages of 3 end on rows the index must skip too.
    for (let i = 0; i < 11; i += 1) {
      const id = await publishVacancy(app, employerId, { title: `Lagerhelfer ${word} ${i}` }, i % 4 !== 3);
      if (i % 4 !== 3) published.push(id);
    }
    published = sorted(published);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('a rebuild in pages of 3 indexes every row once: none missing, none twice, nothing else', async () => {
    const progress: string[] = [];
    const expected = await indexedRows(app);
    expect(expected.size).toBeGreaterThan(6); // at least a few page boundaries

    const { documents } = await reindexVacancies(app.db, app.searchEngine.admin, app.searchEngine.sources, {
      batchSize: 3,
      log: (line) => progress.push(line),
    });

    // Sent exactly once each: a row read on two pages would make the count larger than the table.
    expect(documents).toBe(expected.size);
    const live = await liveDocuments(app);
    expect(live.size).toBe(expected.size);
    expect(sorted(live.keys())).toEqual(sorted(expected.keys()));
    for (const [id, version] of expected) expect(live.get(id), id).toBe(version);
    const hits = await app.searchEngine.admin.index(VACANCY_INDEX).search(word, { limit: 50 });
    expect(sorted(hits.hits.map((h) => h.id as string))).toEqual(published);
    // Progress comes as a line every few seconds while a build lasts (none, or a few, for a build this small).
    for (const line of progress) expect(line).toMatch(/^vacancies index build: \d+ of \d+ sent, \d+ indexed, \d+ remaining, about .+ left/);
    expect(progress.length).toBeLessThan(30);

    // The check, in pages of 3 on both sides, finds the rebuilt index equal to the database.
    const report = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: false, pageSize: 3 });
    const vacancies = report.find((r) => r.index === VACANCY_INDEX)!;
    expect([vacancies.missing, vacancies.extra, vacancies.stale, vacancies.equal]).toEqual([[], [], [], true]);
    expect(vacancies.databaseCount).toBe(expected.size);
    expect(vacancies.indexCount).toBe(expected.size);
  }, 120_000);

  // The memory bench varies the tasks in flight (bench/memory-rebuild.ts): with one, every page waits for the task
  // before it, and a rebuild must still send each row once and swap in an index equal to the database.
  it('a rebuild with one task in flight, in pages of 2, indexes every row once', async () => {
    const expected = await indexedRows(app);
    const { documents } = await reindexVacancies(app.db, app.searchEngine.admin, app.searchEngine.sources, {
      batchSize: 2,
      maxInFlight: 1,
    });
    expect(documents).toBe(expected.size);
    const live = await liveDocuments(app);
    expect(sorted(live.keys())).toEqual(sorted(expected.keys()));
    for (const [id, version] of expected) expect(live.get(id), id).toBe(version);
  }, 120_000);

  it('the check in pages of 3 finds drift on both sides of a page boundary and repairs it', async () => {
    const index = app.searchEngine.admin.index<VacancyDocument>(VACANCY_INDEX);
    const [first, second, third] = published;
    await waitForTask(app.searchEngine.admin, (await index.deleteDocuments([first!, third!])).taskUid, 30_000);
    await sql`UPDATE vacancies SET version = version + 1 WHERE id = ${second!}`.execute(app.db);

    const dry = (await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: false, pageSize: 3 })).find(
      (r) => r.index === VACANCY_INDEX,
    )!;
    expect(dry.missing).toEqual(sorted([first!, third!]));
    expect(dry.stale).toEqual([second!]);
    expect(dry.extra).toEqual([]);

    const fixed = (await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: true, pageSize: 3 })).find(
      (r) => r.index === VACANCY_INDEX,
    )!;
    expect([fixed.repaired, fixed.equal]).toEqual([true, true]);
    const live = await liveDocuments(app);
    const expected = await indexedRows(app);
    expect(sorted(live.keys())).toEqual(sorted(expected.keys()));
    expect(live.get(second!)).toBe(expected.get(second!));
  }, 120_000);
});

/** How long the embedder below takes to answer: Meilisearch's task lasts at least this long. */
const EMBEDDER_DELAY_MS = 1_000;

describe('waiting for a long Meilisearch task', () => {
  const scratch = `vacancies_waittest_${Date.now()}`;
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeAll(() => {
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });
  afterAll(async () => {
    await masterClient()
      .deleteIndex(scratch)
      .catch(() => undefined);
  });

  // meilisearch-js's waitForTask adds an abort listener per poll (meilisearch-js#1930): a wait of more
  // than ten polls printed MaxListenersExceededWarning. A task of over a second is polled many times here.
  // It is long because Meilisearch waits for an embedder (a REST one served below, answering after a second),
  // not because it indexes much: as long on a fast machine as on a slow one, and with almost no CPU.
  it('adds no listener per poll: no MaxListenersExceededWarning however long it takes', async () => {
    const client = masterClient();
    const embedder = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const inputs = (JSON.parse(body) as { input: string[] }).input;
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ data: inputs.map(() => ({ embedding: [0.5, 0.5] })) }));
        }, EMBEDDER_DELAY_MS);
      });
    });
    await new Promise<void>((resolve) => embedder.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(embedder.address() as AddressInfo).port}/embed`;
      const settings = await client.index(scratch).updateSettings({
        embedders: {
          slow: {
            source: 'rest',
            url,
            dimensions: 2,
            documentTemplate: '{{doc.title}}',
            request: { input: ['{{text}}', '{{..}}'] },
            response: { data: [{ embedding: '{{embedding}}' }, '{{..}}'] },
          },
        },
      });
      expect((await waitForTask(client, settings.taskUid, 30_000)).status).toBe('succeeded');
      const added = await client.index(scratch).addDocuments([{ id: 'd1', title: 'Titel' }], { primaryKey: 'id' });
      const t0 = Date.now();
      const task = await waitForTask(client, added.taskUid, 120_000);
      const waitedMs = Date.now() - t0;
      expect(task.status).toBe('succeeded');
      // Long enough that meilisearch-js's wait (a poll every 50 ms) would have added over ten listeners.
      expect(waitedMs).toBeGreaterThan(600);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    } finally {
      embedder.close();
    }
  }, 150_000);
});
