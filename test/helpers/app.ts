import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import request from 'supertest';
import { buildApp, type AppOptions, type ServiceLocations } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import { pendingOutboxCount } from '../../search/outbox.ts';
import { createMeiliClient } from '../../search/client.ts';
import { testServices } from './services.ts';

/** argon2id's smallest sensible cost: about 1 ms per hash instead of about 60. */
export const TEST_HASH_COST = { memoryCost: 64, timeCost: 1 } as const;

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    dataDir: '.data/test-unused',
    trustProxy: false,
    logLevel: 'silent',
    seedDemo: false,
    dbPoolSize: 20,
    dbStatementTimeoutMs: 15_000,
    // Load shedding off (0): a test app's loop lags when the machine does (two workers, Chromium, the other
    // tenants of a shared machine), not when its own requests overload it, and a 503 then would fail whatever
    // the test checks. test/overload/ turns it on with its own limits and proves the shedding.
    maxEventLoopDelayMs: 0,
    overloadSampleIntervalMs: 1_000,
    retentionMonths: 24,
    // Still argon2id, at the smallest cost: the suite logs in thousands of times (test/accounts/password-cost.test.ts
    // checks that a real portal hashes at the production cost).
    passwordHashCost: TEST_HASH_COST,
    ...overrides,
  };
}

export function serviceLocations(
  overrides: Partial<{ databaseUrl: string; meiliUrl: string; meiliMasterKey: string }> = {},
): ServiceLocations {
  const { databaseUrl, ...services } = { ...testServices(), ...overrides };
  return { database: { connectionString: databaseUrl }, ...services };
}

/** Rate limits high enough that the suite's many logins from 127.0.0.1 never trip them. */
export const RELAXED_LIMITS = { loginPerIp: 10_000, loginPerAccount: 5, registerPerIp: 10_000, windowSeconds: 900 };

/**
 * The real app against the real services. The outbox and mail workers are off by
 * default so tests decide when the index catches up (flushOutbox) and when e-mail
 * goes out (flushMail) instead of sleeping.
 */
export async function buildTestApp(
  options: AppOptions & { config?: Partial<Config>; services?: Parameters<typeof serviceLocations>[0] } = {},
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(options.config), serviceLocations(options.services), {
    rateLimits: RELAXED_LIMITS,
    runOutboxWorker: false,
    runMailWorker: false,
    // Tests expect search ready when the app is (a busy suite can queue Meilisearch tasks for seconds).
    searchStartWaitMs: 60_000,
    runJobs: false,
    ...options,
  });
  await app.ready();
  return app;
}

/** One app per worker process for the files that take the defaults (`useTestApp()`), on globalThis as the slot claim is. */
const shared = globalThis as { jobbrueckeSharedApp?: Promise<FastifyInstance> };

/**
 * The worker's shared app, built on first use and never closed: the process ends with the worker. Its search engine
 * runs from file to file on purpose, so the leak check (leaks.ts) is told to leave it alone.
 */
function sharedTestApp(): Promise<FastifyInstance> {
  shared.jobbrueckeSharedApp ??= buildTestApp().then(
    (app) => {
      (globalThis as { jobbrueckeLeakTracking?: Map<object, unknown> }).jobbrueckeLeakTracking?.delete(app.searchEngine);
      return app;
    },
    (error: unknown) => {
      shared.jobbrueckeSharedApp = undefined;
      throw error;
    },
  );
  return shared.jobbrueckeSharedApp;
}

/**
 * The one set-up of an integration file: `const app = useTestApp();` at the top level (or in a describe)
 * builds the app in a `beforeAll` and closes it in an `afterAll`. What it returns stands for that app:
 * every property and method is the built app's, read when used, so hooks and tests use `app` as they
 * would the app itself. Call it before the file's own hooks: its `beforeAll` then runs first, and its
 * `afterAll` last (after a browser or a listener that uses the app has been closed).
 *
 * Without options the files of a worker share one app (built once per process: a build cost ~0.25 CPU-s in the
 * worker, a round of Meilisearch and PostgreSQL requests and ~1 s of wall time, issue 14). A file gets it with its
 * search caches empty (as a new app's are); its `close()` does nothing and a second `listen()` answers the address
 * it listens at. A file that needs an app of its own (another config, search down, workers on) passes options; one
 * that changes the app's state in place (search/search-busy.test.ts holds the search limiter's slots and changes its
 * wait) passes `{ own: true }`.
 */
export function useTestApp({ own = false, ...options }: Parameters<typeof buildTestApp>[0] & { own?: boolean } = {}): FastifyInstance {
  // TEST_OWN_APPS=1: every file builds its own, as before (to compare, or to rule the sharing out when a file fails).
  const isShared = !own && Object.keys(options).length === 0 && !process.env.TEST_OWN_APPS;
  let built: FastifyInstance | undefined;
  beforeAll(async () => {
    built = isShared ? await sharedTestApp() : await buildTestApp(options);
    // Answers cached by an earlier file's searches go, as if the app were new.
    if (isShared) built.searchEngine.clearCaches();
  });
  afterAll(async () => {
    if (!isShared) await built?.close();
    built = undefined;
  });
  const current = (): FastifyInstance => {
    if (!built) throw new Error('useTestApp: the app is built in beforeAll; use it inside a hook or a test');
    return built;
  };
  const sharedOnly: Partial<Record<PropertyKey, (app: FastifyInstance) => unknown>> = {
    close: () => async () => undefined,
    listen:
      (app) =>
      async (...args: Parameters<FastifyInstance['listen']>) =>
        app.server.listening ? listeningAt(app) : app.listen(...args),
  };
  return new Proxy({} as FastifyInstance, {
    get(_, key) {
      const target = current();
      const replaced = isShared ? sharedOnly[key] : undefined;
      if (replaced) return replaced(target);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has: (_, key) => Reflect.has(current(), key),
    set: (_, key, value) => Reflect.set(current(), key, value),
  });
}

/** What `listen()` answers: the address the app listens at. */
function listeningAt(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return String(address);
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * Pushes every pending outbox row to Meilisearch and waits for its tasks. A drain that handles nothing while
 * rows wait means another drainer holds the outbox lock (a rebuild after search came back, another app on this
 * database) or the rows wait out a back-off: it asks again shortly, for at most 60 s, instead of giving up
 * after a count of quick rounds (a busy machine made that count pass within one rebuild).
 */
export async function flushOutbox(app: FastifyInstance): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const handled = await app.searchEngine.worker.drainOnce();
    if ((await pendingOutboxCount(app.db)) === 0) return;
    if (handled === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Say why: rows waiting out a back-off after a failed push carry its error.
  const waiting = await app.db
    .selectFrom('search_outbox')
    .select(['index_name', 'attempts', 'last_error', 'next_attempt_at'])
    .orderBy('id')
    .limit(3)
    .execute();
  throw new Error(`The outbox did not drain: ${JSON.stringify(waiting)}`);
}

/**
 * Sends every due e-mail in the outbox now (the mail worker is off in tests). Without
 * SMTP_URL (the test default) that marks them sent and logs them; read what was "sent"
 * from the mail_outbox rows. Messages that fail stay unsent with a later next_attempt_at.
 */
export async function flushMail(app: FastifyInstance): Promise<void> {
  // The suite shares one outbox, and every registration notifies every admin the suite has made so far:
  // the backlog can be thousands of rows, so drain until empty (bounded by time, not by a round count).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await app.mail.worker.drainOnce()) === 0) return;
  }
  throw new Error('The mail outbox did not drain within 60 s');
}

/**
 * Marks the e-mails that earlier test files left queued as sent, without sending them. The suite shares
 * one outbox, and files without SMTP leave their notices there; a file that reads a real SMTP sink would
 * otherwise push the whole backlog (thousands of admin notices by then) through SMTP first and spend its
 * time limit on it. Call it right after building the app, before the file queues mail of its own.
 */
export async function discardEarlierMail(app: FastifyInstance): Promise<void> {
  await app.db.updateTable('mail_outbox').set({ sent_at: new Date() }).where('sent_at', 'is', null).execute();
}

/** A browser-like client that keeps cookies. */
export function agentFor(app: FastifyInstance) {
  return request.agent(app.server);
}

/** A form body as a browser sends it: repeated keys for lists. */
export function encodeForm(values: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (value !== undefined) params.append(key, value);
  }
  return params.toString();
}

/** The CSRF token of the form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1]!;
}

let counter = 0;
/** A unique suffix so tests never collide on e-mail addresses or search terms. */
export function unique(prefix = 't'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/** A master-key client, for tests that set up scratch indexes or keys (the app itself never searches with it). */
export function masterClient() {
  const { meiliUrl, meiliMasterKey } = testServices();
  return createMeiliClient(meiliUrl, meiliMasterKey);
}
