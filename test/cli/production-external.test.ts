import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startPortal, untilRunning, type Run } from '../helpers/process.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { testServices } from '../helpers/services.ts';

/**
 * The app as docker-compose.yml runs it: NODE_ENV=production against a PostgreSQL and a
 * Meilisearch started apart from it, the database named by PGHOST… with a password holding
 * every character that broke the URL compose used to splice (README's base64 secrets).
 */
const suffix = randomBytes(4).toString('hex');
const role = `jb_prod_${suffix}`;
const database = `jb_prod_${suffix}`;
const password = `p/a+s=s@w:rd-${randomBytes(8).toString('hex')}`;
const suite = new URL(testServices().databaseUrl);
const pgHost = suite.hostname.replace(/^\[|\]$/g, ''); // an IPv6 address comes bracketed
const pgPort = suite.port || '5432';

const owner = { host: pgHost, port: Number(pgPort), user: role, password, database };
const folder = mkdtempSync(path.join(tmpdir(), 'jobbruecke-production-'));

async function asSuperuser(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: testServices().databaseUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const ident = pg.escapeIdentifier;
  await asSuperuser([
    `CREATE ROLE ${ident(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`,
    `CREATE DATABASE ${ident(database)} OWNER ${ident(role)}`,
  ]);
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await asSuperuser([
    `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`,
    `DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`,
  ]);
});

/** Waits until the portal prints that it runs (or exits): a start took over 30 s on the shared machine under load. */
const running = (run: Run, timeoutMs = 60_000) => untilRunning(run, timeoutMs);

/** Asks /readyz until search is set up too (the start goes on degraded after 5 s of set-up). */
async function ready(origin: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${origin}/readyz`);
    const body = (await response.json()) as Record<string, unknown>;
    if (body.status === 'ok' || Date.now() > deadline) return { httpStatus: response.status, ...body };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The production environment compose gives the app, with the suite's services. */
function productionEnv(port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: 'https://jobs.example.test',
    PGHOST: pgHost,
    PGPORT: pgPort,
    PGUSER: role,
    PGPASSWORD: password,
    PGDATABASE: database,
    MEILI_URL: testServices().meiliUrl,
    MEILI_MASTER_KEY: testServices().meiliMasterKey,
    SESSION_SECRET: testServices().sessionSecret,
    SEED_DEMO: 'false',
    // Embedded services would put their data and secrets here: it must stay absent.
    DATA_DIR: path.join(folder, 'data'),
  };
}

describe('production against external services (as docker-compose.yml runs it)', () => {
  it('the password breaks the URL compose used to splice, and the error does not show it', () => {
    const spliced = `postgres://${role}:${password}@${pgHost}:${pgPort}/${database}`;
    expect(() => new pg.Client({ connectionString: spliced })).toThrow('Invalid URL');
    let error: unknown;
    try {
      loadConfig({ ...productionEnv(3000), DATABASE_URL: spliced });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Configuration error: DATABASE_URL is invalid/);
    expect((error as Error).message).not.toContain(password);
  });

  it('names what production misses about the database in one line', () => {
    const env = productionEnv(3000);
    expect(() => loadConfig({ ...env, PGHOST: undefined })).toThrow(
      'Configuration error: DATABASE_URL or PGHOST is required when NODE_ENV=production',
    );
    expect(() => loadConfig({ ...env, PGPASSWORD: undefined })).toThrow(
      'Configuration error: PGPASSWORD is required when NODE_ENV=production and PGHOST is set',
    );
    expect(() => loadConfig({ ...env, PGUSER: undefined })).toThrow('Configuration error: PGUSER is required when PGHOST is set');
    expect(loadConfig(env).database).toEqual(owner);
  });

  it('starts with NODE_ENV=production and PGPASSWORD holding /+=@:, migrates its own database, serves search and stops cleanly', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const run = startPortal(productionEnv(port));
    try {
      await running(run);
      expect(await ready(origin)).toMatchObject({ httpStatus: 200, status: 'ok' });

      const home = await fetch(`${origin}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('strict-transport-security')).toContain('max-age='); // production headers
      const search = await fetch(`${origin}/api/v1/vacancies?q=Pflege`);
      expect(search.status).toBe(200);
      expect(await search.json()).toMatchObject({ degraded: false }); // answered by Meilisearch
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.stdout).toContain('SIGTERM received');

    // The schema landed in the new database, owned by the role that logged in with that password.
    const client = new pg.Client(owner);
    await client.connect();
    try {
      const { rows } = await client.query<{ owner: string }>(
        "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'vacancies'",
      );
      expect(rows).toEqual([{ owner: role }]);
    } finally {
      await client.end();
    }
    expect(existsSync(path.join(folder, 'data'))).toBe(false); // nothing embedded was started
  }, 120_000);
});
