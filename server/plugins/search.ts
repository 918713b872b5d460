import type { Meilisearch } from 'meilisearch';
import fp from 'fastify-plugin';
import { createMeiliClient } from '../../search/client.ts';
import { SearchLimiter } from '../../search/limiter.ts';
import { OutboxWorker } from '../../search/outbox.ts';
import { onIndexChanged } from '../../search/index-events.ts';
import { QueryCache } from '../../search/query-cache.ts';
import type { MatchList, TextHit } from '../../search/matching.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { SearchUnavailableError, type VacancySearchResult } from '../../search/vacancy-search.ts';
import { deleteDefaultKeys, ensureKeys, ensureMenteeIndex, ensureVacancyIndex } from '../../search/setup.ts';
import { ProjectMenteeSearch } from '../../search/tenant-tokens.ts';
import { listOccupations } from '../occupations/queries.ts';
import { listPlaceCoordinates } from '../places/queries.ts';
import { useGazetteer } from '../../search/near.ts';
import { reindexIfOutdated } from '../../search/reindex.ts';
import type { IndexSources } from '../../search/sources.ts';
import { indexSources } from '../indexing/sources.ts';

export interface SearchService {
  /** Indexer-key client: documents, settings, index swaps. Server-side only; throws until set up. */
  readonly admin: Meilisearch;
  /** Mentor-search key client: searches the vacancies index only (null until set up). */
  mentor(): Meilisearch | null;
  /**
   * A client on the project's tenant token: searches the private mentees index and sees only the
   * project's documents, whatever the query asks (null until set up).
   */
  menteeSearch(projectId: number): Promise<Meilisearch | null>;
  /** Public-search key client: searches the vacancies index only (null until set up). */
  public(): Meilisearch | null;
  /** Bounds the searches of the mentor and public clients at Meilisearch at once (search/limiter.ts). */
  limiter: SearchLimiter;
  worker: OutboxWorker;
  /** Each index's rows and document mapper, as the features registered them (server/indexing/sources.ts). */
  sources: IndexSources;
  /** Public search answers, dropped whenever the vacancies index changes (here or in another instance). */
  cache: QueryCache<VacancySearchResult>;
  /** A mentee's match list by mentee, profile version and day; dropped with the search cache whenever the vacancies index changes. */
  matchCache: QueryCache<MatchList>;
  /** The text queries the mentees who desire the same occupation share (search/matching.ts, sharedTextQuery). */
  matchTextCache: QueryCache<readonly TextHit[]>;
  /** Looks whether the vacancies index changed (another instance wrote) and drops the cache if so; runs every cacheCheckMs. */
  noticeIndexChanges(): Promise<void>;
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
  /** How often to look whether another instance changed the vacancies index (cache invalidation). */
  cacheCheckMs?: number;
  runWorker?: boolean;
  /** How long the start waits for search to be set up before going on degraded (default 5 s). */
  startWaitMs?: number;
  /** Searches of the match page and the public search at Meilisearch at once (default 4: two cores, each kept busy while an answer travels). */
  searchConcurrency?: number;
  /** How long a search waits for a slot before the portal answers "try again" (default 10 s). */
  searchQueueMs?: number;
}

/** A search's own time at Meilisearch (its wait in line not counted) before the client gives up. */
const SEARCH_TIMEOUT_MS = 2_000;

export default fp<SearchOptions>(
  async (app, opts) => {
    // The master key only deletes Meilisearch's default keys and creates the limited keys below; it serves no request.
    const master = createMeiliClient(opts.url, opts.masterKey);
    const health = createMeiliClient(opts.url, '', 1_000); // /health needs no key
    let indexer: Meilisearch | null = null;
    let mentorClient: Meilisearch | null = null;
    let publicClient: Meilisearch | null = null;
    let menteeSearch: ProjectMenteeSearch | null = null;
    let up = false;
    let ready = false;
    // A burst (180 searches at once in the SIGTERM drill, on a busy 2-core machine) waits its turn: 1 s in line turned
    // healthy bursts into 503s; 10 s still answers "try again" long before a browser or proxy gives up.
    const limiter = new SearchLimiter({ concurrency: opts.searchConcurrency ?? 4, queueTimeoutMs: opts.searchQueueMs ?? 10_000 });

    const currentIndexer = () => {
      if (!indexer) throw new SearchUnavailableError('Meilisearch has not been set up yet');
      return indexer;
    };
    const sources = indexSources();
    const worker = new OutboxWorker(app.db, currentIndexer, sources, app.log);

    // Changes pushed by this process drop the cache at once; changes by other instances are seen
    // through the index's updatedAt, read at most every cacheCheckMs (a cheap request).
    const searchCache = new QueryCache<VacancySearchResult>();
    const matchCache = new QueryCache<MatchList>(2_000);
    const matchTextCache = new QueryCache<readonly TextHit[]>(500);
    // Both hold answers computed from the vacancies index: they are dropped together.
    const cache = { clear: () => (searchCache.clear(), matchCache.clear(), matchTextCache.clear()) };
    const stopListening = onIndexChanged((index) => {
      if (index === VACANCY_INDEX) cache.clear();
    });
    let indexUpdatedAt: string | undefined;
    const checkIndexVersion = async () => {
      if (!indexer || !up) return;
      const info = await indexer
        .index(VACANCY_INDEX)
        .getRawInfo()
        .catch(() => undefined);
      const updatedAt = info ? String(info.updatedAt) : undefined;
      if (updatedAt !== indexUpdatedAt) cache.clear();
      indexUpdatedAt = updatedAt;
    };
    const cacheTimer = setInterval(() => void checkIndexVersion(), opts.cacheCheckMs ?? 500);
    cacheTimer.unref();

    const setUpOnce = async () => {
      const deleted = await deleteDefaultKeys(master);
      if (deleted.length > 0) app.log.info({ keys: deleted }, 'deleted the default Meilisearch keys (they could search every index)');
      const keys = await ensureKeys(master);
      const writer = createMeiliClient(opts.url, keys.indexer);
      useGazetteer(await listPlaceCoordinates(app.db));
      // An index written by an older version is rebuilt with the current settings; else the settings are applied.
      if (!(await reindexIfOutdated(app.db, writer, sources, (message) => app.log.info(message)))) {
        await ensureVacancyIndex(writer, await listOccupations(app.db));
      }
      await ensureMenteeIndex(writer);
      indexer = writer;
      mentorClient = createMeiliClient(opts.url, keys.mentorSearch, SEARCH_TIMEOUT_MS, limiter);
      publicClient = createMeiliClient(opts.url, keys.publicSearch, SEARCH_TIMEOUT_MS, limiter);
      menteeSearch = new ProjectMenteeSearch(opts.url, keys.menteeTokens, 2_000);
      cache.clear();
      ready = true;
      up = true;
    };
    // One set-up at a time: the start and the health check may both ask for it.
    let settingUp: Promise<void> | undefined;
    const setUp = () => {
      settingUp ??= setUpOnce().finally(() => {
        settingUp = undefined;
      });
      return settingUp;
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

    // A long set-up (settings applied to a large index, or a rebuild) must not hold up the start:
    // the app answers meanwhile, search degraded (PostgreSQL), until it is done.
    const starting = setUp();
    const startWait = new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), opts.startWaitMs ?? 5_000).unref());
    try {
      if ((await Promise.race([starting, startWait])) === 'waiting') {
        app.log.warn('search is still being set up; it runs degraded until that is done');
        starting.catch((e: unknown) => app.log.warn({ err: e }, 'search set-up failed'));
      }
    } catch (error) {
      app.log.warn({ err: error }, 'Meilisearch is not reachable at start; search runs degraded until it is');
    }
    const timer = setInterval(() => void check(), opts.healthIntervalMs ?? 2_000);
    timer.unref();

    app.decorate('searchEngine', {
      get admin() {
        return currentIndexer();
      },
      mentor: () => mentorClient,
      menteeSearch: async (projectId) => menteeSearch?.client(projectId) ?? null,
      public: () => publicClient,
      limiter,
      worker,
      sources,
      available: () => up && ready,
      cache: searchCache,
      matchCache,
      matchTextCache,
      noticeIndexChanges: checkIndexVersion,
      markDown: () => {
        // The next health check sets the index and key up again (they may be what was lost).
        up = false;
        ready = false;
        cache.clear();
      },
      setUp,
    } satisfies SearchService);

    app.addHook('onReady', async () => {
      if (opts.runWorker !== false) worker.start();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      clearInterval(cacheTimer);
      stopListening();
      await worker.stop();
    });
  },
  { name: 'search', dependencies: ['database'] },
);
