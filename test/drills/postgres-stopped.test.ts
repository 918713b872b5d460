import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import type { Agent, Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../server/embedded/postgres.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs } from '../helpers/factories.ts';
import { waitFor } from '../search/support.ts';

/**
 * Drill: PostgreSQL stops under a running app and comes back. This file runs its
 * own PostgreSQL (so stopping it cannot disturb other files) on a fixed port, so
 * the pool finds it again at the same address after the restart.
 */
const FRIENDLY = 'Der Dienst ist gerade nicht erreichbar';
/** The pool's connectionTimeoutMillis (server/plugins/database.ts) plus a margin. */
const ANSWER_WITHIN_MS = 7_000;
/** A request that takes longer than this has hung; supertest gives up instead of waiting for vitest. */
const HANG_MS = 15_000;

let dataDir: string;
let password: string;
let pg: EmbeddedPostgresHandle | undefined;
let app: FastifyInstance;
let agent: Agent;

async function timed(send: () => PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = Date.now();
  const res = await send();
  return { res, ms: Date.now() - started };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'jobbruecke-pg-drill-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  password = randomBytes(16).toString('hex');
  pg = await startEmbeddedPostgres({ dataDir, password, fast: true });
  app = await buildTestApp({ services: { databaseUrl: pg.url } });
  const employer = await createEmployer(app);
  agent = await loginAs(app, employer.email);
});

afterAll(async () => {
  await app?.close();
  await pg?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL stopped and started again', () => {
  it('answers normally while PostgreSQL runs', async () => {
    expect((await request(app.server).get('/')).status).toBe(200);
    const own = await agent.get('/employer/vacancies');
    expect(own.status).toBe(200);
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ db: 'ok' });
  });

  it('with PostgreSQL stopped: 503 with the friendly page in time, never a hang; /healthz stays 200', async () => {
    await pg!.stop();

    // A signed-in visitor: the session lives in PostgreSQL.
    for (const url of ['/vacancies?q=x', '/login', '/employer/vacancies', '/']) {
      const { res, ms } = await timed(() => agent.get(url).timeout(HANG_MS));
      expect(res.status, url).toBe(503);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.text, url).toContain(FRIENDLY);
      expect(res.text, url).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+|stack/i);
      expect(res.headers['retry-after'], url).toBe('5');
      expect(ms, url).toBeLessThan(ANSWER_WITHIN_MS);
    }

    // An anonymous search needs no PostgreSQL: the reference lists are cached and Meilisearch answers.
    const anonymous = await timed(() => request(app.server).get('/vacancies?q=x').timeout(HANG_MS));
    expect(anonymous.res.status).toBe(200);
    expect(anonymous.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const anonymousApi = await timed(() => request(app.server).get('/api/v1/vacancies?q=x').timeout(HANG_MS));
    expect(anonymousApi.res.status).toBe(200);
    expect(anonymousApi.res.body).toMatchObject({ degraded: false });
    expect(anonymousApi.ms).toBeLessThan(ANSWER_WITHIN_MS);

    // JSON clients: the public API (a vacancy is read from PostgreSQL) and a page asked for as JSON.
    const api = await timed(() => request(app.server).get(`/api/v1/vacancies/${randomUUID()}`).timeout(HANG_MS));
    expect(api.res.status).toBe(503);
    expect(api.res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(api.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const json = await timed(() => agent.get('/employer/vacancies').set('accept', 'application/json').timeout(HANG_MS));
    expect(json.res.status).toBe(503);
    expect(json.res.body).toMatchObject({ error: { code: 'unavailable' } });
    expect(json.ms).toBeLessThan(ANSWER_WITHIN_MS);

    // Many at once must not queue behind each other beyond the pool's timeout either.
    const burst = await timed(async () => {
      const all = await Promise.all(Array.from({ length: 40 }, () => agent.get('/employer/vacancies').timeout(HANG_MS)));
      return all.find((r) => r.status !== 503) ?? all[0]!;
    });
    expect(burst.res.status).toBe(503);
    expect(burst.ms).toBeLessThan(ANSWER_WITHIN_MS);

    const ready = await timed(() => request(app.server).get('/readyz').timeout(HANG_MS));
    expect(ready.res.status).toBe(503);
    expect(ready.res.body).toMatchObject({ status: 'down', db: 'down' });
    expect(ready.ms).toBeLessThan(ANSWER_WITHIN_MS);

    const live = await request(app.server).get('/healthz').timeout(HANG_MS);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
  });

  it('recovers within 10 s once PostgreSQL is back on its port', async () => {
    const port = pg!.port;
    pg = await startEmbeddedPostgres({ dataDir, password, fast: true, port });
    expect(pg.port).toBe(port);

    const startedAt = Date.now();
    const recovered = await waitFor(
      async () => {
        const res = await agent.get('/').timeout(HANG_MS);
        return res.status === 200;
      },
      10_000,
      100,
    );
    expect(recovered).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(10_000);

    // The session survived: the employer is still signed in.
    const own = await agent.get('/employer/vacancies');
    expect(own.status).toBe(200);
    expect(own.text).not.toContain(FRIENDLY);
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ db: 'ok', outboxPending: expect.any(Number) });
    const api = await request(app.server).get(`/api/v1/vacancies/${randomUUID()}`);
    expect(api.status).toBe(404);
  });
});
