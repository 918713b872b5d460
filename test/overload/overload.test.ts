import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { RELAXED_LIMITS, serviceLocations, testConfig } from '../helpers/app.ts';

const SPIN_MS = 300;
const JSON_ROUTE = '/api/v1/occupations';
const PAGE_ROUTE = '/about';

/** The real app plus test-only routes: one that blocks the event loop, one that runs a slow query. */
async function buildAppWithTestRoutes(config: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(config), serviceLocations(), { rateLimits: RELAXED_LIMITS, runOutboxWorker: false });
  app.get('/test/spin', async () => {
    const end = performance.now() + SPIN_MS;
    while (performance.now() < end) {
      // Deliberately block the event loop, as a runaway synchronous task would.
    }
    return { spun: true };
  });
  app.get('/test/slow-query', async () => {
    await sql`SELECT pg_sleep(1)`.execute(app.db);
    return { finished: true };
  });
  await app.ready();
  return app;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Probe {
  json: LightMyRequestResponse;
  page: LightMyRequestResponse;
  health: LightMyRequestResponse;
}

/** One API call, one browser page and the liveness probe, started together so they see the same load sample. */
async function probe(app: FastifyInstance): Promise<Probe> {
  const [json, page, health] = await Promise.all([
    app.inject({ url: JSON_ROUTE, headers: { accept: 'application/json' } }),
    app.inject({ url: PAGE_ROUTE, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } }),
    app.inject({ url: '/healthz' }),
  ]);
  return { json, page, health };
}

/**
 * Blocks the loop, then probes until the sampler has seen the lag (it samples on an
 * interval, so the shed window starts up to one interval after the block). Bounded:
 * a few blocks, each followed by at most 400 ms of probing.
 */
async function probeWhileLagging(app: FastifyInstance): Promise<Probe | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await app.inject({ url: '/test/spin' });
    const deadline = Date.now() + 400;
    while (Date.now() < deadline) {
      const result = await probe(app);
      if (result.json.statusCode === 503) return result;
      await tick(2);
    }
  }
  return null;
}

async function waitUntilServing(app: FastifyInstance): Promise<Probe> {
  const deadline = Date.now() + 5_000;
  let last = await probe(app);
  while (Date.now() < deadline && (last.json.statusCode !== 200 || last.page.statusCode !== 200)) {
    await tick(20);
    last = await probe(app);
  }
  return last;
}

describe('graceful overload (event-loop lag)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    // Utilisation check off so this proves the delay threshold on its own.
    app = await buildAppWithTestRoutes({ maxEventLoopDelayMs: 50, overloadSampleIntervalMs: 25 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers normally while the loop is idle', async () => {
    const { json, page, health } = await waitUntilServing(app);
    expect(json.statusCode).toBe(200);
    expect(page.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
  });

  it('sheds requests with 503 + Retry-After in the app’s error format while lagging, but keeps /healthz up', async () => {
    const lagging = await probeWhileLagging(app);
    expect(lagging, 'a request after a 300 ms block should be shed').not.toBeNull();
    const { json, page, health } = lagging!;

    expect(json.statusCode).toBe(503);
    expect(json.headers['retry-after']).toBe('5');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const body = json.json() as { error: { code: string; message: string } };
    expect(body).toEqual({ error: { code: 'overloaded', message: expect.stringContaining('nicht erreichbar') } });
    expect(json.body).not.toMatch(/stack|FST_UNDER_PRESSURE|at .*\.(js|ts):\d+/);

    // Same load sample, a browser: the friendly page, not JSON.
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html');
    expect(page.body).toContain('Der Dienst ist gerade nicht erreichbar');
    expect(page.body).not.toContain('FST_UNDER_PRESSURE');

    // The liveness probe is never shed (a load balancer must not kill a busy instance).
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('answers 200 again once the lag has passed', async () => {
    expect(await probeWhileLagging(app)).not.toBeNull();
    const after = await waitUntilServing(app);
    expect(after.json.statusCode).toBe(200);
    expect(after.json.headers['retry-after']).toBeUndefined();
    expect(after.page.statusCode).toBe(200);
  });
});

describe('graceful overload at the production defaults', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    // loadConfig's defaults (1 s mean delay per 1 s sample), not the test apps' (shedding off, test/helpers/app.ts).
    const { maxEventLoopDelayMs, overloadSampleIntervalMs } = loadConfig({ NODE_ENV: 'test' });
    expect(maxEventLoopDelayMs).toBeGreaterThan(0);
    app = await buildAppWithTestRoutes({ maxEventLoopDelayMs, overloadSampleIntervalMs });
  });
  afterAll(async () => {
    await app.close();
  });

  it('does not shed requests after a single short hiccup', async () => {
    await app.inject({ url: '/test/spin' });
    const statuses = new Set<number>();
    const deadline = Date.now() + 1_100; // the block's sample has certainly been taken
    while (Date.now() < deadline) {
      statuses.add((await app.inject({ url: JSON_ROUTE, headers: { accept: 'application/json' } })).statusCode);
      await tick(10);
    }
    expect([...statuses]).toEqual([200]);
  });
});

describe('statement timeout', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildAppWithTestRoutes({ dbStatementTimeoutMs: 200 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('cancels a statement longer than DB_STATEMENT_TIMEOUT_MS (Postgres 57014)', async () => {
    const started = Date.now();
    await expect(sql`SELECT pg_sleep(1)`.execute(app.db)).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(900);
    // The connection is still usable afterwards.
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(app.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('answers 503 with Retry-After and no stack when a request’s query times out', async () => {
    const json = await app.inject({ url: '/test/slow-query', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(503);
    expect(json.headers['retry-after']).toBe('5');
    expect(json.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(json.body).not.toMatch(/57014|canceling statement|pg_sleep|\.ts:\d+/);

    const page = await app.inject({ url: '/test/slow-query', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Der Dienst ist gerade nicht erreichbar');
    expect(page.body).not.toMatch(/canceling statement|pg_sleep|\.ts:\d+/);
  });

  it('takes pool size and statement timeout from the config', async () => {
    const other = await buildAppWithTestRoutes({ dbPoolSize: 7 });
    try {
      expect((app.pg.pool as unknown as { options: { max: number } }).options.max).toBe(20);
      expect((other.pg.pool as unknown as { options: { max: number } }).options.max).toBe(7);
      const short = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(app.db);
      expect(short.rows).toEqual([{ statement_timeout: '200ms' }]);
      const standard = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(other.db);
      expect(standard.rows).toEqual([{ statement_timeout: '15s' }]);
      // An ordinary slow query under the default timeout completes.
      const { rows } = await sql<{ done: number }>`SELECT 1 AS done FROM pg_sleep(0.3)`.execute(other.db);
      expect(rows).toEqual([{ done: 1 }]);
    } finally {
      await other.close();
    }
  });
});
