import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIndexes } from '../../search/check-index.ts';
import { pendingOutboxCount } from '../../search/outbox.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { startEmbeddedMeilisearch, type EmbeddedMeiliHandle } from '../../server/embedded/meilisearch.ts';
import { selectVacancyVersionsForIndex } from '../../server/vacancies/queries.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { changeStatus, createVacancy, updateVacancy } from '../../server/vacancies/service.ts';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createEmployer, vacancyForm } from '../helpers/factories.ts';
import { searchWord, sorted, waitFor } from '../search/support.ts';

/**
 * Drill: Meilisearch is killed (SIGKILL) while an employer edits 100 vacancies.
 * Every edit commits, search answers degraded from PostgreSQL meanwhile, and
 * after the restart the outbox brings the index back to exactly the database.
 * This file runs its own Meilisearch so killing it cannot disturb other files.
 */
const COUNT = 100;
const CLOSED = 20; // the first 20 are closed during the outage
const REOPENED = 10; // the next 10 are closed and published again

let handle: EmbeddedMeiliHandle | undefined;
let dataDir: string;
let app: FastifyInstance;
let employerId: string;
const word = searchWord();
const ids: string[] = [];
const versionBefore = new Map<string, number>();

const api = (query: Record<string, string>) => request(app.server).get('/api/v1/vacancies').query(query).timeout(15_000);
const editedTitle = (i: number) => `Neu ${i} Lager ${word}`;
const isClosed = (i: number) => i < CLOSED;

/** Every document of the index as id → version, page by page. */
async function indexVersions(): Promise<Map<string, number | null>> {
  const versions = new Map<string, number | null>();
  const index = app.searchEngine.admin.index<{ id: string; version?: number }>(VACANCY_INDEX);
  for (let offset = 0; ; offset += 1_000) {
    const page = await index.getDocuments({ fields: ['id', 'version'], limit: 1_000, offset });
    for (const doc of page.results) versions.set(String(doc.id), typeof doc.version === 'number' ? doc.version : null);
    if (page.results.length < 1_000) return versions;
  }
}

/** Computed here, independently of search/check-index.ts: sha256 over the sorted "id:version" lines. */
function checksum(versions: Iterable<[string, number | null]>): string {
  const lines = [...versions].map(([id, version]) => `${id}:${version ?? ''}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

async function versionsInDatabase(): Promise<Map<string, number>> {
  const rows = await app.db.selectFrom('vacancies').select(['id', 'version']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.version]));
}

beforeAll(async () => {
  // The outbox is shared through the database: push what other files left to the shared
  // Meilisearch first, so this file's private one does not swallow it.
  const shared = await buildTestApp();
  await flushOutbox(shared);
  await shared.close();

  dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-meili-drill-'));
  chmodSync(dataDir, 0o755);
  const key = randomBytes(16).toString('hex');
  handle = await startEmbeddedMeilisearch({ dataDir, masterKey: key });
  app = await buildTestApp({ services: { meiliUrl: handle.url, meiliMasterKey: key }, runOutboxWorker: true, searchHealthIntervalMs: 200 });

  // The private index starts empty: fill it from the database, so the whole index can be compared at the end.
  const filled = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: true });
  expect(filled.every((c) => c.equal)).toBe(true);

  const employer = await createEmployer(app, { organisation: `Lager ${word}` });
  const account = await app.db.selectFrom('accounts').select('employer_id').where('id', '=', employer.accountId).executeTakeFirstOrThrow();
  employerId = account.employer_id!;
  // Ten at a time (as the edits below): each vacancy keeps its number i, whatever order they commit in.
  await Promise.all(
    Array.from({ length: 10 }, async (_, worker) => {
      for (let i = worker; i < COUNT; i += 10) {
        const created = await createVacancy(app, employerId, VacancyInput.parse(vacancyForm({ title: `Alt ${i} Lager ${word}` })));
        if (!created.ok) throw new Error(JSON.stringify(created.errors));
        expect(await changeStatus(app, employerId, created.value, 'publish')).toEqual({ ok: true });
        ids[i] = created.value;
      }
    }),
  );
  expect(ids.filter(Boolean)).toHaveLength(COUNT);
  for (const [id, version] of await versionsInDatabase()) versionBefore.set(id, version);

  // The worker (running) indexes them; wait until all 100 are in at their current version.
  const indexed = await waitFor(
    async () => {
      if ((await pendingOutboxCount(app.db)) > 0) return false;
      const inIndex = await indexVersions();
      return ids.every((id) => inIndex.get(id) === versionBefore.get(id));
    },
    20_000,
    100,
  );
  expect(indexed).toBe(true);
  const before = await api({ q: word, perPage: '100' });
  expect(before.body).toMatchObject({ degraded: false, total: COUNT });
}, 180_000); // its own Meilisearch, an app, 100 vacancies: over 90 s on the shared machine at load 50

afterAll(async () => {
  await app?.close();
  await handle?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Meilisearch killed while 100 vacancies are edited', () => {
  it('every edit commits and search answers degraded meanwhile', async () => {
    let done = 0;
    let killing: Promise<void> | undefined;
    let duringOutage: Promise<{ status: number; body: unknown }> | undefined;

    const edit = async (i: number) => {
      const id = ids[i]!;
      const saved = await updateVacancy(app, employerId, id, VacancyInput.parse(vacancyForm({ title: editedTitle(i), germanLevel: 'B1' })));
      expect(saved).toEqual({ ok: true, value: id });
      if (i < CLOSED + REOPENED) expect(await changeStatus(app, employerId, id, 'close')).toEqual({ ok: true });
      if (i >= CLOSED && i < CLOSED + REOPENED) expect(await changeStatus(app, employerId, id, 'publish')).toEqual({ ok: true });
      done += 1;
      // Kill Meilisearch once the first edits are in: the rest happen while it is gone.
      if (done === 10) {
        killing = handle!.kill();
        // Search answers degraded within moments of the kill (the app may still be noticing it).
        duringOutage = killing.then(async () => {
          let last: { status: number; body: unknown } = { status: 0, body: null };
          await waitFor(async () => {
            const res = await api({ q: word, perPage: '1' });
            last = { status: res.status, body: res.body as unknown };
            return res.status === 200 && (res.body as { degraded?: boolean }).degraded === true;
          }, 5_000);
          return last;
        });
      }
    };
    // Ten editors at once, each working through its share (so most edits overlap the outage).
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        for (let i = worker; i < COUNT; i += 10) await edit(i);
      }),
    );
    await killing;
    expect(await duringOutage).toMatchObject({ status: 200, body: { degraded: true } });

    // Every edit committed: versions bumped by one per change, titles saved.
    const after = await versionsInDatabase();
    const rows = await app.db.selectFrom('vacancies').select(['id', 'title', 'status', 'german_level']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => {
      const changes = 1 + (isClosed(i) ? 1 : i < CLOSED + REOPENED ? 2 : 0);
      expect(after.get(id), `vacancy ${i}`).toBe(versionBefore.get(id)! + changes);
      expect(byId.get(id)).toMatchObject({ title: editedTitle(i), status: isClosed(i) ? 'closed' : 'published', german_level: 'B1' });
    });

    // The index is behind: the outbox keeps what could not be pushed.
    expect(await pendingOutboxCount(app.db)).toBeGreaterThan(0);
    expect(await waitFor(() => !app.searchEngine.available(), 5_000)).toBe(true);

    // Search answers from PostgreSQL, with the edits.
    const res = await api({ q: word, perPage: '100' });
    expect(res.status).toBe(200);
    expect(res.body.degraded).toBe(true);
    expect(res.body.total).toBe(COUNT - CLOSED);
    expect(sorted(res.body.hits.map((h: { id: string }) => h.id))).toEqual(sorted(ids.filter((_, i) => !isClosed(i))));
    expect(res.body.hits.every((h: { title: string; germanLevel: string }) => h.title.startsWith('Neu ') && h.germanLevel === 'B1')).toBe(
      true,
    );
    const page = await request(app.server).get('/vacancies').query({ q: word }).timeout(15_000);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Die Suche läuft gerade eingeschränkt');
  }, 40_000);

  it('after the restart the index converges to exactly the database', async () => {
    await handle!.restart();
    expect(await waitFor(() => app.searchEngine.available(), 15_000, 100)).toBe(true);
    await app.searchEngine.worker.retryNow();
    const drained = await waitFor(async () => (await pendingOutboxCount(app.db)) === 0, 30_000, 100);
    expect(drained).toBe(true);

    // These 100: the published ones at their database version, the closed ones gone.
    const database = await versionsInDatabase();
    const inIndex = await indexVersions();
    ids.forEach((id, i) => {
      if (isClosed(i)) expect(inIndex.has(id), `closed vacancy ${i}`).toBe(false);
      else expect(inIndex.get(id), `vacancy ${i}`).toBe(database.get(id));
    });

    // The whole index: count and checksum of ids and versions equal the database's.
    const expected = await selectVacancyVersionsForIndex(app.db);
    expect(inIndex.size).toBe(expected.length);
    expect(checksum(inIndex)).toBe(checksum(expected.map((r) => [r.id, r.version])));
    const report = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: false });
    const vacancies = report.find((c) => c.index === VACANCY_INDEX)!;
    expect(vacancies).toMatchObject({
      missing: [],
      extra: [],
      stale: [],
      equal: true,
      databaseCount: expected.length,
      indexCount: expected.length,
    });
    expect(vacancies.indexChecksum).toBe(vacancies.databaseChecksum);
    expect(report.every((c) => c.equal)).toBe(true);

    // Search answers from the index again, with the edits.
    const res = await api({ q: word, perPage: '100' });
    expect(res.body.degraded).toBe(false);
    expect(sorted(res.body.hits.map((h: { id: string }) => h.id))).toEqual(sorted(ids.filter((_, i) => !isClosed(i))));
    expect(res.body.hits.every((h: { title: string }) => h.title.startsWith('Neu '))).toBe(true);
  }, 50_000);
});
