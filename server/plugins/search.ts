import type { Meilisearch } from 'meilisearch';
import fp from 'fastify-plugin';
import { createMeiliClient } from '../../search/client.ts';
import { OutboxWorker } from '../../search/outbox.ts';
import { ensureMenteeIndex, ensurePublicSearchKey, ensureVacancyIndex } from '../../search/setup.ts';
import { listOccupations } from '../occupations/queries.ts';

export interface SearchService {
  /** Master-key client: settings, keys and writes. Server-side only. */
  admin: Meilisearch;
  /** Search-only client for public search (null until set up). */
  public(): Meilisearch | null;
  worker: OutboxWorker;
  /** Whether Meilisearch answered its last health check. */
  available(): boolean;
  /** A search failed to reach Meilisearch: treat it as down until the next good health check. */
  markDown(): void;
  /** Applies settings and keys now (called at start and when Meilisearch comes back). */
  setUp(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchService;
  }
}

export interface SearchOptions {
  url: string;
  masterKey: string;
  healthIntervalMs?: number;
  runWorker?: boolean;
}

export default fp<SearchOptions>(
  async (app, opts) => {
    const admin = createMeiliClient(opts.url, opts.masterKey);
    const health = createMeiliClient(opts.url, opts.masterKey, 1_000);
    let publicClient: Meilisearch | null = null;
    let up = false;
    let ready = false;
    const worker = new OutboxWorker(app.db, admin, app.log);

    const setUp = async () => {
      await ensureVacancyIndex(admin, await listOccupations(app.db));
      await ensureMenteeIndex(admin);
      publicClient = createMeiliClient(opts.url, await ensurePublicSearchKey(admin), 2_000);
      ready = true;
      up = true;
    };

    const check = async () => {
      const wasUp = up;
      up = await health.isHealthy();
      if (up && !ready) await setUp().catch((e: unknown) => app.log.warn({ err: e }, 'search set-up failed'));
      if (up && !wasUp && ready) {
        app.log.info('search is reachable again; retrying the outbox');
        await worker.retryNow().catch(() => undefined);
      }
    };

    try {
      await setUp();
    } catch (error) {
      app.log.warn({ err: error }, 'Meilisearch is not reachable at start; search runs degraded until it is');
    }
    const timer = setInterval(() => void check(), opts.healthIntervalMs ?? 2_000);
    timer.unref();

    app.decorate('searchEngine', {
      admin,
      public: () => publicClient,
      worker,
      available: () => up && ready,
      markDown: () => {
        // The next health check sets the index and key up again (they may be what was lost).
        up = false;
        ready = false;
      },
      setUp,
    } satisfies SearchService);

    app.addHook('onReady', async () => {
      if (opts.runWorker !== false) worker.start();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await worker.stop();
    });
  },
  { name: 'search', dependencies: ['database'] },
);
